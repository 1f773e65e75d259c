"""Exports load anywhere, keep asserted and inferred facts apart, and give the same bytes every time."""

import os
import subprocess
import sys

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from hipskg import dataset
from hipskg.cli import main
from hipskg.export import FORMATS, selected_graphs, serialize
from hipskg.namespaces import GRAPH, INFERRED_GRAPH

RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_bytes_under_different_hash_seeds(fmt, tmp_path):
    outputs = []
    for seed in ("0", "1", "977"):
        target = tmp_path / f"{seed}.{fmt}"
        subprocess.run([sys.executable, "-m", "hipskg", "export", "--format", fmt, "--output", str(target)],
                       check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
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
    assert capsys.readouterr().err.startswith("hipskg export: no named graph https://w3id.org/hipskg/graph/nope in the build: choose one of ")
