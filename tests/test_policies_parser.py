"""The policies-page parser (hipskg.ingest.policies): the Southampton "Policies and Procedures" page (000) and small texts.

Expected values were read off the source file by hand, not copied from the parser's output.
"""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from hipskg.ingest import policies
from hipskg.ingest.layout import SourceFormatError
from hipskg.namespaces import GRAPH, HIPS, ID
from tests.helpers import SEEDS, parse, seed_text

PAGE_FILE = SEEDS / "000_f6233e978c9a7f44.txt"

PAGE = GRAPH["x"]
MANUAL = ID["manual/hips-child-protection-procedures"]
CERAF = ID["document/ceraf"]
WT2018 = ID["legislation/working-together-to-safeguard-children-2018"]
PATHWAYS = ID["document/southampton-safeguarding-children-partnership-pathways-guidance"]
CONTINUUM = ID["document/continuum-of-need"]


def _parse(text: str) -> Graph:
    return parse(policies, text)[0]


def _doc(name: str) -> URIRef:
    return ID["document/" + name]


@pytest.fixture(scope="module")
def page() -> str:
    return seed_text(PAGE_FILE, "the policies page")


@pytest.fixture(scope="module")
def graph(page: str) -> Graph:
    return _parse(page)


# --- the real page ------------------------------------------------------------------------------


def test_detects_the_page_and_nothing_else(page: str) -> None:
    assert policies.detect(page)
    for path in sorted(SEEDS.glob("*.txt")):
        if path != PAGE_FILE:
            assert not policies.detect(path.read_text(encoding="utf-8")), path.name


def test_describe(page: str) -> None:
    info = policies.describe(page)
    assert info.slug == "sscp-policies-and-procedures-page"
    assert info.title == "Southampton Safeguarding Children Partnership: Policies and Procedures"
    assert info.issued is None


def test_cites_working_together_2018(graph: Graph) -> None:
    # "based on the Working Together to Safeguard Children 2018 Guidance": the 2018 edition, not the
    # undated "Working Together" the longer name contains.
    assert set(graph.objects(PAGE, HIPS.cites)) == {WT2018}
    assert Literal("Policies and Procedures (line 10)") in set(graph.objects(WT2018, HIPS.sourceSection))


def test_names_ceraf(graph: Graph) -> None:
    # "Child Exploitation Risk Assessment Form (CERAF)" and "the Full CERAF": both the curated tool.
    assert set(graph.objects(PAGE, HIPS.namesTool)) == {CERAF}
    lines = {str(s).rsplit("(line ", 1)[1] for s in graph.objects(CERAF, HIPS.sourceSection)}
    assert lines == {"36)", "38)"}
    assert not [s for s in graph.subjects(RDFS.label, None) if "CERAF" in str(graph.value(s, RDFS.label))]


def test_mentions_the_hips_manual(graph: Graph) -> None:
    # "The HIPS Child Protection Procedures set out ..." (line 5); "updates about HIPS procedures" (line 12).
    assert MANUAL in set(graph.objects(PAGE, HIPS.mentionsDocument))
    assert {str(s) for s in graph.objects(MANUAL, HIPS.sourceSection)} == {
        "Policies and Procedures (line 5)",
        "Policies and Procedures (line 12)",
    }


def test_pathways_guidance_replaces_the_continuum_of_need(graph: Graph) -> None:
    assert set(graph.subject_objects(HIPS.replaces)) == {(PATHWAYS, CONTINUUM)}
    assert graph.value(PATHWAYS, RDFS.label) == Literal(
        "Southampton Safeguarding Children Partnership Pathways Guidance", lang="en"
    )
    assert graph.value(CONTINUUM, RDFS.label) == Literal("Continuum of Need", lang="en")
    assert (PATHWAYS, RDF.type, HIPS.Guidance) in graph
    assert (CONTINUUM, RDF.type, HIPS.Guidance) in graph


def test_documents_mentioned(graph: Graph) -> None:
    toolkit = ID["toolkit/professionals/hips-safeguarding-adults-and-children-partnerships-family-approach-toolkit"]
    assert set(graph.objects(PAGE, HIPS.mentionsDocument)) == {
        MANUAL,
        toolkit,
        _doc("updated-modern-slavery-child-victim-pathway"),
        _doc("one-minute-guide-national-referral-mechanism-nrm-for-children"),
        PATHWAYS,
        CONTINUUM,  # named as the document the Pathways Guidance replaces
    }
    assert graph.value(toolkit, HIPS.audience) == HIPS.Professionals
    assert (toolkit, RDF.type, HIPS.Toolkit) in graph
    assert graph.value(_doc("one-minute-guide-national-referral-mechanism-nrm-for-children"), RDFS.label) == Literal(
        "One minute guide National Referral Mechanism (NRM) for children", lang="en"
    )


def test_headings_and_prose_are_not_documents(graph: Graph) -> None:
    labels = {str(o) for o in graph.objects(None, RDFS.label)}
    # A heading with a colon introduces the documents under it; the page title is no document.
    assert "National Referral Mechanism: Updated Modern Slavery Child Victim Pathway and One Minute Guide" not in labels
    assert "Policies and Procedures" not in labels
    assert not [label for label in labels if label.endswith(".")]


# --- small texts -------------------------------------------------------------------------------

SMALL = (
    "Policies and Procedures\n\n"
    "Guidance is based on the Children Act 1989.\n\n"
    "Local Thresholds Guidance\n\n"
    "This replaces the Old Thresholds Document.\n\n"
    "Hits: 12\n"
)


OTHER_TITLE = SMALL.replace("Policies and Procedures", "Safeguarding Guidance")
COUNTER_ENDED = "the page ends before its view counter: expected a last line 'Hits: N'; the file looks truncated"


def test_detect_small_texts() -> None:
    assert policies.detect(SMALL)
    assert policies.detect(OTHER_TITLE)  # closed by the counter, whatever the title
    assert not policies.detect("")
    assert not policies.detect("Policies\n\nHits: 3\n")  # too short to be a page
    assert not policies.detect(OTHER_TITLE.replace("Hits: 12", "Hits: many"))
    assert not policies.detect(OTHER_TITLE + "\nA closing line.\n")  # the counter is not last
    assert not policies.detect(SMALL.replace("Local Thresholds Guidance", "Name | Position |"))  # a table


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (SMALL.replace("Hits: 12", "Hits: many"), 9),
        (SMALL + "\nA closing line.\n", 11),
        ("Policies and Procedures\n\nThe first paragr", 3),  # cut short: recognised by its title
    ],
)
def test_a_page_titled_policies_and_procedures_without_its_counter(text: str, line: int) -> None:
    assert policies.detect(text)
    with pytest.raises(SourceFormatError) as caught:
        policies.describe(text)
    assert str(caught.value) == f"line {line}: {COUNTER_ENDED}"


def test_small_page() -> None:
    graph = _parse(SMALL)
    local = _doc("local-thresholds-guidance")
    assert set(graph.objects(PAGE, HIPS.cites)) == {ID["legislation/children-act-1989"]}
    assert set(graph.objects(PAGE, HIPS.mentionsDocument)) == {local, _doc("old-thresholds-document")}
    assert set(graph.subject_objects(HIPS.replaces)) == {(local, _doc("old-thresholds-document"))}


def test_page_without_the_counter(page: str) -> None:
    lines = page.splitlines()
    assert lines[-1] == "Hits: 2562"
    with pytest.raises(SourceFormatError) as caught:
        _parse("\n".join(lines[:-1]) + "\n")
    # The last non-blank line is line 38, "Click here to access the Full CERAF and guidance".
    assert str(caught.value) == f"line 38: {COUNTER_ENDED}"
    assert caught.value.line == 38


def test_small_page_without_the_counter() -> None:
    with pytest.raises(SourceFormatError) as caught:
        _parse(SMALL.replace("Hits: 12\n", "\n\n"))
    assert str(caught.value) == f"line 7: {COUNTER_ENDED}"
