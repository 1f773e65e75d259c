"""The reason step: the OWL 2 RL (or RDFS) closure of ontology plus data, kept apart as inferred facts.

The closure is computed on a copy; only new statements about the project's own entities are kept
(axiomatic triples about the vocabularies, ``x owl:sameAs x``, ``rdf:type owl:Thing`` or
``rdfs:Resource`` and statements with literal subjects are noise and are dropped).
"""

import owlrl
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from hipskg import resources
from hipskg.namespaces import BASE, HIPS, INFERRED_GRAPH, ONTOLOGY_GRAPH
from hipskg.rdfio import read_graph

PROFILES = {"owlrl": owlrl.OWLRL_Semantics, "rdfs": owlrl.RDFS_Semantics}
_TRIVIAL_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual}


def _about_our_entities(triple: tuple) -> bool:
    subject, predicate, obj = triple
    if not isinstance(subject, URIRef) or not subject.startswith(BASE) or subject.startswith(str(HIPS)):
        return False
    if predicate == OWL.sameAs and obj == subject:
        return False
    return not (predicate == RDF.type and obj in _TRIVIAL_TYPES)


def infer(data: Graph, ontology: Graph | None = None, *, profile: str = "owlrl") -> Graph:
    """The statements the closure adds about the project's entities, in a graph of their own."""
    if profile not in PROFILES:
        raise ValueError(f"unknown reasoning profile {profile!r}: choose one of {', '.join(PROFILES)}")
    ontology = read_graph(resources.ontology_file()) if ontology is None else ontology
    closure = Graph()
    for graph in (data, ontology):
        for triple in graph:
            closure.add(triple)
    asserted = set(closure)
    owlrl.DeductiveClosure(PROFILES[profile]).expand(closure)
    inferred = Graph(identifier=INFERRED_GRAPH)
    for triple in closure:
        if triple not in asserted and _about_our_entities(triple):
            inferred.add(triple)
    return inferred


def with_inferences(dataset: Dataset, *, profile: str = "owlrl") -> Dataset:
    """``dataset`` with the inferred statements added as the named graph hipsg:inferred."""
    data = Graph()
    for named in dataset.graphs():
        if named.identifier != ONTOLOGY_GRAPH:
            for triple in named:
                data.add(triple)
    inferred = dataset.graph(INFERRED_GRAPH)
    for triple in infer(data, dataset.graph(ONTOLOGY_GRAPH), profile=profile):
        inferred.add(triple)
    return dataset
