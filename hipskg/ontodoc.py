"""HTML documentation of the ontology: every class, property and datatype with its label, definition,
domain, range and how often the data uses it.

One self-contained page (no scripts, no remote styles), written in a fixed order so the same
ontology and data give the same bytes. Usage counts are asserted statements, and with the inferred
facts when they are given: a class's instances, a property's statements.
"""

from collections import Counter
from collections.abc import Iterable
from html import escape

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from hipskg.namespaces import HIPS, ONTOLOGY, compact

_CHARACTERISTICS = (
    (OWL.TransitiveProperty, "transitive"),
    (OWL.SymmetricProperty, "symmetric"),
    (OWL.FunctionalProperty, "functional"),
)
_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #1b1b1b; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #ccc; margin-top: 2.5rem; }
section.term { border-left: 4px solid #4a7ab0; padding: 0.2rem 0 0.2rem 1rem; margin: 1.5rem 0; }
section.term h3 { margin: 0; } code { font-size: 0.9em; color: #444; }
table { border-collapse: collapse; } th { text-align: left; padding-right: 1rem; vertical-align: top; font-weight: 600; }
td { padding: 0.1rem 0; } .counts { color: #2d5f2d; } nav ul { columns: 3; }
"""


def _text(graph: Graph, node: Node, *predicates: URIRef) -> str:
    """The English (or untagged) value of the first predicate that has one."""
    for predicate in predicates:
        values = sorted(o for o in graph.objects(node, predicate) if isinstance(o, Literal) and o.language in (None, "en"))
        if values:
            return str(values[0])
    return ""


def _anchor(term: object) -> str:
    """The fragment of a term's entry: its IRI's own fragment for the ontology's terms (``def#Theme`` is at
    ``#Theme``, so the term's IRI opens its entry), a prefixed name with ``-`` for other vocabularies' terms."""
    if isinstance(term, URIRef) and str(term).startswith(str(HIPS)):
        return str(term)[len(str(HIPS)) :]
    return compact(term).replace(":", "-")


def _ours(term: object) -> bool:
    return isinstance(term, URIRef) and term.startswith(str(HIPS))


def _link(term: object) -> str:
    """A term as a link: to its entry on this page when it is ours, to its IRI otherwise."""
    shown = escape(compact(term))
    if _ours(term):
        return f'<a href="#{_anchor(term)}"><code>{shown}</code></a>'
    return f'<a href="{escape(str(term))}"><code>{shown}</code></a>'


def _links(terms: Iterable[object]) -> str:
    return ", ".join(_link(t) for t in sorted(terms, key=str)) or "—"


class Usage:
    """How often the data uses each class and property, asserted and with the inferred facts."""

    def __init__(self, asserted: Graph, inferred: Graph | None) -> None:
        self.asserted = self._count(asserted)
        self.inferred = self._count(inferred) if inferred is not None else None

    @staticmethod
    def _count(graph: Graph) -> Counter:
        counts: Counter = Counter()
        for _, p, o in graph:
            counts[p] += 1
            if p == RDF.type:
                counts[("class", o)] += 1
            elif isinstance(o, Literal) and o.datatype is not None:
                counts[("datatype", o.datatype)] += 1
        return counts

    def text(self, key: object) -> str:
        asserted = self.asserted[key]
        if self.inferred is None:
            return f"{asserted:,} asserted"
        return f"{asserted:,} asserted, {asserted + self.inferred[key]:,} with inferred"


def _row(name: str, value: str) -> str:
    return f"<tr><th>{name}</th><td>{value}</td></tr>"


def _entry(ontology: Graph, term: URIRef, kind: str, rows: list[str]) -> str:
    label = _text(ontology, term, RDFS.label, SKOS.prefLabel) or compact(term)
    definition = _text(ontology, term, SKOS.definition, RDFS.comment)
    return (
        f'<section class="term" id="{_anchor(term)}">\n<h3>{escape(label)}</h3>\n'
        f"<p><code>{escape(str(term))}</code> · {kind}</p>\n"
        + (f"<p>{escape(definition)}</p>\n" if definition else "")
        + "<table>\n"
        + "\n".join(rows)
        + "\n</table>\n</section>\n"
    )


def _class_entry(ontology: Graph, cls: URIRef, usage: Usage) -> str:
    rows = [
        _row("subclass of", _links(ontology.objects(cls, RDFS.subClassOf))),
        _row("subclasses", _links(ontology.subjects(RDFS.subClassOf, cls))),
        _row(
            "disjoint with", _links(set(ontology.objects(cls, OWL.disjointWith)) | set(ontology.subjects(OWL.disjointWith, cls)))
        ),
        _row("properties (domain)", _links(ontology.subjects(RDFS.domain, cls))),
        _row("used as range of", _links(ontology.subjects(RDFS.range, cls))),
        _row("instances", f'<span class="counts">{usage.text(("class", cls))}</span>'),
    ]
    return _entry(ontology, cls, "class", rows)


def _property_entry(ontology: Graph, prop: URIRef, usage: Usage) -> str:
    kind = "object property" if (prop, RDF.type, OWL.ObjectProperty) in ontology else "datatype property"
    traits = [name for cls, name in _CHARACTERISTICS if (prop, RDF.type, cls) in ontology]
    rows = [
        _row("domain", _links(ontology.objects(prop, RDFS.domain))),
        _row("range", _links(ontology.objects(prop, RDFS.range))),
        _row("sub-property of", _links(ontology.objects(prop, RDFS.subPropertyOf))),
        _row("inverse of", _links(set(ontology.objects(prop, OWL.inverseOf)) | set(ontology.subjects(OWL.inverseOf, prop)))),
        _row("statements", f'<span class="counts">{usage.text(prop)}</span>'),
    ]
    return _entry(ontology, prop, ", ".join([kind, *traits]), rows)


def _datatype_entry(ontology: Graph, datatype: URIRef, usage: Usage) -> str:
    rows = [
        _row("see also", _links(ontology.objects(datatype, RDFS.seeAlso))),
        _row("values", f'<span class="counts">{usage.text(("datatype", datatype))}</span>'),
    ]
    return _entry(ontology, datatype, "datatype", rows)


def _concept_entry(ontology: Graph, scheme: URIRef, usage: Usage) -> str:
    concepts = sorted(ontology.subjects(SKOS.inScheme, scheme), key=str)
    rows = [_row(escape(_text(ontology, c, SKOS.prefLabel, RDFS.label)), f"<code>{escape(compact(c))}</code>") for c in concepts]
    return _entry(ontology, scheme, "controlled list (skos:ConceptScheme)", rows)


def _terms(ontology: Graph, cls: URIRef) -> list[URIRef]:
    """The ontology's own terms of one kind, by label."""
    terms = [t for t in ontology.subjects(RDF.type, cls) if isinstance(t, URIRef) and _ours(t)]
    return sorted(set(terms), key=lambda t: (_text(ontology, t, RDFS.label, SKOS.prefLabel).lower(), str(t)))


def render(ontology: Graph, asserted: Graph, inferred: Graph | None = None) -> str:
    """The documentation page of ``ontology``, with usage counts from the data."""
    usage = Usage(asserted, inferred)
    sections = [
        ("Classes", _terms(ontology, OWL.Class), _class_entry),
        ("Object properties", _terms(ontology, OWL.ObjectProperty), _property_entry),
        ("Datatype properties", _terms(ontology, OWL.DatatypeProperty), _property_entry),
        ("Datatypes", _terms(ontology, RDFS.Datatype), _datatype_entry),
        ("Controlled lists", _terms(ontology, SKOS.ConceptScheme), _concept_entry),
    ]
    title = _text(ontology, ONTOLOGY, DCTERMS.title) or "Ontology"
    version = _text(ontology, ONTOLOGY, OWL.versionInfo)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        f'<head>\n<meta charset="utf-8">\n<title>{escape(title)} {escape(version)}</title>\n<style>{_STYLE}</style>\n</head>',
        "<body>",
        f"<h1>{escape(title)}</h1>",
        f"<p><code>{escape(str(ONTOLOGY))}</code> · version {escape(version)} · licence {_links(ontology.objects(ONTOLOGY, DCTERMS.license))}</p>",
        f"<p>{escape(_text(ontology, ONTOLOGY, DCTERMS.description))}</p>",
        "<p>"
        + ", ".join(
            f'<a href="#{heading.lower().replace(" ", "-")}">{heading}</a> ({len(terms)})' for heading, terms, _ in sections
        )
        + "</p>",
    ]
    for heading, terms, entry in sections:
        parts.append(f'<h2 id="{heading.lower().replace(" ", "-")}">{heading}</h2>')
        parts.append(
            "<nav><ul>"
            + "".join(
                f'<li><a href="#{_anchor(t)}">{escape(_text(ontology, t, RDFS.label, SKOS.prefLabel) or compact(t))}</a></li>'
                for t in terms
            )
            + "</ul></nav>"
        )
        parts.extend(entry(ontology, term, usage) for term in terms)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
