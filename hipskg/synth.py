"""Synthetic partnerships shaped like the HIPS data: national-scale graphs for benchmarks.

Every safeguarding children partnership in England publishes what HIPS does: a procedures manual, a
training brochure (themes listing courses, toolkits and documents), its local safeguarding
arrangements (executive, subgroups, chairs, posts, members, relevant agencies, education settings)
and a policies page. :func:`generate` invents partnerships "Synthshire 1", "Synthshire 2", ... Each
has its own IRIs (``id/org/synth-0042-police``), one named graph per source document
(``graph/synth-0042-procedures``, ``-brochure``, ``-arrangements``, ``-policies``) described with the
PROV-O terms of the real source graphs (source file with SHA-256, layout, ingest activity), and a
labels graph (``graph/synth-0042-labels``) with the display label of each of its entities. Names
carry the partnership's name, so no two partnerships share a label.

Shared, not copied: the curated legislation register (``graph/legislation``, the real IRIs) is
emitted once, before the first partnership, and every partnership cites it. Each register entry is
traced to the register itself (``prov:wasDerivedFrom graph/legislation``), so a synthetic graph
validates on its own whichever acts its partnerships happen to cite. The controlled lists (delivery
modes, audiences, meeting frequencies, roles) are the ontology's individuals, used as they are.

Fan-outs are drawn from histograms measured on the committed HIPS data (November 2026 build); the
tests compare the synthetic means with the real graph. What the real data has and the synthetic
does not: ``hips:Area`` (the shapes allow only the four HIPS areas, so a synthetic partnership
states no area and draws the "should say which area it covers" warning).

Deterministic: the same (partnerships, seed) gives the same bytes whatever ``PYTHONHASHSEED``, and
partnership N is the same in every output that includes it (each has its own seeded
``random.Random``). Statements are built as plain strings and written as N-Quads (or TriG) lines
directly, without an rdflib graph; :func:`generate` gives the same statements as rdflib terms.
"""

import bisect
import hashlib
import itertools
import random
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from hipskg import resources
from hipskg.formats import SYNTH_FORMATS
from hipskg.ingest import names
from hipskg.namespaces import GRAPH, HIPS, ID, SCHEMA
from hipskg.rdfio import folder_written_whole, read_graph, streamed_atomically

Quad = tuple[URIRef, URIRef, Node, URIRef]


class Lit(NamedTuple):
    """A literal as the generator builds it: its text and a language tag or a datatype IRI."""

    text: str
    lang: str = ""
    datatype: str = ""


Statement = tuple[str, str, "str | Lit"]  # subject IRI, predicate IRI, object IRI or literal

FORMATS = SYNTH_FORMATS
SIZE_SUFFIXES = {"": 1, "k": 1_000, "m": 1_000_000}

# Statements per partnership and in the shared legislation graph: the mean of partnerships 1-200
# at seed 0, and the register as committed. partnerships_for() divides by them.
STATEMENTS_PER_PARTNERSHIP = 8_450

#################################################################
# Histograms measured on the committed HIPS data (value: how many times it occurs)
#################################################################


@dataclass(frozen=True)
class Histogram:
    """An observed distribution of counts, drawn from with a seeded generator."""

    values: tuple[int, ...]
    cumulative: tuple[int, ...]

    @classmethod
    def of(cls, counts: dict[int, int]) -> "Histogram":
        values = tuple(sorted(counts))
        return cls(values, tuple(itertools.accumulate(counts[value] for value in values)))

    def draw(self, rng: random.Random) -> int:
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]

    @property
    def mean(self) -> float:
        weights = [b - a for a, b in zip((0, *self.cumulative), self.cumulative, strict=False)]
        return sum(value * weight for value, weight in zip(self.values, weights, strict=True)) / self.cumulative[-1]


PROCEDURES_PER_CHAPTER = Histogram.of({1: 2, 2: 1, 3: 2, 4: 1, 6: 1, 12: 1, 18: 1})
SECTIONS_PER_PROCEDURE = Histogram.of({1: 11, 2: 6, 3: 4, 4: 4, 5: 9, 6: 5, 7: 8, 8: 1, 12: 1, 15: 1})
CITES_PER_PROCEDURE = Histogram.of({0: 26, 1: 13, 2: 4, 3: 4, 4: 2, 5: 1})
REFERS_PER_PROCEDURE = Histogram.of({0: 37, 1: 11, 2: 2})
TOOLS_PER_PROCEDURE = Histogram.of({0: 41, 1: 7, 2: 1, 3: 1})
MENTIONS_PER_PROCEDURE = Histogram.of({0: 41, 1: 6, 2: 2, 3: 1})
SOURCE_SECTIONS_PER_PROCEDURE = Histogram.of({1: 43, 2: 5, 4: 1, 8: 1})
CITES_PER_SECTION = Histogram.of({0: 178, 1: 29, 2: 9, 3: 1})
REFERS_PER_SECTION = Histogram.of({0: 203, 1: 13, 2: 1})
TOOLS_PER_SECTION = Histogram.of({0: 207, 1: 8, 2: 1, 3: 1})
MENTIONS_PER_SECTION = Histogram.of({0: 204, 1: 13})
UNTITLED_SECTION_SHARE = 36 / 217
UNDER_REVIEW_SHARE = 2 / 50

COURSES_PER_THEME = Histogram.of({1: 3, 4: 1, 5: 2, 6: 2, 7: 1, 9: 1, 10: 1, 14: 3, 15: 1, 16: 1, 19: 1, 21: 1, 24: 2, 25: 1})
THEMES_PER_COURSE = Histogram.of({1: 80, 2: 29, 3: 17, 4: 8, 5: 4})
COVERS_TOPIC_SHARE = 57 / 138
COVERS_TOOL_SHARE = 6 / 138
# Delivery modes of the 138 courses: the modes, and the course classes they give.
DELIVERY = (
    (93, ("WebinarMode",), ("TrainingCourse", "Webinar"), "Webinars"),
    (38, ("ELearningMode",), ("TrainingCourse", "ELearning"), "eLearning"),
    (4, ("ELearningMode", "WebinarMode"), ("TrainingCourse", "ELearning", "Webinar"), "Webinars and eLearning"),
    (2, ("VideoMode",), ("TrainingCourse", "VideoCourse"), "Videos"),
    (1, ("UnstatedMode",), ("TrainingCourse",), "Webinars & eLearning"),
)
OWN_TOOLKIT_SHARE = 16 / 21
PROFESSIONAL_TOOLKITS_PER_THEME = Histogram.of({1: 1, 3: 1, 4: 1, 5: 2, 6: 3, 7: 3, 8: 1, 9: 3, 10: 2, 16: 1, 17: 1, 19: 2})
PARENT_TOOLKITS_PER_THEME = Histogram.of({0: 2, 1: 1, 2: 3, 3: 6, 4: 6, 5: 1, 6: 1, 7: 1})
CHILD_TOOLKITS_PER_THEME = Histogram.of({0: 20, 1: 1})
THEMES_PER_PROFESSIONAL_TOOLKIT = Histogram.of({0: 1, 1: 1, 2: 1, 6: 3, 7: 1, 8: 3, 9: 3, 11: 3, 12: 2, 14: 1, 16: 1, 17: 1})
THEMES_PER_PARENT_TOOLKIT = Histogram.of({1: 1, 6: 1, 7: 1, 8: 1, 9: 1, 10: 1, 11: 1, 15: 1})
TOOLKIT_HISTOGRAMS = {  # toolkits per theme, themes per toolkit
    "professionals": (PROFESSIONAL_TOOLKITS_PER_THEME, THEMES_PER_PROFESSIONAL_TOOLKIT),
    "parents-and-carers": (PARENT_TOOLKITS_PER_THEME, THEMES_PER_PARENT_TOOLKIT),
    "children-and-young-people": (CHILD_TOOLKITS_PER_THEME, Histogram.of({1: 1})),
}
GUIDANCE_PER_THEME = Histogram.of({0: 1, 2: 4, 3: 2, 4: 3, 5: 2, 6: 2, 8: 3, 9: 2, 13: 1, 17: 1})
RESOURCES_PER_THEME = Histogram.of({2: 4, 3: 4, 4: 4, 5: 4, 6: 2, 7: 1, 9: 2})
CASE_STUDIES_PER_THEME = Histogram.of({0: 4, 1: 16, 2: 1})
THEMES_PER_GUIDANCE = Histogram.of({1: 57, 2: 16, 3: 6, 4: 2, 5: 1})
THEMES_PER_RESOURCE = Histogram.of({1: 77, 2: 5, 6: 1})
DAY_IN_THE_LIFE_SHARES = (1 / 21, 1 / 21, 5 / 21, 20 / 21)  # of the themes listing each of the four tools
# What the theme lists hold, by kind of document (listed documents of the brochure).
GUIDANCE_LIST_MIX = {
    "guidance": 45,
    "resource": 16,
    "strategy": 6,
    "procedure": 6,
    "tool": 4,
    "protocol": 3,
    "manual": 1,
    "legislation": 1,
}
RESOURCE_LIST_MIX = {
    "resource": 49,
    "guidance": 19,
    "tool": 5,
    "case study": 3,
    "strategy": 1,
    "protocol": 1,
    "leaflet": 1,
    "legislation": 4,
}

# Members of the subgroups that report to the systems board; the board and the groups the executive
# convenes name none (4 of the 10 real subgroups).
MEMBERS_PER_SUBGROUP = Histogram.of({13: 2, 14: 1, 15: 3})
FREQUENCIES = {"Quarterly": 4, "EveryTwoMonths": 1, "Termly": 1, "Monthly": 1, "SixTimesAYear": 1}
FREQUENCY_SHARE = 8 / 12
CONVENED_SHARE = 3 / 10
# 65 agencies: 30 relevant agencies, 35 named only as members of subgroups. Members are drawn with
# repeats from a pool of 100, of which about 35 are drawn that are not also relevant agencies.
AGENCY_POOL, RELEVANT_AGENCIES = 100, 30
# Education settings of the arrangements' appendix: class, count, appendix heading, name ending.
EDUCATION_SETTINGS = (
    ("EarlyYearsSetting", 93, "Early Years Settings", "Pre-School"),
    ("PrimarySchool", 36, "Primary Schools", "Primary School"),
    ("SecondarySchool", 12, "Secondary Schools", "Secondary School"),
    ("InfantSchool", 10, "Infant Schools", "Infant School"),
    ("JuniorSchool", 8, "Junior Schools", "Junior School"),
    ("SpecialSchool", 6, "Special Schools", "Special School"),
    ("FurtherEducationCollege", 5, "Colleges", "College"),
    ("IndependentSchool", 3, "Independent Schools", "Independent School"),
    ("PupilReferralUnit", 2, "Pupil Referral Units", "Learning Centre"),
    ("AllThroughSchool", 1, "All-Through Schools", "All-Through School"),
    ("School", 1, "Other Schools", "School"),
)
# Display-label variants (skos:altLabel) per entity, by kind of entity.
ALT_LABEL_SHARES = {"organisation": 0.19, "document": 0.22, "course": 0.15, "toolkit": 0.2, "theme": 0.05}
# Citations of each register entry in the real data; an entry not named here weighs 1.
LEGISLATION_CITATIONS = {
    "working-together-to-safeguard-children-2018": 17,
    "children-act-2004": 9,
    "working-together-to-safeguard-children": 7,
    "children-act-1989": 6,
    "keeping-children-safe-in-education": 4,
    "public-interest-disclosure-act-1998": 3,
    "general-data-protection-regulation": 3,
    "education-act-2002": 3,
    "data-protection-act-2018": 3,
    "children-missing-education": 3,
    "children-and-social-work-act-2017": 3,
}

#################################################################
# Words the synthetic names are made of (written for this generator)
#################################################################

TOPICS = (
    "Neglect",
    "Domestic Abuse",
    "Child Exploitation",
    "Online Safety",
    "Self-Harm and Suicide Prevention",
    "Harmful Sexual Behaviour",
    "Missing Children",
    "Parental Mental Health",
    "Parental Substance Misuse",
    "Early Help",
    "Information Sharing",
    "Safer Sleep",
    "Bruising in Non-Mobile Babies",
    "Young Carers",
    "Private Fostering",
    "Radicalisation",
    "Serious Violence",
    "County Lines",
    "Bullying",
    "Disabled Children",
    "Child Sexual Abuse",
    "Fabricated or Induced Illness",
    "Female Genital Mutilation",
    "Forced Marriage",
    "Modern Slavery",
    "Children in Care",
    "Care Leavers",
    "School Attendance",
    "Allegations Against Staff",
    "Whistleblowing",
    "Professional Curiosity",
    "Professional Differences",
    "Child Death Reviews",
    "Learning from Case Reviews",
    "Unborn Babies",
    "Fathers and Male Carers",
    "Housing and Homelessness",
    "Trauma-Informed Practice",
    "Adolescent Safety",
    "Faith and Cultural Practices",
    "Children of Prisoners",
    "Contextual Safeguarding",
)
COURSE_NAMES = (
    "Introduction to {}",
    "Understanding {}",
    "Responding to {}",
    "Recognising {}",
    "{} Workshop",
    "{} Toolkit Tour",
    "{} Masterclass",
    "{}: Practice Briefing",
    "Advanced {}",
    "{} for Health Professionals",
    "{} for Education Staff",
    "{} Refresher",
)
PROCEDURE_NAMES = (
    "{}",
    "Responding to {}",
    "Children Affected by {}",
    "{} Procedure",
    "Multi-Agency Response to {}",
    "{} and the Law",
)
HEADINGS = (
    "Introduction",
    "Definitions",
    "Legal Framework",
    "Recognising Concerns",
    "Indicators of Harm",
    "Risk Factors",
    "Information Sharing",
    "Making a Referral",
    "Assessment",
    "Strategy Discussions",
    "Roles and Responsibilities",
    "Working with Families",
    "Voice of the Child",
    "Escalation",
    "Recording",
    "Review and Monitoring",
    "Local Contacts",
    "Further Information",
    "Training",
    "Consent and Confidentiality",
    "Support Services",
    "Case Examples",
    "Timescales",
    "Related Procedures",
)
DOCUMENT_NAMES = {
    "guidance": (
        "{} Practice Guidance",
        "{} Practitioner Guide",
        "{} Pathway",
        "{} Threshold Chart",
        "{} One Minute Guide",
        "{} Flow Chart",
        "{} Briefing for Practitioners",
    ),
    "resource": (
        "{} Research Summary",
        "{} Information Website",
        "{} Awareness Campaign",
        "{} Training Video",
        "{} Reading List",
        "{} Podcast",
        "{} Learning Briefing",
    ),
    "case study": ("{} Case Studies", "{} Case Review Summary", "{} Learning Review"),
    "strategy": ("{} Strategy 2025-2028", "{} Strategy 2024-2027"),
    "protocol": ("{} Protocol", "Multi-Agency {} Protocol"),
    "leaflet": ("{} Leaflet for Families", "{} Leaflet for Young People"),
    "tool": (
        "{} Risk Assessment Tool",
        "{} Referral Form",
        "{} Screening Questionnaire",
        "{} Information Sharing Form",
        "{} Practice Checklist",
    ),
    "day in the life": ("Day in the Life Tool: {}",),
    "procedure": ("Procedure on {}",),
}
DOCUMENT_CLASSES = {
    "guidance": ("Document", "Guidance"),
    "resource": ("Document", "Resource"),
    "case study": ("Document", "CaseStudy"),
    "strategy": ("Document", "Strategy"),
    "protocol": ("Document", "Protocol"),
    "leaflet": ("Document", "Leaflet"),
    "tool": ("Document", "FormOrTool"),
    "day in the life": ("Document", "DayInTheLifeTool"),
    "procedure": ("Procedure",),
}
TOOLS, PROTOCOLS, LEAFLETS = 12, 7, 2
MANUAL_GUIDANCE, MANUAL_RESOURCES = 4, 1
SUBGROUPS = (
    "Systems Board",
    "Learning and Development Group",
    "Quality Assurance Subgroup",
    "Case Review Group",
    "Education Subgroup",
    "Health Group",
    "Child Exploitation Group",
    "Procedures Group",
    "Performance Subgroup",
    "Neglect Strategy Group",
    "Online Safety Subgroup",
    "Early Help Board",
    "Vulnerable Adolescents Board",
    "Voice of the Child Group",
)
LINKED = (
    "Community Safety Partnership",
    "Health and Wellbeing Board",
    "Family Justice Board",
    "Prevent Board",
    "Channel Panel",
    "Children and Young People Board",
    "Violence Against Women and Girls Board",
    "Strategic MAPPA Board",
    "Youth Justice Partnership",
)
AGENCY_NAMES = (
    "Adult Social Care",
    "Children's Social Care",
    "Early Years Team",
    "Education Welfare Service",
    "Inclusion Service",
    "Youth Justice Service",
    "Probation Service",
    "Housing Service",
    "Public Health Team",
    "Health Visiting Service",
    "School Nursing Service",
    "Child and Adolescent Mental Health Service",
    "Ambulance Service",
    "Fire and Rescue Service",
    "Community Safety Team",
    "Victim Support Service",
    "Substance Misuse Service",
    "Sexual Health Service",
    "Domestic Abuse Service",
    "Family Support Service",
    "Voluntary Sector Forum",
    "Faith Communities Forum",
    "Sports and Leisure Trust",
    "Careers Service",
    "Designated Officer Service",
    "Designated Safeguarding Leads Network",
    "Elected Members Group",
    "Court Advisory Service",
    "Magistrates Bench",
    "Immigration Service",
    "Prison Service",
    "Mental Health Trust",
    "Acute Hospital Trust",
    "Community Health Trust",
    "GP Practices Network",
    "Dental Services",
    "Pharmacy Network",
    "Transport Police Team",
    "Neighbourhood Policing Team",
    "Youth Service",
)
AGENCY_AREAS = ("", "North ", "South ", "East ")
STEM_STARTS = (
    "Oak",
    "Ash",
    "Elm",
    "Birch",
    "Hazel",
    "Willow",
    "Rowan",
    "Holly",
    "Maple",
    "Cedar",
    "Alder",
    "Beech",
    "Larch",
    "Pine",
    "Yew",
    "Fern",
    "Heather",
    "Brook",
    "Mill",
    "Church",
    "Stone",
    "Bridge",
    "Meadow",
    "Orchard",
    "Hill",
    "Vale",
    "Green",
    "Lark",
    "Wren",
    "Kestrel",
)
STEM_ENDS = ("field", "brook", "wood", "side", "mead", "ley", "ton", "hurst", "bury", "dale", "gate", "well")
FIRST_NAMES = (
    "Alex",
    "Sam",
    "Jordan",
    "Robin",
    "Morgan",
    "Casey",
    "Jamie",
    "Taylor",
    "Charlie",
    "Avery",
    "Riley",
    "Quinn",
    "Rowan",
    "Harper",
    "Emery",
    "Reese",
    "Drew",
    "Elliot",
    "Frankie",
    "Hayden",
    "Jesse",
    "Kai",
    "Logan",
    "Parker",
)
LAST_NAMES = (
    "Ashdown",
    "Brightwell",
    "Carver",
    "Dunmore",
    "Elsworth",
    "Fairburn",
    "Greaves",
    "Hollins",
    "Ingram",
    "Jessop",
    "Kingsley",
    "Lowther",
    "Marsden",
    "Norcott",
    "Oakley",
    "Pryce",
    "Quarry",
    "Redfern",
    "Stanway",
    "Thorne",
    "Upton",
    "Varley",
    "Whitlock",
    "Yardley",
)
STATUTORY = (("council", "Council"), ("icb", "Integrated Care Board"), ("police", "Police"))
LEAD_POSTS = (("council", "Chief Executive"), ("icb", "Chief Executive"), ("police", "Chief Constable"))
DELEGATED_POSTS = (
    ("council", "Director of Children's Services"),
    ("icb", "Chief Nursing Officer"),
    ("police", "Head of Public Protection"),
    ("council", "Assistant Director for Safeguarding"),
    ("icb", "Designated Nurse for Safeguarding Children"),
)
ARRANGEMENT_SECTIONS = (
    "Foreword",
    "Statutory Safeguarding Partners",
    "Relevant Agencies",
    "Partnership Structure, Subgroups and Governance",
    "Independent Scrutineer",
    "Yearly Reports",
    "Learning from Reviews",
    "Education Subgroup",
)

#################################################################
# Terms, as strings
#################################################################

A = str(RDF.type)
LABEL = str(RDFS.label)
PREF, ALT, IN_SCHEME, CONCEPT_SCHEME = str(SKOS.prefLabel), str(SKOS.altLabel), str(SKOS.inScheme), str(SKOS.ConceptScheme)
DERIVED, GENERATED, USED, ASSOCIATED = (
    str(PROV.wasDerivedFrom),
    str(PROV.wasGeneratedBy),
    str(PROV.used),
    str(PROV.wasAssociatedWith),
)
ENDED, GENERATED_AT = str(PROV.endedAtTime), str(PROV.generatedAtTime)
TITLE, ISSUED, DATE = str(DCTERMS.title), str(DCTERMS.issued), str(DCTERMS.date)
VERSION = str(SCHEMA.version)
H = {
    name: str(HIPS[name])
    for name in (
        "SourceDocument",
        "SourceFile",
        "sourceSection",
        "layout",
        "parserVersion",
        "fileName",
        "sha256",
        "publishedBy",
        "ProceduresManual",
        "Chapter",
        "Procedure",
        "ProcedureSection",
        "chapterNumber",
        "inManual",
        "inChapter",
        "procedureNumber",
        "hasSection",
        "subheading",
        "cites",
        "refersTo",
        "namesTool",
        "mentionsDocument",
        "underReview",
        "replaces",
        "Theme",
        "Toolkit",
        "audience",
        "hasToolkit",
        "listsProfessionalToolkit",
        "listsParentCarerToolkit",
        "listsChildToolkit",
        "listsGuidance",
        "listsResource",
        "listsCaseStudy",
        "listsDayInTheLifeTool",
        "listsCourse",
        "deliveryMode",
        "coversTopic",
        "coversTool",
        "Organisation",
        "SafeguardingPartnership",
        "Partnership",
        "Group",
        "Subgroup",
        "StatutoryPartner",
        "Agency",
        "Post",
        "Person",
        "partOf",
        "chairedBy",
        "hasMember",
        "meetingFrequency",
        "standingSubgroupCount",
        "subgroupOf",
        "convenedBy",
        "reportsTo",
        "feedsInto",
        "safeguardingPartnerOf",
        "relevantAgencyOf",
        "linkedPartnership",
        "LeadSafeguardingPartner",
        "DelegatedSafeguardingPartner",
        "Professionals",
        "ParentsAndCarers",
        "ChildrenAndYoungPeople",
    )
}
POST_IN, HELD_BY, MEMBER, ORGANIZATION, ROLE = (
    str(ORG.postIn),
    str(ORG.heldBy),
    str(ORG.member),
    str(ORG.organization),
    str(ORG.role),
)
MEMBERSHIP, CHANGE_EVENT = str(ORG.Membership), str(ORG.ChangeEvent)
ORIGINAL, RESULTING = str(ORG.originalOrganization), str(ORG.resultingOrganization)
SOFTWARE = f"{ID}software/hipskg"
LEGISLATION_GRAPH = str(GRAPH["legislation"])
STRING, INTEGER, BOOLEAN, DATE_TYPE, DATE_TIME, YEAR_MONTH = (
    str(XSD.string),
    str(XSD.integer),
    str(XSD.boolean),
    str(XSD.date),
    str(XSD.dateTime),
    str(XSD.gYearMonth),
)
INGESTED = Lit("2026-11-23T11:18:25+00:00", datatype=DATE_TIME)  # one fixed time: the output never depends on the clock
TOOLKIT_AUDIENCES = (
    ("professionals", "Professionals", "listsProfessionalToolkit", "Professionals", ""),
    ("parents-and-carers", "ParentsAndCarers", "listsParentCarerToolkit", "Parents & Carers", ""),
    ("children-and-young-people", "ChildrenAndYoungPeople", "listsChildToolkit", "Children & Young People", " for Young People"),
)
_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _en(text: str) -> Lit:
    return Lit(text, "en")


@cache
def _class(name: str) -> str:
    """A class given by its local name in hips: or by its full IRI."""
    return name if "://" in name else str(HIPS[name])


@cache
def _slug(name: str) -> str:
    """The IRI segment of a name, as the ingest makes it (names repeat across partnerships: cached)."""
    return names.slug(names.key(name))


#################################################################
# One partnership and the graphs of its source documents
#################################################################


@dataclass
class _Entity:
    """An entity of a partnership: typed and labelled by the first of its graphs that mentions it."""

    classes: tuple[str, ...]
    label: str
    kind: str  # for the share of alternative labels: organisation, document, course, toolkit, theme, other
    typed: bool = False


@dataclass
class _Partnership:
    """The state shared by one partnership's graphs: its seeded generator, its entities, its name pools."""

    index: int
    rng: random.Random
    entities: dict[str, _Entity] = field(default_factory=dict)
    labelled: list[str] = field(default_factory=list)  # entities in the order they were typed
    pools: dict[str, Iterator[str]] = field(default_factory=dict)
    legislation: tuple[tuple[str, ...], tuple[float, ...]] = ((), ())

    @property
    def place(self) -> str:
        return f"Synthshire {self.index}"

    @property
    def slug(self) -> str:
        return f"synth-{self.index:04d}"

    def graph(self, name: str) -> str:
        return f"{GRAPH}{self.slug}-{name}"

    def iri(self, family: str, name: str) -> str:
        return f"{ID}{family}/{self.slug}-{_slug(name)}"

    def entity(self, iri: str, classes: Iterable[str], label: str, kind: str = "other") -> str:
        """Register an entity (the hips: classes, or full IRIs); it is described where first mentioned."""
        self.entities[iri] = _Entity(tuple(_class(name) for name in classes), label, kind)
        return iri

    def name(self, pool: str, patterns: Sequence[str]) -> str:
        """The next unused name of a pool: its patterns filled with the topics, in a shuffled order."""
        if pool not in self.pools:
            combos = [pattern.format(topic) for pattern in patterns for topic in TOPICS]
            self.rng.shuffle(combos)
            self.pools[pool] = (name if round_ == 1 else f"{name} {round_}" for round_ in itertools.count(1) for name in combos)
        return next(self.pools[pool])

    def document(self, kind: str) -> str:
        """A new document of the kind (guidance, resource, tool, ...), named after a topic."""
        name = self.name(kind, DOCUMENT_NAMES[kind])
        family = "procedure" if kind == "procedure" else "document"
        return self.entity(self.iri(family, name), DOCUMENT_CLASSES[kind], f"{name} ({self.place})", "document")

    def cited(self, count: int) -> list[str]:
        """``count`` different acts or guidance from the register, the often cited ones more often."""
        return _weighted(self.rng, *self.legislation, count)

    def chance(self, share: float) -> bool:
        return self.rng.random() < share


def _weighted(rng: random.Random, items: Sequence[str], cumulative: Sequence[float], count: int) -> list[str]:
    """``count`` different items (or all of them), each drawn in proportion to its weight."""
    chosen: dict[int, None] = {}
    for _ in range(20 * count):
        if len(chosen) >= min(count, len(items)):
            break
        chosen[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])] = None
    return [items[index] for index in chosen]


@cache
def _by_rank(size: int) -> tuple[float, ...]:
    return tuple(itertools.accumulate(1 / rank for rank in range(1, size + 1)))


def _popular(rng: random.Random, items: Sequence[str], count: int) -> list[str]:
    """``count`` different items, the first ones of the list more often (weight 1 / rank)."""
    return _weighted(rng, items, _by_rank(len(items)), count)


class _SourceGraph:
    """One source document's named graph: its PROV-O description, its statements, where it says what."""

    def __init__(self, partnership: _Partnership, name: str, layout: str, title: str) -> None:
        self.partnership = partnership
        self.iri = partnership.graph(name)
        self.statements: list[Statement] = []
        self.sections: dict[str, dict[str, None]] = {}
        source_file = f"{ID}source-file/{partnership.slug}-{name}-txt"
        activity = f"{ID}ingest/{partnership.slug}-{name}"
        checksum = hashlib.sha256(f"hipskg-synth/{partnership.slug}/{name}".encode()).hexdigest()
        for s, p, o in (
            (self.iri, A, H["SourceDocument"]),
            (self.iri, TITLE, _en(title)),
            (self.iri, PREF, _en(title)),
            (self.iri, DERIVED, source_file),
            (self.iri, GENERATED, activity),
            (self.iri, H["layout"], Lit(layout)),
            (activity, A, str(PROV.Activity)),
            (activity, ENDED, INGESTED),
            (activity, USED, source_file),
            (activity, ASSOCIATED, SOFTWARE),
            (activity, H["parserVersion"], Lit(f"{layout}/1")),
            (SOFTWARE, A, str(PROV.SoftwareAgent)),
            (source_file, A, H["SourceFile"]),
            (source_file, H["fileName"], Lit(f"{partnership.slug}-{name}.txt")),
            (source_file, H["sha256"], Lit(checksum)),
        ):
            self.add(s, p, o)

    def add(self, s: str, p: str, o: "str | Lit") -> None:
        self.statements.append((s, p, o))

    def link(self, s: str, p: str, objects: Iterable[str]) -> None:
        for o in objects:
            self.add(s, H[p], o)

    def found(self, iri: str, section: str) -> str:
        """The source states something about ``iri`` in ``section``: it is traced there."""
        self.sections.setdefault(iri, {})[section] = None
        return iri

    def close(self) -> list[Statement]:
        """The graph's statements, with the description of each entity it is the first to mention."""
        for iri, sections in self.sections.items():
            entity = self.partnership.entities.get(iri)
            if entity is not None and not entity.typed:
                entity.typed = True
                self.partnership.labelled.append(iri)
                for cls in entity.classes:
                    self.add(iri, A, cls)
                self.add(iri, LABEL, _en(entity.label))
            self.add(iri, DERIVED, self.iri)
            for section in sections:
                self.add(iri, H["sourceSection"], Lit(section))
        return self.statements


#################################################################
# The procedures manual
#################################################################


@dataclass(frozen=True)
class _Procedure:
    iri: str
    number: str
    title: str


def _procedures_manual(p: _Partnership, manual: str, tools: list[str], mentionable: list[str]) -> list[Statement]:
    """Chapters, numbered procedures and their sections, with their citations, references, tools and documents."""
    rng = p.rng
    g = _SourceGraph(p, "procedures", "procedures-manual", f"{p.place} Child Protection Procedures: search results export")
    g.add(g.iri, ISSUED, Lit(f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", datatype=DATE_TYPE))
    g.found(manual, "Search results")
    chapters: list[list[_Procedure]] = [[] for _ in range(rng.randint(7, 11))]
    for number, procedures in enumerate(chapters, start=1):
        for position in range(1, PROCEDURES_PER_CHAPTER.draw(rng) + 1):
            title = p.name("procedure title", PROCEDURE_NAMES)
            iri = p.entity(f"{ID}procedure/{p.slug}-{number}-{position}", ["Procedure"], f"{title} ({p.place})")
            procedures.append(_Procedure(iri, f"{number}.{position}", title))
    everything = [procedure.iri for procedures in chapters for procedure in procedures]
    for number, procedures in enumerate(chapters, start=1):
        chapter = p.entity(f"{ID}chapter/{p.slug}-{number}", ["Chapter"], f"Chapter {number} ({p.place})")
        g.add(chapter, H["chapterNumber"], Lit(str(number), datatype=INTEGER))
        g.add(chapter, H["inManual"], manual)
        for procedure in procedures:
            g.found(chapter, f"{procedure.number} {procedure.title}")
            _procedure(g, procedure, chapter, everything, tools, mentionable)
    return g.close()


def _procedure(
    g: _SourceGraph, procedure: _Procedure, chapter: str, everything: list[str], tools: list[str], mentionable: list[str]
) -> None:
    """One procedure and its sections."""
    p, rng = g.partnership, g.partnership.rng
    heading = f"{procedure.number} {procedure.title}"
    g.add(procedure.iri, H["inChapter"], chapter)
    g.add(procedure.iri, H["procedureNumber"], Lit(procedure.number))
    if p.chance(UNDER_REVIEW_SHARE):
        g.add(procedure.iri, H["underReview"], Lit("true", datatype=BOOLEAN))
    subheadings = rng.sample(HEADINGS, SECTIONS_PER_PROCEDURE.draw(rng))
    g.found(procedure.iri, heading)
    for extra in subheadings[: SOURCE_SECTIONS_PER_PROCEDURE.draw(rng) - 1]:
        g.found(procedure.iri, f"{heading} / {extra}")
    others = [iri for iri in everything if iri != procedure.iri]
    _references(
        g,
        procedure.iri,
        heading,
        others,
        tools,
        mentionable,
        (CITES_PER_PROCEDURE, REFERS_PER_PROCEDURE, TOOLS_PER_PROCEDURE, MENTIONS_PER_PROCEDURE),
    )
    for subheading in subheadings:
        if p.chance(UNTITLED_SECTION_SHARE):
            digest = hashlib.sha1(f"{procedure.iri}/{subheading}".encode()).hexdigest()[:8]
            section, label, where = (
                f"{ID}section/{p.slug}-{procedure.number.replace('.', '-')}/s-{digest}",
                f"{heading} (untitled section)",
                f"{heading} / untitled",
            )
        else:
            section, label, where = (
                f"{ID}section/{p.slug}-{procedure.number.replace('.', '-')}/{_slug(subheading)}",
                subheading,
                f"{heading} / {subheading}",
            )
            g.add(section, H["subheading"], _en(subheading))
        p.entity(section, ["ProcedureSection"], label)
        g.add(procedure.iri, H["hasSection"], section)
        g.found(section, where)
        _references(
            g,
            section,
            where,
            others,
            tools,
            mentionable,
            (CITES_PER_SECTION, REFERS_PER_SECTION, TOOLS_PER_SECTION, MENTIONS_PER_SECTION),
        )


def _references(
    g: _SourceGraph,
    iri: str,
    where: str,
    procedures: list[str],
    tools: list[str],
    mentionable: list[str],
    counts: tuple[Histogram, Histogram, Histogram, Histogram],
) -> None:
    """What a procedure or section cites, refers to, names and mentions; each target is traced to ``where``."""
    p, rng = g.partnership, g.partnership.rng
    cites, refers, names_, mentions = (histogram.draw(rng) for histogram in counts)
    for prop, targets in (
        ("cites", p.cited(cites)),
        ("refersTo", _popular(rng, procedures, refers)),
        ("namesTool", _popular(rng, tools, names_)),
        ("mentionsDocument", _popular(rng, mentionable, mentions)),
    ):
        for target in targets:
            g.add(iri, H[prop], target)
            if prop != "refersTo":
                g.found(target, where)


#################################################################
# The training brochure
#################################################################


def _assign(
    rng: random.Random, demands: Sequence[int], degrees: Sequence[int], owners: Sequence[int | None] = ()
) -> list[list[int]]:
    """For each item, the different themes that list it: ``degrees[i]`` of them, drawn in proportion to
    what each theme still wants (``demands``), never the item's owner theme."""
    remaining = [float(demand) for demand in demands]
    assigned = []
    for item, degree in enumerate(degrees):
        weights = [left + 0.05 for left in remaining]  # a theme that has all it wants still lists an item, rarely
        owner = owners[item] if item < len(owners) else None
        if owner is not None:
            weights[owner] = 0.0
        themes = []
        for _ in range(min(degree, sum(weight > 0 for weight in weights))):
            theme = rng.choices(range(len(weights)), weights)[0]
            themes.append(theme)
            weights[theme] = 0.0
            remaining[theme] = max(0.0, remaining[theme] - 1)
        assigned.append(sorted(themes))
    return assigned


def _degrees(rng: random.Random, histogram: Histogram, total: int, cap: int) -> list[int]:
    """Item degrees drawn from ``histogram`` (at most ``cap``) until they add up to ``total``."""
    degrees: list[int] = []
    while sum(degrees) < total:
        degrees.append(min(histogram.draw(rng), cap))
    return degrees


def _training_brochure(p: _Partnership, partnership: str, manual: str, pools: dict[str, list[str]]) -> list[Statement]:
    """A scheme of themes, each listing courses, toolkits and documents."""
    rng = p.rng
    g = _SourceGraph(
        p,
        "brochure",
        "practice-development-brochure",
        f"{p.place} Multi-Agency Safeguarding Practice Development Brochure 2026-2027",
    )
    g.add(g.iri, VERSION, Lit("2026-2027"))
    g.add(g.iri, H["publishedBy"], partnership)
    g.found(partnership, "Cover")
    scheme = g.found(
        p.entity(p.iri("scheme", "safeguarding themes"), [CONCEPT_SCHEME], f"{p.place} Safeguarding Themes"), "Contents"
    )
    topics = rng.sample(TOPICS, rng.randint(18, 24))
    themes = [p.entity(p.iri("theme", topic), ["Theme"], f"{topic} ({p.place})", "theme") for topic in topics]
    for theme, topic in zip(themes, topics, strict=True):
        g.add(theme, IN_SCHEME, scheme)
        g.found(theme, topic)
    _courses(g, themes, topics, pools["tool"])
    _toolkits(g, themes, topics)
    _theme_documents(g, themes, topics, manual, pools)
    return g.close()


def _courses(g: _SourceGraph, themes: list[str], topics: list[str], tools: list[str]) -> None:
    """Courses listed under one or more themes, each delivered one way or two; a few name a topic or a tool."""
    p, rng = g.partnership, g.partnership.rng
    demands = [COURSES_PER_THEME.draw(rng) for _ in themes]
    listings = _assign(rng, demands, _degrees(rng, THEMES_PER_COURSE, sum(demands), len(themes)))
    deliveries = rng.choices(DELIVERY, [count for count, *_ in DELIVERY], k=len(listings))
    for listed, (_, modes, classes, heading) in zip(listings, deliveries, strict=True):
        name = p.name("course", COURSE_NAMES)
        course = p.entity(p.iri("course", name), classes, f"{name} ({p.place})", "course")
        for mode in modes:
            g.add(course, H["deliveryMode"], str(HIPS[mode]))
        for theme in listed:
            where = f"{topics[theme]} / TRAINING / {heading}"
            g.add(themes[theme], H["listsCourse"], course)
            g.found(course, where)
        if p.chance(COVERS_TOPIC_SHARE):
            g.add(course, H["coversTopic"], themes[rng.choice(listed)])
        if p.chance(COVERS_TOOL_SHARE):
            g.add(course, H["coversTool"], g.found(_popular(rng, tools, 1)[0], where))


def _toolkits(g: _SourceGraph, themes: list[str], topics: list[str]) -> None:
    """Each theme's own toolkit (for professionals), and the toolkits it lists for each audience."""
    p, rng = g.partnership, g.partnership.rng

    def toolkit(audience: str, suffix: str, topic: str) -> str:
        iri = f"{ID}toolkit/{audience}/{p.slug}-{_slug(topic)}-toolkit"
        return p.entity(iri, ["Toolkit"], f"{topic} Toolkit{suffix} ({p.place})", "toolkit")

    own = [(index, toolkit("professionals", "", topic)) for index, topic in enumerate(topics) if p.chance(OWN_TOOLKIT_SHARE)]
    for index, iri in own:
        g.add(themes[index], H["hasToolkit"], g.found(iri, f"{topics[index]} / SUPPORTING TOOLKITS"))
    for audience, concept, prop, heading, suffix in TOOLKIT_AUDIENCES:
        per_theme, per_toolkit = TOOLKIT_HISTOGRAMS[audience]
        demands = [per_theme.draw(rng) for _ in themes]
        degrees = _degrees(rng, per_toolkit, sum(demands), len(themes) - 1)
        kits = [iri for _, iri in own] if audience == "professionals" else []
        owners = [index for index, _ in own] if audience == "professionals" else []
        taken = {topics[index] for index in owners}
        spare = (topic for topic in rng.sample(TOPICS, len(TOPICS)) if topic not in taken)
        while len(kits) < len(degrees) and (topic := next(spare, None)) is not None:
            kits.append(toolkit(audience, suffix, topic))
        for iri, listed in zip(kits, _assign(rng, demands, degrees, owners), strict=False):
            for theme in listed:
                g.add(themes[theme], H[prop], g.found(iri, f"{topics[theme]} / SUPPORTING TOOLKITS / {heading}"))
        for iri in kits:
            if iri in g.sections:  # a toolkit no theme lists is not in the brochure
                g.add(iri, H["audience"], str(HIPS[concept]))


def _theme_documents(g: _SourceGraph, themes: list[str], topics: list[str], manual: str, pools: dict[str, list[str]]) -> None:
    """Strategy, guidance and procedures; additional resources; case studies; Day in the Life tools."""
    p, rng = g.partnership, g.partnership.rng
    # Documents of other graphs are listed once at most; the new ones are made as they are drawn.
    reused = {kind: iter(rng.sample(pools[kind], len(pools[kind]))) for kind in ("tool", "protocol", "leaflet")}
    reused |= {"manual": iter([manual]), "legislation": iter(p.cited(8))}

    def item(kind: str) -> str | None:
        return next(reused[kind], None) if kind in reused else p.document(kind)

    lists = (
        ("listsGuidance", "STRATEGY, GUIDANCE & PROCEDURES", GUIDANCE_PER_THEME, THEMES_PER_GUIDANCE, GUIDANCE_LIST_MIX),
        ("listsResource", "ADDITIONAL RESOURCES", RESOURCES_PER_THEME, THEMES_PER_RESOURCE, RESOURCE_LIST_MIX),
        ("listsCaseStudy", "CASE STUDIES", CASE_STUDIES_PER_THEME, Histogram.of({1: 1}), {"case study": 1}),
    )
    for prop, heading, per_theme, per_document, mix in lists:
        demands = [per_theme.draw(rng) for _ in themes]
        degrees = _degrees(rng, per_document, sum(demands), len(themes))
        kinds = rng.choices(list(mix), list(mix.values()), k=len(degrees))
        items = [(document, degree) for kind, degree in zip(kinds, degrees, strict=True) if (document := item(kind)) is not None]
        for (document, _), listed in zip(items, _assign(rng, demands, [degree for _, degree in items]), strict=True):
            for theme in listed:
                g.add(themes[theme], H[prop], g.found(document, f"{topics[theme]} / {heading}"))
    shares = rng.sample(DAY_IN_THE_LIFE_SHARES, len(DAY_IN_THE_LIFE_SHARES))
    for tool, share in zip(pools["day in the life"], shares, strict=True):
        for theme in sorted(rng.sample(range(len(themes)), max(1, round(share * len(themes))))):
            g.add(themes[theme], H["listsDayInTheLifeTool"], g.found(tool, f"{topics[theme]} / DAY IN THE LIFE"))


#################################################################
# The safeguarding arrangements
#################################################################


def _safeguarding_arrangements(p: _Partnership, partnership: str) -> list[Statement]:
    """The partnership, its executive and subgroups, partners, posts, members, agencies and settings."""
    rng = p.rng
    g = _SourceGraph(
        p,
        "arrangements",
        "safeguarding-arrangements",
        f"{p.place} Safeguarding Children Partnership – Local Multi-Agency Safeguarding Arrangements",
    )
    for act in p.cited(rng.randint(6, 12)):
        g.add(g.iri, H["cites"], act)
        for section in rng.sample(ARRANGEMENT_SECTIONS, rng.randint(1, 6)):
            g.found(act, section)
    g.found(partnership, "Title")
    partners = {
        key: p.entity(p.iri("org", name), ["Organisation", "StatutoryPartner"], f"{p.place} {name}", "organisation")
        for key, name in STATUTORY
    }
    for partner in partners.values():
        g.add(partner, H["safeguardingPartnerOf"], partnership)
        g.found(partner, "Statutory Safeguarding Partners")
    posts = _posts(g, partnership, partners)
    executive = _executive(g, partnership, partners, posts)
    agencies = _agencies(g, partnership)
    _subgroups(g, partnership, executive, agencies, list(partners.values()))
    _linked_partnerships(g, partnership, executive)
    _education_settings(g, partnership)
    if p.index % 4 == 1:  # every fourth partnership was formed by an amalgamation
        _amalgamation(g, partnership)
    return g.close()


def _post(g: _SourceGraph, organisation: str, key: str, title: str, section: str) -> tuple[str, str]:
    """A post in an organisation and the person who holds it: the post's IRI and the person's name."""
    p = g.partnership
    if "people" not in p.pools:
        pairs = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
        p.rng.shuffle(pairs)
        p.pools["people"] = iter(pairs)
    name = next(p.pools["people"])
    person = g.found(p.entity(p.iri("person", name), ["Person"], f"{name} ({p.place})"), section)
    post = p.entity(f"{ID}post/{p.slug}-{key}/{_slug(title)}", ["Post"], title)
    g.add(post, POST_IN, organisation)
    g.add(post, HELD_BY, person)
    return g.found(post, section), name


def _posts(g: _SourceGraph, partnership: str, partners: dict[str, str]) -> dict[str, str]:
    """Lead and delegated safeguarding partners (posts, people, memberships), the chair and the scrutineer."""
    p, rng = g.partnership, g.partnership.rng
    section = "Statutory Safeguarding Partners"
    posts: dict[str, str] = {}
    roles = [(key, title, "lead") for key, title in LEAD_POSTS] + [
        (key, title, "delegated") for key, title in DELEGATED_POSTS[: rng.randint(3, 5)]
    ]
    for key, title, role in roles:
        post, name = _post(g, partners[key], key, title, section)
        posts.setdefault("executive chair", post)  # the local authority's chief executive chairs the executive
        membership = p.entity(
            f"{ID}membership/{p.slug}-partnership/{_slug(name)}-{role}",
            [MEMBERSHIP],
            f"{name} ({p.place}), {role} safeguarding partner",
        )
        for prop, value in (
            (MEMBER, p.iri("person", name)),
            (ORGANIZATION, partnership),
            (ROLE, H[f"{role.capitalize()}SafeguardingPartner"]),
        ):
            g.add(membership, prop, value)
        g.found(membership, section)
    posts["chair"] = _post(g, partnership, "partnership", "Partnership Chair", "Partnership Structure, Subgroups and Governance")[
        0
    ]
    posts["scrutineer"] = _post(g, partnership, "partnership", "Independent Scrutineer", "Independent Scrutineer")[0]
    g.add(partnership, H["chairedBy"], posts["chair"])
    return posts


def _frequency(rng: random.Random) -> str:
    return str(HIPS[rng.choices(list(FREQUENCIES), list(FREQUENCIES.values()))[0]])


def _executive(g: _SourceGraph, partnership: str, partners: dict[str, str], posts: dict[str, str]) -> str:
    p = g.partnership
    executive = p.entity(
        p.iri("org", "executive"),
        ["Organisation", "Group"],
        f"{p.place} Safeguarding Partnership Executive Group",
        "organisation",
    )
    g.add(executive, H["partOf"], partnership)
    g.add(executive, H["chairedBy"], posts["executive chair"])
    g.add(executive, H["meetingFrequency"], _frequency(p.rng))
    g.link(executive, "hasMember", [*partners.values(), posts["scrutineer"]])
    g.found(executive, "Safeguarding Partnership Executive Group")
    return executive


def _agencies(g: _SourceGraph, partnership: str) -> list[str]:
    """The partnership's agencies: about half named as relevant agencies; the rest only as subgroup members."""
    p, rng = g.partnership, g.partnership.rng
    names_ = [f"{area}{name}" for area in AGENCY_AREAS for name in AGENCY_NAMES]
    scale = rng.uniform(0.7, 1.3)
    chosen = rng.sample(names_, round(AGENCY_POOL * scale))
    agencies = [p.entity(p.iri("org", name), ["Organisation", "Agency"], f"{p.place} {name}", "organisation") for name in chosen]
    for agency in agencies[: round(RELEVANT_AGENCIES * scale)]:
        g.add(agency, H["relevantAgencyOf"], partnership)
        g.found(agency, "Relevant Agencies")
    return agencies


def _subgroup(g: _SourceGraph, name: str) -> str:
    """A subgroup, how often it meets (when the arrangements say), and where it is described."""
    p = g.partnership
    subgroup = p.entity(p.iri("org", name), ["Organisation", "Subgroup"], f"{p.place} {name}", "organisation")
    if p.chance(FREQUENCY_SHARE):
        g.add(subgroup, H["meetingFrequency"], _frequency(p.rng))
    g.found(subgroup, name)
    return g.found(subgroup, "Partnership Structure, Subgroups and Governance")


def _subgroups(g: _SourceGraph, partnership: str, executive: str, agencies: list[str], partners: list[str]) -> None:
    """Subgroups in two tiers below the executive: a systems board, and groups that report to it (with
    their members) or that the executive convenes. Every governance link points up the tiers: no cycle."""
    p, rng = g.partnership, g.partnership.rng
    board = _subgroup(g, SUBGROUPS[0])
    g.add(board, H["subgroupOf"], partnership)
    g.add(board, H["reportsTo"], executive)
    names_ = rng.sample(SUBGROUPS[1:], rng.randint(5, 9))
    for name in names_:
        subgroup = _subgroup(g, name)
        if p.chance(CONVENED_SHARE):
            g.add(subgroup, H["convenedBy"], executive)
            continue
        g.add(subgroup, H["subgroupOf"], partnership)
        g.add(subgroup, H["reportsTo"], board)
        members = rng.sample(agencies, min(len(agencies), MEMBERS_PER_SUBGROUP.draw(rng)))
        if p.chance(0.3):  # a statutory partner sits on the group in its own name
            members[0] = rng.choice(partners)
        g.link(subgroup, "hasMember", members)
        for member in members:
            g.found(member, name)
    g.add(executive, H["standingSubgroupCount"], Lit(str(1 + len(names_)), datatype=INTEGER))


def _linked_partnerships(g: _SourceGraph, partnership: str, executive: str) -> None:
    p, rng = g.partnership, g.partnership.rng
    for index, name in enumerate(rng.sample(LINKED, rng.randint(5, 9))):
        linked = p.entity(p.iri("org", name), ["Organisation", "Partnership"], f"{p.place} {name}", "organisation")
        g.add(partnership, H["linkedPartnership"], linked)
        if index == 0:
            g.add(linked, H["reportsTo"], executive)
        g.found(linked, "Partnership Structure, Subgroups and Governance / Wider Partnership")


def _education_settings(g: _SourceGraph, partnership: str) -> None:
    """The appendix of education settings, every one a relevant agency; at least one of each kind."""
    p, rng = g.partnership, g.partnership.rng
    scale = rng.uniform(0.5, 1.5)
    counts = [max(1, round(count * scale)) for _, count, _, _ in EDUCATION_SETTINGS]
    stems = rng.sample([start + end for start in STEM_STARTS for end in STEM_ENDS], sum(counts))
    for (cls, _, heading, ending), count in zip(EDUCATION_SETTINGS, counts, strict=True):
        for _ in range(count):
            name = f"{stems.pop()} {ending}"
            setting = p.entity(p.iri("org", name), ["Organisation", cls], f"{name}, {p.place}", "organisation")
            g.add(setting, H["relevantAgencyOf"], partnership)
            g.found(setting, f"Appendix 2. List of education settings / {heading}")


def _amalgamation(g: _SourceGraph, partnership: str) -> None:
    """The children's board and the adults' board that merged into the partnership."""
    p, rng = g.partnership, g.partnership.rng
    event = p.entity(f"{ID}event/{p.slug}-amalgamation", [CHANGE_EVENT], f"Amalgamation forming the {p.place} partnership")
    g.add(event, DATE, Lit(f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}", datatype=YEAR_MONTH))
    g.add(event, RESULTING, partnership)
    for name in ("Local Safeguarding Children Board", "Safeguarding Adults Board"):
        original = p.entity(p.iri("org", name), ["Organisation"], f"{p.place} {name}", "organisation")
        g.add(event, ORIGINAL, g.found(original, "Foreword"))
    g.found(event, "Foreword")


#################################################################
# The policies page, the labels graph, the shared legislation
#################################################################


def _policies_page(p: _Partnership, manual: str, pools: dict[str, list[str]], toolkits: list[str]) -> list[Statement]:
    """Links to the manual, a toolkit, a form and a few new guidance documents (one replacing another)."""
    rng = p.rng
    g = _SourceGraph(p, "policies", "policies-page", f"{p.place} Safeguarding Children Partnership: Policies and Procedures")
    lines = iter(sorted(rng.sample(range(5, 60), 12)))
    for act in p.cited(1):
        g.add(g.iri, H["cites"], g.found(act, f"Policies and Procedures (line {next(lines)})"))
    guidance = [p.document("guidance") for _ in range(4)]
    for document in [manual, *toolkits[:1], *guidance]:
        g.add(g.iri, H["mentionsDocument"], g.found(document, f"{p.entities[document].label} (line {next(lines)})"))
    g.add(g.iri, H["namesTool"], g.found(_popular(rng, pools["tool"], 1)[0], f"Forms (line {next(lines)})"))
    g.add(guidance[0], H["replaces"], guidance[1])
    return g.close()


def _variant(label: str) -> str:
    """Another spelling of a label, as the sources have them: "&" for "and", or other capitals."""
    return label.replace(" and ", " & ", 1) if " and " in label else label[0] + label[1:].lower()


def _labels(p: _Partnership, sources: list[str]) -> list[Statement]:
    """The display label of each of the partnership's entities, and now and then another spelling."""
    graph = p.graph("labels")
    statements: list[Statement] = [
        (graph, A, str(PROV.Entity)),
        (graph, TITLE, _en(f"Display labels of the {p.place} sources")),
        (graph, GENERATED_AT, INGESTED),
        *((graph, DERIVED, source) for source in sources),
    ]
    for iri in p.labelled:
        entity = p.entities[iri]
        statements.append((iri, PREF, _en(entity.label)))
        if p.chance(ALT_LABEL_SHARES.get(entity.kind, 0.0)) and (variant := _variant(entity.label)) != entity.label:
            statements.append((iri, ALT, _en(variant)))
    return statements


def _statement(s: Node, p: Node, o: Node) -> Statement:
    if isinstance(s, BNode) or isinstance(o, BNode):
        raise ValueError("the legislation register has a blank node: the generator cannot share it")
    if isinstance(o, Literal):
        return (str(s), str(p), Lit(str(o), o.language or "", str(o.datatype) if o.datatype else ""))
    return (str(s), str(p), str(o))


@cache
def _register() -> tuple[tuple[Statement, ...], tuple[str, ...]]:
    """The curated legislation register in a fixed order, each entry traced to it; and the entries' IRIs."""
    register = read_graph(resources.folder("data") / "curated" / "legislation.ttl")
    statements = sorted((_statement(s, p, o) for s, p, o in register), key=lambda st: (st[0], st[1], _object_text(st[2])))
    entries = tuple(sorted({s for s, p, _ in statements if p == PREF}))
    return tuple(statements) + tuple((entry, DERIVED, LEGISLATION_GRAPH) for entry in entries), entries


def _legislation_weights(entries: Sequence[str]) -> tuple[float, ...]:
    return tuple(itertools.accumulate(float(LEGISLATION_CITATIONS.get(entry.rsplit("/", 1)[1], 1)) for entry in entries))


def _partnership(index: int, seed: int) -> Iterator[tuple[str, list[Statement]]]:
    """One partnership's graphs, in order: procedures, brochure, arrangements, policies page, labels."""
    p = _Partnership(index, random.Random(f"hipskg-synth/{seed}/{index}"))
    entries = _register()[1]
    p.legislation = (entries, _legislation_weights(entries))
    partnership = p.entity(
        p.iri("org", "Safeguarding Children Partnership"),
        ["Organisation", "SafeguardingPartnership"],
        f"{p.place} Safeguarding Children Partnership",
        "organisation",
    )
    manual = p.entity(
        p.iri("manual", "child protection procedures"), ["ProceduresManual"], f"{p.place} Child Protection Procedures", "document"
    )
    pools = {
        kind: [p.document(kind) for _ in range(count)]
        for kind, count in (
            ("tool", TOOLS),
            ("day in the life", len(DAY_IN_THE_LIFE_SHARES)),
            ("protocol", PROTOCOLS),
            ("leaflet", LEAFLETS),
        )
    }
    mentionable = [
        *pools["protocol"],
        *pools["leaflet"],
        *(p.document("guidance") for _ in range(MANUAL_GUIDANCE)),
        *(p.document("resource") for _ in range(MANUAL_RESOURCES)),
    ]
    p.rng.shuffle(mentionable)
    graphs = [
        (p.graph("procedures"), _procedures_manual(p, manual, pools["tool"], mentionable)),
        (p.graph("brochure"), _training_brochure(p, partnership, manual, pools)),
        (p.graph("arrangements"), _safeguarding_arrangements(p, partnership)),
    ]
    toolkits = [iri for iri, entity in p.entities.items() if entity.kind == "toolkit" and entity.typed]
    graphs.append((p.graph("policies"), _policies_page(p, manual, pools, toolkits)))
    yield from graphs
    yield p.graph("labels"), _labels(p, [graph for graph, _ in graphs])


def _graphs(partnerships: int, seed: int) -> Iterator[tuple[str, list[Statement]]]:
    """(named graph, its statements) in output order: the shared legislation, then each partnership's graphs."""
    if partnerships < 0:
        raise ValueError(f"partnerships must be 0 or more, not {partnerships}")
    yield LEGISLATION_GRAPH, list(_register()[0])
    for index in range(1, partnerships + 1):
        yield from _partnership(index, seed)


#################################################################
# Public API
#################################################################


def _term(o: "str | Lit") -> Node:
    if isinstance(o, Lit):
        return Literal(o.text, lang=o.lang or None, datatype=URIRef(o.datatype) if o.datatype else None)
    return URIRef(o)


def generate(partnerships: int, seed: int = 0) -> Iterator[Quad]:
    """The quads (subject, predicate, object, named graph) of the shared legislation graph and of
    ``partnerships`` synthetic partnerships, in a fixed order."""
    for graph, statements in _graphs(partnerships, seed):
        g = URIRef(graph)
        for s, p, o in statements:
            yield URIRef(s), URIRef(p), _term(o), g


def _object_text(o: "str | Lit") -> str:
    """An object as N-Triples writes it."""
    if isinstance(o, str):
        return f"<{o}>"
    text = o.text.translate(_NT_ESCAPES)
    if o.lang:
        return f'"{text}"@{o.lang}'
    if o.datatype and o.datatype != STRING:
        return f'"{text}"^^<{o.datatype}>'
    return f'"{text}"'


def chunks(partnerships: int, seed: int = 0, fmt: str = "nq") -> Iterator[str]:
    """The output as text, one chunk per named graph: its N-Quads lines, or its TriG block."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    for graph, statements in _graphs(partnerships, seed):
        if fmt == "nq":
            tail = f" <{graph}> .\n"
            yield "".join([f"<{s}> <{p}> {_object_text(o)}{tail}" for s, p, o in statements])
        else:
            body = "".join([f"  <{s}> <{p}> {_object_text(o)} .\n" for s, p, o in statements])
            yield f"<{graph}> {{\n{body}}}\n"


@dataclass(frozen=True)
class Written:
    """What :func:`write` wrote."""

    path: Path
    partnerships: int
    statements: int
    bytes: int


def write(path: Path, partnerships: int, seed: int = 0, fmt: str = "nq") -> Written:
    """Write the synthetic graph to ``path`` as N-Quads (``nq``) or TriG (``trig``), streaming and atomically."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    statements = 0
    with streamed_atomically(path) as out:
        for chunk in chunks(partnerships, seed, fmt):
            out.write(chunk)
            statements += chunk.count(" .\n")  # every statement ends so; a literal's line breaks are escaped
    return Written(path, partnerships, statements, path.stat().st_size)


def write_folder(folder: Path, partnerships: int, seed: int = 0, *, replace: bool = False, wait: float = 0) -> Written:
    """Write the synthetic graph as a data folder: ``sources/NAME.nt`` per named graph, ``curated/legislation.nt``.

    ``hipskg build --data FOLDER`` (on any store) then loads it as it loads the real data; the folder
    appears whole or not at all.
    """
    statements = size = 0
    with folder_written_whole(folder, replace=replace, wait=wait, holder="hipskg synth") as staging:
        for graph, lines in _graphs(partnerships, seed):
            name = graph.removeprefix(str(GRAPH))
            target = staging / ("curated" if graph == LEGISLATION_GRAPH else "sources") / f"{name}.nt"
            target.parent.mkdir(exist_ok=True)
            text = "".join([f"<{s}> <{p}> {_object_text(o)} .\n" for s, p, o in lines])
            target.write_text(text, encoding="utf-8", newline="\n")
            statements += len(lines)
            size += len(text.encode("utf-8"))
    return Written(folder, partnerships, statements, size)


def shared_statements() -> int:
    """Statements of the shared legislation graph, written once whatever the number of partnerships."""
    return len(_register()[0])


def partnerships_for(triples: int) -> int:
    """How many partnerships make about ``triples`` statements (at least one)."""
    return max(1, round((triples - shared_statements()) / STATEMENTS_PER_PARTNERSHIP))


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([km]?)\s*$", re.IGNORECASE)


def parse_size(text: str) -> int:
    """A number of triples written "10k", "100k", "1m", "5M", "2.5m" or "12000"."""
    match = _SIZE.match(text)
    if not match:
        raise ValueError(f"size {text!r}: expected a number with an optional k or m suffix, e.g. 10k, 1m")
    number, suffix = match.groups()
    return round(float(number) * SIZE_SUFFIXES[suffix.lower()])


__all__ = [
    "FORMATS",
    "Histogram",
    "Lit",
    "Quad",
    "STATEMENTS_PER_PARTNERSHIP",
    "Written",
    "chunks",
    "generate",
    "parse_size",
    "partnerships_for",
    "shared_statements",
    "write",
]
