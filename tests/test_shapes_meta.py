"""The shapes themselves: they cover the ontology, are well-formed SHACL, name only terms the ontology
defines, and their SPARQL parses.

Well-formedness is checked with pySHACL's meta-validation: ``pyshacl.validate(..., meta_shacl=True)``
first validates the shapes graph against "SHACL for SHACL" (the W3C's shacl-shacl shapes graph,
which pySHACL ships in ``pyshacl/assets/shacl-shacl.ttl`` and loads from a pickle of it) and raises
``ReportableRuntimeError`` when the shapes do not conform; ``pyshacl.entrypoints.meta_validate``
does that step alone and returns the usual ``(conforms, report graph, report text)``. SHACL for SHACL
covers a subset of the syntax rules only (the counts, datatypes and node kinds of the constraint
parameters, well-formed lists and paths, one sh:path per property shape); it does not look inside
sh:select, check a sh:pattern is a valid regular expression or that a sh:severity is one of the
three severities, so those are checked here by hand.
"""

import re
from functools import cache

import pytest
from pyshacl import validate as pyshacl_validate
from pyshacl.entrypoints import meta_validate
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from hipskg import dataset, resources
from hipskg.namespaces import HIPS, SHAPES, compact
from hipskg.rdfio import read_graph
from hipskg.validate import load_shapes

PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
PATH_STEPS = (SH.inversePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath)


@cache
def ontology() -> Graph:
    return read_graph(resources.ontology_file())


def shapes() -> Graph:
    """A fresh copy of the project's shapes graph (both files), so a test may break it."""
    return load_shapes()


def in_hips(node: Node) -> bool:
    return isinstance(node, URIRef) and node.startswith(str(HIPS))


def classes(graph: Graph) -> set[URIRef]:
    return {c for c in graph.subjects(RDF.type, OWL.Class) if in_hips(c)}


def properties(graph: Graph) -> set[URIRef]:
    return {p for kind in PROPERTY_TYPES for p in graph.subjects(RDF.type, kind) if in_hips(p)}


def defined(graph: Graph) -> set[URIRef]:
    """Every hips: term the ontology types: classes, properties and controlled-list individuals."""
    return {s for s in graph.subjects(RDF.type, None) if in_hips(s)}


def path_iris(shapes_graph: Graph, path: Node) -> set[URIRef]:
    """The property IRIs a SHACL path is made of: p, ^p, p*, (p|q), p/q and their nestings."""
    if isinstance(path, URIRef):
        return {path}
    for step in PATH_STEPS:
        inner = shapes_graph.value(path, step)
        if inner is not None:
            return path_iris(shapes_graph, inner)
    alternatives = shapes_graph.value(path, SH.alternativePath)
    members = (
        Collection(shapes_graph, alternatives)
        if alternatives is not None
        else (Collection(shapes_graph, path) if shapes_graph.value(path, RDF.first) is not None else [])
    )
    return set().union(*(path_iris(shapes_graph, member) for member in members)) if members else set()


def untargeted_classes(shapes_graph: Graph, ontology_graph: Graph) -> set[URIRef]:
    targeted = {c for shape in shapes_graph.subjects(RDF.type, SH.NodeShape) for c in shapes_graph.objects(shape, SH.targetClass)}
    return classes(ontology_graph) - targeted


def undefined_terms(shapes_graph: Graph, ontology_graph: Graph) -> set[str]:
    """hips: terms the shapes use but the ontology does not define as the right kind of thing, as 'where: term'."""
    known_classes, known_properties, known = classes(ontology_graph), properties(ontology_graph), defined(ontology_graph)
    problems = set()
    for path in shapes_graph.objects(None, SH.path):
        for iri in path_iris(shapes_graph, path):
            if in_hips(iri) and iri not in known_properties:
                problems.add(f"sh:path: {compact(iri)}")
    for parameter in (SH.targetClass, SH["class"]):
        for value in shapes_graph.objects(None, parameter):
            if in_hips(value) and value not in known_classes:
                problems.add(f"{compact(parameter)}: {compact(value)}")
    for parameter in (SH.targetSubjectsOf, SH.targetObjectsOf):
        for value in shapes_graph.objects(None, parameter):
            if in_hips(value) and value not in known_properties:
                problems.add(f"{compact(parameter)}: {compact(value)}")
    for value in shapes_graph.objects(None, SH.targetNode):
        if in_hips(value) and value not in known:
            problems.add(f"sh:targetNode: {compact(value)}")
    for value in shapes_graph.objects(None, SH.hasValue):
        if in_hips(value) and value not in known:
            problems.add(f"sh:hasValue: {compact(value)}")
    for members in shapes_graph.objects(None, SH["in"]):
        for value in Collection(shapes_graph, members):
            if in_hips(value) and value not in known:
                problems.add(f"sh:in: {compact(value)}")
    for select in shapes_graph.objects(None, SH.select):
        for local in re.findall(r"\bhips:([A-Za-z_][\w-]*)", str(select)):
            if HIPS[local] not in known:
                problems.add(f"sh:select: hips:{local}")
    return problems


def declared_prefixes(shapes_graph: Graph, constraint: Node) -> dict[str, str]:
    prefixes = {}
    for holder in shapes_graph.objects(constraint, SH.prefixes):
        for declaration in shapes_graph.objects(holder, SH.declare):
            prefixes[str(shapes_graph.value(declaration, SH.prefix))] = str(shapes_graph.value(declaration, SH.namespace))
    return prefixes


def used_prefixes(select: str) -> set[str]:
    """The prefixes of the prefixed names in a query, read from its parse tree (not from string literals)."""
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, CompValue):
            if node.name == "pname":
                found.add(node.get("prefix") or "")
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)) or hasattr(node, "asList"):
            for value in node:
                walk(value)

    walk(parseQuery(select))
    return found


def sparql_constraints(shapes_graph: Graph) -> list[tuple[Node, Node, str]]:
    """(node shape, constraint, query text) of every sh:sparql constraint."""
    return sorted(
        (
            (shape, constraint, str(shapes_graph.value(constraint, SH.select)))
            for shape, constraint in shapes_graph.subject_objects(SH.sparql)
        ),
        key=lambda t: str(t[0]),
    )


def meta_results(report: Graph) -> set[tuple[str, str, str]]:
    """(focus, result path, constraint component) of each result of a meta-validation report."""
    return {
        (
            compact(report.value(r, SH.focusNode)),
            compact(report.value(r, SH.resultPath)),
            compact(report.value(r, SH.sourceConstraintComponent)),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }


# --- (a) every class of the ontology has a node shape ---------------------------------------------------


def test_every_hips_class_is_the_target_class_of_a_node_shape():
    assert len(classes(ontology())) > 40
    assert untargeted_classes(shapes(), ontology()) == set()


def test_a_class_without_a_node_shape_is_noticed():
    broken = shapes()
    broken.remove((SHAPES.GroupShape, SH.targetClass, HIPS.Group))
    assert untargeted_classes(broken, ontology()) == {HIPS.Group}


# --- (b) the shapes are well-formed SHACL (SHACL for SHACL) -------------------------------------------


def test_the_shapes_conform_to_shacl_for_shacl():
    conforms, report, text = meta_validate(shapes())
    assert conforms, text


def test_pyshacl_validate_with_meta_shacl_accepts_the_shapes():
    conforms, _, text = pyshacl_validate(Graph(), shacl_graph=shapes(), meta_shacl=True)
    assert conforms, text


def test_a_min_count_that_is_not_an_integer_fails_shacl_for_shacl():
    broken = shapes()
    broken.set((SHAPES.prefLabel, SH.minCount, Literal("one")))
    conforms, report, _ = meta_validate(broken)
    assert not conforms
    assert meta_results(report) == {("hipsh:prefLabel", "sh:minCount", "sh:DatatypeConstraintComponent")}


def test_a_property_shape_with_two_paths_fails_shacl_for_shacl():
    broken = shapes()
    broken.add((SHAPES.prefLabel, SH.path, URIRef("http://www.w3.org/2004/02/skos/core#altLabel")))
    conforms, report, _ = meta_validate(broken)
    assert not conforms
    # two paths make it no property shape (sh:path maxCount 1) and, having a path, no node shape either
    assert meta_results(report) == {
        ("hipsh:prefLabel", "sh:path", "sh:MaxCountConstraintComponent"),
        ("hipsh:prefLabel", "", "sh:XoneConstraintComponent"),
    }


def test_pyshacl_validate_with_meta_shacl_refuses_broken_shapes():
    broken = shapes()
    broken.set((SHAPES.prefLabel, SH.minCount, Literal("one")))
    with pytest.raises(ReportableRuntimeError, match="does not validate against the SHACL Shapes SHACL"):
        pyshacl_validate(Graph(), shacl_graph=broken, meta_shacl=True)


# What SHACL for SHACL leaves out, checked by hand.


def test_every_severity_is_one_of_the_three():
    assert set(shapes().objects(None, SH.severity)) <= {SH.Violation, SH.Warning, SH.Info}


def test_every_pattern_is_a_regular_expression():
    for pattern in shapes().objects(None, SH.pattern):
        re.compile(str(pattern))


def test_every_message_is_english():
    messages = list(shapes().objects(None, SH.message))
    assert messages and all(isinstance(m, Literal) and m.language == "en" for m in messages)


# --- (c) the shapes name only terms the ontology defines ------------------------------------------------


def test_every_hips_term_in_the_shapes_is_defined_in_the_ontology():
    assert undefined_terms(shapes(), ontology()) == set()


def test_a_typo_in_a_path_class_or_value_is_caught():
    broken = shapes()
    typos = {
        HIPS.meetingFrequency: HIPS.meetingFrequncy,  # a path
        HIPS.Chapter: HIPS.Chapters,  # a target class and sh:class
        HIPS.Quarterly: HIPS.Quaterly,  # a member of sh:in
        HIPS.refersTo: HIPS.refersTo,  # unchanged (the SPARQL typo is below)
    }
    for s, p, o in list(broken):
        if o in typos and typos[o] != o:
            broken.remove((s, p, o))
            broken.add((s, p, typos[o]))
    for constraint, select in list(broken.subject_objects(SH.select)):
        if "hips:refersTo ?value" in str(select):
            broken.set((constraint, SH.select, Literal(str(select).replace("hips:refersTo ?value", "hips:refers ?value"))))
    assert undefined_terms(broken, ontology()) == {
        "sh:path: hips:meetingFrequncy",
        "sh:targetClass: hips:Chapters",
        "sh:class: hips:Chapters",
        "sh:targetNode: hips:Chapters",  # hipsh:NoDuplicateEntities targets the class itself
        "sh:in: hips:Quaterly",
        "sh:select: hips:refers",
    }


def test_paths_are_read_through_inverse_and_alternative_paths():
    graph = shapes()
    found = set().union(*(path_iris(graph, path) for path in graph.objects(None, SH.path) if isinstance(path, BNode)))
    assert {HIPS.listsCourse, HIPS.hasSection, HIPS.inManual, HIPS.subgroupOf, HIPS.convenedBy, HIPS.reportsTo} <= found


# --- (d) every SPARQL constraint parses -----------------------------------------------------------------


def test_there_are_the_eight_sparql_constraints():
    assert [compact(shape) for shape, _, _ in sparql_constraints(shapes())] == [
        "hipsh:AreaLinkIsItsCode",
        "hipsh:NoDuplicateEntities",
        "hipsh:NoDuplicateToolkits",
        "hipsh:NoGovernanceCycle",
        "hipsh:ProcedureNumberMatchesChapter",
        "hipsh:ProcedureReferencesResolve",
        "hipsh:SuccessorIsInTheGraph",
        "hipsh:TombstoneIsNotLive",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "NoDuplicateEntities",
        "NoDuplicateToolkits",
        "NoGovernanceCycle",
        "ProcedureReferencesResolve",
        "SuccessorIsInTheGraph",
        "TombstoneIsNotLive",
    ],
)
def test_each_sparql_select_parses_with_its_declared_prefixes_and_projects_this(name):
    graph = shapes()
    [(constraint, select)] = [(c, q) for s, c, q in sparql_constraints(graph) if s == SHAPES[name]]
    prefixes = declared_prefixes(graph, constraint)
    assert {"hips", "rdfs", "skos"} <= set(prefixes)
    assert used_prefixes(select) <= set(prefixes), "a prefix the constraint does not declare"
    query = prepareQuery(select, initNs=prefixes)
    assert Variable("this") in query.algebra["PV"]
    # SHACL-SPARQL pre-binds $this: the spec rules out MINUS, VALUES and SERVICE in such queries
    assert not re.search(r"\b(MINUS|VALUES|SERVICE)\b", select, re.I)


def test_a_prefix_the_constraint_does_not_declare_is_caught():
    """rdflib resolves some thirty well-known prefixes (schema:, owl:, prov:, ...) undeclared, so a
    query parsing in rdflib proves nothing about sh:declare; a spec-following engine needs each declared."""
    graph = shapes()
    constraint, select = next((c, q) for s, c, q in sparql_constraints(graph) if s == SHAPES.ProcedureReferencesResolve)
    prefixes = declared_prefixes(graph, constraint)
    broken = select.replace("hips:Procedure ;", "schema:Procedure ;")
    prepareQuery(broken, initNs=prefixes)  # no error: rdflib knows schema: by itself
    assert used_prefixes(broken) - set(prefixes) == {"schema"}
    with pytest.raises(Exception, match="Unknown namespace prefix : nosuch"):
        prepareQuery(select.replace("hips:Procedure ;", "nosuch:Procedure ;"), initNs=prefixes)


def _paths(shapes: Graph, node) -> set:
    """The properties a shape's property shapes constrain (an inverse path as ("^", property))."""
    found: set = set()

    def walk(path) -> None:
        if isinstance(path, URIRef):
            found.add(path)
        elif (inverse := shapes.value(path, SH.inversePath)) is not None:
            found.add(("^", inverse))
        elif (alternatives := shapes.value(path, SH.alternativePath)) is not None:
            for step in Collection(shapes, alternatives):
                walk(step)

    for property_shape in shapes.objects(node, SH.property):
        walk(shapes.value(property_shape, SH.path))
    return found


def test_every_property_the_data_uses_on_a_class_has_a_property_shape(built):
    ontology = Graph().parse(resources.ontology_file())
    shapes = load_shapes()
    constrained: dict = {}
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        for cls in shapes.objects(node_shape, SH.targetClass):
            constrained.setdefault(cls, set()).update(_paths(shapes, node_shape))
    data = dataset.union(built)
    uncovered = set()
    for subject in set(data.subjects()):
        classes = {c for t in data.objects(subject, RDF.type) for c in ontology.transitive_objects(t, RDFS.subClassOf)}
        allowed = set().union(*(constrained.get(c, set()) for c in classes)) if classes else set()
        if not any(str(c).startswith(str(HIPS)) for c in classes):
            continue
        uncovered |= {
            (compact(t), compact(p))
            for p in data.predicates(subject)
            if p != RDF.type and p not in allowed
            for t in data.objects(subject, RDF.type)
        }
    assert uncovered == set()
