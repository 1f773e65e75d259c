"""Validation reports for people: grouped by shape, then by focus node, with where each node came from."""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from rdflib import Graph
from rdflib.namespace import RDFS, SH, SKOS
from rdflib.term import Node

from hipskg.namespaces import compact
from hipskg.validate import Report, Result

SEVERITIES = ((SH.Violation, "violation"), (SH.Warning, "warning"), (SH.Info, "info"))


def labels_in(data: Graph, nodes: Iterable[Node]) -> dict[Node, str]:
    """skos:prefLabel, else rdfs:label, of each of ``nodes`` that has one in ``data``."""
    found = {node: data.value(node, SKOS.prefLabel) or data.value(node, RDFS.label) for node in nodes}
    return {node: str(label) for node, label in found.items() if label is not None}


def summary(report: Report) -> str:
    """ "conforms: 0 violations, 2 warnings, 1 info", and results of any other severity when there are some."""
    counts = ", ".join(
        f"{report.count(severity)} {name}{'s' if report.count(severity) != 1 else ''}" for severity, name in SEVERITIES
    )
    other = len(report.results) - sum(report.count(severity) for severity, _ in SEVERITIES)
    return f"{'conforms' if report.conforms else 'DOES NOT CONFORM'}: {counts}" + (
        f", {other} of another severity" if other else ""
    )


def text(
    report: Report,
    labels: Mapping[Node, str],
    origins: Mapping[Node, Sequence[str]],
    *,
    severities: Sequence[Node] = (SH.Violation, SH.Warning, SH.Info),
) -> str:
    """The report as text: each shape, its focus nodes (label, IRI, origin), and each result's path, value and message."""
    by_shape: dict[str, dict[Node, list[Result]]] = defaultdict(lambda: defaultdict(list))
    for result in report.results:
        if result.severity in severities:
            by_shape[result.shape_name][result.focus].append(result)
    lines: list[str] = []
    for shape in sorted(by_shape):
        nodes = by_shape[shape]
        count = sum(len(results) for results in nodes.values())
        lines.append(f"{shape}  ({count} result{'s' if count != 1 else ''})")
        for focus in sorted(nodes, key=str):
            where = "; ".join(origins.get(focus, ())) or "not found in any loaded file"
            label = f' "{labels[focus]}"' if focus in labels else ""
            lines.append(f"  {compact(focus)}{label}  [{where}]")
            for result in nodes[focus]:
                severity = compact(result.severity).removeprefix("sh:")
                path = f" {result.path_text}" if result.path_text else ""
                value = f" = {compact(result.value)}" if result.value is not None else ""
                lines.append(f"    {severity}{path}{value}: {result.message}")
        lines.append("")
    lines.append(summary(report))
    return "\n".join(lines)
