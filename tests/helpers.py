"""Test helpers: the curated graph, one parser run, a seed document's text, a folder's bytes."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Graph

from hipskg.ingest.builder import LabelBook, Resolver, SourceGraph
from hipskg.namespaces import GRAPH

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


@cache
def curated() -> Graph:
    """The curated registers the resolver starts from (read once; parsers never change it)."""
    graph = Graph()
    for path in sorted((ROOT / "data" / "curated").glob("*.ttl")):
        graph.parse(path)
    return graph


def parse(parser: ModuleType, text: str) -> tuple[Graph, Resolver]:
    """The named graph ``parser`` makes of ``text``, and the resolver it used."""
    resolver = Resolver(curated())
    out = SourceGraph(GRAPH["x"], resolver, LabelBook(resolver))
    parser.parse(text, out, resolver)
    return out.graph, resolver


def seed_text(path: Path, what: str) -> str:
    """A source document's text, or a skip naming the missing file."""
    if not path.exists():
        pytest.skip(f"source documents not found at {SEEDS}: these tests read {what} {path.name}")
    return path.read_text(encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden and temporary files included) by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(probe: str, process: subprocess.Popen, name: str, seconds: float = 60) -> None:
    """Wait until ``probe`` (a URL of the server ``process``) answers; a loaded 2-core machine starts servers slowly."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{name} did not answer at {probe} within {seconds} s")


@contextmanager
def running(command: list[str], probe: str, name: str, *, seconds: float = 60, **popen: object) -> Iterator[subprocess.Popen]:
    """The server ``command`` started (output discarded unless ``popen`` says where), answering at ``probe``, then
    stopped with SIGTERM, as a service manager stops it."""
    popen.setdefault("stdout", subprocess.DEVNULL)
    popen.setdefault("stderr", subprocess.DEVNULL)
    process = subprocess.Popen(command, **popen)  # type: ignore[call-overload]
    try:
        wait_until_up(probe, process, name, seconds)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def oxigraph_server(location: Path, *, union: bool = True) -> Iterator[str]:
    """An empty Oxigraph SPARQL server on a free 127.0.0.1 port (its base URL), stopped on exit; its default graph is
    the union of its named graphs unless ``union`` is False (then it is a graph of its own, empty)."""
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph server is not installed: pip install -e '.[test]' installs it")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"] + ["--union-default-graph"] * union
    with running(command, f"{url}/query?query=ASK%7B%7D", "oxigraph"):
        yield url


VIRTUOSO = shutil.which("virtuoso-t")
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
VIRTUOSO_PASSWORD = "dba"  # the password of a new database's dba account


def _virtuoso_ini(folder: Path, sql_port: int, http_port: int) -> Path:
    """A copy of Debian's virtuoso.ini with its files in ``folder``, both servers on 127.0.0.1 ports, no plugins."""
    stems = {"[Database]": "virtuoso", "[TempDatabase]": "virtuoso-temp"}
    suffixes = {
        "DatabaseFile": ".db",
        "ErrorLogFile": ".log",
        "LockFile": ".lck",
        "TransactionFile": ".trx",
        "xa_persistent_file": ".pxa",
    }
    lines, section = [], ""
    for line in VIRTUOSO_INI.read_text(encoding="utf-8").splitlines():
        name = line.split("=", 1)[0].strip()
        if line.startswith("["):
            section = line.strip()
        elif name in suffixes and section in stems:
            line = f"{name} = {folder / (stems[section] + suffixes[name])}"
        elif name == "ServerPort":
            line = f"ServerPort = 127.0.0.1:{http_port if section == '[HTTPServer]' else sql_port}"
        elif name == "ResultSetMaxRows":
            line = "ResultSetMaxRows = 1000000"  # the default, 10,000, would cut a large answer short without a word
        elif section == "[Plugins]" and name.startswith("Load"):
            continue  # wiki and other plugins: not needed
        lines.append(line)
    ini = folder / "virtuoso.ini"
    ini.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ini


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[str]:
    """An empty Virtuoso Open Source 7 server on free 127.0.0.1 ports (its HTTP base URL), stopped and removed on exit.
    The SPARQL user may update (what its Graph Store endpoint /sparql-graph-crud needs)."""
    if VIRTUOSO is None:
        pytest.skip("virtuoso-t is not installed: apt-get install virtuoso-opensource (.ci/run does)")
    sql_port, http_port = free_port(), free_port()
    ini = _virtuoso_ini(folder, sql_port, http_port)
    url = f"http://127.0.0.1:{http_port}"
    command = [VIRTUOSO, "+configfile", str(ini), "+foreground"]
    try:
        with running(command, f"{url}/sparql?query=ASK%7B%7D", "virtuoso", cwd=folder):
            # the anonymous SPARQL user may write through the Graph Store endpoint /sparql-graph-crud, as on a test server
            grants = "GRANT SPARQL_UPDATE TO \"SPARQL\";\nDB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);\n"
            isql = [shutil.which("isql-vt") or "isql-vt", f"127.0.0.1:{sql_port}", "dba", VIRTUOSO_PASSWORD]
            subprocess.run(isql, input=grants, text=True, capture_output=True, check=True, timeout=60)
            yield url
    finally:
        shutil.rmtree(folder, ignore_errors=True)
