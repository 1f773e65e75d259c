"""SHACL-SPARQL: the rules every SHACL-SPARQL query is held to, its prefix declarations, and the
evaluation of SPARQL-based constraints on Oxigraph for the shacl-rust engine.

:func:`ill_formed` checks every query of the shapes graph (the ``sh:select`` / ``sh:ask`` of
``sh:sparql`` constraints and of the validators of SPARQL-based constraint components) before any
engine runs: a query that does not parse, or uses what SHACL 1.0 forbids for pre-binding
(appendix A: MINUS, VALUES, SERVICE, ``AS`` for a pre-bound variable, a sub-select that does not
project the pre-bound variables) or ``$PATH`` outside the predicate of a triple pattern (§5.1).

Prefixes (§5.2.1) are the ``sh:declare`` values reached by ``sh:prefixes/owl:imports*`` in the
shapes graph; :func:`with_imported_prefixes` gives the engines that do not follow ``owl:imports``
a copy that declares them directly.

:func:`evaluate` runs the SPARQL-based constraints hipskg evaluates for shacl-rust (whose own
evaluation grows with the square of the data): those whose focus nodes are the targets of their
shape (a shape with targets, or a property shape of one, not also used through sh:node, sh:not,
sh:and, sh:or, sh:xone or sh:qualifiedValueShape) and that do not use ``$shapesGraph`` or
``$currentShape``; shacl-rust evaluates the others itself (:func:`evaluated_here`). ``$PATH`` is
replaced by the SPARQL path of the shape's ``sh:path``, and ``$this`` is pre-bound by writing each
focus node into the query, or by one VALUES block for all of them where the query's structure
proves that gives the same answers (:func:`hipskg.sparql.binds_like_substitution`).
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from hipskg.cache import memoized
from hipskg.namespaces import compact
from hipskg.rdfio import to_rdflib
from hipskg.sparql import _code, _occurrences, binds_like_substitution, parsed_form, pattern_nodes, prebound, with_value_rows
from hipskg.validate.shapes import shape_name, sparql_path

if TYPE_CHECKING:
    from rdflib.plugins.sparql.parserutils import CompValue

PREBOUND = frozenset({"this", "shapesGraph", "currentShape"})  # SHACL 1.0 §5.3.1
OPTIONAL_PREBOUND = frozenset({"shapesGraph", "currentShape"})  # which a sub-select need not project
_VALIDATORS = (SH.validator, SH.nodeValidator, SH.propertyValidator)


@dataclass(frozen=True)
class Query:
    """One SHACL-SPARQL query: where it is (its constraint or validator node and the shape or
    component it belongs to), its text with its PREFIX declarations, and its pre-bound variables."""

    owner: Node
    node: Node
    prefixes: str
    body: str
    prebound: frozenset[str]

    @property
    def text(self) -> str:
        return self.prefixes + self.body

    def uses(self, name: str) -> bool:
        return name in _variables(self.text)


@memoized("sparql-analysis")
def _variables(text: str) -> list[str]:
    """The names of the variables a query mentions anywhere (parsed once per query text, then kept in the cache)."""
    return sorted({str(node) for _, node in pattern_nodes(parsed_form(text)) if isinstance(node, Variable)})


def queries(shapes: Graph) -> Iterator[Query]:
    """Every SHACL-SPARQL query of the shapes graph, constraints first, each once."""
    for constraint in sorted(set(shapes.objects(None, SH.sparql)), key=str):
        owner = min(shapes.subjects(SH.sparql, constraint), key=str)
        for text in shapes.objects(constraint, SH.select):
            yield Query(owner, constraint, prologue(shapes, constraint), str(text), PREBOUND)
    for component in sorted(set(shapes.subjects(RDF.type, SH.ConstraintComponent)), key=str):
        parameters = frozenset(
            _local_name(path)
            for parameter in shapes.objects(component, SH.parameter)
            for path in shapes.objects(parameter, SH.path)
        )
        for validator in sorted({v for p in _VALIDATORS for v in shapes.objects(component, p)}, key=str):
            for kind, extra in ((SH.select, frozenset()), (SH.ask, frozenset({"value"}))):
                for text in shapes.objects(validator, kind):
                    yield Query(component, validator, prologue(shapes, validator), str(text), PREBOUND | parameters | extra)


def _local_name(iri: Node) -> str:
    return re.split(r"[#/:]", str(iri))[-1]


def ill_formed(shapes: Graph) -> str | None:
    """Why the first ill-formed SHACL-SPARQL query of the shapes graph is refused, or None (see the module docstring)."""
    for query in queries(shapes):
        where = f"the SHACL-SPARQL query of {shape_name(shapes, query.owner)}"
        if (conflict := _conflicting_prefix(shapes, query.node)) is not None:
            return f"{where} declares the prefix {conflict}: for two namespaces, which SHACL forbids (SHACL 1.0 §5.2.1)"
        refusal = _refusal(query.text, tuple(sorted(query.prebound)), query.prefixes.count("\n"))
        if refusal is not None:
            return f"{where} {refusal}"
    return None


@memoized("sparql-analysis")
def _refusal(text: str, prebound_names: tuple[str, ...], prefix_lines: int) -> str | None:
    """What SHACL forbids in the query's SPARQL, worded to follow "the query of X", or None. Parsing a query takes
    pyparsing a tenth of a second: the answer is kept in the cache, for the same text and the same code."""
    from pyparsing import ParseException

    try:
        tree = parsed_form(text)
    except ParseException as error:
        return f"is not SPARQL (line {error.lineno - prefix_lines}, column {error.col}: {error.msg})"
    construct = _forbidden(tree, frozenset(prebound_names))
    if construct is not None:
        return f"uses {construct}, which SHACL forbids (SHACL 1.0, appendix A: pre-binding)"
    if _misplaced_path(tree):
        return "uses $PATH outside the predicate of a triple pattern, which SHACL forbids (SHACL 1.0 §5.1)"
    return None


def _forbidden(tree: "CompValue", prebound_names: frozenset[str]) -> str | None:
    """The first construct of the query that pre-binding forbids, named for a message, or None."""
    from rdflib.plugins.sparql.parserutils import CompValue

    required = prebound_names - OPTIONAL_PREBOUND
    variables = {Variable(name) for name in prebound_names}
    for _, node in pattern_nodes(tree):
        if not isinstance(node, CompValue):
            continue
        if node.name in _FORBIDDEN:
            return _FORBIDDEN[node.name]
        bound = node["var"] if node.name == "Bind" else node["evar"] if node.name == "vars" and "evar" in node else None
        if bound in variables:
            return f"AS ?{bound} (it binds a pre-bound variable)"
        if node.name == "SubSelect":
            projected = {item["var"] for item in node["projection"] if "var" in item} if "projection" in node else set()
            missing = sorted(name for name in required if Variable(name) not in projected)
            if missing:
                return "a sub-select that does not project " + ", ".join(f"${name}" for name in missing) + " by name"
    return None


_FORBIDDEN = {"MinusGraphPattern": "MINUS", "ServiceGraphPattern": "SERVICE", "InlineData": "VALUES", "ValuesClause": "VALUES"}


def _misplaced_path(tree: "CompValue") -> bool:
    """Whether ``$PATH`` stands anywhere but in the predicate of a triple pattern."""
    from rdflib.plugins.sparql.parserutils import CompValue

    path = Variable("PATH")
    everywhere = sum(1 for _, node in pattern_nodes(tree) if node == path)
    as_predicate = sum(
        1
        for _, node in pattern_nodes(tree)
        if isinstance(node, CompValue) and node.name == "TriplesBlock"
        for triples in node["triples"]
        for index in range(1, len(triples), 3)
        if triples[index] == path
    )
    return everywhere != as_predicate


# --- prefixes -------------------------------------------------------------------------------------------


def _imported(shapes: Graph, node: Node) -> list[Node]:
    """``node`` and what it imports, directly or not, in the shapes graph (``owl:imports*``)."""
    found, pending = [node], [node]
    while pending:
        for imported in shapes.objects(pending.pop(), OWL.imports):
            if imported not in found:
                found.append(imported)
                pending.append(imported)
    return found


def _declarations(shapes: Graph, node: Node) -> set[tuple[str, str]]:
    """The (prefix, namespace) pairs of ``node``'s ``sh:prefixes/owl:imports*/sh:declare``."""
    return {
        (str(shapes.value(declaration, SH.prefix)), str(shapes.value(declaration, SH.namespace)))
        for owner in shapes.objects(node, SH.prefixes)
        for imported in _imported(shapes, owner)
        for declaration in shapes.objects(imported, SH.declare)
    }


def _conflicting_prefix(shapes: Graph, node: Node) -> str | None:
    prefixes = [prefix for prefix, _ in _declarations(shapes, node)]
    return next((prefix for prefix in sorted(prefixes) if prefixes.count(prefix) > 1), None)


def prologue(shapes: Graph, node: Node) -> str:
    """The PREFIX lines a query of ``node`` (a constraint or validator) is given."""
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in sorted(_declarations(shapes, node)))


def with_imported_prefixes(shapes: Graph) -> Graph:
    """``shapes`` itself, or a copy in which each value of ``sh:prefixes`` also declares the prefixes
    of what it imports (for the engines that read ``sh:prefixes/sh:declare`` only)."""
    imports = [(owner, imported) for owner in set(shapes.objects(None, SH.prefixes)) for imported in _imported(shapes, owner)[1:]]
    if not imports:
        return shapes
    copy = Graph()
    copy += shapes
    for owner, imported in imports:
        for declaration in shapes.objects(imported, SH.declare):
            copy.add((owner, SH.declare, declaration))
    return copy


# --- evaluation on Oxigraph -----------------------------------------------------------------------------

_SKOLEM = "urn:hipskg:blank:"
_BLANK_SUBJECT = re.compile(r"^_:([^\s\"<>]+)", re.MULTILINE)
_BLANK_OBJECT = re.compile(r" _:([^\s\"<>]+) \.$", re.MULTILINE)
_NESTING = (SH.node, SH["not"], SH.qualifiedValueShape, RDF.first)  # rdf:first: a member of sh:and, sh:or, sh:xone
_TARGETS = {
    SH.targetClass: "?focus rdf:type/rdfs:subClassOf* $target",
    SH.targetSubjectsOf: "?focus $target ?any",
    SH.targetObjectsOf: "?any $target ?focus",
}


def evaluated_here(shapes: Graph) -> set[Node]:
    """The ``sh:sparql`` constraints :func:`evaluate` evaluates (see the module docstring)."""
    here = set()
    for query in queries(shapes):
        owners = list(shapes.subjects(SH.sparql, query.node))  # none for a validator
        if (
            owners
            and not any(query.uses(name) for name in OPTIONAL_PREBOUND)
            and all(_sources(shapes, s) is not None for s in owners)
        ):
            here.add(query.node)
    return here


def _sources(shapes: Graph, shape: Node, seen: frozenset[Node] = frozenset()) -> list[Node] | None:
    """The shapes whose targets give ``shape`` its focus nodes: itself and, for a property shape, the
    shapes it is a ``sh:property`` of; None when it is also validated some other way."""
    if shape in seen or any((None, p, shape) in shapes for p in _NESTING) or (shape, SH.target, None) in shapes:
        return None
    sources = [shape]
    for parent in shapes.subjects(SH.property, shape):
        above = _sources(shapes, parent, seen | {shape})
        if above is None:
            return None
        sources += above
    return sources


def _skolemized(text: str) -> str:
    """N-Triples with every blank node written as an IRI, so a store keeps the data's own labels.
    (A line starts with its subject and ends with its object: a literal cannot look like either.)"""
    if "_:" not in text:
        return text
    text = _BLANK_SUBJECT.sub(lambda match: f"<{_SKOLEM}{match.group(1)}>", text)
    return _BLANK_OBJECT.sub(lambda match: f" <{_SKOLEM}{match.group(1)}> .", text)


def _from_store(term: Any) -> Node:
    node = to_rdflib(term)
    return BNode(node[len(_SKOLEM) :]) if isinstance(node, URIRef) and node.startswith(_SKOLEM) else node


def _stored_node(node: Node) -> Node:
    """The node as the store holds it: a blank node as its skolem IRI."""
    return URIRef(_SKOLEM + str(node)) if isinstance(node, BNode) else node


def _focus_nodes(store: Any, shapes: Graph, shape: Node) -> list[Node]:
    """The focus nodes of a shape evaluated here: the targets of its sources (:func:`_sources`)."""
    found: set[Node] = set()
    for source in _sources(shapes, shape) or []:
        if shapes.value(source, SH.deactivated) == Literal(True):
            continue
        found.update(shapes.objects(source, SH.targetNode))
        targets = [(kind, target) for kind in _TARGETS for target in shapes.objects(source, kind)]
        if _is_class(shapes, source):
            targets.append((SH.targetClass, source))  # an implicit class target
        for kind, target in targets:
            query = f"PREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\nSELECT DISTINCT ?focus WHERE {{ {_TARGETS[kind]} }}"
            found.update(_from_store(row["focus"]) for row in store.query(prebound(query, "target", _stored_node(target))))
    return sorted(found, key=str)


def _is_class(shapes: Graph, node: Node) -> bool:
    """Whether ``node`` is a SHACL instance of rdfs:Class in the shapes graph."""
    return any(RDFS.Class in shapes.transitive_objects(kind, RDFS.subClassOf) for kind in shapes.objects(node, RDF.type))


def _filled(template: str, solution: Any, names: list[str], focus: Node) -> str:
    """A message template with {?var} and {$var} replaced by the string values of the solution, and
    {$this} by the focus node (as pySHACL writes them)."""
    values = {name: None if solution[name] is None else _from_store(solution[name]) for name in names}
    values.setdefault("this", focus)
    for name, value in values.items():
        text = "" if value is None else f"_:{value}" if isinstance(value, BNode) else str(value)
        template = re.sub(r"\{[?$]" + name + r"\}", text.replace("\\", "\\\\"), template)  # the text as it is
    return template


def evaluate(data_text: str, shapes: Graph) -> list[list[tuple[URIRef, Node]]]:
    """The constraints :func:`evaluated_here` picks, on Oxigraph, for each focus node as $this; each
    result as the (predicate, object) pairs of its report node, as pySHACL gives them."""
    import pyoxigraph as ox

    here = evaluated_here(shapes)
    if not here:
        return []
    store = ox.Store()
    store.bulk_load(_skolemized(data_text).encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    results = []
    for shape in sorted(set(shapes.subjects(SH.sparql, None)), key=str):
        constraints = sorted((c for c in shapes.objects(shape, SH.sparql) if c in here and not _deactivated(shapes, c)), key=str)
        if not constraints or _deactivated(shapes, shape):
            continue
        severity = shapes.value(shape, SH.severity) or SH.Violation
        focus_nodes = _focus_nodes(store, shapes, shape)
        for constraint in constraints:
            query = _with_path(prologue(shapes, constraint) + str(shapes.value(constraint, SH.select)), shapes, shape)
            templates = [str(m) for m in shapes.objects(constraint, SH.message)]
            for focus, names, solutions in _answers(store, query, focus_nodes):
                for solution in solutions:
                    if "failure" in names and solution["failure"] == ox.Literal(True):
                        raise ValueError(
                            f"the SHACL-SPARQL query of {shape_name(shapes, shape)} reported a failure for {compact(focus)}"
                        )
                    results.append(_sparql_result(shapes, shape, constraint, severity, focus, solution, names, templates))
    return results


def _deactivated(shapes: Graph, node: Node) -> bool:
    return shapes.value(node, SH.deactivated) == Literal(True)


def _with_path(query: str, shapes: Graph, shape: Node) -> str:
    """The query with ``$PATH`` replaced by the SPARQL path of the shape's ``sh:path`` (a property shape's query)."""
    path = shapes.value(shape, SH.path)
    if path is None:
        return query
    written, pieces, last = sparql_path(shapes, path), [], 0
    for match in _occurrences(_code(query), "PATH"):
        pieces += [query[last : match.start()], written]
        last = match.end()
    return "".join(pieces) + query[last:]


def _answers(store: Any, query: str, focus_nodes: list[Node]) -> Iterator[tuple[Node, list[str], Iterable[Any]]]:
    """Each focus node with the names of the query's variables and its solutions for the node as $this.
    One query for all of them, by a VALUES block, where that means the same as pre-binding each
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


def _sparql_result(
    shapes: Graph,
    shape: Node,
    constraint: Node,
    severity: Node,
    focus: Node,
    solution: Any,
    names: list[str],
    templates: list[str],
) -> list[tuple[URIRef, Node]]:
    """A result's (predicate, object) pairs, mapped from the solution as SHACL 1.0 §5.3.2 says."""
    bound = {name: _from_store(solution[name]) for name in names if solution[name] is not None}
    path = bound["path"] if isinstance(bound.get("path"), URIRef) else shapes.value(shape, SH.path)
    statements = [
        (SH.resultSeverity, severity),
        (SH.focusNode, focus),
        (SH.sourceShape, shape),
        (SH.sourceConstraintComponent, SH.SPARQLConstraintComponent),
        (SH.sourceConstraint, constraint),
    ]
    if "value" in bound:
        statements.append((SH.value, bound["value"]))
    elif shapes.value(shape, SH.path) is None:
        statements.append((SH.value, focus))  # the value node of a node shape is its focus node
    if path is not None:
        statements.append((SH.resultPath, path))
    statements += [(SH.resultMessage, Literal(str(m))) for m in shapes.objects(shape, SH.message)]
    statements += [(SH.resultMessage, Literal(_filled(t, solution, names, focus))) for t in templates]
    return statements
