"""The shapes against a corpus of small graphs: valid ones pass clean, each invalid one trips exactly its rule.

``tests/fixtures/shacl/valid/`` holds self-contained mini graphs (a source document described in
full and the entities derived from it) that give no result at all. Each file in
``tests/fixtures/shacl/invalid/`` is a copy of one of them broken in exactly one way; its first
comment line says which rule it breaks and its second which valid file it copies. The table below
says, for each, which shapes fire with which severity on which focus node, and the tests check it
twice: through ``hipskg validate FILE`` as a user runs it (exit status and the text report) and
through :func:`hipskg.validate.validate` (the results themselves).

Both use the default (fastest installed) engine; tests/test_validation_engines.py checks every
engine against pySHACL, the reference, on each of these files.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import BNode

from hipskg import dataset
from hipskg.cli import main
from hipskg.namespaces import ONTOLOGY_GRAPH, compact
from hipskg.validate import validate

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "shacl"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"

V, W, INFO = "Violation", "Warning", "Info"
BLANK = "(a blank node)"  # the focus node is a blank node: its label changes with every parse


@dataclass(frozen=True)
class Case:
    """One invalid fixture: what fires (shape name, severity), on which focus nodes, with which value."""

    file: str
    fires: frozenset[tuple[str, str]]
    focus: tuple[str, ...]
    value: str | None = None  # the compact value every result names, where the rule reports one
    label: str | None = None  # for a blank focus node, the label the report shows on its line
    results: int = 1  # how many results the rule gives
    why: str = field(default="", compare=False)  # why more than one shape or result fires


def case(file: str, *fires: tuple[str, str], focus: str | tuple[str, ...], **more) -> Case:
    return Case(file, frozenset(fires), focus if isinstance(focus, tuple) else (focus,), **more)


ALEX = "person:alex-morgan"
ACT = "legislation:children-act-1989"
GUIDANCE = "legislation:working-together-to-safeguard-children-2023"
PROCEDURE = "procedure:1-1"
CHAPTER = "chapter:1"
COURSE = "course:professional-curiosity"
WEBINAR = "course:recognising-neglect"
TOOLKIT = "toolkit:professionals-domestic-abuse-toolkit"
PARTNERSHIP = "body:fixture-safeguarding-children-partnership"
EXECUTIVE = "body:fixture-executive"
SUBGROUP = "body:fixture-learning-and-review-subgroup"
TASK_GROUP = "body:fixture-neglect-task-group"
POST = "post:fixture-executive-independent-chair"
MEMBERSHIP = "<https://w3id.org/hipskg/id/membership/fixture-safeguarding-children-partnership/sam-patel-lead>"
POLICIES_PAGE = "hipsg:fixture-policies-page"
POLICIES_INGEST = "ingest:fixture-policies-page"
POLICIES_FILE = "source-file:fixture-policies-page-txt"

CASES: list[Case] = [
    # Labels: the shared property shape hipsh:prefLabel is named by its own IRI.
    case("missing-preflabel.ttl", ("hipsh:prefLabel", V), focus=ALEX),
    case("two-preflabels.ttl", ("hipsh:prefLabel", V), focus=ALEX),
    case("second-preflabel-in-another-english.ttl", ("hipsh:prefLabel", V), focus=ALEX),
    case(
        "preflabel-without-language.ttl",
        ("hipsh:prefLabel", V),
        focus=ALEX,
        value="Alex Morgan",
        results=2,
        why="one label breaks two constraints of the one shape: sh:datatype rdf:langString and sh:languageIn",
    ),
    case("wrong-language-tag.ttl", ("hipsh:prefLabel", V), focus=ALEX, value="Alex Morgan"),
    case("entity-without-provenance.ttl", ("hipsh:TracedShape prov:wasDerivedFrom", V), focus=ALEX),
    # The procedures manual and legislation
    case("procedure-number-malformed.ttl", ("hipsh:ProcedureShape hips:procedureNumber", V), focus=PROCEDURE, value="1-1"),
    case("procedure-in-wrong-chapter.ttl", ("hipsh:ProcedureNumberMatchesChapter", V), focus=PROCEDURE, value="2.1"),
    case(
        "cites-non-legislation.ttl",
        ("hipsh:DocumentShape hips:cites", V),
        focus=PROCEDURE,
        value="manual:fixture-child-protection-procedures",
    ),
    case("dangling-procedure-reference.ttl", ("hipsh:ProcedureReferencesResolve", V), focus=PROCEDURE, value="procedure:9-9"),
    case(
        "section-in-two-procedures.ttl",
        ("hipsh:ProcedureSectionShape (^hips:hasSection|hips:sectionOf)", V),
        focus="section:1-1-recognising-significant-harm",
    ),
    case("chapter-number-not-positive.ttl", ("hipsh:ChapterShape hips:chapterNumber", V), focus=CHAPTER, value="0"),
    case("year-not-gyear.ttl", ("hipsh:LegislationShape hips:year", V), focus=ACT, value="1989"),
    case("act-without-year.ttl", ("hipsh:ActShape hips:year", V), focus=ACT),
    case("act-without-link.ttl", ("hipsh:ActShape skos:exactMatch", W), focus=ACT),
    case(
        "legislation-link-not-legislation-gov-uk.ttl",
        ("hipsh:LegislationShape skos:exactMatch", V),
        focus=ACT,
        value="<https://www.gov.uk/government/publications/children-act-1989>",
    ),
    case("statutory-guidance-without-year.ttl", ("hipsh:StatutoryGuidanceShape hips:year", INFO), focus=GUIDANCE),
    # Training
    case("course-under-one-theme.ttl", ("hipsh:TrainingCourseShape ^hips:listsCourse", W), focus=COURSE),
    case(
        "course-listed-under-no-theme.ttl",
        ("hipsh:TrainingCourseShape ^hips:listsCourse", V),
        ("hipsh:TrainingCourseShape ^hips:listsCourse", W),
        focus=COURSE,
        results=2,
        why="no theme at all is fewer than one (the sh:minCount 1 Violation) and fewer than two "
        "(the sh:minCount 2 Warning): two property shapes on the same inverse path",
    ),
    case("course-without-delivery-mode.ttl", ("hipsh:TrainingCourseShape hips:deliveryMode", V), focus=COURSE),
    case(
        "unknown-delivery-mode.ttl", ("hipsh:TrainingCourseShape hips:deliveryMode", V), focus=COURSE, value="hips:ClassroomMode"
    ),
    case("webinar-not-delivered-as-webinar.ttl", ("hipsh:WebinarShape hips:deliveryMode", V), focus=WEBINAR),
    case("blank-node-course.ttl", ("hipsh:TrainingCourseShape", V), focus=BLANK, label='"Professional Curiosity"'),
    case(
        "duplicate-course.ttl",
        ("hipsh:NoDuplicateEntities", V),
        focus="hips:TrainingCourse",
        value="course:recognising-neglect-webinar",
        why="the focus node is the class, the value the IRI that sorts second. Both courses are typed "
        "hips:TrainingCourse and hips:Webinar, so the query (a SELECT without DISTINCT) finds the duplicate "
        "once per type: one result only because the engines report one per distinct solution",
    ),
    # Toolkits
    case("toolkit-without-audience.ttl", ("hipsh:ToolkitShape hips:audience", V), focus=TOOLKIT),
    case("toolkit-with-two-audiences.ttl", ("hipsh:ToolkitShape hips:audience", V), focus=TOOLKIT),
    case("duplicate-toolkit-same-audience.ttl", ("hipsh:NoDuplicateToolkits", V), focus="hips:Toolkit", value=TOOLKIT),
    case("duplicate-toolkit-spelt-differently.ttl", ("hipsh:NoDuplicateToolkits", V), focus="hips:Toolkit", value=TOOLKIT),
    # Organisations, posts, people
    case(
        "unknown-meeting-frequency.ttl", ("hipsh:GroupShape hips:meetingFrequency", V), focus=EXECUTIVE, value="hips:Fortnightly"
    ),
    case("two-meeting-frequencies.ttl", ("hipsh:GroupShape hips:meetingFrequency", V), focus=EXECUTIVE),
    case(
        "feeds-into-cycle.ttl",
        ("hipsh:NoGovernanceCycle", V),
        focus=(EXECUTIVE, PARTNERSHIP),
        results=2,
        why="every body on the cycle is a focus node that feeds back into itself",
    ),
    case(
        "subgroup-cycle.ttl",
        ("hipsh:NoGovernanceCycle", V),
        focus=(EXECUTIVE, SUBGROUP, TASK_GROUP),
        results=3,
        why="every body on the cycle is a focus node that feeds back into itself",
    ),
    case(
        "cycle-through-an-inverse.ttl",
        ("hipsh:NoGovernanceCycle", V),
        focus=(EXECUTIVE, SUBGROUP),
        results=2,
        why="the executive and its learning subgroup each feed back into themselves through the inverse statement",
    ),
    case(
        "subgroup-without-parent.ttl", ("hipsh:SubgroupShape (hips:subgroupOf|hips:convenedBy|hips:reportsTo)", V), focus=SUBGROUP
    ),
    case("post-held-by-two-people.ttl", ("hipsh:PostShape org:heldBy", V), focus=POST),
    case("membership-without-role.ttl", ("hipsh:MembershipShape org:role", V), focus=MEMBERSHIP),
    case("area-not-one-of-hips.ttl", ("hipsh:AreaShape", V), focus="area:winchester", value="area:winchester"),
    case("area-gss-code-untyped.ttl", ("hipsh:AreaShape skos:notation", V), focus="area:southampton", value="E06000045"),
    case(
        "area-link-to-another-area.ttl",
        ("hipsh:AreaLinkIsItsCode", V),
        focus="area:southampton",
        value="<http://statistics.data.gov.uk/id/statistical-geography/E06000044>",
    ),
    case("partnership-without-area.ttl", ("hipsh:SafeguardingPartnershipShape hips:coversArea", W), focus=PARTNERSHIP),
    # Sources and provenance
    case(
        "sha256-malformed.ttl",
        ("hipsh:SourceFileShape hips:sha256", V),
        focus="source-file:fixture-arrangements-txt",
        value="47F4F469E3591411A6B2F859ED926CF5C8C141B57841C77F6D214DB9798BD518",
    ),
    case(
        "issued-not-date.ttl",
        ("hipsh:SourceDocumentShape dcterms:issued", V),
        focus="hipsg:fixture-manual",
        value="14 April 2024",
    ),
    case("unknown-layout.ttl", ("hipsh:SourceDocumentShape hips:layout", V), focus=POLICIES_PAGE, value="web-page"),
    case(
        "source-document-not-from-source-file.ttl",
        ("hipsh:SourceDocumentShape prov:wasDerivedFrom", V),
        ("hipsh:DomainShape", V),
        focus=(POLICIES_PAGE, POLICIES_FILE),
        results=3,
        why="the file typed prov:Entity is no hips:SourceFile: neither what the document is derived from nor what "
        "hips:fileName and hips:sha256 are for (their rdfs:domain)",
    ),
    case(
        "parser-version-malformed.ttl",
        ("hipsh:IngestActivityShape hips:parserVersion", V),
        focus=POLICIES_INGEST,
        value="policies-page v1",
    ),
    case(
        "ended-at-time-not-datetime.ttl",
        ("hipsh:IngestActivityShape prov:endedAtTime", V),
        focus=POLICIES_INGEST,
        value="2026-01-20",
    ),
    # Tombstones: published IRIs whose entities left the sources
    case("tombstone-still-live.ttl", ("hipsh:TombstoneIsNotLive", V), focus="course:neglect-basics", value="hips:ELearning"),
    case(
        "successor-not-in-graph.ttl",
        ("hipsh:SuccessorIsInTheGraph", V),
        focus="course:curiosity-in-practice",
        value="course:professional-curiosities",
    ),
    case("tombstone-without-time.ttl", ("hipsh:TombstoneShape prov:invalidatedAtTime", V), focus="course:neglect-basics"),
    # The closed vocabulary (hipskg's own check, shapes/hipskg-vocabulary.ttl)
    case("undefined-property.ttl", ("hipsh:DefinedPropertyShape", V), focus=PROCEDURE, value="procedure:1-2"),
    case("undefined-class.ttl", ("hipsh:DefinedClassShape", V), focus=WEBINAR, value="hips:Webinarr"),
    case("entity-without-type.ttl", ("hipsh:TypedEntityShape", V), focus=TASK_GROUP),
    case(
        "property-outside-domain.ttl", ("hipsh:DomainShape", V), focus="section:1-1-recognising-significant-harm", value="false"
    ),
    case(
        "value-outside-range.ttl",
        ("hipsh:RangeShape", V),
        focus=TOOLKIT,
        value="document:domestic-abuse-practitioner-guide",
    ),
]

# Not a graph at all: the one ';' after the skos:prefLabel of person/alex-morgan (line 90) is missing, so
# the parser stops at the start of the next predicate, line 91 column 5.
MALFORMED = "malformed-turtle.ttl"
MALFORMED_ERROR = "93:5: expected '.' or '}' or ']' at end of statement"


def severity_name(node) -> str:
    return compact(node).removeprefix("sh:")


def load(path: Path):
    """The file as ``hipskg validate FILE`` reads it: its own named graph, without the ontology (validate adds it)."""
    ds, _ = dataset.load_files([path])
    return dataset.union(ds)


def report_blocks(text: str) -> dict[str, list[str]]:
    """The text report's shapes, each with its focus-node lines (two-space indent)."""
    blocks: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        header = re.match(r"^(\S.*?)  \(\d+ results?\)$", line)
        if header:
            current = blocks.setdefault(header.group(1), [])
        elif current is not None and line.startswith("  ") and not line.startswith("    "):
            current.append(line[2:])
        elif not line.strip():
            current = None
    return blocks


def fixture_names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob("*.ttl"))


# --- the corpus is complete and documented ------------------------------------------------------------


def test_the_corpus_has_enough_invalid_files_and_every_one_is_in_the_table():
    files = set(fixture_names(INVALID))
    tabled = [c.file for c in CASES] + [MALFORMED]
    assert len(files) >= 25
    assert len(tabled) == len(set(tabled)), "a file is in the table twice"
    assert not files - set(tabled), f"untested fixtures: {sorted(files - set(tabled))}"
    assert not set(tabled) - files, f"table rows without a fixture: {sorted(set(tabled) - files)}"


def test_there_are_a_few_valid_files():
    assert 3 <= len(fixture_names(VALID)) <= 5


@pytest.mark.parametrize("name", fixture_names(INVALID))
def test_each_invalid_file_says_which_rule_it_breaks_and_which_valid_file_it_copies(name):
    lines = (INVALID / name).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Breaks: ") and len(lines[0]) > len("# Breaks: ") + 10
    base = re.search(r"Copy of valid/(\S+\.ttl)", "\n".join(line for line in lines if line.startswith("#")))
    assert base, f"{name}: no 'Copy of valid/X.ttl' comment"
    assert (VALID / base.group(1)).is_file()


@pytest.mark.parametrize("name", fixture_names(VALID))
def test_each_valid_file_starts_with_a_comment(name):
    assert (VALID / name).read_text(encoding="utf-8").startswith("# Valid: ")


# --- valid files -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", fixture_names(VALID))
def test_a_valid_file_validates_clean(name, capsys):
    path = VALID / name
    assert main(["validate", "--severity", "info", str(path)]) == 0
    assert re.fullmatch(
        r"conforms: 0 violations, 0 warnings, 0 infos  \(1 file, SHACL engine [\w-]+\)", capsys.readouterr().out.strip()
    )
    report = validate(load(path))
    assert report.conforms
    assert report.results == ()


def test_the_valid_files_together_validate_clean():
    """They name different entities, so together they are one valid graph (no duplicate across files)."""
    paths = [VALID / name for name in fixture_names(VALID)]
    ds, _ = dataset.load_files(paths)
    report = validate(dataset.union(ds))
    assert report.results == ()


# --- invalid files ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("row", CASES, ids=lambda c: c.file.removesuffix(".ttl"))
def test_an_invalid_file_fires_exactly_its_rule(row):
    report = validate(load(INVALID / row.file))
    fired = {(r.shape_name, severity_name(r.severity)) for r in report.results}
    assert fired == row.fires, "\n".join(
        f"{r.shape_name} {severity_name(r.severity)} {compact(r.focus)}: {r.message}" for r in report.results
    )
    focus = {BLANK if isinstance(r.focus, BNode) else compact(r.focus) for r in report.results}
    assert focus == set(row.focus)
    if row.value is not None:
        assert {compact(r.value) for r in report.results} == {row.value}
    assert len(report.results) == row.results
    assert report.conforms == (V not in {severity for _, severity in row.fires})


@pytest.mark.parametrize("row", CASES, ids=lambda c: c.file.removesuffix(".ttl"))
def test_hipskg_validate_exits_by_severity_and_names_the_focus_under_the_shape(row, capsys):
    severities = {severity for _, severity in row.fires}
    # the text report lists warnings and violations by default; an Info-only file is shown with --severity info
    shown = ["--severity", "info"] if INFO in severities else []
    status = main(["validate", *shown, str(INVALID / row.file)])
    out = capsys.readouterr().out
    assert status == (1 if V in severities else 0), out
    assert out.rstrip().splitlines()[-1].startswith("DOES NOT CONFORM" if V in severities else "conforms")
    blocks = report_blocks(out)
    assert set(blocks) == {shape for shape, _ in row.fires}, out
    if row.focus == (BLANK,):
        assert all(len(lines) == 1 and f" {row.label}  [" in lines[0] for lines in blocks.values()), out
    else:  # every focus node under a shape that fires on it
        named = {line.split(" ", 1)[0] for lines in blocks.values() for line in lines}
        assert named == set(row.focus), out


def test_malformed_turtle_is_exit_2_with_file_line_column_and_reason(capsys):
    path = INVALID / MALFORMED
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"hipskg validate: {path}:{MALFORMED_ERROR}\n"


# --- the real data -----------------------------------------------------------------------------------------


def test_the_committed_data_conforms(capsys):
    assert main(["validate"]) == 0
    assert re.search(
        r"^conforms: 0 violations, \d+ warnings?, \d+ infos?  \(store oxigraph, SHACL engine [\w-]+\)$",
        capsys.readouterr().out,
        re.M,
    )


def test_validation_never_changes_the_data(built):
    """Every engine is given the data itself (not validate()'s defensive copy) and must leave it as it was."""
    from rdflib.compare import isomorphic

    from hipskg import dataset
    from hipskg.validate import load_shapes
    from hipskg.validate.engines import ENGINES

    shapes, ontology = load_shapes(), built.graph(ONTOLOGY_GRAPH)
    for name, engine in ENGINES.items():
        if not engine.available():
            continue
        for inference in (False, True):
            data = dataset.union(built)
            before = dataset.union(built)
            engine.report(data, shapes, ontology, inference=inference)
            assert isomorphic(data, before), f"{name} changed the data (inference={inference})"
