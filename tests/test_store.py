"""One store interface, three stores: the same graphs and the same catalogue answers in each."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from hipskg.catalogue import bind, catalogue
from hipskg.cli import main
from hipskg.namespaces import GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH
from hipskg.reason import infer
from hipskg.store import OxigraphStore, RdflibStore, StoreError, configured, open_store, sources

from .helpers import oxigraph_server

ROOT = Path(__file__).resolve().parents[1]
pytest.importorskip("pyoxigraph", reason="the oxigraph store needs pyoxigraph: pip install -e '.[test]' installs it")


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """The committed data loaded into each kind of store."""
    with oxigraph_server(tmp_path_factory.mktemp("server")) as url:
        opened = {
            "rdflib": open_store("rdflib"),
            "oxigraph-memory": open_store("oxigraph"),
            "oxigraph": open_store(f"oxigraph:{tmp_path_factory.mktemp('oxigraph') / 'store'}"),
            "endpoint": open_store(f"endpoint:{url}/query"),
        }
        for store in opened.values():
            store.load(sources(ROOT / "data"))
        yield opened
        for store in opened.values():
            store.close()


def answer(store, query, *, inferred=False):
    """A catalogue query's answer on ``store``: a SELECT's rows in the order they came (every query orders totally)."""
    examples = {parameter.name: parameter.example for parameter in query.parameters}
    result = store.query(query.text, bind(query, store.query, examples), inferred=inferred)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph
    if result.type == "ASK":
        return result.askAnswer
    return [tuple(sorted((str(k), v.n3()) for k, v in row.items() if v is not None)) for row in result.bindings]


def number(store, text, *, inferred=False):
    """The number ?n a counting query gives."""
    return int(store.query(text, inferred=inferred).bindings[0][Variable("n")])


@pytest.fixture(scope="module")
def reference(stores):
    """Each catalogue query's answer on the rdflib store, before any inferred facts are stored: what every store, with
    or without the inferred facts, must answer (computed once: rdflib's SPARQL takes half a minute for the catalogue)."""
    return {query.name: answer(stores["rdflib"], query) for query in catalogue().values()}


def agree(found, expected):
    return isomorphic(found, expected) if isinstance(expected, Graph) else found == expected


def test_every_store_holds_the_same_named_graphs(stores, built):
    expected = {g.identifier: len(g) for g in built.graphs() if len(g)}
    assert expected[ONTOLOGY_GRAPH] and len(expected) == 12
    for name, store in stores.items():
        assert store.graphs() == expected, name


def test_the_catalogue_gives_the_same_answers_on_every_store(stores, reference):
    for query in catalogue().values():
        for name, store in stores.items():
            if name == "rdflib":
                continue  # the reference's own answers
            assert agree(answer(store, query), reference[query.name]), (query.name, name)
    assert len(reference["training-covering"]) == 2


def test_inferred_facts_are_read_only_when_asked_and_kept_for_the_next_query(stores, reference):
    count = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    asserted = {name: number(store, count) for name, store in stores.items()}
    inference = infer(stores["rdflib"].asserted())
    try:
        for store in stores.values():
            store.put(INFERRED_GRAPH, inference.graph)
        for name, store in stores.items():
            assert number(store, count) == asserted[name], name
            assert INFERRED_GRAPH in store.graph_names(), name
            with_inferred = number(store, count, inferred=True)
            assert with_inferred == asserted[name] + 2 * len(inference.graph), name  # in the default graph and GRAPH ?g
        # the counts above show that a query not asking for the inferred facts reads none of them; one that asks (as
        # queries do by default) gets the same catalogue answers: the catalogue reports facts as the sources state them
        for query in catalogue().values():
            for name, store in stores.items():
                assert agree(answer(store, query, inferred=True), reference[query.name]), (query.name, name)
    finally:
        for store in stores.values():
            store.put(INFERRED_GRAPH, Graph())


def test_an_ad_hoc_count_on_oxigraph_counts_a_triple_of_two_graphs_twice(stores):
    """As README says: the catalogue's counts are COUNT(DISTINCT ...) and agree; a plain COUNT(*) does not."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    distinct = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    counts = {name: (number(store, count), number(store, distinct)) for name, store in stores.items()}
    assert counts["rdflib"][0] == counts["rdflib"][1]
    assert counts["oxigraph"][0] > counts["oxigraph"][1] == counts["rdflib"][1]
    assert len({pair[1] for pair in counts.values()}) == 1


def test_every_count_of_the_catalogue_counts_distinct_values():
    for query in catalogue().values():
        counts = re.findall(r"COUNT\((.*?)\)", query.text)
        assert all(argument.startswith("DISTINCT ") for argument in counts), query.name


def test_a_dataset_copy_holds_every_statement(stores, built):
    for name in ("oxigraph", "endpoint"):
        copy = stores[name].dataset()
        assert {g.identifier: len(g) for g in copy.graphs() if len(g)} == {
            g.identifier: len(g) for g in built.graphs() if len(g)
        }, name


def test_reloading_the_oxigraph_store_reads_only_what_changed(data, tmp_path):
    store = OxigraphStore(tmp_path / "store")
    first = store.load(sources(data))
    assert len(first.loaded) == 12 and not first.kept
    store.put(INFERRED_GRAPH, Graph().add((URIRef("https://w3id.org/hipskg/id/x"), RDFS.label, Literal("x"))))
    assert store.load(sources(data)).loaded == {}  # nothing changed: the inferred facts stay

    changed = data / "curated" / "tools.ttl"
    changed.write_text(
        changed.read_text() + '\n<https://w3id.org/hipskg/id/tool/new> <http://www.w3.org/2000/01/rdf-schema#label> "New"@en .\n'
    )
    (data / "curated" / "documents.ttl").unlink()
    second = store.load(sources(data))
    assert list(second.loaded) == [GRAPH["tools"]] and second.loaded[GRAPH["tools"]] == first.loaded[GRAPH["tools"]] + 1
    assert second.removed == [GRAPH["documents"]] and len(second.kept) == 10
    held = store.graphs()
    assert GRAPH["documents"] not in held and INFERRED_GRAPH not in held  # inferred from the old data: dropped
    manifest = json.loads((tmp_path / "store" / "manifest.json").read_text())
    assert sorted(manifest) == sorted(str(name) for name in held)
    store.close()


def test_an_interrupted_load_is_redone(data, tmp_path, monkeypatch):
    store = OxigraphStore(tmp_path / "store")
    store.load(sources(data))
    changed = data / "curated" / "tools.ttl"
    changed.write_text(
        changed.read_text() + '\n<https://w3id.org/hipskg/id/tool/new> <http://www.w3.org/2000/01/rdf-schema#label> "New"@en .\n'
    )

    def broken(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "_load_files", broken)
    with pytest.raises(KeyboardInterrupt):
        store.load(sources(data))
    monkeypatch.undo()
    again = store.load(sources(data))
    assert list(again.loaded) == [GRAPH["tools"]]
    store.close()


@pytest.mark.parametrize("store", [RdflibStore, OxigraphStore])
def test_a_store_in_memory_reads_the_files_every_time(data, store):
    store = store()
    assert len(store.load(sources(data)).loaded) == 12


@pytest.mark.parametrize(
    "spec, message",
    [
        (
            "oracle",
            (
                "--store 'oracle': expected one of oxigraph, memory, oxigraph:PATH, rdflib, endpoint:URL (e.g. oxigraph:.hipskg/store or "
                "endpoint:http://127.0.0.1:7878/query)"
            ),
        ),
        (
            "endpoint:ftp://x/query",
            (
                "--store 'endpoint:ftp://x/query': expected one of oxigraph, memory, oxigraph:PATH, rdflib, endpoint:URL "
                "(e.g. oxigraph:.hipskg/store or endpoint:http://127.0.0.1:7878/query)"
            ),
        ),
    ],
)
def test_a_bad_store_is_named(spec, message):
    with pytest.raises(StoreError) as error:
        open_store(spec)
    assert str(error.value) == message


def test_an_endpoint_without_a_known_graph_store_answers_queries_but_cannot_be_loaded():
    store = open_store("endpoint:http://x/ds")
    assert store.spec == "endpoint:http://x/ds"
    with pytest.raises(StoreError) as error:
        store.ntriples(GRAPH["tools"])
    assert str(error.value) == (
        "endpoint:http://x/ds: cannot tell its Graph Store Protocol URL; give both as endpoint:QUERY_URL|STORE_URL"
    )


def test_the_store_comes_from_option_environment_or_project(monkeypatch):
    monkeypatch.delenv("HIPSKG_STORE", raising=False)
    assert configured(None) == "oxigraph"
    assert configured(None, "oxigraph:/srv/hipskg") == "oxigraph:/srv/hipskg"
    monkeypatch.setenv("HIPSKG_STORE", "endpoint:http://127.0.0.1:7878/query")
    assert configured(None, "oxigraph:/srv/hipskg") == "endpoint:http://127.0.0.1:7878/query"
    assert configured("memory", "oxigraph:/srv/hipskg") == "memory"


def test_a_file_in_the_way_of_the_store_is_named(tmp_path):
    (tmp_path / "store").write_text("not a folder")
    with pytest.raises(StoreError, match="store: exists and is not a folder; give a folder for the oxigraph store"):
        OxigraphStore(tmp_path / "store")


def test_commands_work_on_a_persistent_store(tmp_path, capsys):
    store = f"oxigraph:{tmp_path / 'store'}"
    assert main(["build", "--store", store]) == 0
    first = capsys.readouterr()
    assert "Validation: conforms: 0 violations, 80 warnings, 9 infos" in first.out
    assert f"store {store}: 12 named graphs loaded (9,601 triples), 0 unchanged, 0 removed" in first.err
    assert main(["query", "training-covering", "--param", "tool=CERAF", "--format", "csv", "--store", store]) == 0
    again = capsys.readouterr()
    assert "0 named graphs loaded (0 triples), 12 unchanged, 0 removed" in again.err
    assert main(["query", "training-covering", "--param", "tool=CERAF", "--format", "csv"]) == 0
    assert again.out == capsys.readouterr().out and len(again.out.splitlines()) == 3  # header and two courses


def test_reasoned_facts_are_kept_by_a_persistent_store(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HIPSKG_STORE", f"oxigraph:{tmp_path / 'store'}")
    assert main(["reason"]) == 0
    assert "4102 inferred statements" in capsys.readouterr().out
    assert INFERRED_GRAPH in OxigraphStore(tmp_path / "store").graphs()
    monkeypatch.delenv("HIPSKG_STORE")
    question = ["query", "bodies-feeding-into-transitively", "--param", "body=HIPS Executive", "--format", "csv"]
    assert main([*question, "--store", f"oxigraph:{tmp_path / 'store'}"]) == 0
    on_store = capsys.readouterr().out
    assert main(question) == 0
    assert on_store == capsys.readouterr().out and len(on_store.splitlines()) == 9
    # With --asserted-only a query reads the asserted data only, though the store keeps the inferred facts
    legislation = ["query", "SELECT (COUNT(?x) AS ?n) WHERE { ?x a hips:Legislation }", "--format", "csv"]
    answers = {}
    for store, only in ((f"oxigraph:{tmp_path / 'store'}", []), ("rdflib", []), ("rdflib", ["--asserted-only"])):
        assert main([*legislation, "--store", store, *only]) == 0
        answers[store, bool(only)] = capsys.readouterr().out.split()[-1]
    assert answers == {(f"oxigraph:{tmp_path / 'store'}", False): "38", ("rdflib", False): "38", ("rdflib", True): "0"}
    assert INFERRED_GRAPH in OxigraphStore(tmp_path / "store").graphs()


def test_a_server_is_loaded_by_the_load_command(tmp_path, capsys):
    with oxigraph_server(tmp_path / "server") as url:
        store = f"endpoint:{url}/query"
        assert main(["load", "--store", store]) == 0
        assert f"store {store}: 12 named graphs loaded (9,601 triples), 0 unchanged, 0 removed" in capsys.readouterr().out
        assert main(["queries", "--run", "--store", store]) == 0
        assert "37 queries run on " + store in capsys.readouterr().out


def test_synthetic_data_builds_on_every_local_store(tmp_path, capsys):
    assert main(["synth", "10k", "--output", str(tmp_path / "national")]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {tmp_path / 'national'}: 1 synthetic partnerships, 8,887 statements")
    for store in ("memory", f"oxigraph:{tmp_path / 'store'}"):
        assert main(["build", "--data", str(tmp_path / "national"), "--store", store]) == 0
        out = capsys.readouterr().out
        assert "Validation: conforms: 0 violations" in out
        assert "not asked of this data: no entity of class hips:FormOrTool is labelled 'CERAF'" in out


def test_the_oxigraph_store_exports_straight_from_the_database(tmp_path, capsys):
    """N-Triples, N-Quads and Turtle written from the store's own terms, the bytes an export from
    the rdflib store gives but for the dateTimes Oxigraph keeps in canonical form."""
    store = f"oxigraph:{tmp_path / 'store'}"
    outputs = {}
    for fmt in ("nt", "nq", "ttl"):
        assert main(["export", "--format", fmt, "--store", "rdflib"]) == 0
        in_memory = capsys.readouterr().out
        assert main(["export", "--format", fmt, "--store", store]) == 0
        outputs[fmt] = capsys.readouterr().out
        assert main(["export", "--format", fmt, "--store", store]) == 0
        assert capsys.readouterr().out == outputs[fmt]  # deterministic
        ours, theirs = Counter(in_memory.splitlines()), Counter(outputs[fmt].splitlines())
        differ = list(((ours - theirs) + (theirs - ours)).elements())
        # Oxigraph keeps dateTimes in canonical form ("Z" for "+00:00"): the 6 ingest timestamps, nothing else
        assert len(differ) == 12 and all(re.search(r"(XMLSchema#|xsd:)dateTime", line) for line in differ)
        assert len(outputs[fmt].splitlines()) == len(in_memory.splitlines())
    assert len(outputs["nt"].splitlines()) == 8776


def test_a_broken_file_is_named_and_the_next_load_redoes_its_graph(tmp_path, capsys):
    assert main(["synth", "10k", "--output", str(tmp_path / "national")]) == 0
    broken = tmp_path / "national" / "sources" / "synth-0001-policies.nt"
    good = broken.read_text()
    broken.write_text(good + '<https://w3id.org/hipskg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "never closed .\n')
    store = f"oxigraph:{tmp_path / 'store'}"
    assert main(["build", "--data", str(tmp_path / "national"), "--store", store]) == 2
    assert (
        f"hipskg build: {broken}: cannot load into the oxigraph store: Parser error between line 53 column 77"
        in capsys.readouterr().err
    )
    broken.write_text(good)
    assert main(["load", "--data", str(tmp_path / "national"), "--store", store]) == 0
    assert "7 named graphs loaded (9,580 triples), 0 unchanged, 0 removed" in capsys.readouterr().out
