"""Views: the ``?source ?relation ?target`` rows of a view query as a networkx graph.

Nodes are added in IRI order and edges in (source, target) order, so the same data always gives
the same graph, node for node, and the same export bytes.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from hipskg import resources
from hipskg.catalogue import CatalogueQuery, catalogue
from hipskg.errors import HipskgError
from hipskg.namespaces import HIPS, INFERRED_GRAPH, compact
from hipskg.sparql import run, solutions


class NetworkError(HipskgError):
    """A view, entity or option that does not fit; the message says what would."""


@dataclass(frozen=True)
class Shape:
    """How a view's rows make a graph."""

    directed: bool = True
    bipartite: bool = False  # sources are side 0, targets side 1 (node attribute ``bipartite``)
    closure: bool = True  # keep the edges the reasoner inferred, when the dataset holds them
    attachments: frozenset[str] = field(default_factory=frozenset)  # relations that attach a node without carrying the flow


# A view file not named here is a directed graph of its rows.
SHAPES: dict[str, Shape] = {
    # the closure of the transitive feeds-into would link every body to every body above it
    "governance": Shape(closure=False, attachments=frozenset({"hips:chairedBy"})),
    "theme-course": Shape(directed=False, bipartite=True),
    "legislation": Shape(bipartite=True),
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


def build(dataset: Dataset, name: str, *, inferred_edges: bool | None = None, folder: Path | None = None) -> View:
    """The view ``name`` of ``dataset``; ``inferred_edges`` overrides the view's own choice of keeping inferred edges."""
    query = definition(name, folder)
    shape = SHAPES.get(name, Shape())
    keep_inferred = shape.closure if inferred_edges is None else inferred_edges
    inferred = _named_graph(dataset, INFERRED_GRAPH)
    relations: dict[tuple[URIRef, URIRef], set[URIRef]] = defaultdict(set)
    for row in solutions(run(dataset, query.text)):
        source, relation, target = row.source, row.relation, row.target
        if not (isinstance(source, URIRef) and isinstance(relation, URIRef) and isinstance(target, URIRef)):
            continue  # a literal or blank node is no node of a view
        if not keep_inferred and inferred is not None and (source, relation, target) in inferred:
            continue
        relations[(source, target)].add(relation)
    graph = nx.DiGraph(name=name) if shape.directed else nx.Graph(name=name)
    sources = {source for source, _ in relations}
    for node in sorted({node for pair in relations for node in pair}):
        attributes: dict[str, str | int] = {
            "label": label(dataset, node),
            "iri": str(node),
            "kind": kind(dataset, node, inferred),
        }
        if shape.bipartite:
            attributes["bipartite"] = 0 if node in sources else 1
        graph.add_node(str(node), **attributes)
    for (source, target), used in sorted(relations.items()):
        ordered = sorted(used, key=str)
        graph.add_edge(
            str(source),
            str(target),
            relation=" ".join(compact(r) for r in ordered),
            label="; ".join(label(dataset, r) for r in ordered),
        )
    return View(name, query.title, shape, graph)


def _named_graph(dataset: Dataset, identifier: URIRef) -> Graph | None:
    """The named graph if the dataset holds it (``Dataset.graph`` would add an empty one)."""
    return next((named for named in dataset.graphs() if named.identifier == identifier), None)


def label(dataset: Dataset, node: URIRef) -> str:
    """The display label: skos:prefLabel, else rdfs:label (English first), else the prefixed IRI."""
    for prop in (SKOS.prefLabel, RDFS.label):
        labels = sorted(
            dataset.objects(node, prop), key=lambda text: (getattr(text, "language", None) not in ("en", None), str(text))
        )
        if labels:
            return str(labels[0])
    return compact(node)


def kind(dataset: Dataset, node: URIRef, inferred: Graph | None = None) -> str:
    """The most specific asserted class of ``node`` (a hipskg class before any other), prefixed."""
    types = {
        t
        for t in dataset.objects(node, RDF.type)
        if isinstance(t, URIRef) and (inferred is None or (node, RDF.type, t) not in inferred)
    }
    broader = {ancestor for t in types for ancestor in dataset.transitive_objects(t, RDFS.subClassOf) if ancestor != t}
    specific = sorted(types - broader, key=lambda t: (not t.startswith(str(HIPS)), compact(t)))
    return compact(specific[0]) if specific else ""
