"""hipskg search: the full-text index over labels, alternative labels, definitions and section titles."""

import json
from pathlib import Path

import pytest

import hipskg
from hipskg.cli import main
from hipskg.search import SearchIndex

ROOT = Path(__file__).resolve().parents[1]
CERAF = "https://w3id.org/hipskg/id/document/ceraf"
CERAF_COURSES = {
    "https://w3id.org/hipskg/id/course/introduction-to-the-child-exploitation-risk-assessment-framework",
    "https://w3id.org/hipskg/id/course/child-exploitation-as-a-health-professional-what-do-you-need-to-know",
}


@pytest.fixture(scope="module")
def kg():
    with hipskg.open(ROOT / "data") as opened:
        yield opened


def iris(found) -> list[str]:
    return [hit.iri for hit in found.hits]


def test_a_name_finds_the_entity_first_then_what_holds_it(kg):
    found = kg.search("CERAF")
    assert iris(found)[0] == CERAF
    assert set(iris(found)) == {CERAF, "https://w3id.org/hipskg/id/document/ceraf-guidance", *CERAF_COURSES}
    assert found.facets == {"hips:Webinar": 2, "hips:FormOrTool": 1, "hips:Guidance": 1}
    assert found.hits[0].label == "Child Exploitation Risk Assessment Framework (CERAF)"  # the display label, not the match
    assert found.hits[0].matched == "CERAF" and found.hits[0].kind == "hips:FormOrTool"


@pytest.mark.parametrize("text", ["ceraf", "CERAF!", "C E R A F".replace(" ", ""), "ceraff", "cerfa"])
def test_case_punctuation_and_a_small_typo_do_not_matter(kg, text):
    assert iris(kg.search(text))[0] == CERAF


def test_every_word_must_match_and_the_last_may_be_the_start_of_one(kg):
    assert iris(kg.search("children act 2004")) == [
        "https://w3id.org/hipskg/id/legislation/children-act-2004",
        "https://w3id.org/hipskg/id/section/7-2/statutory-duties-under-the-children-act-2004",
    ]
    assert [hit.label for hit in kg.search("children act 20").hits] == [
        "Children Act 2004",
        "Children and Social Work Act 2017",
        "Statutory duties under the Children Act 2004",
    ]
    assert kg.search("ceraf webinar zzzzqqq").hits == ()
    assert kg.search("  ,; ").hits == ()


def test_an_ampersand_reads_as_and(kg):
    course = "https://w3id.org/hipskg/id/course/missing-and-child-exploitation"
    assert iris(kg.search("missing and child exploitation"))[0] == course
    assert iris(kg.search("Missing & Child Exploitation"))[0] == course


def test_a_class_keeps_its_instances_and_its_subclasses(kg):
    courses = kg.search("child exploitation", kind="hips:TrainingCourse", limit=100)
    assert courses.hits and all(hit.kind in ("hips:Webinar", "hips:ELearning", "hips:VideoCourse") for hit in courses.hits)
    assert len(courses.hits) == 8  # 6 webinars, 1 eLearning, 1 video course among the 22 found
    assert sum(courses.facets.values()) == 22  # the facets count every class, for the other tabs of a page
    assert kg.search("child exploitation", limit=3).hits == kg.search("child exploitation", limit=100).hits[:3]


def test_the_index_is_built_once_per_graph(kg):
    kg.search("CERAF")
    first = kg._index
    kg.search("Prevent")
    assert isinstance(first, SearchIndex) and kg._index is first and len(first) > 1000


def test_the_command_line(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["search", "CERAF", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "label,class,iri,matched"
    assert lines[1] == f"Child Exploitation Risk Assessment Framework (CERAF),hips:FormOrTool,{CERAF},CERAF"
    assert len(lines) == 5
    assert main(["search", "child", "exploitation", "--class", "hips:Theme", "--format", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["query"] == "child exploitation"
    assert [hit["iri"] for hit in answer["hits"]] == ["https://w3id.org/hipskg/id/theme/child-exploitation"]
    assert answer["classes"]["hips:Theme"] == 1
    assert main(["search", "CERAF", "--format", "table"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "4 found for 'ceraf': hips:Webinar 2, hips:FormOrTool 1, hips:Guidance 1"


def test_a_class_no_entity_has_is_refused_with_the_closest(kg):
    with pytest.raises(hipskg.HipskgError) as error:
        kg.search("CERAF", kind="FormOrTol")
    assert str(error.value) == (
        "--class FormOrTol: no entity of the graph has this class; did you mean hips:FormOrTool, hips:School, hips:PrimarySchool?"
    )
