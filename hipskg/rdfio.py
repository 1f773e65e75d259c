"""Reading and writing graph files: deterministic Turtle, atomic replacement.

The Turtle writer sorts subjects, predicates and objects and declares only the prefixes it uses,
so the same graph always gives the same bytes and two editions diff line by line.
"""

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from hipskg.namespaces import PREFIXES

_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_BARE_DATATYPES = {XSD.integer, XSD.boolean}
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


class GraphFileError(Exception):
    """A graph file could not be read; the message names the file and the parser's position."""


def read_graph(path: Path, graph: Graph | None = None) -> Graph:
    """Parse a Turtle file into ``graph`` (a new one by default)."""
    graph = Graph() if graph is None else graph
    try:
        graph.parse(path, format="turtle")
    except Exception as error:  # rdflib raises several unrelated types for bad syntax
        raise GraphFileError(f"{path}: {error}".replace("\n", " ")) from error
    return graph


def write_atomically(path: Path, content: str) -> None:
    """Replace ``path`` with ``content`` so a reader never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _TermWriter:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def term(self, node: object) -> str:
        if isinstance(node, URIRef):
            return self._iri(node)
        if isinstance(node, Literal):
            return self._literal(node)
        if isinstance(node, BNode):
            return f"_:{node}"
        raise TypeError(f"cannot write {node!r} as Turtle")

    def _iri(self, iri: URIRef) -> str:
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace):
                local = iri[len(namespace):]
                if _LOCAL_NAME.match(local):
                    self.used.add(prefix)
                    return f"{prefix}:{local}"
        return f"<{iri}>"

    def _literal(self, literal: Literal) -> str:
        text = f'"{str(literal).translate(_ESCAPES)}"'
        if literal.language:
            return f"{text}@{literal.language}"
        if literal.datatype in _BARE_DATATYPES and literal.eq(Literal(str(literal), datatype=literal.datatype)):
            return str(literal)
        if literal.datatype is not None and literal.datatype != XSD.string:
            return f"{text}^^{self._iri(literal.datatype)}"
        return text


def _sort_key(node: object) -> tuple[int, str]:
    return (0 if isinstance(node, URIRef) else 1 if isinstance(node, BNode) else 2, str(node))


def _predicate_key(predicate: object) -> tuple[int, str]:
    return (0 if predicate == RDF.type else 1, str(predicate))


def turtle(triples: Iterable[tuple]) -> str:
    """Deterministic Turtle for a set of triples."""
    by_subject: dict = {}
    for s, p, o in triples:
        by_subject.setdefault(s, {}).setdefault(p, set()).add(o)
    writer = _TermWriter()
    blocks = []
    for subject in sorted(by_subject, key=_sort_key):
        predicates = by_subject[subject]
        lines = []
        for predicate in sorted(predicates, key=_predicate_key):
            objects = ", ".join(writer.term(o) for o in sorted(predicates[predicate], key=_sort_key))
            verb = "a" if predicate == RDF.type else writer.term(predicate)
            lines.append(f"    {verb} {objects}")
        blocks.append(writer.term(subject) + "\n" + " ;\n".join(lines) + " .\n")
    header = "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in sorted(writer.used))
    return header + ("\n" if header else "") + "\n".join(blocks)
