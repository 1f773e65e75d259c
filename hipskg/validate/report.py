"""Validation reports for people and tools: text grouped by shape, then by focus node, with where each node came from;
one row per result as TSV, Markdown or a standalone HTML page, with the named graphs, files and source passages
(document and hips:sourceSection) of its focus node; and, against a baseline, which results are new, gone or stay."""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from rdflib import Dataset, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from hipskg import dataset
from hipskg.dataset import Passage
from hipskg.namespaces import compact
from hipskg.sparql import table_text
from hipskg.validate import Report, Result

SEVERITIES = ((SH.Violation, "violation"), (SH.Warning, "warning"), (SH.Info, "info"))
COLUMNS = ("level", "rule", "focus", "label", "path", "value", "graph", "file", "document", "section", "message")


@dataclass(frozen=True)
class Sources:
    """Where the focus nodes of a report came from: labels (of the nodes and of their source documents), the named
    graphs stating each node (:func:`hipskg.dataset.stating`), the files of each graph, and each node's passages."""

    labels: Mapping[Node, str]
    graphs: Mapping[Node, Sequence[URIRef]]
    files: Mapping[URIRef, Sequence[Path]]
    passages: Mapping[Node, Sequence[Passage]]

    def origins(self) -> dict[Node, list[str]]:
        """Each node's named graphs with their files, as the text report names them."""
        return {
            node: [dataset.origin(graph, list(self.files.get(graph, ()))) for graph in graphs]
            for node, graphs in self.graphs.items()
        }


def sources_in(checked: Dataset, files: Mapping[URIRef, list[Path]], nodes: Iterable[Node]) -> Sources:
    """The sources of ``nodes`` in a dataset read from ``files`` (a data folder's graphs, or a user's files)."""
    nodes = set(nodes)
    passages = dataset.passages(checked, nodes)
    documents = {passage.document for found in passages.values() for passage in found}
    graphs = {node: dataset.stating(found) for node in nodes if (found := dataset.graphs_stating(checked, node))}
    return Sources(dataset.labels(checked, nodes | documents), graphs, files, passages)


Entry = tuple[str, Result, Sources]  # a result, its change against a baseline ("" without one), and its sources


def summary(report: Report) -> str:
    """ "conforms: 0 violations, 2 warnings, 1 info", and results of any other severity when there are some."""
    return f"{'conforms' if report.conforms else 'DOES NOT CONFORM'}: {severity_counts(report)}"


def severity_counts(report: Report) -> str:
    """ "0 violations, 2 warnings, 1 info", and results of any other severity when there are some."""
    counts = ", ".join(
        f"{report.count(severity)} {name}{'s' if report.count(severity) != 1 else ''}" for severity, name in SEVERITIES
    )
    other = len(report.results) - sum(report.count(severity) for severity, _ in SEVERITIES)
    return counts + (f", {other} of another severity" if other else "")


def level(severity: Node) -> str:
    """ "violation", "warning" or "info"; another severity as its name."""
    return dict(SEVERITIES).get(severity, compact(severity))  # type: ignore[call-overload]


def text(
    report: Report,
    labels: Mapping[Node, str],
    origins: Mapping[Node, Sequence[str]],
    *,
    severities: Sequence[Node] = (SH.Violation, SH.Warning, SH.Info),
) -> str:
    """The report as text: each shape, its focus nodes (label, IRI, origin), and each result's path, value and message."""
    shown = [result for result in report.results if result.severity in severities]
    return "\n".join([*grouped(shown, labels, origins), summary(report)])


def grouped(results: Iterable[Result], labels: Mapping[Node, str], origins: Mapping[Node, Sequence[str]]) -> list[str]:
    """The lines of ``results`` by shape and focus node, each shape's block ending with an empty line."""
    by_shape: dict[str, dict[Node, list[Result]]] = defaultdict(lambda: defaultdict(list))
    for result in results:
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
    return lines


def changes(entries: Sequence[Entry], baseline: str = "the baseline") -> list[str]:
    """The new and the gone results of ``entries`` as text, grouped as :func:`grouped` does, and how many stay (the
    entries of one change share their sources: the report's, or for the gone ones the baseline's), the ``baseline``
    named as given."""
    lines = []
    for change in ("new", "gone"):
        chosen = [(result, sources) for kind, result, sources in entries if kind == change]
        lines += [f"{_results(len(chosen))} {change} since {baseline}{':' if chosen else ''}", ""]
        if chosen:
            sources = chosen[0][1]
            lines += grouped([result for result, _ in chosen], sources.labels, sources.origins())
    lines.append(f"{_results(sum(kind == 'same' for kind, _, _ in entries))} as in {baseline}")
    return lines


def _results(count: int) -> str:
    return f"{count} result{'s' if count != 1 else ''}"


def row(result: Result, sources: Sources) -> list[str]:
    """One result as the cells of :data:`COLUMNS`: a node stated in several graphs, or read from several passages, has
    each graph, file (once), document (once) and section, separated by "; "."""
    graphs = sources.graphs.get(result.focus, ())
    passages = sources.passages.get(result.focus, ())
    cells = [
        level(result.severity),
        result.shape_name,
        compact(result.focus),
        sources.labels.get(result.focus, ""),
        result.path_text,
        compact(result.value),
        "; ".join(compact(graph) for graph in graphs if not graph.startswith("file:")),  # a user's file: its file only
        "; ".join(dict.fromkeys(dataset.shown(path) for graph in graphs for path in sources.files.get(graph, ()))),
        "; ".join(dict.fromkeys(sources.labels.get(passage.document) or compact(passage.document) for passage in passages)),
        "; ".join(passage.section for passage in passages),
        result.message,
    ]
    return [" ".join(cell.splitlines()).replace("\t", " ") for cell in cells]  # one line a row, whatever the format


def listed(entries: Sequence[Entry], heading: str, *, compared: bool = False) -> str:
    """``entries`` as text, grouped by shape and focus node (all of one report share their sources), or when they were
    ``compared`` with a baseline what is new and what is gone (:func:`changes`); the ``heading`` line last."""
    if compared:
        return "\n".join([*changes(entries), heading])
    if not entries:
        return heading
    sources = entries[0][2]
    return "\n".join([*grouped([result for _, result, _ in entries], sources.labels, sources.origins()), heading])


def table(entries: Sequence[Entry], fmt: str, heading: str, *, compared: bool = False) -> str:
    """``entries`` one row each, in the format ``fmt``: "tsv" with a header row (as pandas reads it), "markdown" after
    the ``heading`` line, or "html", a standalone page with the heading; a "change" column first when the entries were
    ``compared`` with a baseline."""
    header = ["change", *COLUMNS] if compared else list(COLUMNS)
    body = [([change] if compared else []) + row(result, sources) for change, result, sources in entries]
    if fmt == "html":
        return page(header, body, heading)
    rows = table_text(header, body, fmt)
    return rows if fmt == "tsv" else f"{heading}\n\n{rows}"


def page(header: list[str], body: list[list[str]], heading: str) -> str:
    """A standalone HTML page (no script, no file it needs beside it) of the table, every text escaped."""

    def cells(tag: str, texts: list[str]) -> str:
        return "".join(f"<{tag}>{escape(text)}</{tag}>" for text in texts)

    severity = header.index("level")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            '<head>\n<meta charset="utf-8">\n<title>hipskg validation report</title>',
            f"<style>{_STYLE}</style>\n</head>\n<body>",
            "<h1>hipskg validation report</h1>",
            f"<p>{escape(heading)}</p>",
            f"<table>\n<thead><tr>{cells('th', header)}</tr></thead>\n<tbody>",
            *(f'<tr class="{escape(texts[severity])}">{cells("td", texts)}</tr>' for texts in body),
            "</tbody>\n</table>\n</body>\n</html>",
        ]
    )


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1b1b; }
table { border-collapse: collapse; font-size: 0.9em; } th, td { border: 1px solid #ccc; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
thead th { background: #eee; position: sticky; top: 0; }
tr.violation td:first-child { color: #a00; font-weight: 600; } tr.warning td:first-child { color: #8a5a00; }
"""
