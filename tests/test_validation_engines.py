"""Every installed SHACL engine reports what pySHACL, the reference, reports.

A result is compared as (severity, focus node, path, value, source shape, messages). An anonymous
source shape is compared by its path and constraint component (each engine names blank nodes its
own way), and messages only where the shapes write them (sh:message): the engines word their
default messages differently. Engines that are not installed are skipped, naming the package.
"""

import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from hipskg import dataset, resources
from hipskg.cli import main
from hipskg.rdfio import NTriples, merged, read_graph
from hipskg.sparql import binds_like_substitution, prebound
from hipskg.validate import load_shapes, validate
from hipskg.validate.engines import ENGINES, REFERENCE, EngineError, Unsupported, choose
from hipskg.validate.report import summary

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "shacl"
RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".n3": "n3", ".trig": "trig", ".jsonld": "json-ld", ".rdf": "xml", ".owl": "xml"}

BNODE_LABEL = re.compile(r"(?:_:)?\b[Nn][0-9a-f]{32}b?[0-9]*\b")

FAST = [name for name in ENGINES if name != REFERENCE]


@pytest.fixture(params=FAST)
def engine(request):
    engine = ENGINES[request.param]
    if not engine.available():
        pytest.skip(
            f"SHACL engine {engine.name} is not installed: pip install {engine.package} (hipskg installs it where it has a binary wheel)"
        )
    return engine


# --- comparing reports --------------------------------------------------------------------------


def _describe(graphs: tuple[Graph, ...], node: Node | None, depth: int = 0) -> str | None:
    """A blank node by what is said about it (engines name blank nodes their own way)."""
    if node is None:
        return None
    if not isinstance(node, BNode):
        return node.n3()
    if depth > 3:
        return "[]"
    for graph in graphs:
        pairs = sorted(f"{p.n3()} {_describe(graphs, o, depth + 1)}" for p, o in graph.predicate_objects(node))
        if pairs:
            return "[ " + " ; ".join(pairs) + " ]"
    return "[]"


def _path(graphs: tuple[Graph, ...], path: Node | None) -> str | None:
    """A SHACL path as text (^p, p1/p2, p1|p2, p*), read from the first graph that describes it."""
    if path is None or isinstance(path, URIRef):
        return None if path is None else path.n3()
    for graph in graphs:
        for predicate, prefix, suffix in (
            (SH.inversePath, "^", ""),
            (SH.zeroOrMorePath, "", "*"),
            (SH.oneOrMorePath, "", "+"),
            (SH.zeroOrOnePath, "", "?"),
        ):
            inner = graph.value(path, predicate)
            if inner is not None:
                return f"{prefix}{_path(graphs, inner)}{suffix}"
        alternatives = graph.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(_path(graphs, p) for p in Collection(graph, alternatives)) + ")"
        if graph.value(path, RDF.first) is not None:
            return "(" + "/".join(_path(graphs, p) for p in Collection(graph, path)) + ")"
    return "[unknown path]"


def _has_own_message(shapes: Graph, shape: Node) -> bool:
    if shapes.value(shape, SH.message) is not None:
        return True
    return any(shapes.value(constraint, SH.message) is not None for constraint in shapes.objects(shape, SH.sparql))


def results(report: Graph, data: Graph, shapes: Graph) -> Counter:
    """The report's results as comparable tuples (a Counter: the same result twice counts twice)."""
    found = Counter()
    for node in report.objects(None, SH.result):
        shape = report.value(node, SH.sourceShape)
        path = _path((report, shapes), report.value(node, SH.resultPath))
        component = report.value(node, SH.sourceConstraintComponent)
        messages = None
        if _has_own_message(shapes, shape):
            # a message naming a blank node names it the engine's way
            messages = tuple(sorted(BNODE_LABEL.sub("_:b", str(m)) for m in report.objects(node, SH.resultMessage)))
        found[
            (
                report.value(node, SH.resultSeverity).n3(),
                _describe((data, report), report.value(node, SH.focusNode)),
                path,
                _describe((data, report), report.value(node, SH.value)),
                shape.n3() if isinstance(shape, URIRef) else f"anonymous shape on {path} ({component.n3()})",
                messages,
            )
        ] += 1
    return found


def conforms(report: Graph) -> bool:
    return report.value(next(report.subjects(RDF.type, SH.ValidationReport)), SH.conforms).toPython()


_references: dict[str, tuple[bool, Counter]] = {}


def reference(case: str, data: Graph, shapes: Graph, ontology: Graph, inference: bool = False) -> tuple[bool, Counter]:
    """pySHACL's outcome for a case, computed once per test run."""
    key = f"{case}|{inference}"
    if key not in _references:
        report = ENGINES[REFERENCE].report(data, shapes, ontology, inference=inference)
        _references[key] = conforms(report), results(report, data, shapes)
    return _references[key]


def assert_agrees(engine, case: str, data: Graph, shapes: Graph, ontology: Graph, inference: bool = False) -> Counter:
    expected_conforms, expected = reference(case, data, shapes, ontology, inference)
    report = engine.report(data, shapes, ontology, inference=inference)
    got = results(report, data, shapes)
    missing, extra = expected - got, got - expected
    assert not missing and not extra, (
        f"{engine.name} differs from pySHACL on {case}:\n"
        + "".join(f"  only pySHACL: {r}\n" for r in sorted(missing.elements()))
        + "".join(f"  only {engine.name}: {r}\n" for r in sorted(extra.elements()))
    )
    assert conforms(report) == expected_conforms
    return expected


# --- the committed data -------------------------------------------------------------------------


@cache
def project() -> tuple[Graph, Graph, Graph]:
    """The committed data (without the ontology), the project's shapes and the ontology."""
    return dataset.union(dataset.load()), load_shapes(), read_graph(resources.ontology_file())


@pytest.mark.parametrize("inference", [False, True], ids=["no-inference", "rdfs"])
def test_engine_agrees_with_pyshacl_on_the_committed_data(engine, inference):
    data, shapes, ontology = project()
    assert_agrees(engine, "committed data", data, shapes, ontology, inference)


def test_engine_agrees_on_the_committed_data_mixed_with_the_ontology(engine):
    """As hipskg.validate.validate() calls the engines: the ontology's individuals are data too."""
    data, shapes, ontology = project()
    assert_agrees(engine, "committed data and ontology", merged((data, ontology)), shapes, ontology)


# --- small invalid graphs, against the project's shapes ------------------------------------------

PREFIXES = """
@prefix hips: <https://w3id.org/hipskg/def#> .
@prefix id: <https://w3id.org/hipskg/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

SMALL = {
    "wrong datatype": """
        id:leg a hips:Act ; skos:prefLabel "Children Act 1989"@en ; hips:year "1989" , 1989 .
        id:ch a hips:Chapter ; skos:prefLabel "Chapter one" ; hips:chapterNumber "one" ; hips:inManual id:manual .
        id:manual a hips:ProceduresManual ; skos:prefLabel "Manual"@en .
        id:proc a hips:Procedure ; skos:prefLabel "A procedure"@en ; hips:underReview "yes" ; hips:procedureNumber 3.11 .
    """,
    "value not in sh:in": """
        id:group a hips:Group ; skos:prefLabel "A group"@en ; hips:meetingFrequency hips:Weekly .
        id:group2 a hips:Group ; skos:prefLabel "Another group"@en ; hips:meetingFrequency "Monthly" .
        id:kit a hips:Toolkit ; skos:prefLabel "A toolkit"@en ; hips:audience hips:Everyone .
        id:course a hips:TrainingCourse ; skos:prefLabel "A course"@en ; hips:deliveryMode hips:ClassroomMode .
        id:theme a hips:Theme ; skos:prefLabel "A theme"@en ; hips:listsCourse id:course .
    """,
    "missing required property": """
        id:ch a hips:Chapter ; hips:inManual id:manual .
        id:manual a hips:ProceduresManual .
        id:act a hips:Act ; skos:prefLabel "An Act"@en .
        id:course a hips:TrainingCourse ; skos:prefLabel "A course"@en .
        id:section a hips:ProcedureSection ; skos:prefLabel "A section"@en .
        [] a hips:Theme ; skos:altLabel "a theme with no name" .
    """,
    # the literals of an sh:in list, spelt plain, with ^^xsd:string, and with a language tag
    "plain literal where sh:in lists literals": """
        id:doc1 a hips:SourceDocument ; dcterms:title "Manual"@en ; hips:layout "procedures-manual" .
        id:doc2 a hips:SourceDocument ; dcterms:title "Page"@en ; hips:layout "procedure-page"^^xsd:string .
        id:doc3 a hips:SourceDocument ; dcterms:title "Brochure"@en ; hips:layout "brochure" .
        id:doc4 a hips:SourceDocument ; dcterms:title "Arrangements"@en ; hips:layout "safeguarding-arrangements"@en .
    """,
    "SHACL-SPARQL constraints": """
        id:board a hips:Organisation ; skos:prefLabel "Board"@en ; hips:feedsInto id:group .
        id:group a hips:Organisation ; skos:prefLabel "Group"@en ; hips:reportsTo id:board .
        id:proc a hips:Procedure ; skos:prefLabel "A procedure"@en ; hips:refersTo id:nowhere , id:board .
        id:t1 a hips:Theme ; skos:prefLabel "Domestic Abuse"@en .
        id:t2 a hips:Theme ; skos:prefLabel "domestic  abuse"@en .
        id:t3 a hips:Theme ; skos:prefLabel "Domestic & Abuse"@en .
        id:t4 a hips:Theme ; skos:prefLabel "domestic and abuse"@en .
    """,
}


@pytest.mark.parametrize("case", SMALL)
def test_engine_agrees_with_pyshacl_on_small_invalid_graphs(engine, case):
    _, shapes, ontology = project()
    data = Graph().parse(data=PREFIXES + "@prefix dcterms: <http://purl.org/dc/terms/> .\n" + SMALL[case], format="turtle")
    expected = assert_agrees(engine, case, data, shapes, ontology)
    assert expected, f"the case {case!r} should break at least one of the project's shapes"


# --- small invalid graphs, against shapes of the test's own ----------------------------------------
# These do not move with the project's shapes, so they can say which constraint each one breaks.

OWN_SHAPES = """
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex: a owl:Ontology ; sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:code ; sh:in ( "a" "b" ) ; sh:message "the code is a or b"@en ] ,
        [ sh:path ex:text ; sh:datatype xsd:string ] ,
        [ sh:path ex:name ; sh:minCount 1 ; sh:datatype rdf:langString ] ,
        [ sh:path [ sh:inversePath ex:has ] ; sh:minCount 1 ; sh:message "something has it"@en ] ,
        [ sh:path ex:year ; sh:datatype xsd:gYear ] ,
        [ sh:path ex:mode ; sh:in ( ex:A ex:B ) ] ,
        [ sh:path ex:link ; sh:class ex:Thing ] .
ex:ShortNameShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:sparql [ sh:prefixes ex: ; sh:message "the name {?value} of {$this} is too short"@en ;
        sh:select "SELECT $this ?value WHERE { $this ex:name ?value . FILTER(STRLEN(STR(?value)) < 3) }" ] .
"""

OWN_ONTOLOGY = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Special rdfs:subClassOf ex:Thing .
"""

OWN_DATA = """
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:good a ex:Special ; ex:code "a" , "b"^^xsd:string ; ex:text "x" , "y"^^xsd:string ; ex:name "good"@en ;
    ex:year "1989"^^xsd:gYear ; ex:mode ex:A ; ex:link ex:good .
ex:owner ex:has ex:good .
ex:bad a ex:Thing ; ex:code "c" , "a"@en , 1 ; ex:text "z"@en , 3 ; ex:name "no" ; ex:year "1989" ;
    ex:mode "A" , ex:C ; ex:link ex:owner .
[] a ex:Thing ; ex:name "x"@en .
"""


def own_case() -> tuple[Graph, Graph, Graph]:
    return (
        Graph().parse(data=OWN_DATA, format="turtle"),
        Graph().parse(data=OWN_SHAPES, format="turtle"),
        Graph().parse(data=OWN_ONTOLOGY, format="turtle"),
    )


def test_the_own_case_breaks_what_it_is_meant_to_break():
    data, shapes, ontology = own_case()
    report = ENGINES[REFERENCE].report(data, shapes, ontology, inference=False)
    components = Counter(report.objects(None, SH.sourceConstraintComponent))
    assert components == {
        SH.DatatypeConstraintComponent: 4,  # "no" is not @en; "1989" is no gYear; "z"@en and 3 are no strings
        SH.InConstraintComponent: 5,  # "c", "a"@en, 1; "A" (a literal, not ex:A) and ex:C
        SH.MinCountConstraintComponent: 2,  # nothing has ex:bad or the blank node
        SH.ClassConstraintComponent: 1,  # ex:owner is no ex:Thing
        SH.SPARQLConstraintComponent: 2,  # "no" and "x"@en are too short
    }
    # ex:good is an ex:Thing through the ontology, and conforms: "b"^^xsd:string is "b"
    assert URIRef("http://example.org/good") not in set(report.objects(None, SH.focusNode))


@pytest.mark.parametrize("inference", [False, True], ids=["no-inference", "rdfs"])
def test_engine_agrees_with_pyshacl_on_its_own_shapes(engine, inference):
    data, shapes, ontology = own_case()
    assert_agrees(engine, "own shapes", data, shapes, ontology, inference)


def test_sparql_messages_carry_the_values_as_pyshacl_writes_them(engine):
    data, shapes, ontology = own_case()
    report = engine.report(data, shapes, ontology, inference=False)
    messages = {
        str(report.value(r, SH.resultMessage))
        for r in report.subjects(SH.sourceConstraintComponent, SH.SPARQLConstraintComponent)
    }
    assert "the name no of http://example.org/bad is too short" in messages


@pytest.mark.parametrize(
    "where",
    [
        "$this ex:p ?value . ?value ex:q ?x",  # ?x is not projected: two solutions alike
        "$this ex:p ?value . ?value a/rdfs:subClassOf* ex:C",  # two types, two paths to ex:C
    ],
)
def test_repeated_sparql_solutions_give_one_result(engine, where):
    """pySHACL gives one result per distinct solution; shacl-rust gives one per solution."""
    shapes = Graph().parse(
        format="turtle",
        data=f"""
        @prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex: sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] ,
            [ sh:prefix "rdfs" ; sh:namespace "http://www.w3.org/2000/01/rdf-schema#"^^xsd:anyURI ] .
        ex:S a sh:NodeShape ; sh:targetNode ex:a ;
            sh:sparql [ sh:prefixes ex: ; sh:message "{{?value}} is wrong" ; sh:select "SELECT $this ?value WHERE {{ {where} }}" ] .""",
    )
    data = Graph().parse(
        format="turtle",
        data="""
        @prefix ex: <http://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:a ex:p ex:b . ex:b ex:q 1 , 2 ; a ex:C , ex:D . ex:D rdfs:subClassOf ex:C .""",
    )
    expected = assert_agrees(engine, f"repeated solutions {where}", data, shapes, Graph())
    assert sum(expected.values()) == 1


@pytest.mark.parametrize("name", list(ENGINES))
def test_a_string_is_the_same_term_plain_or_typed_xsd_string(name):
    """RDF 1.1: "a" and "a"^^xsd:string are one term, so neither spelling breaks sh:in or sh:hasValue.

    rdflib keeps them apart and pySHACL alone reports both constraints broken when the data and the
    shapes spell the string differently; the engines module gives it plain strings.
    """
    engine = ENGINES[name]
    if not engine.available():
        pytest.skip(f"SHACL engine {name} is not installed: pip install {engine.package}")
    for shape_spelling in ('"a"', '"a"^^xsd:string'):
        for data_spelling in ('"a"', '"a"^^xsd:string'):
            shapes = Graph().parse(
                format="turtle",
                data=f"""
                @prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .
                @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
                ex:S a sh:NodeShape ; sh:targetNode ex:x ;
                    sh:property [ sh:path ex:p ; sh:in ( {shape_spelling} ) ; sh:datatype xsd:string ] ,
                                [ sh:path ex:p ; sh:hasValue {shape_spelling} ] .""",
            )
            data = Graph().parse(
                format="turtle",
                data=f"""
                @prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
                ex:x ex:p {data_spelling} .""",
            )
            report = engine.report(data, shapes, Graph(), inference=False)
            assert conforms(report), f"{name}: shapes {shape_spelling}, data {data_spelling}:\n" + report.serialize(
                format="turtle"
            )


def test_known_difference_rdfs_range_makes_literals_focus_nodes_only_for_pyshacl(engine):
    """With inference, a literal value of a property whose rdfs:range is a class becomes, for
    pySHACL alone, an instance of that class (a generalised triple with a literal subject) and so a
    focus node. The Rust engines drop such triples (pyshacl-turbo by design, shacl-rust because
    N-Triples cannot carry them). hipskg's ontology and data do not meet this: the committed-data
    tests with inference agree. This test pins the difference so that a change shows."""
    ontology = Graph().parse(
        format="turtle",
        data="""
        @prefix ex: <http://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:p rdfs:range ex:Thing .""",
    )
    shapes = Graph().parse(
        format="turtle",
        data="""
        @prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .
        ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:nodeKind sh:IRI .""",
    )
    data = Graph().parse(format="turtle", data='@prefix ex: <http://example.org/> . ex:a ex:p "text" , ex:b .')
    focus = {
        engine_name: set(ENGINES[engine_name].report(data, shapes, ontology, inference=True).objects(None, SH.focusNode))
        for engine_name in (REFERENCE, engine.name)
    }
    assert focus == {REFERENCE: {Literal("text")}, engine.name: set()}


def test_hipskg_validate_gives_the_same_results_with_every_engine(engine):
    """Through the public validate(), as the CLI calls it."""
    from hipskg.validate import validate

    data, _, _ = project()

    def found(report):
        graphs = (report.graph,)
        return Counter(
            (r.severity, _describe(graphs, r.focus), _path(graphs, r.path), _describe(graphs, r.value)) for r in report.results
        )

    if "validate()" not in _references:
        _references["validate()"] = (None, found(validate(data, engine=REFERENCE)))
    report = validate(data, engine=engine.name)
    assert found(report) == _references["validate()"][1]


# --- the shared SHACL fixtures, when present --------------------------------------------------------


PARSER_FIXTURES = {"malformed-turtle.ttl"}  # there for the parser's error message, not for validation


def fixture_files() -> list[Path]:
    if not FIXTURES.is_dir():
        return []
    return sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix in RDF_SUFFIXES and p.name not in PARSER_FIXTURES)


def _defines_shapes(graph: Graph) -> bool:
    return any(graph.triples((None, RDF.type, SH.NodeShape))) or any(graph.triples((None, RDF.type, SH.PropertyShape)))


@pytest.mark.parametrize(
    "path", fixture_files() or [None], ids=lambda p: "no fixtures" if p is None else str(p.relative_to(FIXTURES))
)
def test_engine_agrees_with_pyshacl_on_the_shacl_fixtures(engine, path):
    """Each file in tests/fixtures/shacl/ is a data graph, validated with the ontology mixed in as
    hipskg.validate.validate() does; one that defines shapes is its own shapes graph instead (as in
    the W3C test suite)."""
    assert path is not None, f"no SHACL fixtures: {FIXTURES.relative_to(ROOT)} holds no RDF file"
    data = Graph().parse(path, format=RDF_SUFFIXES[path.suffix])
    _, shapes, ontology = project()
    if _defines_shapes(data):
        shapes, ontology = data, Graph()
    else:
        data += ontology
    assert_agrees(engine, f"fixture {path.relative_to(FIXTURES)}", data, shapes, ontology)


# --- pre-binding $this (SHACL 1.0, appendix A) ---------------------------------------------------------

PREBINDING = [
    # where a VALUES block opening the outermost group has bound $this, or is joined with its triple patterns
    ("SELECT $this WHERE { $this <p> ?v . FILTER NOT EXISTS { { FILTER($this = ?v) } } }", True),
    ("SELECT $this WHERE { { $this <p> ?v } UNION { $this <q> ?v } }", True),
    ("SELECT $this WHERE { ?a <p> ?v OPTIONAL { $this <q> ?v } }", True),
    ("SELECT $this WHERE { GRAPH ?g { $this <p> ?v } BIND(STR($this) AS ?s) }", True),
    # where it would be unbound: a FILTER in a UNION branch or nested group, an OPTIONAL in a group
    ("SELECT $this WHERE { { FILTER (false) } UNION { FILTER ($this = <x>) } }", False),
    ("SELECT $this WHERE { { { FILTER ($this = <x>) } FILTER bound($this) } FILTER (true) }", False),
    ("SELECT $this WHERE { { FILTER (bound($this)) } $this <p> 'L' . FILTER (bound($this)) }", False),
    ("SELECT $this WHERE { { ?a <p> ?v OPTIONAL { $this <q> ?v } } }", False),
    ("SELECT $this WHERE { OPTIONAL { ?v <q> ?w FILTER($this = ?v) } }", False),
    ("SELECT $this WHERE { { SELECT $this WHERE { FILTER ($this = <x>) } } }", False),
    # answers that would not say whose they are
    ("SELECT (COUNT(*) AS ?n) WHERE { $this <p> ?v }", False),
    ("ASK { $this <p> ?v }", False),
]


@pytest.mark.parametrize(("query", "like"), PREBINDING)
def test_a_values_block_prebinds_this_only_where_the_structure_proves_it(query, like):
    assert binds_like_substitution(query, "this") is like


def test_substitution_makes_bound_this_true_and_orders_by_a_constant():
    query = "SELECT $this WHERE { { FILTER (bound($this)) } $this <p> 'L' . FILTER (BOUND ( ?this )) } ORDER BY $this"
    assert prebound(query, "this", URIRef("http://e/a")) == (
        "SELECT *  WHERE { { FILTER ((true)) } <http://e/a> <p> 'L' . FILTER ((true)) } ORDER BY (<http://e/a>)"
    )
    assert (
        prebound("SELECT $this WHERE { FILTER bound($this) }", "this", URIRef("http://e/a"))
        == "SELECT *  WHERE { FILTER (true) }"
    )


# --- failures and choice ------------------------------------------------------------------------------


def test_a_sparql_query_the_engine_cannot_run_is_an_error_not_a_result(engine):
    shapes = Graph().parse(
        format="turtle",
        data="""
        @prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .
        ex:S a sh:NodeShape ; sh:targetClass ex:T ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this ex:p ?x . FILTER( }" ] .""",
    )
    data = Graph().parse(format="turtle", data="@prefix ex: <http://example.org/> . ex:a a ex:T ; ex:p 1 .")
    with pytest.raises(EngineError, match=engine.name):
        engine.report(data, shapes, Graph(), inference=False)


def test_data_the_engine_cannot_read_is_an_error_not_an_empty_report(engine):
    data = Graph()
    data.add((URIRef("http://example.org/a b"), RDF.type, URIRef("http://example.org/T")))
    shapes = Graph().parse(
        format="turtle",
        data="""
        @prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .
        ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .""",
    )
    try:
        report = engine.report(data, shapes, Graph(), inference=False)
    except EngineError as error:
        assert engine.name in str(error)
    else:  # an engine that reads the IRI must then find the missing ex:p
        assert not conforms(report)


def test_choose_takes_the_first_installed_engine_and_the_reference_last():
    assert list(ENGINES)[-1] == REFERENCE
    assert choose() is next(e for e in ENGINES.values() if e.available())
    assert choose(REFERENCE) is ENGINES[REFERENCE]
    with pytest.raises(EngineError, match="unknown SHACL engine"):
        choose("no-such-engine")


@pytest.mark.parametrize("name", FAST)
def test_an_engine_whose_package_does_not_import_is_not_available(monkeypatch, name):
    module = {"shacl-rust": "shacl_rust", "pyshacl-turbo": "pyshacl_turbo"}[name]
    monkeypatch.setitem(__import__("sys").modules, module, None)  # import now raises ImportError
    assert not ENGINES[name].available()
    assert choose() is not ENGINES[name]
    with pytest.raises(EngineError, match=f"pip install {ENGINES[name].package}"):
        choose(name)


def test_literals_in_reports_keep_their_datatype_and_language(engine):
    data, shapes, ontology = own_case()
    report = engine.report(data, shapes, ontology, inference=False)
    values = set(report.objects(None, SH.value))
    assert Literal("1989") in values and Literal("a", lang="en") in values and Literal(3) in values


# --- SHACL-SPARQL constraints hipskg evaluates for shacl-rust, and those it leaves to it -------------------

SPARQL_SHAPES = """
@prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:prefixes owl:imports ex:declared .
ex:declared sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
"""


@pytest.mark.parametrize(
    "shape",
    [
        # a property shape of a targeted node shape: $PATH is its path, its focus nodes the node shape's
        """ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ;
            sh:sparql [ sh:prefixes ex:prefixes ; sh:select "SELECT $this ?value WHERE { $this $PATH ?value . FILTER(?value > 1) }" ] ] .""",
        # a shape used through sh:node: its results are the node shape's, so shacl-rust evaluates it itself
        """ex:S sh:targetClass ex:T ; sh:node ex:Inner .
        ex:Inner sh:sparql [ sh:prefixes ex:prefixes ; sh:select "SELECT $this WHERE { $this ex:p 2 }" ] .""",
        # a shape that is its own constraint, and prefixes declared by an imported node
        """ex:S a sh:NodeShape , sh:SPARQLConstraint ; sh:targetClass ex:T ; sh:sparql ex:S ; sh:message "too big" ;
            sh:prefixes ex:prefixes ; sh:select "SELECT $this ?value WHERE { $this ex:p ?value . FILTER(?value > 1) }" .""",
    ],
    ids=["property shape with $PATH", "shape used through sh:node", "shape that is its own constraint"],
)
def test_sparql_constraints_wherever_they_stand(engine, shape):
    shapes = Graph().parse(format="turtle", data=SPARQL_SHAPES + shape)
    data = Graph().parse(
        format="turtle", data="@prefix ex: <http://example.org/> . ex:a a ex:T ; ex:p 1 , 2 . ex:b a ex:T ; ex:p 1 ."
    )
    assert sum(assert_agrees(engine, f"SHACL-SPARQL {shape}", data, shapes, Graph()).values()) == 1


# --- the report graph says what SHACL says -------------------------------------------------------------------


def test_the_report_of_the_committed_data_does_not_conform_in_shacl_terms_but_exits_0(capsys):
    """SHACL 1.0 §3.6.1: sh:conforms is false whenever the report holds a result; the committed data
    has warnings and infos only, which do not block (exit status 0)."""
    assert main(["validate", "--format", "turtle"]) == 0
    out = capsys.readouterr().out
    assert "sh:conforms false" in out and "sh:result" in out


def test_a_report_without_results_conforms(capsys):
    assert main(["validate", "--format", "turtle", str(FIXTURES / "valid" / "training.ttl")]) == 0
    out = capsys.readouterr().out
    assert "sh:conforms true" in out and "sh:result" not in out


@pytest.mark.parametrize("name", list(ENGINES))
@pytest.mark.parametrize("severity", ["sh:Warning", "sh:Info", "ex:MySeverity"])
def test_any_result_makes_the_report_graph_non_conforming_and_only_a_violation_blocks(name, severity):
    if not ENGINES[name].available():
        pytest.skip(f"SHACL engine {name} is not installed: pip install {ENGINES[name].package}")
    shapes = Graph().parse(
        format="turtle",
        data=f"""
        @prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .
        ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:severity {severity} ] .""",
    )
    report = validate(Graph(), shapes=shapes, ontology=Graph(), engine=name)
    assert len(report.results) == 1
    assert conforms(report.graph) is False
    assert report.conforms  # hipskg's verdict: no sh:Violation
    assert (
        summary(report)
        == {
            "sh:Warning": "conforms: 0 violations, 1 warning, 0 infos",
            "sh:Info": "conforms: 0 violations, 0 warnings, 1 info",
            "ex:MySeverity": "conforms: 0 violations, 0 warnings, 0 infos, 1 of another severity",
        }[severity]
    )


# --- refusals, and the fallback when hipskg chooses -------------------------------------------------------------

ILL_TYPED_SHAPES = """
@prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:datatype xsd:boolean ] ."""


def rewritten_ill_typed_data() -> Graph:
    """rdflib reads "none"^^xsd:boolean as "false"^^xsd:boolean, marked ill-typed."""
    with pytest.warns(UserWarning, match="weird boolean"):
        return Graph().parse(
            format="turtle",
            data="@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . "
            '<http://example.org/a> <http://example.org/p> "none"^^xsd:boolean .',
        )


@pytest.mark.parametrize("name", FAST)
def test_an_engine_reading_lexical_forms_refuses_an_ill_typed_literal_rdflib_rewrote(name):
    if not ENGINES[name].available():
        pytest.skip(f"SHACL engine {name} is not installed: pip install {ENGINES[name].package}")
    shapes = Graph().parse(format="turtle", data=ILL_TYPED_SHAPES)
    with pytest.raises(Unsupported) as refused:
        validate(rewritten_ill_typed_data(), shapes=shapes, ontology=Graph(), engine=name)
    assert str(refused.value) == (
        f"SHACL engine {name}: the ill-typed literal of <http://example.org/a> <http://example.org/p>, which rdflib rewrote as "
        'the well-typed "false"^^<http://www.w3.org/2001/XMLSchema#boolean> when it read the data, is not supported; '
        "use --engine pyshacl"
    )


def test_the_same_literal_as_written_reaches_shacl_rust_as_written():
    """N-Triples text (the Oxigraph store's) keeps "none": shacl-rust sees the ill-typed literal itself."""
    if not ENGINES["shacl-rust"].available():
        pytest.skip("SHACL engine shacl-rust is not installed: pip install shacl-rust")
    shapes = Graph().parse(format="turtle", data=ILL_TYPED_SHAPES)
    data = NTriples('<http://example.org/a> <http://example.org/p> "none"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n')
    report = validate(data, shapes=shapes, ontology=Graph(), engine="shacl-rust")
    assert [r.value.n3() for r in report.results] == ['"none"^^<http://www.w3.org/2001/XMLSchema#boolean>']


def test_when_hipskg_chooses_a_refusing_engine_is_passed_over_for_the_next(capsys):
    shapes = Graph().parse(format="turtle", data=ILL_TYPED_SHAPES)
    report = validate(rewritten_ill_typed_data(), shapes=shapes, ontology=Graph())
    assert report.engine == REFERENCE
    assert [(r.severity, r.value.n3()) for r in report.results] == [
        (SH.Violation, '"false"^^<http://www.w3.org/2001/XMLSchema#boolean>')
    ]
    passed_over = [name for name in FAST if ENGINES[name].available()]
    assert [refusal.split(":")[0] for refusal in report.passed_over] == [f"SHACL engine {name}" for name in passed_over]
    assert capsys.readouterr().err == ""  # the library says it in the report; the command line prints it


def test_the_command_line_says_which_engine_was_passed_over(tmp_path, capsys):
    data = tmp_path / "ill-typed.ttl"
    data.write_text(  # typed, as every entity must be (the closed vocabulary)
        "<https://example.org/a> a <https://example.org/Thing> ; "
        '<https://example.org/p> "none"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n',
        encoding="utf-8",
    )
    assert main(["validate", str(data)]) == 0
    passed_over = [name for name in FAST if ENGINES[name].available()]
    notes = [line for line in capsys.readouterr().err.splitlines() if line.startswith("SHACL engine")]
    assert [note.split(":")[0] for note in notes] == [f"SHACL engine {name}" for name in passed_over]
    assert all(note.endswith("; validated with pyshacl instead") for note in notes)


def test_when_no_installed_engine_can_the_last_refusal_is_raised(monkeypatch):
    for module in ("shacl_rust", "pyshacl_turbo"):
        monkeypatch.setitem(sys.modules, module, None)  # import now raises ImportError
    shapes = Graph().parse(
        format="turtle",
        data="""
        @prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .
        ex:S sh:targetNode ex:a ; sh:sparql [ sh:select "SELECT $this WHERE { GRAPH $shapesGraph { ?s ?p ?o } }" ] .""",
    )
    with pytest.raises(Unsupported) as refused:
        validate(Graph(), shapes=shapes, ontology=Graph())
    assert str(refused.value) == (
        "SHACL engine pyshacl: $shapesGraph in a SHACL-SPARQL constraint (<http://example.org/S>) "
        "is not supported; use --engine shacl-rust or --engine pyshacl-turbo"
    )


SHACL_RUST_BUFFER = 16 * 1024 * 1024  # bytes: shacl-rust's parser refuses a longer N-Triples statement


def long_literal_file(tmp_path: Path) -> Path:
    """A valid course whose description makes its N-Triples statement just reach shacl-rust's buffer."""
    subject, predicate = (
        "https://w3id.org/hipskg/id/course/professional-curiosity",
        "http://www.w3.org/2000/01/rdf-schema#comment",
    )
    length = SHACL_RUST_BUFFER - len(f'<{subject}> <{predicate}> "')
    text = (FIXTURES / "valid" / "training.ttl").read_text(encoding="utf-8")
    path = tmp_path / "long.ttl"
    path.write_text(text + f'\n<{subject}> <{predicate}> "{"x" * length}" .\n', encoding="utf-8")
    return path


def test_a_statement_longer_than_shacl_rusts_buffer_is_validated_by_another_engine(tmp_path, capsys):
    if not ENGINES["shacl-rust"].available():
        pytest.skip("SHACL engine shacl-rust is not installed: pip install shacl-rust")
    path = long_literal_file(tmp_path)
    assert main(["validate", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "conforms: 0 violations, 0 warnings, 0 infos  (1 file, SHACL engine pyshacl)"
    assert captured.err.splitlines()[0] == (
        "SHACL engine shacl-rust: a statement of 16,777,219 bytes as N-Triples (course:professional-curiosity "
        "rdfs:comment) is not supported: its parser reads at most 16,777,216 bytes at a time; use --engine pyshacl; "
        "validated with pyshacl instead"
    )
    assert main(["validate", "--engine", "shacl-rust", str(path)]) == 2
    assert capsys.readouterr().err.startswith("hipskg validate: SHACL engine shacl-rust: a statement of 16,777,219 bytes")
