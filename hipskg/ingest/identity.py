"""Identity across editions: which published entities an edition drops, which of those were renamed, and the
tombstones that keep their IRIs (docs/review.md).

An entity is a typed IRI under ``https://w3id.org/hipskg/`` (``id/...`` or ``graph/...``). When an edition no
longer states one, the ingest keeps its IRI in ``graph/tombstones``: ``owl:deprecated true``, its last types as
``hips:formerType`` (not ``rdf:type``, so that no query counts it among the live courses or documents), its last
display label, the time it left (``prov:invalidatedAtTime``) and its successor (``dcterms:isReplacedBy``) when there
is one: a rename the steward confirmed, the entity a curated merge gave its label to, or a rename detected here.

A departed entity and an arrived one are a rename candidate when they belong to one family (and scope) of IRIs, are
stated by the same named graphs, share at least half of their context (the source sections they are listed in and
their links to other IRIs: the same lists, the same themes or chapter) and their labels score at least 60 by
token-set similarity ("Analysis of Risk" / "Analysing Risk": 80). Each entity takes part in one rename at most, the
best first.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from hipskg.ingest.builder import Resolver, family_of
from hipskg.ingest.decisions import Decisions
from hipskg.namespaces import BASE, HIPS, LABELS_GRAPH, TOMBSTONES_GRAPH
from hipskg.suggest import similarity

RENAME_CONTEXT = 0.5  # Jaccard index of the two contexts
RENAME_LABEL = 60  # of 100, token-set similarity of the two labels
_UNTOLD = (RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel, PROV.wasDerivedFrom, HIPS.sourceSection)


@dataclass(frozen=True)
class Entity:
    """What one edition states about an entity: what a rename or a duplicate is judged by."""

    iri: URIRef
    types: tuple[URIRef, ...]
    label: str  # the display label ("" when it has none)
    graphs: tuple[URIRef, ...]  # the named graphs stating it (display labels and tombstones aside)
    sections: tuple[str, ...]  # its hips:sourceSection values
    links: frozenset[tuple[str, URIRef, URIRef]]  # ("out", property, IRI) and ("in", property, IRI)

    @property
    def context(self) -> frozenset[tuple[str, str, str]]:
        return frozenset(("section", "", section) for section in self.sections) | frozenset(
            (way, str(p), str(o)) for way, p, o in self.links
        )


class Edition:
    """The named graphs of one edition (generated and curated), asked about its entities."""

    def __init__(self, graphs: Mapping[URIRef, Graph]) -> None:
        self.graphs = dict(graphs)

    @cached_property
    def live(self) -> frozenset[URIRef]:
        """The entities this edition states: IRIs of the project typed with anything but hips:Tombstone (outside the
        tombstones graph, whose own description is bookkeeping)."""
        return frozenset(
            s
            for name, graph in self.graphs.items()
            if name != TOMBSTONES_GRAPH
            for s, o in graph.subject_objects(RDF.type)
            if isinstance(s, URIRef) and s.startswith(BASE) and o != HIPS.Tombstone
        )

    def entity(self, iri: URIRef) -> Entity:
        types: set[URIRef] = set()
        graphs: set[URIRef] = set()
        sections: set[str] = set()
        links: set[tuple[str, URIRef, URIRef]] = set()
        for name, graph in self.graphs.items():
            stated = False
            for p, o in graph.predicate_objects(iri):
                stated = True
                if p == RDF.type:
                    types.add(o)  # type: ignore[arg-type]
                elif p == HIPS.sourceSection:
                    sections.add(str(o))
                elif isinstance(o, URIRef) and p not in _UNTOLD:
                    links.add(("out", p, o))  # type: ignore[arg-type]
            for s, p in graph.subject_predicates(iri):
                stated = True
                if isinstance(s, URIRef):
                    links.add(("in", p, s))  # type: ignore[arg-type]
            if stated and name not in (LABELS_GRAPH, TOMBSTONES_GRAPH):
                graphs.add(name)
        return Entity(
            iri, tuple(sorted(types)), self.label(iri), tuple(sorted(graphs)), tuple(sorted(sections)), frozenset(links)
        )

    def spellings(self, iri: URIRef) -> set[str]:
        """The names the sources give an entity (its rdfs:label values)."""
        return {str(o) for graph in self.graphs.values() for o in graph.objects(iri, RDFS.label)}

    def label(self, iri: Node) -> str:
        """The display label: skos:prefLabel, else the first rdfs:label ("" when it has neither)."""
        for predicate in (SKOS.prefLabel, RDFS.label):
            found = sorted(str(o) for graph in self.graphs.values() for o in graph.objects(iri, predicate))
            if found:
                return found[0]
        return ""


@dataclass(frozen=True)
class Rename:
    """A departed entity and an arrived one taken to be the same thing under a new name."""

    old: Entity
    new: Entity
    context: float  # Jaccard index of their contexts
    similarity: float  # token-set similarity of their labels, 0 to 100


def detect_renames(
    before: Edition,
    after: Edition,
    *,
    ruled_out: Callable[[URIRef, URIRef], bool] = lambda old, new: False,
    confirmed: Mapping[URIRef, Node] | None = None,
) -> list[Rename]:
    """The likely renames among the entities ``before`` states and ``after`` does not (see the module's docstring),
    but the pairs ``ruled_out`` and the entities of ``confirmed`` renames (old IRI → new IRI)."""
    confirmed = confirmed or {}
    departed = [
        before.entity(iri) for iri in sorted(before.live - after.live) if family_of(iri) is not None and iri not in confirmed
    ]
    successors = set(confirmed.values())
    arrived = [
        after.entity(iri) for iri in sorted(after.live - before.live) if family_of(iri) is not None and iri not in successors
    ]
    candidates = [
        rename
        for old in departed
        for new in arrived
        if family_of(old.iri) == family_of(new.iri) and old.graphs == new.graphs and not ruled_out(old.iri, new.iri)
        for rename in [_scored(old, new)]
        if rename.context >= RENAME_CONTEXT and rename.similarity >= RENAME_LABEL
    ]
    chosen: list[Rename] = []
    taken: set[URIRef] = set()
    for rename in sorted(candidates, key=lambda r: (-r.context, -r.similarity, r.old.iri, r.new.iri)):
        if rename.old.iri not in taken and rename.new.iri not in taken:
            chosen.append(rename)
            taken |= {rename.old.iri, rename.new.iri}
    return sorted(chosen, key=lambda r: r.old.iri)


def _scored(old: Entity, new: Entity) -> Rename:
    union = old.context | new.context
    shared = len(old.context & new.context) / len(union) if union else 1.0
    return Rename(old, new, shared, similarity(old.label, new.label))


@dataclass(frozen=True)
class Tombstone:
    """A published IRI whose entity left the sources."""

    iri: URIRef
    types: tuple[URIRef, ...]
    label: str
    left: Literal | None  # xsd:dateTime
    successor: URIRef | None = None

    def triples(self) -> list[tuple[URIRef, URIRef, URIRef | Literal]]:
        found: list[tuple[URIRef, URIRef, URIRef | Literal]] = [
            (self.iri, RDF.type, HIPS.Tombstone),
            (self.iri, OWL.deprecated, Literal(True)),
            *((self.iri, HIPS.formerType, cls) for cls in self.types),
        ]
        if self.left is not None:  # None only in a file edited by hand: validation names it
            found.append((self.iri, PROV.invalidatedAtTime, self.left))
        if self.label:
            found.append((self.iri, SKOS.prefLabel, Literal(self.label, lang="en")))
        if self.successor is not None:
            found.append((self.iri, DCTERMS.isReplacedBy, self.successor))
        return found


def read_tombstones(graph: Graph | None) -> dict[URIRef, Tombstone]:
    """The tombstones a graph/tombstones file holds."""
    if graph is None:
        return {}
    found = {}
    for iri in sorted(s for s in graph.subjects(RDF.type, HIPS.Tombstone) if isinstance(s, URIRef)):
        label = graph.value(iri, SKOS.prefLabel)
        successor = graph.value(iri, DCTERMS.isReplacedBy)
        found[iri] = Tombstone(
            iri,
            tuple(sorted(o for o in graph.objects(iri, HIPS.formerType) if isinstance(o, URIRef))),
            "" if label is None else str(label),
            _literal(graph.value(iri, PROV.invalidatedAtTime)),
            successor if isinstance(successor, URIRef) else None,
        )
    return found


def _literal(node: Node | None) -> Literal | None:
    return node if isinstance(node, Literal) else None


def tombstones_graph(tombstones: Mapping[URIRef, Tombstone]) -> Graph:
    """The named graph graph/tombstones holding ``tombstones``."""
    graph = Graph(identifier=TOMBSTONES_GRAPH)
    graph.add((TOMBSTONES_GRAPH, RDF.type, PROV.Entity))
    graph.add((TOMBSTONES_GRAPH, DCTERMS.title, Literal("Published IRIs whose entities left the sources", lang="en")))
    for tombstone in tombstones.values():
        for triple in tombstone.triples():
            graph.add(triple)
    return graph


def retire(
    kept: Mapping[URIRef, Tombstone],
    before: Edition | None,
    after: Edition,
    decisions: Decisions,
    resolver: Resolver,
    moment: datetime,
) -> dict[URIRef, Tombstone]:
    """The tombstones after this edition: those kept whose entity did not come back, and one for each entity ``before``
    states and ``after`` does not (None: the sources did not change), each with its successor (module docstring)."""
    tombstones = {iri: tombstone for iri, tombstone in kept.items() if iri not in after.live}
    detected: dict[URIRef, URIRef] = {}
    if before is not None:
        left = Literal(moment.isoformat(), datatype=XSD.dateTime)
        for iri in sorted(before.live - after.live):
            entity = before.entity(iri)
            tombstones[iri] = Tombstone(iri, entity.types, entity.label, left)
        confirmed = {old: decision.value for old, decision in decisions.renamed.items()}
        renames = detect_renames(before, after, ruled_out=decisions.ruled_out, confirmed=confirmed)
        detected = {rename.old.iri: rename.new.iri for rename in renames}
    return {
        iri: Tombstone(
            iri,
            tombstone.types,
            tombstone.label,
            tombstone.left,
            _successor(tombstone, detected.get(iri), after, decisions, resolver),
        )
        for iri, tombstone in sorted(tombstones.items())
    }


def _successor(
    tombstone: Tombstone, detected: URIRef | None, after: Edition, decisions: Decisions, resolver: Resolver
) -> URIRef | None:
    """A confirmed rename, else the entity a curated merge gave the label to, else a rename detected now, else the
    successor the tombstone had; none that the steward ruled out."""
    confirmed = decisions.renamed.get(tombstone.iri)
    for candidate in (
        confirmed.value if confirmed is not None else None,
        _merged_into(tombstone, after, resolver),
        detected,
        tombstone.successor,
    ):
        if isinstance(candidate, URIRef) and candidate != tombstone.iri and not decisions.ruled_out(tombstone.iri, candidate):
            return candidate
    return None


def _merged_into(tombstone: Tombstone, after: Edition, resolver: Resolver) -> URIRef | None:
    """The live entity of the tombstone's family that its label now names (a curated skos:altLabel merged them)."""
    where = family_of(tombstone.iri)
    if where is None or not tombstone.label:
        return None
    found = resolver.known(where[0], tombstone.label, scope=where[1])
    return found if found in after.live else None
