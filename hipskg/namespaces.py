"""Every IRI the project mints or relies on, defined once.

The persistent base is ``https://w3id.org/hipskg/``:

- ``def#``            ontology terms (classes, properties, controlled-list concepts)
- ``id/{family}/...``  entities, slugs derived from the entity family and its name
- ``graph/{name}``     named graphs: one per source document, plus curated and derived graphs
"""

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
DATASET = URIRef(BASE + "dataset")

LABELS_GRAPH = GRAPH["labels"]
ONTOLOGY_GRAPH = GRAPH["ontology"]
INFERRED_GRAPH = GRAPH["inferred"]
# On a SPARQL server, what hipskg loaded into each named graph (outside graph/: never one of the project's graphs)
STORE_RECORD_GRAPH = URIRef(BASE + "store-record")

PREFIXES: dict[str, str] = {
    prefix: str(namespace)
    for prefix, namespace in {
        "hips": HIPS,
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
        "skos": SKOS,
        "owl": OWL,
        "rdf": RDF,
        "rdfs": RDFS,
        "xsd": XSD,
        "sh": SH,
    }.items()
}


def compact(node: object) -> str:
    """A node for display: an IRI under a known namespace as prefix:rest, anything else as its text."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        for prefix, namespace in PREFIXES.items():
            if node.startswith(namespace):
                return f"{prefix}:{node[len(namespace) :]}"
    return str(node)


__all__ = [
    "compact",
    "BASE",
    "SHAPES",
    "HIPS",
    "ID",
    "GRAPH",
    "ONTOLOGY",
    "DATASET",
    "SPDX",
    "SD",
    "ORG",
    "SCHEMA",
    "LEGISLATION",
    "LABELS_GRAPH",
    "ONTOLOGY_GRAPH",
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
