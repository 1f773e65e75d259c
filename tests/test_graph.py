"""Coverage of the committed graph: exact counts per class and the answers to the example questions."""

from rdflib import Dataset

from hipskg.catalogue import bind, catalogue
from hipskg.namespaces import GRAPH, ID
from hipskg.sparql import run

MANUAL = GRAPH["hips-procedures-manual-search-export"]
BROCHURE = GRAPH["hscp-practice-development-brochure-2026-2027"]
SCASP = GRAPH["scasp-safeguarding-arrangements"]


def count(ds: Dataset, pattern: str) -> int:
    return int(next(iter(run(ds, f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ {pattern} }}")))[0])


def column(ds: Dataset, query: str, variable: str = "x") -> set[str]:
    return {str(row[variable]) for row in run(ds, query)}


def test_procedures_chapters_and_sections(built):
    assert count(built, "?e hips:procedureNumber ?n") == 50
    assert count(built, "?e a hips:Chapter") == 9
    assert count(built, f"GRAPH <{MANUAL}> {{ ?e a hips:ProcedureSection }}") == 216
    assert count(built, f"GRAPH <{MANUAL}> {{ ?p hips:hasSection ?e }}") == 216
    per_chapter = {
        int(row.c): int(row.n)
        for row in run(built, "SELECT ?c (COUNT(?p) AS ?n) WHERE { ?p hips:inChapter/hips:chapterNumber ?c } GROUP BY ?c")
    }
    assert per_chapter == {1: 6, 2: 3, 3: 18, 4: 3, 5: 4, 6: 1, 7: 12, 8: 1, 9: 2}


def test_unnumbered_procedures_referred_to_by_name(built):
    names = column(
        built, "SELECT ?x WHERE { ?p a hips:Procedure ; skos:prefLabel ?x FILTER NOT EXISTS { ?p hips:procedureNumber ?n } }"
    )
    assert names == {
        "Good Practice supporting the Voice of the Child Procedure",
        "HIPS Child Exploitation Procedures",
        "HIPS Procedure on Harmful Practices Linked to Faith or Culture",
        "HIPS Procedure on Safe Sleep for Babies and Infants",
        "HIPS Procedure on Working Together to Resolve Professional Differences (escalation and resolution)",
        "HIPS Procedures on Child Sexual Abuse",
    }


def test_themes_courses_and_delivery_modes(built):
    assert count(built, "?e a hips:Theme") == 21
    assert count(built, "?e a hips:TrainingCourse") == 138
    assert count(built, "?e a hips:Webinar") == 97
    assert count(built, "?e a hips:ELearning") == 42
    assert count(built, "?e a hips:VideoCourse") == 2
    assert count(built, "?e hips:deliveryMode hips:UnstatedMode") == 1
    assert count(built, "?t hips:listsCourse ?e") == 138  # every course listed under a theme
    assert count(built, "?e a hips:TrainingCourse FILTER NOT EXISTS { ?e hips:deliveryMode ?m }") == 0


def test_a_course_under_many_themes_is_one_node(built):
    themes = column(
        built,
        """SELECT ?x WHERE { ?c skos:prefLabel "Unpacking Disguised Compliance - The Importance of Professional Curiosity"@en .
                                              ?t hips:listsCourse ?c ; skos:prefLabel ?x }""",
    )
    assert themes == {"A Multi-Agency Approach to Safeguarding", "Adopting a Family Approach", "Learning from Reviews", "Neglect"}


def test_distinct_things_with_similar_names_stay_distinct(built):
    prevent = column(
        built,
        """SELECT ?x WHERE { ?x skos:prefLabel|skos:altLabel|rdfs:label ?l FILTER(LCASE(STR(?l)) IN ("prevent", "prevent toolkit", "prevent duty guidance: england and wales")) }""",
    )
    assert prevent == {
        str(ID["theme/prevent"]),
        str(ID["course/prevent"]),
        str(ID["course/prevent-toolkit"]),  # the eLearning module, distinct from the toolkit itself
        str(ID["toolkit/professionals/prevent-toolkit"]),
        str(ID["legislation/prevent-duty-guidance"]),
    }


def test_legislation_with_years_and_sources(built):
    assert count(built, "?e a hips:Act") == 19
    assert count(built, "?e a hips:Act FILTER NOT EXISTS { ?e hips:year ?y }") == 0
    assert count(built, "?e a hips:Act FILTER NOT EXISTS { ?e skos:exactMatch ?link }") == 0
    unsourced = column(
        built, "SELECT ?x WHERE { ?x a/rdfs:subClassOf* hips:Legislation FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?source } }"
    )
    assert unsourced == set()


def test_procedures_citing_the_children_act_2004(built):
    cited = column(
        built, f"SELECT ?x WHERE {{ ?p hips:cites <{ID['legislation/children-act-2004']}> ; hips:procedureNumber ?x }}"
    )
    assert cited == {"1.1", "1.3", "7.1", "7.2"}


def test_organisations_of_the_arrangements(built):
    frequencies = {
        str(row.g).rsplit("/", 1)[1]: str(row.f).rsplit("#", 1)[1]
        for row in run(built, "SELECT ?g ?f WHERE { ?g hips:meetingFrequency ?f }")
    }
    assert frequencies == {
        "scasp-executive-group": "SixTimesAYear",
        "scasp-systems-board": "Quarterly",
        "scasp-partnership-review-group": "Monthly",
        "scasp-learning-and-development-group": "Quarterly",
        "scasp-practice-and-performance-improvement-group": "Quarterly",
        "scasp-vulnerable-adolescents-board": "EveryTwoMonths",
        "scasp-education-subgroup": "Termly",
        "scasp-mash-strategic-group": "Quarterly",
    }
    assert count(built, "?e hips:relevantAgencyOf ?p ; a hips:Agency") == 30
    assert count(built, "?e a hips:StatutoryPartner") == 3
    assert count(built, "?e a hips:Person") == 9
    holders = column(built, "SELECT ?x WHERE { ?post org:heldBy/skos:prefLabel ?x }")
    assert holders == {
        "Robert Henderson",
        "Fiona Holder",
        "Nigel LeCointe",
        "Phil Scrase",
        "Phil Lamb",
        "Andrew Travers",
        "Scott MacKechnie",
    }


def test_education_settings_by_type(built):
    by_type = {
        str(row.t).rsplit("#", 1)[1]: int(row.n)
        for row in run(
            built,
            """
        SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?t . ?t rdfs:subClassOf* hips:EducationSetting FILTER(?t != hips:EducationSetting) } GROUP BY ?t""",
        )
    }
    assert by_type == {
        "SecondarySchool": 12,
        "AllThroughSchool": 1,
        "SpecialSchool": 6,
        "PupilReferralUnit": 2,
        "School": 1,
        "InfantSchool": 10,
        "JuniorSchool": 8,
        "PrimarySchool": 36,
        "FurtherEducationCollege": 5,
        "IndependentSchool": 3,
        "EarlyYearsSetting": 93,
    }


def test_sources_disagree_about_the_hips_executive(built):
    executive = ID["org/hips-executive"]
    per_graph = {
        str(row.g).rsplit("/", 1)[1]: (int(row.n), str(row.chair).rsplit("/", 1)[1])
        for row in run(
            built,
            f"SELECT ?g ?n ?chair WHERE {{ GRAPH ?g {{ <{executive}> hips:standingSubgroupCount ?n ; hips:chairedBy ?chair }} }}",
        )
    }
    assert per_graph == {
        "hips-procedures-manual-search-export": (4, "independent-chair"),
        "hips-procedure-7-1": (3, "independent-chair-and-scrutineer"),
        "scasp-safeguarding-arrangements": (3, "independent-chair"),
    }
    names = column(built, f"SELECT ?x WHERE {{ GRAPH ?g {{ <{ID['org/hips-procedures-group']}> rdfs:label ?x }} }}")
    assert names == {"Procedures group", "Procedures and Strategy Group"}


def answer(ds: Dataset, name: str, **params: str) -> list:
    query = catalogue()[name]
    return list(run(ds, query.text, bind(query, ds, params)))


def test_which_training_covers_ceraf(built):
    titles = {str(row.title) for row in answer(built, "training-covering", tool="CERAF")}
    assert titles == {
        "An Introduction to the Child Exploitation Risk Assessment Framework (CERAF)",
        "Child Exploitation - As a Health Professional, What Do You Need to Know? (Health CERAF)",
    }


def test_which_bodies_feed_into_the_hips_executive(built):
    bodies = {str(row.source_body).rsplit("/", 1)[1] for row in answer(built, "bodies-feeding-into", body="HIPS Executive")}
    assert bodies == {
        "hips-health-group",
        "hips-child-exploitation-group",
        "hips-procedures-group",
        "hampshire-safeguarding-children-partnership",
        "isle-of-wight-safeguarding-children-partnership",
        "portsmouth-safeguarding-children-partnership",
        "southampton-safeguarding-children-partnership",
    }


def test_bodies_feeding_into_the_hips_executive_at_any_depth(built):
    rows = {
        str(row.upstream).rsplit("/", 1)[1]: row.direct.toPython()
        for row in answer(built, "bodies-feeding-into-transitively", body="HIPS Executive")
    }
    assert rows["scasp-education-subgroup"] is False  # via the Southampton partnership it reports to
    assert {name for name, direct in rows.items() if direct} == {
        "hips-health-group",
        "hips-child-exploitation-group",
        "hips-procedures-group",
        "hampshire-safeguarding-children-partnership",
        "isle-of-wight-safeguarding-children-partnership",
        "portsmouth-safeguarding-children-partnership",
        "southampton-safeguarding-children-partnership",
    }


def test_the_prevent_theme_lists_everything_the_brochure_gives_it(built):
    theme = ID["theme/prevent"]

    def listed(predicate: str) -> set[str]:
        return column(built, f"SELECT ?x WHERE {{ <{theme}> {predicate} ?d . ?d skos:prefLabel ?x }}")

    assert listed("hips:hasToolkit") == {"Prevent Toolkit"}
    assert listed("hips:listsProfessionalToolkit") == {
        "Serious Violence Toolkit",
        "Child Exploitation Toolkit",
        "Information Sharing Toolkit",
    }
    assert listed("hips:listsParentCarerToolkit") == {"Child Exploitation Toolkit", "Radicalisation Toolkit"}
    assert listed("hips:listsGuidance") == {"Hampshire Prevent Partnership Board", "Prevent Duty Guidance: England and Wales"}
    assert listed("hips:listsDayInTheLifeTool") == {"Day in the Life of a Child Tool"}
    assert listed("hips:listsCaseStudy") == {"Prevent Case Studies"}
    assert listed("hips:listsResource") == {
        "Prevent Duty Guidance: England and Wales",
        "Prevent: An Introduction (Home Office video)",
        "The Prevent Duty: Safeguarding Learners Vulnerable to Radicalisation (support for education settings)",
        "Channel and Prevent Multi-Agency Panel (PMAP) Guidance",
        "Counter-terrorism Strategy (CONTEST)",
    }
    assert listed("hips:listsCourse") == {  # webinars and eLearning; the gaming course is offered both ways
        "PREVENT",
        "Prevent Toolkit Tour",
        "An Introduction to the Risks Associated with Gaming and Gambling in Under 18's",
        "An Introduction to Keeping Children Safe Online",
        "Prevent Toolkit",
        "An Introduction to Safeguarding and Artificial Intelligence",
    }
