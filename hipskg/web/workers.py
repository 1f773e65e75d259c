"""SPARQL endpoint queries in worker processes, so that a query past its time limit is stopped, not abandoned.

Oxigraph cannot interrupt a query it is evaluating: in the server's own process, a runaway query
would keep a core busy until it finished (a cartesian product: for ever). Each worker is a process
holding the graph in memory, loaded from a snapshot (N-Triples files written once when the server starts); a
query that runs past the limit gets its worker killed and a fresh one started, so it costs at most
the time limit. The pool's size is the bound on concurrent queries; a query that finds every worker
busy for a second is refused (503).
"""

import multiprocessing
import os
import queue
import shutil
import tempfile
import threading
import warnings
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from hipskg.namespaces import INFERRED_GRAPH
from hipskg.vocabulary import UnknownTermWarning
from hipskg.web.protocol import BUSY, Answer, Limits, Refused, past_time_limit, reply

if TYPE_CHECKING:
    from hipskg.api import KnowledgeGraph

_CONTEXT = multiprocessing.get_context("spawn")  # the server runs threads: a forked copy of them could deadlock
_READY = "ready"
WORKER_NICENESS = 10


@dataclass(frozen=True)
class Job:
    text: str
    inferred: bool
    accept: str | None
    fmt: str | None


def snapshot(kg: "KnowledgeGraph", folder: Path) -> dict[URIRef, Path]:
    """Every named graph of ``kg``'s store (the inferred facts too) written to an N-Triples file in ``folder``."""
    files = {}
    for number, name in enumerate(kg.store.graph_names()):
        files[name] = folder / f"{number}.nt"
        files[name].write_bytes(kg.store.ntriples(name))
    return files


class _Graphs:
    """A worker's copies of the graph: all of it (with the inferred facts, which queries see by default) at once, and
    the asserted data alone (with the ontology) at the first query that asks for it. Each copy answers over its
    whole union, which Oxigraph evaluates faster than a default graph of many named graphs."""

    def __init__(self, graphs: dict[URIRef, Path], data: Path) -> None:
        from hipskg.api import KnowledgeGraph
        from hipskg.store import OxigraphStore

        self._open = lambda names: KnowledgeGraph(OxigraphStore.holding({n: graphs[n] for n in names}), data, None)
        self.whole = self._open(list(graphs))
        self._asserted: KnowledgeGraph | None = None
        self._asserted_names = [name for name in graphs if name != INFERRED_GRAPH]

    def answering(self, inferred: bool) -> "KnowledgeGraph":
        if inferred:
            return self.whole
        if self._asserted is None:
            self._asserted = self._open(self._asserted_names)
        return self._asserted


def _work(connection: Connection, graphs: dict[URIRef, Path], data: str, limits: Limits) -> None:
    """A worker's life: load the snapshot into memory (Oxigraph answers several times faster from memory than from a
    database on disk opened read-only), say so, then answer jobs until the parent goes away. Workers run at a lower
    priority than the server's own process, so a query running to its limit takes CPU from queries, not from pages."""
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)
    warnings.simplefilter("ignore", UnknownTermWarning)  # the answer's Hipskg-Warnings header tells the client
    held = _Graphs(graphs, Path(data))
    reply(held.whole, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", inferred=True, accept=None, fmt=None, limits=limits)  # imports
    connection.send(_READY)
    while True:
        try:
            job: Job = connection.recv()
        except EOFError:
            return
        try:
            kg = held.answering(job.inferred)
            answer: Answer | Refused = reply(kg, job.text, inferred=job.inferred, accept=job.accept, fmt=job.fmt, limits=limits)
        except Refused as refused:
            answer = refused
        except Exception as error:  # a fault of hipskg's own: one query's, never the worker's end
            answer = Refused(500, f"the server could not answer this query ({type(error).__name__}); please report it")
        connection.send(answer)


class _Worker:
    def __init__(self, graphs: dict[URIRef, Path], data: Path, limits: Limits) -> None:
        self.connection, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_work, args=(child, graphs, str(data), limits), daemon=True)
        self.process.start()
        child.close()

    def ready(self, seconds: float) -> bool:
        return self.connection.poll(seconds) and self.connection.recv() == _READY

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class WorkerPool:
    """``limits.max_concurrent`` query workers over a snapshot of ``kg``; :meth:`answer` runs one query in one of them."""

    def __init__(self, kg: "KnowledgeGraph", limits: Limits) -> None:
        self.limits = limits
        self.data = kg.data
        self.folder = Path(tempfile.mkdtemp(prefix="hipskg-serve-"))
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        try:
            self.graphs = snapshot(kg, self.folder)
            starting = [self._started() for _ in range(limits.max_concurrent)]
            for worker in starting:
                self._admit(worker)
        except BaseException:  # interrupted while starting: no worker and no snapshot left behind
            self.close()
            raise

    def _started(self) -> _Worker:
        worker = _Worker(self.graphs, self.data, self.limits)
        with self._lock:
            self._all.add(worker)
        return worker

    def _admit(self, worker: _Worker) -> None:
        if worker.ready(120):
            self._idle.put(worker)
        else:
            self._retire(worker)

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.stop()

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in its place, in the background."""
        self._retire(worker)
        threading.Thread(target=lambda: self._admit(self._started()), daemon=True).start()

    def answer(self, job: Job) -> Answer:
        try:
            worker = self._idle.get(timeout=1.0)
        except queue.Empty:
            raise Refused(503, BUSY, {"Retry-After": "1"}) from None
        try:
            worker.connection.send(job)
            if not worker.connection.poll(self.limits.timeout):
                self._replace(worker)
                raise past_time_limit(self.limits)
            outcome: Any = worker.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise Refused(503, "the query's worker stopped before answering; try again") from None
        self._idle.put(worker)
        if isinstance(outcome, Refused):
            raise outcome
        return outcome

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
