"""hipskg over Virtuoso Open Source 7 (Debian's virtuoso-t), started here on 127.0.0.1 once for the module and removed after."""

import time

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from hipskg import endpoint
from hipskg.catalogue import bind, catalogue
from hipskg.cli import main
from hipskg.namespaces import INFERRED_GRAPH
from hipskg.sparql import QueryTimeout
from hipskg.store import open_store, sources

from .helpers import ROOT, VIRTUOSO_PASSWORD, virtuoso_server


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """Virtuoso's HTTP base URL, the built graph pushed through its Graph Store endpoint."""
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as url:
        assert main(["push", "--store", f"{url}/sparql-graph-crud"]) == 0
        yield url


@pytest.fixture(scope="module")
def local():
    store = open_store("oxigraph")
    store.load(sources(ROOT / "data"))
    return store


def meaning(node):
    """A cell as what it means: Virtuoso writes a boolean as 1 or 0 and may type a count xsd:int."""
    if isinstance(node, Literal) and node.datatype in (XSD.boolean, XSD.integer, XSD.int, XSD.long):
        return int(node.toPython())
    return None if node is None else node.n3()


def rows(store, query, *, inferred=False):
    examples = {parameter.name: parameter.example for parameter in query.parameters}
    result = store.query(query.text, bind(query, store.query, examples), inferred=inferred)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return sorted(triple for triple in result.graph)
    if result.type == "ASK":
        return result.askAnswer
    return [tuple(meaning(value) for value in row) for row in result]


def test_push_fills_the_named_graphs_and_nothing_else_is_read(virtuoso, built):
    server = open_store(f"endpoint:{virtuoso}/sparql")
    # the built graphs and the inferred facts, which push sends by default
    assert server.graphs() == {**{g.identifier: len(g) for g in built.graphs() if len(g)}, INFERRED_GRAPH: 4102}
    # Virtuoso's own default graph holds its system graphs too: a query reads the project's graphs only
    subjects = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"
    assert [meaning(row[0]) for row in server.query(subjects)] == [1170]


# Virtuoso 7.2 loses rows of a transitive path whose ends are both bound (by a join, or inside EXISTS or an
# OPTIONAL: the zero-length step of a "*" path), orders some language-tagged literals otherwise than by their text
# and, over the inferred facts (where every entity has several types), keeps duplicate rows through DISTINCT and loses
# the rows of a class path joined with a string filter. Fourteen catalogue queries are written round these faults, in
# standard SPARQL that gives the same rows on every engine and stays as fast on rdflib and Oxigraph (each says where).
# A query Virtuoso still answers wrong goes here, named with its fault, as a strict xfail: a Virtuoso that answers it
# right is noticed.
VIRTUOSO_FAULTS: dict[tuple[str, bool], str] = {}


@pytest.mark.parametrize(
    ("name", "inferred"),
    [
        pytest.param(
            name,
            inferred,
            marks=[pytest.mark.xfail(reason=VIRTUOSO_FAULTS[name, inferred], strict=True)]
            if (name, inferred) in VIRTUOSO_FAULTS
            else [],
            id=f"{name}-{'with-inferred' if inferred else 'asserted'}",
        )
        for name in sorted(catalogue())
        for inferred in (False, True)
    ],
)
def test_every_catalogue_query_answers_as_locally_in_the_same_order(virtuoso, local, name, inferred):
    """On Virtuoso with the inferred facts hipskg push sent, or without them, as on the local asserted data."""
    server = open_store(f"endpoint:{virtuoso}/sparql")
    assert rows(server, catalogue()[name], inferred=inferred) == rows(local, catalogue()[name])


def test_the_commands_run_on_virtuoso(virtuoso, capsys, tmp_path):
    store = f"endpoint:{virtuoso}/sparql"
    question = ["query", "training-covering", "--param", "tool=CERAF", "--format", "csv"]
    assert main(question) == 0
    local = capsys.readouterr().out
    assert main([*question, "--store", store]) == 0
    assert capsys.readouterr().out == local and len(local.splitlines()) == 3
    assert main(["queries", "--run", "--store", store]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"37 queries run on {store}, with inferred facts"
    assert main(["validate"]) == 0
    local = capsys.readouterr().out
    assert main(["validate", "--store", store]) == 0
    data, report = capsys.readouterr().out.split("\n", 1)
    assert data == f"data: the named graphs held by {store} (filled by hipskg load or push)"
    assert report == local.split("\n", 1)[1].replace("(store oxigraph,", f"(store {store},")
    assert main(["build", "--store", store]) == 0
    assert "     693  hipsg:ontology" in capsys.readouterr().out
    assert main(["export", "--store", store, "--format", "nt", "--output", str(tmp_path / "server.nt")]) == 0
    assert main(["export", "--format", "nt", "--output", str(tmp_path / "local.nt")]) == 0
    assert (tmp_path / "server.nt").read_bytes() == (tmp_path / "local.nt").read_bytes()


def test_queries_on_virtuoso_read_the_inferred_facts_push_sent_unless_asked_not_to(virtuoso, capsys):
    store = f"endpoint:{virtuoso}/sparql|{virtuoso}/sparql-graph-crud"
    assert INFERRED_GRAPH in open_store(store).graph_names()  # hipskg push sent them
    legislation = ["query", "SELECT (COUNT(?x) AS ?n) WHERE { ?x a hips:Legislation }", "--format", "csv", "--store", store]
    assert main(legislation) == 0
    assert capsys.readouterr().out.split()[-1] == "38"
    assert main([*legislation, "--asserted-only"]) == 0
    assert capsys.readouterr().out.split()[-1] == "0"
    assert main(["reason", "--store", store]) == 0
    assert "4102 inferred statements" in capsys.readouterr().out


def test_load_on_virtuoso_sends_only_what_changed(virtuoso, data, capsys):
    store = f"endpoint:{virtuoso}/sparql|{virtuoso}/sparql-graph-crud"
    assert main(["load", "--store", store, "--data", str(data)]) == 0
    capsys.readouterr()
    assert main(["load", "--store", store, "--data", str(data)]) == 0
    assert ": 0 named graphs loaded (0 triples), 12 unchanged, 0 removed in " in capsys.readouterr().out
    (data / "curated" / "toolkits.ttl").unlink()
    assert main(["load", "--store", store, "--data", str(data)]) == 0
    assert ": 0 named graphs loaded (0 triples), 11 unchanged, 1 removed in " in capsys.readouterr().out
    (data / "curated" / "toolkits.ttl").write_bytes((ROOT / "data" / "curated" / "toolkits.ttl").read_bytes())
    assert main(["load", "--store", store, "--data", str(data)]) == 0
    assert ": 1 named graphs loaded (11 triples), 11 unchanged, 0 removed in " in capsys.readouterr().out


def test_virtuoso_stops_a_query_at_the_time_limit_it_is_sent(virtuoso):
    """The server gives up on its own (and says so), not only the client: here the client would wait 60 s."""
    long = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . FILTER(?c != ?f) }"  # 90 million pairs
    limit = endpoint.limit_parameters(open_store(f"endpoint:{virtuoso}/sparql").software(), 0.3)
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as stopped:
        endpoint.query(f"{virtuoso}/sparql", long, timeout=60, limit=limit)
    assert time.monotonic() - started < 20
    assert (
        str(stopped.value) == f"{virtuoso}/sparql: the server stopped the query at the time limit: narrow it or raise --timeout"
    )


def test_push_with_credentials_through_the_authenticated_endpoint(virtuoso, capsys, monkeypatch):
    url = f"{virtuoso}/sparql-graph-crud-auth"  # HTTP Digest, with the dba account of a new database
    monkeypatch.setenv("HIPSKG_ENDPOINT_USER", "dba")
    monkeypatch.setenv("HIPSKG_ENDPOINT_PASSWORD", VIRTUOSO_PASSWORD)
    assert main(["push", "--store", url]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith(f"pushed to {url}: ") and last.endswith(", 0 removed")
    monkeypatch.setenv("HIPSKG_ENDPOINT_PASSWORD", "not-the-password")
    assert main(["push", "--store", url]) == 2
    out, err = capsys.readouterr()
    assert err == f"hipskg push: {url}: HTTP 401 digest auth failed\n" and "not-the-password" not in out + err
