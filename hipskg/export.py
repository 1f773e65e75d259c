"""The export step: the graph as files that load anywhere and diff cleanly between releases.

Every format is written deterministically: statements sorted, prefixes only where used, the same
graph giving the same bytes whatever the hash seed. Asserted and inferred facts stay apart: the
inferred ones are the named graph hipsg:inferred, exported only when asked for.
"""

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from hipskg import jsonld, resources
from hipskg.errors import HipskgError
from hipskg.formats import EXPORT_FORMATS, rdf_format
from hipskg.namespaces import GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES, compact
from hipskg.rdfio import graph_name, merged, ntriples_lines, ntriples_term, turtle
from hipskg.terms import UnwritableTerm, blank_label, check, shown, xml_problem

if TYPE_CHECKING:
    from hipskg.store import Store

FORMATS = EXPORT_FORMATS
MEDIA_TYPES = {name: rdf_format(name).media_type for name in EXPORT_FORMATS}


class ExportError(HipskgError):
    """The export cannot be made as asked; the message says why."""


def selected_names(
    names: Iterable[URIRef], *, graph: URIRef | None = None, inferred: bool = False, asserted: bool = True
) -> list[URIRef]:
    """The named graphs to export, in IRI order: asserted data (not the ontology), inferred facts if asked, or one graph."""
    names = sorted((name for name in names if name != ONTOLOGY_GRAPH), key=str)
    if graph is not None:
        if graph not in names:
            raise ExportError(f"no named graph {graph} in the build: choose one of {', '.join(map(str, names))}")
        return [graph]
    return [name for name in names if (name == INFERRED_GRAPH and inferred) or (name != INFERRED_GRAPH and asserted)]


def selected_graphs(
    dataset: Dataset, *, graph: URIRef | None = None, inferred: bool = False, asserted: bool = True
) -> list[Graph]:
    """The named graphs :func:`selected_names` chooses, from an rdflib dataset."""
    held = {graph_name(g): g for g in dataset.graphs() if len(g)}
    return [held[name] for name in selected_names(held, graph=graph, inferred=inferred, asserted=asserted)]


def graph_named(name: str) -> URIRef:
    """A named graph given as an IRI, hipsg:name or just its name."""
    if name.startswith(("http://", "https://")):
        return URIRef(name)
    return GRAPH[name.removeprefix("hipsg:")]


def from_store(
    store: "Store", fmt: str, *, graph: URIRef | None = None, inferred: bool = False, classes: Sequence[str] = ()
) -> bytes:
    """The store's asserted named graphs (with the inferred facts, or only ``graph``) in ``fmt``.

    N-Triples, N-Quads, Turtle and TriG come from the store's own writing of each named graph (no rdflib graph of
    a store of millions); JSON-LD and RDF/XML, and a cut to ``classes``, read the named graphs into rdflib.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    names = selected_names(store.graph_names(), graph=graph, inferred=inferred)
    if not classes and fmt in ("nt", "nq"):
        return from_ntriples({name: store.ntriples(name) for name in names}, fmt)
    if not classes and fmt == "ttl":
        return store.turtle(names).encode("utf-8")
    if not classes and fmt == "trig":
        return trig({name: store.turtle([name]) for name in names}).encode("utf-8")
    held = store.dataset()
    graphs = [held.graph(name) for name in names]
    if classes:
        ontology = held.graph(ONTOLOGY_GRAPH)
        graphs = class_subset(graphs, classes_named(classes, ontology), ontology)
    return serialize(graphs, fmt).encode("utf-8")


def from_ntriples(dumps: dict[URIRef, bytes], fmt: str) -> bytes:
    """N-Triples or N-Quads in the export's order from N-Triples per named graph, as a store dumps it.

    Bytes all the way, no rdflib terms: for a store of millions of triples. (UTF-8 bytes sort in
    the order of their characters, so the lines come out as an export from memory orders them.)
    The store writes each term in its own canonical form (Oxigraph writes "...+00:00" dateTimes as
    "...Z"), so the bytes can differ from an export of the same data in memory in such literals,
    never in their values.
    """
    if fmt == "nt":
        lines = {line for text in dumps.values() for line in text.splitlines()}
        lines.discard(b"")
        return b"".join(line + b"\n" for line in sorted(lines))
    if fmt == "nq":
        quads = []
        for name in sorted(dumps, key=str):
            graph = f"<{name}> .\n".encode()  # written once per graph, not once per line
            quads += [line[:-1] + graph for line in sorted(set(dumps[name].splitlines())) if line]
        return b"".join(quads)
    raise ExportError(f"a store dump gives nt or nq, not {fmt}")


def classes_named(names: Iterable[str], ontology: Graph) -> list[URIRef]:
    """Ontology classes given as IRI, prefixed name (hips:Procedure) or local name (Procedure)."""
    known = sorted({c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}, key=str)
    by_name = {compact(c): c for c in known} | {compact(c).removeprefix("hips:"): c for c in known} | {str(c): c for c in known}
    chosen = []
    for name in names:
        if name not in by_name:
            close = difflib.get_close_matches(name.removeprefix("hips:"), [compact(c).removeprefix("hips:") for c in known], n=3)
            hint = f"did you mean {', '.join('hips:' + c for c in close)}?" if close else "see the classes in docs/model.md"
            raise ExportError(f"--class {name}: not a class of the ontology; {hint}")
        chosen.append(by_name[name])
    return chosen


def class_subset(graphs: list[Graph], classes: list[URIRef], ontology: Graph) -> list[Graph]:
    """Each named graph cut down to the instances of ``classes`` (subclasses included) and everything they link to.

    Kept: every statement about an instance, and every statement about a node an instance links to
    (its labels, types and its own links), so the subset reads on its own.
    """
    wanted = {sub for c in classes for sub in ontology.transitive_subjects(RDFS.subClassOf, c)}
    union = merged(graphs)
    instances = {s for c in wanted for s in union.subjects(RDF.type, c)}
    linked = {o for s in instances for o in union.objects(s) if isinstance(o, (URIRef, BNode))}
    keep = instances | linked
    subsets = []
    for graph in graphs:
        subset = Graph(identifier=graph.identifier)
        for triple in graph:
            if triple[0] in keep:
                subset.add(triple)
        if len(subset):
            subsets.append(subset)
    return subsets


def trig(turtles: dict[URIRef, str]) -> str:
    """TriG from the Turtle of each named graph: their prefixes declared once, each graph's statements in its block."""
    prefixes: set[str] = set()
    blocks = []
    for name, text in turtles.items():
        lines = text.split("\n")
        prefixes.update(line for line in lines if line.startswith("@prefix"))
        statements = "\n".join(line for line in lines if not line.startswith("@prefix")).strip("\n")
        indented = "".join(f"    {line}\n" if line else "\n" for line in statements.split("\n"))
        blocks.append(f"{ntriples_term(name)} {{\n{indented}}}\n")
    return "".join(line + "\n" for line in sorted(prefixes)) + "\n" + "\n".join(blocks)


def serialize(graphs: list[Graph], fmt: str) -> str:
    """The graphs in ``fmt``: triple formats merge them, quad formats keep each named graph."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "nq":
        return "".join(line + "\n" for g in graphs for line in sorted(ntriples_lines(g, g.identifier)))
    if fmt == "trig":
        return trig({graph_name(g): turtle(g) for g in graphs})
    union = merged(graphs)
    if fmt == "ttl":
        return turtle(union)
    if fmt == "nt":
        return "".join(line + "\n" for line in sorted(ntriples_lines(union)))
    check(node for triple in union for node in triple)  # the XML writer checks its terms itself; rdflib's JSON-LD writer does not
    canonical = to_canonical_graph(union)
    if fmt == "jsonld":
        context = json.loads(resources.context_file().read_text(encoding="utf-8"))["@context"]
        return jsonld.dumps(canonical, context)
    return _sorted_xml(canonical)


def _split(predicate: Node) -> tuple[str, str]:
    """(namespace, local name) of a predicate, split after its last '#' or '/'."""
    text = str(predicate)
    cut = max(text.rfind("#"), text.rfind("/")) + 1
    if cut == 0 or not re.match(r"[A-Za-z_][\w.-]*$", text[cut:]):
        raise ExportError(f"cannot write {predicate} as an RDF/XML element name")
    return text[:cut], text[cut:]


def _sorted_xml(graph: Graph) -> str:
    """RDF/XML written in sorted order: subjects, then predicates and objects (rdflib's order follows the hash seed)."""
    names = {prefix: namespace for prefix, namespace in PREFIXES.items()}
    by_namespace = {namespace: prefix for prefix, namespace in names.items()}
    triples = sorted(graph, key=lambda t: (ntriples_term(t[0]), ntriples_term(t[1]), ntriples_term(t[2])))
    for namespace in sorted({_split(p)[0] for _, p, _ in triples} - set(by_namespace)):
        by_namespace[namespace] = f"ns{len(by_namespace)}"
    used = sorted({_split(p)[0] for _, p, _ in triples} | {str(RDF)})
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    lines += [f'   xmlns:{by_namespace[ns]}="{_xml_text(ns)}"' for ns in sorted(used, key=lambda ns: by_namespace[ns])]
    lines[-1] += ">"
    subject = None
    for s, p, o in triples:
        if s != subject:
            if subject is not None:
                lines.append("  </rdf:Description>")
            about = f'rdf:nodeID="{blank_label(s)}"' if isinstance(s, BNode) else f'rdf:about="{_xml_text(s)}"'
            lines.append(f"  <rdf:Description {about}>")
            subject = s
        namespace, local = _split(p)
        element = f"{by_namespace[namespace]}:{local}"
        if isinstance(o, Literal):
            attribute = (
                f' xml:lang="{o.language}"' if o.language else (f' rdf:datatype="{_xml_text(o.datatype)}"' if o.datatype else "")
            )
            lines.append(f"    <{element}{attribute}>{_xml_text(o)}</{element}>")
        elif isinstance(o, BNode):
            lines.append(f'    <{element} rdf:nodeID="{blank_label(o)}"/>')
        else:
            lines.append(f'    <{element} rdf:resource="{_xml_text(o)}"/>')
    if subject is not None:
        lines.append("  </rdf:Description>")
    lines.append("</rdf:RDF>")
    return "\n".join(lines) + "\n"


_XML_ESCAPES = {'"': "&quot;", "\r": "&#13;"}  # a raw CR would be read back as a line feed


def _xml_text(node: object) -> str:
    """A term's text escaped for XML element content and attribute values; a character XML cannot hold is an error."""
    text = str(node)
    why = xml_problem(text)
    if why is not None:
        raise UnwritableTerm(f"cannot write {shown(node)} as RDF/XML: it {why}; choose another format (ttl, nt, jsonld)")
    return escape(text, _XML_ESCAPES)
