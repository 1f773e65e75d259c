"""Bad input anywhere on the command line: one line on stderr, exit status 2 (3 for a time limit), no traceback."""

import shutil
import socket
import stat
import threading
from pathlib import Path

import pytest
from rdflib import URIRef

from hipskg.cli import main
from hipskg.rdfio import write_atomically
from hipskg.sparql import with_values

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate", "--engine", "nope"], "hipskg validate: unknown SHACL engine 'nope': choose one of "),
        (["reason", "--engine", "nope"], "hipskg reason: reasoning engine 'nope' cannot compute owlrl: choose one of "),
        (["query", "--file", "/no/such/query.rq"], "hipskg query: /no/such/query.rq: no such file"),
        (["query"], "hipskg query: give a catalogue query name, SPARQL text or --file FILE"),
        (
            ["query", "ASK {}", "--endpoint", "notaurl"],
            "hipskg query: --endpoint 'notaurl': expected an http:// or https:// URL with a host, e.g. https://hipskg.example.org/",
        ),
        (
            ["push", "--store", "ftp://x"],
            "hipskg push: --store 'ftp://x': expected an http:// or https:// URL with a host, e.g. https://hipskg.example.org/",
        ),
        (
            ["validate", "--data", "/no/such/folder"],
            "hipskg validate: /no/such/folder: not a hipskg data folder (it has no curated/ or sources/ folder)",
        ),
        (["diff", "/no/such/a.ttl", "/no/such/b.ttl"], "hipskg diff: /no/such/a.ttl: no such file or folder"),
        (["validate", "/no/such/file.ttl"], "hipskg validate: /no/such/file.ttl: no such file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(message)
    assert err.count("\n") == 1


def test_an_endpoint_that_never_answers_stops_at_the_time_limit(capsys):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
    try:
        assert main(["query", "ASK {}", "--endpoint", url, "--timeout", "1"]) == 3
        assert capsys.readouterr().err == f"hipskg query: {url}: no answer: timed out\n"
    finally:
        for connection, _ in accepted:
            connection.close()
        listener.close()


def test_an_endpoint_answering_garbage_is_one_line(capsys):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def answer() -> None:
        connection, _ = listener.accept()
        connection.recv(65536)
        connection.sendall(b"HELLO garbage\r\n\r\n")
        connection.close()

    threading.Thread(target=answer, daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
    try:
        assert main(["query", "ASK {}", "--endpoint", url]) == 2
        assert capsys.readouterr().err == f"hipskg query: {url}: not an HTTP answer: BadStatusLine\n"
    finally:
        listener.close()


def test_a_trailing_comment_does_not_capture_the_binding():
    text = with_values("SELECT ?x # a {tricky} comment\nWHERE { ?x ?p ?s }", {"s": URIRef("http://e/s")})
    assert text == "SELECT ?x # a {tricky} comment\nWHERE { VALUES (?s) { (<http://e/s>) } ?x ?p ?s }"


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    path = tmp_path / "graph.ttl"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o644)
    write_atomically(path, "new\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert path.read_text(encoding="utf-8") == "new\n"
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_the_machine_report_is_the_same_every_time(capsys, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix hips: <https://w3id.org/hipskg/def#> .\n"
        "<https://w3id.org/hipskg/id/org/a> a hips:Group ; hips:meetingFrequency hips:Weekly , hips:Daily .\n",
        encoding="utf-8",
    )
    outputs = []
    for _ in range(2):
        assert main(["validate", str(bad), "--format", "turtle"]) == 1
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert "sh:ValidationReport" in outputs[0]


def test_diff_shows_language_tags_and_datatypes(tmp_path, capsys):
    old, new = tmp_path / "old.ttl", tmp_path / "new.ttl"
    old.write_text(
        '<https://w3id.org/hipskg/id/org/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "A"@en .\n', encoding="utf-8"
    )
    new.write_text(
        '<https://w3id.org/hipskg/id/org/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "A"@fr .\n', encoding="utf-8"
    )
    assert main(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert '    - skos:prefLabel "A"@en\n    + skos:prefLabel "A"@fr\n' in out


def test_ingest_repairs_a_corrupt_generated_file(seeds, tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    damaged = data / "sources" / "hips-procedure-7-1.ttl"
    damaged.write_bytes(damaged.read_bytes() + b"\xff")
    assert main(["ingest", str(seeds), "--data", str(data)]) == 0
    committed = (ROOT / "data" / "sources" / "hips-procedure-7-1.ttl").read_text(encoding="utf-8")
    repaired = damaged.read_text(encoding="utf-8")  # valid UTF-8 again; only the ingestion time is new
    assert [line for line in repaired.splitlines() if "endedAtTime" not in line] == [
        line for line in committed.splitlines() if "endedAtTime" not in line
    ]
    assert "1 changed" in capsys.readouterr().out
