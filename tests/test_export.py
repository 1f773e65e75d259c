"""Exports load anywhere, keep asserted and inferred facts apart, and give the same bytes every time."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, SKOS, XSD

from hipskg import dataset
from hipskg.cli import main
from hipskg.export import FORMATS, selected_graphs, serialize
from hipskg.namespaces import ENTITY_FAMILIES, GRAPH, HIPS, INFERRED_GRAPH, PREFIXES
from hipskg.rdfio import turtle, turtle_of_store_triples

ROOT = Path(__file__).resolve().parents[1]

RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_bytes_under_different_hash_seeds(fmt, tmp_path):
    outputs = []
    for seed in ("0", "1", "977"):
        target = tmp_path / f"{seed}.{fmt}"
        subprocess.run(
            [sys.executable, "-m", "hipskg", "export", "--format", fmt, "--output", str(target)],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


@pytest.mark.parametrize("fmt", sorted(RDFLIB_FORMATS))
def test_triple_formats_load_back_to_the_asserted_graph(built, fmt):
    graphs = selected_graphs(built)
    expected = Graph()
    for graph in graphs:
        expected += graph
    assert isomorphic(Graph().parse(data=serialize(graphs, fmt), format=RDFLIB_FORMATS[fmt]), expected)


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_quad_formats_keep_every_named_graph(built, fmt):
    loaded = Dataset()
    loaded.parse(data=serialize(selected_graphs(built), fmt), format={"trig": "trig", "nq": "nquads"}[fmt])
    sizes = {g.identifier: len(g) for g in loaded.graphs() if len(g)}
    assert sizes == {g.identifier: len(g) for g in selected_graphs(built)}


def test_asserted_by_default_inferred_when_asked(built):
    names = {g.identifier for g in selected_graphs(built)}
    assert INFERRED_GRAPH not in names and GRAPH["ontology"] not in names and GRAPH["labels"] in names
    reasoned = dataset.load()
    from hipskg.reason import with_inferences

    with_inferences(reasoned)
    assert INFERRED_GRAPH in {g.identifier for g in selected_graphs(reasoned, inferred=True)}
    assert INFERRED_GRAPH not in {g.identifier for g in selected_graphs(reasoned)}


def test_one_named_graph(capsys):
    assert main(["export", "--graph", "hipsg:hips-procedure-7-1", "--format", "nq"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(line.endswith("<https://w3id.org/hipskg/graph/hips-procedure-7-1> .") for line in lines)
    assert lines == sorted(lines)


def test_an_unknown_graph_is_one_line(capsys):
    assert main(["export", "--graph", "nope"]) == 2
    assert capsys.readouterr().err.startswith(
        "hipskg export: no named graph https://w3id.org/hipskg/graph/nope in the build: choose one of "
    )


def test_a_class_subset_holds_its_instances_and_what_they_link_to(built):
    from hipskg.export import class_subset, classes_named
    from hipskg.rdfio import merged

    ontology = built.graph(GRAPH["ontology"])
    subset = merged(class_subset(selected_graphs(built), classes_named(["hips:Webinar"], ontology), ontology))
    webinars = set(subset.subjects(RDF.type, HIPS.Webinar))
    assert len(webinars) == 97
    assert set(subset.subjects(RDF.type, HIPS.ELearning)) - webinars == set()  # courses offered only as eLearning stay out
    themes = {o for w in webinars for o in subset.objects(w, HIPS.coversTopic)}
    assert themes and all((t, SKOS.prefLabel, None) in subset for t in themes)  # linked nodes are described
    assert len(subset) == 1628 and len(set(subset.subjects())) == 116


def test_class_subset_takes_subclasses_and_keeps_named_graphs(capsys):
    assert main(["export", "--class", "Legislation", "--format", "nq"]) == 0
    lines = capsys.readouterr().out.splitlines()
    loaded = Dataset()
    loaded.parse(data="\n".join(lines), format="nquads")
    union = Graph()
    for graph in loaded.graphs():
        union += graph
    assert len(set(union.subjects(RDF.type, HIPS.Act))) == 19
    assert GRAPH["legislation"] in {g.identifier for g in loaded.graphs() if len(g)}


def test_an_unknown_class_is_named_with_suggestions(capsys):
    assert main(["export", "--class", "hips:Procedur"]) == 2
    assert capsys.readouterr().err == (
        "hipskg export: --class hips:Procedur: not a class of the ontology; "
        "did you mean hips:Procedure, hips:ProceduresManual, hips:ProcedureSection?\n"
    )


def test_json_ld_uses_the_curated_context(built):
    import json

    document = json.loads(serialize(selected_graphs(built), "jsonld"))
    shipped = json.loads((ROOT / "ontology" / "hipskg-context.jsonld").read_text())
    assert document["@context"] == shipped["@context"]
    executive = next(node for node in document["@graph"] if node["id"] == "https://w3id.org/hipskg/id/org/hips-executive")
    assert executive["prefLabel"] == "HIPS Executive" and executive["type"] == ["hips:Group", "hips:Organisation"]
    assert executive["chairedBy"] == [
        "https://w3id.org/hipskg/id/post/hips-executive/independent-chair",
        "https://w3id.org/hipskg/id/post/hips-executive/independent-chair-and-scrutineer",
    ]
    assert executive["standingSubgroupCount"] == ["3", "4"]  # the 2024 page and the 2020 export disagree
    ids = [node["id"] for node in document["@graph"]]
    assert ids == sorted(ids)


def test_the_context_has_a_short_term_for_every_property_of_the_ontology():
    import json

    context = json.loads((ROOT / "ontology" / "hipskg-context.jsonld").read_text())["@context"]
    ontology = Graph().parse(ROOT / "ontology" / "hipskg.ttl")
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            term = context[str(prop).removeprefix(str(HIPS))]
            assert term["@id"] == "hips:" + str(prop).removeprefix(str(HIPS))
            assert (term.get("@type") == "@id") == (kind == OWL.ObjectProperty)


def test_the_context_declares_the_prefix_of_every_vocabulary_the_project_declares():
    """A statement in any of the project's vocabularies (DCAT, VoID, SHACL ...) gets a compact key, never a full IRI.
    (The prefixes of the entity families name nodes, which JSON-LD writes as full IRIs: the context leaves them out.)"""
    import json

    context = json.loads((ROOT / "ontology" / "hipskg-context.jsonld").read_text())["@context"]
    vocabularies = {prefix: namespace for prefix, namespace in PREFIXES.items() if prefix not in ENTITY_FAMILIES}
    assert {prefix: context.get(prefix) for prefix in vocabularies} == vocabularies


def test_turtle_from_store_terms_is_the_turtle_of_the_same_rdflib_terms(built):
    """The writer for a store's own terms (pyoxigraph) gives the bytes the rdflib writer gives."""
    ox = pytest.importorskip("pyoxigraph", reason="pyoxigraph is not installed: pip install -e '.[test]'")
    union = dataset.union(built)
    union.add((HIPS.x, HIPS.copies, Literal("7", datatype=XSD.integer)))
    union.add((HIPS.x, HIPS.note, Literal('a "quoted"\\ line\nbreak', lang="en-gb")))
    text = union.serialize(format="nt")
    assert turtle_of_store_triples(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)) == turtle(union)
    # a lexical form Turtle would read as another type is written with its datatype
    flag = ox.Triple(ox.NamedNode(HIPS.x), ox.NamedNode(HIPS.flag), ox.Literal("1", datatype=ox.NamedNode(XSD.boolean)))
    assert turtle_of_store_triples([flag]).splitlines()[-1] == '    hips:flag "1"^^xsd:boolean .'
