"""hipskg diff as a review: entities with labels, a summary by class, renames, provenance on one line, five formats.

Small files written here; the seeds are not needed (tests/test_identity.py runs the steward's workflow on them).
"""

import json
from pathlib import Path

import pytest

from hipskg.cli import main

PREFIXES = """@prefix hips: <https://w3id.org/hipskg/def#> .
@prefix course: <https://w3id.org/hipskg/id/course/> .
@prefix theme: <https://w3id.org/hipskg/id/theme/> .
@prefix ingest: <https://w3id.org/hipskg/id/ingest/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
EDITION = (
    PREFIXES
    + """
theme:neglect a hips:Theme ; skos:prefLabel "Neglect"@en ;
    hips:listsCourse course:analysis-of-risk , course:record-keeping .
theme:learning a hips:Theme ; skos:prefLabel "Learning from Reviews"@en ;
    hips:listsCourse course:analysis-of-risk .
course:analysis-of-risk a hips:ELearning , hips:TrainingCourse ; skos:prefLabel "Analysis of Risk"@en ;
    hips:deliveryMode hips:ELearningMode ;
    hips:sourceSection "Neglect / TRAINING / eLearning" , "Learning from Reviews / TRAINING / eLearning" .
course:record-keeping a hips:ELearning , hips:TrainingCourse ; skos:prefLabel "Record Keeping"@en ;
    hips:deliveryMode hips:ELearningMode ; hips:sourceSection "Neglect / TRAINING / eLearning" .
ingest:brochure a prov:Activity ; prov:endedAtTime "2026-12-07T10:00:00+00:00"^^xsd:dateTime .
"""
)


def renamed(text: str) -> str:
    return text.replace("analysis-of-risk", "analysing-risk").replace('"Analysis of Risk"', '"Analysing Risk"')


def a_minute_later(text: str) -> str:
    return text.replace("10:00:00", "10:01:00")


def files(tmp_path: Path, old: str, new: str) -> list[str]:
    (tmp_path / "old.ttl").write_text(old, encoding="utf-8")
    (tmp_path / "new.ttl").write_text(new, encoding="utf-8")
    return [str(tmp_path / "old.ttl"), str(tmp_path / "new.ttl")]


def test_identical_versions_have_no_differences(tmp_path, capsys):
    assert main(["diff", *files(tmp_path, EDITION, EDITION)]) == 0
    assert capsys.readouterr().out == "no differences\n"


def test_provenance_alone_is_no_content_change(tmp_path, capsys):
    assert main(["diff", *files(tmp_path, EDITION, a_minute_later(EDITION))]) == 0
    assert capsys.readouterr().out == ("no content change\nprovenance bookkeeping, not counted as content: prov:endedAtTime 1\n")


RENAME_TEXT = """\
1 entity changed in 1 named graph, 2 statements: 0 added, 0 removed, 0 changed, 1 renamed

class           added  removed  changed  renamed
hips:ELearning      0        0        0        1

renamed? course:analysis-of-risk "Analysis of Risk" -> course:analysing-risk "Analysing Risk"  [hips:ELearning]
  <urn:hipskg:file>
    - skos:prefLabel "Analysis of Risk"@en
    + skos:prefLabel "Analysing Risk"@en
  2 statements of other entities now name course:analysing-risk
  detected: 100% of its context shared, label similarity 80
  to confirm, add to data/curated/renames.ttl: course:analysis-of-risk dcterms:isReplacedBy course:analysing-risk .
  if it is not a rename, add instead:          course:analysis-of-risk owl:differentFrom course:analysing-risk .
provenance bookkeeping, not counted as content: prov:endedAtTime 1
1 entity changed in 1 named graph, 2 statements: 0 added, 0 removed, 0 changed, 1 renamed
"""


def test_a_rename_is_one_labelled_entity_and_the_counts_open_and_close_alike(tmp_path, capsys):
    assert main(["diff", *files(tmp_path, EDITION, a_minute_later(renamed(EDITION)))]) == 1
    out = capsys.readouterr().out
    assert out == RENAME_TEXT
    lines = out.splitlines()
    assert lines[0] == lines[-1]


def test_a_pair_marked_not_a_rename_is_a_removal_and_an_addition(tmp_path, capsys):
    different = "\n<https://w3id.org/hipskg/id/course/analysis-of-risk> <http://www.w3.org/2002/07/owl#differentFrom> course:analysing-risk .\n"
    assert main(["diff", *files(tmp_path, EDITION, renamed(EDITION) + different)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "4 entities changed in 1 named graph, 16 statements: 1 added, 1 removed, 2 changed, 0 renamed"
    assert [line for line in out if not line.startswith(" ")][6:10] == [
        'removed course:analysis-of-risk "Analysis of Risk"  [hips:ELearning]',
        'added course:analysing-risk "Analysing Risk"  [hips:ELearning]',
        'changed theme:learning "Learning from Reviews"  [hips:Theme]',
        'changed theme:neglect "Neglect"  [hips:Theme]',
    ]
    assert '    + hips:listsCourse course:analysing-risk "Analysing Risk"' in out


def test_labels_sit_beside_every_iri_and_values_keep_their_type(tmp_path, capsys):
    new = EDITION.replace(
        "course:record-keeping .\ntheme:learning", "course:record-keeping , course:new-course .\ntheme:learning"
    )
    new += 'course:new-course a hips:Webinar ; skos:prefLabel "A <b>New</b> | Course"@en ; hips:sessions 3 .\n'
    assert main(["diff", *files(tmp_path, EDITION, new)]) == 1
    out = capsys.readouterr().out
    assert 'added course:new-course "A <b>New</b> | Course"  [hips:Webinar]\n' in out
    assert "    + hips:sessions 3\n" in out
    assert '    + hips:listsCourse course:new-course "A <b>New</b> | Course"\n' in out
    assert "hips:Webinar      1        0        0        0\n" in out


def test_markdown(tmp_path, capsys):
    assert main(["diff", *files(tmp_path, EDITION, renamed(EDITION)), "--format", "markdown"]) == 1
    assert capsys.readouterr().out == (
        "# 1 entity changed in 1 named graph, 2 statements: 0 added, 0 removed, 0 changed, 1 renamed\n"
        "\n"
        "| class | added | removed | changed | renamed |\n"
        "|---|---:|---:|---:|---:|\n"
        "| hips:ELearning | 0 | 0 | 0 | 1 |\n"
        "\n"
        "## renamed? `course:analysis-of-risk` Analysis of Risk → `course:analysing-risk` Analysing Risk\n"
        "\n"
        "Classes: hips:ELearning.\n"
        "\n"
        "| graph | change | property | value |\n"
        "|---|---|---|---|\n"
        '| `<urn:hipskg:file>` | removed | `skos:prefLabel` | `"Analysis of Risk"@en` |\n'
        '| `<urn:hipskg:file>` | added | `skos:prefLabel` | `"Analysing Risk"@en` |\n'
        "\n"
        "- 2 statements of other entities now name course:analysing-risk\n"
        "- detected: 100% of its context shared, label similarity 80\n"
        "- to confirm, add to data/curated/renames.ttl: `course:analysis-of-risk dcterms:isReplacedBy course:analysing-risk .`\n"
        "- if it is not a rename, add instead: `course:analysis-of-risk owl:differentFrom course:analysing-risk .`\n"
        "\n"
        "1 entity changed in 1 named graph, 2 statements: 0 added, 0 removed, 0 changed, 1 renamed\n"
    )


def test_tsv_has_a_header_and_one_row_per_statement(tmp_path, capsys):
    assert main(["diff", *files(tmp_path, EDITION, a_minute_later(renamed(EDITION))), "--format", "tsv"]) == 1
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert rows == [
        ["change", "entity", "label", "classes", "other", "other_label", "graph", "sign", "property", "value", "value_label"],
        ["renamed?", "course:analysis-of-risk", "Analysis of Risk", "hips:ELearning", "course:analysing-risk", "Analysing Risk",
         "<urn:hipskg:file>", "-", "skos:prefLabel", '"Analysis of Risk"@en', ""],
        ["renamed?", "course:analysis-of-risk", "Analysis of Risk", "hips:ELearning", "course:analysing-risk", "Analysing Risk",
         "<urn:hipskg:file>", "+", "skos:prefLabel", '"Analysing Risk"@en', ""],
        ["provenance", "", "", "", "", "", "", "", "", "prov:endedAtTime 1", ""],
    ]  # fmt: skip


def test_json_has_the_documented_structure(tmp_path, capsys):
    assert main(["diff", *files(tmp_path, EDITION, a_minute_later(renamed(EDITION))), "--format", "json"]) == 1
    review = json.loads(capsys.readouterr().out)
    assert review["summary"] == {
        "headline": "1 entity changed in 1 named graph, 2 statements: 0 added, 0 removed, 0 changed, 1 renamed",
        "entities": 1,
        "graphs": ["<urn:hipskg:file>"],
        "statements": 2,
        "added": 0,
        "removed": 0,
        "changed": 0,
        "renamed": 1,
    }
    assert review["by_class"] == [{"classes": ["hips:ELearning"], "added": 0, "removed": 0, "changed": 0, "renamed": 1}]
    [entity] = review["entities"]
    assert entity == {
        "change": "renamed?",
        "name": "course:analysis-of-risk",
        "iri": "https://w3id.org/hipskg/id/course/analysis-of-risk",
        "label": "Analysis of Risk",
        "classes": ["hips:ELearning"],
        "successor": {
            "name": "course:analysing-risk",
            "iri": "https://w3id.org/hipskg/id/course/analysing-risk",
            "label": "Analysing Risk",
        },
        "tombstone": False,
        "references": 2,
        "detected": {"context": 1.0, "similarity": 80.0},
        "statements": [
            {
                "graph": "<urn:hipskg:file>",
                "change": "removed",
                "property": "skos:prefLabel",
                "value": {"value": '"Analysis of Risk"@en'},
            },
            {
                "graph": "<urn:hipskg:file>",
                "change": "added",
                "property": "skos:prefLabel",
                "value": {"value": '"Analysing Risk"@en'},
            },
        ],
    }
    assert review["duplicates"] == []
    assert review["provenance"] == {"prov:endedAtTime": 1}


def test_html_is_a_standalone_page_that_escapes_labels(tmp_path, capsys):
    new = EDITION.replace('"Record Keeping"@en', '"<script>alert(1)</script> & Keeping"@en')
    assert main(["diff", *files(tmp_path, EDITION, new), "--format", "html"]) == 1
    page = capsys.readouterr().out
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>hipskg review</title>')
    assert page.endswith("</body>\n</html>\n")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Keeping" in page
    assert '<a href="https://w3id.org/hipskg/id/course/record-keeping"><code>course:record-keeping</code></a>' in page
    assert "<script" not in page and "<link" not in page  # nothing fetched from elsewhere


@pytest.mark.parametrize("fmt", ["text", "markdown", "tsv", "json", "html"])
def test_every_format_says_when_nothing_changed(tmp_path, capsys, fmt):
    assert main(["diff", *files(tmp_path, EDITION, a_minute_later(EDITION)), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert ("no content change" in out) == (fmt != "tsv")
    if fmt == "json":
        assert json.loads(out)["summary"]["headline"] == "no content change"
    if fmt == "tsv":
        assert out.splitlines()[1:] == ["provenance\t\t\t\t\t\t\t\t\tprov:endedAtTime 1\t"]
