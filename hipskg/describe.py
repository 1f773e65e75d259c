"""The dataset's DCAT/VoID description: what it is, how big, and the files it comes as.

``data/dataset.ttl`` says what the dataset is (title, description, licence, publisher and contact
point); this module adds what a release measures: version and dates, triple counts overall and per
named graph, the classes and properties used with their counts, the areas the data covers, an
example entity of each main kind, the data dumps, and each distribution with its media type, byte
size and SHA-256. Every node has an IRI under the dataset's own (``#graph-...``, ``#class-...``), so
the description has no blank nodes and the same release gives the same file.
"""

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, VOID, XSD
from rdflib.term import Node

from hipskg.namespaces import DATASET, FOAF, HIPS, INFERRED_GRAPH, ONTOLOGY, SD, SPDX, VCARD, compact

MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".rq": "application/sparql-query",
    ".html": "text/html",
    ".md": "text/markdown",
    ".txt": "text/plain",
    ".htaccess": "text/plain",  # Apache's configuration file: no media type of its own
}
IANA = "https://www.iana.org/assignments/media-types/"
PUBLISHER = URIRef(f"{DATASET}#publisher")
CONTACT = URIRef(f"{DATASET}#contact")
# void:exampleResource: the most connected entity of each kind a reader meets first (a procedure, a course,
# a theme, a body), counted over the distinct asserted statements naming it; ties go to the first IRI
EXAMPLE_CLASSES = (HIPS.Procedure, HIPS.TrainingCourse, HIPS.Theme, HIPS.Organisation)


@dataclass(frozen=True)
class Publisher:
    """Who publishes a release, given on the command line in place of what dataset.ttl says (the hipskg project).

    ``name`` is the publisher's and the contact point's name, ``url`` the publisher's home page (and the contact
    point's, unless ``contact`` is given: an http(s) URL or a ``mailto:`` IRI). A field left None keeps dataset.ttl's.
    """

    name: str | None = None
    url: str | None = None
    contact: str | None = None


@dataclass(frozen=True)
class Distribution:
    """One file of a release: its path inside the bundle, what it holds, and its bytes."""

    path: str
    title: str
    content: bytes

    @property
    def media_type(self) -> str:
        path = PurePosixPath(self.path)
        return MEDIA_TYPES[path.suffix or path.name]  # a dotfile (.htaccess) has no suffix: its name

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _part(kind: str, name: str) -> URIRef:
    """A node of the description: the dataset IRI with a fragment, ``#graph-labels``, ``#class-hips-Act``."""
    return URIRef(f"{DATASET}#{kind}-{name.replace(':', '-').replace('/', '-')}")


def describe(
    graphs: Iterable[Graph],
    metadata: Graph,
    *,
    version: str,
    issued: date,
    distributions: Iterable[Distribution] = (),
    download_base: str | None = None,
    dumps: Iterable[str] = (),
    publisher: Publisher | None = None,
) -> Graph:
    """The DCAT/VoID description of ``graphs`` (the named graphs of a release, inferred ones included), with
    ``dumps`` the URLs of the files that hold the whole asserted data (void:dataDump)."""
    graphs = sorted(graphs, key=lambda g: str(g.identifier))
    out = Graph()
    for triple in metadata:
        if triple[0] == DATASET or str(triple[0]).startswith(f"{DATASET}#"):  # the dataset and its own nodes
            out.add(triple)
    if publisher is not None:
        _publisher(out, publisher)
    out.add((DATASET, URIRef(f"{DCAT}version"), Literal(version)))  # DCAT 3, not yet in rdflib's DCAT namespace
    out.add((DATASET, OWL.versionInfo, Literal(version)))
    out.add((DATASET, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
    out.add((DATASET, DCTERMS.conformsTo, ONTOLOGY))
    out.add((DATASET, VOID.vocabulary, ONTOLOGY))
    asserted = [g for g in graphs if g.identifier != INFERRED_GRAPH]
    _counts(out, DATASET, asserted)
    _coverage(out, {t for g in asserted for t in g})
    for dump in sorted(dumps):
        out.add((DATASET, VOID.dataDump, URIRef(dump)))
    for graph in graphs:
        subset = _part("graph", compact(graph.identifier).removeprefix("hipsg:"))
        out.add((DATASET, VOID.subset, subset))
        out.add((subset, RDF.type, VOID.Dataset))
        out.add((subset, SD.name, graph.identifier))
        out.add((subset, VOID.triples, _count(len(graph))))
        if graph.identifier == INFERRED_GRAPH:
            out.add((subset, PROV.wasDerivedFrom, DATASET))
        for title in _titles(graph):
            out.add((subset, DCTERMS.title, title))
    _partitions(out, asserted)
    for distribution in distributions:
        _distribution(out, distribution, download_base)
    return out


def _count(number: int) -> Literal:
    return Literal(number, datatype=XSD.integer)


def _publisher(out: Graph, publisher: Publisher) -> None:
    """The publisher and contact point given on the command line, over what the metadata said."""
    out.add((DATASET, DCTERMS.publisher, PUBLISHER))
    out.add((DATASET, DCAT.contactPoint, CONTACT))
    out.add((PUBLISHER, RDF.type, FOAF.Agent))
    out.add((CONTACT, RDF.type, VCARD.Kind))
    if publisher.name is not None:
        out.set((PUBLISHER, FOAF.name, Literal(publisher.name)))
        out.set((CONTACT, VCARD.fn, Literal(publisher.name)))
    if publisher.url is not None:
        out.set((PUBLISHER, FOAF.homepage, URIRef(publisher.url)))
    reach = publisher.contact or publisher.url
    if reach is not None:
        out.remove((CONTACT, VCARD.hasURL, None))
        out.remove((CONTACT, VCARD.hasEmail, None))
        out.add((CONTACT, VCARD.hasEmail if reach.startswith("mailto:") else VCARD.hasURL, URIRef(reach)))


def _coverage(out: Graph, distinct: set[tuple[Node, Node, Node]]) -> None:
    """The areas the data names (dcterms:spatial) and the most connected entity of each example class."""
    typed: dict[Node, set[URIRef]] = {}
    for s, p, o in distinct:
        if p == RDF.type and isinstance(s, URIRef):
            typed.setdefault(o, set()).add(s)
    for area in sorted(typed.get(HIPS.Area, ())):
        out.add((DATASET, DCTERMS.spatial, area))
    mentions = Counter(node for s, _, o in distinct for node in (s, o))
    for cls in EXAMPLE_CLASSES:
        if typed.get(cls):
            out.add((DATASET, VOID.exampleResource, min(typed[cls], key=lambda entity: (-mentions[entity], str(entity)))))


def _titles(graph: Graph) -> list[Literal]:
    """A named graph's own title, as its source or curated file states it."""
    return sorted(o for o in graph.objects(graph.identifier, DCTERMS.title) if isinstance(o, Literal))


def _counts(out: Graph, node: URIRef, graphs: list[Graph]) -> None:
    """void:triples over all named graphs, and distinct subjects, objects, entities, classes and properties."""
    triples = [t for g in graphs for t in g]
    distinct = set(triples)
    out.add((node, VOID.triples, _count(len(distinct))))
    out.add((node, VOID.distinctSubjects, _count(len({s for s, _, _ in distinct}))))
    out.add((node, VOID.distinctObjects, _count(len({o for _, _, o in distinct}))))
    out.add((node, VOID.properties, _count(len({p for _, p, _ in distinct}))))
    out.add((node, VOID.classes, _count(len({o for _, p, o in distinct if p == RDF.type}))))
    out.add((node, VOID.entities, _count(len({s for s, p, _ in distinct if p == RDF.type and isinstance(s, URIRef)}))))


def _partitions(out: Graph, graphs: list[Graph]) -> None:
    """A class partition per class used (its instances) and a property partition per property (its statements)."""
    distinct = {t for g in graphs for t in g}
    instances: dict[Node, set] = {}
    for s, p, o in distinct:
        if p == RDF.type:
            instances.setdefault(o, set()).add(s)
    for cls, members in instances.items():
        part = _part("class", compact(cls))
        out.add((DATASET, VOID.classPartition, part))
        out.add((part, VOID["class"], cls))
        out.add((part, VOID.entities, _count(len(members))))
    for prop, count in Counter(p for _, p, _ in distinct).items():
        part = _part("property", compact(prop))
        out.add((DATASET, VOID.propertyPartition, part))
        out.add((part, VOID.property, prop))
        out.add((part, VOID.triples, _count(count)))
    for namespace in sorted({_namespace(p) for _, p, _ in distinct} - {str(HIPS)}):
        out.add((DATASET, VOID.vocabulary, URIRef(namespace)))


def _namespace(iri: Node) -> str:
    text = str(iri)
    return text[: max(text.rfind("#"), text.rfind("/")) + 1]


def _distribution(out: Graph, distribution: Distribution, download_base: str | None) -> None:
    node = _part("distribution", distribution.path)
    checksum = _part("checksum", distribution.path)
    out.add((DATASET, DCAT.distribution, node))
    out.add((node, RDF.type, DCAT.Distribution))
    out.add((node, DCTERMS.title, Literal(distribution.title, lang="en")))
    out.add((node, DCTERMS.identifier, Literal(distribution.path)))
    out.add((node, DCAT.mediaType, URIRef(IANA + distribution.media_type)))
    out.add((node, DCAT.byteSize, Literal(len(distribution.content), datatype=XSD.nonNegativeInteger)))
    if download_base:
        out.add((node, DCAT.downloadURL, URIRef(download_base + distribution.path)))
    out.add((node, SPDX.checksum, checksum))
    out.add((checksum, RDF.type, SPDX.Checksum))
    out.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    out.add((checksum, SPDX.checksumValue, Literal(distribution.sha256, datatype=XSD.hexBinary)))
