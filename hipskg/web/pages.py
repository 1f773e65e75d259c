"""What the web pages show, gathered from the store: each page a few queries from ``queries/pages/``.

A page never holds more than its queries return; the templates in ``templates/`` only lay it out.
Every IRI is shown by its display label and links to its page on this server when it is one of the
project's IRIs (``https://w3id.org/hipskg/...`` → ``/id/...``, ``/def#Term``, ``/graph/...``), or
to itself when it is another web IRI (legislation.gov.uk, statistics.data.gov.uk).
"""

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from hipskg import resources
from hipskg.catalogue import CatalogueQuery, catalogue, display_labels
from hipskg.namespaces import BASE, DCTERMS, HIPS, LABELS_GRAPH, compact
from hipskg.sparql import solutions

if TYPE_CHECKING:
    import networkx

    from hipskg.api import KnowledgeGraph

# the properties whose values are one per entity: two sources giving two values disagree
SINGLE_VALUED_EXTRA = (HIPS.standingSubgroupCount, HIPS.chairedBy, RDFS.label)
# the relations a page shows first, in this order (by kind of entity they matter for)
LEADING = (
    RDF.type,
    HIPS.procedureNumber,
    HIPS.inChapter,
    HIPS.hasSection,
    HIPS.refersTo,
    HIPS.cites,
    HIPS.namesTool,
    HIPS.mentionsDocument,
    HIPS.hasToolkit,
    HIPS.listsCourse,
    HIPS.feedsInto,
    HIPS.reportsTo,
    HIPS.subgroupOf,
    HIPS.convenedBy,
    HIPS.chairedBy,
)
_PLAIN_TYPES = (XSD.string, XSD.integer, XSD.decimal, XSD.double, XSD.boolean)  # values that read as what they are
Row = tuple[str, Node, Node, Node]  # direction ("out" or "in"), predicate, the other end, named graph
_HIDDEN = (SKOS.prefLabel, RDF.type)  # shown as the page's title and under it


@functools.cache
def page_query(name: str) -> CatalogueQuery:
    """The query ``queries/pages/{name}.rq``."""
    return catalogue(resources.folder("queries") / "pages")[name]


@dataclass(frozen=True)
class Link:
    """A node as a page shows it: its text, and where it links (None: not a link)."""

    text: str
    href: str | None = None
    external: str | None = None  # a web IRI outside the project that the node matches (legislation.gov.uk, ONS)
    note: str = ""  # a literal's language or datatype


@dataclass
class Value:
    link: Link
    sources: list[Link]  # the named graphs stating it


@dataclass
class Group:
    """The values of one property, in one direction (``out``: this entity → value; ``in``: value → this entity)."""

    predicate: Link
    direction: str
    values: list[Value] = field(default_factory=list)


@dataclass
class Disagreement:
    """A property with one value per entity that two or more sources state differently."""

    predicate: Link
    claims: list[tuple[Link, list[Link]]]  # (source, the values it states)


@dataclass
class EntityPage:
    iri: str
    title: str
    types: list[Link]
    alternatives: list[str]
    definitions: list[str]
    outgoing: list[Group]
    incoming: list[Group]
    sources: list[tuple[Link, list[str]]]  # each source with the sections of it that state something here
    disagreements: list[Disagreement]
    courses_by_mode: list[tuple[Link, list[Link]]]
    picture: str | None = None

    @property
    def statements(self) -> int:
        return sum(len(group.values) for group in self.outgoing + self.incoming)


class Names:
    """Display labels and external matches of IRIs, looked up once for every page (the graph does not change while
    served): the properties, classes and sources a page names are mostly the ones the last page named."""

    def __init__(self, kg: "KnowledgeGraph") -> None:
        self.kg = kg
        self.labels: dict[Node, str | None] = {}
        self.matches: dict[Node, str | None] = {}

    def learn(self, nodes: Iterable[Node]) -> None:
        """Look up the nodes not met before: one query for their labels, one for their matches."""
        new = sorted({node for node in nodes if isinstance(node, URIRef) and node not in self.labels})
        if not new:
            return
        found = display_labels(self.kg.store.query, new)
        matches: dict[Node, str] = {}
        for row in solutions(self.kg.store.query(page_query("links-out").bound_to_each("node", new))):
            matches.setdefault(row.node, str(row.target))
        for node in new:
            self.matches[node] = matches.get(node)
            self.labels[node] = found.get(node)


class Linker:
    """Turns nodes into links: labels, local paths and external matches (from ``names``, taught this page's nodes)."""

    def __init__(self, names: Names, root: str, nodes: Iterable[Node]) -> None:
        self.root = root
        names.learn(nodes)
        self.labels = names.labels
        self.matches = names.matches

    def link(self, node: Node) -> Link:
        if isinstance(node, Literal):
            note = node.language or (compact(node.datatype) if node.datatype and node.datatype not in _PLAIN_TYPES else "")
            return Link(str(node), note=note)
        if isinstance(node, BNode):
            return Link("(blank node)")
        text = self.labels.get(node) or compact(node)
        return Link(text, href=local_path(str(node), self.root), external=web_iri(self.matches.get(node)))


def local_path(iri: str, root: str = "/") -> str | None:
    """The path of this server's page for ``iri``; the IRI itself for other web (http, https) IRIs; None for anything
    else, which is never a link (a ``javascript:`` IRI in the data stays text)."""
    if iri.startswith(BASE):
        rest = iri[len(BASE) :]
        return None if rest.startswith("/") else root + rest  # "//host/..." would leave the site looking local
    return web_iri(iri)


def web_iri(iri: str | None) -> str | None:
    """``iri`` when it is an http or https IRI a page may link to, else None."""
    return iri if iri is not None and iri.lower().startswith(("http://", "https://")) else None


def entity(kg: "KnowledgeGraph", iri: str, root: str, functional: frozenset[URIRef], names: Names) -> EntityPage | None:
    """The page of ``iri``, or None when no statement names it."""
    node = URIRef(iri)
    rows: list[Row] = [
        (str(r.direction), r.predicate, r.value, r.graph)
        for r in solutions(kg.store.query(page_query("statements").bound({"entity": node})))
    ]
    if not rows:
        return None
    theme_courses = (
        solutions(kg.store.query(page_query("courses-by-mode").bound({"theme": node})))
        if any(p == RDF.type and v == HIPS.Theme for _, p, v, _ in rows)
        else []
    )
    linker = Linker(
        names,
        root,
        [node]
        + [term for _, p, v, g in rows for term in (p, v, g)]
        + [term for row in theme_courses for term in (row.mode, row.course)],
    )
    outgoing, incoming = _groups(rows, linker)
    return EntityPage(
        iri=iri,
        title=linker.labels.get(node) or compact(node),
        types=[linker.link(v) for v in sorted({v for d, p, v, _ in rows if d == "out" and p == RDF.type}, key=str)],
        alternatives=sorted({str(v) for d, p, v, _ in rows if d == "out" and p == SKOS.altLabel}),
        definitions=sorted({str(v) for d, p, v, _ in rows if d == "out" and p in (SKOS.definition, DCTERMS.description)}),
        outgoing=outgoing,
        incoming=incoming,
        sources=_sources(rows, linker),
        disagreements=_disagreements(rows, linker, functional),
        courses_by_mode=_by_mode(theme_courses, linker),
    )


def _order(predicate: Node) -> tuple[int, str]:
    return (LEADING.index(predicate) if predicate in LEADING else len(LEADING), compact(predicate))


def _groups(rows: Sequence[Row], linker: Linker) -> tuple[list[Group], list[Group]]:
    values: dict[tuple[str, Node], dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for direction, predicate, value, graph in rows:
        if graph == LABELS_GRAPH or (direction == "out" and predicate in _HIDDEN):
            continue
        values[(direction, predicate)][value].append(graph)
    groups: dict[str, list[Group]] = {"out": [], "in": []}
    for direction, predicate in sorted(values, key=lambda key: (key[0], _order(key[1]))):
        group = Group(linker.link(predicate), direction)
        for value, graphs in sorted(
            values[(direction, predicate)].items(), key=lambda item: (linker.link(item[0]).text.casefold(), str(item[0]))
        ):
            group.values.append(Value(linker.link(value), [linker.link(graph) for graph in sorted(set(graphs), key=str)]))
        groups[direction].append(group)
    return groups["out"], groups["in"]


def _sources(rows: Sequence[Row], linker: Linker) -> list[tuple[Link, list[str]]]:
    sections: dict[Node, set[str]] = defaultdict(set)
    for direction, predicate, value, graph in rows:
        if graph == LABELS_GRAPH:
            continue
        sections[graph]  # noqa: B018 - every graph stating something is a source, with or without sections
        if direction == "out" and predicate == HIPS.sourceSection:
            sections[graph].add(str(value))
    return [(linker.link(graph), sorted(found)) for graph, found in sorted(sections.items(), key=lambda item: str(item[0]))]


def _disagreements(rows: Sequence[Row], linker: Linker, functional: frozenset[URIRef]) -> list[Disagreement]:
    claims: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
    for direction, predicate, value, graph in rows:
        if direction == "out" and graph != LABELS_GRAPH and (predicate in functional or predicate in SINGLE_VALUED_EXTRA):
            claims[predicate][graph].add(value)
    found = []
    for predicate, by_graph in sorted(claims.items(), key=lambda item: _order(item[0])):
        stated = {frozenset(str(value).casefold() for value in values) for values in by_graph.values()}
        if len(by_graph) > 1 and len(stated) > 1:
            found.append(
                Disagreement(
                    linker.link(predicate),
                    [
                        (linker.link(graph), [linker.link(value) for value in sorted(values, key=str)])
                        for graph, values in sorted(by_graph.items(), key=lambda item: str(item[0]))
                    ],
                )
            )
    return found


def _by_mode(rows: list, linker: Linker) -> list[tuple[Link, list[Link]]]:
    modes: dict[Node | None, list[Link]] = defaultdict(list)
    for row in rows:
        modes[row.mode].append(linker.link(row.course))
    return [
        (linker.link(mode) if mode is not None else Link("mode not stated"), courses)
        for mode, courses in sorted(modes.items(), key=lambda item: linker.link(item[0]).text if item[0] is not None else "~")
    ]


def functional_properties(kg: "KnowledgeGraph") -> frozenset[URIRef]:
    """The ontology's functional properties (one value per entity): two sources with two values disagree."""
    rows = solutions(kg.store.query(page_query("functional-properties").text))
    return frozenset(URIRef(str(row.property)) for row in rows)


def governance(kg: "KnowledgeGraph") -> "networkx.DiGraph":
    """The governance view (who feeds into, reports to, is a subgroup of or part of whom) between bodies:
    the chairing posts of the view are left out of the drawings."""
    graph = kg.view("governance").graph
    kept = [
        (source, target)
        for source, target, relation in graph.edges(data="relation")
        if set(relation.split()) - {"hips:chairedBy"}
    ]
    return graph.edge_subgraph(kept).copy()
