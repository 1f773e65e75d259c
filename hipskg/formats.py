"""The one table of RDF formats every command uses: names, file extensions, media types, and each library's name.

A format is named on the command line by its name or an alias (``ttl`` and ``turtle`` are one format);
a file's format comes from its extension. Also the other closed lists of formats the commands offer.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class RdfFormat:
    name: str  # hipskg's name, as --format takes it
    aliases: tuple[str, ...]
    extensions: tuple[str, ...]  # the first is written
    media_type: str
    rdflib: str  # rdflib's parser and serializer name
    oxigraph: str  # the name of pyoxigraph.RdfFormat's member
    quads: bool  # holds named graphs


RDF_FORMATS = (
    RdfFormat("ttl", ("turtle",), (".ttl",), "text/turtle", "turtle", "TURTLE", False),
    RdfFormat("nt", ("ntriples", "n-triples"), (".nt",), "application/n-triples", "nt", "N_TRIPLES", False),
    RdfFormat("nq", ("nquads", "n-quads"), (".nq",), "application/n-quads", "nquads", "N_QUADS", True),
    RdfFormat("trig", (), (".trig",), "application/trig", "trig", "TRIG", True),
    RdfFormat("jsonld", ("json-ld",), (".jsonld", ".json"), "application/ld+json", "json-ld", "JSON_LD", False),
    RdfFormat("xml", ("rdfxml", "rdf/xml"), (".rdf", ".xml", ".owl"), "application/rdf+xml", "xml", "RDF_XML", False),
    RdfFormat("n3", (), (".n3",), "text/n3", "n3", "N3", False),
)
BY_NAME = {name: fmt for fmt in RDF_FORMATS for name in (fmt.name, *fmt.aliases)}
BY_EXTENSION = {extension: fmt for fmt in RDF_FORMATS for extension in fmt.extensions}

EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "xml")  # what ``hipskg export`` writes
GRAPH_RESULT_FORMATS = {  # --format of a CONSTRUCT or DESCRIBE query → the export format written (TriG: one default graph)
    name: fmt.name for name, fmt in BY_NAME.items() if fmt.name in EXPORT_FORMATS and fmt.name != "nq"
}
SYNTH_FORMATS = tuple(fmt.name for fmt in RDF_FORMATS if fmt.quads)  # one file of a synthetic national graph
TABLE_FORMATS = ("table", "csv", "tsv", "json", "markdown")  # a SELECT or ASK result
REVIEW_FORMATS = ("text", "markdown", "tsv", "json", "html")  # a review of changes (hipskg diff, ingest)
NETWORK_FORMATS = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json"}  # a network view, by extension written


def rdf_format(name: str) -> RdfFormat:
    """The format ``name`` (or an alias) denotes; KeyError for no format."""
    return BY_NAME[name.lower()]


def export_format(name: str) -> str:
    """The export format ``name`` (or an alias, ``turtle`` for ``ttl``) denotes; ValueError naming the choices."""
    fmt = BY_NAME.get(name.lower())
    if fmt is None or fmt.name not in EXPORT_FORMATS:
        raise ValueError(
            f"unknown format {name!r}: choose one of {', '.join(EXPORT_FORMATS)} (or turtle, ntriples, nquads, json-ld)"
        )
    return fmt.name
