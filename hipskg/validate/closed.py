"""The closed vocabulary: the data names only the ontology's classes and properties, types every entity, and keeps
every property within its rdfs:domain and rdfs:range.

Five rules, each a shape of ``shapes/hipskg-vocabulary.ttl`` and every finding a violation:

- hipsh:DefinedClassShape: a class (a value of rdf:type) in one of the project's namespaces that hold the
  ontology's terms (hips:) is one the ontology defines as a class; the closest classes are suggested;
- hipsh:DefinedPropertyShape: a predicate in those namespaces is a property the ontology defines; the closest
  properties are suggested (``hips:refersToo``: did you mean ``hips:refersTo``?);
- hipsh:TypedEntityShape: every subject of the data has a type, stated in the data or the ontology;
- hipsh:DomainShape and hipsh:RangeShape: the subject of a property is an instance of each of its domains, its
  value of each of its ranges (a class, through rdfs:subClassOf; a datatype, a literal of it), the domains and
  ranges of the properties it is a subproperty of included; the properties that would fit, and whose names are
  close, are suggested.

SHACL cannot target the nodes these rules are about on any engine (an entity without a type has no class to
target, an undefined property no predicate to name), so hipskg checks them itself, in one pass over the data,
after whichever engine ran, and writes each finding into the engine's sh:ValidationReport as a
sh:ValidationResult of the rule's shape (:func:`record`). A finding an engine already reports as a violation
(the same focus node, path and value, as a shape's sh:class or sh:in gives it) is not written twice. The rules
run when the shapes graph holds their shapes: a caller's own shapes are not checked for them.

Measured (CPU time, best of five, on the shared two-core machine): on the committed data (8,776 statements) the check
takes 52 ms given an rdflib graph, 20 ms of it rdflib handing over the statements, and 65 ms given the N-Triples of
a store (34 ms of it parsing them); on the ten-times graph of benchmarks/validation.py (87,346 statements) 0.65 s and
0.86 s, of which reading the statements takes 0.46 s and 0.63 s.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from hipskg.namespaces import BASE, PREFIXES, SHAPES, compact
from hipskg.rdfio import NTriples
from hipskg.suggest import alternatives
from hipskg.vocabulary import UnknownTerm, closest_names

DEFINED_CLASS = SHAPES.DefinedClassShape
DEFINED_PROPERTY = SHAPES.DefinedPropertyShape
TYPED_ENTITY = SHAPES.TypedEntityShape
DOMAIN = SHAPES.DomainShape
RANGE = SHAPES.RangeShape
RULES = (DEFINED_CLASS, DEFINED_PROPERTY, TYPED_ENTITY, DOMAIN, RANGE)
COMPONENT = SHAPES.ClosedVocabularyConstraintComponent

CLASS_TYPES = (OWL.Class, RDFS.Class)
PROPERTY_TYPES = (RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
_LITERALS = (RDFS.Literal, RDF.langString)
_XSD = str(XSD)


@dataclass(frozen=True)
class Finding:
    """One breach of a rule, as a validation result reads: the rule's shape, focus node, path, value and message."""

    shape: URIRef
    focus: Node
    path: Node
    value: Node | None
    message: str


@dataclass(frozen=True)
class Vocabulary:
    """What the ontology defines: its namespaces, classes and properties, the classes above each class, the domains
    and ranges of each property (its superproperties' included), and the types of its own individuals."""

    namespaces: tuple[str, ...]
    classes: frozenset[Node]
    properties: frozenset[Node]
    datatypes: frozenset[Node]
    above: Mapping[Node, frozenset[Node]]
    domains: Mapping[Node, frozenset[Node]]
    ranges: Mapping[Node, frozenset[Node]]
    types: Mapping[Node, frozenset[Node]]

    @classmethod
    def of(cls, ontology: Graph) -> "Vocabulary":
        types: dict[Node, set[Node]] = defaultdict(set)
        for term, kind in ontology.subject_objects(RDF.type):
            types[term].add(kind)
        classes = {term for term, kinds in types.items() if kinds & set(CLASS_TYPES)}
        properties = {term for term, kinds in types.items() if kinds & set(PROPERTY_TYPES)}
        hierarchy = classes | set(ontology.subjects(RDFS.subClassOf, None))
        described = properties | set(ontology.subjects(RDFS.subPropertyOf, None))
        return cls(
            namespaces=tuple(
                namespace
                for namespace in PREFIXES.values()
                if namespace.startswith(BASE) and any(str(term).startswith(namespace) for term in types)
            ),
            classes=frozenset(classes),
            properties=frozenset(properties),
            datatypes=frozenset(term for term, kinds in types.items() if RDFS.Datatype in kinds),
            above={term: frozenset(_above(ontology, term, RDFS.subClassOf)) for term in hierarchy},
            domains=_declared(ontology, described, RDFS.domain),
            ranges=_declared(ontology, described, RDFS.range),
            types={term: frozenset(kinds) for term, kinds in types.items()},
        )

    def closed(self, term: Node) -> bool:
        """Whether ``term`` is in a namespace whose terms the ontology defines."""
        return isinstance(term, URIRef) and any(term.startswith(namespace) for namespace in self.namespaces)

    def instance(self, types: Iterable[Node], kind: Node) -> bool:
        """Whether a node of ``types`` is an instance of the class ``kind``."""
        return any(kind in self.above.get(own, (own,)) for own in types)

    def datatype(self, kind: Node) -> bool:
        return kind in self.datatypes or kind in _LITERALS or str(kind).startswith(_XSD)


def _declared(ontology: Graph, properties: set[Node], predicate: URIRef) -> dict[Node, frozenset[Node]]:
    """The values of ``predicate`` (rdfs:domain or rdfs:range) of each property and of the properties above it."""
    found = {
        term: frozenset(
            value for above in _above(ontology, term, RDFS.subPropertyOf) for value in ontology.objects(above, predicate)
        )
        for term in properties
    }
    return {term: values for term, values in found.items() if values}


def _above(ontology: Graph, term: Node, predicate: URIRef) -> Iterator[Node]:
    """``term`` and every term above it by ``predicate`` (rdfs:subClassOf or rdfs:subPropertyOf), however far."""
    return (node for node in ontology.transitive_objects(term, predicate) if node is not None)


def findings(data: Graph | NTriples, ontology: Graph) -> list[Finding]:
    """Every breach of the rules in ``data`` (the ontology's own statements are not checked, only used).

    Nodes are looked up by their text (``str(node)``: an exact string compares in C, an rdflib term in Python, which made
    the check three times slower); a literal is never looked up, and an IRI never reads like a blank node's label."""
    vocabulary = Vocabulary.of(ontology)
    roles: dict[str, str] = {}
    types: dict[str, set[Node]] = defaultdict(set)
    subjects: dict[str, Node] = {}
    found: list[Finding] = []
    described: list[tuple[Node, Node, Node]] = []  # statements of a property with a domain or a range
    for subject, predicate, value in data.triples() if isinstance(data, NTriples) else data:
        name = str(subject)
        subjects.setdefault(name, subject)
        role = roles.get(str(predicate))
        if role is None:
            role = roles[str(predicate)] = _role(vocabulary, predicate)
        if role == "type":
            types[name].add(value)
        elif role == "undefined":
            found.append(Finding(DEFINED_PROPERTY, subject, predicate, value, _undefined(vocabulary, predicate, "property")))
        elif role == "described":
            described.append((subject, predicate, value))
    undefined = {kind for kinds in types.values() for kind in kinds if vocabulary.closed(kind) and kind not in vocabulary.classes}
    found += [
        Finding(DEFINED_CLASS, subjects[name], RDF.type, kind, _undefined(vocabulary, kind, "class"))
        for name, kinds in types.items()
        for kind in kinds & undefined
    ]
    for node, kinds in vocabulary.types.items():
        types[str(node)] |= kinds
    untyped = {subjects[name] for name in subjects.keys() - types.keys()}
    found += _untyped(vocabulary, untyped, described)
    checks = _Checks(vocabulary, {name: frozenset(kinds) for name, kinds in types.items()})
    for statement in described:
        found += checks.outside(statement, untyped)
    return found


def _role(vocabulary: Vocabulary, predicate: Node) -> str:
    """What the rules check of a predicate's statements: "type" (rdf:type), "undefined" (a property the ontology should
    but does not define), "described" (a property with a domain or a range), or nothing."""
    if predicate == RDF.type:
        return "type"
    if vocabulary.closed(predicate) and predicate not in vocabulary.properties:
        return "undefined"
    return "described" if predicate in vocabulary.domains or predicate in vocabulary.ranges else ""


def _undefined(vocabulary: Vocabulary, term: Node, kind: str) -> str:
    """Why ``term`` may not stand as a ``kind`` ("class" or "property"), with the closest ones that may."""
    choices = vocabulary.classes if kind == "class" else vocabulary.properties
    closest = _closest(term, (choice for choice in choices if vocabulary.closed(choice)))
    if term not in vocabulary.types:
        return UnknownTerm(compact(term), closest).text()
    offer = f"; did you mean {alternatives(closest)}?" if closest else ""
    return f"{compact(term)} is not a {kind} of the ontology{offer}"


def _closest(term: Node, choices: Iterable[Node]) -> tuple[str, ...]:
    """The prefixed names of the ``choices`` whose local names are closest to ``term``'s."""
    by_name = {_local(choice): choice for choice in choices}
    return tuple(compact(by_name[name]) for name in closest_names(_local(term), by_name))


def _local(term: Node) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _untyped(vocabulary: Vocabulary, untyped: set[Node], described: list[tuple[Node, Node, Node]]) -> Iterator[Finding]:
    """A finding for each subject without a type, naming the most specific domains of its properties."""
    domains: dict[Node, set[Node]] = defaultdict(set)
    for subject, predicate, _ in described:
        if subject in untyped:
            domains[subject] |= vocabulary.domains.get(predicate, frozenset())
    for subject in untyped:
        named = domains[subject]
        specific = sorted(
            compact(kind) for kind in named if not any(kind != other and vocabulary.instance((other,), kind) for other in named)
        )
        hint = f" (its properties are those of {' and '.join(specific)})" if specific else ""
        yield Finding(TYPED_ENTITY, subject, RDF.type, None, f"has no type: state its class with rdf:type{hint}")


What = frozenset[Node] | Node  # what a node is to a domain or a range: a resource its types, a literal its datatype


class _Checks:
    """The domains and ranges a statement misses, decided once per property and what its subject and value are (the
    committed data has 3,752 statements of a property with a domain or a range, and 177 such combinations)."""

    def __init__(self, vocabulary: Vocabulary, types: Mapping[str, frozenset[Node]]) -> None:
        self.vocabulary = vocabulary
        self.types = types
        self.missed: dict[tuple[str, What, What], tuple[list[Node], list[Node]]] = {}

    def what(self, node: Node) -> What:
        return _datatype(node) if isinstance(node, Literal) else self.types.get(str(node), frozenset())

    def outside(self, statement: tuple[Node, Node, Node], untyped: set[Node]) -> list[Finding]:
        """The findings of a statement whose subject is outside the property's domain or whose value is outside its
        range. A subject without a type (or a value that is one), or a node of a class the ontology does not define,
        is reported once, by its own rule."""
        subject, predicate, value = statement
        key = (str(predicate), self.what(subject), self.what(value))
        if key not in self.missed:
            self.missed[key] = self._missed(predicate, key[1], key[2])
        domains, ranges = self.missed[key]
        found = []
        if domains:
            wrong = f"{compact(predicate)} is for {' and '.join(map(compact, domains))} (its rdfs:domain), not {_shown(key[1])}"
            found.append(Finding(DOMAIN, subject, predicate, value, wrong + self._fitting(predicate, key[1], key[2])))
        if ranges and (isinstance(value, Literal) or value not in untyped):
            wrong = f"{compact(predicate)} takes {' and '.join(map(compact, ranges))} (its rdfs:range), not {_shown(key[2])}"
            found.append(Finding(RANGE, subject, predicate, value, wrong + self._fitting(predicate, key[1], key[2])))
        return found

    def _missed(self, predicate: Node, subject: What, value: What) -> tuple[list[Node], list[Node]]:
        """The domains a subject that is ``subject`` misses (none for one without a type or of an undefined class) and
        the ranges a value that is ``value`` misses (none for one of an undefined class)."""
        vocabulary = self.vocabulary
        domains = [kind for kind in sorted(vocabulary.domains.get(predicate, ()), key=str) if not self._fits(subject, kind)]
        ranges = [kind for kind in sorted(vocabulary.ranges.get(predicate, ()), key=str) if not self._fits(value, kind)]
        return (domains if subject and self._known(subject) else []), (ranges if self._known(value) else [])

    def _known(self, what: What) -> bool:
        return not isinstance(what, frozenset) or not any(
            self.vocabulary.closed(kind) and kind not in self.vocabulary.classes for kind in what
        )

    def _fits(self, what: What, kind: Node) -> bool:
        """Whether a node that is ``what`` is in the domain or range ``kind``: a literal of a datatype, or an instance of a
        class."""
        if isinstance(what, frozenset):
            return not self.vocabulary.datatype(kind) and self.vocabulary.instance(what, kind)
        return self.vocabulary.datatype(kind) and kind in (RDFS.Literal, what)

    def _fitting(self, predicate: Node, subject: What, value: What) -> str:
        """ "; did you mean hips:p?" naming the properties closest to ``predicate`` whose domains such a subject and
        whose ranges such a value are within, or nothing."""
        fitting = [
            other
            for other in self.vocabulary.properties
            if other != predicate
            and self.vocabulary.closed(other)
            and all(self._fits(subject, kind) for kind in self.vocabulary.domains.get(other, ()))
            and all(self._fits(value, kind) for kind in self.vocabulary.ranges.get(other, ()))
        ]
        closest = _closest(predicate, fitting)
        return f"; did you mean {alternatives(closest)}?" if closest else ""


def _datatype(literal: Literal) -> URIRef:
    """A literal's datatype in RDF 1.1: xsd:string for a plain string, rdf:langString for a tagged one."""
    return literal.datatype or (RDF.langString if literal.language else XSD.string)


def _shown(what: What) -> str:
    """What a node is, in a message: its types, or "the literal" and its datatype."""
    if not isinstance(what, frozenset):
        return f"the literal {compact(what)}"
    return " and ".join(sorted(map(compact, what))) or "an entity without a type"


def rules(shapes: Graph) -> set[URIRef]:
    """The rules the shapes graph holds (their shapes, not deactivated)."""
    return {
        rule for rule in RULES if (rule, RDF.type, SH.NodeShape) in shapes and (rule, SH.deactivated, Literal(True)) not in shapes
    }


def record(report: Graph, found: Iterable[Finding]) -> None:
    """Write ``found`` into the sh:ValidationReport ``report`` as results, but those an engine already reports as a
    violation (the same focus node, path and value); the report no longer conforms if one is written."""
    root = report.value(None, RDF.type, SH.ValidationReport, any=False)
    if root is None:
        raise ValueError("the SHACL engine's report has no sh:ValidationReport")
    reported = {
        (report.value(result, SH.focusNode), report.value(result, SH.resultPath), report.value(result, SH.value))
        for result in report.objects(root, SH.result)
        if report.value(result, SH.resultSeverity) == SH.Violation
    }
    for finding in found:
        if (finding.focus, finding.path, finding.value) in reported:
            continue
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.resultSeverity, SH.Violation))
        report.add((node, SH.focusNode, finding.focus))
        report.add((node, SH.resultPath, finding.path))
        if finding.value is not None:
            report.add((node, SH.value, finding.value))
        report.add((node, SH.resultMessage, Literal(finding.message)))
        report.add((node, SH.sourceShape, finding.shape))
        report.add((node, SH.sourceConstraintComponent, COMPONENT))
        report.set((root, SH.conforms, Literal(False)))
