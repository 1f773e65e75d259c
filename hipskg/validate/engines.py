"""SHACL engines behind one small interface.

Every engine takes the data, shapes and ontology graphs and returns a standard
``sh:ValidationReport`` graph; hipskg reads results from that graph, so engines are
interchangeable. pySHACL is the reference; faster engines are used when installed and known to
agree with it (tests/test_validation_engines.py checks they do, benchmarks/validation.py
measures them). Install the fast engines with ``pip install 'hipskg[fast]'``.

What every engine here does the same way, so that their reports agree:

- The ontology is mixed into (a copy of) the data the way pySHACL does it ("inoculation": the
  RDFS/OWL axioms and the named individuals, not every ontology triple), so ``sh:class`` and
  ``sh:targetClass`` see the class hierarchy and ontology terms do not become focus nodes.
- ``"x"^^xsd:string`` and the plain literal ``"x"`` are one RDF 1.1 term. rdflib keeps them
  apart, so the rdflib-based engines (pySHACL, pyshacl-turbo) report a false ``sh:in`` or
  ``sh:hasValue`` violation when the data spells a string one way and the shapes the other; they
  are given copies with every ``xsd:string`` literal written plain. The oxigraph-based engine
  (shacl-rust) already treats them as one term.
- A failing engine raises :class:`EngineError`; it never hands back an empty (conforming) report.
"""

import importlib
import re
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from hipskg.errors import HipskgError
from hipskg.query import binds_like_substitution, prebound, with_value_rows
from hipskg.rdfio import NTriples, plain_strings, to_rdflib


class EngineError(HipskgError):
    """A SHACL engine failed to validate; there is no report rather than a wrong one."""


class Engine(Protocol):
    name: str
    package: str
    reads_ntriples: bool  # takes NTriples as it is; the others get a graph

    def available(self) -> bool:
        """True when the engine's package is installed."""

    def report(self, data: Graph | NTriples, shapes: Graph, ontology: Graph, *, inference: bool) -> Graph:
        """The sh:ValidationReport for ``data`` (never modified) against ``shapes``."""


def _importable(module: str) -> bool:
    """True when ``module`` imports (a wheel for another platform or Python is found but fails here)."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def _pyshacl_api(validate: Any, data: Graph, shapes: Graph, ontology: Graph, inference: bool) -> Any:
    """A call of pySHACL's ``validate`` signature (pySHACL itself, pyshacl-turbo) as hipskg uses it."""
    return validate(
        plain_strings(data),
        shacl_graph=plain_strings(shapes),
        ont_graph=plain_strings(ontology),
        inference="rdfs" if inference else "none",
        allow_warnings=True,
        allow_infos=True,
        inplace=False,
    )


def _check_report(engine: str, conforms: Any, report: Any) -> Graph:
    """The report graph, or a clear error when the engine handed back something else."""
    if not isinstance(report, Graph):
        raise EngineError(f"SHACL engine {engine} failed: {report}")
    results = sum(1 for _ in report.objects(None, SH.result))
    if conforms is False and results == 0:
        raise EngineError(f"SHACL engine {engine} said the data does not conform but gave no result")
    return report


class PyShacl:
    """pySHACL, the reference engine: complete SHACL Core and SHACL-SPARQL."""

    name = "pyshacl"
    package = "pyshacl"
    reads_ntriples = False

    def available(self) -> bool:
        return True

    def report(self, data: Graph, shapes: Graph, ontology: Graph, *, inference: bool) -> Graph:
        conforms, report, _ = _pyshacl_api(pyshacl_validate, data, shapes, ontology, inference)
        return _check_report(self.name, conforms, report)


class PyShaclTurbo:
    """pyshacl-turbo: pySHACL's API and report graph, executed in Rust (Core, SHACL-SPARQL, RDFS).

    Its own results equal pySHACL's; only the default messages of shapes without ``sh:message``
    are worded differently.
    """

    name = "pyshacl-turbo"
    package = "pyshacl-turbo"
    reads_ntriples = False

    def available(self) -> bool:
        return _importable("pyshacl_turbo")

    def report(self, data: Graph, shapes: Graph, ontology: Graph, *, inference: bool) -> Graph:
        import pyshacl_turbo

        try:
            conforms, report, _ = _pyshacl_api(pyshacl_turbo.validate, data, shapes, ontology, inference)
        except Exception as error:  # the engine's own errors have no common base class
            raise EngineError(f"SHACL engine {self.name} failed: {error}") from error
        # on a failure inside the native engine, validate() returns (False, failure, text)
        return _check_report(self.name, conforms, report)


class ShaclRust:
    """shacl-rust: SHACL Core and SHACL-SPARQL on oxigraph, over N-Triples text.

    It takes no ontology and does no inference, so the ontology is inoculated into the data
    the way pySHACL does it, and for ``inference=True`` pySHACL's own RDFS closure (owlrl) is
    run in Python first. Its JSON results are turned into a standard report graph here.
    """

    name = "shacl-rust"
    package = "shacl-rust"
    reads_ntriples = True

    def available(self) -> bool:
        return _importable("shacl_rust")

    def report(self, data: Graph | NTriples, shapes: Graph, ontology: Graph, *, inference: bool) -> Graph:
        import shacl_rust

        axioms = _inoculated(ontology)
        try:
            if inference:
                closure = Graph()
                closure += data.graph() if isinstance(data, NTriples) else data
                closure += axioms
                _rdfs_closure(closure)
                # RDFS rules also derive generalised triples (a literal as subject) that N-Triples
                # cannot carry; they are dropped, as pyshacl-turbo does
                for triple in [t for t in closure if isinstance(t[0], Literal)]:
                    closure.remove(triple)
                data_text = closure.serialize(format="nt")
            else:
                data_text = (data if isinstance(data, NTriples) else data.serialize(format="nt")) + axioms.serialize(format="nt")
            if _importable("pyoxigraph"):
                # shacl-rust's own SHACL-SPARQL evaluation grows with the square of the data
                # (the duplicate-label check: 3 s at 100k triples, 28 s at 300k, 340 s at 1M);
                # Oxigraph with $this substituted is linear, so it runs the SPARQL constraints
                raw = shacl_rust.validate(data_text, _without_sparql(shapes).serialize(format="nt"), data_format="nt", shapes_format="nt")
                return _report_from_json(raw, shapes, sparql_results(data_text, shapes))
            raw = shacl_rust.validate(data_text, shapes.serialize(format="nt"), data_format="nt", shapes_format="nt")
            return _report_from_json(raw, shapes)
        except Exception as error:  # rdflib cannot write a term, the engine's ValueError, or a SPARQL error
            raise EngineError(f"SHACL engine {self.name} failed: {error}") from error


def _without_sparql(shapes: Graph) -> Graph:
    """The shapes without their SHACL-SPARQL constraints."""
    core = Graph()
    for triple in shapes:
        if triple[1] != SH.sparql:
            core.add(triple)
    return core


_SKOLEM = "urn:hipskg:blank:"
_BLANK_SUBJECT = re.compile(r"^_:([^\s\"<>]+)", re.MULTILINE)
_BLANK_OBJECT = re.compile(r" _:([^\s\"<>]+) \.$", re.MULTILINE)


def _skolemized(text: str) -> str:
    """N-Triples with every blank node written as an IRI, so a store keeps the data's own labels.
    (A line starts with its subject and ends with its object: a literal cannot look like either.)"""
    if "_:" not in text:
        return text
    text = _BLANK_SUBJECT.sub(lambda match: f"<{_SKOLEM}{match.group(1)}>", text)
    return _BLANK_OBJECT.sub(lambda match: f" <{_SKOLEM}{match.group(1)}> .", text)


def _from_store(term: Any) -> Node:
    node = to_rdflib(term)
    return BNode(node[len(_SKOLEM):]) if isinstance(node, URIRef) and node.startswith(_SKOLEM) else node


def _stored_node(node: Node) -> Node:
    """The node as the store holds it: a blank node as its skolem IRI."""
    return URIRef(_SKOLEM + str(node)) if isinstance(node, BNode) else node


def _declared_prefixes(shapes: Graph, constraint: Node) -> str:
    """PREFIX lines for the sh:declare of the constraint's sh:prefixes."""
    lines = []
    for owner in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(owner, SH.declare):
            lines.append(f"PREFIX {shapes.value(declaration, SH.prefix)}: <{shapes.value(declaration, SH.namespace)}>")
    return "\n".join(sorted(set(lines))) + "\n"


def _focus_nodes(store: Any, shapes: Graph, shape: Node) -> list[Node]:
    """The shape's focus nodes in the data: sh:targetNode, sh:targetClass, sh:targetSubjectsOf, sh:targetObjectsOf."""
    found: set[Node] = set(shapes.objects(shape, SH.targetNode))
    patterns = {SH.targetClass: "?focus rdf:type/rdfs:subClassOf* $target", SH.targetSubjectsOf: "?focus $target ?any",
                SH.targetObjectsOf: "?any $target ?focus"}
    for kind, pattern in patterns.items():
        for target in shapes.objects(shape, kind):
            query = f"PREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\nSELECT DISTINCT ?focus WHERE {{ {pattern} }}"
            for row in store.query(prebound(query, "target", _stored_node(target))):
                found.add(_from_store(row["focus"]))
    return sorted(found, key=str)


def _filled(template: str, solution: Any, names: list[str], focus: Node) -> str:
    """A message template with {?var} and {$var} replaced by the string values of the solution, and
    {$this} by the focus node (as pySHACL writes them)."""
    values = {name: None if solution[name] is None else _from_store(solution[name]) for name in names}
    values.setdefault("this", focus)
    for name, value in values.items():
        text = "" if value is None else f"_:{value}" if isinstance(value, BNode) else str(value)
        template = re.sub(r"\{[?$]" + name + r"\}", lambda _, t=text: t, template)
    return template


def sparql_results(data_text: str, shapes: Graph) -> list[list[tuple[URIRef, Node]]]:
    """Every SHACL-SPARQL constraint evaluated on Oxigraph for each focus node as $this (see
    :func:`_answers`); each result as the (predicate, object) pairs of its report node, as pySHACL gives them."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(_skolemized(data_text).encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    results = []
    for shape in sorted(set(shapes.subjects(SH.sparql, None)), key=str):
        if shapes.value(shape, SH.deactivated) == Literal(True):
            continue
        severity = shapes.value(shape, SH.severity) or SH.Violation
        focus_nodes = _focus_nodes(store, shapes, shape)
        for constraint in sorted(shapes.objects(shape, SH.sparql), key=str):
            query = _declared_prefixes(shapes, constraint) + str(shapes.value(constraint, SH.select))
            templates = [str(m) for m in shapes.objects(constraint, SH.message)]
            for focus, names, solutions in _answers(store, query, focus_nodes):
                for solution in solutions:
                    results.append(_sparql_result(shapes, shape, constraint, severity, focus, solution, names, templates))
    return results


def _answers(store: Any, query: str, focus_nodes: list[Node]) -> Iterator[tuple[Node, list[str], Iterable[Any]]]:
    """Each focus node with the names of the query's variables and its solutions for the node as $this.
    One query for all of them, by a VALUES block, where that means the same as substituting each
    (at 1M triples: 3 queries, not 10,000); otherwise one query per focus node with the node written in."""
    if not binds_like_substitution(query, "this"):
        for focus in focus_nodes:
            answer = store.query(prebound(query, "this", _stored_node(focus)))
            yield focus, [variable.value for variable in answer.variables], answer
        return
    if not focus_nodes:
        return
    answer = store.query(with_value_rows(query, ["this"], [[_stored_node(focus)] for focus in focus_nodes]))
    names = [variable.value for variable in answer.variables]
    by_focus: dict[Node, list[Any]] = {}
    for solution in answer:
        by_focus.setdefault(_from_store(solution["this"]), []).append(solution)
    for focus in focus_nodes:
        if focus in by_focus:
            yield focus, names, by_focus[focus]


def _sparql_result(shapes: Graph, shape: Node, constraint: Node, severity: Node, focus: Node, solution: Any,
                   names: list[str], templates: list[str]) -> list[tuple[URIRef, Node]]:
    value = solution["value"] if "value" in names else None
    path = shapes.value(shape, SH.path) or (_from_store(solution["path"]) if "path" in names and solution["path"] is not None else None)
    statements = [(SH.resultSeverity, severity), (SH.focusNode, focus), (SH.sourceShape, shape),
                  (SH.sourceConstraintComponent, SH.SPARQLConstraintComponent), (SH.sourceConstraint, constraint)]
    if value is not None:
        statements.append((SH.value, _from_store(value)))
    elif shapes.value(shape, SH.path) is None:
        statements.append((SH.value, focus))
    if path is not None:
        statements.append((SH.resultPath, path))
    statements += [(SH.resultMessage, Literal(str(m))) for m in shapes.objects(shape, SH.message)]
    statements += [(SH.resultMessage, Literal(_filled(t, solution, names, focus))) for t in templates]
    return statements


def _inoculated(ontology: Graph) -> Graph:
    """The ontology triples pySHACL mixes into the data graph before validating."""
    from pyshacl.rdfutil.inoculate import inoculate

    return inoculate(Graph(), ontology)


def _rdfs_closure(graph: Graph) -> None:
    """pySHACL's ``inference="rdfs"`` pre-inference, in place."""
    import owlrl
    from pyshacl.inference import CustomRDFSSemantics

    owlrl.DeductiveClosure(CustomRDFSSemantics).expand(graph)


# --- shacl-rust JSON results to a report graph ------------------------------------------------

_LITERAL = re.compile(r'^"(?P<lexical>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[A-Za-z0-9-]+)|\^\^<(?P<datatype>[^>]*)>)?$', re.S)
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    def one(match: re.Match) -> str:
        code = match.group(1) or match.group(2)
        return chr(int(code, 16)) if code else _ESCAPES.get(match.group(3), match.group(3))

    return _ESCAPE.sub(one, text)


def _term(text: str) -> Node:
    """An rdflib term from oxigraph's N-Triples spelling of it."""
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if text.startswith("_:"):
        return BNode(text[2:])
    match = _LITERAL.match(text)
    if match is None:
        raise ValueError(f"cannot read the RDF term {text!r}")
    lexical = _unescape(match["lexical"])
    if match["lang"]:
        return Literal(lexical, lang=match["lang"])
    datatype = match["datatype"]
    if datatype is None or datatype == str(XSD.string):
        return Literal(lexical)
    return Literal(lexical, datatype=URIRef(datatype), normalize=False)


def _copy_description(source: Graph, node: Node, target: Graph, seen: set | None = None) -> None:
    """Copy ``node``'s triples, and those of the blank nodes it leads to, from ``source`` to ``target``."""
    seen = set() if seen is None else seen
    if not isinstance(node, BNode) or node in seen:
        return
    seen.add(node)
    for p, o in source.predicate_objects(node):
        target.add((node, p, o))
        _copy_description(source, o, target, seen)


def _bindings_pattern(template: str) -> tuple[re.Pattern, list[str]] | None:
    """A pattern that reads back the bindings an engine put into a message template, and their names."""
    names = re.findall(r"\{[?$](\w+)\}", template)
    if not names:
        return None
    parts = re.split(r"\{[?$]\w+\}", template)
    return re.compile("^" + "(.+?)".join(re.escape(part) for part in parts) + "$", re.S), names


def _lexical(text: str) -> str:
    """What pySHACL writes for a binding in a message: the term's string value."""
    try:
        return str(_term(text))
    except ValueError:
        return text


def _sparql_messages(shapes: Graph, shape: Node, engine_messages: Iterable[str]) -> tuple[list[Literal], Node | None]:
    """The messages of a SHACL-SPARQL result as pySHACL writes them, and the constraint they came from.

    shacl-rust fills ``{?var}`` with the N-Triples spelling of the value (``"x"@en``); pySHACL with
    its string value (``x``), and it drops the template's language tag.
    """
    constraints = list(shapes.objects(shape, SH.sparql))
    rendered: list[Literal] = []
    source = constraints[0] if len(constraints) == 1 else None
    for message in engine_messages:
        text = message
        for constraint in constraints:
            for template in shapes.objects(constraint, SH.message):
                pattern = _bindings_pattern(str(template))
                if str(template) == message or (pattern and pattern[0].match(message)):
                    source = constraint
                    if pattern and (match := pattern[0].match(message)):
                        text = str(template)
                        for name, value in zip(pattern[1], match.groups(), strict=True):
                            text = re.sub(r"\{[?$]" + name + r"\}", lambda _, v=value: _lexical(v), text, count=1)
                    break
        rendered.append(Literal(text))
    return rendered, source


_SPARQL_ERRORS = ("SPARQL parse error:", "SPARQL execution error:")


def _report_from_json(raw: dict, shapes: Graph, evaluated: list[list[tuple[URIRef, Node]]] = ()) -> Graph:  # type: ignore[assignment]
    """A standard sh:ValidationReport graph from shacl-rust's ``{"conforms", "results"}`` dict, and
    results ``evaluated`` here (the SHACL-SPARQL constraints), each as its (predicate, object) pairs."""
    conforms = raw["conforms"]
    results = raw["results"]
    if not isinstance(conforms, bool) or (not conforms and not results):
        raise ValueError(f"not a validation report: conforms={conforms!r} with {len(results)} results")
    report = Graph()
    report.bind("sh", SH)
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    every = [_result_statements(result, shapes) for result in results] + list(evaluated)
    # as pySHACL with allow_warnings and allow_infos: only a violation breaks conformance
    report.add((root, SH.conforms, Literal(not any((SH.resultSeverity, SH.Violation) in statements for statements in every))))
    seen: set[tuple] = set()
    for statements in every:
        if (SH.sourceConstraintComponent, SH.SPARQLConstraintComponent) in statements:
            # One result per distinct solution, as pySHACL gives: a SELECT without DISTINCT repeats
            # solutions (a/rdfs:subClassOf* for an entity with two types, a join on a variable it
            # does not project).
            key = tuple(sorted(statements))
            if key in seen:
                continue
            seen.add(key)
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        for predicate, value in statements:
            report.add((node, predicate, value))
            if predicate in (SH.sourceShape, SH.resultPath, SH.sourceConstraint):
                _copy_description(shapes, value, report)
    return report


def _result_statements(result: dict, shapes: Graph) -> list[tuple[URIRef, Node]]:
    """The (predicate, object) pairs of one result node."""
    for message in result.get("messages", []):
        # shacl-rust reports a SPARQL query it cannot parse or run as a violation of every
        # focus node; that is an engine failure, not a finding about the data
        if message.startswith(_SPARQL_ERRORS):
            raise ValueError(f"{message} (shape {result['sourceShape']})")
    component = _term(result["sourceConstraintComponent"]) if result.get("sourceConstraintComponent") else None
    shape = _term(result["sourceShape"])
    focus = _term(result["focusNode"])
    statements = [(SH.resultSeverity, _term(result["severity"])), (SH.focusNode, focus), (SH.sourceShape, shape)]
    if component is not None:
        statements.append((SH.sourceConstraintComponent, component))
    if "value" in result:
        statements.append((SH.value, _term(result["value"])))
    elif component == SH.SPARQLConstraintComponent and shapes.value(shape, SH.path) is None:
        # a SELECT without ?value on a node shape: the value is the focus node (as pySHACL has it)
        statements.append((SH.value, focus))
    if "resultPath" in result:
        # the engine writes complex paths as text (^<p>); the shape has the path as RDF
        path = shapes.value(shape, SH.path)
        statements.append((SH.resultPath, path if path is not None else _term(result["resultPath"])))
    shape_messages = list(shapes.objects(shape, SH.message))
    engine_messages = result.get("messages", [])
    if component == SH.SPARQLConstraintComponent:
        own = {str(m) for m in shape_messages}
        messages, constraint = _sparql_messages(shapes, shape, [m for m in engine_messages if m not in own])
        messages = [Literal(str(m)) for m in shape_messages] + messages
        if constraint is not None:
            statements.append((SH.sourceConstraint, constraint))
    elif shape_messages:
        messages = shape_messages
    else:
        messages = [Literal(m) for m in engine_messages]
    statements.extend((SH.resultMessage, message) for message in messages)
    return statements


# Fastest first: choose() takes the first installed one (benchmarks/results/validation.md).
ENGINES: dict[str, Engine] = {"shacl-rust": ShaclRust(), "pyshacl-turbo": PyShaclTurbo(), "pyshacl": PyShacl()}
REFERENCE = "pyshacl"


def choose(name: str | None = None) -> Engine:
    """The named engine, or the first available one in order of speed (the reference last)."""
    if name is not None:
        if name not in ENGINES:
            raise EngineError(f"unknown SHACL engine {name!r}: choose one of {', '.join(ENGINES)}")
        engine = ENGINES[name]
        if not engine.available():
            raise EngineError(f"SHACL engine {name!r} is not installed: pip install {engine.package}")
        return engine
    return next(engine for engine in ENGINES.values() if engine.available())
