"""The same catalogue on a real SPARQL server: Oxigraph, started here on 127.0.0.1 and stopped after."""

import http.server
import socket
import threading
import time

import pytest
from rdflib.compare import isomorphic

from hipskg import dataset, endpoint
from hipskg.catalogue import bind, catalogue
from hipskg.cli import main
from hipskg.namespaces import GRAPH, INFERRED_GRAPH, STORE_RECORD_GRAPH
from hipskg.sparql import run
from hipskg.store import open_store

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
    expected[str(INFERRED_GRAPH)] = 4102  # push sends the inferred facts, which queries read by default
    assert counts == {**expected, str(STORE_RECORD_GRAPH): 2 * len(expected)}  # a version and a size per graph


def test_query_command_on_the_endpoint(server, capsys):
    assert main(["query", "training-covering", "--param", "tool=CERAF", "--format", "csv", "--endpoint", f"{server}/query"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "course,title,mode,themes"
    assert len(lines) == 3


def test_catalogue_runs_on_the_endpoint(server, capsys):
    assert main(["queries", "--run", "--endpoint", f"{server}/query"]) == 0
    out = capsys.readouterr().out.splitlines()[-1]
    assert out == f"{len(catalogue())} queries run on endpoint:{server}/query, with inferred facts"


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


@pytest.fixture
def plain_server(tmp_path):
    """An Oxigraph server whose default graph is a graph of its own (as Fuseki's is by default), empty."""
    with oxigraph_server(tmp_path / "oxigraph", union=False) as url:
        yield url


def test_queries_read_the_pushed_graphs_whatever_the_servers_default_graph(plain_server, capsys):
    assert main(["push", "--store", f"{plain_server}/store"]) == 0
    capsys.readouterr()
    store = f"endpoint:{plain_server}/query"
    assert main(["query", "training-covering", "--param", "tool=CERAF", "--format", "csv", "--store", store]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3  # the header and two courses, as locally
    assert main(["build", "--store", store]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"data: the named graphs held by {store} (filled by hipskg load or push)\n")
    assert "     693  hipsg:ontology" in out
    assert "Validation: conforms" in out and "not asked of this data" not in out


def test_push_sends_only_what_changed_and_deletes_what_is_gone(plain_server, data, capsys):
    store_url = f"{plain_server}/store"
    assert main(["push", "--store", store_url, "--data", str(data)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith(f"pushed to {store_url}: 13 named graphs loaded (")
    assert main(["push", "--store", store_url, "--data", str(data)]) == 0
    assert (
        capsys.readouterr().out.splitlines()[-1]
        == f"pushed to {store_url}: 0 named graphs loaded (0 triples), 13 unchanged, 0 removed"
    )
    edited = '\n<https://w3id.org/hipskg/id/tool/ceraf> <http://www.w3.org/2000/01/rdf-schema#comment> "edited" .\n'
    (data / "curated" / "tools.ttl").write_text((data / "curated" / "tools.ttl").read_text() + edited)
    assert main(["push", "--store", store_url, "--data", str(data)]) == 0
    assert f"       69  {GRAPH['tools']}  loaded" in capsys.readouterr().out.splitlines()
    assert endpoint.get_graph(store_url, INFERRED_GRAPH) != b""  # a changed push keeps the inferred facts it sends
    (data / "curated" / "toolkits.ttl").unlink()
    assert main(["push", "--store", store_url, "--data", str(data), "--asserted-only"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == [
        f"{'':>9}  {GRAPH['toolkits']}  removed",
        f"pushed to {store_url}: 0 named graphs loaded (0 triples), 11 unchanged, 1 removed",
    ]
    assert endpoint.get_graph(store_url, GRAPH["toolkits"]) == b""
    assert endpoint.get_graph(store_url, INFERRED_GRAPH) == b""  # inferred from what changed: no longer true


def test_load_sends_only_what_changed_and_reports_what_it_removed(plain_server, data, capsys):
    store = f"endpoint:{plain_server}/query|{plain_server}/store"
    assert main(["load", "--store", store, "--data", str(data)]) == 0
    assert ", 0 unchanged, 0 removed in " in capsys.readouterr().out
    assert main(["load", "--store", store, "--data", str(data)]) == 0
    assert ": 0 named graphs loaded (0 triples), 12 unchanged, 0 removed in " in capsys.readouterr().out
    (data / "curated" / "toolkits.ttl").unlink()
    assert main(["load", "--store", store, "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert f"           {GRAPH['toolkits']}  removed\n" in out
    assert ": 0 named graphs loaded (0 triples), 11 unchanged, 1 removed in " in out
    assert GRAPH["toolkits"] not in open_store(f"endpoint:{plain_server}/query").graphs()


def test_a_graph_changed_on_the_server_behind_hipskgs_back_is_sent_again(plain_server, data, capsys):
    store = f"endpoint:{plain_server}/query|{plain_server}/store"
    assert main(["load", "--store", store, "--data", str(data)]) == 0
    endpoint.delete_graph(f"{plain_server}/store", GRAPH["tools"])
    capsys.readouterr()
    assert main(["load", "--store", store, "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert f"       68  {GRAPH['tools']}  loaded\n" in out
    assert ": 1 named graphs loaded (68 triples), 11 unchanged, 0 removed in " in out


def test_the_timeout_has_sub_second_precision(capsys):
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        started = time.monotonic()
        assert main(["query", "ASK {}", "--endpoint", url, "--timeout", "0.3"]) == 3
        assert time.monotonic() - started < 0.9  # whole seconds made it 1 s at least
    assert capsys.readouterr().err == f"hipskg query: {url}: no answer: timed out\n"


def test_each_server_is_told_when_to_stop_in_its_own_unit():
    assert endpoint.limit_parameters("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu", 2.5) == {"timeout": "2500"}
    assert endpoint.limit_parameters("Fuseki", 2.5) == {"timeout": "2.500"}
    assert endpoint.limit_parameters("Oxigraph/0.4.11", 2.5) == {}


def test_a_server_answering_the_graph_listing_with_the_wrong_kind_of_result_is_named(capsys):
    class AlwaysYes(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the standard library's name
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(b'{"head": {}, "boolean": true}')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), AlwaysYes)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/query"
    try:
        assert main(["query", "ASK {}", "--endpoint", url]) == 2
    finally:
        server.shutdown()
        server.server_close()
    assert capsys.readouterr().err == f"hipskg query: {url}: gave an answer of kind ASK to a SELECT: is it a SPARQL endpoint?\n"


LEGISLATION = "SELECT (COUNT(?x) AS ?n) WHERE { ?x a hips:Legislation }"


def test_a_query_on_the_server_sees_the_inferred_facts_push_sent(server, capsys):
    question = ["query", LEGISLATION, "--format", "csv", "--endpoint", f"{server}/query"]
    assert main(question) == 0
    assert capsys.readouterr().out == "n\n38\n"  # only Acts, regulations, bills and guidance are asserted
    assert main([*question, "--asserted-only"]) == 0
    assert capsys.readouterr().out == "n\n0\n"


def test_a_server_without_inferred_facts_answers_from_the_asserted_ones_and_says_so(plain_server, capsys):
    assert main(["push", "--store", f"{plain_server}/store", "--asserted-only"]) == 0
    capsys.readouterr()
    assert main(["query", LEGISLATION, "--format", "csv", "--store", f"endpoint:{plain_server}/query"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "n\n0\n"
    assert captured.err == (
        f"hipskg query: note: endpoint:{plain_server}/query holds no inferred facts, so this answer has the asserted facts "
        "only (hipskg push and hipskg load send them)\n"
    )
