"""The characters a source may hold: UTF-8 in Unicode NFC, without control characters or noncharacters.

A tab, a line feed and a CRLF line ending are the only control characters allowed. Anything else is
refused when the file is read, with ``FILE:LINE:COLUMN`` (1-based, the column counted in characters),
the character as U+XXXX (with its name where Unicode gives it one) and the fix. The fixtures in
tests/fixtures/ingest/ are small policies pages, valid but for one character.
"""

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Graph

from hipskg.cli import main
from hipskg.ingest import arrangements, brochure, manual, policies, procedure_page
from hipskg.ingest.run import IngestError, ingest, read_text, recognise
from hipskg.namespaces import HIPS
from tests.helpers import SEEDS, parse, seed_text, snapshot

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
REMOVE = "remove the character"

FIXTURE_MESSAGES = [
    ("control-nul.txt", f"3:32: control character U+0000: {REMOVE}"),
    ("control-delete.txt", f"3:51: control character U+007F: {REMOVE}"),
    ("control-c1.txt", f"3:6: control character U+0096: {REMOVE}"),  # a Windows-1252 en dash read as Latin-1
    ("control-form-feed.txt", f"5:1: control character U+000C: {REMOVE}"),
    (
        "lone-carriage-return.txt",
        "3:28: carriage return U+000D without a line feed after it: end lines with LF or CRLF, or remove the character",
    ),
    ("noncharacter.txt", f"3:51: noncharacter U+FFFE: {REMOVE}"),
    ("not-nfc.txt", "3:5: text not in Unicode NFC at U+0301 COMBINING ACUTE ACCENT: save the file normalised to NFC"),
]


def copy(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir(exist_ok=True)
    return Path(shutil.copy2(FIXTURES / name, folder / name))


def written(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "source.txt"
    path.write_bytes(data)
    return path


def refusal(path: Path) -> str:
    with pytest.raises(IngestError) as caught:
        read_text(path)
    return str(caught.value)


@pytest.mark.parametrize(("name", "message"), FIXTURE_MESSAGES)
def test_a_bad_character_is_refused_with_its_place_and_the_fix(tmp_path: Path, data: Path, name: str, message: str) -> None:
    path = copy(tmp_path, name)
    before = snapshot(data)
    with pytest.raises(IngestError) as caught:
        ingest(path.parent, data)
    assert str(caught.value) == f"{path}:{message}"
    assert snapshot(data) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A\nB\u0085C\n", f"2:2: control character U+0085: {REMOVE}"),  # NEXT LINE: no line break here
        ("A\r\nB\r\nC\x01\r\n", f"3:2: control character U+0001: {REMOVE}"),  # CRLF lines count once
        ("\ufeffAB\x1b\n", f"1:3: control character U+001B: {REMOVE}"),  # the byte-order mark is no column
        ("A\r", "1:2: carriage return U+000D without a line feed after it: end lines with LF or CRLF, or remove the character"),
        (
            "A\n\r\r\n",
            "2:1: carriage return U+000D without a line feed after it: end lines with LF or CRLF, or remove the character",
        ),
        ("A \ufdd0\n", f"1:3: noncharacter U+FDD0: {REMOVE}"),
        ("A \U0001ffff\n", f"1:3: noncharacter U+1FFFF: {REMOVE}"),
        ("A \U0010fffe\n", f"1:3: noncharacter U+10FFFE: {REMOVE}"),
        ("\u00c5ngstr\u00f6m \u212b\n", "1:10: text not in Unicode NFC at U+212B ANGSTROM SIGN: save the file normalised to NFC"),
        (
            "\u1ec7 ok\na\u0302\u0323\n",  # the marks after "a" in the wrong order: NFC sorts them and composes
            "2:2: text not in Unicode NFC at U+0302 COMBINING CIRCUMFLEX ACCENT: save the file normalised to NFC",
        ),
    ],
)
def test_the_character_rules(tmp_path: Path, text: str, message: str) -> None:
    path = written(tmp_path, text.encode("utf-8"))
    assert refusal(path) == f"{path}:{message}"


@pytest.mark.parametrize(
    "text",
    [
        "A\tB\n",
        "A\r\nB\r\n",
        "A\r\nB",
        "\u00a0non-breaking space, \u2013 en dash, \u00e9 composed\n",
        "q\u0301 has no precomposed form\n",
        "\ufeffA byte-order mark first\n",
        "\U0001f600 beyond the BMP\n",
    ],
)
def test_allowed_text(tmp_path: Path, text: str) -> None:
    assert read_text(written(tmp_path, text.encode("utf-8"))) == text.removeprefix("\ufeff")


def test_cli_refuses_a_file_with_a_control_character_and_writes_nothing(tmp_path: Path, data: Path, capsys) -> None:
    path = copy(tmp_path, "control-nul.txt")
    copy(tmp_path, "valid-manual-export.txt")  # a good source beside it changes nothing
    before = snapshot(data)
    assert main(["ingest", str(path.parent), "--data", str(data)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"hipskg ingest: {path}:3:32: control character U+0000: {REMOVE}\n"
    assert snapshot(data) == before


# --- CRLF line endings keep working ----------------------------------------------------------------


def _without_file_hash(graph: Graph) -> set:
    return {triple for triple in graph if triple[1] != HIPS.sha256}


def test_a_crlf_page_ingests_like_the_lf_one(tmp_path: Path) -> None:
    fixed = datetime(2026, 1, 1, tzinfo=UTC)
    results = []
    for fixture in ("valid-policies-page.txt", "crlf-policies-page.txt"):
        folder = tmp_path / fixture / "sources"
        folder.mkdir(parents=True)
        shutil.copy2(FIXTURES / fixture, folder / "page.txt")
        shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "curated", tmp_path / fixture / "data" / "curated")
        results.append(ingest(folder, tmp_path / fixture / "data", write=False, now=lambda: fixed))
    lf, crlf = ({path.name: _without_file_hash(graph) for path, graph in result.graphs.items()} for result in results)
    assert lf == crlf
    assert b"\r\n" in (FIXTURES / "crlf-policies-page.txt").read_bytes()


@pytest.mark.parametrize(
    ("name", "parser"),
    [
        ("000_f6233e978c9a7f44.txt", policies),
        ("001_5bf50c7bd3b24369.txt", manual),
        ("002_dcdc1f87d6fb1b24.txt", arrangements),
        ("003_792df8d67c6bd058.txt", brochure),
        ("004_8d4652b4ff32ed41.txt", procedure_page),
    ],
)
def test_each_seed_with_crlf_line_endings_parses_to_the_same_graph(tmp_path: Path, name: str, parser) -> None:
    # No seed uses CRLF today; a new edition saved on Windows may.
    text = seed_text(SEEDS / name, "a source document")
    assert "\r" not in text
    path = written(tmp_path, text.replace("\n", "\r\n").encode("utf-8"))
    assert recognise(path).parser is parser
    assert set(parse(parser, read_text(path))[0]) == set(parse(parser, text)[0])
