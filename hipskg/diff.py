"""What changed between two versions of the graph, per named graph and subject."""

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import RDF
from rdflib.term import Node

from hipskg.namespaces import ONTOLOGY_GRAPH, compact
from hipskg.rdfio import graph_name, term_text


@dataclass
class GraphChange:
    """Triples added to and removed from one named graph, by subject."""

    added: dict[Node, list[tuple[Node, Node]]] = field(default_factory=lambda: defaultdict(list))
    removed: dict[Node, list[tuple[Node, Node]]] = field(default_factory=lambda: defaultdict(list))

    def __len__(self) -> int:
        return sum(map(len, self.added.values())) + sum(map(len, self.removed.values()))


def _named(dataset: Dataset) -> dict[URIRef, Graph]:
    return {graph_name(g): g for g in dataset.graphs() if len(g) and g.identifier != ONTOLOGY_GRAPH}


def compare(old: Dataset, new: Dataset) -> dict[URIRef, GraphChange]:
    """Changes from ``old`` to ``new`` for every named graph that differs (blank nodes compared by structure)."""
    before, after = _named(old), _named(new)
    changes: dict[URIRef, GraphChange] = {}
    for identifier in sorted(set(before) | set(after), key=str):
        _, removed, added = graph_diff(
            to_isomorphic(before.get(identifier, Graph())), to_isomorphic(after.get(identifier, Graph()))
        )
        change = GraphChange()
        for s, p, o in added:
            change.added[s].append((p, o))
        for s, p, o in removed:
            change.removed[s].append((p, o))
        if len(change):
            changes[identifier] = change
    return changes


def render(changes: dict[URIRef, GraphChange]) -> str:
    """A readable account: each graph, each subject, its removed (-) and added (+) statements."""
    if not changes:
        return "no differences"
    lines = []
    for identifier, change in changes.items():
        added, removed = sum(map(len, change.added.values())), sum(map(len, change.removed.values()))
        lines.append(f"{compact(identifier)}: +{added} -{removed}")
        for subject in sorted(set(change.added) | set(change.removed), key=str):
            lines.append(f"  {compact(subject)}")
            order = lambda pair: (pair[0] != RDF.type, str(pair[0]), str(pair[1]))  # noqa: E731
            lines += [f"    - {term_text(p)} {term_text(o)}" for p, o in sorted(change.removed.get(subject, []), key=order)]
            lines += [f"    + {term_text(p)} {term_text(o)}" for p, o in sorted(change.added.get(subject, []), key=order)]
    total = sum(len(change) for change in changes.values())
    lines.append(f"{len(changes)} graph{'s' if len(changes) != 1 else ''} changed, {total} statements")
    return "\n".join(lines)
