"""Analyses of a view, each a table: summary, centrality, communities, components, cycles,
shortest path, upstream and downstream reach, and similarity on a bipartite view.

Tables are rendered by the query step's formatter (table, csv, tsv, json, markdown). Rows are
sorted so that the same data gives the same bytes: ties by label, then IRI.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

import networkx as nx
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Identifier

from hipskg.catalogue import resolve_entity
from hipskg.network.views import NetworkError, View
from hipskg.sparql import Runner, format_result

Cell = str | int | float | bool | URIRef


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: Sequence[tuple[Cell, ...]]


def render(table: Table, fmt: str) -> str:
    """The table in one of the query command's formats (IRIs prefixed in table and markdown)."""
    result = Result("SELECT")
    result.vars = [Variable(name) for name in table.header]
    result.bindings = [{variable: _term(cell) for variable, cell in zip(result.vars, row, strict=True)} for row in table.rows]
    return format_result(result, fmt)


def _term(cell: Cell) -> Identifier:
    if isinstance(cell, URIRef):
        return cell
    if isinstance(cell, float):
        return Literal(Decimal(f"{cell:.4f}"))
    return Literal(cell)


def _node_columns(view: View, node: str) -> tuple[Cell, ...]:
    return (view.label(node), view.graph.nodes[node]["kind"], URIRef(node))


def summary(view: View) -> Table:
    graph, flow = view.graph, view.flow()
    components = nx.number_weakly_connected_components(graph) if graph.is_directed() else nx.number_connected_components(graph)
    cyclic = not nx.is_directed_acyclic_graph(flow) if graph.is_directed() else not nx.is_forest(graph) if len(graph) else False
    rows: list[tuple[Cell, ...]] = [
        ("view", view.name),
        ("title", view.title),
        ("directed", graph.is_directed()),
        ("nodes", graph.number_of_nodes()),
        ("edges", graph.number_of_edges()),
        ("weakly connected components" if graph.is_directed() else "connected components", components),
        ("density", nx.density(graph)),
        ("has cycles", cyclic),
    ]
    kinds = Counter(kind for _, kind in graph.nodes(data="kind"))
    rows += [(f"nodes {kind}", count) for kind, count in sorted(kinds.items(), key=lambda item: (-item[1], item[0]))]
    relations = Counter(relation for _, _, relation in graph.edges(data="relation"))
    rows += [(f"edges {relation}", count) for relation, count in sorted(relations.items(), key=lambda item: (-item[1], item[0]))]
    return Table(("measure", "value"), rows)


def centrality(view: View, top: int = 10) -> Table:
    """The ``top`` nodes by degree (then betweenness); in- and out-degree on a directed view.

    A bipartite view ranks each side apart, and its table begins with a ``side`` column naming the
    ranking each row belongs to ("theme", "course"), so that one table holds both as tidy data."""
    graph = view.graph
    betweenness = nx.betweenness_centrality(graph)
    sides = (
        [
            (name, [node for node, side in graph.nodes(data="bipartite") if side == part])
            for part, name in enumerate(view.shape.sides)
        ]
        if view.shape.bipartite
        else [("", list(graph))]
    )
    directed = graph.is_directed()
    header = (
        *(("side",) if view.shape.bipartite else ()),
        "rank",
        "label",
        "kind",
        "degree",
        *(("in_degree", "out_degree") if directed else ()),
        "betweenness",
        "iri",
    )
    rows: list[tuple[Cell, ...]] = []
    for name, nodes in sides:
        ranked = sorted(nodes, key=lambda node: (-graph.degree(node), -round(betweenness[node], 12), *view.sort_key(node)))[:top]
        for rank, node in enumerate(ranked, 1):
            degrees = (graph.in_degree(node), graph.out_degree(node)) if directed else ()
            side = (name,) if view.shape.bipartite else ()
            rows.append(
                (
                    *side,
                    rank,
                    view.label(node),
                    graph.nodes[node]["kind"],
                    graph.degree(node),
                    *degrees,
                    betweenness[node],
                    URIRef(node),
                )
            )
    return Table(header, rows)


def _groups(view: View, groups: Iterable[Iterable[str]], name: str) -> Table:
    """One row per member: groups largest first, then by their first member; members by label."""
    ordered = sorted((view.sorted(group) for group in groups), key=lambda members: (-len(members), view.sort_key(members[0])))
    rows = [(number, len(members), *_node_columns(view, node)) for number, members in enumerate(ordered, 1) for node in members]
    return Table((name, "size", "label", "kind", "iri"), rows)


def communities(view: View) -> Table:
    """Greedy modularity communities of the undirected graph (deterministic: no random start)."""
    if view.graph.number_of_edges() == 0:
        return _groups(view, [[node] for node in view.graph], "community")
    found = nx.community.greedy_modularity_communities(view.graph.to_undirected())
    return _groups(view, found, "community")


def components(view: View) -> Table:
    """Connected components; weakly connected on a directed view."""
    graph = view.graph
    found = nx.weakly_connected_components(graph) if graph.is_directed() else nx.connected_components(graph)
    return _groups(view, found, "component")


def _directed(view: View, option: str) -> nx.DiGraph:
    if not view.graph.is_directed():
        raise NetworkError(f"{option} needs a directed view: {view.name} is undirected")
    return view.flow()


def cycles(view: View, top: int | None = None) -> Table:
    """Simple cycles along the arrows, shortest first, each starting at its first node by label.

    With ``top``, cycles are enumerated up to the shortest length that yields ``top`` of them
    (a dense view has a great many longer ones).
    """
    flow = _directed(view, "--cycles")
    bound = 1 if top else None
    while True:
        found = list(nx.simple_cycles(flow, length_bound=bound))
        if bound is None or len(found) >= top or bound >= len(flow):  # type: ignore[operator]
            break
        bound += 1
    for index, cycle in enumerate(found):
        start = cycle.index(min(cycle, key=view.sort_key))
        found[index] = cycle[start:] + cycle[:start]
    found.sort(key=lambda cycle: (len(cycle), [view.sort_key(node) for node in cycle]))
    rows = [
        (number, len(cycle), " -> ".join(view.label(node) for node in [*cycle, cycle[0]]))
        for number, cycle in enumerate(found[:top] if top else found, 1)
    ]
    return Table(("cycle", "length", "path"), rows)


def reach(view: View, node: str, *, upstream: bool) -> Table:
    """Every node that leads to ``node`` along the arrows (upstream) or that ``node`` leads to, with the hops."""
    flow = _directed(view, "--upstream" if upstream else "--downstream")
    distances = nx.single_source_shortest_path_length(flow.reverse(copy=False) if upstream else flow, node)
    reached = sorted((other for other in distances if other != node), key=lambda other: (distances[other], *view.sort_key(other)))
    return Table(("hops", "label", "kind", "iri"), [(distances[other], *_node_columns(view, other)) for other in reached])


def path(view: View, source: str, target: str) -> Table:
    """A shortest path along the arrows, else ignoring them (each step says which way it goes)."""
    graph = view.graph
    try:
        paths = list(nx.all_shortest_paths(graph, source, target))
    except nx.NetworkXNoPath:
        paths = []
    if not paths and graph.is_directed():
        try:
            paths = list(nx.all_shortest_paths(graph.to_undirected(as_view=True), source, target))
        except nx.NetworkXNoPath:
            pass
    if not paths:
        raise NetworkError(
            f"no path between {view.label(source)!r} and {view.label(target)!r} in the {view.name} view: "
            f"they are in different components (see --components)"
        )
    chosen = min(paths, key=lambda found: [view.sort_key(node) for node in found])
    rows: list[tuple[Cell, ...]] = [(0, "", *_node_columns(view, source))]
    for step, (previous, node) in enumerate(zip(chosen, chosen[1:], strict=False), 1):
        forward = not graph.is_directed() or graph.has_edge(previous, node)
        relation = graph.edges[previous, node]["relation"] if forward else "^" + graph.edges[node, previous]["relation"]
        rows.append((step, relation, *_node_columns(view, node)))
    return Table(("step", "relation", "label", "kind", "iri"), rows)


def similarity(view: View, top: int = 10) -> Table:
    """Pairs of side-0 nodes of a bipartite view by the side-1 nodes they share (Jaccard, then count)."""
    if not view.shape.bipartite:
        raise NetworkError(f"--similarity needs a bipartite view (theme-course, legislation): {view.name} is not one")
    graph = view.graph.to_undirected(as_view=True)
    side = view.sorted(node for node, part in graph.nodes(data="bipartite") if part == 0)
    neighbours = {node: set(graph[node]) for node in side}
    pairs = []
    for first, second in combinations(side, 2):
        shared = len(neighbours[first] & neighbours[second])
        if shared:
            pairs.append((shared / len(neighbours[first] | neighbours[second]), shared, first, second))
    pairs.sort(key=lambda pair: (-pair[0], -pair[1], view.sort_key(pair[2]), view.sort_key(pair[3])))
    rows = [
        (rank, view.label(first), view.label(second), shared, jaccard, URIRef(first), URIRef(second))
        for rank, (jaccard, shared, first, second) in enumerate(pairs[:top], 1)
    ]
    return Table(("rank", "first", "second", "shared", "jaccard", "first_iri", "second_iri"), rows)


def node_of(view: View, source: Graph | Runner, value: str) -> str:
    """The view's node an IRI, prefixed name or label names (an unknown or ambiguous label is a QueryError)."""
    node = str(resolve_entity(source, value))
    if node not in view.graph:
        raise NetworkError(
            f"{value!r} ({node}) is not in the {view.name} view: 'hipskg graph {view.name} --components' lists its nodes"
        )
    return node


ANALYSES = ("summary", "centrality", "communities", "components", "cycles", "path", "upstream", "downstream", "similarity")


def analyse(view: View, source: Graph | Runner, name: str = "summary", entities: Sequence[str] = (), *, top: int = 10) -> Table:
    """Run the analysis ``name``; ``entities`` (IRIs, prefixed names or labels) for path, upstream and downstream."""
    nodes = [node_of(view, source, value) for value in entities]
    runs: dict[str, Callable[[], Table]] = {
        "summary": lambda: summary(view),
        "centrality": lambda: centrality(view, top),
        "communities": lambda: communities(view),
        "components": lambda: components(view),
        "cycles": lambda: cycles(view, top),
        "path": lambda: path(view, *nodes),
        "upstream": lambda: reach(view, nodes[0], upstream=True),
        "downstream": lambda: reach(view, nodes[0], upstream=False),
        "similarity": lambda: similarity(view, top),
    }
    if name not in runs:
        raise NetworkError(f"no analysis {name!r}: choose one of {', '.join(ANALYSES)}")
    return runs[name]()
