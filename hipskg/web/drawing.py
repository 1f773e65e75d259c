"""Governance drawings as SVG: bodies in rows by how far they are from the top of the structure, each box a link.

Edges point from a body to the body it feeds into; the bodies that feed into no other are the top
row, and each other body sits one row below the lowest body it feeds into (cycles are drawn by
their condensation, so they cannot loop the layering). Within a row, bodies are ordered by the mean
position of the bodies they feed into (one sweep down), then by label, so the drawing is the same
for the same graph.
"""

import textwrap
from collections.abc import Callable
from html import escape

import networkx as nx

BOX_WIDTH, BOX_HEIGHT, GAP_X, GAP_Y, MARGIN = 168, 46, 16, 46, 8
_LINE_CHARACTERS = 26
_ARROW = (
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
    '<path d="M0,0 L10,5 L0,10 z"/></marker></defs>'
)


def _ends(source_y: float, target_y: float) -> tuple[float, float]:
    """Where an edge leaves its source and meets its target: box edges facing each other (centres within a row)."""
    if source_y > target_y:
        return source_y - BOX_HEIGHT / 2, target_y + BOX_HEIGHT / 2
    if source_y < target_y:
        return source_y + BOX_HEIGHT / 2, target_y - BOX_HEIGHT / 2
    return source_y, target_y


def _rows(graph: nx.DiGraph) -> list[list[str]]:
    condensed = nx.condensation(graph)
    depth: dict[int, int] = {}
    for component in reversed(list(nx.topological_sort(condensed))):
        targets = list(condensed.successors(component))
        depth[component] = 1 + max(depth[target] for target in targets) if targets else 0
    rows: list[list[str]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for component, members in condensed.nodes(data="members"):
        rows[depth[component]].extend(members)
    return rows


def _ordered(graph: nx.DiGraph, rows: list[list[str]]) -> list[list[str]]:
    position: dict[str, float] = {}
    ordered = []
    for row in rows:

        def key(node: str) -> tuple[float, str, str]:
            above = [position[target] for target in graph.successors(node) if target in position]
            return (sum(above) / len(above) if above else 0.0, str(graph.nodes[node].get("label", node)).casefold(), node)

        row = sorted(row, key=key)
        position.update({node: index / max(len(row) - 1, 1) for index, node in enumerate(row)})
        ordered.append(row)
    return ordered


def svg(graph: nx.DiGraph, href: Callable[[str], str | None], *, highlight: str | None = None, title: str = "") -> str:
    """The drawing of ``graph`` (nodes with a ``label``); ``href(node)`` is the link of a box; ``highlight`` is
    the node drawn emphasised (the page's own body)."""
    rows = _ordered(graph, _rows(graph))
    width = max((len(row) for row in rows), default=1) * (BOX_WIDTH + GAP_X) - GAP_X + 2 * MARGIN
    height = len(rows) * (BOX_HEIGHT + GAP_Y) - GAP_Y + 2 * MARGIN
    centre: dict[str, tuple[float, float]] = {}
    for depth, row in enumerate(rows):
        offset = (width - 2 * MARGIN - (len(row) * (BOX_WIDTH + GAP_X) - GAP_X)) / 2
        for index, node in enumerate(row):
            centre[node] = (
                MARGIN + offset + index * (BOX_WIDTH + GAP_X) + BOX_WIDTH / 2,
                MARGIN + depth * (BOX_HEIGHT + GAP_Y) + BOX_HEIGHT / 2,
            )
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="governance" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{escape(title)}">'
        ),
        _ARROW,
    ]
    for source, target, relation in sorted(graph.edges(data="relation")):
        (x1, y1), (x2, y2) = centre[source], centre[target]
        start_y, end_y = _ends(y1, y2)
        parts.append(
            f'<line x1="{x1:.0f}" y1="{start_y:.0f}" x2="{x2:.0f}" y2="{end_y:.0f}" marker-end="url(#arrow)">'
            f"<title>{escape(str(relation or ''))}</title></line>"
        )
    for node, (x, y) in sorted(centre.items()):
        parts.append(_box(node, str(graph.nodes[node].get("label", node)), x, y, href(node), node == highlight))
    parts.append("</svg>")
    return "\n".join(parts)


def _box(node: str, label: str, x: float, y: float, link: str | None, emphasised: bool) -> str:
    lines = textwrap.wrap(label, _LINE_CHARACTERS)[:3] or [node]
    if len(textwrap.wrap(label, _LINE_CHARACTERS)) > 3:
        lines[-1] = lines[-1][: _LINE_CHARACTERS - 1] + "…"
    first = y - (len(lines) - 1) * 6.5
    text = "".join(f'<tspan x="{x:.0f}" y="{first + 13 * i + 4:.0f}">{escape(line)}</tspan>' for i, line in enumerate(lines))
    shape = (
        f'<g class="body{" here" if emphasised else ""}"><title>{escape(label)}</title>'
        f'<rect x="{x - BOX_WIDTH / 2:.0f}" y="{y - BOX_HEIGHT / 2:.0f}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="5"/>'
        f'<text text-anchor="middle">{text}</text></g>'
    )
    return f'<a href="{escape(link)}">{shape}</a>' if link else shape
