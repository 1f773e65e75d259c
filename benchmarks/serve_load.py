"""Load test of ``hipskg serve`` (issue 13): many keep-alive clients on loopback, latencies per kind of request.

Starts the real ``hipskg serve --port P --timeout 2`` (the console script of this environment) on
127.0.0.1, times how long it takes from the process's start until ``/`` answers (cold start), reads
every project IRI and label from its own ``/sparql``, then runs these phases, each with ``--clients``
concurrent clients, one keep-alive HTTP/1.1 connection each:

- first pass: entity pages only, each IRI fetched once (the clients take the next unfetched IRI until
  none is left), so every page is built on that request: what the page cache hides later;
- steady: ``--seconds`` of the mix: about 60% entity pages (HTML; all IRIs, shuffled with a fixed seed),
  20% ``/search?q=WORD`` (words from the labels), 10% ``/queries/NAME?PARAM=EXAMPLE`` (each catalogue
  query with parameters, with the examples of ``hipskg.catalogue``) and 10% ``/sparql`` POSTs of a few
  catalogue query texts (``SPARQL_QUERIES``, with the project's prologue) asking for
  ``application/sparql-results+json``;
- entity only: ``--peer-seconds`` of entity pages alone, every one cached by now: the most the page cache
  and the HTTP layer give;
- sparql only: ``--peer-seconds`` of the ``/sparql`` POSTs alone (answers to repeated texts come from the cache);
- sparql only, each text new: the same with a numbered comment making each text new, evaluated every time: the
  figure the peer row compares;
- runaway: the steady mix again, plus one more client that keeps sending a query past the server's
  limit (``RUNAWAY``, a cartesian product; it must come back 503); the other clients' p99 is compared
  with the steady phase's.

An error is a status outside 2xx (a 404 for an entity page included) or an exception (every request has
``--request-timeout``). With ``--peer`` (the default when the ``oxigraph`` command is installed), the
same ``/sparql`` mix is then run against Oxigraph's own server, loaded with ``hipskg push``.

Targets (issue 13), judged on the steady phase: at least 300 entity pages/s, p99 under 150 ms (over
every request of the mix), no errors; with the runaway, the others' p99 at most 2x the steady one.

Examples:

    python benchmarks/serve_load.py                             # 20 clients, 30 s a phase, about 2-3 minutes
    python benchmarks/serve_load.py --clients 5 --seconds 5 --no-peer   # a quick check
    python benchmarks/serve_load.py --store oxigraph:/tmp/store --output /tmp/serve_load.md
"""

import argparse
import csv
import datetime
import http.client
import io
import itertools
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

from scaled import RESULTS, ROOT, machine, progress, table, write

DEFAULT_OUTPUT = RESULTS / "serve_load.md"
HOST = "127.0.0.1"
ID = "https://w3id.org/hipskg/id/"
SEED = 13
COMMAND = "python benchmarks/serve_load.py " + " ".join(sys.argv[1:])
SERVER_TIMEOUT = 2.0  # the server's --timeout: the runaway query must run past it
IRIS = f'SELECT DISTINCT ?s WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?s), "{ID}")) }} ORDER BY ?s'
LABELS = (
    "SELECT DISTINCT ?l WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel>|<http://www.w3.org/2000/01/rdf-schema#label> ?l "
    f'FILTER(STRSTARTS(STR(?s), "{ID}")) }} ORDER BY ?l'
)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# Catalogue queries without parameters POSTed to /sparql (and to the peer): a GROUP BY count, a listing,
# the largest answer of the catalogue and one comparing the sources.
SPARQL_QUERIES = ("chapters-with-procedure-counts", "documents-by-type", "toolkit-cross-references", "source-disagreements")
MIX = (("entity", 0.6), ("search", 0.2), ("queries", 0.1), ("sparql", 0.1))
TARGET_PAGES = 300.0  # entity pages/s
TARGET_P99 = 150.0  # ms
TARGET_RATIO = 2.0  # runaway phase's p99 over the steady phase's


#################################################################
# Clients
#################################################################


@dataclass(frozen=True)
class Request:
    kind: str
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Sample:
    kind: str
    ms: float
    status: int | str  # the HTTP status, or the exception's name


class Connection:
    """One keep-alive HTTP/1.1 connection, reopened after an error or a ``Connection: close``."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port, self.timeout = port, timeout
        self.conn: http.client.HTTPConnection | None = None

    def send(self, request: Request) -> Sample:
        start = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            self.conn.request(request.method, request.path, body=request.body, headers=request.headers)
            response = self.conn.getresponse()
            response.read()
            status: int | str = response.status
            if response.will_close:
                self.close()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            status = type(error).__name__
        return Sample(request.kind, (time.perf_counter() - start) * 1000, status)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def ok(sample: Sample) -> bool:
    return isinstance(sample.status, int) and 200 <= sample.status < 300


@dataclass
class Phase:
    name: str
    seconds: float
    samples: list[Sample]
    runaway: list[Sample] = field(default_factory=list)
    server_cpu: float = 0.0  # seconds of CPU the server process used during the phase (all its threads)
    client_cpu: float = 0.0  # and this process, the clients


def run_phase(
    name: str,
    port: int,
    clients: int,
    next_request,
    *,
    seconds: float | None,
    cap: float,
    timeout: float,
    runaway: Request | None = None,
    server: int | None = None,
) -> Phase:
    """``clients`` threads, each on its own connection, sending ``next_request(rng)`` until ``seconds`` have passed
    (or, with ``seconds`` None, until it returns None; at most ``cap`` seconds). With ``runaway``, one more
    thread keeps sending it; its samples are kept apart."""
    progress(f"{name}: {clients} clients" + (f", {seconds:g} s" if seconds else "") + (" + the runaway" if runaway else ""))
    gathered: list[list[Sample]] = [[] for _ in range(clients)]
    runaway_samples: list[Sample] = []
    start_line = threading.Barrier(clients + (1 if runaway else 0) + 1)
    deadline = [0.0]
    stop = threading.Event()

    def client(number: int) -> None:
        rng = random.Random(SEED * 1000 + number)
        connection = Connection(port, timeout)
        start_line.wait()
        try:
            while not stop.is_set() and time.perf_counter() < deadline[0]:
                request = next_request(rng)
                if request is None:
                    break
                gathered[number].append(connection.send(request))
        finally:
            connection.close()

    def runaway_client() -> None:
        connection = Connection(port, timeout=max(timeout, 10 * SERVER_TIMEOUT))
        start_line.wait()
        try:
            while not stop.is_set() and time.perf_counter() < deadline[0]:
                runaway_samples.append(connection.send(runaway))  # type: ignore[arg-type]
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    if runaway:
        threads.append(threading.Thread(target=runaway_client, daemon=True))
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    deadline[0] = started + (seconds if seconds else cap)
    cpu = cpu_seconds(server), time.process_time()
    start_line.wait()
    started = time.perf_counter()
    deadline[0] = started + (seconds if seconds else cap)
    for thread in threads[:clients]:
        thread.join()
    elapsed = time.perf_counter() - started  # the mix's clients: the runaway's last request may end later
    server_cpu, client_cpu = cpu_seconds(server) - cpu[0], time.process_time() - cpu[1]
    stop.set()
    for thread in threads[clients:]:
        thread.join(timeout + 10 * SERVER_TIMEOUT)
    samples = [s for client_samples in gathered for s in client_samples]
    progress(f"  {len(samples):,} requests in {elapsed:.1f} s, {sum(not ok(s) for s in samples)} errors")
    return Phase(name, elapsed, samples, runaway_samples, server_cpu, client_cpu)


def cpu_seconds(pid: int | None) -> float:
    """User and system CPU seconds process ``pid`` has used so far (Linux /proc; 0 elsewhere or without a pid)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


#################################################################
# Statistics
#################################################################


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile of ``values`` (sorted here)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, -(-len(ordered) * p // 100) - 1))] if ordered else float("nan")


def stats(samples: list[Sample], seconds: float) -> dict:
    ms = [s.ms for s in samples]
    failed = Counter(str(s.status) for s in samples if not ok(s))
    return {
        "requests": len(samples),
        "per_second": len(samples) / seconds if seconds else 0.0,
        "p50_ms": percentile(ms, 50),
        "p90_ms": percentile(ms, 90),
        "p99_ms": percentile(ms, 99),
        "max_ms": max(ms) if ms else float("nan"),
        "errors": sum(failed.values()),
        "error_statuses": dict(failed),
    }


def summary(phase: Phase) -> dict:
    kinds = sorted({s.kind for s in phase.samples}, key=[k for k, _ in MIX].index)
    result = {
        "seconds": phase.seconds,
        "kinds": {kind: stats([s for s in phase.samples if s.kind == kind], phase.seconds) for kind in kinds},
        "all": stats(phase.samples, phase.seconds),
    }
    if phase.runaway:
        result["runaway"] = stats(phase.runaway, phase.seconds)
    result["server_cpu_s"] = phase.server_cpu
    result["client_cpu_s"] = phase.client_cpu
    result["server_cpu_ms_per_request"] = phase.server_cpu * 1000 / len(phase.samples) if phase.samples else float("nan")
    return result


#################################################################
# The server
#################################################################


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def user_env() -> dict[str, str]:
    """A user's environment: no HIPSKG_STORE (no --store means hipskg's default) and bytecode written as usual."""
    env = dict(os.environ)
    env.pop("HIPSKG_STORE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def wait_until_answering(port: int, path: str, process: subprocess.Popen, timeout: float) -> float:
    """Seconds until ``path`` answers with a 2xx (polled); raises when the process exits or ``timeout`` passes."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before answering")
        connection = Connection(port, timeout=2.0)
        sample = connection.send(Request("probe", "GET", path))
        connection.close()
        if ok(sample):
            return time.perf_counter() - started
        time.sleep(0.02)
    raise RuntimeError(f"the server did not answer {path} within {timeout:g} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(15)


def get(port: int, path: str, accept: str, timeout: float) -> str:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept": accept})
        response = connection.getresponse()
        body = response.read().decode("utf-8")
        if response.status != 200:
            raise RuntimeError(f"GET {path[:80]}: {response.status} {body[:200]}")
        return body
    finally:
        connection.close()


def sparql_csv(port: int, query: str, timeout: float) -> list[str]:
    rows = list(csv.reader(io.StringIO(get(port, "/sparql?" + urlencode({"query": query}), "text/csv", timeout))))
    return [row[0] for row in rows[1:] if row]


#################################################################
# What the clients ask
#################################################################


@dataclass
class Workload:
    entities: list[str]  # paths /id/...
    words: list[str]
    catalogue: list[str]  # paths /queries/NAME?...
    sparql: dict[str, str]  # name -> the query text with its prologue


def workload(port: int, timeout: float) -> Workload:
    from hipskg.catalogue import catalogue
    from hipskg.sparql import prologue

    iris = sparql_csv(port, IRIS, timeout)
    random.Random(SEED).shuffle(iris)
    entities = ["/id/" + quote(iri.removeprefix(ID), safe="/:@!$&'()*+,;=-._~") for iri in iris]
    words = sorted({w.casefold() for label in sparql_csv(port, LABELS, timeout) for w in re.findall(r"[^\W\d_]{5,}", label)})
    random.Random(SEED).shuffle(words)
    queries = catalogue()
    paths = [
        f"/queries/{name}?" + urlencode({p.name: p.example for p in query.parameters})
        for name, query in sorted(queries.items())
        if query.parameters and all(p.example for p in query.parameters)
    ]
    texts = {name: prologue() + queries[name].text for name in SPARQL_QUERIES}
    return Workload(entities, words[:300], paths, texts)


def sparql_post(name: str, text: str, path: str = "/sparql") -> Request:
    headers = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
    return Request("sparql", "POST", path, text.encode("utf-8"), headers)


def mixed(work: Workload, mix: tuple[tuple[str, float], ...] = MIX):
    """The steady mix: each client walks the shuffled IRIs from its own random start."""
    cursor: dict[int, int] = {}
    lock = threading.Lock()

    def next_request(rng: random.Random) -> Request:
        kind = rng.choices([k for k, _ in mix], [w for _, w in mix])[0]
        if kind == "entity":
            with lock:
                at = cursor.setdefault(id(rng), rng.randrange(len(work.entities)))
                cursor[id(rng)] = at + 1
            return Request("entity", "GET", work.entities[at % len(work.entities)], headers={"Accept": "text/html"})
        if kind == "search":
            return Request(
                "search", "GET", "/search?" + urlencode({"q": rng.choice(work.words)}), headers={"Accept": "text/html"}
            )
        if kind == "queries":
            return Request("queries", "GET", rng.choice(work.catalogue), headers={"Accept": "text/html"})
        name = rng.choice(sorted(work.sparql))
        return sparql_post(name, work.sparql[name])

    return next_request


def first_pass(work: Workload):
    remaining = iter(work.entities)
    lock = threading.Lock()

    def next_request(rng: random.Random) -> Request | None:
        with lock:
            path = next(remaining, None)
        return None if path is None else Request("entity", "GET", path, headers={"Accept": "text/html"})

    return next_request


def entity_only(work: Workload):
    """Entity pages alone, all of them built already: what the page cache and the HTTP layer give at most."""
    return mixed(Workload(work.entities, [], [], {}), (("entity", 1.0),))


def sparql_only(work: Workload, path: str = "/sparql", *, fresh: bool = False):
    """The catalogue's SPARQL texts POSTed at random; ``fresh``: each one made new by a numbered comment, so that
    no answer comes from hipskg's cache of repeated answers (the peer keeps none)."""
    numbers = itertools.count()

    def next_request(rng: random.Random) -> Request:
        name = rng.choice(sorted(work.sparql))
        text = work.sparql[name] + (f"\n# request {next(numbers)}" if fresh else "")
        return sparql_post(name, text, path)

    return next_request


def result_counts(port: int, work: Workload, path: str, timeout: float) -> dict[str, int | str]:
    """Rows of each /sparql text's answer (a check that hipskg and the peer did the same work)."""
    counts: dict[str, int | str] = {}
    connection = Connection(port, timeout)
    for name, text in sorted(work.sparql.items()):
        request = sparql_post(name, text, path)
        connection.conn = connection.conn or http.client.HTTPConnection(HOST, port, timeout=timeout)
        connection.conn.request(request.method, request.path, body=request.body, headers=request.headers)
        response = connection.conn.getresponse()
        body = response.read()
        counts[name] = len(json.loads(body)["results"]["bindings"]) if response.status == 200 else f"status {response.status}"
    connection.close()
    return counts


#################################################################
# The peer: Oxigraph's server
#################################################################


def peer(args: argparse.Namespace, hipskg: str, work: Workload) -> dict:
    oxigraph = shutil.which("oxigraph", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if oxigraph is None:
        return {"skipped": "no oxigraph command (pip install -e '.[test]')"}
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="serve-load-oxigraph-") as folder:
        log = open(Path(folder) / "oxigraph.log", "wb")
        process = subprocess.Popen(
            [oxigraph, "serve", "--location", folder + "/db", "--bind", f"{HOST}:{port}", "--union-default-graph"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
        )
        try:
            wait_until_answering(port, "/", process, 60)
            pushed = subprocess.run(
                [hipskg, "push", "--store", f"http://{HOST}:{port}/store", "--timeout", "60"],
                env=user_env(),
                capture_output=True,
                text=True,
                timeout=300,
            )
            if pushed.returncode != 0:
                return {"skipped": f"hipskg push failed: {pushed.stderr.strip()[-300:]}"}
            counts = result_counts(port, work, "/query", args.request_timeout)
            phase = run_phase(
                "oxigraph serve, sparql only",
                port,
                args.clients,
                sparql_only(work, "/query"),
                seconds=args.peer_seconds,
                cap=args.peer_seconds,
                timeout=args.request_timeout,
                server=process.pid,
            )
            return {"summary": summary(phase), "counts": counts, "version": _oxigraph_version(oxigraph)}
        finally:
            stop(process)
            log.close()


def _oxigraph_version(oxigraph: str) -> str:
    done = subprocess.run([oxigraph, "--version"], capture_output=True, text=True, timeout=30)
    return done.stdout.strip()


#################################################################
# Report
#################################################################


def uvicorn_http() -> str:
    """What uvicorn picks in this environment (``--http auto``, ``--loop auto``)."""
    import importlib.util

    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    return f"{http}, {loop}"


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def fmt(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def rows_of(label: str, result: dict) -> list[list[str]]:
    """One row per kind of request and one for all of them (none when there is one kind); the server's CPU on the last."""
    kinds = list(result["kinds"].items())
    rows = []
    for kind, s in kinds + ([("all", result["all"])] if len(kinds) > 1 else []):
        errors = str(s["errors"]) + (
            " (" + ", ".join(f"{k}: {v}" for k, v in s["error_statuses"].items()) + ")" if s["errors"] else ""
        )
        cells = [
            f"{s['requests']:,}",
            fmt(s["per_second"]),
            fmt(s["p50_ms"]),
            fmt(s["p90_ms"]),
            fmt(s["p99_ms"]),
            fmt(s["max_ms"]),
        ]
        rows.append([label, kind, *cells, "", errors])
    rows[-1][-2] = fmt(result["server_cpu_ms_per_request"], 2)
    return rows


PHASE_LABELS = {
    "first pass": "first pass, each page built",
    "steady": "steady",
    "entity only": "entity pages only, warm",
    "sparql only": "sparql only",
    "sparql fresh": "sparql only, each text new",
    "runaway": "with the runaway",
}


def runaway_outcome(results: dict) -> str:
    """What the runaway client's queries got: run to the limit, or refused at once (503 while the slots are taken)."""
    samples = results.get("runaway_samples", [])
    ran = sum(1 for status, ms in samples if status == "503" and ms >= SERVER_TIMEOUT * 1000 * 0.9)
    refused = sum(1 for status, ms in samples if status == "503" and ms < SERVER_TIMEOUT * 1000 * 0.9)
    other = Counter(status for status, _ in samples if status != "503")
    return (
        f"{len(samples)} sent: {ran} answered 503 after running to the limit, {refused} refused at once with 503 (busy)"
        + "".join(f", {n} answered {status}" for status, n in other.items())
    )


def report(results: dict) -> str:
    phases = results["phases"]
    rows = []
    for name, result in phases.items():
        rows += rows_of(f"{PHASE_LABELS[name]} ({result['seconds']:.0f} s)", result)
    text = table(
        ["phase", "kind", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "server CPU ms/req", "errors"],
        rows,
        left=2,
        text=1,
    )
    text += (
        f"\nWhole command: `hipskg serve` answered its first request (`/`) {results['cold_start_s']:.2f} s after its process "
        "started (cold start: interpreter, imports, loading the data, the search index).\n"
    )
    if "server_exit" in results:
        died = results["server_exit"]
        text += f"\n**The server exited with status {died['code']} during the {died['phase']} phase**; the phases after it were not run. Its log ended:\n\n```\n{died['tail'].strip()}\n```\n"
        return text
    steady = phases["steady"]
    text += f"\nThe runaway client (`{RUNAWAY}`, server limit {SERVER_TIMEOUT:g} s): {runaway_outcome(results)}.\n"
    if "summary" in results["peer"]:
        ours, theirs = phases["sparql only"], results["peer"]["summary"]

        def peer_row(name: str, result: dict, ratio: str) -> list[str]:
            s = result["all"]
            cells = [f"{s['requests']:,}", fmt(s["per_second"]), fmt(s["p50_ms"]), fmt(s["p99_ms"])]
            return [name, *cells, fmt(result["server_cpu_ms_per_request"], 2), str(s["errors"]), ratio]

        fresh = phases["sparql fresh"]

        def ratio(result: dict) -> str:
            peer_rate = theirs["all"]["per_second"]
            return f"{result['all']['per_second'] / peer_rate:.2f}×" if peer_rate else "n/a"

        columns = ["server, the same /sparql POSTs", "requests", "req/s", "p50 ms", "p99 ms", "server CPU ms/req", "errors"]
        text += "\n" + table(
            [*columns, "÷ peer req/s"],
            [
                peer_row("hipskg serve, each text new (evaluated every time)", fresh, ratio(fresh)),
                peer_row("hipskg serve, texts repeated (answers kept)", ours, ratio(ours)),
                peer_row(f"{results['peer']['version'] or 'oxigraph'} serve", theirs, ""),
            ],
        )
        if results["peer"]["counts"] != results["sparql_counts"]:
            text += f"\nResult rows differ: hipskg {results['sparql_counts']}, peer {results['peer']['counts']}.\n"
    elif "skipped" in results["peer"]:
        text += f"\nPeer skipped: {results['peer']['skipped']}.\n"

    first = phases["first pass"]["kinds"]["entity"]
    text += (
        f"\nCold against warm: while each entity page is built (first pass) the server gives {fmt(first['per_second'])} pages/s "
        f"(p99 {fmt(first['p99_ms'])} ms); from the page cache, in the steady mix, {fmt(steady['kinds']['entity']['per_second'])} "
        f"pages/s beside the other requests (p99 {fmt(steady['kinds']['entity']['p99_ms'])} ms).\n"
    )
    text += "\nTargets (issue 13), on the steady phase unless said otherwise:\n\n"
    for line, met in results["targets"]:
        text += f"- {'met' if met else 'MISSED'}: {line}\n"
    return text


def targets(results: dict) -> list[tuple[str, bool]]:
    steady, runaway = results["phases"]["steady"], results["phases"]["runaway"]
    entity = steady["kinds"]["entity"]
    ratio = runaway["all"]["p99_ms"] / steady["all"]["p99_ms"]
    entity_ratio = runaway["kinds"]["entity"]["p99_ms"] / entity["p99_ms"]
    runaway_line = (
        f"with the runaway, the other clients' p99 ≤ {TARGET_RATIO:g}× the steady one: {fmt(runaway['all']['p99_ms'])} ms, "
        f"{ratio:.2f}× (entity pages {fmt(runaway['kinds']['entity']['p99_ms'])} ms, {entity_ratio:.2f}×)"
    )
    return [
        (
            f"≥ {TARGET_PAGES:g} entity pages/s in the steady mix: {fmt(entity['per_second'])}/s",
            entity["per_second"] >= TARGET_PAGES,
        ),
        (
            f"p99 < {TARGET_P99:g} ms over the steady mix: {fmt(steady['all']['p99_ms'])} ms (entity pages {fmt(entity['p99_ms'])} ms)",
            steady["all"]["p99_ms"] < TARGET_P99,
        ),
        (f"0 errors in the steady mix: {steady['all']['errors']}", steady["all"]["errors"] == 0),
        (runaway_line, ratio <= TARGET_RATIO),
        (
            f"0 errors for the other clients with the runaway: {runaway['all']['errors']}"
            + "".join(f", {n} × {status}" for status, n in runaway["all"]["error_statuses"].items()),
            runaway["all"]["errors"] == 0,
        ),
        (
            f"the runaway query answered 503: {runaway_outcome(results)}",
            bool(results["runaway_samples"]) and all(status == "503" for status, _ in results["runaway_samples"]),
        ),
    ]


def header(results: dict) -> str:
    return (
        "# `hipskg serve` under load\n\n"
        f"`{results['command']}`, measured {results['date']} on hipskg commit {results['commit']}, store {results['store']}. "
        f"{results['clients']} concurrent clients on 127.0.0.1, one keep-alive HTTP/1.1 connection each (Python http.client "
        "threads in one process, on the same machine as the server); latencies are the clients' (request sent to body read). "
        "req/s is requests over the phase's wall time. Phases in this order on one server (`--timeout 2`): the first pass "
        f"fetches each of the {results['entities']:,} entity pages once (built on that request); the steady mix is about 60% "
        "entity pages, 20% search, 10% catalogue query pages, 10% `/sparql` POSTs; then the entity pages alone (all cached), "
        "the `/sparql` POSTs alone; then the "
        "steady mix again with one more client sending a query that runs past the limit (its own requests are not in the "
        "rows). See benchmarks/README.md.\n\n"
        f"{machine(['uvicorn', 'starlette', 'h11', 'httptools', 'uvloop', 'rdflib', 'pyoxigraph'])} uvicorn uses {results['uvicorn']}. "
        f"Load average (1, 5, 15 min) before: {results['load_before']}, after: {results['load_after']}.\n\n"
    )


#################################################################
# Main
#################################################################


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="\n\n".join(__doc__.split("\n\n")[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--seconds", type=float, default=30, help="length of the steady and the runaway phase (default 30)")
    parser.add_argument(
        "--peer-seconds", type=float, default=15, help="length of the entity-only and each sparql-only phase (default 15)"
    )
    parser.add_argument("--port", type=int, help="port for hipskg serve on 127.0.0.1 (default: a free one)")
    parser.add_argument("--store", help="--store for hipskg serve (default: hipskg's default store)")
    parser.add_argument("--request-timeout", type=float, default=30, help="seconds a client waits for one answer (default 30)")
    parser.add_argument(
        "--peer",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also run the /sparql mix on oxigraph serve (default on)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"Markdown file for the table (default {DEFAULT_OUTPUT.relative_to(ROOT)}); the figures go next to it as .json",
    )
    return parser.parse_args(argv)


def commit() -> str:
    done = subprocess.run(
        ["git", "log", "-1", "--format=%h", "--", "hipskg"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "hipskg"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    return done.stdout.strip() + (" (with uncommitted changes to hipskg/)" if dirty.stdout.strip() else "")


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    if args.clients < 1 or args.seconds <= 0 or args.peer_seconds <= 0 or args.request_timeout <= 0:
        print("serve_load.py: --clients, --seconds, --peer-seconds and --request-timeout must be positive", file=sys.stderr)
        return 2
    beside = Path(sys.executable).with_name("hipskg")
    hipskg = str(beside) if beside.exists() else shutil.which("hipskg")
    if hipskg is None:
        print("serve_load.py: no hipskg command: pip install -e . in this environment", file=sys.stderr)
        return 2
    port = args.port or free_port()
    command = [hipskg, "serve", "--host", HOST, "--port", str(port), "--timeout", f"{SERVER_TIMEOUT:g}"]
    command += ["--store", args.store] if args.store else []
    results: dict = {
        "command": COMMAND.strip(),
        "date": datetime.date.today().isoformat(),
        "commit": commit(),
        "clients": args.clients,
        "uvicorn": uvicorn_http(),
        "load_before": load_average(),
    }
    progress(f"starting {' '.join(command)}")
    with tempfile.NamedTemporaryFile(prefix="serve-load-", suffix=".log", delete=False) as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=user_env(), stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        try:
            try:
                wait_until_answering(port, "/", process, 120)
            except RuntimeError as error:
                log.seek(0)
                print(f"serve_load.py: {error}:\n{log.read().decode('utf-8', 'replace')[-2000:]}", file=sys.stderr)
                Path(log.name).unlink(missing_ok=True)
                return 1
            results["cold_start_s"] = time.perf_counter() - started
            progress(f"answering after {results['cold_start_s']:.2f} s")
            log.seek(0)
            first_line = log.read().decode("utf-8", "replace")
            found = re.search(r"\(store ([^;]+);", first_line)
            results["store"] = found.group(1) if found else (args.store or "default")
            work = workload(port, args.request_timeout)
            phases: dict[str, Phase] = {}
            results["entities"] = len(work.entities)
            results["sparql_counts"] = result_counts(port, work, "/sparql", args.request_timeout)
            runaway = Request("runaway", "POST", "/sparql", RUNAWAY.encode(), {"Content-Type": "application/sparql-query"})
            common = {"timeout": args.request_timeout, "server": process.pid}

            def phase(label: str, next_request, seconds: float | None, **extra):
                cap = 600 if seconds is None else seconds
                return lambda: run_phase(label, port, args.clients, next_request, seconds=seconds, cap=cap, **common, **extra)

            plan = {
                "first pass": phase("first pass", first_pass(work), None),
                "steady": phase("steady", mixed(work), args.seconds),
                "entity only": phase("entity only", entity_only(work), args.peer_seconds),
                "sparql only": phase("sparql only", sparql_only(work), args.peer_seconds),
                "sparql fresh": phase("sparql fresh", sparql_only(work, fresh=True), args.peer_seconds),
                "runaway": phase("with the runaway", mixed(work), args.seconds, runaway=runaway),
            }
            for name, measure in plan.items():
                phases[name] = measure()
                if process.poll() is not None:  # a server that died mid-phase: the rest would only count refused connections
                    log.flush()
                    tail = Path(log.name).read_text("utf-8", "replace")[-3000:]
                    results["server_exit"] = {"phase": name, "code": process.returncode, "log": log.name, "tail": tail}
                    print(
                        f"serve_load.py: the server exited with {process.returncode} during {name}; its log: {log.name}",
                        file=sys.stderr,
                    )
                    break
            if "runaway" in phases:
                results["runaway_samples"] = [(str(s.status), s.ms) for s in phases["runaway"].runaway]
        finally:
            stop(process)
    if "server_exit" not in results:
        Path(log.name).unlink(missing_ok=True)
    results["phases"] = {name: summary(phase) for name, phase in phases.items()}
    results["peer"] = peer(args, hipskg, work) if args.peer else {"skipped": "--no-peer"}
    results["load_after"] = load_average()
    results["targets"] = [] if "server_exit" in results else targets(results)
    args.output.with_suffix(".json").write_text(json.dumps(results, indent=1, default=str) + "\n")
    write(args.output, header(results), report(results))
    return 1 if "server_exit" in results else 0


if __name__ == "__main__":
    sys.exit(main())
