"""The OWL 2 RL rules the hipskg ontology uses, forward-chained over Python sets.

The ontology says only this much: sub-classes, sub-properties, inverses, domains, ranges,
transitive and symmetric properties (functional properties and disjoint classes are checked, not
used to infer). For such a schema the OWL 2 RL closure of the data is the fixpoint of eight rules
(cax-sco, prp-spo1, prp-inv1/2, prp-symp, prp-trp, prp-dom, prp-rng), computed here with indexes
built once from the schema and a work list of new statements only. Memory stays a few sets of
tuples; the general engines keep far more (reasonable used 16 GB on a million triples).

A schema or data using anything else (restrictions, equivalences, property chains, owl:sameAs
between two different nodes ...) is refused with :class:`Unsupported`; the general engines
compute it. The tests check that the result equals owlrl's on the real data.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable

from rdflib import Literal
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

Triple = tuple[Node, Node, Node]

_TYPE, _SUBCLASS, _SUBPROPERTY = RDF.type, RDFS.subClassOf, RDFS.subPropertyOf
_INDEXED = {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf}
_PROPERTY_KINDS = {OWL.TransitiveProperty, OWL.SymmetricProperty}
_UNSUPPORTED = {
    OWL.equivalentClass,
    OWL.equivalentProperty,
    OWL.someValuesFrom,
    OWL.allValuesFrom,
    OWL.hasValue,
    OWL.propertyChainAxiom,
    OWL.hasKey,
    OWL.intersectionOf,
    OWL.unionOf,
    OWL.oneOf,
    OWL.complementOf,
    OWL.maxCardinality,
    OWL.maxQualifiedCardinality,
    OWL.propertyDisjointWith,
    OWL.InverseFunctionalProperty,
    OWL.IrreflexiveProperty,
    OWL.AsymmetricProperty,
}


class Unsupported(Exception):
    """The schema or the data uses OWL this engine does not implement; a general engine is needed."""


def _closed(pairs: Iterable[tuple[Node, Node]]) -> dict[Node, set[Node]]:
    """Reflexive-transitive closure of a relation given as (sub, super) pairs: node → itself and everything above."""
    above = _grouped(pairs)
    closed: dict[Node, set[Node]] = {}
    for start in list(above):
        seen, todo = {start}, [start]
        while todo:
            for nxt in above.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        closed[start] = seen
    return closed


class Schema:
    """What the rules need from the schema, indexed once in one pass over the triples."""

    def __init__(self, triples: Collection[Triple]) -> None:
        pairs: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)  # schema predicate or property kind → (s, o)
        for s, p, o in triples:
            if p in _UNSUPPORTED or (p == _TYPE and o in _UNSUPPORTED):
                raise Unsupported(f"the schema uses {p if p in _UNSUPPORTED else o}")
            if p == OWL.sameAs and s != o:
                raise Unsupported(f"the data uses owl:sameAs ({s} {o})")
            if p in _INDEXED:
                pairs[p].append((s, o))
            elif p == _TYPE and o in _PROPERTY_KINDS:
                pairs[o].append((s, o))
        self.superclasses = _closed(pairs[_SUBCLASS])
        self.superproperties = _closed(pairs[_SUBPROPERTY])
        inverse_pairs = pairs[OWL.inverseOf]
        self.inverses = _grouped(inverse_pairs + [(o, s) for s, o in inverse_pairs])
        self.domains = _grouped(pairs[RDFS.domain])
        self.ranges = _grouped(pairs[RDFS.range])
        self.transitive = {s for s, _ in pairs[OWL.TransitiveProperty]}
        self.symmetric = {s for s, _ in pairs[OWL.SymmetricProperty]}


def _grouped(pairs: Iterable[tuple[Node, Node]]) -> dict[Node, set[Node]]:
    found: dict[Node, set[Node]] = defaultdict(set)
    for s, o in pairs:
        found[s].add(o)
    return found


def closure(triples: Collection[Triple]) -> set[Triple]:
    """The triples and everything the eight rules derive from them, to the fixpoint."""
    schema = Schema(triples)
    known: set[Triple] = set()
    forward: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))  # p → s → {o}, transitive p only
    backward: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))  # p → o → {s}
    new = list(set(triples))
    while new:
        for s, p, o in new:
            known.add((s, p, o))
            if p in schema.transitive:
                forward[p][s].add(o)
                backward[p][o].add(s)
        derived: set[Triple] = set()
        for s, p, o in new:
            _apply(schema, s, p, o, derived, forward, backward)
        new = [t for t in derived if t not in known]
    return known


def _apply(
    schema: Schema,
    s: Node,
    p: Node,
    o: Node,
    out: set[Triple],
    forward: dict[Node, dict[Node, set[Node]]],
    backward: dict[Node, dict[Node, set[Node]]],
) -> None:
    """The statements one statement gives by each rule."""
    if p == _TYPE:
        for superclass in schema.superclasses.get(o, ()):
            out.add((s, _TYPE, superclass))  # cax-sco
        return
    resource = not isinstance(o, Literal)
    for superproperty in schema.superproperties.get(p, ()):
        out.add((s, superproperty, o))  # prp-spo1
    for cls in schema.domains.get(p, ()):
        out.add((s, _TYPE, cls))  # prp-dom
    if not resource:
        return
    for cls in schema.ranges.get(p, ()):
        out.add((o, _TYPE, cls))  # prp-rng
    for inverse in schema.inverses.get(p, ()):
        out.add((o, inverse, s))  # prp-inv1, prp-inv2
    if p in schema.symmetric:
        out.add((o, p, s))  # prp-symp
    if p in schema.transitive:
        for after in forward[p].get(o, ()):
            out.add((s, p, after))  # prp-trp, this statement first
        for before in backward[p].get(s, ()):
            out.add((before, p, o))  # prp-trp, this statement second
