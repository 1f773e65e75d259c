"""The query catalogue: every query's header and example, the ontology classes it covers, and the
exact answer of each competency question on the committed graph.

Expected answers are read off the sources (``/work/shared/seeds``) and the committed Turtle
(``data/sources``, ``data/curated``); the comment on each test says where. Long answers are
checked by their size and a handful of exact members and non-members.
"""

import hashlib
import re
import shlex
from collections import Counter, defaultdict

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.plugins.sparql import prepareQuery

from hipskg import resources
from hipskg.catalogue import bind, catalogue, resolve_entity
from hipskg.namespaces import GRAPH, HIPS, ID, ONTOLOGY_GRAPH, compact
from hipskg.sparql import QueryError, prologue, run, with_values
from hipskg.store import open_store

ORIGINAL = {"training-covering", "bodies-feeding-into", "bodies-feeding-into-transitively"}

MANUAL = "hipsg:hips-procedures-manual-search-export"
PAGE_7_1 = "hipsg:hips-procedure-7-1"
SCASP_DOC = "hipsg:scasp-safeguarding-arrangements"
BROCHURE = "hipsg:hscp-practice-development-brochure-2026-2027"
SSCP_PAGE = "hipsg:sscp-policies-and-procedures-page"

EXECUTIVE = "body:hips-executive"
SCASP = "body:southampton-children-and-adults-safeguarding-partnership"


# --------------------------------------------------------------------------------------------
# helpers


def example_params(example: str) -> dict[str, str]:
    """The --param NAME=VALUE pairs of a header's example command."""
    words = shlex.split(example)
    return dict(words[i + 1].split("=", 1) for i, word in enumerate(words) if word == "--param")


def answer(ds, name: str, **params: str):
    query = catalogue()[name]
    return run(ds, query.text, bind(query, ds, params), timeout=60)


def cell(node) -> str:
    """A result value as text: IRIs in prefixed form, literals as their lexical form, unbound as ''."""
    return "" if node is None else compact(node)


def table(result, *columns: str) -> set[tuple[str, ...]]:
    names = columns or tuple(str(v) for v in result.vars)
    return {tuple(cell(row[name]) for name in names) for row in result}


def rows(result, *columns: str) -> list[tuple[str, ...]]:
    names = columns or tuple(str(v) for v in result.vars)
    return [tuple(cell(row[name]) for name in names) for row in result]


def sparql_body(text: str) -> str:
    """The query text without its comment lines (the header)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


# --------------------------------------------------------------------------------------------
# the catalogue as a whole


def test_the_catalogue_has_at_least_thirty_queries():
    queries = catalogue()
    assert len(queries) >= 31
    assert ORIGINAL <= set(queries)


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_query_has_a_complete_header_and_parses(name):
    query = catalogue()[name]
    assert query.title.strip() and query.description.strip()
    assert not query.description.endswith(" ")
    words = shlex.split(query.example)
    assert words[:3] == ["hipskg", "query", name], f"{name}: the example must run this query"
    assert set(example_params(query.example)) == {p.name for p in query.parameters}, f"{name}: example and param lines differ"
    for parameter in query.parameters:
        assert parameter.description.strip() and parameter.example.strip()
        if parameter.kind == "entity" and parameter.cls:
            assert parameter.cls.startswith("hips:"), parameter.cls
    assert not re.search(r"^\s*PREFIX\b", sparql_body(query.text), re.IGNORECASE | re.MULTILINE), (
        f"{name}: prefixes are declared for you"
    )
    prepareQuery(prologue() + sparql_body(query.text))


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_example_binds_and_runs(built, name):
    query = catalogue()[name]
    # each parameter's own example (the "e.g." of its param line) binds ...
    bound = bind(query, built, {parameter.name: parameter.example for parameter in query.parameters})
    assert set(bound) == {parameter.name for parameter in query.parameters}
    # ... and so does the header's example command, which then runs and answers something
    bindings = bind(query, built, example_params(query.example))
    prepareQuery(prologue() + with_values(query.text, bindings))
    result = run(built, query.text, bindings, timeout=60)
    if result.type == "ASK":
        assert result.askAnswer in (True, False)
    elif result.type in ("CONSTRUCT", "DESCRIBE"):
        assert len(result.graph) > 0
    else:
        assert len(result) > 0, f"{name}: its example gives no answer"


def test_a_bad_parameter_value_is_refused(built):
    query = catalogue()["courses-under-many-themes"]
    with pytest.raises(QueryError):
        bind(query, built, {"n": "three"})
    with pytest.raises(QueryError):
        bind(catalogue()["groups-meeting-with-frequency"], built, {"frequency": "Fortnightly"})


def ontology_classes() -> tuple[set[URIRef], Graph]:
    ontology = Graph().parse(resources.ontology_file())
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and c.startswith(str(HIPS))}
    return classes, ontology


def test_the_queries_together_touch_every_class_of_the_ontology():
    """Every hips: class is named in some query's SPARQL (not its header), or lies under a class
    that some query reaches with ``rdfs:subClassOf*`` / ``rdfs:subClassOf+`` (documents-by-type,
    organisations-by-type and education-settings-by-type count the instances of every subclass
    of hips:Document, hips:Organisation and hips:EducationSetting). No explicit mapping is needed."""
    classes, ontology = ontology_classes()
    named, rooted = set(), set()
    for query in catalogue().values():
        body = sparql_body(query.text)
        named |= {HIPS[local] for local in re.findall(r"\bhips:(\w+)", body)}
        rooted |= {HIPS[local] for local in re.findall(r"rdfs:subClassOf[*+]\s+hips:(\w+)", body)}

    def covered(cls: URIRef) -> bool:
        return cls in named or any(ancestor in rooted for ancestor in ontology.transitive_objects(cls, RDFS.subClassOf))

    assert len(classes) >= 45
    assert {compact(c) for c in classes if not covered(c)} == set()
    # the three roots really are queried through their subclasses
    assert {HIPS.Document, HIPS.Organisation, HIPS.EducationSetting} <= rooted


# --------------------------------------------------------------------------------------------
# training


def test_training_under_themes_listing_ceraf(built):
    """003: CERAF (or "CERAF") is listed under STRATEGY, GUIDANCE & PROCEDURES of the Child
    Exploitation, Safeguarding Adolescents and Serious Violence themes, which list 16, 19 and 14
    courses, 35 distinct ones; the two courses whose titles name CERAF sit under Child
    Exploitation and Serious Violence. One row per course and theme: 16 + 19 + 14 = 49."""
    result = table(answer(built, "training-under-themes-listing-tool", tool="CERAF"), "course", "title_names_it", "theme_name")
    assert len(result) == 49
    by_course = defaultdict(set)
    named = set()
    for course, is_named, theme in result:
        by_course[course].add(theme)
        if is_named == "true":
            named.add(course)
    assert len(by_course) == 35
    assert named == {
        "course:introduction-to-the-child-exploitation-risk-assessment-framework",
        "course:child-exploitation-as-a-health-professional-what-do-you-need-to-know",
    }
    assert by_course["course:introduction-to-the-child-exploitation-risk-assessment-framework"] == {
        "Child Exploitation",
        "Serious Violence",
    }
    assert by_course["course:contextual-safeguarding-beyond-the-family-dynamic"] == {
        "Child Exploitation",
        "Safeguarding Adolescents",
        "Serious Violence",
    }
    assert by_course["course:brook-traffic-light-tool"] == {
        "Safeguarding Adolescents"
    }  # also under CSA and CoC, which do not list CERAF
    assert by_course["course:introduction-to-the-community-partnership-information-form"] == {
        "Child Exploitation",
        "Safeguarding Adolescents",
        "Serious Violence",
    }
    assert "course:analysis-of-risk" not in by_course
    assert "course:prevent-toolkit" not in by_course


def test_training_under_themes_listing_the_cpi_form_follows_documents_about_it(built):
    """003: only Child Exploitation lists the CPI form itself; Safeguarding Adolescents and Serious
    Violence list the CPI Practitioner Sheet, which the tools register says is about the form."""
    result = table(answer(built, "training-under-themes-listing-tool", tool="CPI form"), "course", "title_names_it", "theme_name")
    by_course = defaultdict(set)
    for course, _, theme in result:
        by_course[course].add(theme)
    assert len(by_course) == 35
    assert (
        "course:introduction-to-the-community-partnership-information-form",
        "true",
        "Safeguarding Adolescents",
    ) in result
    assert {course for course, named, _ in result if named == "true"} == {
        "course:introduction-to-the-community-partnership-information-form"
    }
    assert by_course["course:brook-traffic-light-tool"] == {"Safeguarding Adolescents"}


def test_training_under_a_topic_theme(built):
    """003 Prevent theme, TRAINING: six courses; PREVENT, Prevent Toolkit and Prevent Toolkit Tour
    name the theme in their titles."""
    result = table(
        answer(built, "training-under-themes-listing-tool", tool="theme:prevent"), "course", "title_names_it", "theme_name"
    )
    assert result == {
        ("course:prevent", "true", "Prevent"),
        ("course:prevent-toolkit", "true", "Prevent"),
        ("course:prevent-toolkit-tour", "true", "Prevent"),
        ("course:introduction-to-the-risks-associated-with-gaming-and-gambling-in-under-18s", "false", "Prevent"),
        ("course:introduction-to-keeping-children-safe-online", "false", "Prevent"),
        ("course:introduction-to-safeguarding-and-artificial-intelligence", "false", "Prevent"),
    }


def test_courses_under_more_than_three_themes(built):
    """003: counting the TRAINING lists each course appears in, theme by theme (a course under
    both Webinars and eLearning of one theme counts once)."""
    result = table(answer(built, "courses-under-many-themes", n="3"), "course", "themes", "webinar", "elearning", "video")
    assert result == {
        ("course:analysis-of-risk", "5", "false", "true", "false"),
        ("course:introduction-to-identifying-and-supporting-young-carers", "5", "true", "false", "false"),
        ("course:introduction-to-keeping-children-safe-online", "5", "true", "false", "false"),
        ("course:understanding-unidentified-adults", "5", "true", "true", "false"),
        ("course:introduction-to-having-honest-conversations", "4", "true", "false", "false"),
        ("course:introduction-to-safeguarding-infants", "4", "true", "false", "false"),
        ("course:unpacking-disguised-compliance-the-importance-of-professional-curiosity", "4", "true", "false", "false"),
        ("course:introduction-to-the-community-partnership-information-form", "4", "false", "true", "false"),
        (
            "course:introduction-to-differentiating-between-parental-conflict-and-domestic-abuse",
            "4",
            "false",
            "true",
            "false",
        ),
        ("course:contextual-safeguarding-beyond-the-family-dynamic", "4", "true", "false", "false"),
        ("course:child-sexual-abuse-sexual-exploitation-and-group-based-harm", "4", "true", "false", "false"),
        ("course:introduction-to-a-family-approach", "4", "true", "false", "false"),
    }
    assert {course for course, *_ in table(answer(built, "courses-under-many-themes", n="4"))} == {
        "course:analysis-of-risk",
        "course:introduction-to-identifying-and-supporting-young-carers",
        "course:introduction-to-keeping-children-safe-online",
        "course:understanding-unidentified-adults",
    }
    assert len(answer(built, "courses-under-many-themes", n="5")) == 0


def test_themes_without_elearning(built):
    """003: Child Development lists nine webinars; Education for Every Child one webinar; Early
    Help and Prevention only the Early Help Toolkit Tour under "Webinars and eLearning"."""
    assert table(answer(built, "themes-without-elearning"), "name", "courses", "mode_not_stated") == {
        ("Child Development", "9", "0"),
        ("Early Help and Prevention", "1", "1"),
        ("Education for Every Child", "1", "0"),
    }


def test_courses_by_delivery_mode(built):
    """138 courses: 97 webinars and 42 eLearning modules (four are both), two videos from the
    Community and Voluntary Organisations theme, and one course under a heading that does not say."""
    result = rows(answer(built, "courses-by-delivery-mode"), "mode", "courses", "course", "title")
    assert len(result) == 97 + 42 + 2 + 1
    assert {(mode, count) for mode, count, _, _ in result} == {
        ("hips:WebinarMode", "97"),
        ("hips:ELearningMode", "42"),
        ("hips:VideoMode", "2"),
        ("hips:UnstatedMode", "1"),
    }
    per_mode = defaultdict(set)
    for mode, _, _, title in result:
        per_mode[mode].add(title)
    assert per_mode["hips:VideoMode"] == {
        "Introduction to Safeguarding Children in the Voluntary and Community Sector",
        "Introduction to Child Exploitation for the Voluntary and Community Sector",
    }
    assert per_mode["hips:UnstatedMode"] == {"Early Help Toolkit Tour"}
    both = per_mode["hips:WebinarMode"] & per_mode["hips:ELearningMode"]
    assert both == {
        "An Introduction to Private Fostering",
        "Understanding Unidentified Adults",
        "An Introduction to District/Borough/City (Tier 2) Community Safety Partnerships",
        "An Introduction to the Risks Associated with Gaming and Gambling in Under 18's",
    }
    assert "Analysis of Risk" in per_mode["hips:ELearningMode"] and "Analysis of Risk" not in per_mode["hips:WebinarMode"]
    assert "MASH Workshop" in per_mode["hips:WebinarMode"]


# --------------------------------------------------------------------------------------------
# themes and toolkits


def test_themes_listing_the_prevent_toolkit(built):
    """003: "Prevent" (and "Prevent - Hampshire" under Child Exploitation) in the Professionals
    toolkit lists of eleven themes, and "Prevent Toolkit" at the head of the Prevent theme."""
    result = table(answer(built, "themes-listing-toolkit", toolkit="Prevent Toolkit"), "theme_name", "list", "audience")
    professional = {
        "A Multi-Agency Approach to Safeguarding",
        "Adopting a Family Approach",
        "Child Exploitation",
        "Education for Every Child",
        "Harmful Practices",
        "Keeping Children Safe Online",
        "Neglect",
        "Professional Differences",
        "Safeguarding Adolescents",
        "Serious Violence",
        "Understanding Unidentified Adults",
    }
    assert result == {(theme, "lists toolkit for professionals", "Professionals") for theme in professional} | {
        ("Prevent", "own toolkit", "Professionals"),
    }


def test_themes_listing_a_parents_toolkit(built):
    result = table(answer(built, "themes-listing-toolkit", toolkit="Radicalisation Toolkit"), "theme_name", "list", "audience")
    assert ("Prevent", "lists toolkit for parents and carers", "Parents and carers") in result
    assert {audience for _, _, audience in result} == {"Parents and carers"}


def test_theme_overview_of_prevent(built):
    """The Prevent theme lists 21 items (its own toolkit, 3 + 2 toolkits, 2 guidance, 1 Day in
    the Life tool, 1 case study, 5 resources, 6 courses), 20 distinct (Prevent Duty Guidance is
    both guidance and resource): 21 listing triples, 20 item labels and the theme's label."""
    graph = answer(built, "theme-overview", theme="Prevent").graph
    theme = ID["theme/prevent"]
    assert len(graph) == 42
    assert Counter(p for _, p, _ in graph.triples((theme, None, None)) if p != SKOS.prefLabel) == {
        HIPS.hasToolkit: 1,
        HIPS.listsProfessionalToolkit: 3,
        HIPS.listsParentCarerToolkit: 2,
        HIPS.listsGuidance: 2,
        HIPS.listsDayInTheLifeTool: 1,
        HIPS.listsCaseStudy: 1,
        HIPS.listsResource: 5,
        HIPS.listsCourse: 6,
    }
    assert (theme, SKOS.prefLabel, Literal("Prevent", lang="en")) in graph
    assert (theme, HIPS.hasToolkit, ID["toolkit/professionals/prevent-toolkit"]) in graph
    assert (theme, HIPS.listsParentCarerToolkit, ID["toolkit/parents-and-carers/radicalisation-toolkit"]) in graph
    assert (theme, HIPS.listsGuidance, ID["legislation/prevent-duty-guidance"]) in graph
    assert (theme, HIPS.listsResource, ID["legislation/prevent-duty-guidance"]) in graph
    assert (ID["course/prevent"], SKOS.prefLabel, Literal("PREVENT", lang="en")) in graph
    assert (
        ID["document/day-in-the-life-of-a-child-tool"],
        SKOS.prefLabel,
        Literal("Day in the Life of a Child Tool", lang="en"),
    ) in graph
    assert len(set(graph.subjects(SKOS.prefLabel, None))) == 21


def test_toolkit_cross_references(built):
    """Sixteen themes have a toolkit of their own; the toolkits each lists besides it."""
    result = rows(answer(built, "toolkit-cross-references"), "toolkit", "list", "listed")
    assert len(result) == 168
    per_toolkit = Counter(toolkit.rstrip(">").rsplit("/", 1)[1] for toolkit, _, _ in result)
    assert per_toolkit == {
        "adopting-a-family-approach-toolkit": 24,
        "child-exploitation-toolkit": 9,
        "child-on-child-abuse-toolkit": 11,
        "child-sexual-abuse-toolkit": 8,
        "community-and-voluntary-organisations-toolkit": 3,
        "domestic-abuse-toolkit": 14,
        "early-help-and-prevention-toolkit": 10,
        "harmful-practices-toolkit": 9,
        "learning-from-reviews-toolkit": 9,
        "neglect-toolkit": 16,
        "prevent-toolkit": 5,
        "safeguarding-adolescents-toolkit": 13,
        "safeguarding-infants-toolkit": 8,
        "serious-violence-toolkit": 6,
        "strengthening-parental-relationships-toolkit": 9,
        "understanding-unidentified-adults-toolkit": 14,
    }
    assert {
        (listed, kind)
        for toolkit, kind, listed in result
        if toolkit == "<https://w3id.org/hipskg/id/toolkit/professionals/prevent-toolkit>"
    } == {
        ("<https://w3id.org/hipskg/id/toolkit/professionals/serious-violence-toolkit>", "lists toolkit for professionals"),
        ("<https://w3id.org/hipskg/id/toolkit/professionals/child-exploitation-toolkit>", "lists toolkit for professionals"),
        ("<https://w3id.org/hipskg/id/toolkit/professionals/information-sharing-toolkit>", "lists toolkit for professionals"),
        (
            "<https://w3id.org/hipskg/id/toolkit/parents-and-carers/child-exploitation-toolkit>",
            "lists toolkit for parents and carers",
        ),
        (
            "<https://w3id.org/hipskg/id/toolkit/parents-and-carers/radicalisation-toolkit>",
            "lists toolkit for parents and carers",
        ),
    }
    assert all(toolkit != listed for toolkit, _, listed in result)


# --------------------------------------------------------------------------------------------
# forms, tools, procedures and legislation


def test_forms_and_tools(built):
    """17 forms and tools in the curated register plus three the brochure types as tools; the
    procedures of 001 that name them and the courses of 003 whose titles do."""
    result = table(answer(built, "forms-and-tools"), "tool", "link", "item_name")
    assert len(result) == 27
    linked = defaultdict(set)
    for tool, link, item in result:
        linked[tool.removeprefix("document:")].add((link, item))
    assert len(linked) == 20
    assert linked["brook-traffic-light-tool"] == {
        ("named by procedure", "3.7"),
        ("named by procedure", "3.10"),
        ("covered by course", "Brook Traffic Light Tool"),
    }
    assert linked["cpi-form"] == {
        ("named by procedure", "3.2"),
        ("named by procedure", "8.1"),
        ("covered by course", "An Introduction to the Community Partnership Information (CPI) Form"),
    }
    assert linked["ceraf"] == {
        ("covered by course", "An Introduction to the Child Exploitation Risk Assessment Framework (CERAF)"),
        ("covered by course", "Child Exploitation - As a Health Professional, What Do You Need to Know? (Health CERAF)"),
    }  # the sscp page names CERAF too, but it is not a procedure
    assert linked["day-in-the-life-of-a-child-tool"] == {
        ("covered by course", "The Practical Session on the Day in the Life Tool"),
        ("covered by course", "Day in the Life Tool (Practical Session)"),
    }
    assert linked["inter-agency-referral-form"] == {("named by procedure", "1.1"), ("named by procedure", "9.1")}
    assert linked["ppof"] == {("named by procedure", "3.15")}
    assert linked["cserq4"] == {("named by procedure", "3.2")}
    assert linked["child-exploitation-risk-assessment-toolkit"] == {("named by procedure", "3.2")}
    assert linked["fgm-risk-assessment"] == {("named by procedure", "4.2")}
    assert linked["child-death-notification-form"] == linked["child-death-reporting-form"] == {("named by procedure", "7.7")}
    unlinked = {tool for tool, links in linked.items() if links == {("", "")}}
    assert unlinked == {
        "day-in-my-life-tools-adolescent",
        "day-in-my-life-tools-unborn-baby-and-baby",
        "neglect-day-in-my-life-tools",
        "hampshire-and-isle-of-wight-self-assessment-checklist",
        "honour-based-abuse-identification-tool",
        "information-sharing-triage-tool",
        "nspcc-report-and-remove-tool",
        "safeguarding-wallet-card-for-home-visiting-tradespeople-district-councils",
        "signs-and-indicators-a-template-for-identifying-and-recording-concerns-of-csa",
    }


def test_procedures_citing_the_children_act_1989(built):
    """001: 1.3 "Significant harm", 3.3 "Disabled children and the law", 4.1 "Law"."""
    assert table(answer(built, "procedures-citing-legislation", act="Children Act 1989"), "number", "title", "section_name") == {
        ("1.3", "Practice Guidance", "Significant harm"),
        ("3.3", "Abuse of Disabled Children", "Disabled children and the law"),
        ("4.1", "Child Abuse Linked to Spiritual, Cultural or Religious Beliefs", "Law"),
    }


def test_procedures_citing_working_together_2018_by_an_alternative_label(built):
    """001: 1.5, 6.1, 7.1, 7.2, 7.4, 7.5, 7.6 and 7.7 name the 2018 edition; 3.1 and 1.3 name no edition."""
    numbers = {number for (number,) in table(answer(built, "procedures-citing-legislation", act="WT2018"), "number")}
    assert numbers == {"1.5", "6.1", "7.1", "7.2", "7.4", "7.5", "7.6", "7.7"}


def test_legislation_citation_counts(built):
    """Procedures citing each of the 38 pieces of legislation (001 snippets; 7.1 also in 004)."""
    result = table(answer(built, "legislation-citation-counts"), "name", "kind", "year", "link", "procedures")
    assert len(result) == 38
    counts = {name: int(count) for name, _, _, _, count in result}
    assert counts.pop("Working Together to Safeguard Children 2018") == 8
    assert counts.pop("Children Act 2004") == 4
    assert counts.pop("Children Act 1989") == 3
    assert counts.pop("Working Together to Safeguard Children") == 3
    assert counts.pop("Keeping Children Safe in Education") == 2
    never = {  # cited by 002, 003 or 004 documents, never by a procedure
        "Care Act 2014",
        "Crime and Disorder Act 1998",
        "Domestic Abuse Act 2021",
        "Domestic Abuse Act: Statutory Guidance",
        "Domestic Homicide Review Statutory Guidance 2016",
        "Keeping Children Safe in Education 2020",
        "Working Together to Safeguard Children 2023",
    }
    assert {name for name, count in counts.items() if count == 0} == never
    assert {name for name, count in counts.items() if count == 1} == set(counts) - never
    assert len(counts) - len(never) == 26
    assert ("Children Act 2004", "Act", "2004", "<http://www.legislation.gov.uk/id/ukpga/2004/31>", "4") in result
    assert (
        "National Assistance Act 1948",
        "Act",
        "1948",
        "<http://www.legislation.gov.uk/id/ukpga/Geo6/11-12/29>",
        "1",
    ) in result
    assert (
        "General Data Protection Regulation",
        "Regulation",
        "2016",
        "<http://www.legislation.gov.uk/id/eur/2016/679>",
        "1",
    ) in result
    assert ("Working Together to Safeguard Children 2018", "Statutory guidance", "2018", "", "8") in result
    ordered = rows(answer(built, "legislation-citation-counts"), "name")
    assert ordered[0] == ("Working Together to Safeguard Children 2018",)


def test_procedures_citing_legislation_of_2010_to_2015(built):
    assert table(answer(built, "legislation-cited-by-year", from_year="2010", to_year="2015"), "name", "year", "number") == {
        ("Equality Act 2010", "2010", "7.8"),
        ("Working Together to Safeguard Children 2010", "2010", "2.1"),
        ("Protection of Freedoms Act 2012", "2012", "6.1"),
        ("High Security Psychiatric Services (Arrangements for Visits by Children) Directions 2013", "2013", "3.12"),
        ("Anti-social Behaviour, Crime and Policing Act 2014", "2014", "4.3"),
        ("Modern Slavery Act 2015", "2015", "1.2"),
        ("Counter-Terrorism and Security Act 2015", "2015", "3.11"),
        ("Serious Crime Act 2015", "2015", "3.14"),
    }  # the Care Act 2014 is cited only by the SCASP arrangements
    assert len(answer(built, "legislation-cited-by-year", from_year="1900", to_year="1947")) == 0


def test_does_a_procedure_cite_an_act(built):
    def ask(procedure: str, act: str) -> bool:
        return answer(built, "procedure-cites-legislation", procedure=procedure, act=act).askAnswer

    assert ask("procedure:7-1", "Children Act 2004") is True  # 001 and 004 "Safeguarding Partnership Annual Report"
    assert ask("procedure:7-1", "Children Act 1989") is False
    assert ask("procedure:3-3", "National Assistance Act 1948") is True
    assert ask("procedure:3-3", "Care Act 2014") is False


def test_legislation_gaps(built):
    """The curated register gives every Act a legislation.gov.uk identifier but not the 2013
    Directions or the 2019 Bill; nine pieces of statutory guidance are cited without an edition."""
    assert table(answer(built, "legislation-gaps"), "legislation", "kind", "gap") == {
        ("legislation:domestic-abuse-bill-2019", "Bill", "no legislation.gov.uk link"),
        ("legislation:high-security-psychiatric-services-directions-2013", "Regulation", "no legislation.gov.uk link"),
        *{
            (f"legislation:{slug}", "Statutory guidance", "no year")
            for slug in (
                "working-together-to-safeguard-children",
                "keeping-children-safe-in-education",
                "prevent-duty-guidance",
                "channel-duty-guidance",
                "statutory-guidance-on-female-genital-mutilation",
                "statutory-guidance-on-children-who-run-away-or-go-missing",
                "children-missing-education",
                "domestic-abuse-act-statutory-guidance",
                "mental-health-act-code-of-practice",
            )
        },
    }


def test_procedure_cross_references(built):
    """001: "see the Referrals Procedure" and the like, resolved to the procedure referred to."""
    assert table(answer(built, "procedure-cross-references"), "from_number", "to_number", "to_title") == {
        ("1.1", "", "Good Practice supporting the Voice of the Child Procedure"),
        ("1.5", "7.3", "Escalation Policy for the Resolution of Professional Disagreement"),
        ("2.1", "6.1", "Allegations Against Staff or Volunteers"),
        ("3.2", "3.11", "Safeguarding Children and Young People Against Radicalisation and Violent Extremism"),
        ("3.3", "1.1", "Referrals"),
        ("3.4", "1.1", "Referrals"),
        ("3.4", "1.2", "Assessment Procedure"),
        ("3.7", "1.1", "Referrals"),
        ("3.11", "1.1", "Referrals"),
        ("3.14", "1.1", "Referrals"),
        ("4.3", "1.1", "Referrals"),
        ("5.1", "1.1", "Referrals"),
        ("5.1", "2.3", "Family Approach Protocol and Toolkit"),
        ("5.3", "2.3", "Family Approach Protocol and Toolkit"),
        ("5.4", "2.3", "Family Approach Protocol and Toolkit"),
    }
    assert {graph for (graph,) in table(answer(built, "procedure-cross-references"), "graph")} == {MANUAL}


def test_procedures_under_review(built):
    """001: 2.1 "This procedure is currently under review" and 3.13 "The procedure is currently under review"."""
    assert table(answer(built, "procedures-under-review"), "number", "title", "graph", "issued") == {
        ("2.1", "Complex and Organised Abuse", MANUAL, "2020-04-08"),
        ("3.13", "Dangerous Dogs", MANUAL, "2020-04-08"),
    }


def test_chapters_with_procedure_counts(built):
    """001: procedures 1.1-1.6, 2.1-2.3, 3.1-3.18, 4.1-4.3, 5.1-5.4, 6.1, 7.1-7.12, 8.1, 9.1-9.2."""
    assert table(answer(built, "chapters-with-procedure-counts"), "number", "manual_name", "procedures") == {
        (str(n), "HIPS Child Protection Procedures", str(count))
        for n, count in {1: 6, 2: 3, 3: 18, 4: 3, 5: 4, 6: 1, 7: 12, 8: 1, 9: 2}.items()
    }


def test_what_replaced_the_continuum_of_need(built):
    """000: the Southampton Pathways Guidance "replaces the Continuum of Need"."""
    pathways = "document:southampton-safeguarding-children-partnership-pathways-guidance"
    assert table(answer(built, "document-replacements", document="Continuum of Need")) == {
        ("replaced by", pathways, "Southampton Safeguarding Children Partnership Pathways Guidance", SSCP_PAGE),
    }
    assert table(answer(built, "document-replacements", document=pathways)) == {
        ("replaces", "document:continuum-of-need", "Continuum of Need", SSCP_PAGE),
    }


def test_documents_by_type(built):
    """Each document counted under its most specific type. Derivable from the registers and the
    manual: 50 numbered and 6 named procedures, 19 Acts, 3 regulations, 1 bill, 15 pieces of
    statutory guidance, the manual, the 5 sources, 30 toolkits (29 in 003 and the Family Approach
    toolkit of 000), 20 forms and tools of which 4 Day in the Life tools, 7 protocols (six in 001
    and the curated register, Hampshire's suicide prevention protocol in 003), 2 leaflets (001 9.2
    and Hampshire's Early Help leaflet in 003)."""
    counts = {compact(t): int(n) for t, n in table(answer(built, "documents-by-type"), "type", "documents")}
    derivable = {
        "hips:Procedure": 56,
        "hips:Act": 19,
        "hips:Regulation": 3,
        "hips:Bill": 1,
        "hips:StatutoryGuidance": 15,
        "hips:ProceduresManual": 1,
        "hips:SourceDocument": 5,
        "hips:Toolkit": 30,
        "hips:FormOrTool": 16,
        "hips:DayInTheLifeTool": 4,
        "hips:Protocol": 7,
        "hips:Leaflet": 2,
        "hips:Strategy": 7,  # "Strategy Discussions" and "Online Activity Strategy Guide" are guides
    }
    assert {kind: counts[kind] for kind in derivable} == derivable
    assert set(counts) == set(derivable) | {"hips:Guidance", "hips:Resource", "hips:CaseStudy"}
    assert counts["hips:CaseStudy"] >= 17  # one per theme's CASE STUDIES heading in 003, and a few more
    assert counts["hips:Guidance"] > 30 and counts["hips:Resource"] > 30
    assert "hips:Document" not in counts  # every document has a more specific type


# --------------------------------------------------------------------------------------------
# organisations, groups, posts and people


def test_bodies_feeding_into_the_hips_executive_hop_by_hop(built):
    """004 Related groups (partnerships feed in; three groups convened), 002 Appendix 1 (the same
    three groups), 002 Education Subgroup (reports to the SSCP, one hop further)."""
    assert table(
        answer(built, "bodies-feeding-into-path", body="HIPS Executive"), "upstream", "relation", "next", "graph", "hops_after"
    ) == {
        (
            "body:scasp-education-subgroup",
            "hips:reportsTo",
            "body:southampton-safeguarding-children-partnership",
            SCASP_DOC,
            "1",
        ),
        *{
            (f"body:{area}-safeguarding-children-partnership", "hips:feedsInto", EXECUTIVE, PAGE_7_1, "0")
            for area in ("hampshire", "isle-of-wight", "portsmouth", "southampton")
        },
        *{
            (f"body:hips-{group}-group", "hips:convenedBy", EXECUTIVE, graph, "0")
            for group in ("health", "child-exploitation", "procedures")
            for graph in (PAGE_7_1, SCASP_DOC)
        },
    }


def test_bodies_feeding_into_the_scasp_executive_group_hop_by_hop(built):
    """002 Partnership Structure: the Systems Board and the Community Safety Partnership answer to
    the Executive Group; the six subgroups to the Systems Board."""
    result = table(answer(built, "bodies-feeding-into-path", body="SCASP Executive Group"), "upstream", "next", "hops_after")
    subgroups = (
        "partnership-review-group",
        "learning-and-development-group",
        "practice-and-performance-improvement-group",
        "vulnerable-adolescents-board",
        "education-subgroup",
        "mash-strategic-group",
    )
    assert result == {
        ("body:scasp-systems-board", "body:scasp-executive-group", "0"),
        ("body:southampton-community-safety-partnership", "body:scasp-executive-group", "0"),
        *{(f"body:scasp-{group}", "body:scasp-systems-board", "1") for group in subgroups},
    }


def test_bodies_feeding_into_path_counts_the_bodies_still_to_go_around_cycles_too():
    """hops_after is the number of bodies after the next one on some way to the given body, the body included: on a
    chain the hops still to go. The query counts them with "+" paths only (Virtuoso 7.2 loses the zero-length step
    of a "*" path between bound ends); here each row is checked against that definition on a small graph with a
    cycle and a self-loop, for every body, on rdflib and Oxigraph alike."""
    org = {name: ID[f"org/{name}"] for name in "abcdef"}
    links = [
        ("a", HIPS.feedsInto, "b", "x"),
        ("b", HIPS.reportsTo, "c", "x"),
        ("c", HIPS.subgroupOf, "b", "y"),  # b and c: a cycle
        ("d", HIPS.convenedBy, "c", "y"),
        ("e", HIPS.feedsInto, "e", "x"),  # a self-loop
        ("e", HIPS.reportsTo, "a", "y"),
        ("f", HIPS.feedsInto, "d", "x"),
        ("f", HIPS.feedsInto, "d", "y"),
    ]
    following = defaultdict(set)
    for upstream, _, next_, _ in links:
        following[upstream].add(next_)

    def after(start):  # the bodies reached from start in one step or more
        reached, todo = set(), list(following[start])
        while todo:
            if (name := todo.pop()) not in reached:
                reached.add(name)
                todo.extend(following[name])
        return reached

    stores = {kind: open_store(kind) for kind in ("rdflib", "oxigraph")}
    for store in stores.values():
        store.put(ONTOLOGY_GRAPH, Graph().parse(resources.ontology_file()))
    for graph in ("x", "y"):
        stated = Graph()
        for upstream, relation, next_, where in links:
            if where == graph:
                stated.add((org[upstream], relation, org[next_]))
        for store in stores.values():
            store.put(GRAPH[graph], stated)
    query = catalogue()["bodies-feeding-into-path"]
    for body in org:
        answers = {kind: rows(store.query(query.text, {"body": org[body]})) for kind, store in stores.items()}
        assert answers["rdflib"] == answers["oxigraph"], body
        expected = {
            (compact(org[upstream]), compact(relation), compact(org[next_]), compact(GRAPH[where]), str(hops))
            for upstream, relation, next_, where in links
            if upstream != body and (next_ == body or body in after(next_))
            for hops in [len({name for name in after(next_) if name == body or body in after(name)})]
        }
        assert {(u, r, n, g, h) for u, _, r, n, _, g, h in answers["oxigraph"]} == expected, body


def test_subgroups_the_hips_executive_convenes(built):
    assert table(answer(built, "subgroups-of-body", body="HIPS Executive")) == {
        (f"body:hips-{slug}-group", name, "hips:convenedBy", graph)
        for slug, name in (
            ("health", "HIPS Health Group"),
            ("child-exploitation", "HIPS Child Exploitation Group"),
            ("procedures", "HIPS Procedures Group"),
        )
        for graph in (PAGE_7_1, SCASP_DOC)
    }


def test_subgroups_of_scasp(built):
    """002 Sub Groups: the Systems Board and the six subgroups act for the partners."""
    result = table(answer(built, "subgroups-of-body", body="SCASP"), "group", "relation", "graph")
    assert {group for group, _, _ in result} == {
        f"body:scasp-{slug}"
        for slug in (
            "systems-board",
            "partnership-review-group",
            "learning-and-development-group",
            "practice-and-performance-improvement-group",
            "vulnerable-adolescents-board",
            "education-subgroup",
            "mash-strategic-group",
        )
    }
    assert {(relation, graph) for _, relation, graph in result} == {("hips:subgroupOf", SCASP_DOC)}


def test_who_chairs_the_hips_executive(built):
    """001 7.1 "an Independent Chair", 002 Appendix 1 likewise, 004 "Independent Chair and Scrutineer"; nobody named."""
    assert table(answer(built, "chair-of-group", group="HIPS Executive")) == {
        ("<https://w3id.org/hipskg/id/post/hips-executive/independent-chair>", "Independent Chair", "", "", MANUAL),
        ("<https://w3id.org/hipskg/id/post/hips-executive/independent-chair>", "Independent Chair", "", "", SCASP_DOC),
        (
            "<https://w3id.org/hipskg/id/post/hips-executive/independent-chair-and-scrutineer>",
            "Independent Chair and Scrutineer",
            "",
            "",
            PAGE_7_1,
        ),
    }


def test_who_chairs_the_scasp_bodies(built):
    """002: the Executive Group "is chaired by the Chief Executive of the Local Authority, Andrew
    Travers"; the partnership chair is Robert Henderson."""
    assert table(answer(built, "chair-of-group", group="SCASP Executive Group")) == {
        (
            "post:southampton-city-council-chief-executive",
            "Chief Executive",
            "person:andrew-travers",
            "Andrew Travers",
            SCASP_DOC,
        ),
    }
    assert table(answer(built, "chair-of-group", group="SCASP")) == {
        (
            "post:scasp-partnership-chair",
            "Partnership Chair",
            "person:robert-henderson",
            "Robert Henderson",
            SCASP_DOC,
        ),
    }


def test_posts_robert_henderson_holds(built):
    """002: the delegated partners' table and the Partnership Structure paragraph."""
    assert table(
        answer(built, "posts-of-person", person="Robert Henderson"), "post_name", "organisation_name", "chairs", "graph"
    ) == {
        ("Executive Director Community Well-Being for Children & Learning and Adults", "Southampton City Council", "", SCASP_DOC),
        (
            "Partnership Chair",
            "Southampton Children and Adults Safeguarding Partnership",
            "Southampton Children and Adults Safeguarding Partnership",
            SCASP_DOC,
        ),
    }


def test_people_and_posts(built):
    """002: three lead partners (named only), five delegated partners with their posts, the partnership
    chair and the independent scrutineer."""
    assert table(answer(built, "people-and-posts"), "name", "post_name", "organisation_name", "role") == {
        ("Andrew Travers", "Chief Executive", "Southampton City Council", "Lead safeguarding partner"),
        ("Maggie MacIsaac", "", "", "Lead safeguarding partner"),
        ("Scott Chilton", "", "", "Lead safeguarding partner"),
        (
            "Robert Henderson",
            "Executive Director Community Well-Being for Children & Learning and Adults",
            "Southampton City Council",
            "Delegated safeguarding partner",
        ),
        (
            "Robert Henderson",
            "Partnership Chair",
            "Southampton Children and Adults Safeguarding Partnership",
            "Delegated safeguarding partner",
        ),
        (
            "Fiona Holder",
            "Safeguarding Director",
            "Hampshire and Isle of Wight Integrated Care Board",
            "Delegated safeguarding partner",
        ),
        (
            "Nigel LeCointe",
            "Detective Chief Superintendent Head of Specialist Crime",
            "Hampshire and Isle of Wight Constabulary",
            "Delegated safeguarding partner",
        ),
        (
            "Phil Scrase",
            "Head of Child Protection and Specialist Crime",
            "Hampshire and Isle of Wight Constabulary",
            "Delegated safeguarding partner",
        ),
        ("Phil Lamb", "Area Commander", "Hampshire and Isle of Wight Constabulary", "Delegated safeguarding partner"),
        ("Scott MacKechnie", "Independent Scrutineer", "Southampton Children and Adults Safeguarding Partnership", ""),
    }


def test_groups_meeting_quarterly(built):
    """002: "Meeting frequency: Quarterly" for the Systems Board, L&D, the Practice Improvement Group and MASH."""
    assert table(
        answer(built, "groups-meeting-with-frequency", frequency="Quarterly"), "group", "stated", "meetings_per_year", "graph"
    ) == {
        (f"body:scasp-{slug}", "Quarterly", "4", SCASP_DOC)
        for slug in (
            "systems-board",
            "learning-and-development-group",
            "practice-and-performance-improvement-group",
            "mash-strategic-group",
        )
    }


def test_groups_meeting_six_times_a_year_include_every_two_months(built):
    assert table(answer(built, "groups-meeting-with-frequency", frequency="Six times a year"), "group", "stated") == {
        ("body:scasp-executive-group", "Six times a year"),
        ("body:scasp-vulnerable-adolescents-board", "Every two months"),
    }
    assert table(answer(built, "groups-meeting-with-frequency", frequency="Termly"), "group") == {
        ("body:scasp-education-subgroup",)
    }


def test_membership_of_scasp(built):
    """002 Statutory Safeguarding Partners: three lead and five delegated safeguarding partners."""
    lead, delegated = "Lead safeguarding partner", "Delegated safeguarding partner"
    assert table(answer(built, "group-membership", group="SCASP"), "name", "role", "graph") == {
        ("Andrew Travers", lead, SCASP_DOC),
        ("Maggie MacIsaac", lead, SCASP_DOC),
        ("Scott Chilton", lead, SCASP_DOC),
        ("Robert Henderson", delegated, SCASP_DOC),
        ("Fiona Holder", delegated, SCASP_DOC),
        ("Nigel LeCointe", delegated, SCASP_DOC),
        ("Phil Scrase", delegated, SCASP_DOC),
        ("Phil Lamb", delegated, SCASP_DOC),
    }


def test_membership_of_the_hips_executive(built):
    """004 and 002 Appendix 1: Directors of Children's Services, the Chief Superintendent, the ICB;
    002 adds the scrutineer of each local partnership."""
    common = {
        "post:local-authority-director-of-childrens-services",
        "post:hampshire-and-isle-of-wight-constabulary-chief-superintendent-safeguarding",
        "body:hampshire-and-isle-of-wight-integrated-care-board",
    }
    assert table(answer(built, "group-membership", group="HIPS Executive"), "member", "role", "graph") == {
        *{(member, "", PAGE_7_1) for member in common},
        *{(member, "", SCASP_DOC) for member in common | {"post:local-safeguarding-children-partnership-scrutineer"}},
    }


def test_membership_of_the_education_subgroup(built):
    """002 Education Subgroup membership line: thirteen members."""
    result = table(answer(built, "group-membership", group="Education Subgroup"), "name")
    assert len(result) == 13
    assert {("LADO",), ("Police",), ("SCC EWO Service",), ("Education Governor",)} <= result


def test_organisations_covering_southampton_and_hampshire(built):
    assert table(answer(built, "organisations-covering-area", area="Southampton"), "organisation", "graph") == {
        ("body:southampton-safeguarding-children-partnership", MANUAL),  # 001 7.1 Local partnerships arrangements
        (SCASP, SCASP_DOC),  # 002 Geography
        (EXECUTIVE, PAGE_7_1),
        (EXECUTIVE, SCASP_DOC),  # 004 opening and 002 Appendix 1
    }
    assert table(answer(built, "organisations-covering-area", area="Hampshire"), "organisation", "graph") == {
        ("body:hampshire-safeguarding-children-partnership", MANUAL),
        (EXECUTIVE, PAGE_7_1),
        (EXECUTIVE, SCASP_DOC),
    }


def test_partners_and_agencies_of_scasp(built):
    """002: the three statutory partners; 30 relevant agencies; the 175 education settings of
    Appendix 2 (177 entries, two settings listed under two headings)."""
    result = table(answer(built, "partners-and-agencies", partnership="SCASP"), "organisation", "relation", "kind", "graph")
    assert {graph for *_, graph in result} == {SCASP_DOC}
    statutory = {
        (organisation, kind) for organisation, relation, kind, _ in result if relation == "statutory safeguarding partner"
    }
    assert statutory == {
        ("body:southampton-city-council", "Statutory safeguarding partner"),
        ("body:hampshire-and-isle-of-wight-integrated-care-board", "Statutory safeguarding partner"),
        ("body:hampshire-and-isle-of-wight-constabulary", "Statutory safeguarding partner"),
    }
    relevant = [(organisation, kind) for organisation, relation, kind, _ in result if relation == "relevant agency"]
    assert len({organisation for organisation, _ in relevant}) == 205
    kinds = Counter(kind for _, kind in relevant)
    assert kinds["Agency"] == 30
    assert kinds == {
        "Agency": 30,
        "Early years setting": 93,
        "Primary school": 36,
        "Secondary school": 12,
        "Infant school": 10,
        "Junior school": 8,
        "Special school": 6,
        "Further education college": 5,
        "Independent school": 3,
        "Pupil referral unit": 2,
        "All-through school": 1,
        "School": 1,
    }
    assert {kind for organisation, kind in relevant if organisation == "body:hardmoor-early-years-centre"} == {
        "School",
        "Early years setting",
    }
    assert ("body:compass-school", "Pupil referral unit") in relevant
    assert ("body:southampton-football-club", "Agency") in relevant
    assert not any(organisation == "body:police" for organisation, _ in relevant)  # a group member, not a relevant agency


def test_education_settings_by_type(built):
    """002 Appendix 2: the number of entries under each heading."""
    assert table(answer(built, "education-settings-by-type"), "kind", "settings") == {
        ("Early years setting", "93"),
        ("Primary school", "36"),
        ("Secondary school", "12"),
        ("Infant school", "10"),
        ("Junior school", "8"),
        ("Special school", "6"),
        ("Further education college", "5"),
        ("Independent school", "3"),
        ("Pupil referral unit", "2"),
        ("All-through school", "1"),
        ("School", "1"),
    }


def test_organisations_by_type(built):
    """Most specific types: the Appendix 2 headings; 30 relevant agencies and 35 more agencies that
    only appear in group memberships (002); 5 safeguarding partnerships (the four local ones and
    SCASP); 11 other partnerships (four in the organisations register, four curated from 002
    Partnerships, three from its Wider Partnership list); the HIPS Executive and the SCASP
    Executive Group; 10 subgroups (three HIPS, seven SCASP); 3 statutory partners."""
    assert table(answer(built, "organisations-by-type"), "kind", "organisations") == {
        ("Agency", "65"),
        ("Early years setting", "93"),
        ("Primary school", "36"),
        ("Secondary school", "12"),
        ("Infant school", "10"),
        ("Junior school", "8"),
        ("Special school", "6"),
        ("Further education college", "5"),
        ("Independent school", "3"),
        ("Pupil referral unit", "2"),
        ("All-through school", "1"),
        ("School", "1"),
        ("Partnership", "11"),
        ("Safeguarding partnership", "5"),
        ("Group or board", "2"),
        ("Subgroup", "10"),
        ("Statutory safeguarding partner", "3"),
    }


def test_the_amalgamation_that_formed_scasp(built):
    """002 Foreword: "In December 2024, the safeguarding children partnership and the safeguarding adult board have amalgamated"."""
    assert table(answer(built, "organisational-changes"), "event", "date", "original", "resulting", "graph") == {
        (
            "event:scasp-amalgamation-2024",
            "2024-12",
            "body:southampton-safeguarding-children-partnership",
            SCASP,
            SCASP_DOC,
        ),
        ("event:scasp-amalgamation-2024", "2024-12", "body:southampton-safeguarding-adults-board", SCASP, SCASP_DOC),
    }


# --------------------------------------------------------------------------------------------
# sources, provenance and disagreements


def test_where_sources_disagree(built):
    """001 7.1 (2020): four standing subgroups, an Independent Chair; 004 (2024): three, an
    Independent Chair and Scrutineer; 002 Appendix 1: three, an Independent Chair, and the
    "Procedures and Strategy Group" that 004 calls the "Procedures group". 004 and 002 also name
    the constabulary and the ICB differently. Labels differing only in case (Health group /
    Health Group) are not disagreements."""
    assert table(answer(built, "source-disagreements")) == {
        (EXECUTIVE, "hips:standingSubgroupCount", "3", PAGE_7_1, "4", MANUAL),
        (EXECUTIVE, "hips:standingSubgroupCount", "4", MANUAL, "3", SCASP_DOC),
        (
            EXECUTIVE,
            "hips:chairedBy",
            "<https://w3id.org/hipskg/id/post/hips-executive/independent-chair-and-scrutineer>",
            PAGE_7_1,
            "<https://w3id.org/hipskg/id/post/hips-executive/independent-chair>",
            MANUAL,
        ),
        (
            EXECUTIVE,
            "hips:chairedBy",
            "<https://w3id.org/hipskg/id/post/hips-executive/independent-chair-and-scrutineer>",
            PAGE_7_1,
            "<https://w3id.org/hipskg/id/post/hips-executive/independent-chair>",
            SCASP_DOC,
        ),
        (
            "body:hips-procedures-group",
            "rdfs:label",
            "Procedures group",
            PAGE_7_1,
            "Procedures and Strategy Group",
            SCASP_DOC,
        ),
        (
            "body:hampshire-and-isle-of-wight-constabulary",
            "rdfs:label",
            "Hampshire Constabulary",
            PAGE_7_1,
            "Hampshire and Isle of Wight Constabulary",
            SCASP_DOC,
        ),
        (
            "body:hampshire-and-isle-of-wight-integrated-care-board",
            "rdfs:label",
            "Hampshire & Isle of Wight Integrated Care Board (ICB)",
            PAGE_7_1,
            "NHS Hampshire and Isle of Wight",
            SCASP_DOC,
        ),
    }


def test_provenance_of_the_hips_executive(built):
    seven_one = "7.1 Hampshire, Isle of Wight, Portsmouth & Southampton (HIPS) Safeguarding Children Partnership Arrangements"
    assert table(answer(built, "entity-provenance", entity="HIPS Executive"), "graph", "issued", "section") == {
        (MANUAL, "2020-04-08", f"{seven_one} / Chairing of a HIPS Executive"),
        (MANUAL, "2020-04-08", f"{seven_one} / Related groups"),
        (PAGE_7_1, "2024-04-14", seven_one),
        (
            SCASP_DOC,
            "",
            "Appendix 1 - Hampshire, Isle of Wight, Portsmouth & Southampton (HIPS) Safeguarding Children Partnership Executive Group Arrangements",
        ),
        ("hipsg:organisations", "", ""),  # the curated register: names only
    }
    titles = {
        graph: title for graph, title in table(answer(built, "entity-provenance", entity="HIPS Executive"), "graph", "title")
    }
    assert titles["hipsg:organisations"] == "Curated register of organisations and areas"
    assert titles[MANUAL] == "HIPS Child Protection Procedures: search results export"


SOURCES = {
    SSCP_PAGE: (
        "Southampton Safeguarding Children Partnership: Policies and Procedures",
        "policies-page",
        "",
        "000_f6233e978c9a7f44.txt",
        "ea3dedfb0296cf3caf78ea23c6d93a9047e06505f6e9765c41a8b8590da12075",
    ),
    MANUAL: (
        "HIPS Child Protection Procedures: search results export",
        "procedures-manual",
        "2020-04-08",
        "001_5bf50c7bd3b24369.txt",
        "7e2454c467ed7f005bbc904d5072c01356271d04a7d26c0450accdca3dc41440",
    ),
    SCASP_DOC: (
        "Southampton Children and Adults Safeguarding Partnership – Local Multi-Agency Safeguarding Arrangements",
        "safeguarding-arrangements",
        "",
        "002_dcdc1f87d6fb1b24.txt",
        "3ece41ac9b192f69572e593fcb40b8f49e64d8ff19484d24047d35aacd92a959",
    ),
    BROCHURE: (
        "HSCP Multi-Agency Safeguarding Practice Development Brochure 2026-2027",
        "practice-development-brochure",
        "",
        "003_792df8d67c6bd058.txt",
        "3cf2bb6b4b85f917fc9649a28bf2bd3f2b8bb08f7444acf9527c3fa50901df21",
    ),
    PAGE_7_1: (
        "7.1 Hampshire, Isle of Wight, Portsmouth & Southampton (HIPS) Safeguarding Children Partnership Arrangements",
        "procedure-page",
        "2024-04-14",
        "004_8d4652b4ff32ed41.txt",
        "2f6ca1e3ab7028d376bc39545563969a267202bc0d08ee736e605ee89a4d5f9d",
    ),
}


def test_the_sources(built):
    result = answer(built, "sources")
    assert table(result, "source", "title", "layout", "issued", "file_name", "sha256") == {
        (source, *facts) for source, facts in SOURCES.items()
    }
    for row in result:
        assert re.fullmatch(rf"{row.layout}/\d+", str(row.parser_version))  # the parser that read it, and its version
        assert row.ingested.datatype == URIRef("http://www.w3.org/2001/XMLSchema#dateTime")


def test_the_sources_checksums_are_those_of_the_files(seeds):
    for _, _, _, file_name, sha256 in SOURCES.values():
        assert hashlib.sha256((seeds / file_name).read_bytes()).hexdigest() == sha256


def test_describe_the_hips_executive(built):
    """Its statements across the graphs: Group (register) and Organisation (sources); one label
    (the same in three sources), four spellings and the display label; three sources; both
    chairs and both subgroup counts; four areas and four members (004 and 002 Appendix 1)."""
    graph = answer(built, "describe-entity", entity="HIPS Executive").graph
    executive = ID["org/hips-executive"]
    assert len(graph) == 27
    assert set(graph.subjects()) == {executive}
    assert Counter(p for _, p, _ in graph) == {
        RDF.type: 2,
        RDFS.label: 1,
        SKOS.altLabel: 4,
        SKOS.prefLabel: 1,
        URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"): 3,
        HIPS.chairedBy: 2,
        HIPS.coversArea: 4,
        HIPS.hasMember: 4,
        HIPS.sourceSection: 4,
        HIPS.standingSubgroupCount: 2,
    }
    assert set(graph.objects(executive, HIPS.standingSubgroupCount)) == {Literal(3), Literal(4)}
    assert set(graph.objects(executive, HIPS.chairedBy)) == {
        ID["post/hips-executive/independent-chair"],
        ID["post/hips-executive/independent-chair-and-scrutineer"],
    }
    assert set(graph.objects(executive, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))) == {
        GRAPH["hips-procedures-manual-search-export"],
        GRAPH["hips-procedure-7-1"],
        GRAPH["scasp-safeguarding-arrangements"],
    }


def test_a_label_is_matched_by_the_store_and_only_candidates_come_back(built):
    """The store keeps the labels holding every word of the key ("children", "act", "1989"): 1 row, where the longest
    word alone let 24 through and no filter 1,309 (every label)."""
    sizes = []

    def runner(text, bindings):
        result = run(built, text, bindings)
        sizes.append(len(result))
        return result

    assert resolve_entity(runner, "Children Act 1989", "hips:Legislation") == ID["legislation/children-act-1989"]
    assert sizes == [5, 1]  # the subclasses of hips:Legislation, then the one label
