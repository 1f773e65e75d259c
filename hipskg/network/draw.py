"""Drawing a view: layered top-down, crossings reduced, boxes coloured by kind, with a key.

The layout is computed here, not by a layout engine. A node's layer is the length of its longest
path to a sink, so the sinks (the HIPS Executive) form the top row; edges that a depth-first
search finds closing a cycle are left out of that count and drawn pointing down. An edge spanning
several layers passes through a slot reserved in each layer between; barycentre sweeps and
transpositions order each layer, and least-squares fits under the spacing constraints set the x
positions. A node attached to another without carrying the flow (a chair to its body) sits beside
it. One drawing unit is one inch; matplotlib (the ``draw`` extra, Agg canvas) renders SVG, PNG or
PDF, byte-identical for the same view.
"""

import io
import math
import textwrap
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from hipskg.network.views import NetworkError, View
from hipskg.rdfio import write_atomically

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

DRAW_FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf"}
BOX_WIDTH = 1.8
DUMMY_WIDTH = 0.05
GAP = 0.3  # between neighbouring boxes
LANE = 0.16  # between an edge's slot and its neighbours
LAYER_GAP = 1.0
LINE_HEIGHT = 0.15
PADDING = 0.18
WRAP = 22
FONT_SIZE = 8
SWEEPS = 8
# pastel fills for node kinds and strong colours for relations, assigned in sorted order
FILLS = (
    "#cfe2f3",
    "#d9ead3",
    "#fff2cc",
    "#f4cccc",
    "#d9d2e9",
    "#fce5cd",
    "#d0e0e3",
    "#ead1dc",
    "#e2e2e2",
    "#c9daf8",
    "#b6d7a8",
    "#ffe599",
)
STROKES = ("#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")
ATTACHED = "#808080"  # the colour of edges that attach a node beside another


@dataclass
class Layout:
    """Positions (inches) of the view's nodes and of the slots its long edges pass through."""

    layer: dict[str, int]
    order: list[list[str]]  # per layer, left to right: nodes and slots
    x: dict[str, float] = field(default_factory=dict)
    y: list[float] = field(default_factory=list)  # per layer, the centre line
    height: dict[str, float] = field(default_factory=dict)  # box heights (0 for slots)
    lines: dict[str, list[str]] = field(default_factory=dict)  # wrapped labels
    chains: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # edge -> its nodes and slots, source to target
    anchor: dict[str, str] = field(default_factory=dict)  # attached node -> the node it sits beside

    def row_height(self, layer: int) -> float:
        return max((self.height[item] for item in self.order[layer]), default=0.0)


def wrapped(label: str, width: int = WRAP) -> list[str]:
    """The label in lines of at most ``width`` characters, broken at spaces only."""
    return textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False) or [label]


def _is_slot(item: str) -> bool:
    return item.startswith("\0")


# ------------------------------------------------------------------------------------------
# layers


def layers(view: View) -> tuple[dict[str, int], dict[str, str]]:
    """Each node's layer (0 at the top) and, for nodes attached beside another, that node."""
    graph, flow = view.graph, view.flow()
    anchor = {}
    for node in view.sorted(graph):
        if flow.degree(node) == 0 and graph.degree(node) > 0:
            neighbours = view.sorted(nx.all_neighbors(graph, node) if graph.is_directed() else graph[node])
            anchor[node] = next((other for other in neighbours if other not in anchor), neighbours[0])
    core = [node for node in graph if node not in anchor]
    if graph.is_directed():
        layer = _longest_path_to_sink(_acyclic(view, nx.subgraph_view(flow, filter_node=lambda node: node not in anchor)))
    elif view.shape.bipartite:
        layer = {node: graph.nodes[node]["bipartite"] for node in core}
    else:
        layer = _breadth_first(view, graph.subgraph(core))
    for node, other in anchor.items():
        layer[node] = layer.get(other, 0)
    return layer, anchor


def _longest_path_to_sink(flow: nx.DiGraph) -> dict[str, int]:
    """Sinks 0, every other node 1 + the largest layer of its successors."""
    layer: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(flow))):
        layer[node] = 1 + max((layer[successor] for successor in flow[node]), default=-1)
    return layer


def _acyclic(view: View, flow: nx.DiGraph) -> nx.DiGraph:
    """The flow without the edges a depth-first search (in label order) finds pointing back up its path."""
    dag = nx.DiGraph()
    dag.add_nodes_from(flow)
    state: dict[str, bool] = {}  # True while on the search path, False once finished
    for root in view.sorted(flow):
        if root in state:
            continue
        state[root] = True
        stack = [(root, iter(view.sorted(flow.successors(root))))]
        while stack:
            node, successors = stack[-1]
            child = next(successors, None)
            if child is None:
                state[node] = False
                stack.pop()
            elif not state.get(child, False):  # not a back edge
                dag.add_edge(node, child)
                if child not in state:
                    state[child] = True
                    stack.append((child, iter(view.sorted(flow.successors(child)))))
    return dag


def _breadth_first(view: View, graph: nx.Graph) -> dict[str, int]:
    """Layers by distance from the best-connected node of each component."""
    layer: dict[str, int] = {}
    for component in sorted((view.sorted(c) for c in nx.connected_components(graph)), key=lambda c: view.sort_key(c[0])):
        root = min(component, key=lambda node: (-graph.degree(node), *view.sort_key(node)))
        layer.update(nx.single_source_shortest_path_length(graph, root))
    return layer


# ------------------------------------------------------------------------------------------
# order within layers


def _chains(view: View, layout: Layout) -> None:
    """Each edge between different layers as its nodes plus a slot in every layer it crosses."""
    for source, target in view.graph.edges:
        if layout.anchor.get(source) == target or layout.anchor.get(target) == source:
            continue  # drawn beside
        low, high = layout.layer[source], layout.layer[target]
        step = 1 if high > low else -1
        slots = [f"\0{source}\0{target}\0{level}" for level in range(low + step, high, step)]
        for slot, level in zip(slots, range(low + step, high, step), strict=True):
            layout.layer[slot] = level
        layout.chains[(source, target)] = [source, *slots, target]


def _neighbours(layout: Layout) -> dict[str, dict[int, list[str]]]:
    """For each item, its neighbours in the layer above (-1) and below (+1)."""
    near: dict[str, dict[int, list[str]]] = defaultdict(lambda: {-1: [], 1: []})
    for chain in layout.chains.values():
        for first, second in zip(chain, chain[1:], strict=False):
            difference = layout.layer[second] - layout.layer[first]
            if (
                abs(difference) == 1 and first not in layout.anchor and second not in layout.anchor
            ):  # attached nodes follow their anchor
                near[first][difference].append(second)
                near[second][-difference].append(first)
    return near


def _crossings(order: list[list[str]], near: dict[str, dict[int, list[str]]]) -> int:
    total = 0
    for upper, lower in zip(order, order[1:], strict=False):
        position = {item: index for index, item in enumerate(upper)}
        segments = sorted(
            (index, position[other]) for index, item in enumerate(lower) for other in near[item][-1] if other in position
        )
        total += sum(1 for i, (a, b) in enumerate(segments) for c, d in segments[i + 1 :] if c > a and d < b)
    return total


def _sweep(order: list[list[str]], near: dict[str, dict[int, list[str]]], layer: int, side: int) -> None:
    """Reorder ``layer`` by the mean position of each item's neighbours on ``side``, ties by those on the
    other side; an item without neighbours keeps its relative place."""
    position = {item: index for row in order for index, item in enumerate(row)}
    current = order[layer]

    def mean(item: str, towards: int, default: float) -> float:
        placed = [position[other] * len(current) / max(len(order[layer + towards]), 1) for other in near[item][towards]]
        return sum(placed) / len(placed) if placed else default

    def barycentre(index_item: tuple[int, str]) -> tuple[float, float, int]:
        index, item = index_item
        first = mean(item, side, index)
        return (first, mean(item, -side, first) if 0 <= layer - side < len(order) else first, index)

    order[layer] = [item for _, item in sorted(enumerate(current), key=barycentre)]


def _transpose(order: list[list[str]], near: dict[str, dict[int, list[str]]]) -> None:
    """Swap neighbours in a layer while that removes crossings with the layers above and below or,
    crossings equal, shortens their edges (measured on the layers packed side by side)."""
    position = {item: index for row in order for index, item in enumerate(row)}
    packed = {item: x for row in order for item, x in zip(row, _packed(row), strict=True)}

    def cost(left: str, right: str) -> tuple[int, float]:
        crossings = sum(position[a] > position[b] for side in (-1, 1) for a in near[left][side] for b in near[right][side])
        return crossings, sum(
            abs(packed[item] - packed[other]) for item in (left, right) for side in (-1, 1) for other in near[item][side]
        )

    def swap(row: list[str], index: int) -> None:
        """Exchange row[index] and row[index + 1], moving only those two on the packed row."""
        left, right = row[index], row[index + 1]
        start = packed[left] if index == 0 else packed[row[index - 1]] + _separation(row[index - 1], right)
        row[index], row[index + 1] = right, left
        position[left], position[right] = index + 1, index
        packed[right], packed[left] = start, start + _separation(right, left)

    for _ in range(SWEEPS):
        swapped = False
        for row in order:
            for index in range(len(row) - 1):
                left, right = row[index], row[index + 1]
                before, was = cost(left, right), (packed[left], packed[right])
                swap(row, index)
                if cost(right, left) < (before[0], before[1] - 1e-9):
                    swapped = True
                    continue
                row[index], row[index + 1] = left, right
                position[left], position[right] = index, index + 1
                packed[left], packed[right] = was
        if not swapped:
            return


def _packed(row: list[str]) -> list[float]:
    """x of each item of a row packed side by side, centred on 0."""
    x = [0.0]
    for first, second in zip(row, row[1:], strict=False):
        x.append(x[-1] + _separation(first, second))
    return [value - x[-1] / 2 for value in x]


def _ordered(view: View, layout: Layout) -> list[list[str]]:
    """Barycentre sweeps down and up, then transpositions; the order with the fewest crossings wins."""
    depth = max(layout.layer.values(), default=-1) + 1
    key = lambda item: [view.sort_key(part) for part in item.strip("\0").split("\0")[:2]]  # noqa: E731
    order = [
        sorted((item for item, level in layout.layer.items() if level == index and item not in layout.anchor), key=key)
        for index in range(depth)
    ]
    near = _neighbours(layout)
    best, fewest = [list(row) for row in order], _crossings(order, near)
    for _ in range(SWEEPS):
        for layer in range(1, depth):
            _sweep(order, near, layer, -1)
        for layer in range(depth - 2, -1, -1):
            _sweep(order, near, layer, 1)
        _transpose(order, near)
        count = _crossings(order, near)
        if count < fewest:
            best, fewest = [list(row) for row in order], count
    return [_with_attached(row, layout.anchor, view) for row in best]


def _with_attached(row: list[str], anchor: dict[str, str], view: View) -> list[str]:
    """Attached nodes beside their anchor, alternately right and left."""
    beside: dict[str, list[str]] = defaultdict(list)
    for node in view.sorted(anchor):
        beside[anchor[node]].append(node)
    result = []
    for item in row:
        attached = beside.get(item, [])
        result += [*reversed(attached[1::2]), item, *attached[0::2]]
    return result


# ------------------------------------------------------------------------------------------
# positions


def _width(item: str) -> float:
    return DUMMY_WIDTH if _is_slot(item) else BOX_WIDTH


def _separation(first: str, second: str) -> float:
    gap = LANE if _is_slot(first) or _is_slot(second) else GAP
    return (_width(first) + _width(second)) / 2 + gap


def _fit(wanted: Sequence[float], separations: Sequence[float]) -> list[float]:
    """The positions closest to ``wanted`` (least squares) keeping each pair apart by its separation.

    With offsets c (running sums of the separations), y = x - c must not decrease: isotonic
    regression of wanted - c by pooling adjacent violators.
    """
    offsets = [0.0]
    for separation in separations:
        offsets.append(offsets[-1] + separation)
    blocks: list[list[float]] = []  # [mean, size]
    for value in (w - c for w, c in zip(wanted, offsets, strict=True)):
        blocks.append([value, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, size = blocks.pop()
            blocks[-1] = [(blocks[-1][0] * blocks[-1][1] + mean * size) / (blocks[-1][1] + size), blocks[-1][1] + size]
    fitted = [mean for mean, size in blocks for _ in range(int(size))]
    return [y + c for y, c in zip(fitted, offsets, strict=True)]


def _place(layout: Layout) -> None:
    """x by repeated least-squares fits of each layer to its neighbours' mean positions."""
    near = _neighbours(layout)
    for row in layout.order:
        separations = [_separation(a, b) for a, b in zip(row, row[1:], strict=False)]
        packed = _fit([0.0] * len(row), separations)
        shift = (packed[0] + packed[-1]) / 2 if packed else 0.0
        layout.x.update({item: x - shift for item, x in zip(row, packed, strict=True)})
    sides = [(-1,), (1,)] * SWEEPS + [(-1, 1)] * SWEEPS
    for side in sides:
        layers = range(len(layout.order)) if side == (-1,) else range(len(layout.order) - 1, -1, -1)
        for layer in layers:
            _place_row(layout, layout.order[layer], near, side)


def _place_row(layout: Layout, row: list[str], near: dict[str, dict[int, list[str]]], sides: tuple[int, ...]) -> None:
    wanted = {}
    for item in row:
        linked = [layout.x[other] for side in sides for other in near[item][side]]
        wanted[item] = sum(linked) / len(linked) if linked else layout.x[item]
    for item in row:  # an attached node keeps its place beside its anchor
        if item in layout.anchor:
            wanted[item] = wanted[layout.anchor[item]] + layout.x[item] - layout.x[layout.anchor[item]]
    separations = [_separation(a, b) for a, b in zip(row, row[1:], strict=False)]
    layout.x.update(zip(row, _fit([wanted[item] for item in row], separations), strict=True))


def layout(view: View) -> Layout:
    """The full layout of a view: layers, order, wrapped labels, positions."""
    layer, anchor = layers(view)
    result = Layout(layer=dict(layer), order=[], anchor=anchor)
    _chains(view, result)
    result.order = _ordered(view, result)
    for node in view.graph:
        result.lines[node] = wrapped(view.label(node))
    for row in result.order:
        for item in row:
            result.height[item] = 0.0 if _is_slot(item) else len(result.lines[item]) * LINE_HEIGHT + PADDING
    _place(result)
    y = 0.0
    for index in range(len(result.order)):
        if index:
            y -= result.row_height(index - 1) / 2 + LAYER_GAP + result.row_height(index) / 2
        result.y.append(y)
    return result


# ------------------------------------------------------------------------------------------
# edges as paths


Point = tuple[float, float]


def _ports(view: View, layout: Layout) -> dict[tuple[str, str], tuple[Point, Point]]:
    """Where each edge leaves its source and enters its target, spread along the box sides."""
    sides: dict[tuple[str, int], list[tuple[float, tuple[str, str], int]]] = defaultdict(list)
    for edge, chain in layout.chains.items():
        for end, node, toward in ((0, chain[0], chain[1]), (1, chain[-1], chain[-2])):
            level = layout.layer[node]
            side = 0 if layout.layer[toward] == level else (1 if layout.layer[toward] < level else -1)
            sides[(node, side)].append((layout.x[toward], edge, end))
    ports: dict[tuple[str, str], list[Point]] = defaultdict(lambda: [(0.0, 0.0), (0.0, 0.0)])
    for (node, side), uses in sides.items():
        uses.sort(key=lambda use: (use[0], use[1]))
        x, y, half = layout.x[node], layout.y[layout.layer[node]], layout.height[node] / 2
        spacing = min(0.16, BOX_WIDTH * 0.8 / len(uses))
        for index, (toward_x, edge, end) in enumerate(uses):
            if side == 0:
                point = (x + math.copysign(BOX_WIDTH / 2, toward_x - x), y)
            else:
                point = (x + (index - (len(uses) - 1) / 2) * spacing, y + side * half)
            ports[edge][end] = point
    return {edge: (points[0], points[1]) for edge, points in ports.items()}


def _route(layout: Layout, chain: list[str], start: Point, end: Point) -> tuple[list[Point], list[Any]]:
    """Vertices and path codes: smooth S-curves between rows, straight through each slot."""
    from matplotlib.path import Path as MplPath

    points = [start]
    for slot in chain[1:-1]:
        y, half = layout.y[layout.layer[slot]], layout.row_height(layout.layer[slot]) / 2
        upward = layout.layer[chain[-1]] < layout.layer[chain[0]]
        points += [(layout.x[slot], y - half if upward else y + half), (layout.x[slot], y + half if upward else y - half)]
    points.append(end)
    vertices, codes = [points[0]], [MplPath.MOVETO]
    for index, (first, second) in enumerate(zip(points, points[1:], strict=False)):
        if index % 2 == 1:  # through a slot
            vertices.append(second)
            codes.append(MplPath.LINETO)
        elif first[1] == second[1]:  # beside, in the same row
            vertices.append(second)
            codes.append(MplPath.LINETO)
        else:
            middle = (first[1] + second[1]) / 2
            vertices += [(first[0], middle), (second[0], middle), second]
            codes += [MplPath.CURVE4] * 3
    return vertices, codes


# ------------------------------------------------------------------------------------------
# rendering


def _colours(values: list[str], palette: tuple[str, ...]) -> dict[str, str]:
    return {value: palette[index % len(palette)] for index, value in enumerate(sorted(set(values)))}


def _subtitle(view: View) -> str:
    graph = view.graph
    counts = f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
    if not graph.is_directed():
        return f"{counts}; the two sides of the graph in two rows" if view.shape.bipartite else counts
    return (
        f"{counts}; each arrow points from the subject to the object of its relation (see the key): the top row points no further"
    )


def draw(view: View, path: Path) -> None:
    """Draw the view into ``path`` (.svg, .png or .pdf), written atomically."""
    fmt = DRAW_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise NetworkError(
            f"{path}: cannot draw into {path.suffix or 'a file without extension'!r}: use {', '.join(DRAW_FORMATS)}"
        )
    try:
        import matplotlib
    except ImportError:
        raise NetworkError("drawing needs matplotlib: pip install 'hipskg[draw]'") from None
    if view.graph.number_of_nodes() == 0:
        raise NetworkError(f"the {view.name} view has no nodes to draw")
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}, "png": {}}[fmt]
    buffer = io.BytesIO()
    with matplotlib.rc_context(
        {"svg.hashsalt": "hipskg", "svg.fonttype": "none", "pdf.fonttype": 42, "font.family": "DejaVu Sans"}
    ):
        figure = _figure(view, layout(view))
        figure.savefig(buffer, format=fmt, metadata=metadata, dpi=min(150, 30000 / figure.get_size_inches()[0]))
    write_atomically(path, buffer.getvalue())


def _figure(view: View, layout: Layout) -> "Figure":
    """The drawing: one drawing unit an inch, title at the top, key at the bottom."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    graph = view.graph
    fills = _colours([kind for _, kind in graph.nodes(data="kind")], FILLS)
    relations = sorted({relation for _, _, relation in graph.edges(data="relation")})
    attached = [relation for relation in relations if set(relation.split()) <= view.shape.attachments]
    strokes = {
        **_colours([relation for relation in relations if relation not in attached], STROKES),
        **dict.fromkeys(attached, ATTACHED),
    }
    left = min(layout.x.values()) - BOX_WIDTH / 2 - 0.3
    right = max(max(layout.x.values()) + BOX_WIDTH / 2 + 0.3, left + 9.0)
    top = layout.y[0] + layout.row_height(0) / 2 + 0.85
    key_top = layout.y[-1] - layout.row_height(len(layout.y) - 1) / 2 - 0.35
    bottom = key_top - 0.4 - 0.2 * max(len(fills), len(strokes))
    figure = Figure(figsize=(right - left, top - bottom))
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(left, right)
    axes.set_ylim(bottom, top)
    axes.set_axis_off()
    _draw_edges(axes, view, layout, strokes)
    _draw_nodes(axes, view, layout, fills)
    axes.text(left + 0.3, top - 0.3, view.title, fontsize=13, fontweight="bold", va="top", ha="left")
    axes.text(left + 0.3, top - 0.58, _subtitle(view), fontsize=8.5, va="top", ha="left", color="#333333")
    _draw_key(axes, view, fills, strokes, (left + 0.3, key_top))
    return figure


def _draw_edges(axes: "Axes", view: View, layout: Layout, strokes: dict[str, str]) -> None:
    """Edges between layers as smooth paths through their slots; attached nodes' edges dashed, sideways."""
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.path import Path as MplPath

    graph = view.graph
    style: dict[str, Any] = {"arrowstyle": "-|>" if graph.is_directed() else "-", "mutation_scale": 11, "zorder": 1}
    ports = _ports(view, layout)
    for (source, target), chain in sorted(layout.chains.items()):
        vertices, codes = _route(layout, chain, *ports[(source, target)])
        axes.add_patch(
            FancyArrowPatch(
                path=MplPath(vertices, codes),
                linewidth=1.1,
                alpha=0.9,
                color=strokes[graph.edges[source, target]["relation"]],
                **style,
            )
        )
    for node, other in sorted(layout.anchor.items()):
        source, target = (other, node) if graph.has_edge(other, node) else (node, other)
        start, end = (
            (layout.x[n] + math.copysign(BOX_WIDTH / 2, layout.x[m] - layout.x[n]), layout.y[layout.layer[n]])
            for n, m in ((source, target), (target, source))
        )
        axes.add_patch(
            FancyArrowPatch(
                start,
                end,
                linewidth=1.0,
                linestyle=(0, (3, 2)),
                shrinkA=0,
                shrinkB=0,
                color=strokes[graph.edges[source, target]["relation"]],
                **style,
            )
        )


def _draw_nodes(axes: "Axes", view: View, layout: Layout, fills: dict[str, str]) -> None:
    """A rounded box per node, filled by kind, its label wrapped inside; both link to the node's IRI (in SVG)."""
    from matplotlib.patches import FancyBboxPatch

    for node, kind in view.graph.nodes(data="kind"):
        x, y, height = layout.x[node], layout.y[layout.layer[node]], layout.height[node]
        box = FancyBboxPatch(
            (x - BOX_WIDTH / 2, y - height / 2),
            BOX_WIDTH,
            height,
            boxstyle="round,pad=0,rounding_size=0.07",
            facecolor=fills[kind],
            edgecolor="#555555",
            linewidth=0.8,
            zorder=2,
        )
        box.set_url(node)
        axes.add_patch(box)
        text = axes.text(
            x,
            y,
            "\n".join(layout.lines[node]),
            ha="center",
            va="center",
            fontsize=FONT_SIZE,
            color="#1a1a1a",
            linespacing=1.25,
            zorder=3,
        )
        text.set_url(node)


def _draw_key(axes: "Axes", view: View, fills: dict[str, str], strokes: dict[str, str], corner: Point) -> None:
    """Two keys side by side: the fill of each kind of node, the colour of each relation."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    graph = view.graph
    placing: dict[str, Any] = {
        "loc": "upper left",
        "bbox_transform": axes.transData,
        "fontsize": 8,
        "title_fontsize": 8.5,
        "frameon": False,
        "alignment": "left",
    }
    kinds = axes.legend(
        handles=[Patch(facecolor=fill, edgecolor="#555555", label=kind or "(no class)") for kind, fill in fills.items()],
        title="kind of node",
        bbox_to_anchor=corner,
        **placing,
    )
    axes.add_artist(kinds)
    labels = {data["relation"]: data["label"] for _, _, data in graph.edges(data=True)}
    lines = [
        Line2D(
            [],
            [],
            color=stroke,
            linewidth=1.4,
            linestyle="--" if stroke == ATTACHED else "-",
            label=f"{labels[relation]} ({relation})",
        )
        for relation, stroke in strokes.items()
    ]
    axes.legend(
        handles=lines,
        title="arrow: relation" if graph.is_directed() else "line: relation",
        bbox_to_anchor=(corner[0] + 3.3, corner[1]),
        **placing,
    )
