"""Every export format reads back as the graph it was written from, awkward terms included, and a
term no file could hold stops the export with a message naming it (issue 11, defect 3)."""

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from hipskg import export
from hipskg.rdfio import plain_strings
from hipskg.terms import UnwritableTerm

E = "https://example.org/"
AWKWARD_TEXTS = [
    'say "hello"',
    "it's",
    '"""triple"""',
    "back\\slash",
    "line\nbreak",
    "carriage\rreturn",
    "crlf\r\nend",
    "tab\tbed",
    "bell\x07 and escape\x1b",
    "\b\f",
    "delete\x7f",
    "emoji \U0001f600 and \U00010348",
    "e\u0301 combined",
    "\u2028 line separator",
    "]]> <tag> &amp;",
    "  spaced  ",
    "",
    "עברית",
    "é",
]
TYPED = [
    ("01", XSD.integer),
    ("abc", XSD.integer),
    ("1", XSD.boolean),
    ("2026-12-07", XSD.date),
    ("2026-12-07T10:00:00+00:00", XSD.dateTime),
    ("1.0", XSD.decimal),
    ("1e3", XSD.double),
    ("x", URIRef(E + "type#custom")),
]
LANGUAGES = ["en", "en-GB", "zh-Hant-TW", "de-CH-1996"]
IRIS = [
    E + "caf\u00e9",
    E + "a%20b",
    E + "p#frag",
    E + "q?x=1&y=2",
    E + "ends.",
    E + "1starts-with-digit",
    "urn:isbn:0451450523",
    "http://xn--bcher-kva.example/",
    E + "emoji-\U0001f600",
]


def awkward_graph(identifier: URIRef | None = None) -> Graph:
    graph = Graph(identifier=identifier)
    p = URIRef(E + "p")
    for i, text in enumerate(AWKWARD_TEXTS):
        graph.add((URIRef(f"{E}s{i}"), p, Literal(text)))
    for i, (value, datatype) in enumerate(TYPED):
        graph.add((URIRef(f"{E}t{i}"), p, Literal(value, datatype=datatype)))
    for i, language in enumerate(LANGUAGES):
        graph.add((URIRef(f"{E}l{i}"), p, Literal("word", lang=language)))
    for iri in IRIS:
        graph.add((URIRef(iri), URIRef(E + "q"), URIRef(iri)))
    blank, odd = BNode(), BNode("label with spaces")
    graph.add((blank, p, odd))
    graph.add((odd, URIRef(E + "r"), Literal("blank")))
    return graph


def read_back(text: str, fmt: str) -> Graph:
    parsed = Dataset() if fmt in ("nq", "trig") else Graph()
    parsed.parse(
        data=text, format={"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld", "xml": "xml"}[fmt]
    )
    union = Graph()
    for triple in (
        parsed.triples((None, None, None))
        if isinstance(parsed, Graph) and not isinstance(parsed, Dataset)
        else ((s, p, o) for s, p, o, _ in parsed.quads())
    ):
        union.add(triple)
    return union


def writable_in(fmt: str) -> Graph:
    """The awkward graph, less what the format cannot hold: XML 1.0 has no control characters (refused: see below)."""
    graph = awkward_graph(URIRef(E + "graph"))
    if fmt == "xml":
        for triple in [t for t in graph if isinstance(t[2], Literal) and any(c in str(t[2]) for c in "\x07\x1b\b\f")]:
            graph.remove(triple)
    return graph


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_awkward_terms_read_back_as_written(fmt):
    graph = writable_in(fmt)
    text = export.serialize([graph], fmt)
    assert isomorphic(plain_strings(read_back(text, fmt)), plain_strings(graph))


@pytest.mark.parametrize(
    ("fmt", "oxigraph_format"),
    [
        ("ttl", ox.RdfFormat.TURTLE),
        ("nt", ox.RdfFormat.N_TRIPLES),
        ("nq", ox.RdfFormat.N_QUADS),
        ("trig", ox.RdfFormat.TRIG),
        ("jsonld", ox.RdfFormat.JSON_LD),
        ("xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_a_strict_parser_reads_every_export(fmt, oxigraph_format):
    """Oxigraph's parsers refuse what the grammars refuse; they read every export whole."""
    graph = writable_in(fmt)
    quads = list(ox.parse(export.serialize([graph], fmt).encode("utf-8"), format=oxigraph_format))
    assert len(quads) == len(graph)


def test_a_control_character_cannot_be_written_as_xml():
    graph = Graph()
    graph.add((URIRef(E + "s"), URIRef(E + "p"), Literal("NUL\x00here")))
    with pytest.raises(UnwritableTerm) as refused:
        export.serialize([graph], "xml")
    assert str(refused.value) == (
        "cannot write 'NUL\\x00here' as RDF/XML: it contains U+0000 control character, which XML 1.0 "
        "cannot hold; choose another format (ttl, nt, jsonld)"
    )


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_an_iri_with_a_space_is_refused_in_every_format(fmt):
    graph = Graph(identifier=URIRef(E + "graph"))
    graph.add((URIRef(E + "a b"), URIRef(E + "p"), Literal("x")))
    with pytest.raises(UnwritableTerm) as refused:
        export.serialize([graph], fmt)
    assert str(refused.value).startswith(f"cannot write <{E}a b>: it contains U+0020 SPACE, which no IRI may hold")


def test_a_lone_surrogate_is_refused():
    graph = Graph()
    graph.add((URIRef(E + "s"), URIRef(E + "p"), Literal("half \ud800 pair")))
    with pytest.raises(UnwritableTerm, match="U\\+D800 .*half of a UTF-16 pair"):
        export.serialize([graph], "ttl")
