"""JSON-LD in the project's curated context, written so that every statement reads back as written.

rdflib's JSON-LD writer turns typed literals into bare JSON values under a context: ``"abc"^^xsd:integer``
comes back as the string "abc" and ``"1e3"^^xsd:double`` as another lexical form. This writer
compacts only where the context says exactly what a bare value means (a term's ``@type`` or
``@language``) and writes every other value as an explicit value or node object; literals keep
their lexical form as JSON strings. Node objects are flat, one per subject, in IRI order.

The context is embedded in every document, not referenced by URL: a consumer (and hipskg itself,
which never fetches a remote context) reads it offline, and no IRI of the context file has to be
kept resolvable for old documents to keep their meaning.
"""

import json
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from hipskg.terms import blank_label


@dataclass(frozen=True)
class _Term:
    name: str
    coercion: str | None  # "@id", a datatype IRI, or None
    language: str | None


class Compactor:
    """Short names for IRIs and values from a JSON-LD context (a dict, as under ``@context``)."""

    def __init__(self, context: dict) -> None:
        self.prefixes = {
            name: value
            for name, value in context.items()
            if isinstance(value, str) and not value.startswith("@") and value.endswith(("#", "/"))
        }
        self.terms: dict[str, _Term] = {}
        for name, definition in sorted(context.items()):
            if isinstance(definition, dict) and "@id" in definition:
                iri = self.expand(definition["@id"])
                coercion = definition.get("@type")
                term = _Term(name, coercion if coercion in (None, "@id") else self.expand(coercion), definition.get("@language"))
                self.terms.setdefault(iri, term)

    def expand(self, name: str) -> str:
        prefix, _, local = name.partition(":")
        return self.prefixes[prefix] + local if prefix in self.prefixes and not local.startswith("//") else name

    def compact(self, iri: str) -> str:
        """``hips:Group`` for an IRI under a declared prefix (the longest namespace wins), else the IRI."""
        matches = [(len(namespace), prefix) for prefix, namespace in self.prefixes.items() if iri.startswith(namespace)]
        if not matches:
            return iri
        _, prefix = max(matches)
        return f"{prefix}:{iri[len(self.prefixes[prefix]) :]}"

    def key(self, predicate: Node) -> str:
        term = self.terms.get(str(predicate))
        return term.name if term is not None else self.compact(str(predicate))

    def value(self, predicate: Node, node: object) -> object:
        """The JSON for one object: bare where the predicate's term says what it means, explicit otherwise."""
        term = self.terms.get(str(predicate)) or _Term("", None, None)
        if isinstance(node, (URIRef, BNode)):
            reference = node_id(node)
            return reference if term.coercion == "@id" else {"id": reference}
        assert isinstance(node, Literal)
        text = str(node)
        if node.language:
            return (
                text if term.language == node.language and term.coercion is None else {"@value": text, "@language": node.language}
            )
        datatype = str(node.datatype) if node.datatype is not None else None
        if datatype is None and term.coercion is None and term.language is None:
            return text
        if datatype is not None and term.coercion == datatype:
            return text
        return {"@value": text, "@type": self.compact(datatype)} if datatype is not None else {"@value": text}


def node_id(node: object) -> str:
    return f"_:{blank_label(node)}" if isinstance(node, BNode) else str(node)


def document(graph: Graph, context: dict) -> dict:
    """A JSON-LD document of ``graph``: the context, then one flat node object per subject."""
    compactor = Compactor(context)
    nodes: dict[str, dict[str, list]] = {}
    for s, p, o in graph:
        node = nodes.setdefault(node_id(s), {})
        if p == RDF.type and isinstance(o, URIRef):
            node.setdefault("type", []).append(compactor.compact(str(o)))
        else:
            node.setdefault(compactor.key(p), []).append(compactor.value(p, o))
    objects = [
        {"id": subject} | {key: _single_or_sorted(values) for key, values in node.items()}
        for subject, node in sorted(nodes.items())
    ]
    return {"@context": context, "@graph": objects}


def _single_or_sorted(values: list) -> object:
    ordered = sorted(values, key=lambda value: json.dumps(value, sort_keys=True, ensure_ascii=False))
    return ordered[0] if len(ordered) == 1 else ordered


def dumps(graph: Graph, context: dict) -> str:
    return json.dumps(document(graph, context), sort_keys=True, indent=1, ensure_ascii=False) + "\n"
