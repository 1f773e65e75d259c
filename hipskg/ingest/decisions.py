"""The steward's decisions on identity, curated in two files of ``data/curated/`` (docs/review.md).

``renames.ttl`` answers the "renamed?" of a review: ``OLD dcterms:isReplacedBy NEW`` confirms that an entity that
left the sources lives on as NEW (its tombstone names NEW as successor), ``OLD owl:differentFrom NEW`` says it was
not a rename. ``duplicates.ttl`` answers a "possible duplicate": ``KEPT skos:altLabel "other label"@en`` merges the
other label into KEPT (the resolver then gives both labels one IRI), ``A owl:differentFrom B`` says they are two
entities (the pair is not reported again). Both files are ordinary curated graphs too: their statements are
published, in ``graph/renames`` and ``graph/duplicates``.

A statement that cannot be a decision (another property, a literal where an IRI belongs, an IRI the data does not
know) stops the ingest with the file, the line and the fix.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS
from rdflib.term import Node

from hipskg.errors import HipskgError
from hipskg.ingest.builder import FAMILIES, family_of
from hipskg.namespaces import GRAPH, compact
from hipskg.rdfio import term_text
from hipskg.suggest import alternatives, closest

RENAMES_FILE = "renames.ttl"
DUPLICATES_FILE = "duplicates.ttl"
_ALLOWED = {
    RENAMES_FILE: (DCTERMS.isReplacedBy, OWL.differentFrom),
    DUPLICATES_FILE: (SKOS.altLabel, OWL.differentFrom),
}


class DecisionError(HipskgError):
    """A curated decision that cannot stand; the message names the file, the line, the statement and the fix."""


@dataclass(frozen=True)
class Decision:
    """One statement of a decisions file, with where it is written."""

    subject: URIRef
    predicate: URIRef
    value: Node
    path: Path
    graph: Graph  # the file as parsed: its prefixes find the statement's line

    def statement(self) -> str:
        return f"{compact(self.subject)} {compact(self.predicate)} {term_text(self.value)}"

    def refuse(self, problem: str) -> DecisionError:
        """The error for this statement: ``file:line: statement: problem``."""
        line = _line_of(self.path, self.graph, self.subject, self.value)
        return DecisionError(f"{self.path}{f':{line}' if line else ''}: {self.statement()}: {problem}")


@dataclass
class Decisions:
    renamed: dict[URIRef, Decision] = field(default_factory=dict)  # old IRI → its confirmed successor
    different: dict[frozenset[Node], Decision] = field(default_factory=dict)  # pairs that are not one entity
    merges: list[Decision] = field(default_factory=list)  # labels merged into an entity

    def ruled_out(self, first: URIRef, second: URIRef) -> bool:
        """Whether the steward said ``first`` and ``second`` are two entities (not a rename, not duplicates)."""
        return frozenset((first, second)) in self.different


def read(files: Mapping[Path, Graph]) -> Decisions:
    """The decisions of the curated files (``path → parsed graph``) named renames.ttl and duplicates.ttl."""
    decisions = Decisions()
    for path, graph in sorted(files.items()):
        if path.name in _ALLOWED:
            for s, p, o in sorted(graph):
                if s != GRAPH[path.stem]:  # the file's description of its own graph
                    _add(decisions, Decision(s, p, o, path, graph))  # type: ignore[arg-type]
    return decisions


def _add(decisions: Decisions, decision: Decision) -> None:
    allowed = _ALLOWED[decision.path.name]
    if decision.predicate not in allowed:
        raise decision.refuse(
            f"{decision.path.name} holds only {alternatives([compact(p) for p in allowed])} statements: "
            "move this one to another curated file"
        )
    if not isinstance(decision.subject, URIRef):
        raise decision.refuse("the subject must be an entity's IRI")
    if decision.predicate == SKOS.altLabel:
        if not isinstance(decision.value, Literal):
            raise decision.refuse('a merged label is a string tagged @en, e.g. "Every Sleep Counts: An Introduction"@en')
        decisions.merges.append(decision)
        return
    if not isinstance(decision.value, URIRef) or decision.value == decision.subject:
        raise decision.refuse("name another entity by its IRI (the names the review prints paste back)")
    if decision.predicate == OWL.differentFrom:
        decisions.different[frozenset((decision.subject, decision.value))] = decision
        return
    earlier = decisions.renamed.get(decision.subject)
    if earlier is not None:
        raise decision.refuse(f"{compact(decision.subject)} already has a successor, {compact(earlier.value)}: keep one")
    decisions.renamed[decision.subject] = decision


def check(decisions: Decisions, live: set[URIRef], tombstones: set[URIRef], spellings: Callable[[URIRef], set[str]]) -> None:
    """Refuse a decision the new edition contradicts: a renamed IRI still in the sources, an IRI nothing names, a
    merge into an entity that no source states under another name (``spellings``: the names the sources give it)."""
    known = live | tombstones
    for old, decision in sorted(decisions.renamed.items()):
        if frozenset((old, decision.value)) in decisions.different:
            raise decision.refuse(f"the file also says {compact(old)} owl:differentFrom {compact(decision.value)}: keep one")
        if old in live:
            raise decision.refuse(
                f"{compact(old)} is still in the sources: a rename names an IRI that left them; remove the statement"
            )
        if old not in tombstones:
            raise decision.refuse(f"{compact(old)} was never published{_nearest(old, tombstones)}: correct the IRI")
        if decision.value not in known:
            raise decision.refuse(
                f"{compact(decision.value)} is not in the new edition{_nearest(decision.value, live)}: correct the IRI"
            )
    for pair, decision in sorted(decisions.different.items(), key=lambda item: sorted(map(str, item[0]))):
        for iri in sorted(pair, key=str):
            if iri not in known:
                raise decision.refuse(f"{compact(iri)} is not in the new edition{_nearest(iri, known)}: correct the IRI")  # type: ignore[arg-type]
    for decision in decisions.merges:
        if not _named_otherwise(decision.subject, str(decision.value), spellings):
            raise decision.refuse(
                f"{compact(decision.subject)} is not an entity of the sources{_nearest(decision.subject, live)}: "
                "a merge gives a label to the entity that keeps its IRI"
            )


def _named_otherwise(iri: URIRef, label: str, spellings: Callable[[URIRef], set[str]]) -> bool:
    """Whether the sources name ``iri`` by something other than ``label`` (a merge only minting ``iri`` does not)."""
    where = family_of(iri)
    if where is None:
        return False
    family = FAMILIES[where[0]]
    return any(family.key(spelling) != family.key(label) for spelling in spellings(iri))


def _nearest(iri: Node, choices: Iterable[URIRef]) -> str:
    """ " (did you mean ...?)" naming the closest of ``choices`` of the IRI's family, or ""."""
    family = family_of(iri) if isinstance(iri, URIRef) else None
    names = {compact(choice): choice for choice in choices if choice != iri and (family is None or family_of(choice) == family)}
    near = closest(compact(iri), names)
    return f" (did you mean {alternatives(near)}?)" if near else ""


def _line_of(path: Path, graph: Graph, subject: URIRef, value: Node) -> int:
    """The line of ``path`` that states ``value`` for ``subject``: the first line naming the value at or after the
    first line naming the subject (0 when neither is written in a form looked for)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    start = next((number for number, line in enumerate(lines) if _names(line, graph, subject)), None)
    if start is None:
        return 0
    found = next((number for number in range(start, len(lines)) if _names(lines[number], graph, value)), start)
    return found + 1


def _names(line: str, graph: Graph, node: Node) -> bool:
    """Whether ``line`` writes ``node``: a full IRI, a prefixed name with one of the file's prefixes, a literal's text."""
    if not isinstance(node, URIRef):
        return f'"{node}"' in line
    forms = [f"<{node}>"] + [
        f"{prefix}:{node[len(namespace) :]}" for prefix, namespace in graph.namespaces() if node.startswith(namespace) and prefix
    ]
    return any(form in line for form in forms)
