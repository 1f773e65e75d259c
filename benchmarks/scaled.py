"""What the benchmarks share: the scaled graph, cold-process measurement, the Markdown table.

``scaled()`` and ``peak_rss_mb()`` run inside the measured child processes (``run()`` puts this
folder on the child's ``PYTHONPATH``, so a child's code says ``from scaled import scaled``); the
rest runs in the parent script. ``whole()`` times a command as a user runs it, from a small
launcher process (``LAUNCHER``) that reads the command's own peak memory from ``wait4``.
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"

ID = "https://w3id.org/hipskg/id/"


def scaled(base: "Graph", scale: int) -> "Graph":
    """``base`` itself at scale 1; otherwise base plus ``scale - 1`` renamed copies of it.

    In copy N every ``https://w3id.org/hipskg/id/`` IRI and every blank node ends in ``-copyN``
    and every label of one of the project's entities ends in `` N`` (another partnership's entity
    has its own name), so the copies are distinct entities and the graph stays as valid as the
    original. Ontology terms are left as they are.
    """
    # Imported here, not at the top: a child that measures pyoxigraph alone never loads rdflib.
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.namespace import RDFS, SKOS

    labels = {SKOS.prefLabel, SKOS.altLabel, RDFS.label}
    if scale == 1:
        return base
    data = Graph()
    data += base
    for copy in range(1, scale):
        suffix = f"-copy{copy}"

        def renamed(term, suffix=suffix):
            if isinstance(term, URIRef) and term.startswith(ID):
                return URIRef(str(term) + suffix)
            if isinstance(term, BNode):
                return BNode(str(term) + suffix)
            return term

        for s, p, o in base:
            if p in labels and isinstance(o, Literal) and isinstance(s, URIRef) and s.startswith(ID):
                o = Literal(f"{o} {copy}", lang=o.language)
            data.add((renamed(s), p, renamed(o)))
    return data


def peak_rss_mb(children: bool = False) -> float:
    """The process's peak resident memory so far, in MB; with ``children``, the largest of its finished children's.

    On Linux the process's own peak is VmHWM: getrusage's ru_maxrss starts a process started with
    subprocess at its parent's peak (the kernel carries it over the fork and the exec), so a
    small child of a big parent would report the parent's size.
    """
    if not children:
        try:
            status = Path("/proc/self/status").read_text()
        except OSError:
            pass
        else:
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    peak = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def progress(message: str) -> None:
    """Progress for a person at a terminal; nothing when stderr is piped or redirected."""
    if sys.stderr.isatty():
        print(message, file=sys.stderr, flush=True)


def run(child: str, args: list[str], timeout: float, label: str) -> dict | None:
    """One cold-process measurement: the JSON line ``child`` prints last, or None when it timed out."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")]))
    command = [sys.executable, "-c", child, *args]
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise RuntimeError(f"{label} failed (exit {done.returncode}):\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# Runs in its own small Python process: starts the command, waits for it with wait4 (the rusage of that one
# process, not of this script: a process forked from a big parent would report the parent's peak as its own),
# kills its process group after the timeout, prints one JSON line. argv: timeout, address-space limit (0 for
# none), stdout file, stderr file, working folder, the command.
LAUNCHER = """
import json, os, resource, signal, subprocess, sys, threading, time
timeout, limit, out, err, cwd, *command = sys.argv[1:]
limit, killed = int(limit), []
def limited():
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
def kill():
    killed.append(True)
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except OSError:
        pass
with open(out, "wb") as stdout, open(err, "wb") as stderr:
    started = time.perf_counter()
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, cwd=cwd,
                             start_new_session=True, preexec_fn=limited if limit else None)
    timer = threading.Timer(float(timeout), kill)
    timer.start()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    timer.cancel()
child.returncode = os.waitstatus_to_exitcode(status)
print(json.dumps({"seconds": seconds, "peak_rss_mb": usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024),
                  "exit": child.returncode, "timed_out": bool(killed)}))
"""


def whole(
    command: list[str],
    *,
    timeout: float,
    stdout: Path,
    stderr: Path,
    cwd: Path = ROOT,
    env: dict | None = None,
    memory_limit: int = 0,
) -> dict:
    """``command`` run whole, as a user runs it: seconds from its start to its exit, its own peak resident memory
    (MiB), its exit status and whether it was killed at ``timeout``; its output goes to the files ``stdout`` and
    ``stderr``. ``memory_limit`` (bytes of address space, 0 for none) makes a runaway fail alone."""
    launcher = [sys.executable, "-c", LAUNCHER, str(timeout), str(memory_limit), str(stdout), str(stderr), str(cwd), *command]
    done = subprocess.run(launcher, env=env, capture_output=True, text=True, timeout=timeout + 60)
    if done.returncode != 0:
        raise RuntimeError(f"the launcher of {command[0]} failed (exit {done.returncode}):\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class Cell:
    """The runs of one engine on one graph."""

    samples: list[dict] = field(default_factory=list)
    timed_out: bool = False

    @property
    def seconds(self) -> list[float]:
        return [sample["seconds"] for sample in self.samples]

    @property
    def median(self) -> float | None:
        return None if self.timed_out else statistics.median(self.seconds)

    @property
    def peak_rss_mb(self) -> float | None:
        return None if self.timed_out else statistics.median(sample["peak_rss_mb"] for sample in self.samples)


def measure(child: str, args: list[str], runs: int, timeout: float, label: str, same: tuple[str, ...] = ()) -> Cell:
    """``runs`` cold runs of ``child``; stops at the first timeout (the next would time out too).

    The keys in ``same`` must have one value across the runs (a result count, say).
    """
    cell = Cell()
    for number in range(1, runs + 1):
        progress(f"{label}: run {number}/{runs}")
        started = time.perf_counter()
        sample = run(child, args, timeout, label)
        if sample is None:
            progress(f"  timed out after {timeout:.0f} s")
            cell.timed_out = True
            return cell
        sample["wall"] = time.perf_counter() - started  # the whole child, start-up and set-up included
        cell.samples.append(sample)
        progress(f"  {sample['seconds']:.2f} s measured, {sample['wall']:.1f} s in all")
    for key in same:
        values = {json.dumps(sample[key], sort_keys=True) for sample in cell.samples}
        if len(values) > 1:
            raise RuntimeError(f"{label} gave a different {key} across runs: {sorted(values)}")
    return cell


def versions(packages: list[str]) -> str:
    """``name version`` for each package, the bare name of one not installed."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in packages:
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            found.append(package)
    return ", ".join(found)


def machine(packages: list[str]) -> str:
    """One line on what the numbers were measured with."""
    return f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} cores; {versions(packages)}."


def table(columns: list[str], rows: list[list[str]], left: int = 1, text: int = 0) -> str:
    """A Markdown table: the first ``left`` and the last ``text`` columns aligned left, the others (numbers) right."""
    aligns = ["---" if i < left or i >= len(columns) - text else "---:" for i in range(len(columns))]
    lines = ["| " + " | ".join(columns) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write(path: Path, header: str, text: str) -> None:
    """Write header and table to ``path``, print the table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + text)
    print(text, end="")
    progress(f"written to {path}")
