"""What changed between two versions of the graph, entity by entity, for a steward's review (docs/review.md).

:func:`compare` sets the statements of each named graph side by side and sorts the differences:

- provenance bookkeeping (when a source was ingested, the checksum and name of its file, the parser's version: the
  statements about a hips:SourceFile, a prov:Activity or a prov:SoftwareAgent, and every prov:endedAtTime,
  prov:generatedAtTime and hips:sha256) is counted by property and never as a content change (the tombstones graph's
  description of itself, which comes with the first tombstone, is left out);
- every other difference belongs to the entity it is about (its subject), across all named graphs;
- an entity the old version states and the new one does not is removed, or renamed when the new version names its
  successor (the tombstone's dcterms:isReplacedBy: "renamed" when the steward confirmed it in a curated graph,
  "renamed?" when the ingest detected it) or when :func:`hipskg.ingest.identity.detect_renames` finds one (two
  versions without tombstones, e.g. two files). A renamed entity's statements are compared with its successor's,
  and statements of other entities that only follow the rename (a theme listing the course under its new IRI) are
  counted, not listed.

Two versions differ in content when a named graph has a difference that is not bookkeeping; the review counts those
graphs, the entities and the statements listed, and says so in its first and its last line alike.
"""

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import BNode, Node

from hipskg import resources
from hipskg.ingest.duplicates import Duplicate
from hipskg.ingest.identity import Edition, Rename, detect_renames
from hipskg.namespaces import HIPS, ONTOLOGY_GRAPH, TOMBSTONES_GRAPH, compact
from hipskg.rdfio import graph_name, read_project_graph

BOOKKEEPING_PROPERTIES = (PROV.endedAtTime, PROV.generatedAtTime, HIPS.sha256)
BOOKKEEPING_CLASSES = (HIPS.SourceFile, PROV.Activity, PROV.SoftwareAgent)
KINDS = ("added", "removed", "changed", "renamed")  # the summary's columns; "renamed?" counts as renamed
Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class Change:
    """One statement added (``+``) to or removed (``-``) from a named graph."""

    graph: URIRef
    sign: str
    predicate: URIRef
    value: Node


@dataclass(frozen=True)
class EntityChange:
    """What changed about one entity: ``kind`` is added, removed, changed, renamed (confirmed) or renamed?."""

    iri: Node
    kind: str
    classes: tuple[URIRef, ...]  # its most specific classes
    changes: tuple[Change, ...]
    successor: URIRef | None = None
    tombstone: bool = False  # the new version keeps its IRI as a tombstone
    references: int = 0  # statements of other entities that follow its rename
    rename: Rename | None = None  # how a detected rename scored

    @property
    def column(self) -> str:
        return self.kind.rstrip("?")


@dataclass(frozen=True)
class Review:
    """The changes from one version to another; see the module's docstring."""

    entities: tuple[EntityChange, ...] = ()
    graphs: tuple[URIRef, ...] = ()  # the named graphs whose content changed
    bookkeeping: tuple[tuple[URIRef, int], ...] = ()  # provenance property, values changed
    labels: Mapping[Node, str] = field(default_factory=dict)
    duplicates: tuple[Duplicate, ...] = ()  # the possible duplicates shown (:meth:`with_duplicates`)
    earlier_duplicates: int = 0  # those not shown: pairs the old version held already

    @property
    def statements(self) -> int:
        return sum(len(entity.changes) for entity in self.entities)

    @property
    def differs(self) -> bool:
        """Whether the content differs (provenance bookkeeping aside)."""
        return bool(self.graphs or self.entities)

    def counts(self) -> dict[str, int]:
        found = Counter(entity.column for entity in self.entities)
        return {kind: found[kind] for kind in KINDS}

    def by_class(self) -> list[tuple[tuple[URIRef, ...], dict[str, int]]]:
        """The counts of each kind of change for each (most specific) class, by class."""
        found: dict[tuple[URIRef, ...], Counter[str]] = defaultdict(Counter)
        for entity in self.entities:
            found[entity.classes][entity.column] += 1
        return [(classes, {kind: found[classes][kind] for kind in KINDS}) for classes in sorted(found, key=_class_order)]

    def with_duplicates(self, duplicates: Iterable[Duplicate], *, every: bool = False) -> "Review":
        """The review with the possible duplicates of the new version: those with an entity the review lists (added,
        changed, renamed to), the pairs this edition brings; every pair with ``every``, else the others only counted."""
        pairs = tuple(duplicates)
        listed = {node for entity in self.entities for node in (entity.iri, entity.successor) if node is not None}
        shown = pairs if every else tuple(d for d in pairs if d.kept.iri in listed or d.other.iri in listed)
        return replace(self, duplicates=shown, earlier_duplicates=len(pairs) - len(shown))


def _class_order(classes: tuple[URIRef, ...]) -> tuple[bool, list[str]]:
    return (not classes, [compact(cls) for cls in classes])


def compare(old: Dataset, new: Dataset) -> Review:
    """The review of the changes from ``old`` to ``new`` (their named graphs; the ontology aside)."""
    before, after = Edition(_named(old)), Edition(_named(new))
    types = _types(before.graphs.values(), after.graphs.values())
    content: dict[URIRef, tuple[set[Triple], set[Triple]]] = {}
    bookkeeping: Counter[URIRef] = Counter()
    for name in sorted(set(before.graphs) | set(after.graphs), key=str):
        removed, added = _differences(before.graphs.get(name), after.graphs.get(name))
        removed, added = _unlike_itself(removed, name), _unlike_itself(added, name)
        book = {t for t in removed | added if _is_bookkeeping(t, types)}
        bookkeeping.update(p for _, p in {(s, p) for s, p, _ in book})  # type: ignore[misc]
        if (removed | added) - book:
            content[name] = (removed - book, added - book)
    renames = _renames(before, after)
    entities = _entities(content, before, after, renames, types)
    named = {n for e in entities for n in (e.iri, e.successor, *(c.value for c in e.changes)) if isinstance(n, URIRef)}
    labels = {node: after.label(node) or before.label(node) for node in named}
    return Review(
        tuple(entities),
        tuple(content),
        tuple(sorted(bookkeeping.items(), key=lambda item: compact(item[0]))),
        {node: label for node, label in labels.items() if label},
    )


def _named(dataset: Dataset) -> dict[URIRef, Graph]:
    return {graph_name(g): g for g in dataset.graphs() if len(g) and g.identifier != ONTOLOGY_GRAPH}


def _differences(old: Graph | None, new: Graph | None) -> tuple[set[Triple], set[Triple]]:
    """The statements only ``old`` holds and those only ``new`` holds; blank nodes matched by structure."""
    old, new = old if old is not None else Graph(), new if new is not None else Graph()
    if any(isinstance(term, BNode) for graph in (old, new) for triple in graph for term in triple):
        _, removed, added = graph_diff(to_isomorphic(old), to_isomorphic(new))
        return set(removed), set(added)
    return set(old) - set(new), set(new) - set(old)


def _unlike_itself(triples: set[Triple], name: URIRef) -> set[Triple]:
    """The statements but the tombstones graph's description of itself, which comes with its first tombstone."""
    return {t for t in triples if not (name == TOMBSTONES_GRAPH and t[0] == TOMBSTONES_GRAPH)}


def _types(*editions: Iterable[Graph]) -> dict[Node, set[Node]]:
    found: dict[Node, set[Node]] = defaultdict(set)
    for graphs in editions:
        for graph in graphs:
            for s, o in graph.subject_objects(RDF.type):
                found[s].add(o)
    return found


def _is_bookkeeping(triple: Triple, types: Mapping[Node, set[Node]]) -> bool:
    s, p, o = triple
    return (
        p in BOOKKEEPING_PROPERTIES
        or not types.get(s, set()).isdisjoint(BOOKKEEPING_CLASSES)
        or HIPS.SourceFile in types.get(o, set())
    )


@dataclass(frozen=True)
class _Successor:
    iri: URIRef
    kind: str  # renamed or renamed?
    rename: Rename | None = None


def _renames(before: Edition, after: Edition) -> dict[URIRef, _Successor]:
    """Each entity of ``before`` that ``after`` replaces: by its tombstone's successor, else by detection."""
    gone = before.live - after.live
    found: dict[URIRef, _Successor] = {}
    for iri in sorted(gone):
        successor = _live_successor(iri, after)
        if successor is not None:
            found[iri] = _Successor(successor, "renamed" if _confirmed(iri, successor, before, after) else "renamed?")
    different = {frozenset(pair) for g in after.graphs.values() for pair in g.subject_objects(OWL.differentFrom)}
    tombstoned = {iri for iri in gone if any((iri, RDF.type, HIPS.Tombstone) in g for g in after.graphs.values())}
    for rename in detect_renames(
        before, after, ruled_out=lambda a, b: frozenset((a, b)) in different, confirmed={i: s.iri for i, s in found.items()}
    ):
        if rename.old.iri not in tombstoned:  # the ingest kept it without a successor: the steward said no
            found[rename.old.iri] = _Successor(rename.new.iri, "renamed?", rename)
    return found


def _confirmed(old: URIRef, successor: URIRef, before: Edition, after: Edition) -> bool:
    """Whether the steward made ``successor`` the successor of ``old``: a rename stated outside the tombstones
    (data/curated/renames.ttl), or a merge (the successor now has the old label among its own)."""
    stated = any((old, DCTERMS.isReplacedBy, successor) in g for n, g in after.graphs.items() if n != TOMBSTONES_GRAPH)
    label = before.label(old)
    merged = any(
        str(o) == label for g in after.graphs.values() for p in (SKOS.altLabel, RDFS.label) for o in g.objects(successor, p)
    )
    return stated or bool(label and merged)


def _live_successor(iri: URIRef, after: Edition) -> URIRef | None:
    """The live entity the chain of dcterms:isReplacedBy from ``iri`` ends at, if any."""
    seen = {iri}
    current = iri
    while True:
        following = sorted(
            o for g in after.graphs.values() for o in g.objects(current, DCTERMS.isReplacedBy) if isinstance(o, URIRef)
        )
        if not following or following[0] in seen:
            return None
        current = following[0]
        if current in after.live:
            return current
        seen.add(current)


def _entities(
    content: Mapping[URIRef, tuple[set[Triple], set[Triple]]],
    before: Edition,
    after: Edition,
    renames: Mapping[URIRef, _Successor],
    types: Mapping[Node, set[Node]],
) -> list[EntityChange]:
    """The changes of ``content`` by entity: a renamed entity's statements set beside its successor's (other
    entities' statements that only follow the rename counted as references)."""
    gone = before.live - after.live
    mapping: dict[Node, Node] = {old: successor.iri for old, successor in renames.items()}
    changes: dict[Node, list[Change]] = defaultdict(list)
    references: Counter[Node] = Counter()
    for name, (removed, added) in content.items():
        new_graph = after.graphs.get(name, Graph())
        kept = {t for t in added if t[0] not in gone}  # a departed entity's new statements are its tombstone's
        moved = {t: (mapping.get(t[0], t[0]), t[1], mapping.get(t[2], t[2])) for t in removed}
        for original, mapped in moved.items():
            if mapped in new_graph:
                if original[0] not in mapping and original[2] in mapping:
                    references[mapped[2]] += 1
                continue
            changes[mapped[0]].append(Change(name, "-", mapped[1], mapped[2]))  # type: ignore[arg-type]
        for s, p, o in kept - set(moved.values()):
            changes[s].append(Change(name, "+", p, o))  # type: ignore[arg-type]
    successors: dict[Node, tuple[URIRef, _Successor]] = {successor.iri: (old, successor) for old, successor in renames.items()}
    found = []
    for subject in (set(changes) | gone | set(successors)) - set(renames):
        listed = tuple(sorted(changes.get(subject, []), key=_change_order))
        if subject in successors:
            old, successor = successors[subject]
            found.append(
                EntityChange(
                    old,
                    successor.kind,
                    specific_classes(types.get(old, set())),
                    listed,
                    successor.iri,
                    HIPS.Tombstone in types.get(old, set()),
                    references[subject],
                    successor.rename,
                )
            )
            continue
        kind = "removed" if subject in gone else "added" if subject in after.live - before.live else "changed"
        tombstone = kind == "removed" and HIPS.Tombstone in types.get(subject, set())
        found.append(EntityChange(subject, kind, specific_classes(types.get(subject, set())), listed, None, tombstone))
    order = {"renamed": 0, "renamed?": 0, "removed": 1, "added": 2, "changed": 3}
    return sorted(found, key=lambda e: (order[e.kind], str(e.iri)))


def _change_order(change: Change) -> tuple[str, bool, str, bool, str]:
    return (str(change.graph), change.predicate != RDF.type, str(change.predicate), change.sign != "-", str(change.value))


def specific_classes(types: Iterable[Node]) -> tuple[URIRef, ...]:
    """The most specific of an entity's classes (those no other of them is a subclass of); a tombstone's only
    class when it has no other."""
    types = set(types)
    live = types - {HIPS.Tombstone} or types
    ancestors = _superclasses()
    return tuple(sorted((c for c in live if isinstance(c, URIRef) and not any(c in ancestors.get(o, ()) for o in live)), key=str))


@functools.cache
def _superclasses() -> dict[Node, frozenset[Node]]:
    """Each class of the ontology with all its superclasses."""
    parents: dict[Node, set[Node]] = defaultdict(set)
    for child, parent in read_project_graph(resources.ontology_file()).subject_objects(RDFS.subClassOf):
        parents[child].add(parent)
    found = {}
    for cls in parents:
        seen: set[Node] = set()
        stack = list(parents[cls])
        while stack:
            parent = stack.pop()
            if parent not in seen:
                seen.add(parent)
                stack.extend(parents.get(parent, ()))
        found[cls] = frozenset(seen)
    return found
