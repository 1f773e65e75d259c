"""What an RDF term may hold, checked where terms enter (files read) and leave (files written).

rdflib accepts an IRI with a space or a brace and writes it back as it is, so a file that its own
reader took in becomes a file that other parsers refuse. Every term read from a data file and every
term written by an export is checked here; a term that cannot be written is an error naming it.
"""

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef

from hipskg.errors import HipskgError

# IRIREF in Turtle, N-Triples and SPARQL: no controls, space or any of <>"{}|^`\ (RFC 3987 allows none of them)
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# BLANK_NODE_LABEL in N-Triples and Turtle, restricted to ASCII: what every parser reads back
_BLANK_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
# characters XML 1.0 cannot hold at all, not even as character references
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # half of a UTF-16 pair, alone: no UTF-8 file can hold it


class UnwritableTerm(HipskgError):
    """A term that no file in the asked-for format could hold; nothing was written."""


def character_name(char: str, unnamed: str = "control character") -> str:
    """``U+0020 SPACE``: a character as a message names it (``unnamed`` for one without a Unicode name)."""
    return f"U+{ord(char):04X} {unicodedata.name(char, unnamed)}".rstrip()


def iri_problem(iri: str) -> str | None:
    """Why ``iri`` is not a valid absolute IRI, or None."""
    bad = _NOT_IN_IRI.search(iri) or _SURROGATE.search(iri)
    if bad is not None:
        return f"contains {character_name(bad.group())}, which no IRI may hold (write it %-encoded, e.g. %20 for a space)"
    if not _SCHEME.match(iri):
        return "is not absolute: it needs a scheme such as https:"
    return None


def problem(node: object) -> str | None:
    """Why ``node`` cannot be written in any RDF syntax, or None."""
    if isinstance(node, URIRef):
        return iri_problem(str(node))
    if isinstance(node, Literal):
        why = None if node.datatype is None else iri_problem(str(node.datatype))
        return text_problem(str(node)) or (None if why is None else f"has a datatype IRI that {why}")
    return None


def text_problem(text: str) -> str | None:
    """Why a literal's text cannot be written to a UTF-8 file, or None."""
    lone = _SURROGATE.search(text)
    return (
        None if lone is None else f"contains {character_name(lone.group())}, half of a UTF-16 pair, which no UTF-8 file can hold"
    )


def check(nodes: Iterable[object]) -> None:
    """Raise UnwritableTerm for the first node that cannot be written."""
    for node in nodes:
        why = problem(node)
        if why is not None:
            raise unwritable(node, why)


def unwritable(node: object, why: str) -> UnwritableTerm:
    """The error for a term that cannot be written, ``why`` saying what it holds."""
    return UnwritableTerm(f"cannot write {shown(node)}: it {why}; nothing was written")


def xml_problem(text: str) -> str | None:
    """Why ``text`` cannot appear in an XML 1.0 document, or None."""
    bad = _NOT_IN_XML.search(text)
    return None if bad is None else f"contains {character_name(bad.group())}, which XML 1.0 cannot hold"


def blank_label(node: BNode) -> str:
    """The label to write for a blank node: its own where every parser reads it back (an XML name
    too: it starts with a letter), else one derived from it."""
    label = str(node)
    if _BLANK_LABEL.fullmatch(label) and label[0].isalpha():
        return label
    return "b" + hashlib.sha256(label.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def shown(node: object) -> str:
    """A term as a message quotes it: short enough for one line."""
    text = str(node)
    text = text if len(text) <= 120 else text[:117] + "..."
    if isinstance(node, URIRef):
        return f"<{text}>"
    if isinstance(node, Literal):
        return repr(text)
    return f"_:{text}" if isinstance(node, BNode) else text
