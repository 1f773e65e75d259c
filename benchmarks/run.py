"""Time each hipskg command as a user runs it, beside the operation alone and beside its peers.

Every row is one real ``hipskg`` command (the console script of this environment), run whole as a
user runs it: timed from the start of its process to its exit, with that process's peak resident
memory (read by a small launcher process with ``wait4``). Beside it on the same row:

- the operation alone: the method of the graph ``hipskg.open()`` returns that the command calls
  (``validate()``, ``reason()``, ``export()``, ``query()``; for ``load``, ``hipskg.open()`` itself),
  timed inside a Python process that has already imported hipskg and opened the graph (set-up
  untimed). whole ÷ operation is what start-up, imports, loading the data and printing add;
- its peers, run whole the same way in the same script: raw pyoxigraph (on-disk bulk load, the
  bound catalogue queries, Turtle dump), pySHACL and owlrl (up to 100k triples: minutes a run beyond)
  and Apache Jena's ``riot`` and ``shacl`` where installed.

Rows (``--only`` names), each at every size of the synthetic graph of ``hipskg synth`` (generated
once with the CLI into ``--cache``) unless said otherwise:

- real: on the committed HIPS data (no --data): ``hipskg build``, ``hipskg queries --run``,
  ``hipskg query training-covering --param tool=CERAF``.
- load: ``hipskg load --store oxigraph:NEWPATH --data DIR``; peer: pyoxigraph ``bulk_load`` of the same
  N-Quads into a new on-disk store.
- validate: ``hipskg validate --data DIR``; peers: Jena ``shacl validate`` (shapes/*.ttl, and
  ontology/hipskg.ttl with the data folder's files, each merged untimed into one N-Triples file as the
  tool reads one file of each), pySHACL.
- reason: ``hipskg reason --data DIR``; peer: owlrl.
- export: ``hipskg export --format ttl --data DIR --output F``; peers: pyoxigraph ``Store.dump`` of the data
  files, Jena ``riot --formatted=turtle`` of them.
- queries: ``hipskg queries --run --data DIR``; peer: the same bound queries on raw pyoxigraph in memory.
- query: ``hipskg query NAME --param ... --store oxigraph:PATH --data DIR`` for a handful of catalogue
  queries with their examples (as ``hipskg queries`` lists them), after an untimed ``hipskg load`` of
  PATH; peer: the same bound query on PATH's database opened read-only by raw pyoxigraph.

The default-store rows pass no --store (HIPSKG_STORE is removed from the environment), so they
measure whatever store hipskg opens by default; the "ran on" column says what the command's own
output names. Each figure is the median over ``--runs`` (default 3 below 1m, 1 from 1m; the short
HIPS and query rows 5); a measurement whose first run takes over a minute is not repeated.

Examples:

    python benchmarks/run.py                                   # the full table: HIPS, 10k, 100k and 1m
    python benchmarks/run.py --sizes 10k --runs 1              # a quick check
    python benchmarks/run.py --sizes 1m --only query,export    # rerun some rows; the table keeps the others
"""

import argparse
import contextlib
import datetime
import hashlib
import json
import math
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from scaled import HERE, RESULTS, ROOT, machine, peak_rss_mb, progress, table, whole, write

DEFAULT_OUTPUT = RESULTS / "run.md"
DEFAULT_CACHE = Path("/tmp/hipskg-bench")
GROUPS = ("real", "load", "validate", "reason", "export", "queries", "query")
REAL = "HIPS"  # the size label of the committed data
MILLION = 1_000_000
COMMAND = "python benchmarks/run.py " + " ".join(sys.argv[1:])
PEER_LIMIT = 100_000  # pySHACL and owlrl run up to this size (minutes a run beyond)
LONG = 60.0  # seconds: a measurement whose first run takes longer is not repeated
SHORT_RUNS = 5  # runs of the sub-second rows (HIPS, single queries) unless --runs says otherwise
ONTOLOGY = ROOT / "ontology" / "hipskg.ttl"
SHAPES = ROOT / "shapes"
ONTOLOGY_GRAPH = "https://w3id.org/hipskg/graph/ontology"  # where hipskg keeps the ontology (hipskg.namespaces)
# A handful of catalogue queries whose examples name what the synthetic data has too (the shared legislation,
# the controlled lists, no parameter): an entity parameter resolved by label, two integers, an aggregate, the
# largest answer and the query that was slowest on rdflib.
QUERIES = (
    "procedures-citing-legislation",
    "legislation-cited-by-year",
    "courses-under-many-themes",
    "toolkit-cross-references",
    "source-disagreements",
)
CERAF = ["query", "training-covering", "--param", "tool=CERAF"]
# Apache Jena from Debian (libapache-jena-java): the jars to run riot and shacl with, by name (see jena()).
JAVA_LIB = Path("/usr/share/java")
JENA_JARS = (
    "jena-arq jena-base jena-cmds jena-core jena-dboe-base jena-dboe-index jena-dboe-storage jena-dboe-trans-data "
    "jena-dboe-transaction jena-iri jena-shacl jena-tdb2 commons-cli commons-codec commons-compress commons-csv commons-io "
    "commons-lang3 dexx.collection gson guava httpclient httpcore jackson-annotations jackson-core jackson-databind "
    "jakarta.json-api jsonld-java protobuf thrift titanium-json-ld slf4j-api slf4j-nop"
).split()

# Every child is this line: the function named by argv[1] gets the JSON spec in argv[2].
CHILD = "import sys; from run import child; child(sys.argv[1], sys.argv[2])"


#################################################################
# Children: the operation alone (hipskg in a started process) and the Python peers
#################################################################


def child(name: str, spec: str) -> None:
    result = CHILDREN[name](json.loads(spec))
    result.setdefault("peak_rss_mb", peak_rss_mb())
    print(json.dumps(result))


def _opened(spec: dict):
    """``hipskg.open()`` of the spec's data folder (None: the committed data) in its store (None: the default)."""
    import hipskg

    return hipskg.open(spec.get("data"), spec.get("store"))


def _where(kg, engine: str = "") -> str:
    return kg.store.spec + (f" · {engine}" if engine else "")


def building(spec: dict) -> dict:
    """``hipskg build`` in this process, its modules imported first: the command without start-up."""
    import hipskg.api  # noqa: F401 - imported before the clock, as a library user's process has it
    from hipskg import cli

    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        start = time.perf_counter()
        code = cli.main(spec["args"])
        seconds = time.perf_counter() - start
    if code not in (0, 1):
        raise SystemExit(f"hipskg build exited with {code}")
    return {"seconds": seconds, "exit": code}


def validation(spec: dict) -> dict:
    kg = _opened(spec)
    start = time.perf_counter()
    report = kg.validate()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "results": len(report.results), "conforms": report.conforms, "on": _where(kg, report.engine)}


def reasoning(spec: dict) -> dict:
    kg = _opened(spec)
    start = time.perf_counter()
    inference = kg.reason()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "inferred": len(inference.graph), "on": _where(kg, inference.engine)}


def exporting(spec: dict) -> dict:
    kg = _opened(spec)
    out = Path(spec["out"])
    start = time.perf_counter()
    content = kg.export(out, spec["format"])
    seconds = time.perf_counter() - start
    out.unlink(missing_ok=True)
    return {"seconds": seconds, "bytes": len(content), "on": _where(kg)}


def loading(spec: dict) -> dict:
    """``hipskg.open()`` of the data in a new on-disk store, then closing it: the work of ``hipskg load``."""
    import pyoxigraph  # noqa: F401 - imported before the clock, as hipskg.api is

    import hipskg.api

    shutil.rmtree(spec["path"], ignore_errors=True)
    start = time.perf_counter()
    kg = hipskg.api.open(spec["data"], spec["store"])
    kg.close()
    seconds = time.perf_counter() - start
    loaded = sum(kg.loaded.loaded.values()) if kg.loaded else 0
    return {"seconds": seconds, "loaded": loaded, "on": kg.store.spec}


def catalogue_run(spec: dict) -> dict:
    """Each catalogue query with its example parameters, as ``hipskg queries --run`` runs them (bind and run timed,
    after one untimed warm-up query). Writes the bound texts to ``spec["texts"]`` for the peer."""
    from hipskg.errors import HipskgError
    from hipskg.sparql import prologue, with_values

    kg = _opened(spec)
    kg.query("ASK { ?s ?p ?o }")
    times, sizes, texts, unbound = {}, {}, {}, {}
    for name, query in kg.catalogue().items():
        examples = {parameter.name: parameter.example for parameter in query.parameters}
        try:
            start = time.perf_counter()
            sizes[name] = len(kg.query(name, examples))
            times[name] = time.perf_counter() - start
        except HipskgError as error:  # an example naming what this data does not have
            unbound[name] = str(error)
            continue
        texts[name] = prologue() + with_values(*kg.prepared(name, examples))
    Path(spec["texts"]).write_text(json.dumps(texts), encoding="utf-8")
    return {"seconds": sum(times.values()), "times": times, "sizes": sizes, "unbound": unbound, "on": _where(kg)}


def catalogue_query(spec: dict) -> dict:
    """One catalogue query with its parameters bound and run, as ``hipskg query`` does (after a warm-up query)."""
    from hipskg.sparql import prologue, with_values

    kg = _opened(spec)
    kg.query("ASK { ?s ?p ?o }")
    start = time.perf_counter()
    size = len(kg.query(spec["name"], spec["params"]))
    seconds = time.perf_counter() - start
    if spec.get("text"):
        Path(spec["text"]).write_text(prologue() + with_values(*kg.prepared(spec["name"], spec["params"])), encoding="utf-8")
    kg.close()
    return {"seconds": seconds, "size": size, "on": _where(kg)}


def _data_files(folder: Path) -> list[Path]:
    """The RDF files of a data folder, as the peers read them."""
    return sorted(path for path in folder.rglob("*") if path.suffix in (".nt", ".ttl"))


def _rdflib_graph(paths: list[Path]):
    from rdflib import Graph

    graph = Graph()
    for path in paths:
        graph.parse(path, format="nt" if path.suffix == ".nt" else "turtle")
    return graph


def _prefixes(path: Path) -> dict[str, str]:
    """The @prefix declarations of a Turtle file."""
    found = re.findall(r"^@prefix\s+([\w-]*):\s*<([^>]*)>", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return dict(found)


def pyoxigraph_load(spec: dict) -> dict:
    """Raw ``bulk_load`` of the N-Quads file into a new on-disk store."""
    import pyoxigraph as ox

    shutil.rmtree(spec["path"], ignore_errors=True)
    start = time.perf_counter()
    store = ox.Store(spec["path"])
    store.bulk_load(path=spec["nq"], format=ox.RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "loaded": len(store)}


def _timed_queries(store, texts: dict[str, str]) -> dict:
    """Each text on a raw pyoxigraph store (union default graph), after one warm-up query: times and result sizes."""
    import pyoxigraph as ox

    bool(store.query("ASK { ?s ?p ?o }", use_default_graph_as_union=True))
    times, sizes = {}, {}
    for name, text in texts.items():
        start = time.perf_counter()
        answer = store.query(text, use_default_graph_as_union=True)
        sizes[name] = 1 if isinstance(answer, ox.QueryBoolean) else len(list(answer))
        times[name] = time.perf_counter() - start
    return {"seconds": sum(times.values()), "times": times, "sizes": sizes}


def pyoxigraph_queries(spec: dict) -> dict:
    """The bound catalogue queries on a raw in-memory pyoxigraph store holding the data and the ontology."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=spec["nq"], format=ox.RdfFormat.N_QUADS)
    store.bulk_load(path=spec["ontology"], format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    return _timed_queries(store, json.loads(Path(spec["texts"]).read_text(encoding="utf-8")))


def pyoxigraph_query(spec: dict) -> dict:
    """One bound query on an oxigraph store's database, opened read-only by raw pyoxigraph."""
    import pyoxigraph as ox

    timed = _timed_queries(ox.Store.read_only(spec["db"]), {"query": Path(spec["text"]).read_text(encoding="utf-8")})
    return {"seconds": timed["seconds"], "size": timed["sizes"]["query"]}


def pyoxigraph_export(spec: dict) -> dict:
    """Raw ``Store.dump`` as Turtle (the ontology's prefixes) of the data files bulk-loaded into one in-memory graph."""
    import pyoxigraph as ox

    store = ox.Store()
    for path in _data_files(Path(spec["data"])):
        fmt = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
        store.bulk_load(path=str(path), format=fmt)
    out = Path(spec["out"])
    start = time.perf_counter()
    store.dump(str(out), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=_prefixes(Path(spec["ontology"])))
    seconds = time.perf_counter() - start
    size = out.stat().st_size
    out.unlink()
    return {"seconds": seconds, "bytes": size}


def pyshacl_validation(spec: dict) -> dict:
    """Raw ``pyshacl.validate`` (its defaults) of the ontology and data files against the shapes files."""
    from pyshacl import validate
    from rdflib.namespace import SH

    data = _rdflib_graph([Path(spec["ontology"]), *_data_files(Path(spec["data"]))])
    shapes = _rdflib_graph(sorted(Path(spec["shapes"]).glob("*.ttl")))
    start = time.perf_counter()
    conforms, report, _ = validate(data, shacl_graph=shapes)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "results": sum(1 for _ in report.objects(None, SH.result)), "conforms": conforms}


def owlrl_reasoning(spec: dict) -> dict:
    """Raw owlrl: the OWL 2 RL closure of the ontology and data files (every new triple kept)."""
    import owlrl

    graph = _rdflib_graph([Path(spec["ontology"]), *_data_files(Path(spec["data"]))])
    before = len(graph)
    start = time.perf_counter()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "inferred": len(graph) - before}


CHILDREN = {
    function.__name__: function
    for function in (
        building,
        validation,
        reasoning,
        exporting,
        loading,
        catalogue_run,
        catalogue_query,
        pyoxigraph_load,
        pyoxigraph_queries,
        pyoxigraph_query,
        pyoxigraph_export,
        pyshacl_validation,
        owlrl_reasoning,
    )
}


#################################################################
# What to run: sizes, rows, peers
#################################################################


@dataclass(frozen=True)
class Size:
    label: str  # 10k, 100k, 1m, or HIPS for the committed data
    triples: int  # of data, the ontology not counted
    folder: Path  # the cache folder of this size

    @property
    def data(self) -> Path:
        return ROOT / "data" if self.label == REAL else self.folder / "data"

    @property
    def nq(self) -> Path:
        return self.folder / "data.nq"

    @property
    def work(self) -> Path:
        return self.folder / "work"


@dataclass
class Peer:
    """The same work done by another tool, run whole: a program (``command``) or a Python child of this script."""

    name: str
    command: list[str] = field(default_factory=list)
    child: str = ""
    spec: dict = field(default_factory=dict)
    limit: int | None = None  # the largest size it runs at
    missing: str = ""  # why it cannot run here
    stdout: Path | None = None  # where a program's output goes (riot writes its Turtle there)
    fresh: Path | None = None  # removed before each run


@dataclass
class Row:
    """One ``hipskg`` command at one size, its operation alone (a child) and its peers."""

    group: str
    kind: str  # build, queries, query, load, validate, reason or export: what the target and the notes read
    shown: str  # the command as a user types it: DIR, PATH, NEWPATH and F stand for the paths
    args: list[str]
    child: str
    spec: dict
    peers: list[Peer] = field(default_factory=list)
    ok: tuple[int, ...] = (0,)  # exit statuses of success (validate and build: 1 is "violations found")
    fresh: Path | None = None  # removed before each run
    output: Path | None = None  # the file the command writes, measured and removed after each run
    short: bool = False  # sub-second: SHORT_RUNS runs unless --runs


@dataclass
class Settings:
    runs: int | None
    timeout: float
    memory_limit: int  # bytes of address space for a Python process, 0 for none
    hipskg: str  # the console script
    java: list[str]  # java -cp CLASSPATH, or [] when Jena is not installed
    jena_missing: str
    examples: dict[str, dict[str, str]]  # catalogue query → its example's parameters


def parse_size(text: str) -> int:
    """10k → 10000, 1m → 1000000, 2.5m, or a plain number."""
    text = text.strip().lower().replace("_", "")
    scale = {"k": 1000, "m": MILLION}.get(text[-1:], 1)
    try:
        value = float(text[:-1] if scale > 1 else text)
    except ValueError:
        raise ValueError(f"{text!r}: expected a number of triples such as 10k, 1m or 250000") from None
    return int(value * scale)


def size_label(triples: int) -> str:
    """10000 → 10k, 1000000 → 1m, 2500000 → 2.5m."""
    for suffix, unit in (("m", MILLION), ("k", 1000)):
        if triples >= unit and triples % (unit // 10) == 0:
            return f"{triples / unit:g}{suffix}"
    return str(triples)


def user_env() -> dict[str, str]:
    """The environment a user's command gets here: without HIPSKG_STORE, so that no --store means hipskg's default."""
    env = dict(os.environ)
    env.pop("HIPSKG_STORE", None)
    return env


def child_env() -> dict[str, str]:
    env = user_env()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")]))
    return env


def prepared(settings: Settings, args: list[str], timeout: float) -> str:
    """An untimed hipskg command of the preparation: its standard output, or an error that quotes its own."""
    done = subprocess.run([settings.hipskg, *args], cwd=ROOT, env=user_env(), capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"hipskg {shlex.join(args)} failed (exit {done.returncode}):\n{done.stderr.strip()[-2000:]}")
    return done.stdout


def prepared_size(label: str, cache: Path, settings: Settings) -> Size:
    """The data of one size, made by ``hipskg synth`` (seed 0) into the cache unless already there: a data folder
    and the same statements as one N-Quads file."""
    folder = cache / label
    meta = folder / "meta.json"
    recipe = f"hipskg synth {label} --seed 0"
    if meta.exists() and json.loads(meta.read_text()).get("synth") == recipe and (folder / "data").is_dir():
        return Size(label, json.loads(meta.read_text())["triples"], folder)
    progress(f"{label}: generating the data into {folder} ({recipe})")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data.nq").unlink(missing_ok=True)
    prepared(settings, ["synth", label, "--seed", "0", "--output", str(folder / "data"), "--format", "folder", "--replace"], 3600)
    prepared(settings, ["synth", label, "--seed", "0", "--output", str(folder / "data.nq"), "--format", "nq"], 3600)
    triples = sum(1 for line in (folder / "data.nq").open("rb") if line.strip())
    meta.write_text(json.dumps({"synth": recipe, "triples": triples}))
    return Size(label, triples, folder)


def real_size(cache: Path, settings: Settings) -> Size:
    """The committed data; its triples counted in ``hipskg export --format nt`` (the asserted data, deduplicated)."""
    folder = cache / "real"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "data.nt"
    prepared(settings, ["export", "--format", "nt", "--output", str(out)], 600)
    triples = sum(1 for line in out.open("rb") if line.strip())
    out.unlink()
    return Size(REAL, triples, folder)


def catalogue_examples(settings: Settings) -> dict[str, dict[str, str]]:
    """Each catalogue query's example parameters, read from ``hipskg queries`` ("example: hipskg query NAME --param k=v")."""
    listing = prepared(settings, ["queries"], 300)
    examples = {}
    for line in listing.splitlines():
        if line.strip().startswith("example: hipskg query "):
            words = shlex.split(line.strip().removeprefix("example: hipskg query "))
            examples[words[0]] = dict(
                value.split("=", 1) for option, value in zip(words[1::2], words[2::2], strict=False) if option == "--param"
            )
    return examples


def jena(cache: Path) -> tuple[list[str], str]:
    """``java -cp CLASSPATH`` for Jena's command classes, or ([], why not).

    Debian's jena-core.jar ships the shaded Xerces classes as ``xerces.*`` but their message bundles only
    under ``org/apache/jena/ext/xerces/``, so the first XSD datatype fails; a small jar with the bundles
    where the classes look for them goes first on the class path.
    """
    java = shutil.which("java")
    jars = [JAVA_LIB / f"{name}.jar" for name in JENA_JARS]
    if java is None or not all(jar.exists() for jar in jars):
        return [], "not installed (apt-get install libapache-jena-java default-jre-headless)"
    fix = cache / "jena" / "xerces-bundles.jar"
    if not fix.exists():
        fix.parent.mkdir(parents=True, exist_ok=True)
        prefix = "org/apache/jena/ext/xerces/"
        with zipfile.ZipFile(JAVA_LIB / "jena-core.jar") as core, zipfile.ZipFile(fix, "w") as out:
            for name in core.namelist():
                if name.startswith(prefix) and name.endswith(".properties"):
                    out.writestr("xerces/" + name.removeprefix(prefix), core.read(name))
    return [java, "-cp", os.pathsep.join(map(str, [fix, *jars]))], ""


def riot_to(java: list[str], inputs: list[Path], out: Path, timeout: float) -> None:
    """Jena riot's N-Triples of the files, merged (blank nodes kept apart per file), into ``out``: untimed preparation."""
    with out.open("wb") as sink:
        done = subprocess.run(
            [*java, "riotcmd.riot", "--output=nt", *map(str, inputs)], stdout=sink, stderr=subprocess.PIPE, timeout=timeout
        )
    if done.returncode != 0:
        raise RuntimeError(f"Jena riot could not read {inputs[0]} …: {done.stderr.decode(errors='replace').strip()[-2000:]}")


def real_rows(size: Size) -> list[Row]:
    data = {"data": None}
    texts = str(size.work / "texts.json")
    return [
        Row("real", "build", "hipskg build", ["build"], "building", {"args": ["build"]}, ok=(0, 1), short=True),
        Row(
            "real", "queries", "hipskg queries --run", ["queries", "--run"], "catalogue_run", {**data, "texts": texts}, short=True
        ),
        Row(
            "real",
            "query",
            "hipskg " + shlex.join(CERAF),
            CERAF,
            "catalogue_query",
            {**data, "name": CERAF[1], "params": {"tool": "CERAF"}},
            short=True,
        ),
    ]


def synthetic_rows(size: Size, groups: list[str], settings: Settings) -> list[Row]:
    """The rows at one synthetic size, in table order."""
    data, work = str(size.data), size.work
    jena_data, jena_shapes = work / "jena-data.nt", work / "jena-shapes.nt"
    java = dict(missing=settings.jena_missing)
    files = {"data": data, "ontology": str(ONTOLOGY), "shapes": str(SHAPES)}
    rows = []
    if "load" in groups:
        new = work / "new"
        peer = Peer("pyoxigraph on disk", child="pyoxigraph_load", spec={"nq": str(size.nq), "path": str(work / "raw")})
        store = f"oxigraph:{new}"
        rows.append(
            Row(
                "load",
                "load",
                "hipskg load --store oxigraph:NEWPATH --data DIR",
                ["load", "--store", store, "--data", data],
                "loading",
                {"store": store, "path": str(new), "data": data},
                [peer],
                fresh=new,
            )
        )
    if "validate" in groups:
        shacl = Peer(
            "Jena shacl",
            [*settings.java, "shacl.shacl_validate", "--shapes", str(jena_shapes), "--data", str(jena_data)],
            stdout=work / "jena-report.ttl",
            **java,
        )
        pyshacl = Peer("pySHACL", child="pyshacl_validation", spec=files, limit=PEER_LIMIT)
        rows.append(
            Row(
                "validate",
                "validate",
                "hipskg validate --data DIR",
                ["validate", "--data", data],
                "validation",
                {"data": data},
                [shacl, pyshacl],
                ok=(0, 1),
            )
        )
    if "reason" in groups:
        owlrl = Peer("owlrl", child="owlrl_reasoning", spec=files, limit=PEER_LIMIT)
        rows.append(
            Row("reason", "reason", "hipskg reason --data DIR", ["reason", "--data", data], "reasoning", {"data": data}, [owlrl])
        )
    if "export" in groups:
        out = work / "export.ttl"
        dump = Peer("pyoxigraph", child="pyoxigraph_export", spec={**files, "out": str(work / "peer.ttl")})
        prefixes = work / "prefixes.ttl"
        riot = Peer(
            "Jena riot",
            [*settings.java, "riotcmd.riot", "--formatted=turtle", str(prefixes), *map(str, _data_files(size.data))],
            stdout=work / "riot.ttl",
            **java,
        )
        rows.append(
            Row(
                "export",
                "export",
                "hipskg export --format ttl --data DIR --output F",
                ["export", "--format", "ttl", "--data", data, "--output", str(out)],
                "exporting",
                {"data": data, "format": "ttl", "out": str(work / "op.ttl")},
                [dump, riot],
                output=out,
            )
        )
    if "queries" in groups:
        texts = str(work / "texts.json")
        peer = Peer(
            "pyoxigraph", child="pyoxigraph_queries", spec={"nq": str(size.nq), "ontology": str(ONTOLOGY), "texts": texts}
        )
        rows.append(
            Row(
                "queries",
                "queries",
                "hipskg queries --run --data DIR",
                ["queries", "--run", "--data", data],
                "catalogue_run",
                {"data": data, "texts": texts},
                [peer],
            )
        )
    if "query" in groups:
        path = size.folder / "oxigraph"
        store = f"oxigraph:{path}"
        for name in QUERIES:
            params = settings.examples.get(name, {})
            options = [word for key, value in params.items() for word in ("--param", f"{key}={value}")]
            text = str(work / f"{name}.rq")
            peer = Peer("pyoxigraph on disk", child="pyoxigraph_query", spec={"db": str(path / "db"), "text": text})
            rows.append(
                Row(
                    "query",
                    "query",
                    f"hipskg query {shlex.join([name, *options])} --store oxigraph:PATH --data DIR",
                    ["query", name, *options, "--store", store, "--data", data],
                    "catalogue_query",
                    {"store": store, "data": data, "name": name, "params": params, "text": text},
                    [peer],
                    short=True,
                )
            )
    return rows


def prepare(size: Size, groups: list[str], settings: Settings) -> None:
    """Untimed preparation at a size: the oxigraph store of the query rows brought up to date by ``hipskg load``,
    the merged inputs of Jena's shacl and the prefixes for its riot."""
    size.work.mkdir(parents=True, exist_ok=True)
    if "query" in groups:
        progress(f"{size.label}: hipskg load --store oxigraph:{size.folder / 'oxigraph'} (untimed)")
        prepared(
            settings, ["load", "--store", f"oxigraph:{size.folder / 'oxigraph'}", "--data", str(size.data)], settings.timeout
        )
    if settings.java and "validate" in groups:
        progress(f"{size.label}: merging Jena's inputs with riot (untimed)")
        riot_to(settings.java, [ONTOLOGY, *_data_files(size.data)], size.work / "jena-data.nt", settings.timeout)
        riot_to(settings.java, sorted(SHAPES.glob("*.ttl")), size.work / "jena-shapes.nt", settings.timeout)
    if "export" in groups:
        declared = "".join(f"@prefix {prefix}: <{iri}> .\n" for prefix, iri in _prefixes(ONTOLOGY).items())
        (size.work / "prefixes.ttl").write_text(declared, encoding="utf-8")


#################################################################
# Measuring
#################################################################


@dataclass
class Entry:
    """What is known of one row: its runs (whole command, operation alone, peers), or why it has none."""

    size: str
    triples: int
    group: str
    kind: str
    name: str
    order: int
    date: str
    code: str = ""  # the hipskg code measured: commit, and a fingerprint of uncommitted changes to hipskg/
    command: str = ""  # the run.py command line that measured the row
    ran_on: str = ""  # what the command's own output says ran where
    whole: list[dict] = field(default_factory=list)
    operation: list[dict] = field(default_factory=list)
    peers: dict[str, dict] = field(default_factory=dict)  # name → {"whole": [...], "operation": [...], "why": ""}
    failed: str = ""  # why the whole command has no figure (failed, timeout, skipped)
    op_failed: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return self.size, self.group, self.name

    @property
    def seconds(self) -> float | None:
        return _median(self.whole)

    @property
    def op_seconds(self) -> float | None:
        return _median(self.operation)

    @property
    def rss(self) -> float | None:
        return _median(self.whole, "peak_rss_mb")

    def peer_seconds(self, name: str) -> float | None:
        return _median(self.peers.get(name, {}).get("whole", []))


def _median(samples: list[dict], key: str = "seconds") -> float | None:
    return statistics.median(sample[key] for sample in samples) if samples else None


def _read_end(path: Path, size: int = 1 << 20) -> str:
    """The text of a file, or its first and last ``size`` bytes when larger."""
    with path.open("rb") as stream:
        head = stream.read(size)
        stream.seek(max(stream.tell(), path.stat().st_size - size))
        return (head + stream.read()).decode("utf-8", errors="replace")


def _count(path: Path, word: bytes) -> int:
    """How many times ``word`` occurs in the lines of a file."""
    with path.open("rb") as stream:
        return sum(line.count(word) for line in stream)


def failure(code: int, stderr: str, memory_limit: int) -> str:
    """One line for a failed process: what ran out, or its exit status and the line that says why."""
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    limit = f"{memory_limit / 2**30:g} GiB"
    for line in lines:
        if line.startswith("memory allocation of ") and line.endswith(" bytes failed"):
            return f"out of memory: a {int(line.split()[3]) / 2**30:,.1f} GiB allocation failed under the {limit} limit (--memory-limit)"
        if line.startswith("MemoryError") or line.endswith("MemoryError"):
            return f"out of memory: over the {limit} limit (--memory-limit)"
    if code == -9:
        return "killed (SIGKILL: out of memory?)"
    panic = next((lines[i + 1] for i, line in enumerate(lines[:-1]) if "panicked at" in line), None)
    return f"exit {code}: {(panic or (lines[-1] if lines else ''))[:200]}"


def launch(
    command: list[str], settings: Settings, work: Path, *, env: dict, stdout: Path | None = None, limit: bool = True
) -> tuple[dict, str]:
    """One whole run: the launcher's sample, and "" or why it failed (the exit status is judged by the caller)."""
    out = stdout or work / "stdout.txt"
    err = work / "stderr.txt"
    sample = whole(
        command, timeout=settings.timeout, stdout=out, stderr=err, env=env, memory_limit=settings.memory_limit if limit else 0
    )
    if sample.pop("timed_out"):
        return sample, f"timeout: >{settings.timeout:.0f} s"
    return sample, ""


def run_child(name: str, spec: dict, settings: Settings, work: Path) -> tuple[dict | None, str]:
    """A child of this script run whole: its JSON result with the process's wall time and peak memory, or why not."""
    sample, why = launch([sys.executable, "-c", CHILD, name, json.dumps(spec)], settings, work, env=child_env())
    if why:
        return None, why
    if sample["exit"] != 0:
        return None, failure(sample["exit"], _read_end(work / "stderr.txt"), settings.memory_limit)
    result = json.loads((work / "stdout.txt").read_text(encoding="utf-8").strip().splitlines()[-1])
    return {**result, "process_seconds": sample["seconds"], "process_rss_mb": sample["peak_rss_mb"]}, ""


def measure_peer(peer: Peer, size: Size, runs: int, settings: Settings, history: list[tuple[int, dict]]) -> dict:
    """The peer's runs at this size: {"whole": samples, "operation": child results, "why": why none}."""
    result: dict = {"whole": [], "operation": [], "why": ""}
    if peer.missing:
        result["why"] = peer.missing
        return result
    if peer.limit and size.triples > 1.2 * peer.limit:
        result["why"] = f"not run above {size_label(peer.limit)} (minutes a run)"
        return result
    if why := skip_reason(
        [(n, _median(p["whole"])) for n, p in history], [p.get("why", "") for _, p in history], size.triples, settings.timeout
    ):
        result["why"] = why
        return result
    for number in range(1, runs + 1):
        progress(f"  peer {peer.name}: run {number}/{runs}")
        if peer.fresh:
            shutil.rmtree(peer.fresh, ignore_errors=True)
        if peer.child:
            operation, why = run_child(peer.child, peer.spec, settings, size.work)
            if operation is None:
                result["why"] = why
                break
            result["operation"].append(operation)
            sample = {"seconds": operation["process_seconds"], "peak_rss_mb": operation["process_rss_mb"], "exit": 0}
        else:
            sample, why = launch(peer.command, settings, size.work, env=user_env(), stdout=peer.stdout, limit=False)
            if why or sample["exit"] != 0:
                result["why"] = why or failure(sample["exit"], _read_end(size.work / "stderr.txt"), 0)
                break
            if peer.stdout is not None:
                sample["bytes"] = peer.stdout.stat().st_size
                if peer.name == "Jena shacl":
                    sample["results"] = _count(peer.stdout, b"sh:focusNode")  # one per result in Jena's report
                peer.stdout.unlink()
        result["whole"].append(sample)
        if sample["seconds"] > LONG:
            break
    if result["why"]:
        result["whole"], result["operation"] = [], []
    return result


# What a command's output says ran where: the store, and the engine where it names one.
WHERE = (
    re.compile(r"\(store (?P<store>[^,()\s]+), SHACL engine (?P<engine>[\w.-]+)\)"),  # build's "Validation: ..." line
    re.compile(r"closure by (?P<engine>[\w.-]+) in [\d.]+ s on (?P<store>[^\s),]+)"),  # reason
    re.compile(r"closure by (?P<engine>[\w.-]+)"),
    re.compile(r"queries run on (?P<store>\S+)"),  # queries --run
    re.compile(r"^store (?P<store>\S+?):? ", re.MULTILINE),  # an on-disk store's load line
    re.compile(r"validated with (?P<engine>[\w.-]+)"),  # a faster engine refused, this one validated
    re.compile(r"SHACL engine (?P<engine>[\w.-]+)"),
)


def ran_on(output: str, placeholders: dict[str, str]) -> str:
    """The store and engine the command's own output names ("" when it names none), paths shown as placeholders."""
    found: dict[str, str] = {}
    for pattern in WHERE:
        for match in pattern.finditer(output):
            for key, value in match.groupdict().items():
                found.setdefault(key, value.rstrip(":"))
    text = " · ".join(found[key] for key in ("store", "engine") if key in found)
    return shown_paths(text, placeholders)


def shown_paths(text: str, placeholders: dict[str, str]) -> str:
    for path, name in sorted(placeholders.items(), key=lambda item: -len(item[0])):
        text = text.replace(path, name)
    return text


def placeholders_of(size: Size) -> dict[str, str]:
    return {str(size.folder / "oxigraph"): "PATH", str(size.work / "new"): "NEWPATH", str(size.data): "DIR"}


def estimate(history: list[tuple[int, float | None]], triples: int) -> float | None:
    """Seconds at ``triples`` from the same measurement at smaller sizes: the growth seen between the last two
    (between linear and 2.5th power), linear with one."""
    measured = sorted((n, s) for n, s in history if s is not None and n < triples)
    if not measured:
        return None
    (n1, s1), before = measured[-1], measured[-2] if len(measured) > 1 else None
    exponent = 1.0
    if before is not None and before[1] > 0 and n1 > before[0]:
        exponent = min(2.5, max(1.0, math.log(s1 / before[1]) / math.log(n1 / before[0])))
    return s1 * (triples / n1) ** exponent


def skip_reason(history: list[tuple[int, float | None]], whys: list[str], triples: int, timeout: float) -> str:
    """Why a measurement is not run at this size, or "" to run it."""
    if any(why.startswith(("timeout", "skipped")) for why in whys):
        return f"skipped: >{timeout:.0f} s at a smaller size"
    expected = estimate(history, triples)
    if expected is not None and expected > timeout:
        return f"skipped: >{timeout:.0f} s (~{expected:,.0f} s estimated from the smaller sizes)"
    return ""


def measure_row(row: Row, size: Size, settings: Settings, results: "Results", order: int) -> Entry:
    """The row's runs at this size: the whole command and the operation alone in turn, then each peer."""
    entry = Entry(
        size.label, size.triples, row.group, row.kind, row.shown, order, datetime.date.today().isoformat(), code_state(), COMMAND
    )
    smaller = results.smaller(entry)
    runs = settings.runs or (SHORT_RUNS if row.short else 3 if size.triples < 0.9 * MILLION else 1)
    entry.failed = skip_reason(
        [(e.triples, e.seconds) for e in smaller], [e.failed for e in smaller], size.triples, settings.timeout
    )
    entry.op_failed = "not run: the command was skipped" if entry.failed else ""
    for number in range(1, runs + 1):
        more_whole = not entry.failed and (not entry.whole or entry.whole[-1]["seconds"] <= LONG)
        more_op = not entry.op_failed and (not entry.operation or entry.operation[-1]["process_seconds"] <= LONG)
        if not more_whole and not more_op:
            break
        progress(f"{size.label} {row.shown}: run {number}/{runs}")
        if more_whole:
            run_whole(row, size, settings, entry)
        if more_op:
            run_operation(row, size, settings, entry)
    for peer in row.peers:
        history = [(e.triples, e.peers[peer.name]) for e in smaller if peer.name in e.peers]
        entry.peers[peer.name] = measure_peer(peer, size, runs, settings, history)
    return entry


def run_whole(row: Row, size: Size, settings: Settings, entry: Entry) -> None:
    """One run of the real command: a sample in ``entry.whole``, or why not in ``entry.failed`` (the samples dropped)."""
    if row.fresh:
        shutil.rmtree(row.fresh, ignore_errors=True)
    sample, why = launch([settings.hipskg, *row.args], settings, size.work, env=user_env())
    if why or sample["exit"] not in row.ok:
        entry.failed = why or failure(sample["exit"], _read_end(size.work / "stderr.txt"), settings.memory_limit)
        entry.whole = []
        return
    if not entry.whole:
        output = _read_end(size.work / "stdout.txt") + _read_end(size.work / "stderr.txt")
        entry.ran_on = ran_on(output, placeholders_of(size))
    if row.output is not None and row.output.exists():
        sample["bytes"] = row.output.stat().st_size
        row.output.unlink()
    entry.whole.append(sample)
    progress(f"  whole {sample['seconds']:.2f} s, {sample['peak_rss_mb']:,.0f} MiB")


def run_operation(row: Row, size: Size, settings: Settings, entry: Entry) -> None:
    """One run of the operation alone: a result in ``entry.operation``, or why not in ``entry.op_failed``."""
    operation, why = run_child(row.child, row.spec, settings, size.work)
    if operation is None:
        entry.op_failed, entry.operation = why, []
        return
    operation["on"] = shown_paths(operation.get("on", ""), placeholders_of(size))
    entry.operation.append(operation)
    progress(f"  operation {operation['seconds']:.2f} s")


class Results:
    """Every row measured so far, kept in a JSON file next to the table so ``--only`` reruns replace rows."""

    FORMAT = 2  # rows of run.py before it timed whole commands are not read

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[tuple, Entry] = {}
        stored = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        if isinstance(stored, dict) and stored.get("format") == self.FORMAT:
            for item in stored["rows"]:
                entry = Entry(**item)
                self.entries[entry.key] = entry

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        rows = [vars(e) for e in self.ordered()]
        self.path.write_text(json.dumps({"format": self.FORMAT, "rows": rows}, indent=1) + "\n", encoding="utf-8")

    def ordered(self) -> list[Entry]:
        return sorted(self.entries.values(), key=lambda e: (e.size != REAL, e.triples, GROUPS.index(e.group), e.order))

    def smaller(self, entry: Entry) -> list[Entry]:
        """The same row at the smaller synthetic sizes, smallest first."""
        same = [
            e
            for e in self.entries.values()
            if e.size != REAL and e.triples < entry.triples and (e.group, e.name) == (entry.group, entry.name)
        ]
        return sorted(same, key=lambda e: e.triples)


#################################################################
# The table
#################################################################


def seconds_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return f"{seconds:,.3f}" if seconds < 1 else f"{seconds:,.2f}" if seconds < 100 else f"{seconds:,.0f}"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.001 else f"{seconds * 1000:.2f} ms"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def query_medians(samples: list[dict]) -> dict[str, float]:
    """Each catalogue query's median time over the runs of a queries --run operation (or its peer)."""
    return {name: statistics.median(s["times"][name] for s in samples) for name in samples[0]["times"]}


def near(triples: int, size: int) -> bool:
    return 0.9 * size <= triples <= 1.2 * size


def target_of(entry: Entry) -> tuple[str, str]:
    """The issue's target for the row (judged on the whole command) and whether it is met, or ("", "")."""
    whole, op, rss = entry.seconds, entry.op_seconds, entry.rss
    checks: list[tuple[str, float | None, float | None]] = []  # (text, figure, limit): met when figure < limit (≤ for "≤")
    if entry.size == REAL:
        limit = {"build": 1.0, "queries": 0.8, "query": 0.4}[entry.kind]
        checks.append((f"< {limit} s", whole, limit))
    elif near(entry.triples, 100_000) and entry.kind in ("validate", "reason", "export", "queries"):
        checks.append(("≤ 1.5× operation", whole, 1.5 * op if op is not None else None))
        if entry.kind == "validate":
            checks.append(("< 3 s", whole, 3))
    elif near(entry.triples, MILLION) and entry.kind in ("validate", "export", "query", "load"):
        if entry.kind == "validate":
            checks += [("< Jena shacl", whole, entry.peer_seconds("Jena shacl")), ("< 4 GiB", rss, 4096)]
        elif entry.kind == "export":
            checks.append(("< 12 s", whole, 12))
        elif entry.kind == "query":
            checks.append(("p50 < 0.6 s", whole, 0.6))
        else:
            peer = entry.peer_seconds("pyoxigraph on disk")
            checks.append(("≤ 1.5× pyoxigraph on disk", whole, 1.5 * peer if peer is not None else None))
    if not checks:
        return "", ""
    target = "; ".join(text for text, _, _ in checks)
    if entry.failed:
        return target, "**missed** (no figure: the command " + (
            "failed)" if entry.failed.startswith(("exit", "out of", "killed")) else "ran too long)"
        )
    missing = [text for text, figure, limit in checks if figure is None or limit is None]
    if missing:
        return target, f"not measured ({', '.join(missing)})"
    missed = [
        text
        for text, figure, limit in checks
        if figure is not None and limit is not None and not (figure <= limit if text.startswith("≤") else figure < limit)
    ]
    return target, "met" if not missed else f"**missed** ({', '.join(missed)})" if len(checks) > 1 else "**missed**"


def short_failure(why: str) -> str:
    """The whole-seconds cell of a command without a figure; the notes say why in full."""
    if why.startswith("exit "):
        return f"failed ({why.split(':')[0]})"
    return "failed" if why.startswith(("out of memory", "killed")) else why


def notes_of(entry: Entry) -> str:
    notes = [f"command: {entry.failed}"] if entry.failed.startswith(("exit ", "out of memory", "killed")) else []
    op = entry.operation[0] if entry.operation else {}
    sample = entry.whole[0] if entry.whole else {}
    if entry.kind == "validate" and op:
        notes.append(f"{op['results']:,} results" + ("" if op["conforms"] else ", violations"))
    elif entry.kind == "reason" and op:
        notes.append(f"{op['inferred']:,} inferred")
    elif entry.kind == "export" and "bytes" in sample:
        notes.append(f"{sample['bytes'] / MILLION:,.1f} MB written")
    elif entry.kind == "load" and op:
        notes.append(f"{op['loaded']:,} triples loaded")
    elif entry.kind == "query" and op:
        notes.append(f"{op['size']:,} results")
    elif entry.kind == "build" and sample.get("exit"):
        notes.append(f"exit {sample['exit']} (violations)")
    if entry.kind == "queries" and entry.operation:
        times = query_medians(entry.operation)
        slowest = max(times, key=times.__getitem__)
        notes.append(
            f"operation p50 {_ms(_percentile(list(times.values()), 0.5))}, p95 {_ms(_percentile(list(times.values()), 0.95))}, "
            f"slowest {slowest} {_ms(times[slowest])}"
        )
        if unbound := op.get("unbound"):
            notes.append(f"{len(unbound)} of {len(unbound) + len(times)} examples not in this data, left out of the operation")
    if op.get("on") and op["on"] != entry.ran_on:
        notes.append(f"operation on {op['on']}")
    if entry.op_failed:
        notes.append(f"operation: {entry.op_failed}")
    return "; ".join(notes)


def peers_text(entry: Entry) -> str:
    """Each peer's whole time and the command's time over it (below 1: hipskg is faster), or why it has none."""
    parts = []
    for name, result in entry.peers.items():
        seconds = _median(result["whole"])
        if seconds is None:
            parts.append(f"{name}: {result['why'] or 'no figure'}")
        elif entry.seconds is None:
            parts.append(f"{name} {seconds_text(seconds)} s")
        else:
            parts.append(f"{name} {seconds_text(seconds)} s ({entry.seconds / seconds:.2f}×)")
    return "; ".join(parts)


def main_table(results: Results) -> str:
    columns = [
        "size (triples)",
        "command",
        "ran on",
        "whole s",
        "operation s",
        "whole ÷ operation",
        "peak RSS MiB",
        "peers: whole s (hipskg ÷ peer)",
        "target",
        "met",
        "notes",
    ]
    letters = code_letters(results)
    rows = []
    for entry in results.ordered():
        whole, op = entry.seconds, entry.op_seconds
        target, verdict = target_of(entry)
        ratio = f"{whole / op:.1f}×" if whole is not None and op else ""
        rows.append(
            [
                f"{entry.size} ({entry.triples:,})",
                f"`{entry.name}`",
                entry.ran_on,
                seconds_text(whole) if whole is not None else short_failure(entry.failed),
                seconds_text(op),
                ratio,
                f"{entry.rss:,.0f}" if entry.rss is not None else "",
                peers_text(entry),
                target,
                verdict,
                notes_of(entry),
            ]
            + ([letters[entry.code]] if letters else [])
        )
    return table(columns + (["code"] if letters else []), rows, left=3, text=5 if letters else 4)


def peer_table(results: Results) -> str:
    """Every peer measurement: its whole time and memory, its operation inside where it is a Python child, and the
    command's whole and operation over the peer's."""
    columns = [
        "size",
        "command",
        "peer",
        "whole s",
        "operation s",
        "peak RSS MiB",
        "hipskg whole ÷ peer whole",
        "hipskg op ÷ peer op",
        "notes",
    ]
    rows = []
    for entry in results.ordered():
        for name, result in entry.peers.items():
            seconds, op = _median(result["whole"]), _median(result["operation"])
            if seconds is None:
                rows.append([entry.size, f"`{entry.name}`", name, result["why"], "", "", "", "", ""])
                continue
            notes = []
            first = (result["operation"] or result["whole"])[0]
            for key, label in (
                ("results", "results"),
                ("inferred", "inferred"),
                ("loaded", "triples loaded"),
                ("size", "results"),
            ):
                if key in first:
                    notes.append(f"{first[key]:,} {label}")
            if "bytes" in first:
                notes.append(f"{first['bytes'] / MILLION:,.1f} MB")
            rows.append(
                [
                    entry.size,
                    f"`{entry.name}`",
                    name,
                    seconds_text(seconds),
                    seconds_text(op),
                    f"{_median(result['whole'], 'peak_rss_mb'):,.0f}",
                    f"{entry.seconds / seconds:.2f}" if entry.seconds is not None else "",
                    f"{entry.op_seconds / op:.2f}" if entry.op_seconds is not None and op else "",
                    "; ".join(notes),
                ]
            )
    return "\n### Peers\n\n" + table(columns, rows, left=3, text=1) if rows else ""


def query_tables(results: Results) -> str:
    """Per size, each catalogue query's time in the operation of ``hipskg queries --run`` and on raw pyoxigraph."""
    text = ""
    for entry in results.ordered():
        if entry.kind != "queries" or not entry.operation:
            continue
        ours, sizes = query_medians(entry.operation), entry.operation[0]["sizes"]
        peer = entry.peers.get("pyoxigraph", {}).get("operation", [])
        theirs, their_sizes = (query_medians(peer), peer[0]["sizes"]) if peer else ({}, {})
        blank = [""] if peer else []
        rows = []
        for name, seconds in ours.items():
            differs = f" (pyoxigraph {their_sizes[name]:,})" if name in their_sizes and their_sizes[name] != sizes[name] else ""
            theirs_ms = [f"{theirs[name] * 1000:,.1f}" if name in theirs else ""] if peer else []
            rows.append([name, f"{seconds * 1000:,.1f}", *theirs_ms, f"{sizes[name]:,}{differs}"])
        unbound = entry.operation[0].get("unbound", {})
        rows += [[name, "not bound", *blank, why[:120]] for name, why in unbound.items()]
        text += f"\n### Catalogue queries at {entry.size} ({entry.triples:,} triples), in the operation of `{entry.name}`\n\n"
        text += table(["query", "hipskg ms", *(["pyoxigraph ms"] if peer else []), "results"], rows, text=1)
    return text


def code_letters(results: Results) -> dict[str, str]:
    """A letter for each state of the code the rows measured (A the first seen), when there is more than one."""
    states = list(dict.fromkeys(entry.code for entry in results.ordered()))
    return {state: chr(ord("A") + i) for i, state in enumerate(states)} if len(states) > 1 else {}


def header(results: Results, settings: Settings) -> str:
    dates = sorted({e.date for e in results.entries.values()})
    commands: dict[str, int] = {}
    for entry in results.ordered():
        commands[entry.command] = commands.get(entry.command, 0) + 1
    letters = code_letters(results)
    code = (
        "; ".join(f"{letter} = {state}" for state, letter in letters.items()) + " (the code column says which row ran on which)"
        if letters
        else next(iter({e.code for e in results.entries.values()}), "")
    )
    versions = [path.name.removeprefix("jena-core-").removesuffix(".jar") for path in JAVA_LIB.glob("jena-core-*.jar")]
    jena = f"Apache Jena {', '.join(versions)}" if settings.java else f"Apache Jena {settings.jena_missing}"
    return (
        "# hipskg commands as a user runs them\n\n"
        + "; ".join(f"`{command}` ({count} row{'s' if count > 1 else ''})" for command, count in commands.items())
        + f", measured {' to '.join(dict.fromkeys([dates[0], dates[-1]]))}. "
        "*whole* is the real `hipskg` command from process start to exit (median of the runs), *peak RSS* that process's own "
        "peak; *operation* is the `hipskg.open()` method the command calls, timed in a started process with the graph already "
        "open (for `load`, the opening itself; for `build`, the command in-process after its imports). DIR is the size's data "
        "folder (`hipskg synth`, seed 0), PATH an oxigraph store loaded from it by `hipskg load` beforehand, NEWPATH a new one. "
        "Peers are run whole the same way; hipskg ÷ peer below 1 is faster. Targets are judged on the whole command. "
        "See benchmarks/README.md.\n\n"
        f"{machine(['rdflib', 'pyoxigraph', 'shacl-rust', 'pyshacl-turbo', 'reasonable', 'pyshacl', 'owlrl'])} {jena}. "
        f"hipskg code measured (commit, + a hash of uncommitted changes to hipskg/ if any): {code}.\n\n"
    )


#################################################################
# Main
#################################################################


def code_state() -> str:
    """``commit`` or ``commit+CHANGES``: the last commit that changed hipskg/, and a hash of its uncommitted diff."""

    def git(*args: str) -> bytes:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=False, timeout=60).stdout

    commit = git("log", "-1", "--format=%h", "--", "hipskg").decode().strip() or "unknown"
    diff = git("diff", "HEAD", "--", "hipskg") + b"".join(
        path.read_bytes()
        for name in git("ls-files", "--others", "--exclude-standard", "--", "hipskg").decode().split()
        if (path := ROOT / name).is_file()
    )
    return f"{commit}+{hashlib.sha256(diff).hexdigest()[:8]}" if diff else commit


def fail(message: str) -> int:
    print(f"run.py: {message}", file=sys.stderr)
    return 2


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="\n\n".join(__doc__.split("\n\n")[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes", default="10k,100k,1m", help="comma-separated sizes in triples, e.g. 10k,100k,1m,5m (default 10k,100k,1m)"
    )
    parser.add_argument(
        "--runs",
        type=int,
        help=f"runs per measurement, the median reported (default 3 below 1m, 1 from 1m, {SHORT_RUNS} for the sub-second rows)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=900,
        help="seconds allowed for one process (default 900); a measurement estimated to take longer is skipped",
    )
    parser.add_argument(
        "--memory-limit",
        type=float,
        default=16,
        metavar="GIB",
        help="address space a Python process may use (default 16 GiB): a runaway fails alone",
    )
    parser.add_argument(
        "--only", help=f"comma-separated rows to rerun: {', '.join(GROUPS)} (default all); the other rows of the table are kept"
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
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    try:
        wanted = sorted({parse_size(text) for text in args.sizes.split(",") if text.strip()})
    except ValueError as error:
        return fail(f"--sizes: {error}")
    if any(n < 1 for n in wanted):
        return fail("--sizes: every size must be at least 1 triple")
    groups = args.only.split(",") if args.only else list(GROUPS)
    if unknown := [g for g in groups if g not in GROUPS]:
        return fail(f"--only: unknown {', '.join(unknown)}: choose from {', '.join(GROUPS)}")
    if args.runs is not None and args.runs < 1:
        return fail("--runs must be at least 1")
    if args.timeout <= 0:
        return fail("--timeout must be positive")
    beside = Path(sys.executable).with_name("hipskg")
    hipskg = str(beside) if beside.exists() else shutil.which("hipskg")
    if hipskg is None:
        return fail("no hipskg command: pip install -e . in this environment")
    args.cache.mkdir(parents=True, exist_ok=True)
    java, jena_missing = jena(args.cache)
    settings = Settings(args.runs, args.timeout, int(args.memory_limit * 2**30), hipskg, java, jena_missing, {})
    if "query" in groups:
        settings.examples = catalogue_examples(settings)
    results = Results(args.output.with_suffix(".json"))

    sizes = ([real_size(args.cache, settings)] if "real" in groups else []) + [
        prepared_size(size_label(n), args.cache, settings) for n in wanted if set(groups) - {"real"}
    ]
    for size in sizes:
        rows = real_rows(size) if size.label == REAL else synthetic_rows(size, groups, settings)
        if size.label != REAL:
            prepare(size, groups, settings)
        size.work.mkdir(parents=True, exist_ok=True)
        for order, row in enumerate(rows):
            entry = measure_row(row, size, settings, results, order)
            results.entries[entry.key] = entry
            results.save()
        shutil.rmtree(size.work, ignore_errors=True)

    write(args.output, header(results, settings), main_table(results) + peer_table(results) + query_tables(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
