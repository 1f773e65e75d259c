"""Reasoning: what the ontology implies about the real data, engines that agree, inconsistencies named."""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF, SKOS

from hipskg import dataset
from hipskg.cli import main
from hipskg.namespaces import HIPS, ID, SCHEMA
from hipskg.rdfio import NTriples
from hipskg.reason import ENGINES, EngineUnavailable, ReasoningError, infer

from .helpers import ROOT

EXECUTIVE = ID["org/hips-executive"]


@pytest.fixture(scope="module")
def inferred(built) -> Graph:
    return infer(dataset.union(built)).graph


def test_inverse_properties(inferred):
    assert (EXECUTIVE, HIPS.convenes, ID["org/hips-procedures-group"]) in inferred
    assert (ID["section/1-1/introduction"], HIPS.sectionOf, ID["procedure/1-1"]) in inferred
    assert (ID["legislation/children-act-2004"], HIPS.citedBy, ID["procedure/7-2"]) in inferred


def test_transitive_feeds_into(inferred):
    # the Education Subgroup reports to the Southampton partnership, which feeds into the HIPS Executive
    assert (ID["org/scasp-education-subgroup"], HIPS.feedsInto, EXECUTIVE) in inferred


def test_class_hierarchy(inferred):
    course = ID["course/introduction-to-the-child-exploitation-risk-assessment-framework"]
    assert (course, RDF.type, HIPS.TrainingCourse) not in inferred  # asserted already
    assert (course, RDF.type, SCHEMA.Course) in inferred
    assert (ID["org/cantell-school"], RDF.type, HIPS.EducationSetting) in inferred
    assert (ID["theme/prevent"], RDF.type, SKOS.Concept) in inferred


def test_sub_properties_onto_standard_vocabularies(inferred):
    assert (ID["org/hips-procedures-group"], ORG.subOrganizationOf, EXECUTIVE) in inferred
    assert (EXECUTIVE, ORG.hasSubOrganization, ID["org/hips-health-group"]) in inferred


def test_noise_is_dropped(inferred):
    assert not any(isinstance(s, Literal) for s in inferred.subjects())
    assert not any(s == o for s, p, o in inferred.triples((None, URIRef("http://www.w3.org/2002/07/owl#sameAs"), None)))
    assert not any(str(s).startswith(str(HIPS)) for s in inferred.subjects())


@pytest.mark.parametrize("engine", [name for name, engine in ENGINES.items() if engine.available() and name != "owlrl"])
def test_fast_engine_infers_what_owlrl_infers(built, engine):
    data = dataset.union(built)
    assert set(infer(data, engine=engine).graph) == set(infer(data, engine="owlrl").graph)


def test_disjoint_classes_are_an_inconsistency():
    data = Graph()
    data.add((ID["person/x"], RDF.type, HIPS.Person))
    data.add((ID["person/x"], RDF.type, HIPS.Organisation))
    with pytest.raises(ReasoningError) as error:
        infer(data)
    assert str(error.value) == "inconsistent data: person:x is both hips:Person and hips:Organisation, which are disjoint"


def test_a_functional_property_with_two_values_is_an_inconsistency():
    data = Graph()
    data.add((ID["org/g"], RDF.type, HIPS.Group))
    data.add((ID["org/g"], HIPS.meetingFrequency, HIPS.Monthly))
    data.add((ID["org/g"], HIPS.meetingFrequency, HIPS.Quarterly))
    with pytest.raises(ReasoningError) as error:
        infer(data)
    assert (
        str(error.value)
        == "inconsistent data: body:g has 2 values of functional hips:meetingFrequency: hips:Monthly, hips:Quarterly"
    )


def test_reason_command_prints_counts_by_property(capsys, tmp_path):
    output = tmp_path / "inferred.ttl"
    assert main(["reason", "--output", str(output)]) == 0
    data, *lines = capsys.readouterr().out.splitlines()
    assert data == f"data: data (the hipskg checkout at {ROOT})"  # the tests run in the checkout
    assert lines[0].split() == ["1464", "rdf:type"]
    assert lines[-2].startswith("4102 inferred statements (owlrl closure by ")
    assert len(Graph().parse(output)) == 4102


def test_rdfs_profile(capsys):
    assert main(["reason", "--profile", "rdfs"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("2656 inferred statements (rdfs closure by owlrl")


@pytest.mark.parametrize("engine", ["rules", "reasonable", "owlrl"])
def test_n_triples_text_gives_the_same_inferences_as_a_graph(built, engine):
    if not ENGINES[engine].available():
        pytest.skip(f"{engine} is not installed")
    data = dataset.union(built)
    text = NTriples(data.serialize(format="nt"))
    assert set(infer(text, engine=engine).graph) == set(infer(data, engine=engine).graph)


def test_a_schema_beyond_the_rules_engine_goes_to_a_general_engine():
    ontology = Graph().parse(
        data="""
        @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix ex: <https://w3id.org/hipskg/def#> .
        ex:Panel owl:equivalentClass ex:Group .""",
        format="turtle",
    )
    data = Graph().add((ID["org/x"], RDF.type, HIPS.Panel))
    with pytest.raises(
        EngineUnavailable,
        match="the rules engine cannot reason here: the schema uses .*equivalentClass; use --engine reasonable or owlrl",
    ):
        infer(data, ontology, engine="rules")
    inference = infer(data, ontology)
    assert inference.engine != "rules" and (ID["org/x"], RDF.type, HIPS.Group) in inference.graph
