"""The same catalogue on a real SPARQL server: Oxigraph, started here on 127.0.0.1 and stopped after."""

import pytest
from rdflib.compare import isomorphic

from hipskg import dataset, endpoint
from hipskg.catalogue import bind, catalogue
from hipskg.cli import main
from hipskg.sparql import run

from .helpers import free_port, oxigraph_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """An Oxigraph server on a free local port, with the built graph pushed into it."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        assert main(["push", "--store", f"{url}/store"]) == 0
        yield url


def comparable(result):
    if result.type == "ASK":
        return result.askAnswer
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph
    return sorted(tuple(str(value) if value is not None else None for value in row) for row in result)


def test_every_catalogue_query_gives_the_same_answer_locally_and_on_the_server(server, built):
    remote = lambda text, bindings: endpoint.query(f"{server}/query", text, bindings)  # noqa: E731
    for query in catalogue().values():
        examples = {parameter.name: parameter.example for parameter in query.parameters}
        local_result = run(built, query.text, bind(query, built, examples))
        remote_result = remote(query.text, bind(query, remote, examples))
        if local_result.type in ("CONSTRUCT", "DESCRIBE"):
            assert isomorphic(local_result.graph, remote_result.graph), query.name
        else:
            assert comparable(local_result) == comparable(remote_result), query.name


def test_push_keeps_the_named_graphs(server, built):
    counts = {
        str(row.g): int(row.n)
        for row in endpoint.query(f"{server}/query", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    }
    expected = {str(graph.identifier): len(graph) for graph in built.graphs() if len(graph)}
    assert counts == expected


def test_query_command_on_the_endpoint(server, capsys):
    assert main(["query", "training-covering", "--param", "tool=CERAF", "--format", "csv", "--endpoint", f"{server}/query"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "course,title,mode,themes"
    assert len(lines) == 3


def test_catalogue_runs_on_the_endpoint(server, capsys):
    assert main(["queries", "--run", "--endpoint", f"{server}/query"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"{len(catalogue())} queries run on endpoint:{server}/query"


def test_endpoint_down_is_one_line(capsys):
    url = f"http://127.0.0.1:{free_port()}/query"
    assert main(["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--endpoint", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"hipskg query: {url}: cannot connect: ")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_http_error_names_url_and_status(server, capsys):
    url = f"{server}/no-such-path"
    assert main(["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--endpoint", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"hipskg query: {url}: ")
    assert "404" in err and err.count("\n") == 1


def test_credentials_are_never_printed(server, capsys, monkeypatch):
    monkeypatch.setenv("HIPSKG_ENDPOINT_PASSWORD", "s3cret-value")
    url = f"{server}/no-such-path"
    assert main(["query", "ASK {}", "--endpoint", url, "--user", "steward"]) == 2
    out, err = capsys.readouterr()
    assert "s3cret-value" not in out + err
    assert main(["query", "ASK {}", "--endpoint", f"{server}/query", "--user", "steward", "--password", "s3cret-value"]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == "yes" and "s3cret-value" not in out + err


def test_local_graph_counts_match(built):
    assert len(dataset.union(built)) > 8000
