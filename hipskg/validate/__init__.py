"""The validate step: SHACL shapes over the data graph, with the ontology for the class hierarchy.

Validation never changes the data: pySHACL works on its own copy when it mixes in the ontology.
"""

from dataclasses import dataclass

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from hipskg import resources
from hipskg.namespaces import compact
from hipskg.rdfio import NTriples, merged, read_project_graph
from hipskg.validate import closed
from hipskg.validate.engines import Engine, EngineError, run
from hipskg.validate.shapes import load_shapes, path_text, shape_name


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
    """The outcome of validating a graph.

    ``conforms`` is hipskg's verdict: true unless a result has severity sh:Violation (warnings, infos
    and other severities do not block a publication). ``graph`` is the standard sh:ValidationReport,
    whose ``sh:conforms`` says what SHACL says: false whenever it holds a result. ``engine`` names
    the engine that made it, ``passed_over`` why faster ones were not used (hipskg's own choice).
    """

    conforms: bool
    results: tuple[Result, ...]
    graph: Graph
    engine: str = ""
    passed_over: tuple[str, ...] = ()

    def count(self, severity: URIRef) -> int:
        return sum(result.severity == severity for result in self.results)


class NotConforming(Exception):
    """The data has SHACL violations, so the step that checked it wrote nothing; ``report`` says why."""

    def __init__(self, message: str, report: Report, checked: Dataset) -> None:
        super().__init__(message)
        self.report = report
        self.dataset = checked


def _required(report: Graph, node: Node, predicate: URIRef) -> Node:
    """The value every validation result has; an engine's report without it is no report."""
    value = report.value(node, predicate)
    if value is None:
        raise EngineError(f"the SHACL engine gave a validation result without {compact(predicate)}")
    return value


def _results(report: Graph, shapes: Graph) -> tuple[Result, ...]:
    results = []
    for node in report.subjects(SH.resultSeverity, None):
        shape = _required(report, node, SH.sourceShape)
        results.append(
            Result(
                severity=URIRef(str(_required(report, node, SH.resultSeverity))),
                focus=_required(report, node, SH.focusNode),
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
    """Validate ``data`` against the project's shapes (or ``shapes``) with the engine named, or the
    fastest installed one that can (a faster one that refuses is passed over, and said so on stderr). The rules of the
    closed vocabulary that the shapes hold are checked by :mod:`hipskg.validate.closed`, after the engine."""
    if ontology is None:
        ontology = read_project_graph(resources.ontology_file())
    shapes = shapes if shapes is not None else load_shapes()

    # The ontology's own individuals (controlled-list concepts, roles) are values in the data, so
    # the data is validated together with the whole ontology, in a copy: ``data`` is never changed.
    def combined(chosen: Engine) -> Graph | NTriples:
        if isinstance(data, NTriples) and chosen.reads_ntriples:
            return NTriples(data + ontology.serialize(format="nt"))
        return merged((data.graph() if isinstance(data, NTriples) else data, ontology))

    outcome = run(engine, combined, shapes, ontology, inference=inference)
    if rules := closed.rules(shapes):  # the closed vocabulary: checked here, on every engine alike
        closed.record(outcome.graph, [finding for finding in closed.findings(data, ontology) if finding.shape in rules])
    results = _results(outcome.graph, shapes)
    conforms = not any(result.severity == SH.Violation for result in results)
    return Report(conforms, results, outcome.graph, outcome.engine, outcome.passed_over)


__all__ = ["NotConforming", "Report", "Result", "load_shapes", "path_text", "shape_name", "validate"]
