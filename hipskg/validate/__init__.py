"""The validate step: SHACL shapes over the data graph, with the ontology for the class hierarchy.

Validation never changes the data: pySHACL works on its own copy when it mixes in the ontology.
"""

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from hipskg import resources
from hipskg.rdfio import read_graph
from hipskg.validate.engines import choose


@dataclass(frozen=True)
class Result:
    """One SHACL validation result."""

    severity: URIRef
    focus: Node
    path: Node | None
    value: Node | None
    message: str
    shape: Node


@dataclass(frozen=True)
class Report:
    """The outcome of validating a graph: conforms unless a result has severity sh:Violation."""

    conforms: bool
    results: tuple[Result, ...]
    graph: Graph

    def count(self, severity: URIRef) -> int:
        return sum(result.severity == severity for result in self.results)


def load_shapes(folder: Path | None = None) -> Graph:
    shapes = Graph()
    for path in sorted((folder or resources.folder("shapes")).glob("*.ttl")):
        read_graph(path, shapes)
    return shapes


def _results(report: Graph) -> tuple[Result, ...]:
    results = []
    for node in report.subjects(SH.resultSeverity, None):
        results.append(
            Result(
                severity=report.value(node, SH.resultSeverity),
                focus=report.value(node, SH.focusNode),
                path=report.value(node, SH.resultPath),
                value=report.value(node, SH.value),
                message=str(report.value(node, SH.resultMessage) or ""),
                shape=report.value(node, SH.sourceShape),
            )
        )
    return tuple(sorted(results, key=lambda r: (str(r.severity), str(r.shape), str(r.focus), str(r.path), str(r.value))))


def validate(
    data: Graph,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    inference: bool = False,
    engine: str | None = None,
) -> Report:
    """Validate ``data`` against the project's shapes (or ``shapes``), with the fastest engine unless one is named."""
    if ontology is None:
        ontology = read_graph(resources.ontology_file())
    report = choose(engine).report(data, shapes if shapes is not None else load_shapes(), ontology, inference=inference)
    results = _results(report)
    conforms = not any(result.severity == SH.Violation for result in results)
    return Report(conforms, results, report)
