"""The closed vocabulary (hipskg/validate/closed.py, shapes/hipskg-vocabulary.ttl): undefined hips: classes and
properties, entities without a type, properties outside their domain or range.

The rules are checked by hipskg after the SHACL engine, so every engine must give the same results: each test that
validates runs on every installed engine, pySHACL the reference included.
"""

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from hipskg import dataset, resources
from hipskg.cli import main
from hipskg.namespaces import HIPS, ID, ONTOLOGY_GRAPH, SHAPES, compact
from hipskg.rdfio import read_graph
from hipskg.validate import closed, load_shapes, validate
from hipskg.validate.engines import ENGINES
from tests.helpers import snapshot

ROOT = Path(__file__).resolve().parents[1]
INVALID = ROOT / "tests" / "fixtures" / "shacl" / "invalid"

PREFIXES = """
@prefix hips: <https://w3id.org/hipskg/def#> .
@prefix id: <https://w3id.org/hipskg/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""

# Each fixture: its one result as (shape, focus, path, value, message)
EXPECTED = {
    "undefined-property.ttl": (
        "hipsh:DefinedPropertyShape",
        "procedure:1-1",
        "hips:refersToo",
        "procedure:1-2",
        "hips:refersToo is not defined by the ontology; did you mean hips:refersTo?",
    ),
    "undefined-class.ttl": (
        "hipsh:DefinedClassShape",
        "course:recognising-neglect",
        "rdf:type",
        "hips:Webinarr",
        "hips:Webinarr is not defined by the ontology; did you mean hips:Webinar?",
    ),
    "entity-without-type.ttl": (
        "hipsh:TypedEntityShape",
        "body:fixture-neglect-task-group",
        "rdf:type",
        "",
        "has no type: state its class with rdf:type (its properties are those of hips:Group)",
    ),
    "property-outside-domain.ttl": (
        "hipsh:DomainShape",
        "section:1-1-recognising-significant-harm",
        "hips:underReview",
        "false",
        "hips:underReview is for hips:Procedure (its rdfs:domain), not hips:ProcedureSection",
    ),
    "value-outside-range.ttl": (
        "hipsh:RangeShape",
        "toolkit:professionals-domestic-abuse-toolkit",
        "hips:toolkitOf",
        "document:domestic-abuse-practitioner-guide",
        "hips:toolkitOf takes hips:Theme (its rdfs:range), not hips:Guidance",
    ),
}


@pytest.fixture(params=list(ENGINES))
def engine(request) -> str:
    if not ENGINES[request.param].available():
        pytest.skip(f"SHACL engine {request.param} is not installed: pip install {ENGINES[request.param].package}")
    return request.param


def ontology() -> Graph:
    return read_graph(resources.ontology_file())


def found(text: str) -> list[tuple[str, str, str, str, str]]:
    """The closed-vocabulary findings of a small Turtle graph, as (shape, focus, path, value, message), in order."""
    data = Graph().parse(data=PREFIXES + text, format="turtle")
    return sorted(
        (compact(f.shape), compact(f.focus), compact(f.path), compact(f.value), f.message)
        for f in closed.findings(data, ontology())
    )


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_rule_gives_its_one_result_on_every_engine(engine, name):
    checked, _ = dataset.load_files([INVALID / name])
    report = validate(dataset.union(checked), engine=engine)
    assert [(r.shape_name, compact(r.focus), r.path_text, compact(r.value), r.message, r.severity) for r in report.results] == [
        (*EXPECTED[name], SH.Violation)
    ]
    assert not report.conforms


def test_a_misspelt_property_fails_hipskg_validate_naming_the_property_meant(engine, capsys):
    path = INVALID / "undefined-property.ttl"
    assert main(["validate", "--engine", engine, str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "hipsh:DefinedPropertyShape  (1 result)",
        f'  procedure:1-1 "Significant Harm"  [{dataset.shown(path)}]',
        "    Violation hips:refersToo = procedure:1-2: hips:refersToo is not defined by the ontology; did you mean hips:refersTo?",
        "",
        f"DOES NOT CONFORM: 1 violation, 0 warnings, 0 infos  (1 file, SHACL engine {engine})",
    ]


def test_the_results_are_shacl_results_in_the_report_graph(engine, capsys):
    """As --format turtle writes them: a sh:ValidationResult with focus node, path, value, message, severity, source
    shape and source constraint component, and a report that no longer conforms."""
    assert main(["validate", "--engine", engine, "--format", "turtle", str(INVALID / "undefined-property.ttl")]) == 1
    report = Graph().parse(data=capsys.readouterr().out, format="turtle")
    (result,) = report.subjects(RDF.type, SH.ValidationResult)
    assert {(p, o) for p, o in report.predicate_objects(result)} == {
        (RDF.type, SH.ValidationResult),
        (SH.focusNode, URIRef("https://w3id.org/hipskg/id/procedure/1-1")),
        (SH.resultPath, HIPS.refersToo),
        (SH.value, URIRef("https://w3id.org/hipskg/id/procedure/1-2")),
        (SH.resultMessage, Literal("hips:refersToo is not defined by the ontology; did you mean hips:refersTo?")),
        (SH.resultSeverity, SH.Violation),
        (SH.sourceShape, SHAPES.DefinedPropertyShape),
        (SH.sourceConstraintComponent, SHAPES.ClosedVocabularyConstraintComponent),
    }
    assert set(report.objects(None, SH.conforms)) == {Literal(False)}


def test_the_committed_data_uses_the_closed_vocabulary(built):
    assert closed.findings(dataset.asserted(built), built.graph(ONTOLOGY_GRAPH)) == []


def test_every_rule_has_its_shape_in_the_project_shapes():
    assert closed.rules(load_shapes()) == set(closed.RULES)


def test_shapes_without_the_rules_are_not_checked_for_them():
    """A caller's own shapes: the misspelt property is none of their business."""
    shapes = Graph().parse(
        format="turtle",
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetNode ex:nothing ; sh:property [ sh:path ex:p ; sh:maxCount 1 ] .""",
    )
    data = Graph().parse(data=PREFIXES + "id:x a hips:Procedure ; hips:refersToo id:y .", format="turtle")
    assert validate(data, shapes=shapes).results == ()


def test_a_deactivated_rule_is_not_checked():
    shapes = load_shapes()
    shapes.add((SHAPES.DefinedPropertyShape, SH.deactivated, Literal(True)))
    data = Graph().parse(data=PREFIXES + 'id:x a hips:Theme ; skos:prefLabel "X"@en ; hips:refersToo id:y .', format="turtle")
    assert closed.DEFINED_PROPERTY not in {r.shape for r in validate(data, shapes=shapes).results}


def test_a_class_used_as_a_property_and_a_property_as_a_class():
    assert found("id:x a hips:refersTo ; hips:Procedure id:y .") == [
        ("hipsh:DefinedClassShape", "hipsid:x", "rdf:type", "hips:refersTo", "hips:refersTo is not a class of the ontology"),
        (
            "hipsh:DefinedPropertyShape",
            "hipsid:x",
            "hips:Procedure",
            "hipsid:y",
            "hips:Procedure is not a property of the ontology; did you mean hips:hasProcedure or hips:procedureNumber?",
        ),
    ]


def test_a_term_close_to_nothing_says_so():
    assert found("id:x a hips:Procedure ; hips:zzzqqq id:y .") == [
        (
            "hipsh:DefinedPropertyShape",
            "hipsid:x",
            "hips:zzzqqq",
            "hipsid:y",
            "hips:zzzqqq is not defined by the ontology, nor is any term close to it (its terms: https://w3id.org/hipskg/def)",
        )
    ]


def test_terms_of_other_vocabularies_are_not_closed():
    assert found("id:x a hips:Theme , skos:Concept ; skos:madeUpProperty 1 ; prov:invented id:y .") == []


def test_a_value_outside_the_range_gets_the_fitting_property_of_a_close_name():
    """hips:coversTopic names a theme or topic (skos:Concept); a form or tool is what hips:coversTool names."""
    assert found("id:course a hips:TrainingCourse ; hips:coversTopic id:tool . id:tool a hips:FormOrTool .") == [
        (
            "hipsh:RangeShape",
            "hipsid:course",
            "hips:coversTopic",
            "hipsid:tool",
            "hips:coversTopic takes skos:Concept (its rdfs:range), not hips:FormOrTool; did you mean hips:coversTool?",
        )
    ]


def test_a_literal_outside_the_range_is_named_by_its_datatype():
    assert found('id:s a hips:ProcedureSection ; hips:subheading "untagged" , "tagged"@en ; hips:sectionOf "3.1" .') == [
        (
            "hipsh:RangeShape",
            "hipsid:s",
            "hips:sectionOf",
            "3.1",
            "hips:sectionOf takes hips:Procedure (its rdfs:range), not the literal xsd:string; did you mean hips:sourceSection?",
        ),
        (
            "hipsh:RangeShape",
            "hipsid:s",
            "hips:subheading",
            "untagged",
            "hips:subheading takes rdf:langString (its rdfs:range), not the literal xsd:string",
        ),
    ]


def test_the_class_hierarchy_and_the_property_hierarchy_count():
    """A hips:Subgroup is a hips:Group, so hips:convenedBy fits it; hips:convenedBy is a subproperty of hips:subgroupOf,
    so a hips:Agency (no hips:Group) is outside its domain (hips:Group, declared on both)."""
    assert found(
        "id:g a hips:Subgroup ; hips:convenedBy id:b . id:a a hips:Agency ; hips:convenedBy id:b . id:b a hips:Group ."
    ) == [
        (
            "hipsh:DomainShape",
            "hipsid:a",
            "hips:convenedBy",
            "hipsid:b",
            "hips:convenedBy is for hips:Group (its rdfs:domain), not hips:Agency",
        )
    ]


def test_an_untyped_node_or_one_of_an_undefined_class_is_reported_once():
    """Not again by the domain of its properties, nor by the range of the properties that name it."""
    assert found('id:a hips:procedureNumber "1.1" . id:b a hips:Theme ; hips:listsCourse id:c . id:c a hips:Themes .') == [
        (
            "hipsh:DefinedClassShape",
            "hipsid:c",
            "rdf:type",
            "hips:Themes",
            "hips:Themes is not defined by the ontology; did you mean hips:Theme?",
        ),
        (
            "hipsh:TypedEntityShape",
            "hipsid:a",
            "rdf:type",
            "",
            "has no type: state its class with rdf:type (its properties are those of hips:Procedure)",
        ),
    ]


def test_a_value_that_is_no_subject_of_the_data_is_outside_a_class_range():
    assert found("id:p a hips:Procedure ; hips:inChapter id:nowhere .") == [
        (
            "hipsh:RangeShape",
            "hipsid:p",
            "hips:inChapter",
            "hipsid:nowhere",
            "hips:inChapter takes hips:Chapter (its rdfs:range), not an entity without a type",
        )
    ]


def test_a_finding_an_engine_already_reports_as_a_violation_is_written_once(engine):
    """hips:ClassroomMode is no delivery mode: the shapes' sh:in says so, and the range would say it again."""
    checked, _ = dataset.load_files([INVALID / "unknown-delivery-mode.ttl"])
    data = dataset.union(checked)
    assert [compact(f.shape) for f in closed.findings(data, ontology())] == ["hipsh:RangeShape"]
    report = validate(data, engine=engine)
    assert [r.shape_name for r in report.results] == ["hipsh:TrainingCourseShape hips:deliveryMode"]


def test_blank_nodes_are_checked_like_iris():
    data = Graph()
    node = BNode()
    data.add((node, RDF.type, HIPS.Procedure))
    data.add((node, HIPS.refersToo, URIRef("https://w3id.org/hipskg/id/y")))
    (finding,) = closed.findings(data, ontology())
    assert (finding.shape, finding.focus) == (closed.DEFINED_PROPERTY, node)
    assert finding.message.startswith("hips:refersToo is not defined by the ontology")


def test_the_ingest_publishes_no_misspelt_property(seeds, data, capsys):
    """The publication gate is hipskg.validate.validate: curated data naming hips:refersToo stops the ingest."""
    curated = data / "curated" / "hips-procedures-manual-search-export.ttl"
    with curated.open("a", encoding="utf-8") as file:
        file.write(f"\n<{ID['procedure/3-11']}> <{HIPS.refersToo}> <{ID['procedure/3-1']}> .\n")
    before = snapshot(data)
    assert main(["ingest", str(seeds), "--data", str(data)]) == 1
    out = capsys.readouterr().out
    assert "hipsh:DefinedPropertyShape  (1 result)\n" in out
    assert (
        "    Violation hips:refersToo = procedure:3-1: hips:refersToo is not defined by the ontology; did you mean hips:refersTo?\n"
        in out
    )
    assert snapshot(data) == before
