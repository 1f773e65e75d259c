"""The practice development brochure parser: small inline brochures, then the real seed (003).

Expected values for the seed were counted from the source text by hand, not from parser output.
"""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from hipskg.ingest import brochure
from hipskg.ingest.layout import SourceFormatError
from hipskg.namespaces import GRAPH, HIPS, ID
from tests.helpers import SEEDS, parse, seed_text

SEED = SEEDS / "003_792df8d67c6bd058.txt"

BANNER = "STOP\n\n\n\nHampshire\nSafeguarding\nChildren\nPartnership\n\nSAFEGUARDING THEME OVERVIEW PACK\n\n"
HEAD = "\n\nMULTI-AGENCY SAFEGUARDING PRACTICE DEVELOPMENT BROCHURE\n\n2026-2027\n\nINTRODUCTION\n\nWelcome.\n\n"
CONTENTS = "CONTENTS\n\n- [Neglect](#)\n- [Professional Differences](#)\n\n"


def run(text: str) -> Graph:
    return parse(brochure, text)[0]


def page(heading: str, body: str) -> str:
    return f"{BANNER}{heading}\n\n{body}\n\n"


def mini(*pages: str, contents: str = CONTENTS) -> str:
    return HEAD + contents + "".join(pages)


def theme(title: str) -> URIRef:
    return ID["theme/" + title]


def course_named(graph: Graph, title: str) -> URIRef:
    found = {c for c in graph.subjects(RDFS.label, Literal(title, lang="en")) if (c, RDF.type, HIPS.TrainingCourse) in graph}
    assert len(found) == 1, f"{title!r}: {found}"
    return found.pop()


MINI_NEGLECT = page(
    "NEGLECT",
    """Neglect is the persistent failure to meet a child's needs.

SUPPORTING TOOLKITS

HIPS Neglect Toolkit

Professionals

- [Prevent - Hampshire](#)
- [Neglect](#)

Parents & carers

- [Supporting Parents & Carers for Under Ones](#)

[BOOK a Toolkit Tour](#)

STRATEGY, GUIDANCE & PROCEDURES

- [HIPS Procedures](#)
- [Prevent Duty Guidance: England and Wales](#)
- [HIPS Procedure on Safe Sleep for Babies and Infants](#)
- [Practitioner Guides:](#)
 - [Obesity](#)
- [Neglect Strategy](#)

DAY IN THE LIFE

CASE STUDIES

[Day in the Life of a Child Tool](#)

[Neglect Case Studies](#)

TRAINING

[Webinars and eLearning](#)

- Neglect Toolkit Tour
- Neglect Toolkit eLearning
- An Introduction to the Child Exploitation Risk Assessment Framework (CERAF)

IF YOU DO ONE THING...

- Use the [Day in My Life Tool](#).""",
)
MINI_DIFFERENCES = page(
    "WORKING TOGETHER TO RESOLVE PROFESSIONAL DIFFERENCES",
    """Professional challenge matters.

Working Together to Resolve Professional Differences

TRAINING

Webinars

- Child-on-Child Abuse
- Introduction to CERAF (Practical Session)

eLearning

- Child on Child Abuse

IF YOU DO ONE THING...

Raise a concern early.""",
)


# --- detect and describe -------------------------------------------------------------------------


def test_detect_reads_structure() -> None:
    assert brochure.detect(mini(MINI_NEGLECT))
    assert not brochure.detect(HEAD + CONTENTS)  # no STOP pages
    assert not brochure.detect(HEAD + MINI_NEGLECT)  # no CONTENTS list
    assert not brochure.detect("1.1 Referrals\n\nReferrals - text")


def test_describe_reads_the_edition() -> None:
    info = brochure.describe(mini(MINI_NEGLECT, MINI_DIFFERENCES))
    assert info.slug == "hscp-practice-development-brochure-2026-2027"
    assert info.title == "HSCP Multi-Agency Safeguarding Practice Development Brochure 2026-2027"
    assert info.edition == "2026-2027"


def test_describe_without_edition() -> None:
    with pytest.raises(SourceFormatError) as error:
        brochure.describe("\nMULTI-AGENCY BROCHURE\n\nINTRODUCTION\n")
    assert error.value.line == 4
    assert str(error.value) == (
        "line 4: expected the brochure's edition (e.g. '2026-2027') on the second non-blank line, found 'INTRODUCTION'"
    )


def describe_error(text: str) -> str:
    with pytest.raises(SourceFormatError) as error:
        brochure.describe(text)
    return str(error.value)


ENDED = "the file looks truncated"
THREE = CONTENTS.replace("- [Neglect](#)\n", "- [Neglect](#)\n- [Prevent](#)\n")  # the themes on lines 13-15
PREVENT = page("PREVENT", "Prevent matters.\n\nIF YOU DO ONE THING...\n\nKnow the signs.")


def test_describe_wants_pages_for_every_theme_of_the_contents() -> None:
    one = mini(MINI_NEGLECT)  # 73 lines; the CONTENTS list promises two themes
    assert describe_error(one) == (
        "line 73: the brochure ends before the STOP pages of 'Professional Differences' (CONTENTS line 14): "
        f"expected pages for every theme of the CONTENTS list; {ENDED}"
    )
    assert describe_error(mini(contents=THREE)) == (
        "line 15: the brochure ends before the STOP pages of 'Neglect' (CONTENTS line 13) and 2 more: "
        f"expected pages for every theme of the CONTENTS list; {ENDED}"
    )
    assert describe_error(mini(MINI_NEGLECT, MINI_DIFFERENCES, contents=THREE)) == (
        "line 14: theme 'Prevent' of the CONTENTS list has no STOP pages: add its pages or remove it from CONTENTS"
    )
    assert brochure.describe(mini(MINI_NEGLECT, PREVENT, MINI_DIFFERENCES, contents=THREE)).edition == "2026-2027"


def test_describe_wants_the_last_page_closed_by_its_advice() -> None:
    complete = mini(MINI_NEGLECT, MINI_DIFFERENCES)
    lines = complete.splitlines()
    closing = lines.index("IF YOU DO ONE THING...", lines.index("WORKING TOGETHER TO RESOLVE PROFESSIONAL DIFFERENCES")) + 1
    stop = len(lines) - lines[::-1].index("STOP")
    assert describe_error("\n".join(lines[: closing - 2])) == (  # the blank line before it goes too
        f"line {closing - 2}: the brochure ends before 'IF YOU DO ONE THING...', the closing section of its last STOP page "
        f"(line {stop}): expected it and its advice at the end of the page; {ENDED}"
    )
    for cut, last in ((complete.rstrip().removesuffix(" early."), closing + 2), ("\n".join(lines[:closing]), closing)):
        assert describe_error(cut) == (
            f"line {last}: the brochure ends before the end of the advice under 'IF YOU DO ONE THING...' (line {closing}): "
            f"expected advice that ends a sentence; {ENDED}"
        )


# --- parse: small brochures ------------------------------------------------------------------


def test_mini_themes_toolkits_and_alt_title() -> None:
    g = run(mini(MINI_NEGLECT, MINI_DIFFERENCES))
    neglect, differences = theme("neglect"), theme("professional-differences")
    scheme = ID["scheme/hscp-safeguarding-themes"]
    assert set(g.subjects(SKOS.inScheme, scheme)) == {neglect, differences}
    assert (differences, SKOS.altLabel, Literal("Working Together to Resolve Professional Differences", lang="en")) in g
    assert (GRAPH["x"], HIPS.publishedBy, ID["org/hampshire-safeguarding-children-partnership"]) in g

    prevent = ID["toolkit/professionals/prevent-toolkit"]  # curated: "Prevent - Hampshire"
    own = ID["toolkit/professionals/neglect-toolkit"]
    under_ones = ID["toolkit/parents-and-carers/supporting-parents-and-carers-of-under-ones-toolkit"]
    assert set(g.objects(neglect, HIPS.hasToolkit)) == {own}
    assert set(g.objects(neglect, HIPS.listsProfessionalToolkit)) == {prevent, own}
    assert set(g.objects(neglect, HIPS.listsParentCarerToolkit)) == {under_ones}
    assert (under_ones, HIPS.audience, HIPS.ParentsAndCarers) in g
    assert not any(g.triples((None, HIPS.toolkitOf, None)))  # one direction of each inverse pair
    assert not [label for label in g.objects(None, RDFS.label) if "BOOK" in label]  # booking links are skipped


def test_mini_documents() -> None:
    g = run(mini(MINI_NEGLECT, MINI_DIFFERENCES))
    neglect = theme("neglect")
    assert set(g.objects(neglect, HIPS.listsGuidance)) == {
        ID["manual/hips-child-protection-procedures"],
        ID["legislation/prevent-duty-guidance"],
        ID["procedure/hips-procedure-on-safe-sleep-for-babies-and-infants"],  # not numbered: no manual parsed
        ID["document/obesity"],  # under "Practitioner Guides:", which is a heading, not a document
        ID["document/neglect-strategy"],
    }
    assert (
        ID["document/obesity"],
        HIPS.sourceSection,
        Literal("Neglect / STRATEGY, GUIDANCE & PROCEDURES / Practitioner Guides"),
    ) in g
    assert (ID["document/neglect-strategy"], RDF.type, HIPS.Strategy) in g
    # DAY IN THE LIFE followed at once by CASE STUDIES: each item goes where it belongs.
    day = ID["document/day-in-the-life-of-a-child-tool"]
    assert set(g.objects(neglect, HIPS.listsDayInTheLifeTool)) == {day}
    assert set(g.objects(neglect, HIPS.listsCaseStudy)) == {ID["document/neglect-case-studies"]}
    assert (day, HIPS.sourceSection, Literal("Neglect / DAY IN THE LIFE")) in g


def test_mini_courses() -> None:
    g = run(mini(MINI_NEGLECT, MINI_DIFFERENCES))
    tour = course_named(g, "Neglect Toolkit Tour")
    assert set(g.objects(tour, HIPS.deliveryMode)) == {HIPS.UnstatedMode}
    assert (tour, HIPS.sourceSection, Literal("Neglect / TRAINING / Webinars and eLearning")) in g
    elearning = course_named(g, "Neglect Toolkit eLearning")
    assert set(g.objects(elearning, HIPS.deliveryMode)) == {HIPS.ELearningMode}
    assert (elearning, RDF.type, HIPS.ELearning) in g
    assert set(g.objects(elearning, HIPS.coversTopic)) == {theme("neglect")}
    # The same course as a webinar and as eLearning, under two spellings.
    abuse = course_named(g, "Child-on-Child Abuse")
    assert abuse == course_named(g, "Child on Child Abuse")
    assert set(g.objects(abuse, HIPS.deliveryMode)) == {HIPS.WebinarMode, HIPS.ELearningMode}
    ceraf = ID["document/ceraf"]
    assert set(g.subjects(HIPS.coversTool, ceraf)) == {
        course_named(g, "An Introduction to the Child Exploitation Risk Assessment Framework (CERAF)"),
        course_named(g, "Introduction to CERAF (Practical Session)"),
    }


# --- parse: errors ------------------------------------------------------------------------------


def error_of(text: str) -> SourceFormatError:
    with pytest.raises(SourceFormatError) as error:
        run(text)
    return error.value


def line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


def test_heading_without_theme() -> None:
    text = mini(page("DRUG ABUSE", "Intro."))
    error = error_of(text)
    assert error.line == line_of(text, "DRUG ABUSE")
    assert str(error) == (
        f"line {error.line}: STOP page heading 'DRUG ABUSE' matches no theme of the CONTENTS list; "
        "add the theme to CONTENTS or correct the heading"
    )


def test_list_item_before_any_section() -> None:
    text = mini(page("NEGLECT", "Intro.\n\n- [Stray](#)"))
    error = error_of(text)
    assert error.line == line_of(text, "- [Stray](#)")
    assert str(error) == (
        f"line {error.line}: list item '- [Stray](#)' in theme 'Neglect' comes before any section heading; "
        "expected one of: SUPPORTING TOOLKITS; STRATEGY, GUIDANCE & PROCEDURES; PROFESSIONAL RESOURCES; "
        "DAY IN THE LIFE; CASE STUDIES; TRAINING; ADDITIONAL RESOURCES"
    )


def test_list_item_before_first_page() -> None:
    text = mini(MINI_NEGLECT, contents=CONTENTS + "Some prose.\n\n- [Stray](#)\n\n")
    error = error_of(text)
    assert error.line == line_of(text, "- [Stray](#)")
    assert str(error) == (
        f"line {error.line}: list item '- [Stray](#)' is outside any known section: it comes before the first STOP page"
    )


def test_unknown_training_sub_heading() -> None:
    text = mini(page("NEGLECT", "TRAINING\n\nPodcasts\n\n- Neglect Explained"))
    error = error_of(text)
    assert error.line == line_of(text, "Podcasts")
    assert str(error) == (
        f"line {error.line}: unexpected line 'Podcasts' in Neglect / TRAINING; expected a delivery sub-heading "
        "(Webinars, eLearning, Videos, Webinars and eLearning) or '- Title' items"
    )


def test_missing_contents() -> None:
    text = HEAD + MINI_NEGLECT
    error = error_of(text)
    assert error.line == line_of(text, "STOP")
    assert str(error) == (
        f"line {error.line}: no CONTENTS line before the first STOP page; list the themes under a line reading "
        "CONTENTS as '- [Theme title](#)' items"
    )


def test_empty_contents() -> None:
    text = mini(MINI_NEGLECT, contents="CONTENTS\n\n")
    error = error_of(text)
    assert error.line == line_of(text, "CONTENTS")
    assert str(error) == f"line {error.line}: the CONTENTS list is empty; expected '- [Theme title](#)' items after it"


# --- the real brochure ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Graph:
    text = seed_text(SEED, "the practice development brochure")
    assert brochure.detect(text)
    assert brochure.describe(text).edition == "2026-2027"
    return run(text)


def courses(g: Graph) -> set[URIRef]:
    return set(g.subjects(RDF.type, HIPS.TrainingCourse))


def test_seed_themes(seed: Graph) -> None:
    assert len(set(seed.subjects(RDF.type, HIPS.Theme))) == 21
    assert len(set(seed.subjects(SKOS.inScheme, ID["scheme/hscp-safeguarding-themes"]))) == 21
    # 16 themes name their own toolkit at the head of SUPPORTING TOOLKITS.
    assert len(set(seed.subjects(HIPS.hasToolkit, None))) == 16


def test_seed_toolkits(seed: Graph) -> None:
    def by_audience(audience: URIRef) -> int:
        return len(set(seed.subjects(HIPS.audience, audience)))

    # 19 subject toolkits + the "Professional Toolkits" collection; 7 + "Parents and Carers Toolkits"; 1.
    assert by_audience(HIPS.Professionals) == 20
    assert by_audience(HIPS.ParentsAndCarers) == 8
    assert by_audience(HIPS.ChildrenAndYoungPeople) == 1

    exploitation = theme("child-exploitation")
    professionals = ID["toolkit/professionals/"]
    parents = ID["toolkit/parents-and-carers/"]
    assert set(seed.objects(exploitation, HIPS.hasToolkit)) == {professionals + "child-exploitation-toolkit"}
    assert set(seed.objects(exploitation, HIPS.listsProfessionalToolkit)) == {
        professionals + name
        for name in (
            "serious-violence-toolkit",
            "harmful-practices-toolkit",
            "prevent-toolkit",
            "safeguarding-adolescents-toolkit",
            "modern-slavery-toolkit",
            "information-sharing-toolkit",
        )
    }
    assert set(seed.objects(exploitation, HIPS.listsParentCarerToolkit)) == {
        parents + name for name in ("child-exploitation-toolkit", "supporting-your-adolescent-toolkit", "radicalisation-toolkit")
    }
    community = theme("community-and-voluntary-organisations")
    assert set(seed.objects(community, HIPS.listsProfessionalToolkit)) == {professionals + "professional-toolkits"}
    assert set(seed.objects(community, HIPS.listsParentCarerToolkit)) == {parents + "parents-and-carers-toolkits"}
    assert set(seed.objects(community, HIPS.listsChildToolkit)) == {
        ID["toolkit/children-and-young-people/children-and-young-people-toolkits"]
    }
    family = theme("adopting-a-family-approach")
    assert parents + "supporting-parents-and-carers-of-under-ones-toolkit" in set(
        seed.objects(family, HIPS.listsParentCarerToolkit)
    )


def test_seed_course_counts(seed: Graph) -> None:
    def with_mode(mode: URIRef) -> int:
        return len(set(seed.subjects(HIPS.deliveryMode, mode)))

    # 250 training listings, 160 distinct spellings, 22 of them variants of another.
    assert len(courses(seed)) == 138
    assert with_mode(HIPS.WebinarMode) == 97
    assert with_mode(HIPS.ELearningMode) == 42
    assert with_mode(HIPS.VideoMode) == 2
    assert with_mode(HIPS.UnstatedMode) == 1  # Early Help Toolkit Tour
    assert set(seed.subjects(HIPS.deliveryMode, HIPS.UnstatedMode)) == {course_named(seed, "Early Help Toolkit Tour")}
    assert len({c for c in courses(seed) if len(set(seed.subjects(HIPS.listsCourse, c))) > 1}) == 58


def test_seed_ceraf(seed: Graph) -> None:
    ceraf_intro = course_named(seed, "An Introduction to the Child Exploitation Risk Assessment Framework (CERAF)")
    assert set(seed.subjects(HIPS.listsCourse, ceraf_intro)) == {theme("child-exploitation"), theme("serious-violence")}
    ceraf = ID["document/ceraf"]
    health = course_named(seed, "Child Exploitation - As a Health Professional, What Do You Need to Know? (Health CERAF)")
    assert health == course_named(seed, "Child Exploitation - As a Health Professional, What Do You Need To Know?")
    assert set(seed.subjects(HIPS.coversTool, ceraf)) == {ceraf_intro, health}

    exploitation = theme("child-exploitation")
    assert ceraf in set(seed.objects(exploitation, HIPS.listsGuidance))
    day = ID["document/day-in-the-life-of-a-child-tool"]
    assert set(seed.objects(exploitation, HIPS.listsDayInTheLifeTool)) == {day}
    assert set(seed.objects(exploitation, HIPS.listsCaseStudy)) == {ID["document/exploitation-case-studies"]}
    assert (day, RDF.type, HIPS.CaseStudy) not in seed


def test_seed_course_spellings_merge(seed: Graph) -> None:
    assert course_named(seed, "Child-on-Child Abuse") == course_named(seed, "Child on Child Abuse")
    assert course_named(seed, "An Introduction to the Risks Associated with Gaming and Gambling in Under 18's") == course_named(
        seed, "An Introduction to the Risks Associated with Gaming and Gambling in Under 18s"
    )
    prevent_course = course_named(seed, "PREVENT")
    assert prevent_course == course_named(seed, "Prevent")
    distinct = {
        theme("prevent"),
        ID["toolkit/professionals/prevent-toolkit"],
        prevent_course,
        ID["legislation/prevent-duty-guidance"],
    }
    assert len(distinct) == 4
    assert (prevent_course, HIPS.coversTopic, theme("prevent")) in seed
    assert ID["legislation/prevent-duty-guidance"] in set(seed.objects(theme("prevent"), HIPS.listsGuidance))
    # Each merged course was listed under the themes of all its spellings.
    assert set(seed.subjects(HIPS.listsCourse, prevent_course)) == {
        theme("a-multi-agency-approach-to-safeguarding"),
        theme("child-exploitation"),
        theme("prevent"),
    }
