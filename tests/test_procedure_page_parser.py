"""The procedure-page parser (hipskg.ingest.procedure_page): the full text of procedure 7.1 (004) and small texts.

Expected values were read off the source file by hand, not copied from the parser's output.
"""

import hashlib
from datetime import date

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from hipskg.ingest import procedure_page
from hipskg.ingest.layout import SourceFormatError
from hipskg.namespaces import HIPS, ID, ORG
from tests.helpers import SEEDS, parse, seed_text

PAGE = SEEDS / "004_8d4652b4ff32ed41.txt"

PROCEDURE = ID["procedure/7-1"]
EXECUTIVE = ID["org/hips-executive"]
CHILDREN_ACT_2004 = ID["legislation/children-act-2004"]
WT2018 = ID["legislation/working-together-to-safeguard-children-2018"]


def _parse(text: str) -> Graph:
    return parse(procedure_page, text)[0]


def _section(slug: str) -> URIRef:
    return ID["section/7-1/" + slug]


@pytest.fixture(scope="module")
def page() -> str:
    return seed_text(PAGE, "procedure 7.1")


@pytest.fixture(scope="module")
def graph(page: str) -> Graph:
    return _parse(page)


# --- the real page ------------------------------------------------------------------------------


def test_detects_the_page_and_nothing_else(page: str) -> None:
    assert procedure_page.detect(page)
    for path in sorted(SEEDS.glob("*.txt")):
        if path != PAGE:
            assert not procedure_page.detect(path.read_text(encoding="utf-8")), path.name


def test_describe(page: str) -> None:
    info = procedure_page.describe(page)
    assert info.slug == "hips-procedure-7-1"
    assert info.title == (
        "7.1 Hampshire, Isle of Wight, Portsmouth & Southampton (HIPS) Safeguarding Children Partnership Arrangements"
    )
    assert info.issued == date(2024, 4, 14)
    assert info.edition is None


def test_procedure(graph: Graph) -> None:
    assert graph.value(PROCEDURE, HIPS.procedureNumber) == Literal("7.1")
    assert (PROCEDURE, RDF.type, HIPS.Procedure) in graph
    assert graph.value(PROCEDURE, RDFS.label) == Literal(
        "Hampshire, Isle of Wight, Portsmouth & Southampton (HIPS) Safeguarding Children Partnership Arrangements", lang="en"
    )
    assert set(graph.subjects(HIPS.procedureNumber, None)) == {PROCEDURE}


# Slugs longer than 80 characters are cut at a word and suffixed with 8 hex digits of the SHA-1 of the key.
_ROLE_KEY = "role of hips arrangements and relationship with local safeguarding children partnership"
_ROLE_SLUG = (
    "role-of-hips-arrangements-and-relationship-with-local-safeguarding-children-"
    + hashlib.sha1(_ROLE_KEY.encode("utf-8")).hexdigest()[:8]
)
HEADINGS = {
    "desired-outcomes": "Desired outcomes",
    _ROLE_SLUG: "Role of HIPS arrangements and relationship with Local Safeguarding Children Partnership",
    "membership-and-frequency-of-hips-executive": "Membership and frequency of HIPS Executive",
    "chairing-of-the-hips-executive": "Chairing of the HIPS Executive",
    "related-groups": "Related groups",
    "ways-of-working": "Ways of Working",
    "annual-business-plan": "Annual Business Plan",
    "safeguarding-partnership-annual-report": "Safeguarding Partnership Annual Report",
    "monitoring-and-inspection": "Monitoring and Inspection",
}


def test_sections(graph: Graph) -> None:
    sections = set(graph.subjects(RDF.type, HIPS.ProcedureSection))
    assert sections == {_section(slug) for slug in HEADINGS}
    assert set(graph.objects(PROCEDURE, HIPS.hasSection)) == sections
    assert {s: str(graph.value(s, HIPS.subheading)) for s in sections} == {
        _section(slug): heading for slug, heading in HEADINGS.items()
    }
    assert all(graph.value(s, HIPS.subheading).language == "en" for s in sections)
    assert {str(o) for o in graph.objects(_section("related-groups"), HIPS.sourceSection)} == {
        (
            "7.1 Hampshire, Isle of Wight, Portsmouth & Southampton (HIPS) Safeguarding Children Partnership Arrangements"
            " / Related groups"
        )
    }


def test_no_bullet_or_sentence_is_a_section(graph: Graph) -> None:
    subheadings = {str(o) for o in graph.objects(None, HIPS.subheading)}
    assert not [s for s in subheadings if s.startswith(("•", "The implementation", "This page"))]


def test_citations(graph: Graph) -> None:
    assert set(graph.objects(PROCEDURE, HIPS.cites)) == {CHILDREN_ACT_2004, WT2018}
    # "section 14A of the Children Act 2004" under the annual report; "Working Together 2018 (WT2018)"
    # in the opening text, which has no heading and so no section.
    assert set(graph.subjects(HIPS.cites, CHILDREN_ACT_2004)) == {PROCEDURE, _section("safeguarding-partnership-annual-report")}
    assert set(graph.subjects(HIPS.cites, WT2018)) == {PROCEDURE}
    where = "7.1 Hampshire, Isle of Wight, Portsmouth & Southampton (HIPS) Safeguarding Children Partnership Arrangements"
    assert Literal(f"{where} / opening text") in set(graph.objects(WT2018, HIPS.sourceSection))
    assert (WT2018, RDFS.label, None) not in graph  # a mention of a curated entity adds no label


def test_hips_executive(graph: Graph) -> None:
    post = graph.value(EXECUTIVE, HIPS.chairedBy)
    assert post == ID["post/hips-executive/independent-chair-and-scrutineer"]
    assert graph.value(post, RDFS.label) == Literal("Independent Chair and Scrutineer", lang="en")
    assert graph.value(post, ORG.postIn) == EXECUTIVE
    assert graph.value(EXECUTIVE, HIPS.standingSubgroupCount) == Literal(3)
    assert set(graph.subjects(HIPS.convenedBy, EXECUTIVE)) == {
        ID["org/hips-health-group"],
        ID["org/hips-child-exploitation-group"],
        ID["org/hips-procedures-group"],
    }
    assert graph.value(ID["org/hips-procedures-group"], RDFS.label) == Literal("Procedures group", lang="en")
    assert set(graph.objects(None, HIPS.convenedBy)) == {EXECUTIVE}


# --- small texts -------------------------------------------------------------------------------

FOOTER = (
    "This page is correct as printed on Sunday 14th of April 2024 05:43:51 AM please refer back to "
    "this website (http://hipsprocedures.org.uk) for updates."
)
SMALL = (
    "2.5 Test Procedure\n\n"
    "Opening text under the Children Act 1989.\n\n"
    "Background\n\n"
    "Text that names the Care Act 2014.\n\n"
    "Related groups\n\n"
    "The HIPS Executive will convene two standing subgroups where useful:\n\n"
    "  • Alpha group – does one thing.\n"
    "  • Beta Group – does another.\n\n"
    "Close of the text.\n\n" + FOOTER
)


def test_detect_small_texts() -> None:
    assert procedure_page.detect(SMALL)
    assert procedure_page.detect("\n\n" + SMALL)
    assert not procedure_page.detect("")
    assert not procedure_page.detect("Procedure title\n\nText.\n\n" + FOOTER)  # no number
    assert not procedure_page.detect(SMALL + "\n3.1 Another Procedure\n")  # a second numbered line
    assert not procedure_page.detect("2.5.1 Test Procedure\n\nText.\n")


def test_small_page() -> None:
    graph = _parse(SMALL)
    procedure = ID["procedure/2-5"]
    assert {str(graph.value(s, HIPS.subheading)) for s in graph.objects(procedure, HIPS.hasSection)} == {
        "Background",
        "Related groups",
    }
    assert set(graph.objects(procedure, HIPS.cites)) == {ID["legislation/children-act-1989"], ID["legislation/care-act-2014"]}
    assert set(graph.objects(ID["section/2-5/background"], HIPS.cites)) == {ID["legislation/care-act-2014"]}
    assert graph.value(EXECUTIVE, HIPS.standingSubgroupCount) == Literal(2)
    assert graph.value(EXECUTIVE, HIPS.chairedBy) is None
    assert set(graph.subjects(HIPS.convenedBy, EXECUTIVE)) == {ID["org/alpha-group"], ID["org/beta-group"]}
    info = procedure_page.describe(SMALL)
    assert (info.slug, info.title, info.issued) == ("hips-procedure-2-5", "2.5 Test Procedure", date(2024, 4, 14))


FOOTER_ENDED = (
    "the page ends before its footer: expected a line 'This page is correct as printed on <date> ...'; the file looks truncated"
)


def test_missing_footer() -> None:
    text = SMALL.removesuffix(FOOTER)  # 17 lines remain, the last one blank: the text ends on line 16
    with pytest.raises(SourceFormatError) as caught:
        procedure_page.describe(text)
    assert str(caught.value) == f"line 16: {FOOTER_ENDED}"
    assert caught.value.line == 16
    with pytest.raises(SourceFormatError) as caught:
        _parse(text)
    assert str(caught.value) == f"line 16: {FOOTER_ENDED}"


def test_missing_footer_of_the_real_page(page: str) -> None:
    lines = page.splitlines()
    footer = next(i for i, line in enumerate(lines) if line.startswith("This page is correct as printed on"))
    assert footer == 105  # 0-based: the footer is the 106th and last line
    with pytest.raises(SourceFormatError) as caught:
        procedure_page.describe("\n".join(lines[:footer]) + "\n")
    assert str(caught.value) == f"line 104: {FOOTER_ENDED}"  # line 105 is blank


def test_first_line_without_a_number() -> None:
    with pytest.raises(SourceFormatError) as caught:
        procedure_page.describe("Test Procedure\n\nText.\n\n" + FOOTER)
    assert str(caught.value) == "line 1: expected a first line 'N.N Procedure title'"


@pytest.mark.parametrize("printed", ["Sunday 14th of Apirl 2024", "Friday 31st of February 2024"])
def test_footer_with_a_bad_date(printed: str) -> None:
    text = "2.5 Test Procedure\n\nText.\n\nThis page is correct as printed on " + printed + " 05:43:51 AM\n"
    with pytest.raises(SourceFormatError):
        procedure_page.describe(text)
