"""The validate step: SHACL shapes over the data graph, with the ontology for the class hierarchy.

Validation never changes the data: pySHACL works on its own copy when it mixes in the ontology.
"""

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from hipskg import resources
from hipskg.namespaces import compact
from hipskg.rdfio import NTriples, merged, read_graph
from hipskg.validate.engines import choose


@dataclass(frozen=True)
class Result:
    """One SHACL validation result."""

    severity: URIRef
    focus: Node
    path: Node | None
    path_text: str  # the path in SPARQL notation, readable even when the path is a blank node
    value: Node | None
    message: str
    shape: Node
    shape_name: str  # the node shape, and for a property shape its path: "hipsh:GroupShape hips:meetingFrequency"


@dataclass(frozen=True)
class Report:
    """The outcome of validating a graph: conforms unless a result has severity sh:Violation."""

    conforms: bool
    results: tuple[Result, ...]
    graph: Graph  # the standard sh:ValidationReport

    def count(self, severity: URIRef) -> int:
        return sum(result.severity == severity for result in self.results)


class NotConforming(Exception):
    """The data has SHACL violations, so the step that checked it wrote nothing; ``report`` says why."""

    def __init__(self, message: str, report: Report, checked: Dataset) -> None:
        super().__init__(message)
        self.report = report
        self.dataset = checked


def load_shapes(folder: Path | None = None) -> Graph:
    shapes = Graph()
    for path in sorted((folder or resources.folder("shapes")).glob("*.ttl")):
        read_graph(path, shapes)
    return shapes


def path_text(graph: Graph, path: Node | None) -> str:
    """A SHACL property path in SPARQL notation: hips:p, ^hips:p, (hips:a|hips:b), hips:a/hips:b."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return compact(path)
    if (inverse := graph.value(path, SH.inversePath)) is not None:
        return "^" + path_text(graph, inverse)
    if (alternatives := graph.value(path, SH.alternativePath)) is not None:
        return "(" + "|".join(path_text(graph, step) for step in Collection(graph, alternatives)) + ")"
    if graph.value(path, RDF.first) is not None:
        return "/".join(path_text(graph, step) for step in Collection(graph, path))
    return "(complex path)"


def shape_name(shapes: Graph, shape: Node) -> str:
    """A readable name for a shape: its IRI, or for an anonymous property shape its node shape and path."""
    if isinstance(shape, URIRef):
        return compact(shape)
    parent = shapes.value(None, SH.property, shape)
    owner = compact(parent) if isinstance(parent, URIRef) else "(anonymous shape)"
    return f"{owner} {path_text(shapes, shapes.value(shape, SH.path))}"


def _results(report: Graph, shapes: Graph) -> tuple[Result, ...]:
    results = []
    for node in report.subjects(SH.resultSeverity, None):
        shape = report.value(node, SH.sourceShape)
        results.append(
            Result(
                severity=report.value(node, SH.resultSeverity),
                focus=report.value(node, SH.focusNode),
                path=report.value(node, SH.resultPath),
                path_text=path_text(report, report.value(node, SH.resultPath)),
                value=report.value(node, SH.value),
                message=str(report.value(node, SH.resultMessage) or ""),
                shape=shape,
                shape_name=shape_name(shapes, shape),
            )
        )
    return tuple(sorted(results, key=lambda r: (r.shape_name, str(r.focus), str(r.path), str(r.value), r.message)))


def validate(
    data: Graph | NTriples,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    inference: bool = False,
    engine: str | None = None,
) -> Report:
    """Validate ``data`` against the project's shapes (or ``shapes``), with the fastest engine unless one is named."""
    if ontology is None:
        ontology = read_graph(resources.ontology_file())
    # The ontology's own individuals (controlled-list concepts, roles) are values in the data, so
    # the data is validated together with the whole ontology, in a copy: ``data`` is never changed.
    chosen = choose(engine)
    combined: Graph | NTriples
    if isinstance(data, NTriples) and chosen.reads_ntriples:
        combined = NTriples(data + ontology.serialize(format="nt"))
    else:
        combined = merged((data.graph() if isinstance(data, NTriples) else data, ontology))
    shapes = shapes if shapes is not None else load_shapes()
    report = chosen.report(combined, shapes, ontology, inference=inference)
    results = _results(report, shapes)
    conforms = not any(result.severity == SH.Violation for result in results)
    return Report(conforms, results, report)
