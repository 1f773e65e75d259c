"""The synthetic national graph: valid, deterministic, shaped like the real data, readable by RDF tools.

A few partnerships are generated in memory; the shapes, the parsers and the fan-out comparisons run
on them. The real graph they are compared with is the committed data (the ``built`` fixture).
"""

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, PROV, RDF, SH, SKOS

from hipskg import dataset, resources, synth
from hipskg.cli import main
from hipskg.namespaces import GRAPH, HIPS, ID, compact
from hipskg.rdfio import read_graph
from hipskg.validate import validate

ROOT = Path(__file__).resolve().parents[1]
STATEMENTS_OF_ONE_PARTNERSHIP = 8887  # with the shared legislation graph, seed 0: changes only when the generator does
COMPARED = 5  # partnerships whose fan-outs are compared with the real data's


def union(quads) -> Graph:
    graph = Graph()
    for s, p, o, _ in quads:
        graph.add((s, p, o))
    return graph


@pytest.fixture(scope="module")
def two() -> list[synth.Quad]:
    return list(synth.generate(2))


@pytest.fixture(scope="module")
def compared() -> Graph:
    return union(synth.generate(COMPARED))


@pytest.fixture(scope="module")
def real(built: Dataset) -> Graph:
    return dataset.union(built)


# --- valid -------------------------------------------------------------------------------------


def test_two_partnerships_conform_with_only_the_expected_warnings(two: list[synth.Quad]) -> None:
    report = validate(union(two), ontology=read_graph(resources.ontology_file()))
    assert report.conforms
    assert report.count(SH.Violation) == 0
    warnings = Counter(result.shape_name for result in report.results if result.severity == SH.Warning)
    infos = Counter(result.shape_name for result in report.results if result.severity == SH.Info)
    # A course listed under one theme (as in the real data), and no area: the shapes allow only the four HIPS areas.
    assert set(warnings) == {"hipsh:TrainingCourseShape ^hips:listsCourse", "hipsh:SafeguardingPartnershipShape hips:coversArea"}
    assert warnings["hipsh:SafeguardingPartnershipShape hips:coversArea"] == 2
    assert set(infos) == {"hipsh:StatutoryGuidanceShape hips:year"}  # the register's guidance without an edition year


def test_written_file_validates_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "synth.nq"
    synth.write(path, 1)
    assert main(["validate", str(path)]) == 0
    assert "conforms: 0 violations" in capsys.readouterr().out


def test_every_entity_mentioned_is_described(two: list[synth.Quad]) -> None:
    typed = {s for s, p, _, _ in two if p == RDF.type}
    mentioned = {o for _, p, o, _ in two if p != RDF.type and isinstance(o, URIRef) and o.startswith(ID)}
    assert sorted(mentioned - typed) == []


def test_no_statement_is_made_twice() -> None:
    lines = "".join(synth.chunks(20)).splitlines()
    assert len(lines) == len(set(lines))


def test_governance_has_no_cycle() -> None:
    import networkx as nx

    up = (HIPS.feedsInto, HIPS.reportsTo, HIPS.subgroupOf, HIPS.convenedBy)
    down = (HIPS.hasSubgroup, HIPS.convenes, HIPS.isFedBy)
    quads = list(synth.generate(30))
    edges = [(s, o) for s, p, o, _ in quads if p in up] + [(o, s) for s, p, o, _ in quads if p in down]
    assert edges and nx.is_directed_acyclic_graph(nx.DiGraph(edges))


# --- deterministic and shared ------------------------------------------------------------------


def test_one_partnership_has_a_fixed_number_of_statements() -> None:
    assert sum(1 for _ in synth.generate(1)) == STATEMENTS_OF_ONE_PARTNERSHIP


def test_output_is_the_same_whatever_the_hash_seed() -> None:
    script = "import sys; from hipskg import synth; sys.stdout.write(''.join(synth.chunks(2, seed=5)))"
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, check=True, cwd=ROOT, env={"PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1] == "".join(synth.chunks(2, seed=5)).encode()
    assert runs[0] != "".join(synth.chunks(2, seed=6)).encode()


def test_a_partnership_is_the_same_in_every_output_that_has_it() -> None:
    one, three = ("".join(synth.chunks(count)) for count in (1, 3))
    assert three.startswith(one)


def test_shared_legislation_is_written_once_with_its_real_iris(two: list[synth.Quad]) -> None:
    register = read_graph(ROOT / "data" / "curated" / "legislation.ttl")
    in_register = {(s, p, o) for s, p, o in register}
    written = Counter((s, p, o) for s, p, o, g in two if g == GRAPH["legislation"])
    assert set(written) >= in_register and set(written.values()) == {1}
    entries = set(register.subjects(SKOS.prefLabel))
    said_elsewhere = {p for s, p, _, g in two if s in entries and g != GRAPH["legislation"]}
    assert said_elsewhere == {PROV.wasDerivedFrom, HIPS.sourceSection}  # a source only traces what it cites
    cited = {o for _, p, o, _ in two if p == HIPS.cites}
    assert cited and cited <= set(register.subjects())


def test_labels_carry_the_partnership_name(two: list[synth.Quad]) -> None:
    labels = {s: str(o) for s, p, o, g in two if g == GRAPH["synth-0002-labels"] and p == SKOS.prefLabel}
    assert all("Synthshire 2" in label or "Synthshire" not in label for label in labels.values())  # never another's name
    unnamed = {o for s, p, o, _ in two if p == RDF.type and s in labels and "Synthshire 2" not in labels[s]}
    assert unnamed == {HIPS.Post, HIPS.ProcedureSection}  # the classes whose labels may repeat


# --- shaped like the real data -----------------------------------------------------------------


def classes(graph: Graph) -> set[URIRef]:
    return {o for o in graph.objects(None, RDF.type) if isinstance(o, URIRef)}


def test_classes_are_the_ontology_classes_the_real_data_uses(compared: Graph, real: Graph) -> None:
    ontology = read_graph(resources.ontology_file())
    synthetic = classes(compared)
    assert {c for c in synthetic if c.startswith(HIPS)} <= set(ontology.subjects(RDF.type, OWL.Class))
    assert synthetic == classes(real) - {HIPS.Area}  # no area: the shapes allow only the four HIPS areas


FAN_OUTS = {
    # name: (subject class, predicates, counted from the object's side, numbered procedures only)
    "procedures per chapter": (HIPS.Chapter, (HIPS.inChapter,), True, False),
    "sections per procedure": (HIPS.Procedure, (HIPS.hasSection,), False, True),
    "citations per procedure": (HIPS.Procedure, (HIPS.cites,), False, True),
    "citations per section": (HIPS.ProcedureSection, (HIPS.cites,), False, False),
    "courses per theme": (HIPS.Theme, (HIPS.listsCourse,), False, False),
    "themes per course": (HIPS.TrainingCourse, (HIPS.listsCourse,), True, False),
    "toolkits per theme": (
        HIPS.Theme,
        (HIPS.listsProfessionalToolkit, HIPS.listsParentCarerToolkit, HIPS.listsChildToolkit),
        False,
        False,
    ),
    "themes per toolkit": (
        HIPS.Toolkit,
        (HIPS.listsProfessionalToolkit, HIPS.listsParentCarerToolkit, HIPS.listsChildToolkit),
        True,
        False,
    ),
    "documents per theme": (
        HIPS.Theme,
        (HIPS.listsGuidance, HIPS.listsResource, HIPS.listsCaseStudy, HIPS.listsDayInTheLifeTool),
        False,
        False,
    ),
    "members per subgroup": (HIPS.Subgroup, (HIPS.hasMember,), False, False),
}


def mean_fan_out(graph: Graph, cls: URIRef, predicates: tuple[URIRef, ...], inverse: bool, numbered: bool) -> float:
    subjects = [s for s in graph.subjects(RDF.type, cls) if not numbered or (s, HIPS.procedureNumber, None) in graph]
    counts = [len({n for p in predicates for n in (graph.subjects(p, s) if inverse else graph.objects(s, p))}) for s in subjects]
    return sum(counts) / len(counts)


@pytest.mark.parametrize("name", FAN_OUTS)
def test_fan_out_is_within_a_quarter_of_the_real_mean(name: str, compared: Graph, real: Graph) -> None:
    expected, found = (mean_fan_out(graph, *FAN_OUTS[name]) for graph in (real, compared))
    assert 0.75 * expected <= found <= 1.25 * expected, f"{name}: real {expected:.2f}, synthetic {found:.2f}"


PER_PARTNERSHIP = (
    HIPS.Procedure,
    HIPS.ProcedureSection,
    HIPS.Theme,
    HIPS.TrainingCourse,
    HIPS.Toolkit,
    HIPS.Guidance,
    HIPS.Resource,
    HIPS.Agency,
    HIPS.PrimarySchool,
    HIPS.EarlyYearsSetting,
    HIPS.Subgroup,
)


@pytest.mark.parametrize("cls", PER_PARTNERSHIP, ids=compact)
def test_entities_per_partnership_and_statements_per_entity_are_near_the_real_ones(
    cls: URIRef, compared: Graph, real: Graph
) -> None:
    """The real data is one partnership's set of documents: its counts are the per-partnership target."""

    def shape(graph: Graph) -> tuple[int, float]:
        entities = list(graph.subjects(RDF.type, cls))
        return len(entities), sum(len(list(graph.predicate_objects(entity))) for entity in entities) / len(entities)

    (real_count, real_statements), (count, statements) = shape(real), shape(compared)
    assert 0.75 * real_count <= count / COMPARED <= 1.25 * real_count
    assert 0.75 * real_statements <= statements <= 1.25 * real_statements


def test_statements_per_partnership_calibrate_the_size() -> None:
    sizes = [sum(1 for _ in synth.generate(1, seed)) - synth.shared_statements() for seed in range(40)]
    assert abs(sum(sizes) / len(sizes) - synth.STATEMENTS_PER_PARTNERSHIP) < 0.05 * synth.STATEMENTS_PER_PARTNERSHIP


# --- readable ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt, rdflib_format", [("nq", "nquads"), ("trig", "trig")])
def test_output_loads_with_rdflib(fmt: str, rdflib_format: str, tmp_path: Path, two: list[synth.Quad]) -> None:
    path = tmp_path / f"synth.{fmt}"
    written = synth.write(path, 2, fmt=fmt)
    loaded = Dataset()
    loaded.parse(path, format=rdflib_format)
    assert written.statements == len(two) == sum(len(graph) for graph in loaded.graphs())
    assert written.bytes == path.stat().st_size
    assert {(s, p, o, g) for s, p, o, g in loaded.quads()} == set(two)


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_output_loads_with_oxigraph(fmt: str, tmp_path: Path) -> None:
    pyoxigraph = pytest.importorskip("pyoxigraph")
    path = tmp_path / f"synth.{fmt}"
    written = synth.write(path, 2, fmt=fmt)
    form = pyoxigraph.RdfFormat.N_QUADS if fmt == "nq" else pyoxigraph.RdfFormat.TRIG
    quads = list(pyoxigraph.parse(path=str(path), format=form))
    assert len(quads) == written.statements
    assert len({str(quad.graph_name) for quad in quads}) == 1 + 2 * 5  # legislation, then four sources and labels each


# --- sizes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, triples",
    [("10k", 10_000), ("100K", 100_000), ("1m", 1_000_000), ("5M", 5_000_000), ("2.5m", 2_500_000), ("12000", 12_000)],
)
def test_sizes_are_parsed(text: str, triples: int) -> None:
    assert synth.parse_size(text) == triples


@pytest.mark.parametrize("text", ["", "ten", "5g", "-1k", "1e6"])
def test_a_bad_size_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="size"):
        synth.parse_size(text)


def test_partnerships_for_a_size() -> None:
    assert [synth.partnerships_for(synth.parse_size(size)) for size in ("1k", "10k", "100k", "1m", "5m")] == [1, 1, 12, 118, 592]


def test_an_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        synth.write(tmp_path / "x.ttl", 1, fmt="turtle")
