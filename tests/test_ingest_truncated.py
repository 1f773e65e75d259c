"""A source that ends early or misses a required part is refused, never published as a smaller graph.

Each parser knows the parts its layout must end with (a footer, a view counter, the sections its
contents list announces, a STOP page for every theme of the brochure's CONTENTS, the closing advice of
the last page) and refuses a text without them with one line: ``FILE:LINE: the ... ends before ...``,
LINE being the last line that holds text. The seeds are cut at test time (by bytes, mid-line, and at
the line boundary before that byte); line numbers in the expected messages were read off the seeds.
"""

import re
import shutil
from pathlib import Path

import pytest

from hipskg.cli import main
from hipskg.ingest.run import IngestError, prepare, recognise
from tests.helpers import SEEDS, snapshot

POLICIES = "000_f6233e978c9a7f44.txt"
EXPORT = "001_5bf50c7bd3b24369.txt"
ARRANGEMENTS = "002_dcdc1f87d6fb1b24.txt"
BROCHURE = "003_792df8d67c6bd058.txt"
PAGE = "004_8d4652b4ff32ed41.txt"
DOCUMENT = {POLICIES: "page", EXPORT: "export", ARRANGEMENTS: "document", BROCHURE: "brochure", PAGE: "page"}

# Every 10% from 10% to 90%, and 98%. A cut inside the last list of Appendix 2 of the arrangements
# (002 at 98%, in the early years settings) leaves a well-formed document: no count of settings is
# stated anywhere, so no parser can tell it from an edition listing fewer settings.
PERCENTS = (10, 20, 30, 40, 50, 60, 70, 80, 90, 98)
SWEEP = [(name, percent) for name in DOCUMENT for percent in PERCENTS if (name, percent) != (ARRANGEMENTS, 98)]

SECTIONS_EXPECTED = "expected a heading line for each entry of the contents list, in its order; the file looks truncated"
THEMES_EXPECTED = "expected pages for every theme of the CONTENTS list; the file looks truncated"
CLOSING_EXPECTED = "expected it and its advice at the end of the page; the file looks truncated"
FOOTER_EXPECTED = "expected a line 'This page is correct as printed on <date> ...'; the file looks truncated"


def seed_bytes(name: str) -> bytes:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"source documents not found at {SEEDS}: these tests cut truncated copies of {name}")
    return path.read_bytes()


def cut(data: bytes, percent: int, *, mid_line: bool) -> bytes:
    """The first ``percent`` % of ``data``: at that byte (moved back to a whole UTF-8 character), or
    up to the end of the last whole line before it."""
    end = len(data) * percent // 100
    if not mid_line:
        return data[: data.rfind(b"\n", 0, end) + 1]
    while data[end] & 0xC0 == 0x80:  # a continuation byte: keep the character whole
        end -= 1
    return data[:end]


def lines_before(data: bytes, prefix: str) -> bytes:
    """``data`` up to the last line that starts with ``prefix`` (that line and the rest dropped)."""
    text = data.decode("utf-8")
    start = text.rindex("\n" + prefix) + 1
    return text[:start].encode("utf-8")


def without_lines(data: bytes, first: int, last: int) -> bytes:
    """``data`` without its lines ``first`` to ``last`` (1-based, inclusive)."""
    lines = data.decode("utf-8").split("\n")
    return "\n".join(lines[: first - 1] + lines[last:]).encode("utf-8")


def last_line(data: bytes) -> int:
    lines = data.decode("utf-8").splitlines()
    return max(number for number, line in enumerate(lines, 1) if line.strip())


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def refusal(path: Path) -> str:
    with pytest.raises(IngestError) as caught:
        recognise(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- every source, cut anywhere ------------------------------------------------------------------


@pytest.mark.parametrize("mid_line", [False, True], ids=["line", "mid-line"])
@pytest.mark.parametrize(("name", "percent"), SWEEP)
def test_a_cut_source_is_refused(tmp_path: Path, name: str, percent: int, mid_line: bool) -> None:
    data = cut(seed_bytes(name), percent, mid_line=mid_line)
    path = write(tmp_path, name, data)
    pattern = rf"{re.escape(str(path))}:{last_line(data)}: the {DOCUMENT[name]} ends before .+; the file looks truncated"
    assert re.fullmatch(pattern, refusal(path))


@pytest.mark.parametrize(
    ("name", "closing", "message"),
    [
        (
            POLICIES,
            "Hits: ",
            "38: the page ends before its view counter: expected a last line 'Hits: N'; the file looks truncated",
        ),
        (EXPORT, "This page is correct as printed on", f"869: the export ends before its footer: {FOOTER_EXPECTED}"),
        (
            ARRANGEMENTS,
            "Appendix 2. List of education settings",
            f"370: the document ends before section 'Appendix 2. List of education settings' (contents line 35): {SECTIONS_EXPECTED}",
        ),
        (
            BROCHURE,
            "IF YOU DO ONE THING...",
            f"2506: the brochure ends before 'IF YOU DO ONE THING...', the closing section of its last STOP page (line 2464): {CLOSING_EXPECTED}",
        ),
        (PAGE, "This page is correct as printed on", f"104: the page ends before its footer: {FOOTER_EXPECTED}"),
    ],
)
def test_a_source_cut_just_before_its_closing_part(tmp_path: Path, name: str, closing: str, message: str) -> None:
    path = write(tmp_path, name, lines_before(seed_bytes(name), closing))
    assert refusal(path) == f"{path}:{message}"


def test_the_brochure_cut_inside_its_closing_advice(tmp_path: Path) -> None:
    # The advice (line 2510, the last) loses its last word; then the advice goes, its heading kept.
    data = seed_bytes(BROCHURE)
    for kept, line in ((data[: data.rindex(b" ")], 2510), (without_lines(data, 2510, 2510), 2508)):
        path = write(tmp_path, BROCHURE, kept)
        assert refusal(path) == (
            f"{path}:{line}: the brochure ends before the end of the advice under 'IF YOU DO ONE THING...' (line 2508): "
            "expected advice that ends a sentence; the file looks truncated"
        )


# --- the four cases of the issue, through prepare -----------------------------------------------

ARRANGEMENTS_AT_90 = (
    "the document ends before Appendix 2 lists 'Further Education Colleges' (a relevant agency, line 283) and 1 more: "
    "expected a list of settings for each type of education setting named among the Relevant Agencies; "
    "the file looks truncated"
)
BROCHURE_AT_90 = f"the brochure ends before the STOP pages of 'Serious Violence' (CONTENTS line 46) and 1 more: {THEMES_EXPECTED}"
BROCHURE_AT_98 = f"the brochure ends before 'IF YOU DO ONE THING...', the closing section of its last STOP page (line 2414): {CLOSING_EXPECTED}"
ISSUE_CASES = [
    (ARRANGEMENTS, 90, True, 392, ARRANGEMENTS_AT_90),  # "- V", a special school cut short
    (ARRANGEMENTS, 90, False, 391, ARRANGEMENTS_AT_90),
    (BROCHURE, 90, True, 2272, BROCHURE_AT_90),  # "TRAI", in the last page of Safeguarding Infants
    (BROCHURE, 90, False, 2270, BROCHURE_AT_90),
    (BROCHURE, 98, True, 2456, BROCHURE_AT_98),  # in the first page of the last theme
    (BROCHURE, 98, False, 2454, BROCHURE_AT_98),
]


@pytest.mark.parametrize(("name", "percent", "mid_line", "line", "message"), ISSUE_CASES)
def test_the_issue_cases_are_refused_before_anything_is_parsed(
    tmp_path: Path, data: Path, name: str, percent: int, mid_line: bool, line: int, message: str
) -> None:
    path = write(tmp_path, name, cut(seed_bytes(name), percent, mid_line=mid_line))
    with pytest.raises(IngestError) as caught:
        prepare(path.parent, data)
    assert str(caught.value) == f"{path}:{line}: {message}"


# --- a required part missing from the middle ------------------------------------------------------


def test_arrangements_without_a_section_in_the_middle(tmp_path: Path) -> None:
    # Lines 72-76: the section "Voices and Engagement"; "Geography" then moves up to line 72.
    data = seed_bytes(ARRANGEMENTS)
    assert data.decode("utf-8").split("\n")[71] == "Voices and Engagement"
    path = write(tmp_path, ARRANGEMENTS, without_lines(data, 72, 76))
    assert refusal(path) == (
        f"{path}:8: section 'Voices and Engagement' of the contents list is missing: "
        "expected its heading line between lines 61 and 72"
    )


def test_brochure_without_a_theme_in_the_middle(tmp_path: Path) -> None:
    # Lines 1598-1741: the three STOP pages of Neglect, listed on line 40 of the CONTENTS.
    data = seed_bytes(BROCHURE)
    lines = data.decode("utf-8").split("\n")
    assert (lines[1597], lines[1608], lines[1741], lines[1752]) == ("STOP", "NEGLECT", "STOP", "PREVENT")
    path = write(tmp_path, BROCHURE, without_lines(data, 1598, 1741))
    assert refusal(path) == (
        f"{path}:40: theme 'Neglect' of the CONTENTS list has no STOP pages: add its pages or remove it from CONTENTS"
    )


# --- through the command line: exit 2, one line, nothing written ---------------------------------


@pytest.mark.parametrize(
    ("name", "percent", "line", "message"),
    [
        (ARRANGEMENTS, 90, 392, ARRANGEMENTS_AT_90),
        (BROCHURE, 90, 2272, BROCHURE_AT_90),
        (BROCHURE, 98, 2456, BROCHURE_AT_98),
    ],
)
def test_cli_refuses_a_cut_source_and_writes_nothing(
    tmp_path: Path, data: Path, capsys, name: str, percent: int, line: int, message: str
) -> None:
    kept = cut(seed_bytes(name), percent, mid_line=True)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for source in SEEDS.glob("*.txt"):
        shutil.copyfile(source, seeds / source.name)  # the copies writable, unlike the seeds
    path = seeds / name
    path.write_bytes(kept)
    before = snapshot(data)
    assert main(["ingest", str(seeds), "--data", str(data)]) == 2
    out, err = capsys.readouterr()
    assert err == f"hipskg ingest: {path}:{line}: {message}\n"
    assert snapshot(data) == before


def test_cli_refuses_the_arrangements_cut_inside_their_last_list(tmp_path: Path, data: Path, capsys) -> None:
    """002 cut at 98% ends inside its last list, well formed: the shrink guard names the file and what would go."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for source in SEEDS.glob("*.txt"):
        shutil.copyfile(source, seeds / source.name)
    path = seeds / ARRANGEMENTS
    path.write_bytes(cut(seed_bytes(ARRANGEMENTS), 98, mid_line=True))
    before = snapshot(data)
    assert main(["ingest", str(seeds), "--data", str(data)]) == 2
    out, err = capsys.readouterr()
    assert err == (
        f"hipskg ingest: {path}: the new edition would remove 31 of the 299 entities of hipsg:scasp-safeguarding-arrangements "
        "(10.4%; at most 5.0% may go): nothing was written; check that the source is complete (a truncated file loses "
        "entities), or give --allow-shrink if the entities left it\n"
    )
    assert out.startswith("hipsg:scasp-safeguarding-arrangements would lose 31 of its 299 entities (10.4%):\n")
    assert snapshot(data) == before
