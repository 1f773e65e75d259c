"""The W3C SHACL test suite (core and SHACL-SPARQL) through hipskg's engine layer, for every installed engine.

The suite is vendored in tests/fixtures/w3c-shacl/ (its README says from where and which commit).
Every ``sht:Validate`` entry reachable from its root manifest (``mf:include``, ``mf:entries``) is
run with ``hipskg.validate.validate(data, shapes=..., ontology=Graph(), engine=...)``, as the CLI
calls it, for each installed engine, and the report graph it returns (``Report.graph``) is compared
as the suite's "full compliance" asks:

- the expected report is the ``mf:result`` node with its results and the path structures they use;
- the actual report is cut down to the predicates the suite compares (rdf:type, sh:conforms,
  sh:result, sh:focusNode, sh:resultPath and its structure, sh:resultSeverity, sh:sourceConstraint,
  sh:sourceConstraintComponent, sh:sourceShape, sh:value) plus the sh:resultMessage literals the
  expected report also holds (the tests that check messages from sh:message);
- the two graphs must be isomorphic: the same sh:conforms and the same set of results compared on
  focus node, path, value, severity, source shape, source constraint and constraint component.

An expected ``sht:Failure`` (a query SHACL forbids) passes when the engine refuses: it raises
EngineError, and the test asserts the exact message. So does a test an engine cannot pass
(``REFUSED``): it must say so, never hand back a wrong report. The files are read with their
literals as written (no lexical normalisation), as the Oxigraph store holds them: ``"none"^^xsd:boolean``
is an ill-typed literal, not rdflib's ``"false"``.
"""

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import rdflib
from rdflib import BNode, Graph
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH, Namespace
from rdflib.term import Node

from hipskg.validate import validate
from hipskg.validate.engines import ENGINES, EngineError

SUITE = Path(__file__).resolve().parent / "fixtures" / "w3c-shacl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
COMPARED = {
    RDF.type,
    SH.conforms,
    SH.result,
    SH.focusNode,
    SH.resultPath,
    SH.resultSeverity,
    SH.sourceConstraint,
    SH.sourceConstraintComponent,
    SH.sourceShape,
    SH.value,
}


@dataclass(frozen=True)
class Case:
    """One sht:Validate entry: its data and shapes files, and the expected report (None: sht:Failure)."""

    id: str
    data: Path
    shapes: Path
    expected: Graph | None


def _read(path: Path) -> Graph:
    """A suite file, its literals as written (rdflib would rewrite "none"^^xsd:boolean as "false")."""
    normalize, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Parsing weird boolean", UserWarning)  # ill-typed on purpose
            return Graph().parse(path, format="turtle", publicID=path.as_uri())
    finally:
        rdflib.NORMALIZE_LITERALS = normalize


def _local(iri: Node) -> Path:
    return Path(str(iri).removeprefix("file://"))


def _expected(manifest: Graph, result: Node) -> Graph | None:
    """The expected report: the result node, its results, and the structures of their paths."""
    if result == SHT.Failure:
        return None
    expected = Graph()
    for p, o in manifest.predicate_objects(result):
        expected.add((result, p, o))
    for node in manifest.objects(result, SH.result):
        for p, o in manifest.predicate_objects(node):
            expected.add((node, p, _cloned(manifest, o, expected) if p == SH.resultPath else o))
    return expected


def _cloned(source: Graph, node: Node, target: Graph) -> Node:
    """``node`` with the blank nodes it leads to (a path's RDF structure) copied into ``target`` as
    new blank nodes: the suite compares each result's path as its own structure, never shared."""
    if not isinstance(node, BNode):
        return node
    clone = BNode()
    for p, o in source.predicate_objects(node):
        target.add((clone, p, _cloned(source, o, target)))
    return clone


def _cases(manifest_path: Path) -> Iterator[Case]:
    manifest = _read(manifest_path)
    for include in sorted(manifest.objects(None, MF.include), key=str):
        yield from _cases(_local(include))
    for entries in manifest.objects(None, MF.entries):
        for entry in Collection(manifest, entries):
            if (entry, RDF.type, SHT.Validate) not in manifest:
                continue
            action = manifest.value(entry, MF.action)
            yield Case(
                id=str(_local(entry).relative_to(SUITE)),
                data=_local(manifest.value(action, SHT.dataGraph)),
                shapes=_local(manifest.value(action, SHT.shapesGraph)),
                expected=_expected(manifest, manifest.value(entry, MF.result)),
            )


@cache
def cases() -> dict[str, Case]:
    return {case.id: case for case in _cases(SUITE / "manifest.ttl")}


def compared(report: Graph, expected: Graph) -> Graph:
    """The report cut down to what the suite compares (see the module docstring)."""
    messages = set(expected.objects(None, SH.resultMessage))
    kept = Graph()
    for root in report.subjects(RDF.type, SH.ValidationReport):
        kept.add((root, RDF.type, SH.ValidationReport))
        kept.add((root, SH.conforms, report.value(root, SH.conforms)))
        for result in report.objects(root, SH.result):
            kept.add((root, SH.result, result))
            for p, o in report.predicate_objects(result):
                if p in COMPARED or (p == SH.resultMessage and o in messages):
                    kept.add((result, p, _cloned(report, o, kept) if p == SH.resultPath else o))
    return kept


# What an engine says instead of a report where SHACL asks for a failure (mf:result sht:Failure): the
# query uses what SHACL 1.0 forbids for pre-binding (appendix A). Every engine refuses it the same way.
FORBIDDEN = {
    "sparql/pre-binding/pre-binding-006": ("pre-binding-006.test#TestShape", "a sub-select that does not project $this by name"),
    "sparql/pre-binding/unsupported-sparql-001": ("unsupported-sparql-001.test#TestShape", "MINUS"),
    "sparql/pre-binding/unsupported-sparql-002": ("unsupported-sparql-002.test#TestShape", "VALUES"),
    "sparql/pre-binding/unsupported-sparql-003": ("unsupported-sparql-003.test#TestShape", "SERVICE"),
    "sparql/pre-binding/unsupported-sparql-004": (
        "unsupported-sparql-004.test#TestShape",
        "a sub-select that does not project $this by name",
    ),
    "sparql/pre-binding/unsupported-sparql-005": (
        "unsupported-sparql-005.test#TestShape",
        "AS ?this (it binds a pre-bound variable)",
    ),
    "sparql/pre-binding/unsupported-sparql-006": (
        "unsupported-sparql-006.test#LanguageConstraintComponentUsingASK",
        "AS ?value (it binds a pre-bound variable)",
    ),
}

# Tests an engine cannot pass, and its refusal, which names what it lacks and the engines that have it.
REFUSED = {
    ("pyshacl", "sparql/pre-binding/shapesGraph-001"): "SHACL engine pyshacl: $shapesGraph in a SHACL-SPARQL constraint "
    "(<http://datashapes.org/sh/tests/sparql/pre-binding/shapesGraph-001.test#TestShape>) is not supported; "
    "use --engine shacl-rust or --engine pyshacl-turbo",
}

# Tests pySHACL itself fails, so an engine need not pass them; each with the reason.
PYSHACL_FAILS = {
    "core/property/uniqueLang-002": 'sh:uniqueLang "1"^^xsd:boolean: SHACL activates the constraint only for the literal '
    "true; pySHACL (and pyshacl-turbo, which follows it) takes any literal whose value is true",
}


def _installed() -> list[str]:
    return [name for name, engine in ENGINES.items() if engine.available()]


def _params() -> list:
    """Every installed engine on every test; a test pySHACL fails is an expected failure for the engines that follow it."""
    params = []
    for case_id in sorted(cases()):
        for engine in _installed():
            marks = ()
            if case_id in PYSHACL_FAILS and engine in ("pyshacl", "pyshacl-turbo"):
                marks = (pytest.mark.xfail(strict=True, reason=f"{case_id}: {PYSHACL_FAILS[case_id]}"),)
            params.append(pytest.param(engine, case_id, marks=marks, id=f"{case_id}-{engine}"))
    return params


def _refusal(engine: str, case_id: str) -> str | None:
    """The exact message the engine must refuse the test with, or None when it must pass it."""
    if case_id in FORBIDDEN:
        owner, construct = FORBIDDEN[case_id]
        return (
            f"SHACL engine {engine}: the SHACL-SPARQL query of <http://datashapes.org/sh/tests/{case_id.rsplit('/', 1)[0]}/"
            f"{owner}> uses {construct}, which SHACL forbids (SHACL 1.0, appendix A: pre-binding)"
        )
    return REFUSED.get((engine, case_id))


def test_every_test_that_asks_for_a_failure_is_listed():
    assert sorted(FORBIDDEN) == sorted(case_id for case_id, case in cases().items() if case.expected is None)
    assert len(cases()) == 120


@pytest.mark.parametrize(("engine", "case_id"), _params())
def test_w3c_shacl(engine: str, case_id: str) -> None:
    case = cases()[case_id]
    data, shapes = _read(case.data), _read(case.shapes)
    refusal = _refusal(engine, case_id)
    if refusal is not None:
        with pytest.raises(EngineError) as raised:
            validate(data, shapes=shapes, ontology=Graph(), engine=engine)
        assert str(raised.value) == refusal
        return
    assert case.expected is not None
    report = validate(data, shapes=shapes, ontology=Graph(), engine=engine).graph
    actual = compared(report, case.expected)
    assert isomorphic(actual, case.expected), (
        f"{engine} on {case_id}:\nexpected:\n{case.expected.serialize(format='turtle')}\ngot:\n{actual.serialize(format='turtle')}"
    )
