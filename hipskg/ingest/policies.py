"""A partnership's "Policies and Procedures" web page saved as text.

Layout: a page title, paragraphs separated by blank lines (short one-line paragraphs are headings
or link titles), and the page's view counter "Hits: N" as the last line. The page points to the
HIPS procedures manual, toolkits, guidance and forms; it names legislation; and it records that one
threshold document replaces another.

The counter closes the page: a text without it has lost its end. Such a text is still recognised
by its title, "Policies and Procedures", so that it is refused as cut short rather than unknown.
"""

import re

from rdflib import URIRef

from hipskg.ingest.builder import Resolver, SourceGraph
from hipskg.ingest.classify import document_type
from hipskg.ingest.layout import DocumentInfo, SourceFormatError, ends_early
from hipskg.ingest.names import clean
from hipskg.namespaces import HIPS

LAYOUT = "policies-page"
VERSION = "1"

_COUNTER = re.compile(r"^Hits: \d+$")
_TITLE = "Policies and Procedures"
_REPLACES = re.compile(r"^This replaces the (.+?)\.?$")
_MAX_TITLE_WORDS = 14


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(line number, text) of each non-blank line."""
    return [(number, clean(line)) for number, line in enumerate(text.splitlines(), 1) if line.strip()]


def detect(text: str) -> bool:
    """No table, and either the page's title first or more than two paragraphs closed by the counter."""
    paragraphs = _paragraphs(text)
    if not paragraphs or "|" in text:
        return False
    return paragraphs[0][1] == _TITLE or (len(paragraphs) > 2 and _COUNTER.match(paragraphs[-1][1]) is not None)


def _closed(text: str) -> list[tuple[int, str]]:
    """The paragraphs of a page that ends with its view counter."""
    paragraphs = _paragraphs(text)
    if not paragraphs:
        raise SourceFormatError(1, "empty page")
    if not _COUNTER.match(paragraphs[-1][1]):
        raise ends_early(text, "page", "its view counter", "a last line 'Hits: N'")
    return paragraphs


def describe(text: str) -> DocumentInfo:
    paragraphs = _closed(text)
    return DocumentInfo(
        slug="sscp-policies-and-procedures-page", title=f"Southampton Safeguarding Children Partnership: {paragraphs[0][1]}"
    )


def _is_title(line: str) -> bool:
    """A one-line paragraph short enough to be a heading or link title.

    A title with a colon ("National Referral Mechanism: Updated ... and One Minute Guide") is a
    section heading introducing the documents listed under it, not a document itself.
    """
    return len(line.split()) <= _MAX_TITLE_WORDS and not line.endswith((".", ":", ";")) and ": " not in line


def parse(text: str, out: SourceGraph, resolver: Resolver) -> None:
    paragraphs = _closed(text)
    legislation = resolver.gazetteer("legislation")
    manuals = resolver.gazetteer("manual")
    tools = resolver.tools()
    heading = paragraphs[0][1]
    last_document: URIRef | None = None
    for number, line in paragraphs[1:-1]:
        if _is_title(line) and not _REPLACES.match(line):
            heading = line
        section = f"{heading} (line {number})"
        found = False
        for gazetteer, relation in ((legislation, HIPS.cites), (manuals, HIPS.mentionsDocument), (tools, HIPS.namesTool)):
            for iri in gazetteer.find(line):
                out.mention(iri, section)
                out.add(out.iri, relation, iri)
                found = True
        replaced = _REPLACES.match(line)
        if replaced and last_document is not None:
            older = out.entity("document", replaced.group(1), section, types=(HIPS.Guidance,))
            out.add(last_document, HIPS.replaces, older)
            out.add(out.iri, HIPS.mentionsDocument, older)
        elif not found and _is_title(line):
            last_document = _document(line, section, out) or last_document


def _document(title: str, section: str, out: SourceGraph) -> URIRef | None:
    """The toolkit or document a title line names, or None for a plain heading."""
    if title.lower().endswith("toolkit"):
        toolkit = out.entity("toolkit", title, section, scope="professionals")
        out.add(toolkit, HIPS.audience, HIPS.Professionals)
        out.add(out.iri, HIPS.mentionsDocument, toolkit)
        return toolkit
    kind = document_type(title)
    if kind == HIPS.Resource:
        return None
    document = out.entity("procedure" if kind == HIPS.Procedure else "document", title, section, types=(kind,))
    out.add(out.iri, HIPS.mentionsDocument, document)
    return document
