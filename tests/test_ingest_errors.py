"""Bad input to the ingest step: one IngestError naming the file (and line), and nothing written.

Each test ingests a small sources folder built in tmp_path into a copy of the committed data
folder (curated registers, generated sources and labels) and checks the message word for word and
that every file of the data folder is byte-identical afterwards. The small source files are in
tests/fixtures/ingest/; truncated copies of real sources are cut from ../shared/seeds at test time.
"""

import shutil
from pathlib import Path

import pytest

from hipskg.cli import main
from hipskg.ingest.run import IngestError, ingest
from tests.helpers import snapshot

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
SEEDS = ROOT.parent / "shared" / "seeds"
EXPORT = SEEDS / "001_5bf50c7bd3b24369.txt"
ARRANGEMENTS = SEEDS / "002_dcdc1f87d6fb1b24.txt"

FOOTER_ENDED = (
    "the export ends before its footer: expected a line 'This page is correct as printed on <date> ...'; the file looks truncated"
)
LAYOUTS = "procedures-manual, practice-development-brochure, safeguarding-arrangements, procedure-page, policies-page"


def sources(tmp_path: Path, *fixtures: str) -> Path:
    """A sources folder holding copies of the named fixture files."""
    folder = tmp_path / "sources"
    folder.mkdir(exist_ok=True)
    for name in fixtures:
        shutil.copy2(FIXTURES / name, folder / name)
    return folder


def seed(path: Path) -> str:
    if not path.exists():
        pytest.skip(f"source documents not found at {SEEDS}: this test cuts a truncated copy of {path.name}")
    return path.read_text(encoding="utf-8")


def failure(folder: Path, data: Path) -> str:
    """The IngestError message of ingesting ``folder`` into ``data``, checking nothing changed."""
    before = snapshot(data)
    assert before  # the copy holds the committed files
    with pytest.raises(IngestError) as caught:
        ingest(folder, data)
    assert snapshot(data) == before
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- files that cannot be read or recognised -----------------------------------------------------


def test_empty_file(tmp_path: Path, data: Path) -> None:
    folder = sources(tmp_path, "empty.txt")
    assert failure(folder, data) == f"{folder / 'empty.txt'}: empty file: expected one of the source layouts ({LAYOUTS})"


def test_whitespace_only_file(tmp_path: Path, data: Path) -> None:
    folder = sources(tmp_path, "whitespace-only.txt")
    assert failure(folder, data) == (
        f"{folder / 'whitespace-only.txt'}: empty file: expected one of the source layouts ({LAYOUTS})"
    )


def test_invalid_utf8(tmp_path: Path, data: Path) -> None:
    folder = sources(tmp_path, "invalid-utf8.txt")
    # Line 5 ends in "caf\xe9.": byte 94 is a Latin-1 e-acute; the é and è of line 3 are valid UTF-8.
    assert (FIXTURES / "invalid-utf8.txt").read_bytes()[94:95] == b"\xe9"
    assert failure(folder, data) == f"{folder / 'invalid-utf8.txt'}:5: invalid UTF-8 (byte 94): save the file as UTF-8"


def test_unrecognised_layout(tmp_path: Path, data: Path) -> None:
    folder = sources(tmp_path, "unrecognised-layout.txt")
    assert failure(folder, data) == f"{folder / 'unrecognised-layout.txt'}: unrecognised layout: expected one of {LAYOUTS}"


def test_ambiguous_layout(tmp_path: Path, data: Path) -> None:
    # A numbered first line (a procedure page) and a closing "Hits: N" counter (a policies page).
    folder = sources(tmp_path, "ambiguous-layout.txt")
    assert failure(folder, data) == f"{folder / 'ambiguous-layout.txt'}: ambiguous layout: matches procedure-page, policies-page"


def test_folder_without_sources(tmp_path: Path, data: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "notes.md").write_text("Not a source.\n", encoding="utf-8")
    (folder / "nested.txt").mkdir()  # a directory named like a source is not one
    assert failure(folder, data) == f"{folder}: no source documents (*.txt) found"


def test_missing_folder(tmp_path: Path, data: Path) -> None:
    folder = tmp_path / "no-such-folder"
    assert failure(folder, data) == f"{folder}: not a directory: give the folder holding the source documents"


def test_a_file_instead_of_a_folder(tmp_path: Path, data: Path) -> None:
    path = sources(tmp_path, "valid-policies-page.txt") / "valid-policies-page.txt"
    assert failure(path, data) == f"{path}: not a directory: give the folder holding the source documents"


# --- files that are recognised but broken ---------------------------------------------------------


def test_truncated_manual_export(tmp_path: Path, data: Path) -> None:
    lines = seed(EXPORT).splitlines()
    footer = next(i for i, line in enumerate(lines) if line.startswith("This page is correct as printed on"))
    folder = tmp_path / "sources"
    folder.mkdir()
    path = folder / "001-truncated.txt"
    path.write_text("\n".join(lines[:footer]) + "\n", encoding="utf-8")  # cut before the footer
    assert failure(folder, data) == (f"{path}:{footer}: {FOOTER_ENDED}")


def test_truncated_arrangements(tmp_path: Path, data: Path) -> None:
    # Recognised by its title and table, broken when parsed: Appendix 2 is announced but cut off.
    lines = seed(ARRANGEMENTS).splitlines()
    cut = next(i for i, line in enumerate(lines) if line == "Appendix 2. List of education settings" and i > 100)
    folder = tmp_path / "sources"
    folder.mkdir()
    path = folder / "002-truncated.txt"
    path.write_text("\n".join(lines[:cut]) + "\n", encoding="utf-8")
    assert failure(folder, data) == (
        f"{path}:{cut}: the document ends before section 'Appendix 2. List of education settings' (contents line 35): "
        "expected a heading line for each entry of the contents list, in its order; the file looks truncated"
    )


def test_recognised_file_that_fails_to_parse(tmp_path: Path, data: Path) -> None:
    folder = sources(tmp_path, "unknown-frequency-arrangements.txt")
    assert failure(folder, data) == (
        f"{folder / 'unknown-frequency-arrangements.txt'}:11: unknown meeting frequency 'Fortnightly': "
        "add it to hips:MeetingFrequencies in ontology/hipskg.ttl and to FREQUENCIES in hipskg.ingest.arrangements"
    )


def test_two_sources_for_one_document(tmp_path: Path, data: Path) -> None:
    folder = sources(tmp_path, "valid-policies-page.txt")
    shutil.copy2(FIXTURES / "valid-policies-page.txt", folder / "valid-policies-page-copy.txt")
    message = failure(folder, data)
    assert message == (
        f"{folder / 'valid-policies-page.txt'}: same document as valid-policies-page-copy.txt "
        "('sscp-policies-and-procedures-page'): keep one edition per document"
    )


# --- one bad file among good ones: nothing is written -----------------------------------------------


@pytest.mark.parametrize("valid", ["valid-policies-page.txt", "valid-manual-export.txt"])
def test_the_valid_fixtures_ingest(tmp_path: Path, data: Path, valid: str) -> None:
    """On their own the valid fixtures ingest and change the data folder, so the tests below are not vacuous."""
    before = snapshot(data)
    result = ingest(sources(tmp_path, valid), data)
    assert result.changed and result.removed
    assert snapshot(data) != before


def test_valid_source_and_an_empty_file(tmp_path: Path, data: Path) -> None:
    folder = sources(tmp_path, "valid-policies-page.txt", "empty.txt")
    assert failure(folder, data) == f"{folder / 'empty.txt'}: empty file: expected one of the source layouts ({LAYOUTS})"


def test_valid_source_parsed_before_a_bad_one(tmp_path: Path, data: Path) -> None:
    # The manual export is parsed first (parser order), then the arrangements fail.
    folder = sources(tmp_path, "valid-manual-export.txt", "unknown-frequency-arrangements.txt")
    assert failure(folder, data).startswith(f"{folder / 'unknown-frequency-arrangements.txt'}:11: unknown meeting frequency")


def test_valid_sources_and_a_truncated_one(tmp_path: Path, data: Path) -> None:
    # The real policies page and procedure 7.1 are fine; the manual export is cut before its footer.
    kept = seed(EXPORT).split("This page is correct as printed on")[0]
    folder = tmp_path / "sources"
    folder.mkdir()
    for name in ("000_f6233e978c9a7f44.txt", "004_8d4652b4ff32ed41.txt"):
        shutil.copy2(SEEDS / name, folder / name)
    (folder / "001_5bf50c7bd3b24369.txt").write_text(kept, encoding="utf-8")
    assert failure(folder, data) == (f"{folder / '001_5bf50c7bd3b24369.txt'}:{len(kept.splitlines())}: {FOOTER_ENDED}")


def test_dry_run_of_bad_input_also_raises(tmp_path: Path, data: Path) -> None:
    before = snapshot(data)
    with pytest.raises(IngestError):
        ingest(sources(tmp_path, "whitespace-only.txt"), data, write=False)
    assert snapshot(data) == before


# --- through the command line ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixtures", "says"),
    [
        (("empty.txt",), "empty.txt: empty file"),
        (("invalid-utf8.txt",), "invalid-utf8.txt:5: invalid UTF-8 (byte 94)"),
        (("unrecognised-layout.txt",), "unrecognised-layout.txt: unrecognised layout"),
        (
            ("valid-policies-page.txt", "unknown-frequency-arrangements.txt"),
            "unknown-frequency-arrangements.txt:11: unknown meeting frequency 'Fortnightly'",
        ),
        ((), "no source documents (*.txt) found"),
    ],
)
def test_cli_reports_one_line(tmp_path: Path, data: Path, capsys, fixtures: tuple[str, ...], says: str) -> None:
    folder = sources(tmp_path, *fixtures)
    before = snapshot(data)
    assert main(["ingest", str(folder), "--data", str(data)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("hipskg ingest: ")
    assert err.endswith("\n") and err.count("\n") == 1
    assert says in err
    assert "Traceback" not in err
    assert snapshot(data) == before


def test_cli_missing_folder(tmp_path: Path, data: Path, capsys) -> None:
    folder = tmp_path / "absent"
    assert main(["ingest", str(folder), "--data", str(data)]) == 2
    assert capsys.readouterr().err == (
        f"hipskg ingest: {folder}: not a directory: give the folder holding the source documents\n"
    )


def test_cli_procedure_page_with_a_bad_footer_date(tmp_path: Path, data: Path, capsys) -> None:
    folder = sources(tmp_path, "procedure-page-bad-date.txt")
    assert main(["ingest", str(folder), "--data", str(data)]) == 2
    assert capsys.readouterr().err.startswith(f"hipskg ingest: {folder / 'procedure-page-bad-date.txt'}:5: ")


def test_a_byte_order_mark_is_not_part_of_the_text(tmp_path: Path, data: Path) -> None:
    folder = tmp_path / "bom"
    folder.mkdir()
    (folder / "page.txt").write_bytes(b"\xef\xbb\xbf" + (FIXTURES / "valid-policies-page.txt").read_bytes())
    result = ingest(folder, data)
    # the other four sources are gone from the folder: their entities are kept as tombstones
    assert [path.name for path in result.graphs] == ["sscp-policies-and-procedures-page.ttl", "labels.ttl", "tombstones.ttl"]
