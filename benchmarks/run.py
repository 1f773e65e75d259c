"""Time every step of the flow at national scale, on each store, against a peer, in fresh processes.

The data is the synthetic graph of ``hipskg synth`` (partnerships shaped like the HIPS data), at
each size given: a data folder (``synth.write_folder``, seed 0) and one N-Quads file of the same
statements for the peers, generated once into a cache folder and reused. For each size, store and
operation a new ``python -c`` process sets up untimed (reads the data, opens the store), times the
one operation and reports its seconds and its peak resident memory (``resource.getrusage`` in the
child: the whole process, data included). The table has the median over ``--runs``, triples per
second, the time as a ratio of the peer's, the growth from the size before, and the issue's
target where there is one.

Operations (``--only`` names) and their peers:

- load: the memory store (rdflib), the oxigraph store cold into a new folder, then reloaded with
  nothing changed and with one named graph changed, and the endpoint store; peers: raw
  ``pyoxigraph.Store().bulk_load()`` of the N-Quads file (the ceiling) and ``rdflib.Dataset().parse()``
  (the baseline).
- queries: the 37 catalogue queries, parameters bound; peers: raw pyoxigraph ``Store.query`` and plain
  rdflib ``Dataset.query`` of the same bound text.
- reason: ``infer(store.asserted())`` (the work of ``hipskg reason``) with the fastest engine, vs owlrl.
- validate: ``validate(store.asserted())`` (the work of ``hipskg build``) with the fastest engine, vs pySHACL.
- export: Turtle and N-Triples as ``hipskg export`` writes them, vs raw pyoxigraph ``Store.dump`` from
  memory and from an on-disk store (the storage the oxigraph store reads from).
- real: ``hipskg build``, ``hipskg queries --run`` and ``hipskg reason`` as cold CLI processes on the committed data.

Examples:

    python benchmarks/run.py                                  # 10k, 100k and 1m: 20 to 40 minutes
    python benchmarks/run.py --sizes 10k --runs 1             # a quick check
    python benchmarks/run.py --sizes 10k,100k,1m --stores memory,oxigraph,endpoint
    python benchmarks/run.py --sizes 1m --only queries,export # rerun a subset; other rows are kept

"""

import argparse
import datetime
import functools
import hashlib
import json
import math
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from scaled import RESULTS, ROOT, Cell, machine, measure, peak_rss_mb, progress, table, write

DEFAULT_OUTPUT = RESULTS / "run.md"
DEFAULT_CACHE = Path("/tmp/hipskg-bench")
GROUPS = ("real", "load", "queries", "reason", "validate", "export")
STORES = ("memory", "oxigraph", "endpoint")
REAL = "HIPS"  # the size label of the committed data
MILLION = 1_000_000
COMMAND = "python benchmarks/run.py " + " ".join(sys.argv[1:])
DEFAULT_ENGINES: dict[str, str] = {}  # the default (fastest) reasoning and SHACL engines, filled in by main()
PEER_LIMIT = 100_000  # owlrl and pySHACL run up to this size (owlrl takes ~100 s at 100k, minutes a run beyond)
CHANGED_FILE = "sources/synth-0001-procedures.nt"
CHANGED_LINE = (
    "<https://w3id.org/hipskg/id/procedure/synth-0001-1-1> <http://www.w3.org/2000/01/rdf-schema#comment> "
    '"changed by benchmarks/run.py"@en .\n'
)

MEMORY_LIMIT = "HIPSKG_BENCH_MEMORY_LIMIT"  # bytes of address space a child may use, set by --memory-limit

# Every child is this line: the function named by argv[1] gets the JSON spec in argv[2].
CHILD = "import sys; from run import child; child(sys.argv[1], sys.argv[2])"


#################################################################
# Children: each sets up untimed, times one operation, prints one JSON line
#################################################################


def child(name: str, spec: str) -> None:
    if limit := os.environ.get(MEMORY_LIMIT):  # a runaway child fails alone instead of pushing the machine out of memory
        resource.setrlimit(resource.RLIMIT_AS, (int(limit), int(limit)))
    result = CHILDREN[name](json.loads(spec))
    result.setdefault("peak_rss_mb", peak_rss_mb())
    print(json.dumps(result))


def _opened(spec: dict):
    """The store of ``spec``, holding the data folder (untimed set-up)."""
    from hipskg.store import EndpointStore, open_store, sources

    store = open_store(spec["store"])
    if not isinstance(store, EndpointStore):
        store.load(sources(Path(spec["data"])))
    return store


def _size_of(result) -> int:
    """Rows of a SELECT, triples of a CONSTRUCT or DESCRIBE, 1 for an ASK (an rdflib Result)."""
    if result.type == "ASK":
        return 1
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return len(result.graph)
    return len(result.bindings)


def store_load(spec: dict) -> dict:
    """``open_store(...).load(sources(data))``, into a new folder (``fresh``) or a copy of a loaded store (``copy_from``)."""
    from hipskg.store import open_store, sources

    if "path" in spec:
        shutil.rmtree(spec["path"], ignore_errors=True)
        if "copy_from" in spec:
            shutil.copytree(spec["copy_from"], spec["path"])
    start = time.perf_counter()
    store = open_store(spec["store"])
    report = store.load(sources(Path(spec["data"])))
    store.close()
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "loaded": sum(report.loaded.values()),
        "graphs_loaded": len(report.loaded),
        "kept": sum(report.kept.values()),
    }


def pyoxigraph_load(spec: dict) -> dict:
    import pyoxigraph as ox

    if spec.get("path"):
        shutil.rmtree(spec["path"], ignore_errors=True)
    start = time.perf_counter()
    store = ox.Store(spec["path"]) if spec.get("path") else ox.Store()
    store.bulk_load(path=spec["nq"], format=ox.RdfFormat.N_QUADS)
    if spec.get("path"):
        store.flush()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "loaded": len(store)}


def rdflib_load(spec: dict) -> dict:
    from rdflib import Dataset

    start = time.perf_counter()
    dataset = Dataset()
    dataset.parse(spec["nq"], format="nquads")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "loaded": sum(len(graph) for graph in dataset.graphs())}


def store_queries(spec: dict) -> dict:
    """Each catalogue query through ``Store.query`` with its parameters bound (binding untimed)."""
    from hipskg.query import bind, catalogue

    store = _opened(spec)
    plan = json.loads(Path(spec["plan"]).read_text(encoding="utf-8"))
    store.query("ASK { ?s ?p ?o }")  # warm-up, untimed: first-use costs of the engine
    times, sizes = {}, {}
    for name, query in catalogue().items():
        bindings = bind(query, store.query, plan[name]["values"])
        start = time.perf_counter()
        sizes[name] = _size_of(store.query(query.text, bindings))
        times[name] = time.perf_counter() - start
    return {"seconds": sum(times.values()), "times": times, "sizes": sizes}


def pyoxigraph_queries(spec: dict) -> dict:
    """The same bound query texts on a raw in-memory pyoxigraph store (data and ontology, union default graph)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=spec["nq"], format=ox.RdfFormat.N_QUADS)
    store.bulk_load(path=spec["ontology"], format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(spec["ontology_graph"]))
    return _timed_pyoxigraph_queries(store, spec)


def _timed_pyoxigraph_queries(store, spec: dict) -> dict:
    """Each planned query text on a raw pyoxigraph store, after one warm-up query: times and result sizes."""
    import pyoxigraph as ox

    plan = json.loads(Path(spec["plan"]).read_text(encoding="utf-8"))
    bool(store.query("ASK { ?s ?p ?o }", use_default_graph_as_union=True))
    times, sizes = {}, {}
    for name, entry in plan.items():
        start = time.perf_counter()
        answer = store.query(entry["text"], use_default_graph_as_union=True)
        sizes[name] = 1 if isinstance(answer, ox.QueryBoolean) else len(list(answer))
        times[name] = time.perf_counter() - start
    return {"seconds": sum(times.values()), "times": times, "sizes": sizes}


def pyoxigraph_disk_queries(spec: dict) -> dict:
    """The same bound query texts on the oxigraph store's own database, opened read-only by raw pyoxigraph."""
    import pyoxigraph as ox

    store = ox.Store.read_only(spec["db"])
    return _timed_pyoxigraph_queries(store, spec)


def rdflib_queries(spec: dict) -> dict:
    """The same bound query texts on a plain rdflib Dataset (data and ontology, union default graph)."""
    from rdflib import Dataset, URIRef

    dataset = Dataset(default_union=True)
    dataset.parse(spec["nq"], format="nquads")
    dataset.graph(URIRef(spec["ontology_graph"])).parse(spec["ontology"], format="turtle")
    plan = json.loads(Path(spec["plan"]).read_text(encoding="utf-8"))
    bool(dataset.query("ASK { ?s ?p ?o }"))
    times, sizes = {}, {}
    for name, entry in plan.items():
        start = time.perf_counter()
        sizes[name] = _size_of(dataset.query(entry["text"]))
        times[name] = time.perf_counter() - start
    return {"seconds": sum(times.values()), "times": times, "sizes": sizes}


def reason(spec: dict) -> dict:
    """``infer(store.asserted())``: what ``hipskg reason`` does between loading and keeping the inferred graph."""
    from hipskg.reason import infer

    store = _opened(spec)
    start = time.perf_counter()
    inference = infer(store.asserted(), engine=spec["engine"])
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "inferred": len(inference.graph)}


def validation(spec: dict) -> dict:
    """``validate(store.asserted())``: what ``hipskg build`` does to validate."""
    from hipskg.validate import validate

    store = _opened(spec)
    start = time.perf_counter()
    report = validate(store.asserted(), engine=spec["engine"])
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "results": len(report.results), "conforms": report.conforms}


def store_export(spec: dict) -> dict:
    """The memory store: ``serialize(selected_graphs(...))`` written to a file; the others: ``hipskg export`` in this process."""
    out = Path(spec["out"])
    if spec["store"] == "memory":
        from hipskg import export
        from hipskg.rdfio import write_atomically

        store = _opened(spec)
        start = time.perf_counter()
        write_atomically(out, export.serialize(export.selected_graphs(store.dataset()), spec["format"]))
    else:
        from hipskg import cli

        start = time.perf_counter()
        code = cli.main(
            ["export", "--store", spec["store"], "--data", spec["data"], "--format", spec["format"], "--output", str(out)]
        )
        if code != 0:
            raise SystemExit(f"hipskg export exited with {code}")
    seconds = time.perf_counter() - start
    size = out.stat().st_size
    out.unlink()
    return {"seconds": seconds, "bytes": size}


def pyoxigraph_export(spec: dict) -> dict:
    """Raw ``Store.dump`` of the union of the data graphs (loaded untimed into the default graph of
    an in-memory store, or of an on-disk store at ``path``: the storage the oxigraph store reads)."""
    import pyoxigraph as ox

    if "path" in spec:
        shutil.rmtree(spec["path"], ignore_errors=True)
    store = ox.Store(spec.get("path"))
    for path in sorted(Path(spec["data"]).glob("*/*.nt")):
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    fmt = ox.RdfFormat.TURTLE if spec["format"] == "ttl" else ox.RdfFormat.N_TRIPLES
    prefixes = spec["prefixes"] if spec["format"] == "ttl" else None
    out = Path(spec["out"])
    start = time.perf_counter()
    store.dump(str(out), fmt, from_graph=ox.DefaultGraph(), prefixes=prefixes)
    seconds = time.perf_counter() - start
    size = out.stat().st_size
    out.unlink()
    return {"seconds": seconds, "bytes": size}


def cli_process(spec: dict) -> dict:
    """One cold ``hipskg`` command as a user runs it: wall time and peak memory of that process."""
    command = [str(Path(sys.executable).with_name("hipskg")), *spec["args"]]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in spec.get("ok", [0]):
        raise SystemExit(f"{' '.join(spec['args'])} exited with {done.returncode}: {done.stderr.strip()[-500:]}")
    return {"seconds": seconds, "peak_rss_mb": peak_rss_mb(children=True), "exit": done.returncode}


CHILDREN = {
    function.__name__: function
    for function in (
        store_load,
        pyoxigraph_load,
        rdflib_load,
        store_queries,
        pyoxigraph_queries,
        pyoxigraph_disk_queries,
        rdflib_queries,
        reason,
        validation,
        store_export,
        pyoxigraph_export,
        cli_process,
    )
}


#################################################################
# The parent: data, parameters, tasks, results, the table
#################################################################


@dataclass(frozen=True)
class Size:
    label: str  # 10k, 100k, 1m, or HIPS for the committed data
    triples: int  # of data, the ontology not counted
    folder: Path  # the cache folder of this size

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def nq(self) -> Path:
        return self.folder / "data.nq"


@dataclass
class Task:
    """One measured row: ``subject`` doing operation ``name`` at a size."""

    group: str
    name: str
    subject: str
    child: str
    spec: dict
    peer: str | None = None  # the subject of the peer row, same group and name
    rate: bool = True  # triples per second make sense
    limit: int | None = None  # largest size run
    ok: tuple[str, ...] = ()  # result keys that must agree across runs


@dataclass
class Entry:
    """What is known of one row: its samples, or why it has none."""

    size: str
    triples: int
    group: str
    name: str
    subject: str
    peer: str | None
    rate: bool
    order: int
    date: str
    code: str = ""  # the hipskg code measured: commit, and a fingerprint of uncommitted changes to hipskg/
    command: str = ""  # the run.py command line that measured the row
    samples: list[dict] = field(default_factory=list)
    timed_out: bool = False
    skipped: str = ""
    failed: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        return self.size, self.group, self.name, self.subject

    @property
    def median(self) -> float | None:
        return statistics.median(s["seconds"] for s in self.samples) if self.samples and not self.timed_out else None

    @property
    def rss(self) -> float | None:
        return statistics.median(s["peak_rss_mb"] for s in self.samples) if self.samples and not self.timed_out else None


def size_label(triples: int) -> str:
    """10000 → 10k, 1000000 → 1m, 2500000 → 2.5m."""
    for suffix, unit in (("m", MILLION), ("k", 1000)):
        if triples >= unit and triples % (unit // 10) == 0:
            return f"{triples / unit:g}{suffix}"
    return str(triples)


def prepared_size(text: str, cache: Path) -> Size:
    """The data of one size, generated into the cache unless already there."""
    from hipskg import synth

    wanted = synth.parse_size(text)
    label = size_label(wanted)
    folder = cache / label
    meta = folder / "meta.json"
    partnerships = synth.partnerships_for(wanted)
    if meta.exists() and json.loads(meta.read_text())["partnerships"] == partnerships:
        return Size(label, json.loads(meta.read_text())["triples"], folder)
    progress(f"{label}: generating {partnerships} partnerships into {folder}")
    folder.mkdir(parents=True, exist_ok=True)
    written = synth.write_folder(folder / "data", partnerships, 0, replace=True)
    synth.write(folder / "data.nq", partnerships, 0, fmt="nq")
    changed = folder / "data-changed"
    shutil.rmtree(changed, ignore_errors=True)
    shutil.copytree(folder / "data", changed)
    with (changed / CHANGED_FILE).open("a", encoding="utf-8") as out:
        out.write(CHANGED_LINE)
    meta.write_text(json.dumps({"partnerships": partnerships, "triples": written.statements}))
    return Size(label, written.statements, folder)


def real_size(cache: Path) -> Size:
    from hipskg import dataset

    return Size(REAL, len(dataset.union(dataset.load(ROOT / "data"))), cache / "real")


def _iri(prefixed: str):
    from rdflib import URIRef

    from hipskg.namespaces import PREFIXES

    prefix, _, local = prefixed.partition(":")
    return URIRef(PREFIXES[prefix] + local)


def parameter_plan(cache: Path) -> dict[str, dict]:
    """For each catalogue query: the parameter values to bind, the bound text the peers run, and notes.

    An example that names an entity of the synthetic data is kept (the shared legislation, the
    ontology's controlled lists). Otherwise the value is an entity of the parameter's class (for a
    parameter without one, the class of the example in the committed data) from partnership 1,
    which every size holds: of its ten most connected entities, the one giving the query the most
    results on partnership 1 alone. So each size binds the same entities.
    """
    from hipskg import synth
    from hipskg.namespaces import compact
    from hipskg.query import QueryError, bind, catalogue, prologue, resolve_entity, with_values
    from hipskg.store import open_store, sources

    folder = cache / "parameters" / "data"
    if not folder.exists():
        synth.write_folder(folder, 1, 0)
    real, synthetic = open_store("memory"), open_store("memory")
    real.load(sources(ROOT / "data"))
    synthetic.load(sources(folder))

    def existing(store, value: str, cls: str | None):
        try:
            entity = resolve_entity(store.query, value, cls)
        except QueryError:
            return None
        return entity if store.query("ASK { ?e ?p ?o }", {"e": entity}).askAnswer else None

    def class_of(parameter) -> str | None:
        if parameter.cls:
            return parameter.cls
        entity = existing(real, parameter.example, None)
        if entity is None:
            return None
        types = [
            row.t
            for row in real.query("SELECT DISTINCT ?t WHERE { ?e a ?t FILTER(STRSTARTS(STR(?t), STR(hips:))) }", {"e": entity})
        ]
        specific = [
            t
            for t in types
            if not any(
                other != t and real.query("ASK { ?a rdfs:subClassOf+ ?b }", {"a": other, "b": t}).askAnswer for other in types
            )
        ]
        return compact(sorted(specific or types)[0]) if types else None

    union = synthetic.dataset()

    @functools.cache
    def candidates(cls: str) -> list:
        """The ten most connected entities of the class (statements about them and pointing to them), then by IRI."""
        rows = synthetic.query(
            "SELECT DISTINCT ?e WHERE { ?e a/rdfs:subClassOf* ?class FILTER(isIRI(?e)) }", {"class": _iri(cls)}
        )
        degree = {
            row.e: len(list(union.triples((row.e, None, None)))) + len(list(union.triples((None, None, row.e)))) for row in rows
        }
        return sorted(degree, key=lambda e: (-degree[e], str(e)))[:10]

    def results(query, values: dict) -> int:
        return _size_of(synthetic.query(query.text, bind(query, synthetic.query, values)))

    plan = {}
    for name, query in catalogue().items():
        values: dict[str, str] = {}
        pending = []
        for parameter in query.parameters:
            if parameter.kind != "entity":
                values[parameter.name] = parameter.example
            elif (entity := existing(synthetic, parameter.example, parameter.cls)) is not None:
                values[parameter.name] = str(entity)
            else:
                pending.append(parameter)
        choices = {p.name: (class_of(p), candidates(class_of(p)) if class_of(p) else []) for p in pending}
        notes = []
        for parameter in pending:
            cls, found = choices[parameter.name]
            if not found:
                entity = existing(real, parameter.example, parameter.cls)
                if entity is None:
                    raise RuntimeError(
                        f"query {name}: no value for parameter {parameter.name} in the synthetic or the committed data"
                    )
                values[parameter.name] = str(entity)
                notes.append(
                    f"{parameter.name} = {compact(entity)}, the committed data's {parameter.example!r}: "
                    f"the synthetic data has no {cls or 'entity of its class'}, so the query finds nothing"
                )
                continue
            others = {
                p.name: str(choices[p.name][1][0])
                for p in pending
                if p.name not in values and p.name != parameter.name and choices[p.name][1]
            }
            scored = [(results(query, values | others | {parameter.name: str(c)}), -i, c) for i, c in enumerate(found)]
            count, _, best = max(scored)
            values[parameter.name] = str(best)
            notes.append(
                f"{parameter.name} = {compact(best)} for {parameter.example!r}: of the 10 most connected {cls} "
                f"of partnership 1, the one with most results ({count})"
            )
        bindings = bind(query, synthetic.query, values)
        plan[name] = {"values": values, "text": prologue() + with_values(query.text, bindings), "notes": notes}
    return plan


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def oxigraph_server(location: Path):
    """``oxigraph serve`` on 127.0.0.1 with the union default graph; yields the query URL and the process."""
    port = free_port()
    binary = Path(sys.executable).with_name("oxigraph")
    location.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [str(binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(url + "?" + urllib.parse.urlencode({"query": "ASK {}"}), timeout=2):
                    break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(f"oxigraph serve exited with {server.returncode}") from None
                time.sleep(0.1)
        else:
            raise RuntimeError(f"oxigraph serve did not answer on {url} within 30 s")
        yield url, server
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def server_peak_mb(server: subprocess.Popen) -> float | None:
    """The server's peak resident memory so far (VmHWM), on Linux."""
    try:
        for line in Path(f"/proc/{server.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def tasks_for(size: Size, stores: list[str], groups: list[str], url: str | None, engines: dict[str, str]) -> list[Task]:
    """The rows to measure at one size, in table order."""
    from hipskg.namespaces import ONTOLOGY_GRAPH, PREFIXES
    from hipskg.resources import ontology_file

    data, work = str(size.data), size.folder / "work"
    prepared = f"oxigraph:{size.folder / 'oxigraph'}"
    spec_of = {"memory": "memory", "oxigraph": prepared, "endpoint": f"endpoint:{url}"}
    plan = str(size.folder.parent / "plan.json")
    ontology = {"ontology": str(ontology_file()), "ontology_graph": str(ONTOLOGY_GRAPH)}
    tasks = []
    if "real" in groups and size.label == REAL:
        for store in (s for s in stores if s != "endpoint"):
            where = [] if store == "memory" else ["--store", spec_of[store]]
            for name, args, ok in (
                ("hipskg build", ["build"], ["0", "1"]),
                ("hipskg queries --run", ["queries", "--run"], ["0"]),
                ("hipskg reason", ["reason"], ["0"]),
            ):
                tasks.append(
                    Task("real", name, store, "cli_process", {"args": [*args, *where], "ok": [int(c) for c in ok]}, rate=False)
                )
        return tasks
    if size.label == REAL:
        return tasks
    if "load" in groups:
        if "memory" in stores:
            tasks.append(Task("load", "load", "memory", "store_load", {"store": "memory", "data": data}, peer="rdflib"))
        if "oxigraph" in stores:
            cold = work / "cold"
            tasks.append(
                Task(
                    "load",
                    "load",
                    "oxigraph",
                    "store_load",
                    {"store": f"oxigraph:{cold}", "path": str(cold), "data": data},
                    peer="pyoxigraph",
                )
            )
            tasks.append(
                Task(
                    "load",
                    "reload, nothing changed",
                    "oxigraph",
                    "store_load",
                    {"store": prepared, "data": data},
                    peer="pyoxigraph",
                    rate=False,
                )
            )
            copy = work / "reload"
            tasks.append(
                Task(
                    "load",
                    "reload, one graph changed",
                    "oxigraph",
                    "store_load",
                    {
                        "store": f"oxigraph:{copy}",
                        "path": str(copy),
                        "copy_from": str(size.folder / "oxigraph"),
                        "data": str(size.folder / "data-changed"),
                    },
                    peer="pyoxigraph",
                    rate=False,
                )
            )
        if "endpoint" in stores:
            tasks.append(
                Task("load", "load", "endpoint", "store_load", {"store": spec_of["endpoint"], "data": data}, peer="pyoxigraph")
            )
        tasks.append(Task("load", "load", "pyoxigraph", "pyoxigraph_load", {"nq": str(size.nq)}))
        tasks.append(
            Task(
                "load",
                "load",
                "pyoxigraph on disk",
                "pyoxigraph_load",
                {"nq": str(size.nq), "path": str(work / "raw")},
                peer="pyoxigraph",
            )
        )
        tasks.append(Task("load", "load", "rdflib", "rdflib_load", {"nq": str(size.nq)}))
    if "queries" in groups:
        for store in stores:
            tasks.append(
                Task(
                    "queries",
                    "37 catalogue queries",
                    store,
                    "store_queries",
                    {"store": spec_of[store], "data": data, "plan": plan},
                    peer="rdflib" if store == "memory" else "pyoxigraph",
                    rate=False,
                    ok=("sizes",),
                )
            )
        tasks.append(
            Task(
                "queries",
                "37 catalogue queries",
                "pyoxigraph",
                "pyoxigraph_queries",
                {"nq": str(size.nq), "plan": plan, **ontology},
                rate=False,
                ok=("sizes",),
            )
        )
        if "oxigraph" in stores:
            tasks.append(
                Task(
                    "queries",
                    "37 catalogue queries",
                    "pyoxigraph on disk",
                    "pyoxigraph_disk_queries",
                    {"db": str(size.folder / "oxigraph" / "db"), "plan": plan},
                    peer="pyoxigraph",
                    rate=False,
                    ok=("sizes",),
                )
            )
        tasks.append(
            Task(
                "queries",
                "37 catalogue queries",
                "rdflib",
                "rdflib_queries",
                {"nq": str(size.nq), "plan": plan, **ontology},
                rate=False,
                ok=("sizes",),
            )
        )
    if "reason" in groups:
        for engine in engines["reasoners"]:
            for store in (s for s in stores if s != "endpoint"):
                tasks.append(
                    Task(
                        "reason",
                        "reason",
                        f"{store} · {engine}",
                        "reason",
                        {"store": spec_of[store], "data": data, "engine": engine},
                        peer="memory · owlrl",
                        ok=("inferred",),
                    )
                )
        tasks.append(
            Task(
                "reason",
                "reason",
                "memory · owlrl",
                "reason",
                {"store": "memory", "data": data, "engine": "owlrl"},
                limit=PEER_LIMIT,
                ok=("inferred",),
            )
        )
    if "validate" in groups:
        for store in (s for s in stores if s != "endpoint"):
            tasks.append(
                Task(
                    "validate",
                    "validate",
                    f"{store} · {engines['validate']}",
                    "validation",
                    {"store": spec_of[store], "data": data, "engine": engines["validate"]},
                    peer="memory · pyshacl",
                    ok=("results",),
                )
            )
        tasks.append(
            Task(
                "validate",
                "validate",
                "memory · pyshacl",
                "validation",
                {"store": "memory", "data": data, "engine": "pyshacl"},
                limit=PEER_LIMIT,
                ok=("results",),
            )
        )
    if "export" in groups:
        for fmt in ("ttl", "nt"):
            out = str(work / f"export.{fmt}")
            for store in stores:
                tasks.append(
                    Task(
                        "export",
                        f"export {fmt}",
                        store,
                        "store_export",
                        {"store": spec_of[store], "data": data, "format": fmt, "out": out},
                        peer="pyoxigraph",
                    )
                )
            tasks.append(
                Task(
                    "export",
                    f"export {fmt}",
                    "pyoxigraph",
                    "pyoxigraph_export",
                    {"data": data, "format": fmt, "out": out, "prefixes": dict(PREFIXES)},
                )
            )
            if "oxigraph" in stores:
                tasks.append(
                    Task(
                        "export",
                        f"export {fmt}",
                        "pyoxigraph on disk",
                        "pyoxigraph_export",
                        {"data": data, "format": fmt, "out": out, "prefixes": dict(PREFIXES), "path": str(work / "raw-export")},
                        peer="pyoxigraph",
                    )
                )
    return tasks


class Results:
    """Every row measured so far, kept in a JSON file next to the table so ``--only`` reruns replace rows."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[tuple, Entry] = {}
        if path.exists():
            for item in json.loads(path.read_text(encoding="utf-8")):
                entry = Entry(**item)
                self.entries[entry.key] = entry

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps([vars(e) for e in self.ordered()], indent=1) + "\n", encoding="utf-8")

    def ordered(self) -> list[Entry]:
        return sorted(self.entries.values(), key=lambda e: (e.size != REAL, e.triples, GROUPS.index(e.group), e.order))

    def before(self, entry: Entry) -> Entry | None:
        """The same row at the next smaller synthetic size."""
        smaller = [
            e
            for e in self.entries.values()
            if e.size != REAL
            and e.triples < entry.triples
            and (e.group, e.name, e.subject) == (entry.group, entry.name, entry.subject)
        ]
        return max(smaller, key=lambda e: e.triples, default=None)

    def peer(self, entry: Entry) -> Entry | None:
        """The peer's row: the same operation (a reload's peer is the peer's load) at the same size."""
        if not entry.peer:
            return None
        name = "load" if entry.name.startswith("reload") else entry.name
        return self.entries.get((entry.size, entry.group, name, entry.peer))

    def smaller(self, entry: Entry) -> list[Entry]:
        """The same row at the smaller synthetic sizes, measured, smallest first."""
        return sorted(
            (
                e
                for e in self.entries.values()
                if e.size != REAL
                and e.triples < entry.triples
                and e.median is not None
                and (e.group, e.name, e.subject) == (entry.group, entry.name, entry.subject)
            ),
            key=lambda e: e.triples,
        )


def _exponent(now: float | None, then: float | None, ratio: float) -> float:
    """The growth exponent k of now = then * ratio**k, between 1 (linear) and 2.5; 1 without two sizes."""
    if not now or not then or ratio <= 1:
        return 1.0
    return min(2.5, max(1.0, math.log(now / then) / math.log(ratio)))


def estimate(measured: list[Entry], triples: int) -> float:
    """Seconds a child would take at ``triples``, from the same row at the smaller sizes (``measured``, smallest first).

    The set-up (the child's time outside the measurement) grows linearly; the measured time with
    the exponent seen between the two sizes before, per query for the catalogue (one query growing
    quadratically dominates it at the next size).
    """
    last = measured[-1]
    before = measured[-2] if len(measured) > 1 else None
    ratio, step = triples / last.triples, (last.triples / before.triples if before else 1)
    setup = max(s.get("wall", s["seconds"]) - s["seconds"] for s in last.samples)
    if "times" in last.samples[0]:
        now, then = query_medians(last), query_medians(before) if before else {}
        work = sum(t * ratio ** _exponent(t, then.get(q), step) for q, t in now.items())
    else:
        work = last.median * ratio ** _exponent(last.median, before.median if before else None, step)
    return setup * ratio + work


def skip_reason(task: Task, size: Size, previous: Entry | None, measured: list[Entry], timeout: float) -> str:
    """Why a row is not run at this size, or "" to run it."""
    if task.limit and size.triples > task.limit * 1.2:
        return f"skipped: >{timeout:.0f} s (run up to {size_label(task.limit)})"
    if previous is not None and previous.timed_out:
        return f"skipped: >{timeout:.0f} s (timed out at {previous.size})"
    if previous is not None and previous.skipped.startswith("skipped"):
        return previous.skipped
    if measured and (expected := estimate(measured, size.triples)) > timeout:
        return f"skipped: >{timeout:.0f} s (~{expected:,.0f} s estimated from {measured[-1].size})"
    return ""


def failure(error: str) -> str:
    """One line for a failed child: what ran out, or its exit status and the line that says why."""
    lines = [line.strip() for line in error.strip().splitlines()]
    code = lines[0].rsplit("(exit ", 1)[-1].split(")")[0] if "(exit " in lines[0] else "?"
    limit = f"{float(os.environ.get(MEMORY_LIMIT, 0)) / 2**30:g} GiB"
    for line in lines[1:]:
        if line.startswith("memory allocation of ") and line.endswith(" bytes failed"):
            wanted = int(line.split()[3]) / 2**30
            return f"out of memory: a {wanted:,.1f} GiB allocation failed under the {limit} limit (--memory-limit)"
        if line.startswith("MemoryError") or line.endswith("MemoryError"):
            return f"out of memory: over the {limit} limit (--memory-limit)"
    if code == "-9":
        return "killed (SIGKILL: out of memory?)"
    panic = next((lines[i + 1] for i, line in enumerate(lines[:-1]) if "panicked at" in line), None)
    return f"exit {code}: {(panic or lines[-1] if len(lines) > 1 else '')[:200]}"


def run_task(task: Task, size: Size, runs: int, timeout: float, results: Results, order: int) -> Entry:
    entry = Entry(
        size.label,
        size.triples,
        task.group,
        task.name,
        task.subject,
        task.peer,
        task.rate,
        order,
        datetime.date.today().isoformat(),
        code_state(),
        COMMAND,
    )
    entry.skipped = skip_reason(task, size, results.before(entry), results.smaller(entry), timeout)
    if entry.skipped:
        progress(f"{size.label} {task.name} on {task.subject}: {entry.skipped}")
        return entry
    label = f"{size.label} {task.name} on {task.subject}"
    try:
        cell: Cell = measure(CHILD, [task.child, json.dumps(task.spec)], runs, timeout, label, same=task.ok)
    except RuntimeError as error:
        entry.failed = failure(str(error))
        progress(f"  failed: {entry.failed}")
        return entry
    entry.samples, entry.timed_out = cell.samples, cell.timed_out
    if cell.timed_out:
        entry.skipped = f"timeout: >{timeout:.0f} s"
    return entry


#################################################################
# The table
#################################################################


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.001 else f"{seconds * 1000:.2f} ms"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def query_medians(entry: Entry) -> dict[str, float]:
    """Each query's median time over the runs."""
    return {name: statistics.median(s["times"][name] for s in entry.samples) for name in entry.samples[0]["times"]}


def seconds_text(seconds: float) -> str:
    return f"{seconds:,.2f}" if seconds < 100 else f"{seconds:,.0f}"


def notes_of(entry: Entry) -> str:
    sample = entry.samples[0]
    if entry.group == "queries":
        times = query_medians(entry)
        slowest = max(times, key=times.get)
        return (
            f"p50 {_ms(_percentile(list(times.values()), 0.5))}, p95 {_ms(_percentile(list(times.values()), 0.95))}; "
            f"slowest {slowest} {_ms(times[slowest])}"
        )
    if entry.group == "load" and "graphs_loaded" in sample and entry.name.startswith("reload"):
        graphs = sample["graphs_loaded"]
        return f"{graphs} graph{'' if graphs == 1 else 's'} reloaded ({sample['loaded']:,} triples)"
    if entry.group == "load":
        return f"{sample['loaded']:,} quads" + (
            f"; {sample['server_mb']:,.0f} MB server peak RSS" if "server_mb" in sample else ""
        )
    if entry.group == "reason":
        return f"{sample['inferred']:,} inferred"
    if entry.group == "validate":
        return f"{sample['results']:,} results" + ("" if sample["conforms"] else ", violations")
    if entry.group == "export":
        return f"{sample['bytes'] / MILLION:,.1f} MB"
    if entry.group == "real" and entry.name == "hipskg build" and sample.get("exit"):
        return f"exit {sample['exit']} (violations)"
    return ""


def target_of(entry: Entry, results: Results) -> str:
    """The issue's target for this row, met or missed, or ""."""
    seconds, rss = entry.median, entry.rss

    def verdict(ok: bool, text: str, figure: str = "") -> str:
        return f"{text}: {'met' if ok else '**missed**'}" + (f" ({figure})" if figure else "")

    if entry.size == REAL:
        limit = {"hipskg build": 3, "hipskg queries --run": 2, "hipskg reason": 1}[entry.name]
        return "" if seconds is None else verdict(seconds < limit, f"< {limit} s")
    if entry.triples < 0.9 * MILLION or entry.triples > 1.2 * MILLION:
        return ""
    peer = results.peer(entry)
    on_disk = results.entries.get((entry.size, entry.group, entry.name, "pyoxigraph on disk"))
    if entry.group == "load" and entry.name == "load" and entry.subject == "oxigraph":
        if seconds is None or peer is None or peer.median is None:
            return "≥ ½ pyoxigraph's rate: not measured"
        return "; ".join(
            verdict(other.median / seconds >= 0.5, f"≥ ½ {other.subject}'s rate", f"{other.median / seconds:.0%}")
            for other in (peer, on_disk)
            if other is not None and other.median is not None
        )
    if entry.group == "queries" and entry.subject == "oxigraph":
        if seconds is None:
            return "every query p50 < 100 ms: not measured"
        slow = {name: t for name, t in query_medians(entry).items() if t >= 0.1}
        return verdict(not slow, "every query p50 < 100 ms", f"{len(slow)} over" if slow else "")
    if entry.group == "export" and entry.subject == "oxigraph":
        if seconds is None or peer is None or peer.median is None:
            return "≤ 2× pyoxigraph: not measured"
        return "; ".join(
            verdict(seconds <= 2 * other.median, f"≤ 2× {other.subject}", f"{seconds / other.median:.1f}×")
            for other in (peer, on_disk)
            if other is not None and other.median is not None
        )
    if entry.group in ("validate", "reason") and entry.subject.endswith(
        tuple(f" · {engine}" for engine in DEFAULT_ENGINES.values())
    ):
        limit, memory = (30, 4) if entry.group == "validate" else (120, 8)
        if seconds is None:
            return f"< {limit} s, < {memory} GiB: **missed**" if entry.failed else f"< {limit} s, < {memory} GiB: not measured"
        return verdict(
            seconds < limit and rss < memory * 1024, f"< {limit} s, < {memory} GiB", f"{seconds:,.0f} s, {rss / 1024:.1f} GiB"
        )
    return ""


def code_letters(results: Results) -> dict[str, str]:
    """A letter for each state of the code the rows measured (A the first seen), when there is more than one."""
    states = list(dict.fromkeys(entry.code for entry in results.ordered()))
    return {state: chr(ord("A") + i) for i, state in enumerate(states)} if len(states) > 1 else {}


def main_table(results: Results) -> str:
    columns = [
        "size (triples)",
        "operation",
        "on",
        "seconds",
        "triples/s",
        "peak RSS MB",
        "× peer's time",
        "growth",
        "target",
        "notes",
    ]
    letters = code_letters(results)
    rows = []
    for entry in results.ordered():
        size = f"{entry.size} ({entry.triples:,})"
        peer = results.peer(entry)
        if entry.skipped or entry.failed:
            why = entry.skipped or f"failed: {entry.failed}"
            rows.append([size, entry.name, entry.subject, why, "", "", "", "", target_of(entry, results), ""])
            if letters:
                rows[-1].append(letters[entry.code])
            continue
        seconds = entry.median
        rate = f"{entry.triples / seconds:,.0f}" if entry.rate else ""
        ratio = f"{seconds / peer.median:.2f} ({peer.subject})" if peer and peer.median else ""
        before = results.before(entry)
        growth = (
            f"{seconds / before.median:.1f}× for {entry.triples / before.triples:.1f}×"
            if before is not None and before.median
            else ""
        )
        rows.append(
            [
                size,
                entry.name,
                entry.subject,
                seconds_text(seconds),
                rate,
                f"{entry.rss:,.0f}",
                ratio,
                growth,
                target_of(entry, results),
                notes_of(entry),
            ]
        )
        if letters:
            rows[-1].append(letters[entry.code])
    if letters:
        columns.append("code")
    return table(columns, rows, left=3, text=3 if letters else 2)


def query_tables(results: Results, plan: dict[str, dict]) -> str:
    """Per size, each query's median time on every store and peer, and its result size."""
    text = ""
    sizes = sorted({(e.triples, e.size) for e in results.entries.values() if e.group == "queries" and e.median is not None})
    for triples, label in sizes:
        entries = [e for e in results.ordered() if e.size == label and e.group == "queries" and e.median is not None]
        medians = {e.subject: query_medians(e) for e in entries}
        counts = {e.subject: e.samples[0]["sizes"] for e in entries}
        columns = ["query", *[f"{e.subject} ms" for e in entries], "results"]
        rows = []
        for name in next(iter(medians.values())):
            found = {subject: counts[subject][name] for subject in counts}
            shown = found.get("oxigraph", next(iter(found.values())))
            differing = [f"{subject} {n:,}" for subject, n in found.items() if n != shown]
            result = f"{shown:,}" + (f" ({', '.join(differing)})" if differing else "")
            rows.append([name, *[f"{medians[e.subject][name] * 1000:,.1f}" for e in entries], result])
        text += f"\n### Catalogue queries at {label} ({triples:,} triples)\n\n" + table(columns, rows)
    if plan and any(entry["notes"] for entry in plan.values()):
        text += "\n### Parameters bound on the synthetic data\n\n"
        text += "".join(f"- {name}: {'; '.join(entry['notes'])}\n" for name, entry in plan.items() if entry["notes"])
    return text


#################################################################
# Main
#################################################################


def code_state() -> str:
    """``commit`` or ``commit+CHANGES``: the last commit that changed hipskg/, and a hash of its uncommitted diff."""

    def git(*args: str) -> bytes:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=False).stdout

    commit = git("log", "-1", "--format=%h", "--", "hipskg").decode().strip() or "unknown"  # the last commit changing hipskg/
    diff = git("diff", "HEAD", "--", "hipskg")
    return f"{commit}+{hashlib.sha256(diff).hexdigest()[:8]}" if diff else commit


def fail(message: str) -> int:
    print(f"run.py: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="\n\n".join(__doc__.split("\n\n")[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes", default="10k,100k,1m", help="comma-separated sizes in triples, e.g. 10k,100k,1m,5m (default 10k,100k,1m)"
    )
    parser.add_argument(
        "--stores",
        default="memory,oxigraph",
        help="comma-separated stores: memory, oxigraph, endpoint (an 'oxigraph serve' started here; default memory,oxigraph)",
    )
    parser.add_argument("--runs", type=int, help="cold runs per row, the median reported (default 3 below 1m, 1 from 1m)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=900,
        help="seconds allowed for one child process (default 900); a row "
        "estimated to take longer from the size before is skipped",
    )
    parser.add_argument(
        "--memory-limit",
        type=float,
        default=16,
        metavar="GIB",
        help="address space a child may use (default 16 GiB); a child that needs more fails, and the row says so",
    )
    parser.add_argument(
        "--only",
        help=f"comma-separated operations to rerun: {', '.join(GROUPS)} (default all); the other rows of the table are kept",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"Markdown file for the table (default {DEFAULT_OUTPUT.relative_to(ROOT)}); the rows are kept next to it as .json",
    )
    parser.add_argument(
        "--cache", type=Path, default=DEFAULT_CACHE, help=f"folder for the generated data and stores (default {DEFAULT_CACHE})"
    )
    args = parser.parse_args(argv)

    from hipskg import synth

    try:
        wanted = [synth.parse_size(text) for text in args.sizes.split(",")]
    except ValueError as error:
        return fail(f"--sizes: {error}")
    if any(n < 1 for n in wanted):
        return fail("--sizes: every size must be at least 1 triple")
    stores = args.stores.split(",")
    if unknown := [s for s in stores if s not in STORES]:
        return fail(f"--stores: unknown {', '.join(unknown)}: choose from {', '.join(STORES)}")
    groups = args.only.split(",") if args.only else list(GROUPS)
    if unknown := [g for g in groups if g not in GROUPS]:
        return fail(f"--only: unknown {', '.join(unknown)}: choose from {', '.join(GROUPS)}")
    if args.runs is not None and args.runs < 1:
        return fail("--runs must be at least 1")
    if args.timeout <= 0:
        return fail("--timeout must be positive")

    from hipskg.reason import ENGINES
    from hipskg.reason import choose as reasoning_engine
    from hipskg.validate.engines import choose as shacl_engine

    engines = {
        "reason": reasoning_engine(None, "owlrl").name,
        "validate": shacl_engine().name,
        "reasoners": [
            name for name, engine in ENGINES.items() if name != "owlrl" and engine.available() and "owlrl" in engine.profiles
        ],
    }
    DEFAULT_ENGINES.update(reason=engines["reason"], validate=engines["validate"])
    os.environ[MEMORY_LIMIT] = str(int(args.memory_limit * 2**30))
    args.cache.mkdir(parents=True, exist_ok=True)
    results = Results(args.output.with_suffix(".json"))
    progress("choosing the query parameters on the synthetic data")
    plan = parameter_plan(args.cache)
    (args.cache / "plan.json").write_text(json.dumps(plan, indent=1), encoding="utf-8")

    sizes = sorted({size_label(n): n for n in wanted}.items(), key=lambda item: item[1])
    todo = ([REAL] if "real" in groups else []) + [label for label, _ in sizes]
    for label in todo:
        size = real_size(args.cache) if label == REAL else prepared_size(label, args.cache)
        runs = args.runs or (3 if size.triples < 0.9 * MILLION else 1)
        uses_store = "real" in groups if label == REAL else bool(set(groups) - {"real"})
        if "oxigraph" in stores and uses_store:
            progress(f"{label}: bringing the oxigraph store {size.folder / 'oxigraph'} up to date")
            data = ROOT / "data" if label == REAL else size.data
            from scaled import run as run_child

            run_child(
                CHILD,
                ["store_load", json.dumps({"store": f"oxigraph:{size.folder / 'oxigraph'}", "data": str(data)})],
                args.timeout,
                f"{label} oxigraph store",
            )
        with endpoint_for(size, stores, groups, args.timeout) as (url, server):
            for order, task in enumerate(tasks_for(size, stores, groups, url, engines)):
                entry = run_task(task, size, runs, args.timeout, results, order)
                if server is not None and task.subject == "endpoint" and task.group == "load" and entry.samples:
                    entry.samples[-1]["server_mb"] = server_peak_mb(server)
                results.entries[entry.key] = entry
                results.save()
        shutil.rmtree(size.folder / "work", ignore_errors=True)

    write(args.output, header(results), main_table(results) + query_tables(results, plan))
    return 0


@contextmanager
def endpoint_for(size: Size, stores: list[str], groups: list[str], timeout: float):
    """An ``oxigraph serve`` holding the size's data when the endpoint store is asked for, else (None, None)."""
    if "endpoint" not in stores or size.label == REAL or not {"load", "queries", "export"} & set(groups):
        yield None, None
        return
    with oxigraph_server(size.folder / "endpoint") as (url, server):
        if "load" not in groups:
            from scaled import run as run_child

            progress(f"{size.label}: loading the endpoint at {url}")
            run_child(
                CHILD, ["store_load", json.dumps({"store": f"endpoint:{url}", "data": str(size.data)})], timeout, "endpoint load"
            )
        yield url, server


def header(results: Results) -> str:
    dates = sorted({e.date for e in results.entries.values()})
    commands: dict[str, int] = {}
    for entry in results.ordered():
        commands[entry.command] = commands.get(entry.command, 0) + 1
    letters = code_letters(results)
    if letters:
        code = (
            "; ".join(f"{letter} = {state}" for state, letter in letters.items())
            + " (the code column says which row ran on which)"
        )
    else:
        code = next(iter({e.code for e in results.entries.values()}), "")
    return (
        "# Benchmarks at scale\n\n"
        + "; ".join(f"`{command}` ({count} row{'s' if count > 1 else ''})" for command, count in commands.items())
        + f", rows measured {' to '.join(dict.fromkeys([dates[0], dates[-1]]))}. "
        "Synthetic data of `hipskg synth` (seed 0; size = data triples, the ontology's come on top), and the committed HIPS "
        "data for the `hipskg` commands. Each row is the median of cold child processes (3 below 1m, 1 from 1m unless `--runs`); "
        "seconds time the operation alone, after an untimed set-up (reading the data, opening the store), except the `hipskg` "
        "commands, timed whole as a user runs them. Peak RSS is the whole child (for an endpoint row the client; the server's "
        "peak is in the notes of its load row). × peer's time below 1 is faster than the peer; growth is the time ratio "
        "against the size before for the triples ratio (1.0× per 1.0× is linear). Queries: seconds is the whole catalogue, "
        "p50/p95 over the 37 per-query medians; a row skipped would take longer than the timeout per child.\n\n"
        f"{machine(['rdflib', 'pyoxigraph', 'oxigraph', 'reasonable', 'owlrl', 'shacl-rust', 'pyshacl'])} "
        f"hipskg code measured (commit, + a hash of uncommitted changes to hipskg/ if any): {code}.\n\n"
    )


if __name__ == "__main__":
    sys.exit(main())
