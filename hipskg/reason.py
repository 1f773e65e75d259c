"""The reason step: the OWL 2 RL (or RDFS) closure of ontology plus data, kept apart as inferred facts.

Engines sit behind one small interface: ``rules`` (hipskg.rules: the OWL 2 RL rules this ontology
uses, linear in time and memory; a schema needing more falls back to a general engine),
``reasonable`` (a Rust OWL 2 RL engine) when installed, and ``owlrl`` as the reference
(tests/test_reason.py checks they all infer the same facts). The closure is
computed on a copy; only new statements about the project's own entities are kept: axiomatic
triples about the vocabularies, ``x owl:sameAs x``, ``rdf:type owl:Thing`` or ``rdfs:Resource``
and statements with literal subjects are noise and are dropped. A plain literal and the same
literal typed ``xsd:string`` are one RDF 1.1 term, so an engine re-typing one is no new fact.
"""

import importlib
import tempfile
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import owlrl
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from hipskg import dataset as datasets
from hipskg import resources, rules
from hipskg.errors import HipskgError
from hipskg.namespaces import BASE, HIPS, INFERRED_GRAPH, ONTOLOGY_GRAPH, compact
from hipskg.rdfio import NTriples, plain, read_project_graph

PROFILES = ("owlrl", "rdfs")
_TRIVIAL_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual}
Triple = tuple[Node, Node, Node]


class ReasoningError(HipskgError):
    """The data is inconsistent with the ontology; the message names the nodes involved."""

    exit_status = 1


class EngineUnavailable(HipskgError):
    """The asked-for engine is not installed or does not compute the asked-for profile."""


class Engine(Protocol):
    name: str
    profiles: tuple[str, ...]
    reads_ntriples: bool  # has closure_of_text: reads N-Triples itself, no rdflib terms on the way in

    def available(self) -> bool: ...

    def closure(self, triples: Collection[Triple], profile: str) -> Iterable[Triple]:
        """Every triple of the closure of ``triples`` (asserted ones included)."""


class Owlrl:
    """owlrl, the reference: pure Python, complete for OWL 2 RL and RDFS, slow beyond 10k triples."""

    name = "owlrl"
    profiles: tuple[str, ...] = ("owlrl", "rdfs")
    reads_ntriples = False

    def available(self) -> bool:
        return True

    def closure(self, triples: Collection[Triple], profile: str) -> Iterable[Triple]:
        copy = Graph()
        for triple in triples:
            copy.add(triple)
        semantics = owlrl.OWLRL_Semantics if profile == "owlrl" else owlrl.RDFS_Semantics
        owlrl.DeductiveClosure(semantics).expand(copy)
        return copy


class Reasonable:
    """reasonable, a Rust OWL 2 RL engine (OWL 2 RL only)."""

    name = "reasonable"
    profiles: tuple[str, ...] = ("owlrl",)
    reads_ntriples = True

    def available(self) -> bool:
        try:
            importlib.import_module("reasonable")
        except ImportError:
            return False
        return True

    def closure(self, triples: Collection[Triple], profile: str) -> Iterable[Triple]:
        import reasonable

        reasoner = reasonable.PyReasoner()
        reasoner.from_graph(list(triples))
        return reasoner.reason()

    def closure_of_text(self, text: NTriples) -> tuple[list[Triple], Iterable[Triple]]:
        """The triples read and the closure, from N-Triples read in Rust (the engine reads only .ttl files, which N-Triples are)."""
        import reasonable

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "data.ttl"
            path.write_text(text, encoding="utf-8")
            reasoner = reasonable.PyReasoner()
            reasoner.load_file(str(path))
        return reasoner.get_base_triples(), reasoner.reason()


class Rules:
    """hipskg.rules: the eight OWL 2 RL rules this ontology uses, over Python sets (linear memory);
    refuses a schema or data that needs more, which a general engine then computes."""

    name = "rules"
    profiles: tuple[str, ...] = ("owlrl",)
    reads_ntriples = False

    def available(self) -> bool:
        return True

    def closure(self, triples: Collection[Triple], profile: str) -> Iterable[Triple]:
        try:
            return rules.closure(triples)
        except rules.Unsupported as error:
            raise EngineUnavailable(f"the rules engine cannot reason here: {error}; use --engine reasonable or owlrl") from None


ENGINES: dict[str, Engine] = {"rules": Rules(), "reasonable": Reasonable(), "owlrl": Owlrl()}


def choose(name: str | None = None, profile: str = "owlrl") -> Engine:
    """The named engine, or the fastest one installed that computes ``profile``."""
    usable = [engine for engine in ENGINES.values() if engine.available() and profile in engine.profiles]
    if name is None:
        return usable[0]
    for engine in usable:
        if engine.name == name:
            return engine
    raise EngineUnavailable(
        f"reasoning engine {name!r} cannot compute {profile}: choose one of {', '.join(e.name for e in usable)}"
    )


def _general_engine(profile: str) -> Engine:
    """The fastest installed engine that implements all of OWL 2 RL (not the rules engine)."""
    return next(e for e in ENGINES.values() if e.name != Rules.name and e.available() and profile in e.profiles)


_SAME_AS, _TYPE, _VOCABULARY = OWL.sameAs, RDF.type, str(HIPS)


def _about_our_entities(triple: Triple) -> bool:
    subject, predicate, obj = triple
    if not isinstance(subject, URIRef) or not subject.startswith(BASE) or subject.startswith(_VOCABULARY):
        return False
    if predicate == _SAME_AS and obj == subject:
        return False
    return not (predicate == _TYPE and obj in _TRIVIAL_TYPES)


@dataclass(frozen=True)
class Inference:
    graph: Graph  # the inferred statements, in the named graph hipsg:inferred
    engine: str
    profile: str

    def counts(self) -> Counter[str]:
        """Inferred statements by property."""
        return Counter(compact(predicate) for _, predicate, _ in self.graph)


def infer(
    data: Graph | NTriples, ontology: Graph | None = None, *, profile: str = "owlrl", engine: str | None = None
) -> Inference:
    """The statements the closure adds about the project's entities; inconsistencies raise ReasoningError.

    Works on plain sets of triples: building rdflib graphs of the closure cost more than the closure.
    N-Triples text (a store's dump) goes to an engine that reads text as it is.
    """
    if profile not in PROFILES:
        raise EngineUnavailable(f"unknown reasoning profile {profile!r}: choose one of {', '.join(PROFILES)}")
    ontology = read_project_graph(resources.ontology_file()) if ontology is None else ontology
    chosen = choose(engine, profile)
    if isinstance(data, NTriples) and chosen.reads_ntriples:
        read, derived = chosen.closure_of_text(NTriples(data + ontology.serialize(format="nt")))  # type: ignore[attr-defined]
        asserted = {(s, p, plain(o)) for s, p, o in read}
    else:
        statements = data.triples() if isinstance(data, NTriples) else data
        asserted = {(s, p, plain(o)) for source in (statements, ontology) for s, p, o in source}
        try:
            derived = chosen.closure(asserted, profile)
        except EngineUnavailable:
            if engine is not None:
                raise
            chosen = _general_engine(profile)  # the schema or data needs more OWL than the rules engine has
            derived = chosen.closure(asserted, profile)
    literals_of = {(s, o) for s, _, o in asserted if isinstance(o, Literal)}
    closure = set()
    for s, p, o in derived:
        o = plain(o)
        # A rule can only give a subject a literal it already has (through a super-property); any
        # other literal is an engine artefact (owlrl's RDFS literal proxies conflate 1 and true).
        if not isinstance(o, Literal) or (s, o) in literals_of:
            closure.add((s, p, o))
    check_consistency(closure, asserted)
    inferred = Graph(identifier=INFERRED_GRAPH)
    for triple in closure - asserted:
        if _about_our_entities(triple):
            inferred.add(triple)
    return Inference(inferred, chosen.name, profile)


def check_consistency(closure: Collection[Triple], asserted: Collection[Triple]) -> None:
    """Raise ReasoningError for an entity in two disjoint classes or a functional property with two values.

    Two different IRIs are two things unless the data itself says they are the same (the closure
    of a functional property with two values always infers that they are).
    """
    types: dict[Node, set[Node]] = defaultdict(set)
    disjoint, functional = [], set()
    for s, p, o in closure:
        if p == RDF.type:
            types[o].add(s)
            if o == OWL.FunctionalProperty and str(s).startswith(str(HIPS)):
                functional.add(s)
        elif p == OWL.disjointWith and s != o:
            disjoint.append((s, o))
    problems = [
        f"{compact(entity)} is both {compact(first)} and {compact(second)}, which are disjoint"
        for first, second in disjoint
        for entity in types[first] & types[second]
        if isinstance(entity, URIRef) and entity.startswith(BASE)
    ]
    values: dict[tuple[Node, Node], set[Node]] = defaultdict(set)
    for s, p, o in (*asserted, *closure):
        if p in functional:
            values[(s, p)].add(plain(o))
    same = {(s, o) for s, p, o in asserted if p == OWL.sameAs}
    for (subject, prop), found in values.items():
        merged_pairs = {frozenset((v, w)) for v in found for w in found if (v, w) in same}
        if len(found) > 1 and len(merged_pairs) < len(found) - 1:
            listed = ", ".join(sorted(compact(v) for v in found))
            problems.append(f"{compact(subject)} has {len(found)} values of functional {compact(prop)}: {listed}")
    if problems:
        raise ReasoningError("inconsistent data: " + "; ".join(sorted(set(problems))))


def with_inferences(dataset: Dataset, *, profile: str = "owlrl", engine: str | None = None) -> Inference:
    """Add the inferred statements to ``dataset`` as the named graph hipsg:inferred."""
    inference = infer(datasets.asserted(dataset), dataset.graph(ONTOLOGY_GRAPH), profile=profile, engine=engine)
    target = dataset.graph(INFERRED_GRAPH)
    for triple in inference.graph:
        target.add(triple)
    return inference
