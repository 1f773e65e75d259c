"""Shapes graphs: reading the project's shapes, naming a shape, and reading a SHACL property path.

A path node is read one way everywhere (:func:`path_parts`): the readable text of a result's path,
the SPARQL that replaces ``$PATH``, and the copy of a path into a report all come from it.
"""

from collections.abc import Callable
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from hipskg import resources
from hipskg.namespaces import compact
from hipskg.rdfio import read_project_graph

_UNARY = ((SH.inversePath, "inverse"), (SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?"))


def load_shapes(folder: Path | None = None) -> Graph:
    shapes = Graph()
    for path in sorted((folder or resources.folder("shapes")).glob("*.ttl")):
        read_project_graph(path, shapes)
    return shapes


def path_parts(graph: Graph, path: Node) -> tuple[str, list[Node]]:
    """How a SHACL path reads: ("predicate", []), ("sequence", steps), ("alternative", paths), or
    ("inverse" | "*" | "+" | "?", [path]); ("unknown", []) for anything else. A list is a sequence
    even when the node also has another path property (as every engine here reads it)."""
    if isinstance(path, URIRef):
        return "predicate", []
    if graph.value(path, RDF.first) is not None:
        return "sequence", list(Collection(graph, path))
    if (alternatives := graph.value(path, SH.alternativePath)) is not None:
        return "alternative", list(Collection(graph, alternatives))
    for predicate, kind in _UNARY:
        if (inner := graph.value(path, predicate)) is not None:
            return kind, [inner]
    return "unknown", []


def path_text(graph: Graph, path: Node | None) -> str:
    """A SHACL property path in SPARQL notation: hips:p, ^hips:p, (hips:a|hips:b), hips:a/hips:b, hips:p*."""
    return "" if path is None else _written(graph, path, compact)


def sparql_path(graph: Graph, path: Node) -> str:
    """The SPARQL property path of a SHACL path, with full IRIs: what replaces ``$PATH`` in a query."""
    return _written(graph, path, lambda iri: iri.n3())


def _written(graph: Graph, path: Node, iri: Callable[[URIRef], str]) -> str:
    kind, parts = path_parts(graph, path)
    if kind == "predicate":
        return iri(path)  # type: ignore[arg-type]
    if kind == "unknown":
        return "(complex path)"
    if kind == "sequence":
        return "/".join(_operand(graph, part, iri) for part in parts)
    if kind == "alternative":
        return "(" + "|".join(_written(graph, part, iri) for part in parts) + ")"
    operand = _operand(graph, parts[0], iri)
    return "^" + operand if kind == "inverse" else operand + kind


def _operand(graph: Graph, path: Node, iri: Callable[[URIRef], str]) -> str:
    """A path as part of a longer one: in parentheses unless it is a predicate or already in them."""
    text = _written(graph, path, iri)
    return text if path_parts(graph, path)[0] in ("predicate", "alternative", "unknown") else f"({text})"


def copy_path(source: Graph, path: Node, target: Graph) -> Node:
    """``path`` written into ``target`` as it reads (:func:`path_parts`), in new blank nodes; an IRI as itself."""
    kind, parts = path_parts(source, path)
    if kind in ("predicate", "unknown"):
        return path
    copies = [copy_path(source, part, target) for part in parts]
    if kind == "sequence":
        return _list(copies, target)
    node = BNode()
    if kind == "alternative":
        target.add((node, SH.alternativePath, _list(copies, target)))
    else:
        target.add((node, dict((name, predicate) for predicate, name in _UNARY)[kind], copies[0]))
    return node


def _list(items: list[Node], target: Graph) -> Node:
    head = BNode()
    Collection(target, head, items)
    return head


def shape_name(shapes: Graph, shape: Node) -> str:
    """A readable name for a shape: its IRI, or for an anonymous property shape its node shape and path."""
    if isinstance(shape, URIRef):
        return compact(shape)
    parent = shapes.value(None, SH.property, shape)
    owner = compact(parent) if isinstance(parent, URIRef) else "(anonymous shape)"
    return f"{owner} {path_text(shapes, shapes.value(shape, SH.path))}"
