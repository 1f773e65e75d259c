"""The data steward's workflow: a new edition is checked before it can reach data/."""

import shutil
from pathlib import Path

from hipskg.cli import main
from tests.helpers import snapshot

ROOT = Path(__file__).resolve().parents[1]
ARRANGEMENTS = "002_dcdc1f87d6fb1b24.txt"
SECOND_COMMANDER = "Phil Scrase | Area Commander | Hampshire and Isle of Wight Constabulary |\n"


def edition(seeds: Path, tmp_path: Path, edit) -> Path:
    """A copy of the sources with the arrangements document changed by ``edit``."""
    folder = tmp_path / "sources"
    shutil.copytree(seeds, folder)
    path = folder / ARRANGEMENTS
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def add_second_commander(text: str) -> str:
    anchor = "Phil Lamb | Area Commander | Hampshire and Isle of Wight Constabulary |\n"
    assert anchor in text
    return text.replace(anchor, anchor + SECOND_COMMANDER)


def drop_a_school(text: str) -> str:
    assert "- Cantell School\n" in text
    return text.replace("- Cantell School\n", "")


def test_an_invalid_edition_changes_nothing(seeds, tmp_path, data, capsys):
    sources = edition(seeds, tmp_path, add_second_commander)
    before = snapshot(data)
    assert main(["ingest", str(sources), "--data", str(data)]) == 1
    out, err = capsys.readouterr()
    assert "hipsh:PostShape org:heldBy" in out
    assert "<https://w3id.org/hipskg/id/post/hampshire-and-isle-of-wight-constabulary/area-commander>" in out
    assert "a post is held by at most one person" in out
    assert err == "hipskg ingest: the new graph does not conform to the shapes: nothing in data/ was changed\n"
    assert snapshot(data) == before


def test_dry_run_shows_the_change_and_writes_nothing(seeds, tmp_path, data, capsys):
    sources = edition(seeds, tmp_path, drop_a_school)
    before = snapshot(data)
    assert main(["ingest", str(sources), "--data", str(data), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1] == "1 entity changed in 3 named graphs, 7 statements: 0 added, 1 removed, 0 changed, 0 renamed"
    assert (
        'removed body:cantell-school "Cantell School"  [hips:SecondarySchool]\n'
        "  hipsg:labels\n"
        '    - skos:prefLabel "Cantell School"@en\n'
        "  hipsg:scasp-safeguarding-arrangements\n"
        "    - rdf:type hips:Organisation\n"
        "    - rdf:type hips:SecondarySchool\n"
    ) in out
    assert "  its IRI is kept as a tombstone\n" in out
    assert f"would write {data / 'tombstones.ttl'} (8 triples)\n" in out
    assert "7 generated files: 3 would change, 4 unchanged; validation: conforms" in out
    assert snapshot(data) == before


def test_a_valid_edition_is_published_and_diff_shows_it(seeds, tmp_path, data, capsys):
    old = tmp_path / "old"
    shutil.copytree(data, old)
    sources = edition(seeds, tmp_path, drop_a_school)
    assert main(["ingest", str(sources), "--data", str(data)]) == 0
    assert "validation: conforms" in capsys.readouterr().out
    assert main(["diff", str(old), str(data)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == out[-1] == "1 entity changed in 3 named graphs, 7 statements: 0 added, 1 removed, 0 changed, 0 renamed"
    assert 'removed body:cantell-school "Cantell School"  [hips:SecondarySchool]' in out
    assert '    - skos:prefLabel "Cantell School"@en' in out  # its display label goes
    # the new ingestion times of its graph and of the labels, and its source file's checksum, on one line
    assert out[-2] == "provenance bookkeeping, not counted as content: hips:sha256 1, prov:endedAtTime 1, prov:generatedAtTime 1"
    assert main(["diff", str(old), str(old)]) == 0
    assert capsys.readouterr().out == "no differences\n"


def test_diff_of_two_files(tmp_path, capsys):
    old, new = tmp_path / "old.ttl", tmp_path / "new.ttl"
    old.write_text(
        '<https://w3id.org/hipskg/id/org/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "A"@en .\n', encoding="utf-8"
    )
    new.write_text(
        '<https://w3id.org/hipskg/id/org/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "A board"@en .\n', encoding="utf-8"
    )
    assert main(["diff", str(old), str(new)]) == 1
    assert capsys.readouterr().out == (
        "1 entity changed in 1 named graph, 2 statements: 0 added, 0 removed, 1 changed, 0 renamed\n"
        "\n"
        "class    added  removed  changed  renamed\n"
        "untyped      0        0        1        0\n"
        "\n"
        'changed body:a "A board"  [untyped]\n'
        "  <urn:hipskg:file>\n"
        '    - skos:prefLabel "A"@en\n'
        '    + skos:prefLabel "A board"@en\n'
        "1 entity changed in 1 named graph, 2 statements: 0 added, 0 removed, 1 changed, 0 renamed\n"
    )


def test_diff_of_an_unreadable_file(tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    assert main(["diff", str(bad), str(bad)]) == 2
    assert capsys.readouterr().err.startswith(f"hipskg diff: {bad}:1:")
