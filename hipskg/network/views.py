"""Views: the ``?source ?relation ?target ?graph`` rows of a view query as a networkx graph.

Nodes are added in IRI order and edges in (source, target) order, so the same data always gives
the same graph, node for node, and the same export bytes. An edge keeps the named graphs that
state it (``?graph``) in its ``graphs`` attribute: their IRIs, space-separated in IRI order (an IRI
holds no space), a single string because GraphML and GEXF attributes are scalars.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.term import Node

from hipskg import resources
from hipskg.catalogue import CatalogueQuery, catalogue, display_labels, runner_of
from hipskg.errors import HipskgError
from hipskg.namespaces import HIPS, INFERRED_GRAPH, compact
from hipskg.sparql import Runner, solutions, with_value_rows


class NetworkError(HipskgError):
    """A view, entity or option that does not fit; the message says what would."""


@dataclass(frozen=True)
class Shape:
    """How a view's rows make a graph."""

    directed: bool = True
    bipartite: bool = False  # sources are side 0, targets side 1 (node attribute ``bipartite``)
    closure: bool = True  # keep the edges the reasoner inferred, when the dataset holds them
    attachments: frozenset[str] = field(default_factory=frozenset)  # relations that attach a node without carrying the flow
    sides: tuple[str, str] = ("", "")  # a bipartite view: what its side 0 and side 1 hold, as analyses name them


# A view file not named here is a directed graph of its rows.
SHAPES: dict[str, Shape] = {
    # the closure of the transitive feeds-into would link every body to every body above it
    "governance": Shape(closure=False, attachments=frozenset({"hips:chairedBy"})),
    "theme-course": Shape(directed=False, bipartite=True, sides=("theme", "course")),
    "legislation": Shape(bipartite=True, sides=("citing", "legislation")),
}


@dataclass(frozen=True)
class View:
    name: str
    title: str
    shape: Shape
    graph: nx.Graph

    def label(self, node: str) -> str:
        return self.graph.nodes[node]["label"]

    def sort_key(self, node: str) -> tuple[str, str]:
        """Ties are broken by label, then IRI."""
        return (self.label(node).casefold(), node)

    def sorted(self, nodes: Iterable[str]) -> list[str]:
        return sorted(nodes, key=self.sort_key)

    def flow(self) -> nx.Graph:
        """The graph without its attachment edges (a chair attached to its body feeds nothing)."""
        if not self.shape.attachments:
            return self.graph
        return nx.subgraph_view(self.graph, filter_edge=lambda u, v: not self._attached(u, v))

    def attachments(self) -> list[tuple[str, str]]:
        return [(u, v) for u, v in self.graph.edges if self._attached(u, v)]

    def _attached(self, u: str, v: str) -> bool:
        return set(self.graph.edges[u, v]["relation"].split()) <= self.shape.attachments


def definitions(folder: Path | None = None) -> dict[str, CatalogueQuery]:
    """The view queries by name: ``queries/views/*.rq``, read with the catalogue's header parser."""
    return catalogue(folder or resources.folder("queries") / "views")


def definition(name: str, folder: Path | None = None) -> CatalogueQuery:
    """The view query ``name``; an unknown name is an error listing the views."""
    queries = definitions(folder)
    if name not in queries:
        raise NetworkError(f"no view {name!r}: choose one of {', '.join(queries)}")
    return queries[name]


def build(source: "Graph | Runner", name: str, *, inferred_edges: bool | None = None, folder: Path | None = None) -> View:
    """The view ``name`` of the graph ``source`` (a store's query runner, or an rdflib graph or dataset), asked only
    for what the view shows; ``inferred_edges`` overrides the view's own choice of keeping inferred edges."""
    ask = runner_of(source)
    query = definition(name, folder)
    shape = SHAPES.get(name, Shape())
    keep_inferred = shape.closure if inferred_edges is None else inferred_edges
    answer = ask(query.text, {})
    if "graph" not in {str(variable) for variable in answer.vars or []}:
        raise NetworkError(f"the view {name} gives no ?graph: wrap each edge's statement in GRAPH ?graph {{ ... }}")
    relations: dict[tuple[URIRef, URIRef], set[URIRef]] = defaultdict(set)
    stated_in: dict[tuple[URIRef, URIRef], set[URIRef]] = defaultdict(set)
    for row in solutions(answer):
        source_node, relation, target, named = row.source, row.relation, row.target, row.graph
        if not (isinstance(source_node, URIRef) and isinstance(relation, URIRef) and isinstance(target, URIRef)):
            continue  # a literal or blank node is no node of a view
        if not isinstance(named, URIRef) or (named == INFERRED_GRAPH and not keep_inferred):
            continue
        relations[(source_node, target)].add(relation)
        stated_in[(source_node, target)].add(named)
    nodes = sorted({node for pair in relations for node in pair})
    labels = _labels(ask, [*nodes, *{relation for used in relations.values() for relation in used}])
    kinds = _kinds(ask, nodes)
    graph = nx.DiGraph(name=name) if shape.directed else nx.Graph(name=name)
    sources = {source_node for source_node, _ in relations}
    for node in nodes:
        attributes: dict[str, str | int] = {"label": labels[node], "iri": str(node), "kind": kinds.get(node, "")}
        if shape.bipartite:
            attributes["bipartite"] = 0 if node in sources else 1
        graph.add_node(str(node), **attributes)
    for (source_node, target), used in sorted(relations.items()):
        ordered = sorted(used, key=str)
        graph.add_edge(
            str(source_node),
            str(target),
            relation=" ".join(compact(r) for r in ordered),
            label="; ".join(labels[r] for r in ordered),
            graphs=" ".join(sorted(str(g) for g in stated_in[(source_node, target)])),
        )
    return View(name, query.title, shape, graph)


def _labels(ask: Runner, nodes: list[URIRef]) -> dict[URIRef, str]:
    """The display label of each node, else its prefixed IRI."""
    found = display_labels(ask, nodes)
    return {node: found.get(node, compact(node)) for node in nodes}


_TYPES = """SELECT ?node ?type ?broader WHERE {
  ?node a ?type . FILTER(isIRI(?type))
  FILTER NOT EXISTS { GRAPH hipsg:inferred { ?node a ?type } }
  OPTIONAL { ?type rdfs:subClassOf+ ?broader FILTER(?broader != ?type) }
}"""


def _kinds(ask: Runner, nodes: list[URIRef]) -> dict[Node, str]:
    """The most specific asserted class of each node (a hipskg class before any other), prefixed."""
    types: dict[Node, set[Node]] = defaultdict(set)
    broader: dict[Node, set[Node]] = defaultdict(set)
    if nodes:
        for row in solutions(ask(with_value_rows(_TYPES, ["node"], [[node] for node in nodes]), {})):
            types[row.node].add(row.type)
            if row.broader is not None:
                broader[row.node].add(row.broader)
    kinds = {}
    for node, held in types.items():
        specific = sorted(held - broader[node], key=lambda t: (not str(t).startswith(str(HIPS)), compact(t)))
        if specific:
            kinds[node] = compact(specific[0])
    return kinds
