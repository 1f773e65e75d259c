"""The procedures-manual parser (hipskg.ingest.manual): the real 2020 search export and small texts.

Expected values were read off the source file by hand, not copied from the parser's output.
"""

from datetime import date

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from hipskg.ingest import manual
from hipskg.ingest.builder import Resolver
from hipskg.ingest.layout import SourceFormatError
from hipskg.namespaces import HIPS, ID
from tests.helpers import SEEDS, curated, parse, seed_text

EXPORT = SEEDS / "001_5bf50c7bd3b24369.txt"
PAGE = SEEDS / "004_8d4652b4ff32ed41.txt"
MANUAL = ID["manual/hips-child-protection-procedures"]


def _parse(text: str) -> tuple[Graph, Resolver]:
    return parse(manual, text)


def _proc(number: str) -> URIRef:
    return ID["procedure/" + number.replace(".", "-")]


def _leg(name: str) -> URIRef:
    return ID["legislation/" + name]


def _doc(name: str) -> URIRef:
    return ID["document/" + name]


@pytest.fixture(scope="module")
def export() -> str:
    return seed_text(EXPORT, "the manual export")


@pytest.fixture(scope="module")
def parsed(export: str) -> tuple[Graph, Resolver]:
    return _parse(export)


@pytest.fixture(scope="module")
def graph(parsed: tuple[Graph, Resolver]) -> Graph:
    return parsed[0]


def _numbers(graph: Graph, subjects) -> set[str]:
    return {str(graph.value(s, HIPS.procedureNumber)) for s in subjects}


def _targets(graph: Graph, number: str, predicate: URIRef) -> set[URIRef]:
    return set(graph.objects(_proc(number), predicate))


# --- the real export -------------------------------------------------------------------------


def test_detects_the_export_and_nothing_else(export: str) -> None:
    assert manual.detect(export)
    for path in sorted(SEEDS.glob("*.txt")):
        if path != EXPORT:
            assert not manual.detect(path.read_text(encoding="utf-8")), path.name


def test_describe_reads_the_printed_date(export: str) -> None:
    info = manual.describe(export)
    assert info.slug == "hips-procedures-manual-search-export"
    assert info.title == "HIPS Child Protection Procedures: search results export"
    assert info.issued == date(2020, 4, 8)


def test_chapters(graph: Graph) -> None:
    chapters = set(graph.subjects(RDF.type, HIPS.Chapter))
    assert chapters == {ID[f"chapter/{n}"] for n in range(1, 10)}
    for n in range(1, 10):
        assert graph.value(ID[f"chapter/{n}"], HIPS.chapterNumber) == Literal(n)
        assert graph.value(ID[f"chapter/{n}"], HIPS.inManual) == MANUAL
    assert (MANUAL, RDF.type, HIPS.ProceduresManual) in graph


def test_numbered_procedures(graph: Graph) -> None:
    numbered = set(graph.subjects(HIPS.procedureNumber, None))
    assert len(numbered) == 50
    per_chapter = {1: 6, 2: 3, 3: 18, 4: 3, 5: 4, 6: 1, 7: 12, 8: 1, 9: 2}
    for chapter, count in per_chapter.items():
        assert len(set(graph.subjects(HIPS.inChapter, ID[f"chapter/{chapter}"]))) == count
    assert graph.value(_proc("1.1"), HIPS.procedureNumber) == Literal("1.1")
    assert graph.value(_proc("3.10"), HIPS.inChapter) == ID["chapter/3"]
    assert graph.value(_proc("1.2"), RDFS.label) == Literal("Assessment Procedure", lang="en")
    assert graph.value(_proc("8.1"), RDFS.label) == Literal("Spotlight On... Community Partnership Information Form", lang="en")


def test_reference_names_are_registered(parsed: tuple[Graph, Resolver]) -> None:
    _, resolver = parsed
    assert resolver.known("procedure", "Referrals Procedure") == _proc("1.1")
    assert resolver.known("procedure", "Referrals") == _proc("1.1")
    assert resolver.known("procedure", "Assessment") == _proc("1.2")
    assert resolver.known("procedure", "Child Protection Section 47 Enquiries") == _proc("1.4")


def test_sections(graph: Graph) -> None:
    sections = set(graph.subjects(RDF.type, HIPS.ProcedureSection))
    assert len(sections) == 216
    assert {s for _, s in graph.subject_objects(HIPS.hasSection)} == sections
    assert len(set(graph.subjects(HIPS.subheading, None))) == 180  # 36 snippets have no subheading
    assert len(set(graph.objects(_proc("6.1"), HIPS.hasSection))) == 15
    assert len(set(graph.objects(_proc("7.1"), HIPS.hasSection))) == 11
    section = ID["section/3-11/actions-to-be-taken"]
    assert section in set(graph.objects(_proc("3.11"), HIPS.hasSection))
    assert graph.value(section, HIPS.subheading) == Literal("Actions to be taken", lang="en")
    assert graph.value(section, HIPS.sourceSection) == Literal(
        "3.11 Safeguarding Children and Young People Against Radicalisation and Violent Extremism / Actions to be taken"
    )
    # Bodies are cut at ~290 characters, so these longer ones show a " - " inside the subheading.
    subheadings = {str(o) for o in graph.objects(None, HIPS.subheading)}
    assert {
        "CSE - Local resources",
        "Issues - Information Sharing and Consent",
        "Missed Appointments/ Was Not Brought - Children and Family Engagement",
    } <= subheadings
    assert "Further information - Sudden Unexpected Death in Infancy and Childhood" not in subheadings


def test_untitled_sections(graph: Graph) -> None:
    untitled = [s for s in graph.objects(_proc("3.13"), HIPS.hasSection) if graph.value(s, HIPS.subheading) is None]
    assert len(untitled) == 1
    assert str(untitled[0]).startswith(str(ID["section/3-13/s-"]))
    assert graph.value(untitled[0], RDFS.label) == Literal("3.13 Dangerous Dogs (untitled section)", lang="en")


def test_no_snippet_prose_is_stored(export: str, graph: Graph) -> None:
    literals = [str(o) for o in graph.objects() if isinstance(o, Literal)]
    for block in manual.blocks(export):
        body = manual.split_snippet(block.snippet)[1]
        if len(body) > 120:
            assert not any(body[:60] in literal for literal in literals), body[:60]


def test_under_review(graph: Graph) -> None:
    assert _numbers(graph, graph.subjects(HIPS.underReview, Literal(True))) == {"2.1", "3.13"}


def test_legislation(graph: Graph) -> None:
    assert _leg("children-act-2004") in _targets(graph, "1.1", HIPS.cites)
    citing = set(graph.subjects(HIPS.cites, _leg("children-act-2004")))
    assert _numbers(graph, citing & set(graph.subjects(HIPS.procedureNumber, None))) == {"1.1", "1.3", "7.1", "7.2"}
    assert ID["section/1-1/organisational-responsibilities"] in citing
    assert _targets(graph, "1.3", HIPS.cites) == {
        _leg("children-act-1989"),
        _leg("children-act-2004"),
        _leg("children-and-social-work-act-2017"),
        _leg("working-together-to-safeguard-children"),
    }  # the 1.3 snippet is cut at "Working Together to Safe"
    assert _targets(graph, "2.1", HIPS.cites) == {_leg("working-together-to-safeguard-children-2010")}
    assert _targets(graph, "4.3", HIPS.cites) == {_leg("anti-social-behaviour-crime-and-policing-act-2014")}
    assert _targets(graph, "7.8", HIPS.cites) == {
        _leg("safeguarding-vulnerable-groups-act-2006"),
        _leg("safeguarding-vulnerable-groups-northern-ireland-order-2007"),
        _leg("equality-act-2010"),
        _leg("keeping-children-safe-in-education"),
    }
    assert _targets(graph, "3.12", HIPS.cites) == {
        _leg("high-security-psychiatric-services-directions-2013"),
        _leg("mental-health-act-code-of-practice"),
        _leg("mental-capacity-amendment-act-2019"),
    }


def test_every_cited_law_is_in_the_register(graph: Graph) -> None:
    register = curated()
    cited = set(graph.objects(None, HIPS.cites))
    assert len(cited) == 31
    assert all((law, None, None) in register for law in cited)
    assert not set(graph.subjects(HIPS.year, None))  # nothing minted from the Act pattern


def test_tools(graph: Graph) -> None:
    assert _targets(graph, "3.15", HIPS.namesTool) == {_doc("ppof")}
    assert _targets(graph, "3.2", HIPS.namesTool) == {
        _doc("cpi-form"),
        _doc("cserq4"),
        _doc("child-exploitation-risk-assessment-toolkit"),
    }
    assert _targets(graph, "3.7", HIPS.namesTool) == {_doc("brook-traffic-light-tool")}
    assert _targets(graph, "3.10", HIPS.namesTool) == {_doc("brook-traffic-light-tool")}
    assert _targets(graph, "7.7", HIPS.namesTool) == {_doc("child-death-notification-form"), _doc("child-death-reporting-form")}
    assert _targets(graph, "8.1", HIPS.namesTool) == {_doc("cpi-form")}  # named in the title
    naming = set(graph.subjects(HIPS.namesTool, _doc("inter-agency-referral-form")))
    assert _numbers(graph, naming & set(graph.subjects(HIPS.procedureNumber, None))) == {"1.1", "9.1"}
    assert len(set(graph.objects(None, HIPS.namesTool))) == 9
    assert Literal(
        "3.15 Bruising in Infants who are not Independently Mobile / Preliminary Paediatric Opinion on Likelihood of Abuse"
    ) in set(graph.objects(_doc("ppof"), HIPS.sourceSection))


def test_procedure_references(graph: Graph) -> None:
    voice = ID["procedure/good-practice-supporting-the-voice-of-the-child-procedure"]
    expected = {
        "1.1": {voice},
        "1.5": {_proc("7.3")},
        "2.1": {_proc("6.1")},
        "3.2": {_proc("3.11")},
        "3.3": {_proc("1.1")},
        "3.4": {_proc("1.1"), _proc("1.2")},
        "3.7": {_proc("1.1")},
        "3.11": {_proc("1.1")},
        "3.14": {_proc("1.1")},
        "4.3": {_proc("1.1")},
        "5.1": {_proc("1.1"), _proc("2.3")},
        "5.3": {_proc("2.3")},
        "5.4": {_proc("2.3")},
    }
    numbered = set(graph.subjects(HIPS.procedureNumber, None))
    found = {str(graph.value(s, HIPS.procedureNumber)): set(graph.objects(s, HIPS.refersTo)) for s in numbered}
    assert {n: refs for n, refs in found.items() if refs} == expected
    assert _proc("1.1") in set(graph.objects(ID["section/3-11/actions-to-be-taken"], HIPS.refersTo))


def test_unnumbered_procedures(graph: Graph) -> None:
    unnumbered = set(graph.subjects(RDF.type, HIPS.Procedure)) - set(graph.subjects(HIPS.procedureNumber, None))
    assert {str(graph.value(s, RDFS.label)) for s in unnumbered} == {"Good Practice supporting the Voice of the Child Procedure"}


def test_downloads(graph: Graph) -> None:
    mentioned = {n: _targets(graph, n, HIPS.mentionsDocument) for n in ("2.2", "3.15", "5.2", "7.12", "9.2")}
    assert len(mentioned["2.2"]) == 2
    assert _doc("ppof") in mentioned["3.15"] and len(mentioned["3.15"]) == 3
    assert mentioned["5.2"] == set()  # "Download Dom": the snippet is cut mid-name
    assert mentioned["7.12"] == set()  # runs to the end of a cut snippet: the name may be incomplete
    (leaflet,) = mentioned["9.2"]
    assert graph.value(leaflet, RDFS.label) == Literal("Worried about a Child Leaflet", lang="en")
    assert (leaflet, RDF.type, HIPS.Leaflet) in graph
    protocol = _doc("hips-unborn-baby-safeguarding-protocol")
    assert (_proc("3.16"), HIPS.mentionsDocument, protocol) in graph
    assert (protocol, RDF.type, HIPS.Protocol) in curated()  # a curated entity keeps its curated type
    assert len(set(graph.objects(None, HIPS.mentionsDocument))) == 13


# --- small texts -------------------------------------------------------------------------------

HEADER = "Top\n\nSearch\n\nResults for:\n\n"
FOOTER = (
    "This page is correct as printed on Wednesday 8th of April 2020 03:02:13 PM please refer back to "
    "this website (http://hipsprocedures.org.uk) for updates.\nClose\n"
)
SMALL = (
    HEADER
    + (
        "1.1 Referrals\n\n"
        "Law - The Foo Bar Act 1999 and the Children Act 2004 apply.\n\n"
        "3.4 Bullying\n\n"
        "See Referrals Procedure. See the Assessment Procedure. See also Good Practice supporting the Voice of the Child Procedure.\n\n"
        "1.1 Referrals\n\n"
        "New referrals on open cases should be made directly. This procedure is currently under review.\n"
    )
    + FOOTER
)


def test_detect_small_export() -> None:
    assert manual.detect(SMALL)


def test_detect_rejects_a_procedure_page_and_prose() -> None:
    page = (
        "7.1 HIPS Safeguarding Children Partnership Arrangements\n\n\n\nWorking Together 2018 allows more.\n\n"
        "Desired outcomes\n\nThe overarching outcome.\n\n" + FOOTER
    )
    assert not manual.detect(page)
    assert not manual.detect("Results for:\n\nNothing was found for this search.\n")
    assert not manual.detect("1.1 Referrals\n\nSnippet.\n\n1.1 Referrals\n\nAnother snippet.\n")


def test_detect_real_procedure_page() -> None:
    assert not manual.detect(seed_text(PAGE, "procedure 7.1"))


def test_small_export_graph() -> None:
    graph, _ = _parse(SMALL)
    assert (_proc("1.1"), HIPS.underReview, Literal(True)) in graph
    assert set(graph.objects(_proc("3.4"), HIPS.refersTo)) == {
        _proc("1.1"),
        ID["procedure/assessment-procedure"],
        ID["procedure/good-practice-supporting-the-voice-of-the-child-procedure"],
    }
    # An Act the register lacks is minted from its name and year; a registered one is not.
    act = _leg("foo-bar-act-1999")
    assert set(graph.objects(_proc("1.1"), HIPS.cites)) == {act, _leg("children-act-2004")}
    assert (act, RDF.type, HIPS.Act) in graph
    assert graph.value(act, HIPS.year) == Literal("1999", datatype=XSD.gYear)
    assert graph.value(act, RDFS.label) == Literal("Foo Bar Act 1999", lang="en")
    assert len(set(graph.subjects(RDF.type, HIPS.ProcedureSection))) == 3


@pytest.mark.parametrize(
    ("snippet", "subheading"),
    [
        ("Introduction - When a professional works", "Introduction"),
        ("Non-recent abuse (also known as historic abuse) is an allegation", None),
        ("The review ends. It was agreed - by all", None),
        ("see below - text", None),
        ("Further information - Sudden Unexpected Death in Infancy - Multi-agency Guidelines", "Further information"),
        ("CSE - Local resources - " + "x" * 285, "CSE - Local resources"),
    ],
)
def test_split_snippet(snippet: str, subheading: str | None) -> None:
    assert manual.split_snippet(snippet)[0] == subheading


def _error(text: str) -> str:
    with pytest.raises(SourceFormatError) as caught:
        _parse(text)
    return str(caught.value)


def test_title_without_snippet() -> None:
    text = HEADER + "1.1 Referrals\n\n3.4 Bullying\n\nSigns of bullying - text\n" + FOOTER
    assert _error(text) == (
        "line 7: block title '1.1 Referrals' has no snippet after it: expected a blank line and one snippet line"
    )


def test_title_without_snippet_before_footer() -> None:
    text = HEADER + "3.4 Bullying\n\nSigns of bullying - text\n\n1.1 Referrals\n\n" + FOOTER
    assert _error(text) == (
        "line 11: block title '1.1 Referrals' has no snippet after it: expected a blank line and one snippet line"
    )


def test_snippet_without_title() -> None:
    text = HEADER + "Signs of bullying - text\n\n3.4 Bullying\n\nMore text\n" + FOOTER
    assert _error(text) == (
        "line 7: snippet 'Signs of bullying - text' has no block title before it: "
        "expected a line 'N.N Procedure title' then a blank line"
    )


def test_bad_numbers() -> None:
    assert _error(HEADER + "3.4.1 Bullying\n\nText\n" + FOOTER) == (
        "line 7: bad procedure number in block title '3.4.1 Bullying': "
        "expected 'N.N Title', chapter and position as whole numbers such as '3.11'"
    )
    assert _error(HEADER + "3.0 Bullying\n\nText\n" + FOOTER) == (
        "line 7: bad procedure number '3.0': expected chapter and position counted from 1 without leading zeros, such as '3.11'"
    )


def test_one_title_per_number() -> None:
    text = HEADER + "3.4 Bullying\n\nText\n\n3.4 Dangerous Dogs\n\nText\n" + FOOTER
    assert _error(text) == (
        "line 11: procedure 3.4 is titled 'Dangerous Dogs' here but 'Bullying' on line 7: expected one title per number"
    )


def test_describe_without_footer() -> None:
    text = HEADER + "3.4 Bullying\n\nText\n"
    with pytest.raises(SourceFormatError) as caught:
        manual.describe(text)
    assert str(caught.value) == (
        "line 9: the export ends before its footer: expected a line 'This page is correct as printed on <date> ...'; "
        "the file looks truncated"
    )
    assert caught.value.line == 9


def test_describe_with_a_bad_footer_date() -> None:
    text = HEADER + "3.4 Bullying\n\nText\nThis page is correct as printed on Wednesday 31st of Februar 2020\n"
    with pytest.raises(SourceFormatError) as caught:
        manual.describe(text)
    assert str(caught.value) == ("line 10: footer has no printed date: expected 'printed on <weekday> <day> of <month> <year>'")
