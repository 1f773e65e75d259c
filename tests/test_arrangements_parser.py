"""The safeguarding-arrangements parser (hipskg.ingest.arrangements): the real SCASP document (002) and small texts.

Expected values were read off the source file by hand (the table, the "Membership:" and
"Meeting frequency:" lines, the bullet lists and Appendix 2), not copied from the parser's output.
"""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from hipskg.ingest import arrangements
from hipskg.ingest.layout import SourceFormatError
from hipskg.namespaces import HIPS, ID, ORG
from tests.helpers import SEEDS, curated, parse, seed_text

SEED = SEEDS / "002_dcdc1f87d6fb1b24.txt"

SCASP = ID["org/southampton-children-and-adults-safeguarding-partnership"]
SCC = ID["org/southampton-city-council"]
ICB = ID["org/hampshire-and-isle-of-wight-integrated-care-board"]
POLICE = ID["org/hampshire-and-isle-of-wight-constabulary"]
EXECUTIVE = ID["org/hips-executive"]


def _parse(text: str) -> Graph:
    return parse(arrangements, text)[0]


def _org(name: str) -> URIRef:
    return ID["org/" + name]


def _person(name: str) -> URIRef:
    return ID["person/" + name]


def _label(graph: Graph, iri: URIRef) -> str:
    labels = {str(label) for label in graph.objects(iri, RDFS.label)}
    assert len(labels) == 1, f"{iri}: {labels}"
    return labels.pop()


@pytest.fixture(scope="module")
def source() -> str:
    return seed_text(SEED, "the SCASP arrangements")


@pytest.fixture(scope="module")
def graph(source: str) -> Graph:
    return _parse(source)


@pytest.fixture(scope="module")
def typed(graph: Graph) -> Graph:
    """The parsed graph plus the curated one: curated entities keep their types only in the latter."""
    union = Graph()
    for triple in graph:
        union.add(triple)
    for triple in curated():
        union.add(triple)
    return union


# --- the real document --------------------------------------------------------------------------


def test_detects_the_arrangements_and_nothing_else(source: str) -> None:
    assert arrangements.detect(source)
    for path in sorted(SEEDS.glob("*.txt")):
        if path != SEED:
            assert not arrangements.detect(path.read_text(encoding="utf-8")), path.name


def test_describe(source: str) -> None:
    info = arrangements.describe(source)
    assert info.slug == "scasp-safeguarding-arrangements"
    assert info.title == "Southampton Children and Adults Safeguarding Partnership – Local Multi-Agency Safeguarding Arrangements"
    assert info.issued is None


def test_the_partnership_is_the_curated_one(graph: Graph) -> None:
    assert (SCASP, RDF.type, HIPS.Organisation) in graph
    assert _label(graph, SCASP) == "Southampton Children and Adults Safeguarding Partnership"


def test_delegated_safeguarding_partners(graph: Graph) -> None:
    # The pipe table under "Statutory Safeguarding Partners": name | position | organisation.
    expected = {
        _person("robert-henderson"): ("Executive Director Community Well-Being for Children & Learning and Adults", SCC),
        _person("fiona-holder"): ("Safeguarding Director", ICB),  # "NHS Hampshire and Isle of Wight", a curated alias
        _person("nigel-lecointe"): ("Detective Chief Superintendent Head of Specialist Crime", POLICE),
        _person("phil-scrase"): ("Head of Child Protection and Specialist Crime", POLICE),
        _person("phil-lamb"): ("Area Commander", POLICE),
    }
    memberships = set(graph.subjects(ORG.role, HIPS.DelegatedSafeguardingPartner))
    assert len(memberships) == 5
    assert {graph.value(m, ORG.member) for m in memberships} == set(expected)
    assert all(graph.value(m, ORG.organization) == SCASP for m in memberships)
    for person, (post_title, organisation) in expected.items():
        (post,) = set(graph.subjects(ORG.heldBy, person))
        assert graph.value(post, RDFS.label) == Literal(post_title, lang="en")
        assert graph.value(post, ORG.postIn) == organisation
        assert (post, RDF.type, HIPS.Post) in graph
        assert (person, RDF.type, HIPS.Person) in graph
    assert _label(graph, _person("fiona-holder")) == "Fiona Holder"
    assert set(graph.subjects(HIPS.safeguardingPartnerOf, SCASP)) == {SCC, ICB, POLICE}
    # Spelled in the table as the source spells it, resolved to the curated organisation.
    assert Literal("NHS Hampshire and Isle of Wight", lang="en") in set(graph.objects(ICB, RDFS.label))


def test_membership_iri(graph: Graph) -> None:
    membership = ID["membership/southampton-children-and-adults-safeguarding-partnership/phil-lamb-delegated"]
    assert graph.value(membership, ORG.member) == _person("phil-lamb")
    assert graph.value(membership, ORG.role) == HIPS.DelegatedSafeguardingPartner
    assert (membership, RDF.type, ORG.Membership) in graph


def test_lead_safeguarding_partners(graph: Graph) -> None:
    memberships = set(graph.subjects(ORG.role, HIPS.LeadSafeguardingPartner))
    assert {graph.value(m, ORG.member) for m in memberships} == {
        _person("andrew-travers"),
        _person("maggie-macisaac"),
        _person("scott-chilton"),
    }
    assert all(graph.value(m, ORG.organization) == SCASP for m in memberships)
    assert len(memberships) == 3
    assert _label(graph, _person("maggie-macisaac")) == "Maggie MacIsaac"
    # The sentence after the list ("The lead safeguarding partners have ...") is not a name.
    assert not [p for p in graph.subjects(RDF.type, HIPS.Person) if _label(graph, p).startswith("The ")]


def test_meeting_frequencies(graph: Graph) -> None:
    assert dict(graph.subject_objects(HIPS.meetingFrequency)) == {
        _org("scasp-executive-group"): HIPS.SixTimesAYear,
        _org("scasp-systems-board"): HIPS.Quarterly,
        _org("scasp-partnership-review-group"): HIPS.Monthly,  # "Monthly, with Rapid Reviews convened as ..."
        _org("scasp-learning-and-development-group"): HIPS.Quarterly,
        _org("scasp-practice-and-performance-improvement-group"): HIPS.Quarterly,
        _org("scasp-vulnerable-adolescents-board"): HIPS.EveryTwoMonths,
        _org("scasp-education-subgroup"): HIPS.Termly,
        _org("scasp-mash-strategic-group"): HIPS.Quarterly,  # "Frequency: Quarterly"
    }


def test_group_iris_are_curated(graph: Graph) -> None:
    register = curated()
    for group in graph.subjects(HIPS.meetingFrequency, None):
        assert (group, RDF.type, None) in register, group


def test_mash_strategic_group_members(graph: Graph) -> None:
    # "Membership: Police, Health, Education, Children’s Social Care, Housing, Adult Services, IDVA,
    #  Voluntary Service, inc No Limits, Youth Justice Service, Probation, Early Help, SEND"
    mash = _org("scasp-mash-strategic-group")
    assert set(graph.objects(mash, HIPS.hasMember)) == {
        _org("police"),
        _org("health"),
        _org("education"),
        _org("childrens-social-care"),
        _org("housing"),
        _org("adult-services"),
        _org("independent-domestic-violence-agency"),
        _org("voluntary-service"),
        _org("no-limits"),
        _org("youth-justice-service"),
        _org("probation"),
        _org("early-help"),
        _org("send"),
    }
    assert Literal("Children's Social Care", lang="en") in set(graph.objects(_org("childrens-social-care"), RDFS.label))
    assert Literal("IDVA", lang="en") in set(graph.objects(_org("independent-domestic-violence-agency"), RDFS.label))


def test_change_grow_live_is_one_member(graph: Graph) -> None:
    # L&D and Practice and Performance Improvement list "Change, Grow Live"; the PRG "Change Grow Live".
    cgl = _org("change-grow-live")
    for group in (
        "scasp-learning-and-development-group",
        "scasp-practice-and-performance-improvement-group",
        "scasp-partnership-review-group",
    ):
        members = set(graph.objects(_org(group), HIPS.hasMember))
        assert cgl in members, group
        assert len(members) == 15, group
    subjects = set(graph.subjects())
    assert _org("change") not in subjects and _org("grow-live") not in subjects
    assert not [s for s in subjects if str(s).startswith(str(ID["org/change-"])) and s != cgl]
    labels = {str(label) for label in graph.objects(cgl, RDFS.label)}
    assert labels == {"Change, Grow Live", "Change Grow Live", "Change, Grow, Live (substance and alcohol use service)"}


def test_groups_stated_in_prose_have_no_members(graph: Graph) -> None:
    # "Police, health and social care delegated safeguarding partners and independent scrutineer ..."
    # and "Chairs of subgroups, DSLs and relevant agencies" are not lists of three or more names.
    assert not set(graph.objects(_org("scasp-executive-group"), HIPS.hasMember))
    assert not set(graph.objects(_org("scasp-systems-board"), HIPS.hasMember))


RELEVANT_AGENCIES = {
    "National Probation Service",
    "No Limits",
    "Change, Grow, Live (substance and alcohol use service)",
    "Homelessness and Housing Services",
    "Public Health",
    "Primary Care",
    "Further Education Colleges",
    "Community Groups and Leaders",
    "Energise me sports welfare",
    "Southampton Football Club",
    "Saints Foundation",
    "Youth Justice Service",
    "Adult Social Care",
    "Office of the Police and Crime Commissioner",
    "Coroners Office",
    "Southampton University",
    "Health Care Providers",
    "Faith Groups",
    "South Coast Ambulance Service",
    "Southampton Voluntary Service",
    "Youth Commission",
    "CAMHS",
    "CMHT",
    "Violence Reduction Unit",
    "IDVA",
    "Early Years Settings",
    "University Hospital Trust",
    "Special Schools",
    "Solent University",
    "Hampshire and Isle of Wight Fire and Rescue Service",
}


def test_relevant_agencies(graph: Graph, typed: Graph) -> None:
    agencies = {a for a in graph.subjects(HIPS.relevantAgencyOf, SCASP) if (a, RDF.type, HIPS.Agency) in typed}
    assert len(RELEVANT_AGENCIES) == 30
    assert len(agencies) == 30
    assert _org("change-grow-live") in agencies and _org("independent-domestic-violence-agency") in agencies
    # Every agency carries the spelling of the Relevant Agencies list among its labels.
    found = set()
    for agency in agencies:
        found |= {str(label) for label in graph.objects(agency, RDFS.label)} & RELEVANT_AGENCIES
    assert found == RELEVANT_AGENCIES
    # The bullets of duties before the list are not agencies.
    labels = {str(label) for agency in agencies for label in graph.objects(agency, RDFS.label)}
    assert not [label for label in labels if label.startswith(("Participate", "Work in accordance"))]
    assert set(graph.objects(None, HIPS.relevantAgencyOf)) == {SCASP}


def test_wider_partnerships(graph: Graph) -> None:
    assert set(graph.objects(SCASP, HIPS.linkedPartnership)) == {
        _org("safe-city-partnership"),
        _org("health-and-wellbeing-board"),
        _org("children-and-young-people-board"),
        _org("child-friendly-city"),
        _org("domestic-abuse-and-violence-against-women-and-girls-board"),
    }
    assert Literal("Health and Well being Board", lang="en") in set(graph.objects(_org("health-and-wellbeing-board"), RDFS.label))
    assert (_org("child-friendly-city"), RDF.type, HIPS.Partnership) in graph


SETTINGS_PER_TYPE = {
    HIPS.SecondarySchool: 12,
    HIPS.AllThroughSchool: 1,
    HIPS.SpecialSchool: 6,
    HIPS.PupilReferralUnit: 2,
    HIPS.School: 1,
    HIPS.InfantSchool: 10,
    HIPS.JuniorSchool: 8,
    HIPS.PrimarySchool: 36,
    HIPS.FurtherEducationCollege: 5,
    HIPS.IndependentSchool: 3,
    HIPS.EarlyYearsSetting: 93,
}


def test_education_settings_per_type(graph: Graph) -> None:
    counts = {cls: len(set(graph.subjects(RDF.type, cls))) for cls in SETTINGS_PER_TYPE}
    assert counts == SETTINGS_PER_TYPE


def test_a_setting_listed_under_two_types_is_one_entity(graph: Graph) -> None:
    hardmoor = _org("hardmoor-early-years-centre")
    assert {HIPS.School, HIPS.EarlyYearsSetting} <= set(graph.objects(hardmoor, RDF.type))
    sinclair = _org("sinclair-primary-and-nursery-school")
    assert {HIPS.PrimarySchool, HIPS.EarlyYearsSetting} <= set(graph.objects(sinclair, RDF.type))
    assert graph.value(hardmoor, HIPS.relevantAgencyOf) == SCASP
    # 177 bullets under the eleven headings, two of them repeats of a setting listed under another type.
    settings = {s for cls in SETTINGS_PER_TYPE for s in graph.subjects(RDF.type, cls)}
    assert len(settings) == 175
    assert settings <= set(graph.subjects(HIPS.relevantAgencyOf, SCASP))
    sections = {str(s) for s in graph.objects(hardmoor, HIPS.sourceSection)}
    assert sections == {
        "Appendix 2. List of education settings / School",
        "Appendix 2. List of education settings / Early Years Settings",
    }


def test_hips_executive_from_appendix_1(graph: Graph) -> None:
    post = graph.value(EXECUTIVE, HIPS.chairedBy)
    assert post == ID["post/hips-executive/independent-chair"]
    assert graph.value(post, RDFS.label) == Literal("Independent Chair", lang="en")
    assert graph.value(post, ORG.postIn) == EXECUTIVE
    assert graph.value(EXECUTIVE, HIPS.standingSubgroupCount) == Literal(3)
    assert set(graph.subjects(HIPS.convenedBy, EXECUTIVE)) == {
        _org("hips-health-group"),
        _org("hips-child-exploitation-group"),
        _org("hips-procedures-group"),
    }
    assert Literal("Procedures and Strategy Group", lang="en") in set(graph.objects(_org("hips-procedures-group"), RDFS.label))
    assert set(graph.objects(None, HIPS.chairedBy)) == {post}


def test_truncated_seed(source: str) -> None:
    # Cut inside Appendix 1: the contents list still announces Appendix 2.
    lines = source.splitlines()
    cut = next(i for i, line in enumerate(lines) if line.startswith("- Procedures and Strategy Group"))
    appendix_1 = next(i for i, line in enumerate(lines) if line.startswith("Appendix 1 - ")) + 1
    assert appendix_1 == 333  # the heading's line in the body (the contents entry is "- Appendix 1 - ...")
    with pytest.raises(SourceFormatError) as caught:
        _parse("\n".join(lines[:cut]) + "\n")
    assert str(caught.value) == (
        f"line {cut}: the document ends before section 'Appendix 2. List of education settings' (contents line 35): "
        f"{SECTIONS_ENDED}"
    )


# --- small texts -------------------------------------------------------------------------------

TITLE = "Test Borough Safeguarding Partnership – Local Multi-Agency Safeguarding Arrangements\n"
PARTNERS = "Partners\nName | Position | Organisation |\n---|---|---|\nJane Doe | Director | Test Borough Council |\n"


def small(*sections: str, contents: tuple[str, ...] | None = None) -> str:
    headings = contents if contents is not None else ("Partners",) + tuple(s.splitlines()[0] for s in sections)
    return TITLE + "Contents\n" + "".join(f"- {h}\n" for h in headings) + PARTNERS + "".join(sections)


GROUP = "Alpha Group\nThe group meets.\nMembership: Police, Health, Education\nMeeting frequency: {}\n"
SECTIONS_ENDED = "expected a heading line for each entry of the contents list, in its order; the file looks truncated"


def test_detect_small_texts() -> None:
    assert arrangements.detect(small(GROUP.format("Monthly")))
    assert arrangements.detect("\n\n" + small())
    assert not arrangements.detect("")
    assert not arrangements.detect("   \n")
    assert not arrangements.detect(TITLE + "Contents\n- Partners\nPartners\nNo table here.\n")  # no pipe table
    assert not arrangements.detect("Test Borough – Safeguarding Arrangements\n" + PARTNERS)  # not the title
    assert not arrangements.detect("Contents\n" + TITLE + PARTNERS)  # the title is not the first line


def test_small_document() -> None:
    graph = _parse(small(GROUP.format("Every two months, or when needed")))
    partnership = _org("test-borough-safeguarding-partnership")
    alpha = _org("alpha-group")
    assert graph.value(alpha, HIPS.meetingFrequency) == HIPS.EveryTwoMonths
    assert set(graph.objects(alpha, HIPS.hasMember)) == {_org("police"), _org("health"), _org("education")}
    assert (alpha, RDF.type, HIPS.Group) in graph
    (membership,) = set(graph.subjects(ORG.role, HIPS.DelegatedSafeguardingPartner))
    assert graph.value(membership, ORG.organization) == partnership
    assert graph.value(membership, ORG.member) == _person("jane-doe")
    post = ID["post/test-borough-council/director"]
    assert graph.value(post, ORG.heldBy) == _person("jane-doe")
    assert graph.value(post, ORG.postIn) == _org("test-borough-council")
    assert (_org("test-borough-council"), HIPS.safeguardingPartnerOf, partnership) in graph
    assert arrangements.describe(small()).slug == "tbsp-safeguarding-arrangements"


def _error(text: str) -> SourceFormatError:
    with pytest.raises(SourceFormatError) as caught:
        _parse(text)
    return caught.value


def test_unknown_meeting_frequency() -> None:
    error = _error(small(GROUP.format("Fortnightly")))
    # Line 1 title, 2 Contents, 3-4 entries, 5-8 partners, 9 "Alpha Group", 10-11, 12 the frequency.
    assert str(error) == (
        "line 12: unknown meeting frequency 'Fortnightly': add it to hips:MeetingFrequencies in "
        "ontology/hipskg.ttl and to FREQUENCIES in hipskg.ingest.arrangements"
    )
    assert error.line == 12


def test_unknown_education_setting_type() -> None:
    appendix = (
        "Appendix 2. List of education settings\nPrimary Schools\n- Alpha Primary School\nNursery Schools\n- Little Acorns\n"
    )
    error = _error(small(appendix))
    assert str(error) == (
        "line 12: unknown education setting type 'Nursery Schools': add it to SETTING_TYPES in "
        "hipskg.ingest.arrangements and a class to ontology/hipskg.ttl"
    )


def test_setting_before_any_type_heading() -> None:
    error = _error(small("Appendix 2. List of education settings\n- Alpha Primary School\n"))
    assert str(error) == "line 10: education setting listed before any type heading"


def test_empty_contents_list() -> None:
    text = TITLE + "Contents\n-\nPart 1\n-\n" + PARTNERS
    error = _error(text)
    assert str(error) == "line 2: empty contents list: expected '- Heading' entries after 'Contents'"
    assert error.line == 2


def test_contents_entry_without_a_section() -> None:
    text = small(contents=("Partners", "Alpha Group"))  # the body stops after the partners table
    error = _error(text)
    assert str(error) == f"line 8: the document ends before section 'Alpha Group' (contents line 4): {SECTIONS_ENDED}"
    assert error.line == 8
    more = small(contents=("Partners", "Alpha Group", "Beta Group", "Gamma Group"))
    assert (
        str(_error(more))
        == f"line 10: the document ends before section 'Alpha Group' (contents line 4) and 2 more: {SECTIONS_ENDED}"
    )


GAMMA = GROUP.format("Monthly").replace("Alpha", "Gamma")


def test_a_section_missing_from_the_middle() -> None:
    # Lines: 1 title, 2 Contents, 3-5 entries, 6-9 partners, 10 "Gamma Group".
    text = small(GAMMA, contents=("Partners", "Alpha Group", "Gamma Group"))
    assert str(_error(text)) == (
        "line 4: section 'Alpha Group' of the contents list is missing: expected its heading line between lines 6 and 10"
    )
    with pytest.raises(SourceFormatError):
        arrangements.describe(text)


def test_sections_out_of_the_contents_order() -> None:
    # Gamma Group's section (line 10) comes before Alpha Group's (lines 14-17): none follows Alpha's.
    text = small(GAMMA, GROUP.format("Monthly"), contents=("Partners", "Alpha Group", "Gamma Group"))
    assert str(_error(text)) == f"line 17: the document ends before section 'Gamma Group' (contents line 5): {SECTIONS_ENDED}"


SETTINGS = (
    "Appendix 2. List of education settings\nPrimary Schools\n- Alpha Primary School\nEarly Years Settings\n- Little Acorns\n"
)
AGENCIES = "Relevant Agencies\n- Share information with the partners about children and adults at risk\n- Police\n- Early Years Settings\n"


def test_appendix_2_lists_the_settings_of_every_type_the_relevant_agencies_name() -> None:
    assert arrangements.describe(small(AGENCIES, SETTINGS)).slug == "tbsp-safeguarding-arrangements"
    assert arrangements.describe(small(SETTINGS)).slug == "tbsp-safeguarding-arrangements"  # no agencies named
    cut = small(AGENCIES, SETTINGS.split("Early Years")[0])  # 16 lines, the last "- Alpha Primary School"
    with pytest.raises(SourceFormatError) as caught:
        arrangements.describe(cut)
    assert str(caught.value) == (
        "line 16: the document ends before Appendix 2 lists 'Early Years Settings' (a relevant agency, line 13): "
        "expected a list of settings for each type of education setting named among the Relevant Agencies; "
        "the file looks truncated"
    )


def test_appendix_2_ends_with_settings_under_its_last_heading() -> None:
    cut = small(SETTINGS.removesuffix("- Little Acorns\n"))  # 12 lines, the last "Early Years Settings"
    with pytest.raises(SourceFormatError) as caught:
        arrangements.describe(cut)
    assert str(caught.value) == (
        "line 12: the document ends before the settings under 'Early Years Settings' (line 12): "
        "expected '- Name' lines under each type heading; the file looks truncated"
    )
