"""The ontology is complete where the issue asks: labels, definitions, reuse, inverses, transitivity."""

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from hipskg import resources
from hipskg.namespaces import HIPS, ONTOLOGY, ONTOLOGY_GRAPH, ORG, SCHEMA


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(resources.ontology_file())


def terms(ontology: Graph, *kinds) -> set:
    return {term for kind in kinds for term in ontology.subjects(RDF.type, kind) if str(term).startswith(str(HIPS))}


def test_versioned_ontology(ontology):
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY, OWL.versionIRI) is not None
    assert ontology.value(ONTOLOGY, OWL.versionInfo) is not None


def test_every_class_and_property_has_a_label_and_a_definition(ontology):
    for term in terms(ontology, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDFS.Datatype):
        assert ontology.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
        assert ontology.value(term, SKOS.definition) is not None, f"{term} has no skos:definition"


def test_required_classes_exist(ontology):
    required = {
        "Procedure",
        "Chapter",
        "ProcedureSection",
        "Theme",
        "Toolkit",
        "TrainingCourse",
        "Webinar",
        "ELearning",
        "Legislation",
        "Act",
        "StatutoryGuidance",
        "Regulation",
        "Organisation",
        "Partnership",
        "Group",
        "Subgroup",
        "StatutoryPartner",
        "Agency",
        "EducationSetting",
        "Post",
        "Person",
        "Area",
        "Strategy",
        "Guidance",
        "Protocol",
        "FormOrTool",
        "DayInTheLifeTool",
        "CaseStudy",
        "Leaflet",
    }
    assert {HIPS[name] for name in required} <= terms(ontology, OWL.Class)


def test_object_properties_have_domain_or_range(ontology):
    for prop in terms(ontology, OWL.ObjectProperty):
        assert ontology.value(prop, RDFS.domain) is not None or ontology.value(prop, RDFS.range) is not None, prop


def test_standard_vocabularies_are_reused(ontology):
    assert (HIPS.Organisation, RDFS.subClassOf, ORG.Organization) in ontology
    assert (HIPS.Post, RDFS.subClassOf, ORG.Post) in ontology
    assert (HIPS.Theme, RDFS.subClassOf, SKOS.Concept) in ontology
    assert (HIPS.TrainingCourse, RDFS.subClassOf, SCHEMA.Course) in ontology
    assert (HIPS.subgroupOf, RDFS.subPropertyOf, ORG.subOrganizationOf) in ontology
    assert (HIPS.hasMember, RDFS.subPropertyOf, ORG.hasMember) in ontology


def test_inverse_and_transitive_properties(ontology):
    assert (HIPS.feedsInto, RDF.type, OWL.TransitiveProperty) in ontology
    assert (HIPS.subgroupOf, OWL.inverseOf, HIPS.hasSubgroup) in ontology
    assert (HIPS.convenedBy, OWL.inverseOf, HIPS.convenes) in ontology
    assert (HIPS.hasSection, OWL.inverseOf, HIPS.sectionOf) in ontology
    assert (HIPS.replaces, OWL.inverseOf, HIPS.replacedBy) in ontology


def test_every_term_the_data_uses_is_defined(ontology, built):
    quads = list(built.quads())
    used = {p for _, p, _, _ in quads if str(p).startswith(str(HIPS))}
    used |= {o for _, p, o, _ in quads if p == RDF.type and str(o).startswith(str(HIPS))}
    defined = {s for s in ontology.subjects() if str(s).startswith(str(HIPS))}
    assert used - defined == set()


def test_the_four_areas_carry_their_gss_codes_and_link_to_statistics_data_gov_uk(built):
    """As Acts link out to legislation.gov.uk: a typed skos:notation and a skos:exactMatch to the ONS IRI."""
    areas = {
        str(area): (
            [(str(code), code.datatype) for code in built.objects(area, SKOS.notation)],
            [str(link) for link in built.objects(area, SKOS.exactMatch)],
        )
        for area in built.subjects(RDF.type, HIPS.Area)
    }
    ons = "http://statistics.data.gov.uk/id/statistical-geography/"
    assert areas == {
        "https://w3id.org/hipskg/id/area/hampshire": ([("E10000014", HIPS.GSSCode)], [ons + "E10000014"]),
        "https://w3id.org/hipskg/id/area/isle-of-wight": ([("E06000046", HIPS.GSSCode)], [ons + "E06000046"]),
        "https://w3id.org/hipskg/id/area/portsmouth": ([("E06000044", HIPS.GSSCode)], [ons + "E06000044"]),
        "https://w3id.org/hipskg/id/area/southampton": ([("E06000045", HIPS.GSSCode)], [ons + "E06000045"]),
    }
    assert (HIPS.GSSCode, RDF.type, RDFS.Datatype) in built.graph(ONTOLOGY_GRAPH)
