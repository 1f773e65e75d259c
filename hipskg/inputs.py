"""Guards on every file a command reads: what the parsers would accept but should not.

- Only regular files are read: a FIFO or a device would block the command for ever.
- RDF/XML may declare entities for namespace abbreviations, but not entities that refer to other
  entities, parameter or external entities, or long ones: those let a small file expand without
  limit (a 656-byte file kept a validation busy for minutes).
- JSON-LD contexts must be inline (no context is fetched over the network) and well-formed: rdflib
  reads ``"@vocab": 42`` as if it were valid.
- Every IRI read must be one that the format's grammar allows: rdflib takes ``<http://a b>`` and
  writes it back as it is, into files no other parser reads.
"""

import json
import stat
import xml.parsers.expat
from collections.abc import Iterator
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef

from hipskg.errors import HipskgError
from hipskg.terms import iri_problem

MAX_ENTITY_LENGTH = 256  # characters: enough for a namespace IRI, too little to amplify a file


class InputError(HipskgError):
    """A file that must not be read as it is; the message names it, the place and the fix."""


def regular_file(path: Path) -> Path:
    """``path``, if it is a regular file (following links); a FIFO, device or folder is refused at once."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    if not stat.S_ISREG(mode):
        raise InputError(f"{path}: not a regular file ({_kind(mode)}): give a file")
    return path


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((name for test, name in kinds if test(mode)), "not a file")


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file."""
    try:
        return regular_file(path).read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None


def check_content(path: Path, fmt: str, data: bytes) -> None:
    """Refuse content that the format's parser would expand without limit or fetch from the network."""
    if fmt == "xml":
        _check_entities(path, data)
    elif fmt == "json-ld":
        _check_json_ld(path, data)


class _EndOfDeclarations(Exception):
    """The root element starts: every entity has been declared."""


def _check_entities(path: Path, data: bytes) -> None:
    parser = xml.parsers.expat.ParserCreate()

    def declared(name: str, parameter: bool, value: str | None, *_: object) -> None:
        line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        if parameter or value is None:
            why = "a parameter entity" if parameter else "an external entity"
        elif "&" in value or "%" in value:
            why = "an entity that refers to other entities"
        elif len(value) > MAX_ENTITY_LENGTH:
            why = f"an entity longer than {MAX_ENTITY_LENGTH} characters"
        else:
            return
        raise InputError(
            f"{path}:{line}:{column}: the XML declares {why} ({name!r}), which could expand without limit: "
            "write the text or IRIs out in full"
        )

    def started(*_: object) -> None:
        raise _EndOfDeclarations

    parser.EntityDeclHandler = declared
    parser.StartElementHandler = started
    try:
        parser.Parse(data, True)
    except (_EndOfDeclarations, xml.parsers.expat.ExpatError):
        pass  # a syntax error is reported by the RDF/XML parser, with its position


def _check_json_ld(path: Path, data: bytes) -> None:
    try:
        document = json.loads(data)
    except RecursionError:
        raise InputError(f"{path}: the JSON is nested too deeply to read") from None
    except ValueError as error:
        position = f":{error.lineno}:{error.colno}" if isinstance(error, json.JSONDecodeError) else ""
        raise InputError(f"{path}{position}: not JSON: {getattr(error, 'msg', error)}") from None
    for context in _contexts(document):
        why = _context_problem(context)
        if why is not None:
            raise InputError(f"{path}: JSON-LD @context {why}")


def _contexts(value: object) -> Iterator[object]:
    """Every ``@context`` value in a JSON document, nested and scoped ones included."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            if "@context" in item:
                yield item["@context"]
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


_STRING_OR_NULL = ("@vocab", "@base", "@language")


def _context_problem(context: object) -> str | None:
    """Why a context is not one hipskg reads (remote, or a keyword with a value of the wrong kind), or None."""
    for entry in context if isinstance(context, list) else [context]:
        if isinstance(entry, str):
            return f"refers to a remote context ({entry!r}), which hipskg does not fetch: put the context in the file"
        if entry is None:
            continue
        if not isinstance(entry, dict):
            return f"must be an object, a list of objects or null, not {json.dumps(entry)}"
        for keyword in _STRING_OR_NULL:
            if keyword in entry and not (entry[keyword] is None or isinstance(entry[keyword], str)):
                return f"{keyword} must be a string or null, not {json.dumps(entry[keyword])}"
        if "@import" in entry:
            return "uses @import of a remote context, which hipskg does not fetch: put the context in the file"
        for term, definition in entry.items():
            if not term.startswith("@") and not (definition is None or isinstance(definition, (str, dict))):
                return f"defines {term!r} as {json.dumps(definition)}: a term maps to an IRI string, an object or null"
    return None


def check_terms(path: Path, graph: Graph, data: bytes) -> None:
    """Refuse a graph read from ``path`` that holds an IRI its format's grammar does not allow, naming where it is."""
    seen: set[str] = set()
    for iri in _iris(graph):
        if iri not in seen:
            seen.add(iri)
            why = iri_problem(iri)
            if why is not None:
                raise InputError(f"{path}{_position(data, iri)}: the IRI <{iri}> {why}")


def _iris(graph: Graph) -> Iterator[str]:
    """Every IRI of the graph's statements (graph names and datatypes included), with repeats."""
    statements = graph.quads((None, None, None, None)) if isinstance(graph, Dataset) else graph
    for statement in statements:
        for node in statement:
            node = getattr(node, "identifier", node)  # a quad's graph
            if isinstance(node, URIRef):
                yield str(node)
            elif isinstance(node, Literal) and node.datatype is not None:
                yield str(node.datatype)


def _position(data: bytes, iri: str) -> str:
    """``:line:column`` of the first place ``iri`` (or its last path step) is written in ``data``, or ""."""
    for needle in (iri, iri.rsplit("/", 1)[-1]):
        at = data.find(needle.encode("utf-8"))
        if needle and at >= 0:
            line = data.count(b"\n", 0, at) + 1
            column = len(data[data.rfind(b"\n", 0, at) + 1 : at].decode("utf-8", "replace")) + 1
            return f":{line}:{column}"
    return ""
