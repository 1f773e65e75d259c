"""SHACL engines behind one small interface.

Every engine takes the data, shapes and ontology graphs and returns a standard
``sh:ValidationReport`` graph; hipskg reads results from that graph, so engines are
interchangeable. pySHACL is the reference; faster engines are used when installed and known to
agree with it (tests/test_validation_engines.py checks they do, tests/test_w3c_shacl.py runs the
W3C SHACL test suite on each, benchmarks/validation.py measures them). hipskg installs the fast engines wherever they publish
a binary wheel (see pyproject.toml).

What every engine here does the same way, so that their reports agree:

- The ontology is mixed into (a copy of) the data the way pySHACL does it ("inoculation": the
  RDFS/OWL axioms and the named individuals, not every ontology triple), so ``sh:class`` and
  ``sh:targetClass`` see the class hierarchy and ontology terms do not become focus nodes.
- ``"x"^^xsd:string`` and the plain literal ``"x"`` are one RDF 1.1 term. rdflib keeps them
  apart, so the rdflib-based engines (pySHACL, pyshacl-turbo) report a false ``sh:in`` or
  ``sh:hasValue`` violation when the data spells a string one way and the shapes the other; they
  are given copies with every ``xsd:string`` literal written plain. The oxigraph-based engine
  (shacl-rust) already treats them as one term.
- The report says ``sh:conforms false`` whenever it holds a result, whatever its severity (SHACL
  1.0 §3.6.1); hipskg's own verdict (``Report.conforms``: no ``sh:Violation``) is separate.
- Every SHACL-SPARQL query is checked first (:func:`hipskg.validate.sparql.ill_formed`): one that
  does not parse or that SHACL forbids (MINUS, VALUES, SERVICE, ``AS ?this``, a sub-select without
  ``$this``, ``$PATH`` off a predicate) is refused with the same message by every engine, and
  ``sh:prefixes`` follows ``owl:imports`` in the shapes graph for every engine.
- A failing engine raises :class:`EngineError`; it never hands back an empty (conforming) report.

What an engine cannot do it refuses with :class:`Unsupported`, naming what and the engine to use:

- pyshacl: ``$shapesGraph`` in a SHACL-SPARQL query (it has no shapes graph to query).
- shacl-rust: a statement of 16 MiB or more as N-Triples (its parser's buffer, 16,777,216 bytes).
- shacl-rust and pyshacl-turbo, given an rdflib graph: an ill-typed literal that rdflib rewrote as a
  well-typed one when it read it (``"none"^^xsd:boolean`` becomes ``"false"``; they read lexical
  forms, pySHACL reads rdflib's ill-typed flag). Data given as N-Triples text (the Oxigraph store's)
  keeps every literal as written and reaches shacl-rust as it is.
- pyshacl-turbo: a literal over 1 MiB (it copies a literal in time growing with the square of its
  length: 1 MiB takes 9 s, 4 MiB 160 s).

An engine named by the user (``--engine``) refuses. When hipskg chooses (:func:`run` without a
name), it takes the fastest installed engine and, when that one refuses, the next one, until one
validates; the report names the engine that made it and why the faster ones were passed over.
"""

import gc
import importlib
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from hipskg.cache import memoized
from hipskg.errors import HipskgError
from hipskg.namespaces import compact
from hipskg.rdfio import NTriples, ntriples_lines, plain_strings
from hipskg.validate import sparql
from hipskg.validate.shapes import copy_path, shape_name


class EngineError(HipskgError):
    """A SHACL engine failed to validate; there is no report rather than a wrong one."""


class Unsupported(EngineError):
    """The engine cannot validate these shapes or this data (a feature it lacks, a limit it reaches):
    the message says which and names an engine that can."""


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


def _prepared(engine: str, shapes: Graph) -> Graph:
    """The shapes as every engine is given them: refused when a SHACL-SPARQL query is ill-formed,
    and with the prefixes that ``sh:prefixes`` reaches through ``owl:imports`` declared directly."""
    reason = sparql.ill_formed(shapes)
    if reason is not None:
        raise EngineError(f"SHACL engine {engine}: {reason}")
    return sparql.with_imported_prefixes(shapes)


def _check_literals(engine: str, data: Graph, longest: int | None = None) -> None:
    """Refuse data that an engine reading lexical forms would misread, or (``longest`` characters)
    take too long over: see the module docstring."""
    for subject, predicate, value in data:
        if not isinstance(value, Literal):
            continue
        if value.ill_typed and _rewritten(value):
            raise Unsupported(
                f"SHACL engine {engine}: the ill-typed literal of {compact(subject)} {compact(predicate)}, which "
                f"rdflib rewrote as the well-typed {value.n3()} when it read the data, is not supported; use --engine pyshacl"
            )
        if longest is not None and len(value) > longest:
            raise Unsupported(
                f"SHACL engine {engine}: a literal of {len(value):,} characters ({compact(subject)} {compact(predicate)}) is not supported: "
                f"it copies a literal in time growing with the square of its length, so it takes at most "
                f"{longest:,} characters; use --engine pyshacl"
            )


def _rewritten(literal: Literal) -> bool:
    """Whether rdflib wrote an ill-typed literal's lexical form anew, as a well-typed one, when it read it
    (its value's own lexical form, which reads as well-typed: "none"^^xsd:boolean as "false")."""
    if literal.value is None or str(Literal(literal.value, datatype=literal.datatype)) != str(literal):
        return False
    return not Literal(str(literal), datatype=literal.datatype).ill_typed


def _as_graph(data: Graph | NTriples) -> Graph:
    """An rdflib graph of the data, for the engines that read one."""
    return data.graph() if isinstance(data, NTriples) else data


def _pyshacl_api(validate: Any, data: Graph, shapes: Graph, ontology: Graph, inference: bool) -> Any:
    """A call of pySHACL's ``validate`` signature (pySHACL itself, pyshacl-turbo) as hipskg uses it."""
    return validate(
        plain_strings(data),
        shacl_graph=plain_strings(shapes),
        ont_graph=plain_strings(ontology),
        inference="rdfs" if inference else "none",
        inplace=False,
    )


def _check_report(engine: str, conforms: Any, report: Any) -> Graph:
    """The report graph, or a clear error when the engine handed back something else."""
    if not isinstance(report, Graph):
        raise EngineError(f"SHACL engine {engine} failed: {report}")
    results = sum(1 for _ in report.objects(None, SH.result))
    if conforms is not (results == 0):
        raise EngineError(f"SHACL engine {engine} said conforms={conforms} with {results} results")
    return report


class PyShacl:
    """pySHACL, the reference engine: complete SHACL Core and SHACL-SPARQL but ``$shapesGraph``."""

    name = "pyshacl"
    package = "pyshacl"
    reads_ntriples = False

    def available(self) -> bool:
        return True

    def report(self, data: Graph | NTriples, shapes: Graph, ontology: Graph, *, inference: bool) -> Graph:
        data = _as_graph(data)
        shapes = _prepared(self.name, shapes)
        for query in sparql.queries(shapes):
            if query.uses("shapesGraph"):
                raise Unsupported(
                    f"SHACL engine {self.name}: $shapesGraph in a SHACL-SPARQL constraint "
                    f"({shape_name(shapes, query.owner)}) is not supported; use --engine shacl-rust or --engine pyshacl-turbo"
                )
        from pyshacl import validate as pyshacl_validate

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
    longest_literal = 1024 * 1024

    def available(self) -> bool:
        return _importable("pyshacl_turbo")

    def report(self, data: Graph | NTriples, shapes: Graph, ontology: Graph, *, inference: bool) -> Graph:
        data = _as_graph(data)
        import pyshacl_turbo

        shapes = _prepared(self.name, shapes)
        _check_literals(self.name, data, self.longest_literal)
        try:
            conforms, report, _ = _pyshacl_api(pyshacl_turbo.validate, data, shapes, ontology, inference)
        except Exception as error:  # the engine's own errors have no common base class
            raise EngineError(f"SHACL engine {self.name} failed: {error}") from error
        # on a failure inside the native engine, validate() returns (False, failure, text)
        return _check_report(self.name, conforms, report)


_BUFFER = re.compile(r"Reached the buffer maximal size of (\d+)")


class ShaclRust:
    """shacl-rust: SHACL Core and SHACL-SPARQL on oxigraph, over N-Triples text.

    It takes no ontology and does no inference, so the ontology is inoculated into the data
    the way pySHACL does it, and for ``inference=True`` pySHACL's own RDFS closure (owlrl) is
    run in Python first. Its JSON results are turned into a standard report graph here. With
    pyoxigraph installed, hipskg evaluates most SHACL-SPARQL constraints itself
    (:func:`hipskg.validate.sparql.evaluate`).
    """

    name = "shacl-rust"
    package = "shacl-rust"
    reads_ntriples = True

    def available(self) -> bool:
        return _importable("shacl_rust")

    def report(self, data: Graph | NTriples, shapes: Graph, ontology: Graph, *, inference: bool) -> Graph:
        shapes = _prepared(self.name, shapes)
        axioms = _inoculated(ontology)
        if not isinstance(data, NTriples):
            _check_literals(self.name, data)
        try:
            data_text = (data if isinstance(data, NTriples) else data.serialize(format="nt")) + axioms.serialize(format="nt")
            if inference:
                data_text += self._inferred(data, axioms)
            return self._validated(data_text, shapes)
        except Unsupported:
            raise
        except Exception as error:  # rdflib cannot write a term, the engine's ValueError, or a SPARQL error
            raise EngineError(f"SHACL engine {self.name} failed: {error}") from error

    def _inferred(self, data: Graph | NTriples, axioms: Graph) -> str:
        """The statements pySHACL's RDFS pre-inference adds to the data, as N-Triples (the data itself
        stays as written). RDFS rules also derive generalised triples (a literal as subject) that
        N-Triples cannot carry; they are dropped, as pyshacl-turbo does."""
        stated = data.graph() if isinstance(data, NTriples) else data
        closure = Graph()
        closure += stated
        closure += axioms
        _rdfs_closure(closure)
        inferred = Graph()
        for triple in closure:
            if not isinstance(triple[0], Literal) and triple not in stated and triple not in axioms:
                inferred.add(triple)
        _check_literals(self.name, inferred)
        return inferred.serialize(format="nt")

    def _validated(self, data_text: str, shapes: Graph) -> Graph:
        import shacl_rust

        evaluated = _importable("pyoxigraph")
        # shacl-rust's own SHACL-SPARQL evaluation grows with the square of the data (the
        # duplicate-label check: 3 s at 100k triples, 28 s at 300k, 340 s at 1M); Oxigraph with
        # $this pre-bound is linear, so it runs the SPARQL constraints it can (sparql.evaluated_here)
        core = (_without(sparql.evaluated_here(shapes), shapes) if evaluated else shapes).serialize(format="nt")
        with ThreadPoolExecutor(max_workers=1) as pool:  # Oxigraph evaluates the SPARQL constraints beside shacl-rust
            constraints = pool.submit(_kept_on_thread, sparql.evaluate, data_text, shapes) if evaluated else None
            try:
                raw = shacl_rust.validate(data_text, core, data_format="nt", shapes_format="nt")
            except ValueError as error:
                if (limit := _BUFFER.search(str(error))) is not None:
                    raise _too_long(self.name, data_text, int(limit.group(1))) from error
                raise
            results, failure = constraints.result() if constraints is not None else ([], None)
        if failure is not None:
            raise failure[0](*failure[1])
        return _report_from_json(raw, shapes, results)


def _kept_on_thread(work: Callable[..., list[Any]], *args: Any) -> tuple[list[Any], tuple[type[Exception], tuple] | None]:
    """``work(*args)`` and None, or no results and its error's type and arguments: pyoxigraph's objects must be
    dropped on the thread that made them, so neither they nor a traceback holding them leave this thread."""
    try:
        return work(*args), None
    except Exception as error:
        return [], (type(error), error.args)
    finally:
        gc.collect()


def _too_long(engine: str, data_text: str, limit: int) -> Unsupported:
    """The refusal of a statement longer than the parser's buffer, naming the longest one."""
    longest = max(data_text.splitlines(), key=lambda line: len(line.encode()))
    where = " ".join(compact(_term(term)) for term in longest.split(" ", 2)[:2])
    return Unsupported(
        f"SHACL engine {engine}: a statement of {len(longest.encode()):,} bytes as N-Triples ({where}) is not "
        f"supported: its parser reads at most {limit:,} bytes at a time; use --engine pyshacl"
    )


def _without(constraints: set[Node], shapes: Graph) -> Graph:
    """The shapes without the SHACL-SPARQL ``constraints`` (their ``sh:sparql`` links and their queries:
    a shape can be its own constraint)."""
    core = Graph()
    for subject, predicate, value in shapes:
        if not ((predicate == SH.sparql and value in constraints) or (predicate == SH.select and subject in constraints)):
            core.add((subject, predicate, value))
    return core


def _inoculated(ontology: Graph) -> Graph:
    """The ontology triples pySHACL mixes into the data graph before validating: kept in the cache for an
    ontology without blank nodes (its sorted N-Triples name it exactly), as importing pySHACL takes 0.3 s."""
    if any(isinstance(node, BNode) for triple in ontology for node in triple):
        return _inoculate(ontology)
    text = _inoculated_text("".join(line + "\n" for line in sorted(ntriples_lines(ontology))))
    return Graph().parse(data=text, format="nt")


@memoized("shacl-inoculation")
def _inoculated_text(ontology: str) -> str:
    return _inoculate(Graph().parse(data=ontology, format="nt")).serialize(format="nt")


def _inoculate(ontology: Graph) -> Graph:
    from pyshacl.rdfutil.inoculate import inoculate

    return inoculate(Graph(), ontology)  # type: ignore[arg-type]  # pySHACL's alias names rdflib's own graph classes


def _rdfs_closure(graph: Graph) -> None:
    """pySHACL's ``inference="rdfs"`` pre-inference, in place."""
    import owlrl
    from pyshacl.inference import CustomRDFSSemantics

    owlrl.DeductiveClosure(CustomRDFSSemantics).expand(graph)


# --- shacl-rust JSON results to a report graph ------------------------------------------------

_LITERAL = re.compile(r'^"(?P<lexical>[^"\\]*(?:\\.[^"\\]*)*)"(?:@(?P<lang>[A-Za-z0-9-]+)|\^\^<(?P<datatype>[^>]*)>)?$', re.S)
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
                            text = re.sub(r"\{[?$]" + name + r"\}", _lexical(value).replace("\\", "\\\\"), text, count=1)
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
    report.add((root, SH.conforms, Literal(not every)))  # SHACL: any result, whatever its severity
    seen: set[tuple] = set()
    paths: dict[Node, Node] = {}
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
            if predicate == SH.resultPath:  # written as it reads, once per path
                if value not in paths:
                    paths[value] = copy_path(shapes, value, report)
                value = paths[value]
            report.add((node, predicate, value))
            if predicate in (SH.sourceShape, SH.sourceConstraint):
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
    messages: list[Node]
    if component == SH.SPARQLConstraintComponent:
        own = {str(m) for m in shape_messages}
        rendered, constraint = _sparql_messages(shapes, shape, [m for m in engine_messages if m not in own])
        messages = [*(Literal(str(m)) for m in shape_messages), *rendered]
        if constraint is not None:
            statements.append((SH.sourceConstraint, constraint))
    elif shape_messages:
        messages = shape_messages
    else:
        messages = [Literal(m) for m in engine_messages]
    statements.extend((SH.resultMessage, message) for message in messages)
    return statements


@dataclass(frozen=True)
class Outcome:
    """A report, the engine that made it, and the refusals of the faster engines passed over."""

    engine: str
    graph: Graph
    passed_over: tuple[str, ...] = ()


def run(
    name: str | None, data_for: Callable[[Engine], Graph | NTriples], shapes: Graph, ontology: Graph, *, inference: bool
) -> Outcome:
    """The report of the engine named, or of the fastest installed engine that does not refuse (see
    the module docstring); ``data_for(engine)`` is the data as that engine takes it."""
    if name is not None:
        engine = choose(name)
        return Outcome(engine.name, engine.report(data_for(engine), shapes, ontology, inference=inference))
    refusals: list[Unsupported] = []
    for engine in (engine for engine in ENGINES.values() if engine.available()):
        try:
            graph = engine.report(data_for(engine), shapes, ontology, inference=inference)
        except Unsupported as refusal:
            refusals.append(refusal)
            continue
        return Outcome(engine.name, graph, tuple(str(refusal) for refusal in refusals))
    raise refusals[-1]


# Fastest first: choose() and run() take the first installed one (benchmarks/results/validation.md).
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
