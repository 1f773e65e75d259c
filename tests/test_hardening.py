"""Issue 11: bad input, faults and misuse give one line and the right exit status, never a traceback,
a hang or a damaged file. Each test reproduces a defect found by trying hipskg as an adversary would."""

import base64
import contextlib
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from hipskg import cli, dataset
from hipskg.cli import main
from hipskg.lock import exclusive, lock_file_of
from hipskg.rdfio import recover, replace_all
from tests.helpers import snapshot

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = '@prefix ex: <https://example.org/> .\nex:a ex:p "x" .\n'


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` made read-only for the length of the block, root included (chattr +i: root ignores modes)."""
    folder.chmod(0o555)
    immutable = os.geteuid() == 0
    if immutable and subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        folder.chmod(0o755)
        pytest.skip("running as root where chattr +i is not supported: a folder cannot be made read-only here")
    try:
        yield folder
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.rstrip("\n")


# --- defect 5: tracebacks and wrong exit codes ------------------------------------------------------


def test_ingest_into_a_read_only_data_folder_is_one_line_and_exit_2(seeds, data, capsys):
    with read_only(data):
        assert main(["ingest", str(seeds), "--data", str(data)]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"hipskg ingest: {data}: cannot write there (Operation not permitted): "
        "check that the folder exists and that you may write to it"
    )


@pytest.mark.parametrize("argv", [["export", "--output"], ["graph", "governance", "--output"]])
def test_writing_into_a_read_only_folder_is_one_line_and_exit_2(argv, tmp_path, capsys):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / ("g.graphml" if "graph" in argv else "x.ttl")
    with read_only(folder):
        assert main([*argv, str(target)]) == 2
    assert one_line(capsys.readouterr().err).endswith(f"{target}: cannot write: Operation not permitted; nothing was written")
    assert list(folder.iterdir()) == []


def test_export_onto_a_folder_is_refused_and_leaves_nothing(tmp_path, capsys):
    (tmp_path / "existing").mkdir()
    before = snapshot(tmp_path)
    assert main(["export", "--output", str(tmp_path / "existing")]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"hipskg export: {tmp_path / 'existing'}: is a folder; give the name of a file "
        f"to write (e.g. {tmp_path / 'existing' / 'hipskg.ttl'})"
    )
    assert snapshot(tmp_path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["existing"]


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-3", "soon"])
def test_a_timeout_must_be_a_positive_number_of_seconds(value, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["query", "ASK {}", f"--timeout={value}"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"hipskg query: error: argument --timeout: expected a number of seconds above 0, not {value!r}"
    )


def test_an_internal_error_is_one_line_and_exit_70(monkeypatch, capsys):
    def broken(args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "cmd_queries", broken)
    assert main(["queries"]) == 70
    assert one_line(capsys.readouterr().err) == (
        "hipskg queries: internal error (ZeroDivisionError: division by zero); "
        "run again with --debug for the traceback and report it"
    )
    assert main(["queries", "--debug"]) == 70
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and err.endswith("and report it\n")


# --- defect 4: hangs ---------------------------------------------------------------------------------


def test_a_fifo_is_refused_at_once(tmp_path, capsys):
    fifo = tmp_path / "data.ttl"
    os.mkfifo(fifo)
    assert main(["validate", str(fifo)]) == 2
    assert one_line(capsys.readouterr().err) == f"hipskg validate: {fifo}: not a regular file (a named pipe): give a file"
    query = tmp_path / "q.rq"
    os.mkfifo(query)
    assert main(["query", "--file", str(query)]) == 2
    assert one_line(capsys.readouterr().err) == f"hipskg query: {query}: not a regular file (a named pipe): give a file"


def test_a_fifo_in_a_data_folder_is_refused_at_once(data, capsys):
    os.mkfifo(data / "curated" / "extra.ttl")
    assert main(["validate", "--data", str(data)]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"hipskg validate: {data / 'curated' / 'extra.ttl'}: not a regular file (a named pipe): give a file"
    )


NESTED_ENTITIES = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://example.org/">
<rdf:Description rdf:about="https://example.org/a"><ex:p>&f;</ex:p></rdf:Description>
</rdf:RDF>
"""


def test_nested_xml_entities_are_refused_before_they_expand(tmp_path, capsys):
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(NESTED_ENTITIES, encoding="utf-8")
    assert main(["validate", str(bomb)]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"hipskg validate: {bomb}:4:12: the XML declares an entity that refers to "
        "other entities ('b'), which could expand without limit: write the text or "
        "IRIs out in full"
    )


def test_namespace_entities_in_rdf_xml_are_still_read(tmp_path, capsys):
    owl = tmp_path / "abbreviated.rdf"
    owl.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY ex "https://example.org/"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://example.org/">\n'
        '<rdf:Description rdf:about="&ex;a"><ex:p>x</ex:p></rdf:Description>\n</rdf:RDF>\n',
        encoding="utf-8",
    )
    assert main(["diff", str(owl), str(owl)]) == 0
    assert capsys.readouterr().out == "no differences\n"


def silent_server() -> tuple[socket.socket, str, list]:
    """A server that accepts connections and never answers: its query URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list = []

    def accept() -> None:
        with contextlib.suppress(OSError):
            while True:
                accepted.append(listener.accept())

    threading.Thread(target=accept, daemon=True).start()
    return listener, f"http://127.0.0.1:{listener.getsockname()[1]}/query", accepted


def test_an_endpoint_that_never_answers_stops_at_the_default_limit(monkeypatch, capsys):
    listener, url, accepted = silent_server()
    monkeypatch.setattr(cli, "QUERY_TIMEOUT", 1.0)  # the default, shortened for the test
    try:
        assert main(["query", "ASK {}", "--endpoint", url]) == 3
        assert one_line(capsys.readouterr().err) == f"hipskg query: {url}: no answer: timed out"
    finally:
        for connection, _ in accepted:
            connection.close()
        listener.close()


# --- defect 8: smaller ones ----------------------------------------------------------------------------


class _Recording(http.server.BaseHTTPRequestHandler):
    """Answers a SELECT (the store listing its named graphs) with no rows, any other query with an ASK result of true;
    keeps the Authorization headers it saw."""

    seen: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 - the standard library's name
        self.seen.append(self.headers.get("Authorization", ""))
        query = urllib.parse.parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())["query"][0]
        empty_table = b'{"head": {"vars": ["g"]}, "results": {"bindings": []}}'
        body = empty_table if "SELECT" in query else b'{"head": {}, "boolean": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_password_in_an_endpoint_url_is_sent_and_never_printed(capsys):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recording)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        assert main(["query", "ASK {}", "--endpoint", f"http://bob:s3cret@127.0.0.1:{port}/query", "--format", "json"]) == 0
        assert capsys.readouterr().out == '{"head": {}, "boolean": true}\n'
        assert _Recording.seen[-1] == "Basic " + base64.b64encode(b"bob:s3cret").decode()
    finally:
        server.shutdown()
        server.server_close()
    assert main(["query", "ASK {}", "--endpoint", f"http://bob:s3cret@127.0.0.1:{port}/query"]) == 2
    err = one_line(capsys.readouterr().err)
    assert "s3cret" not in err and err.startswith(f"hipskg query: http://127.0.0.1:{port}/query: cannot connect")


@pytest.mark.parametrize("store", ["rdflib", "oxigraph", "oxigraph:PATH"])
def test_service_in_a_local_query_is_refused(store, tmp_path, capsys):
    spec = store.replace("PATH", str(tmp_path / "store"))
    text = "SELECT * WHERE {\n  SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o }\n}"
    assert main(["query", text, "--store", spec]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "hipskg query: line 2: SERVICE would send part of the query to another server; a local query does not unless you "
        "give --allow-service"
    )
    assert main(["query", "SELECT ?service WHERE { VALUES ?service { 1 } }", "--store", spec, "--format", "csv"]) == 0
    assert capsys.readouterr().out == "service\n1\n"


def test_an_error_at_the_end_of_a_trig_file_has_a_real_column(tmp_path, capsys):
    bad = tmp_path / "bad.trig"
    bad.write_text('<https://example.org/g> {\n  <https://example.org/a> <https://example.org/p> "é" .\n', encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    assert one_line(capsys.readouterr().err) == f"hipskg validate: {bad}:3:1: needed '}}', found end."


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ('{"@vocab": 42}', "JSON-LD @context @vocab must be a string or null, not 42"),
        (
            '"https://example.org/context.jsonld"',
            (
                "JSON-LD @context refers to a remote context ('https://example.org/context.jsonld'), "
                "which hipskg does not fetch: put the context in the file"
            ),
        ),
        ('{"p": 7}', "JSON-LD @context defines 'p' as 7: a term maps to an IRI string, an object or null"),
    ],
)
def test_a_malformed_json_ld_context_is_refused(context, message, tmp_path, capsys):
    document = tmp_path / "doc.jsonld"
    document.write_text(
        f'{{"@context": {context}, "@id": "https://example.org/a", "https://example.org/p": "x"}}', encoding="utf-8"
    )
    assert main(["validate", str(document)]) == 2
    assert one_line(capsys.readouterr().err) == f"hipskg validate: {document}: {message}"


def test_a_read_only_store_folder_says_so(tmp_path, capsys):
    folder = tmp_path / "store"
    folder.mkdir()
    with read_only(folder):
        assert main(["load", "--store", f"oxigraph:{folder}"]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"hipskg load: {folder}: cannot write there (Operation not permitted): "
        "check that the folder exists and that you may write to it"
    )


# --- defect 3: terms that no file could hold -------------------------------------------------------


def test_an_iri_with_a_space_in_a_data_file_is_named_where_it_is(data, capsys):
    (data / "curated" / "extra.ttl").write_text(
        "@prefix ex: <https://example.org/> .\nex:a ex:p <https://example.org/a b> .\n", encoding="utf-8"
    )
    for command in (["validate"], ["export", "--format", "nt"], ["export", "--format", "xml"]):
        assert main([*command, "--data", str(data)]) == 2
        assert one_line(capsys.readouterr().err) == (
            f"hipskg {command[0]}: {data / 'curated' / 'extra.ttl'}:2:12: the IRI <https://example.org/a b> contains "
            "U+0020 SPACE, which no IRI may hold (write it %-encoded, e.g. %20 for a space)"
        )


def test_a_control_character_stops_an_xml_export_and_writes_nothing(data, tmp_path, capsys):
    (data / "curated" / "extra.ttl").write_text(
        '<https://example.org/a> <https://example.org/p> "NUL\\u0000" .\n', encoding="utf-8"
    )
    target = tmp_path / "out.rdf"
    assert main(["export", "--data", str(data), "--format", "xml", "--output", str(target)]) == 2
    assert one_line(capsys.readouterr().err) == (
        "hipskg export: cannot write 'NUL\\x00' as RDF/XML: it contains U+0000 control "
        "character, which XML 1.0 cannot hold; choose another format (ttl, nt, jsonld)"
    )
    assert not target.exists() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert main(["export", "--data", str(data), "--format", "nt"]) == 0
    assert '<https://example.org/a> <https://example.org/p> "NUL\\u0000" .\n' in capsys.readouterr().out


# --- defect 1: locks ---------------------------------------------------------------------------------------


def test_a_second_writer_is_told_who_holds_the_lock(seeds, data, capsys):
    before = snapshot(data)
    with exclusive(lock_file_of(data), holder="hipskg ingest"):
        assert main(["ingest", str(seeds), "--data", str(data)]) == 2
        err = one_line(capsys.readouterr().err)
        assert err.startswith(f"hipskg ingest: {data}: in use by hipskg ingest (pid {os.getpid()}, host ")
        assert err.endswith("which holds .hipskg.lock; gave up at once: let it finish, or give --wait SECONDS to wait for it")
        assert main(["ingest", str(seeds), "--data", str(data), "--wait", "0.3"]) == 2
        assert "gave up after waiting 0.3 s" in capsys.readouterr().err
    assert snapshot(data) == before  # the lock file went with its holder


def test_a_waiting_writer_goes_on_when_the_lock_is_released(seeds, data, capsys):
    release = threading.Timer(0.5, lambda: None)
    holding = exclusive(lock_file_of(data), holder="hipskg ingest")
    holding.__enter__()
    release = threading.Timer(0.5, holding.__exit__, (None, None, None))
    release.start()
    assert main(["ingest", str(seeds), "--data", str(data), "--wait", "30"]) == 0
    assert "validation: conforms" in capsys.readouterr().out
    release.join()


def edition(seeds: Path, folder: Path, old: str, new: str) -> Path:
    """A copy of the sources with one line of the arrangements document changed."""
    shutil.copytree(seeds, folder)
    path = folder / "002_dcdc1f87d6fb1b24.txt"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def ingest(sources: Path, data: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "hipskg", "ingest", str(sources), "--data", str(data), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_concurrent_ingests_never_leave_a_folder_that_fails_validation(seeds, data, tmp_path):
    """Before the lock, 3 of 6 such runs left data/ as a mix of both editions, failing validation."""
    first = edition(seeds, tmp_path / "first", "- Cantell School\n", "")
    second = edition(seeds, tmp_path / "second", "Phil Lamb | Area Commander", "Phil Lamb | District Commander")
    for _ in range(2):
        runs = [ingest(first, data, "--wait", "120"), ingest(second, data, "--wait", "120")]
        outcomes = [run.communicate(timeout=300) for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outcomes
        assert main(["validate", "--data", str(data)]) == 0
        assert not [p for p in data.rglob(".*")]  # no lock file, no temporaries


def test_a_file_edited_while_the_edition_is_checked_stops_the_publication(seeds, data, monkeypatch, capsys):
    """No lost update: the publication writes only over the files it validated against."""
    from hipskg import publish

    real = publish.validate
    curated = data / "curated" / "legislation.ttl"

    def edited_meanwhile(*args, **options):
        curated.write_text(curated.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
        return real(*args, **options)

    sources = edition(seeds, data.parent / "sources", "- Cantell School\n", "")
    monkeypatch.setattr(publish, "validate", edited_meanwhile)
    before = snapshot(data)
    assert main(["ingest", str(sources), "--data", str(data)]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"hipskg ingest: {data}: its files changed while the new edition was being "
        "checked (edited by hand?): nothing was written; run the ingest again"
    )
    after = snapshot(data)
    assert {name for name in after if after[name] != before.get(name)} == {"curated/legislation.ttl"}


# --- defect 2: an edition that loses much of a graph ---------------------------------------------------

SPECIAL_SCHOOLS = "- Great Oaks School\n- Springwell School\n- The Cedar School\n- The Polygon School\n- Vermont School\n"


def test_an_edition_that_loses_many_entities_is_refused_unless_allowed(seeds, data, tmp_path, capsys):
    sources = tmp_path / "sources"
    shutil.copytree(seeds, sources)
    arrangements = sources / "002_dcdc1f87d6fb1b24.txt"
    arrangements.chmod(0o644)
    text = arrangements.read_text(encoding="utf-8")
    secondary = text[text.index("Secondary School\n") + len("Secondary School\n") : text.index("All-through School\n")]
    assert secondary.count("\n- ") == 11 and SPECIAL_SCHOOLS in text
    arrangements.write_text(
        text.replace(secondary, secondary.split("\n")[0] + "\n").replace(SPECIAL_SCHOOLS, ""), encoding="utf-8"
    )
    before = snapshot(data)
    assert main(["ingest", str(sources), "--data", str(data)]) == 2
    out, err = capsys.readouterr()
    assert one_line(err) == (
        f"hipskg ingest: {arrangements}: the new edition would remove 16 of the 299 entities of "
        "hipsg:scasp-safeguarding-arrangements (5.4%; at most 5.0% may go): nothing was written; check that "
        "the source is complete (a truncated file loses entities), or give --allow-shrink if the entities left it"
    )
    assert out.startswith("hipsg:scasp-safeguarding-arrangements would lose 16 of its 299 entities (5.4%):\n")
    assert "  - body:cantell-school  Cantell School\n" in out
    assert snapshot(data) == before
    assert main(["ingest", str(sources), "--data", str(data), "--max-shrink", "10"]) == 0
    out = capsys.readouterr().out
    assert (
        out.splitlines()[1] == "16 entities changed in 3 named graphs, 112 statements: 0 added, 16 removed, 0 changed, 0 renamed"
    )
    assert "7 generated files: 3 changed, 4 unchanged" in out  # the arrangements, the labels and the 16 tombstones


# --- defect 6: leftovers --------------------------------------------------------------------------------


def dead_pid() -> int:
    """The process id of a process that has ended."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_a_replacement_killed_among_its_renames_is_completed_even_after_its_folder_moved(tmp_path, monkeypatch):
    sources = tmp_path / "data" / "sources"
    sources.mkdir(parents=True)
    first, second = sources / "a.ttl", sources / "b.ttl"
    first.write_text("old a\n", encoding="utf-8")
    second.write_text("old b\n", encoding="utf-8")
    real, calls = os.replace, []

    def dies_at_the_third(source, target):  # the journal, the first file, then the end
        calls.append(target)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(source, target)

    monkeypatch.setattr(os, "replace", dies_at_the_third)
    with pytest.raises(KeyboardInterrupt):
        replace_all({first: "new a\n", second: "new b\n"})
    monkeypatch.undo()
    journal = next(sources.glob(".hipskg-replace.*.json"))  # beside the files it renames
    journal.rename(journal.with_name(f".hipskg-replace.{dead_pid()}.json"))  # as if its writer had been killed
    assert (first.read_text(encoding="utf-8"), second.read_text(encoding="utf-8")) == ("new a\n", "old b\n")
    moved = tmp_path / "moved"
    (tmp_path / "data").rename(moved)
    assert len(recover(dataset.generated_folders(moved))) == 1
    assert [p.read_text(encoding="utf-8") for p in sorted((moved / "sources").iterdir())] == ["new a\n", "new b\n"]


def test_the_leftovers_of_a_killed_writer_go_and_a_live_writers_stay(tmp_path):
    dead, alive = dead_pid(), os.getpid()
    for name in (f".labels.ttl.{dead}-x1y2.tmp", f".labels.ttl.{alive}-x1y2.tmp", "notes.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / f".release.partial-{dead}").mkdir()
    (tmp_path / f".release.old-{dead}").mkdir()  # set aside by a swap killed before the new folder moved in
    removed = recover([tmp_path])
    assert sorted(p.name for p in removed) == sorted(
        [f".labels.ttl.{dead}-x1y2.tmp", f".release.old-{dead}", f".release.partial-{dead}"]
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".labels.ttl.{alive}-x1y2.tmp", "notes.txt", "release"]


def test_a_store_that_never_answers_a_push_stops_at_its_limit(capsys):
    listener, url, accepted = silent_server()
    store = url.replace("/query", "/store")
    try:
        assert main(["push", "--store", store, "--timeout", "1"]) == 3
        assert one_line(capsys.readouterr().err) == f"hipskg push: {store}: no answer: timed out"
    finally:
        for connection, _ in accepted:
            connection.close()
        listener.close()
