"""Every IRI the project mints or relies on, defined once.

The persistent base is ``https://w3id.org/hipskg/``:

- ``def#``            ontology terms (classes, properties, controlled-list concepts)
- ``id/{family}/...``  entities, slugs derived from the entity family and its name
- ``graph/{name}``     named graphs: one per source document, plus curated and derived graphs
"""

import re
from pathlib import PurePath

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

BASE = "https://w3id.org/hipskg/"
HIPS = Namespace(BASE + "def#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
ONTOLOGY = URIRef(BASE + "def")
SHAPES = Namespace(BASE + "shapes#")

ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
LEGISLATION = Namespace("http://www.legislation.gov.uk/id/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")  # DCAT's contact points (not in rdflib's namespaces)
DATASET = URIRef(BASE + "dataset")

LABELS_GRAPH = GRAPH["labels"]
ONTOLOGY_GRAPH = GRAPH["ontology"]
# published IRIs whose entities left the sources, kept by the ingest (docs/review.md)
TOMBSTONES_GRAPH = GRAPH["tombstones"]
INFERRED_GRAPH = GRAPH["inferred"]
# On a SPARQL server, what hipskg loaded into each named graph (outside graph/: never one of the project's graphs)
STORE_RECORD_GRAPH = URIRef(BASE + "store-record")

# One prefix per family of entities (``id/{family}/``), so that every name hipskg prints is a prefixed name that
# SPARQL and Turtle read back as it is (``procedure:3-11``). The W3C ORG prefix ``org:`` is taken: the
# organisations' family is ``body:``. Listed before ``hipsid:``, which stays declared for IRIs of no family.
ENTITY_FAMILIES: dict[str, str] = {
    "area": "area",
    "body": "org",
    "chapter": "chapter",
    "course": "course",
    "document": "document",
    "event": "event",
    "ingest": "ingest",
    "legislation": "legislation",
    "manual": "manual",
    "membership": "membership",
    "person": "person",
    "post": "post",
    "procedure": "procedure",
    "scheme": "scheme",
    "section": "section",
    "software": "software",
    "source-file": "source-file",
    "theme": "theme",
    "toolkit": "toolkit",
}

PREFIXES: dict[str, str] = {
    prefix: str(namespace)
    for prefix, namespace in {
        "hips": HIPS,
        **{prefix: Namespace(f"{ID}{family}/") for prefix, family in ENTITY_FAMILIES.items()},
        "hipsid": ID,
        "hipsg": GRAPH,
        "hipsh": SHAPES,
        "org": ORG,
        "schema": SCHEMA,
        "leg": LEGISLATION,
        "dcterms": DCTERMS,
        "dcat": DCAT,
        "void": VOID,
        "prov": PROV,
        "spdx": SPDX,
        "sd": SD,
        "foaf": FOAF,
        "vcard": VCARD,
        "skos": SKOS,
        "owl": OWL,
        "rdf": RDF,
        "rdfs": RDFS,
        "xsd": XSD,
        "sh": SH,
    }.items()
}


# PN_LOCAL of SPARQL 1.1 and Turtle 1.1, in the ASCII letters, digits, "_", "-" and "." the project's IRIs use
# (no "/", and no "." at the end): what every parser reads back without escapes
_LOCAL_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")


def prefixed(iri: str) -> tuple[str, str] | None:
    """The prefix and local name that write ``iri`` as a prefixed name SPARQL and Turtle read back, or None."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace) :]):
            return prefix, iri[len(namespace) :]
    return None


def graph_of(path: PurePath) -> URIRef:
    """The named graph a file of a data folder belongs to: ``sources/X.ttl`` and ``curated/X.ttl`` to ``graph/X``,
    the generated ``labels.ttl`` to ``graph/labels`` (``tombstones.ttl`` to ``graph/tombstones``)."""
    return LABELS_GRAPH if path.name == "labels.ttl" and path.parent.name != "curated" else GRAPH[path.stem]


def compact(node: object) -> str:
    """A node as hipskg prints it, in a form that pastes back into a query, a Turtle file or a ``--param``: an
    IRI as a prefixed name (``procedure:3-11``) or else in angle brackets; anything else as its text."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        name = prefixed(node)
        return f"<{node}>" if name is None else ":".join(name)
    return str(node)


__all__ = [
    "compact",
    "graph_of",
    "prefixed",
    "ENTITY_FAMILIES",
    "BASE",
    "SHAPES",
    "HIPS",
    "ID",
    "GRAPH",
    "ONTOLOGY",
    "DATASET",
    "SPDX",
    "SD",
    "VCARD",
    "ORG",
    "SCHEMA",
    "LEGISLATION",
    "LABELS_GRAPH",
    "ONTOLOGY_GRAPH",
    "TOMBSTONES_GRAPH",
    "INFERRED_GRAPH",
    "STORE_RECORD_GRAPH",
    "PREFIXES",
    "DCAT",
    "DCTERMS",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SH",
    "SKOS",
    "VOID",
    "XSD",
]
