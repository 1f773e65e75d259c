"""The store step: where the dataset lives, behind one interface that every later step asks for what it needs.

- ``oxigraph`` (the default; ``memory`` names it too): an Oxigraph database in memory, loaded from
  the data folder by every command (the HIPS graph, 30 thousand triples, loads in a few hundredths
  of a second).
- ``oxigraph:PATH``: an embedded, persistent Oxigraph database in the folder PATH, for graphs too
  large to re-read on every command. Loading is incremental: each named graph is reloaded only
  when the files behind it changed (their SHA-256 is kept in PATH/manifest.json).
- ``rdflib``: rdflib's in-memory Dataset, the reference the other stores are tested against.
- ``endpoint:URL``: any SPARQL 1.1 server; URL is its query endpoint, the Graph Store Protocol
  endpoint is found next to it (``/query`` → ``/store`` for Oxigraph, ``/sparql`` or ``/query`` on
  Fuseki → ``/data``) or given as ``endpoint:QUERY_URL|STORE_URL``.

Every store loads named graphs (:meth:`Store.refresh` from a data folder), lists them with their
sizes, answers SPARQL with parameters bound by one VALUES block over a default graph holding the
asserted named graphs and the ontology (and the inferred facts only when asked: a query never sees
them, not even through a ``GRAPH`` pattern, because an earlier command reasoned),
replaces one named graph (the inferred facts, kept for the next query that asks), hands out its asserted data in the
form the engines read (N-Triples text from Oxigraph and a server, never an rdflib graph of a large
store), each named graph as N-Triples and a set of them as Turtle, and an rdflib Dataset only for the
steps whose engine needs one.
"""

import hashlib
import json
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import DCTERMS, VOID
from rdflib.query import Result
from rdflib.term import Node

from hipskg import dataset as datasets
from hipskg import endpoint, resources
from hipskg.defaults import TRANSFER_TIMEOUT
from hipskg.endpoint import QueryDataset
from hipskg.errors import HipskgError
from hipskg.formats import BY_EXTENSION
from hipskg.lock import exclusive, lock_file_of
from hipskg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, STORE_RECORD_GRAPH
from hipskg.progress import Progress
from hipskg.rdfio import (
    QUAD_FORMATS,
    NTriples,
    format_of,
    graph_name,
    merged,
    ntriples_lines,
    read_graph,
    recover,
    to_rdflib,
    turtle,
    turtle_of_store_triples,
    write_atomically,
)
from hipskg.sparql import (
    QUERY_TIMEOUT,
    QueryError,
    prologue,
    query_form,
    refuse_service,
    run,
    solutions,
    syntax_error,
    with_values,
    within,
)

KINDS = ("oxigraph", "memory", "oxigraph:PATH", "rdflib", "endpoint:URL")


class StoreError(HipskgError):
    """The store cannot be opened or written; the message names it and the fix."""


@dataclass(frozen=True)
class GraphSource:
    """A named graph to load and the files it is read from."""

    name: URIRef
    files: tuple[Path, ...]

    def read(self, into: Graph | None = None) -> Graph:
        """The named graph read from its files, into ``into`` (e.g. a dataset's graph) or a new graph."""
        graph = Graph(identifier=self.name) if into is None else into
        for path in self.files:
            read_graph(path, graph)
        return graph

    def stat_key(self) -> list[list[object]]:
        """Each file's name, size, inode and modification and change times: when none of them moved since the last
        load, neither did the content (a write always moves the change time), so the files need not be read again."""
        key: list[list[object]] = []
        for path in self.files:
            status = path.stat()
            key.append([str(path), status.st_size, status.st_ino, status.st_mtime_ns, status.st_ctime_ns])
        return key

    def fingerprint(self) -> str:
        """SHA-256 over the files' names and bytes: changes when any of them does."""
        digest = hashlib.sha256()
        for path in self.files:
            digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()


def sources(data_dir: Path, *, ontology: bool = True) -> list[GraphSource]:
    """The named graphs of a data folder (and the ontology), each with its files."""
    found = [GraphSource(name, tuple(paths)) for name, paths in datasets.graph_files(data_dir).items()]
    if ontology:
        found.insert(0, GraphSource(ONTOLOGY_GRAPH, (resources.ontology_file(),)))
    return found


@dataclass
class LoadReport:
    """What a load did: graphs read (with their triples), graphs kept as they were, graphs removed."""

    loaded: dict[URIRef, int] = field(default_factory=dict)
    kept: dict[URIRef, int] = field(default_factory=dict)
    removed: list[URIRef] = field(default_factory=list)

    def text(self) -> str:
        return (
            f"{len(self.loaded)} named graphs loaded ({sum(self.loaded.values()):,} triples), "
            f"{len(self.kept)} unchanged, {len(self.removed)} removed"
        )


class Store(ABC):
    """Where the dataset lives; see the module docstring for the kinds."""

    spec: str
    persistent = False  # keeps what it loaded between commands (a load then reports what it did)
    engine = ""  # what evaluates its queries: oxigraph or rdflib in this process, or a SPARQL server (endpoint)

    def refresh(self, data_dir: Path) -> LoadReport | None:
        """Bring the store up to date with the data folder (and the ontology); a SPARQL server is loaded only by ``hipskg load``."""
        return self.load(sources(data_dir))

    @abstractmethod
    def load(self, graphs: Sequence[GraphSource]) -> LoadReport:
        """Make the store hold exactly ``graphs`` (the inferred graph is dropped when anything changed)."""

    @abstractmethod
    def graphs(self) -> dict[URIRef, int]:
        """Named graphs held, with their number of triples."""

    def graph_names(self, timeout: float = QUERY_TIMEOUT) -> list[URIRef]:
        """The names of the named graphs holding statements (a store may list them without counting; a SPARQL
        server is given ``timeout`` seconds to)."""
        return list(self.graphs())

    @abstractmethod
    def query(
        self,
        text: str,
        bindings: dict[str, Node] | None = None,
        *,
        timeout: float = QUERY_TIMEOUT,
        allow_service: bool = False,
        inferred: bool = False,
    ) -> Result:
        """A SPARQL query with the project's prefixes over the asserted named graphs and the ontology as its default
        graph (plus the inferred facts if ``inferred``), stopped after ``timeout`` seconds. A local store refuses
        ``SERVICE`` (a query that would call out to other servers) unless ``allow_service``; a server decides that itself."""

    @abstractmethod
    def put(self, name: URIRef, graph: Graph) -> None:
        """Replace one named graph."""

    @abstractmethod
    def dataset(self) -> Dataset:
        """The store's named graphs as an rdflib Dataset (a copy for the non-rdflib stores): for steps whose engine needs rdflib."""

    @abstractmethod
    def ntriples(self, name: URIRef) -> bytes:
        """One named graph as N-Triples lines."""

    def asserted(self) -> Graph | NTriples:
        """The asserted data (every named graph but the ontology and the inferred facts), as validation and reasoning take it:
        N-Triples text, each named graph written by the store itself."""
        return NTriples(
            b"".join(self.ntriples(name) for name in self.graph_names() if datasets.is_asserted(name)).decode("utf-8")
        )

    def turtle(self, names: Sequence[URIRef]) -> str:
        """The named graphs ``names`` merged, as deterministic Turtle."""
        held = self.dataset()
        return turtle(merged(held.graph(name) for name in names))

    def close(self) -> None:  # noqa: B027 - nothing to release for most stores
        """Release the store (flush and unlock a database)."""


class RdflibStore(Store):
    """rdflib's in-memory Dataset, read from the files on every load: the reference implementation."""

    engine = "rdflib"

    spec = "rdflib"

    def __init__(self) -> None:
        self._dataset = Dataset(default_union=True)
        self._plain: Dataset | None = None  # the dataset without the inferred facts, copied once they are added

    def load(self, graphs: Sequence[GraphSource]) -> LoadReport:
        report = LoadReport()
        self._dataset = Dataset(default_union=True)
        self._plain = None
        with Progress("loading", unit="triples") as progress:
            for source in graphs:
                named = source.read(into=self._dataset.graph(source.name))
                report.loaded[source.name] = len(named)
                progress.advance(len(named), source.name.rsplit("/", 1)[-1])
        return report

    def graphs(self) -> dict[URIRef, int]:
        return {graph_name(g): len(g) for g in sorted(self._dataset.graphs(), key=lambda g: str(g.identifier)) if len(g)}

    def query(
        self,
        text: str,
        bindings: dict[str, Node] | None = None,
        *,
        timeout: float = QUERY_TIMEOUT,
        allow_service: bool = False,
        inferred: bool = False,
    ) -> Result:
        held = self._dataset if inferred else self._without_inferred()
        return run(held, text, bindings, timeout=timeout, allow_service=allow_service)

    def _without_inferred(self) -> Dataset:
        """The dataset without the named graph of inferred facts (itself, when it holds none)."""
        if not len(self._dataset.graph(INFERRED_GRAPH)):
            return self._dataset
        if self._plain is None:
            self._plain = Dataset(default_union=True)
            for named in self._dataset.graphs():
                if graph_name(named) != INFERRED_GRAPH:
                    copy = self._plain.graph(named.identifier)
                    for triple in named:
                        copy.add(triple)
        return self._plain

    def put(self, name: URIRef, graph: Graph) -> None:
        self._dataset.remove_graph(self._dataset.graph(name))
        target = self._dataset.graph(name)
        for triple in graph:
            target.add(triple)
        self._plain = None

    def dataset(self) -> Dataset:
        return self._dataset

    def asserted(self) -> Graph:
        return datasets.asserted(self._dataset)

    def ntriples(self, name: URIRef) -> bytes:
        return "".join(line + "\n" for line in ntriples_lines(self._dataset.graph(name))).encode("utf-8")


def _ox():
    try:
        import pyoxigraph
    except ImportError:
        raise StoreError(
            "the oxigraph store needs pyoxigraph, which hipskg installs: reinstall with pip install hipskg"
        ) from None
    return pyoxigraph


class OxigraphStore(Store):
    """An Oxigraph database: in memory (``path`` None), or on disk in ``path/db`` with ``path/manifest.json``
    recording what each named graph was loaded from, so that a load reads only what changed."""

    engine = "oxigraph"

    def __init__(self, path: Path | None = None, *, wait: float = 0, holder: str = "hipskg") -> None:
        ox = _ox()
        self.path = path
        self._lock = ExitStack()  # on disk: held until close(), a command may reload the store at any time
        if path is None:
            self.spec = "oxigraph"
            self._store = ox.Store()
            return
        self.spec = f"oxigraph:{path}"
        self.persistent = True
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: exists and is not a folder; give a folder for the oxigraph store")
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"{path}: cannot create the oxigraph store: {error.strerror}") from None
        self._lock.enter_context(exclusive(lock_file_of(path), holder=holder, wait=wait))
        try:
            recover([path])  # what a killed command left
            self._store = ox.Store(str(path / "db"))
        except OSError as error:
            self._lock.close()
            raise StoreError(
                f"{path}: cannot open the oxigraph store: {error}; another program (an oxigraph server?) may have it open"
            ) from None
        self._manifest_file = path / "manifest.json"

    @classmethod
    def holding(cls, graphs: Mapping[URIRef, Path]) -> "OxigraphStore":
        """An Oxigraph store in memory holding each named graph of ``graphs`` from its N-Triples file (written by this
        process or another, e.g. the snapshot the query workers of ``hipskg serve`` load)."""
        store = cls()
        ox = _ox()
        for name, path in graphs.items():
            store._store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(name)))
        return store

    def _manifest(self) -> dict[str, dict]:
        if self.path is None or not self._manifest_file.exists():
            return {}
        try:
            return json.loads(self._manifest_file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return {}  # unreadable: everything is reloaded

    def _save_manifest(self, manifest: dict[str, dict]) -> None:
        if self.path is None:
            return
        write_atomically(self._manifest_file, json.dumps(dict(sorted(manifest.items())), indent=1) + "\n")

    def load(self, graphs: Sequence[GraphSource]) -> LoadReport:
        ox = _ox()
        report = LoadReport()
        manifest = self._manifest()
        wanted = {str(source.name): source for source in graphs}
        stats = {name: source.stat_key() for name, source in wanted.items()}
        fingerprints = {
            name: manifest[name]["sha256"] if manifest.get(name, {}).get("stat") == stats[name] else source.fingerprint()
            for name, source in wanted.items()
        }
        stale = sorted(
            name
            for name in manifest
            if name != str(INFERRED_GRAPH) and (name not in wanted or manifest[name]["sha256"] != fingerprints[name])
        )
        fresh = [name for name in wanted if manifest.get(name, {}).get("sha256") != fingerprints[name]]
        if stale or fresh:
            stale.append(str(INFERRED_GRAPH))  # inferred from what changed: no longer true
        # Forget the graphs about to change before touching them, so an interrupted load is redone.
        self._save_manifest({name: entry for name, entry in manifest.items() if name not in stale and name not in fresh})
        for name in stale:
            self._store.remove_graph(ox.NamedNode(name))
            manifest.pop(name, None)
            if name not in wanted and name != str(INFERRED_GRAPH):
                report.removed.append(URIRef(name))
        with Progress("loading", unit="files", total=sum(len(wanted[name].files) for name in fresh)) as progress:
            for name in fresh:
                self._store.remove_graph(ox.NamedNode(name))
            self._load_files([wanted[name] for name in fresh], progress)
        counts = self.graphs() if fresh else {}  # counting reads the whole store: only after a change
        for name in fresh:
            count = counts.get(URIRef(name), 0)
            manifest[name] = {"sha256": fingerprints[name], "triples": count, "files": [str(p) for p in wanted[name].files]}
            report.loaded[URIRef(name)] = count
        touched = False  # a file written again with the same content: its new times are kept for the next load
        for name in wanted:
            if name not in fresh:
                report.kept[URIRef(name)] = manifest[name]["triples"]
            touched |= manifest[name].get("stat") != stats[name]
            manifest[name]["stat"] = stats[name]
        if self.persistent:
            self._store.flush()
        if stale or fresh or touched:
            self._save_manifest(manifest)
        return report

    def _load_files(self, sources: list[GraphSource], progress: Progress) -> None:
        """Load the files of ``sources`` into their named graphs: N-Triples files whose every line is one
        statement ending " .\n" (as hipskg and most tools write them) together as one N-Quads stream (one bulk
        load instead of one per file), other files (comments, CRLF, "x". without a space) one by one."""
        ox = _ox()
        quads = bytearray()
        for source in sources:
            for path in source.files:
                fmt = format_of(path)
                if fmt in QUAD_FORMATS:
                    raise StoreError(f"{path}: a quad file cannot be loaded into the single named graph {source.name}")
                content = path.read_bytes()
                if fmt == "nt" and content.endswith(b" .\n") and content.count(b"\n") == content.count(b" .\n"):
                    # a literal's line breaks are escaped: here " .\n" ends each line's one statement
                    quads += content.replace(b" .\n", f" <{source.name}> .\n".encode())
                else:
                    syntax = getattr(ox.RdfFormat, BY_EXTENSION[path.suffix.lower()].oxigraph)
                    self._bulk_load(path, content, syntax, ox.NamedNode(str(source.name)))
                progress.advance(1, path.name)
        if quads:
            try:
                self._store.bulk_load(bytes(quads), ox.RdfFormat.N_QUADS)
            except (SyntaxError, ValueError, OSError):
                self._name_bad_file(sources)  # the stream mixes files: say which one is broken
                raise

    def _bulk_load(self, path: Path, content: bytes, fmt: object, graph: object) -> None:
        try:
            self._store.bulk_load(content, fmt, to_graph=graph)
        except (SyntaxError, ValueError, OSError) as error:
            raise _unloadable(path, error) from None

    @staticmethod
    def _name_bad_file(sources: list[GraphSource]) -> None:
        ox = _ox()
        for source in sources:
            for path in source.files:
                if format_of(path) == "nt":
                    try:
                        for _ in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES):
                            pass
                    except SyntaxError as error:
                        raise _unloadable(path, error) from None

    def graphs(self) -> dict[URIRef, int]:
        solutions = self._store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
        return {URIRef(row["g"].value): int(row["n"].value) for row in solutions}

    def query(
        self,
        text: str,
        bindings: dict[str, Node] | None = None,
        *,
        timeout: float = QUERY_TIMEOUT,
        allow_service: bool = False,
        inferred: bool = False,
    ) -> Result:
        bound = with_values(text, bindings or {})
        if not allow_service:
            refuse_service(bound)
        graphs = self._default_graph(inferred)
        form = query_form(bound)
        try:
            return within(lambda: self._result(prologue() + bound, form, graphs), timeout)
        except QueryError as error:
            if isinstance(error.__cause__, SyntaxError):
                raise QueryError(syntax_error(str(error.__cause__), bound)) from None
            raise

    def _default_graph(self, inferred: bool) -> list[Any] | None:
        """The named graphs a query reads (merged as its default graph, and by GRAPH patterns): None for all of them
        (Oxigraph's union, the fastest), else every one but the inferred facts."""
        names = self.graph_names()
        if inferred or INFERRED_GRAPH not in names:
            return None
        ox = _ox()
        return [ox.NamedNode(str(name)) for name in names if name != INFERRED_GRAPH]

    def _result(self, text: str, form: str, graphs: list[Any] | None) -> Result:
        if graphs is None:
            answer = self._store.query(text, use_default_graph_as_union=True)
        else:
            answer = self._store.query(text, default_graph=graphs, named_graphs=graphs)
        if form == "ASK":
            result = Result("ASK")
            result.askAnswer = bool(answer)
            return result
        if form in ("CONSTRUCT", "DESCRIBE"):
            result = Result(form)
            result.graph = Graph()
            for triple in answer:
                result.graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
            return result
        result = Result("SELECT")
        names = [variable.value for variable in answer.variables]
        result.vars = [Variable(name) for name in names]
        result.bindings = [
            {
                variable: to_rdflib(solution[name])
                for variable, name in zip(result.vars, names, strict=True)
                if solution[name] is not None
            }
            for solution in answer
        ]
        return result

    def put(self, name: URIRef, graph: Graph) -> None:
        ox = _ox()
        self._store.remove_graph(ox.NamedNode(str(name)))
        self._store.load(turtle(graph).encode("utf-8"), ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(name)))
        self._store.flush()
        manifest = self._manifest()
        manifest[str(name)] = {"sha256": "", "triples": len(graph), "files": []}
        self._save_manifest(manifest)

    def ntriples(self, name: URIRef) -> bytes:
        return self.dump(name)

    def turtle(self, names: Sequence[URIRef]) -> str:
        return turtle_of_store_triples(self.statements(names))

    def dump(self, name: URIRef | None = None) -> bytes:
        """N-Quads of the whole store, or N-Triples of one named graph (fast: no rdflib on the way)."""
        ox = _ox()
        if name is None:
            return self._store.dump(format=ox.RdfFormat.N_QUADS)
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(name)))

    def graph_names(self, timeout: float = QUERY_TIMEOUT) -> list[URIRef]:
        """The names of the named graphs, without counting their statements (a count reads the whole store)."""
        return sorted(URIRef(name.value) for name in self._store.named_graphs())

    def statements(self, names: Iterable[URIRef]) -> Iterator[Any]:
        """The pyoxigraph quads of the named graphs ``names``: for writers that need no rdflib terms."""
        ox = _ox()
        for name in names:
            yield from self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))

    def dataset(self) -> Dataset:
        copy = Dataset(default_union=True)
        copy.parse(data=self.dump(), format="nquads")
        return copy

    def close(self) -> None:
        """Flush and release the database and its lock (another process may then open it); closing twice is harmless."""
        if hasattr(self, "_store"):
            if self.persistent:
                self._store.flush()
            del self._store
        self._lock.close()


def _unloadable(path: Path, error: Exception) -> Exception:
    """The error to report for a file Oxigraph refused: hipskg's own reading of it names the line, column and fix
    (an IRI with a space, a bad character) where Oxigraph's parser words it its own way."""
    try:
        read_graph(path)
    except HipskgError as precise:
        if re.match(rf"{re.escape(str(path))}:\d+:\d+: ", str(precise)):  # file:line:column: what is wrong and the fix
            return precise
    return StoreError(f"{path}: cannot load into the oxigraph store: {error}")


@dataclass(frozen=True)
class Upload:
    """A named graph to send to a server: its content's fingerprint, and how to read it (only when it is sent)."""

    name: URIRef
    fingerprint: str
    read: Callable[[], Graph]


def content_fingerprint(graph: Graph) -> str:
    """SHA-256 over a graph's sorted N-Triples lines: the same for the same triples, however they were read."""
    digest = hashlib.sha256()
    for line in sorted(ntriples_lines(graph)):
        digest.update(line.encode("utf-8") + b"\n")
    return "nt-sha256:" + digest.hexdigest()


def _record(store_url: str, credentials: endpoint.Credentials, timeout: float) -> dict[URIRef, tuple[str, int]]:
    """What hipskg loaded into the server's named graphs: each graph's fingerprint and triples (kept on the server in
    the graph STORE_RECORD_GRAPH, so that the next load or push from any machine sends only what changed)."""
    text = endpoint.get_graph(store_url, STORE_RECORD_GRAPH, credentials=credentials, timeout=timeout)
    record = Graph().parse(data=text, format="nt")
    return {
        URIRef(str(graph)): (str(version), int(str(record.value(graph, VOID.triples) or 0)))
        for graph, version in record.subject_objects(DCTERMS.hasVersion)
    }


def _write_record(
    store_url: str, record: dict[URIRef, tuple[str, int]], credentials: endpoint.Credentials, timeout: float
) -> None:
    graph = Graph()
    for name, (version, triples) in record.items():
        graph.add((name, DCTERMS.hasVersion, Literal(version)))
        graph.add((name, VOID.triples, Literal(triples)))
    endpoint.put_graph(store_url, STORE_RECORD_GRAPH, graph, credentials=credentials, timeout=timeout)


def synchronise(
    store_url: str,
    uploads: Sequence[Upload],
    credentials: endpoint.Credentials,
    held: dict[URIRef, int] | None = None,
    *,
    timeout: float = TRANSFER_TIMEOUT,
) -> LoadReport:
    """Make the server (its Graph Store Protocol endpoint) hold exactly the named graphs of ``uploads``: each sent
    unless the server's record says it holds that content already (and, when ``held`` gives the server's own counts,
    the triples recorded); graphs recorded or held and not wanted are deleted, and the inferred facts with them when
    anything changed (kept otherwise: they are still true, ready for the next query that asks)."""
    record = _record(store_url, credentials, timeout)
    counts = held or {}
    wanted = {upload.name for upload in uploads}
    fresh = [
        upload
        for upload in uploads
        if upload.name not in record
        or record[upload.name][0] != upload.fingerprint
        or (held is not None and counts.get(upload.name) != record[upload.name][1])
    ]
    stale = sorted((set(record) | set(counts)) - wanted - {INFERRED_GRAPH})
    if (fresh or stale) and INFERRED_GRAPH not in wanted:
        stale.append(INFERRED_GRAPH)
    # Forget the graphs about to change before touching them, so that an interrupted load is redone.
    changing = {upload.name for upload in fresh}
    kept = {name: entry for name, entry in record.items() if name in wanted and name not in changing}
    if fresh or stale:
        _write_record(store_url, kept, credentials, timeout)
    report = LoadReport(kept={name: triples for name, (_, triples) in kept.items()})
    with Progress("loading", unit="triples") as progress:
        for upload in fresh:
            graph = upload.read()
            endpoint.put_graph(store_url, upload.name, graph, credentials=credentials, timeout=timeout)
            report.loaded[upload.name] = len(graph)
            kept[upload.name] = (upload.fingerprint, len(graph))
            progress.advance(len(graph), upload.name.rsplit("/", 1)[-1])
    for name in stale:
        endpoint.delete_graph(store_url, name, credentials=credentials, timeout=timeout)
        if name != INFERRED_GRAPH:
            report.removed.append(name)
    if fresh or stale:
        _write_record(store_url, kept, credentials, timeout)
    return report


def push(store_url: str, dataset: Dataset, credentials: endpoint.Credentials, *, timeout: float = TRANSFER_TIMEOUT) -> LoadReport:
    """Make the server hold exactly the dataset's named graphs (``hipskg push``), sending only those that changed."""
    graphs = sorted((g for g in dataset.graphs() if len(g) and isinstance(g.identifier, URIRef)), key=lambda g: str(g.identifier))
    uploads = [Upload(graph_name(g), content_fingerprint(g), lambda g=g: g) for g in graphs]  # type: ignore[misc]
    return synchronise(store_url, uploads, credentials, timeout=timeout)


# The project's named graphs on a server that may hold others (Virtuoso's own, another project's).
_NAMES = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), STR(hipsg:))) } ORDER BY ?g"
_SIZES = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), STR(hipsg:))) } GROUP BY ?g ORDER BY ?g"
)


class EndpointStore(Store):
    """A SPARQL 1.1 server: queries to its query endpoint, loads through its Graph Store Protocol endpoint.
    Queries name their dataset (the project's named graphs; the inferred facts only when asked), so the server's own
    default graph, union or not, is never read; a server holding none of the project's graphs is queried as it is."""

    engine = "endpoint"

    def __init__(self, query_url: str, store_url: str | None, credentials: endpoint.Credentials) -> None:
        self.query_url, self.credentials = endpoint.located(query_url, credentials)
        self._store_url = store_url
        self.spec = f"endpoint:{self.query_url}"  # shown in messages: the password is not in the URL
        self._names: list[URIRef] | None = None  # the project's named graphs held, read at the first query
        self._software: str | None = None  # the server's name, for the parameter that stops a query on it

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint, needed to load, replace or read a named graph (not to query)."""
        found = self._store_url or _store_url(self.query_url, self.software)
        if found is None:
            raise StoreError(
                f"endpoint:{self.query_url}: cannot tell its Graph Store Protocol URL; give both as endpoint:QUERY_URL|STORE_URL"
            )
        return endpoint.located(found, self.credentials)[0]

    def software(self, timeout: float = QUERY_TIMEOUT) -> str:
        """What the server says it is (asked once, waiting up to ``timeout`` seconds)."""
        if self._software is None:
            self._software = endpoint.server_software(self.query_url, credentials=self.credentials, timeout=timeout)
        return self._software

    def load(self, graphs: Sequence[GraphSource]) -> LoadReport:
        uploads = [Upload(source.name, "sha256:" + source.fingerprint(), source.read) for source in graphs]
        report = synchronise(self.store_url, uploads, self.credentials, held=self.graphs())
        self._names = None
        return report

    def graphs(self) -> dict[URIRef, int]:
        return {URIRef(row.g): int(row.n) for row in self._table(_SIZES)}

    def graph_names(self, timeout: float = QUERY_TIMEOUT) -> list[URIRef]:
        if self._names is None:
            self._names = [URIRef(row.g) for row in self._table(_NAMES, timeout)]
        return self._names

    def _table(self, text: str, timeout: float = QUERY_TIMEOUT) -> list[Any]:
        """The rows of a SELECT over the server's own dataset; an answer of another kind names the server."""
        result = self._ask(text, QueryDataset(), timeout=timeout)
        if result.type != "SELECT":
            raise endpoint.EndpointError(
                f"{self.query_url}: gave an answer of kind {result.type} to a SELECT: is it a SPARQL endpoint?"
            )
        return solutions(result)

    def query(
        self,
        text: str,
        bindings: dict[str, Node] | None = None,
        *,
        timeout: float = QUERY_TIMEOUT,
        allow_service: bool = False,
        inferred: bool = False,
    ) -> Result:
        names = self.graph_names(timeout)
        read = [name for name in names if inferred or name != INFERRED_GRAPH]
        return self._ask(text, QueryDataset(read, read), bindings, timeout=timeout)

    def _ask(
        self, text: str, dataset: QueryDataset, bindings: dict[str, Node] | None = None, *, timeout: float = QUERY_TIMEOUT
    ) -> Result:
        limit = endpoint.limit_parameters(self.software(timeout), timeout)
        return endpoint.query(
            self.query_url, text, bindings, timeout=timeout, credentials=self.credentials, dataset=dataset, limit=limit
        )

    def put(self, name: URIRef, graph: Graph) -> None:
        endpoint.put_graph(self.store_url, name, graph, credentials=self.credentials)
        self._names = None

    def refresh(self, data_dir: Path) -> None:
        """A server is loaded only by ``hipskg load``: other commands query what it holds."""

    def ntriples(self, name: URIRef) -> bytes:
        """The named graph as the server writes it (Virtuoso separates terms with tabs, upper-cases language tags),
        rewritten by Oxigraph: the same bytes as a local store's for the same statements."""
        ox = _ox()
        written = endpoint.get_graph(self.store_url, name, credentials=self.credentials)
        return ox.serialize(ox.parse(written, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES) or b""

    def dataset(self) -> Dataset:
        copy = Dataset(default_union=True)
        for name in self.graph_names():
            copy.graph(name).parse(data=self.ntriples(name), format="nt")
        return copy


def _store_url(query_url: str, software: Callable[[], str]) -> str | None:
    """The Graph Store Protocol endpoint next to a query endpoint (Oxigraph /query → /store, Virtuoso /sparql →
    /sparql-graph-crud, Fuseki /sparql → /data; the server is asked what it is only for /sparql)."""
    base, _, last = query_url.rpartition("/")
    if last == "query":
        return f"{base}/store"
    if last == "sparql":
        return f"{base}/{'sparql-graph-crud' if software().startswith('Virtuoso') else 'data'}"
    return None


def open_store(
    spec: str,
    credentials: endpoint.Credentials | None = None,
    *,
    wait: float = 0,
    holder: str = "hipskg",
) -> Store:
    """The store named by ``spec``: oxigraph (the default) or memory (both Oxigraph in memory), oxigraph:PATH,
    rdflib or endpoint:URL[|STORE_URL]. A store on disk is locked for the caller (``holder``), who waits up to
    ``wait`` seconds for another."""
    kind, _, where = spec.partition(":")
    if spec in ("oxigraph", "memory"):
        return OxigraphStore()
    if spec == "rdflib":
        return RdflibStore()
    if kind == "oxigraph" and where:
        return OxigraphStore(Path(where), wait=wait, holder=holder)
    if kind == "endpoint" and where.startswith(("http://", "https://")):
        query_url, _, store_url = where.partition("|")
        return EndpointStore(query_url, store_url or None, credentials or endpoint.Credentials.from_environment())
    raise StoreError(
        f"--store {spec!r}: expected one of {', '.join(KINDS)} (e.g. oxigraph:.hipskg/store or "
        "endpoint:http://127.0.0.1:7878/query)"
    )


def configured(option: str | None, project_store: str | None = None) -> str:
    """The store to use: --store, else HIPSKG_STORE, else the project's ``store = "..."`` (hipskg.toml, see
    :mod:`hipskg.project`), else Oxigraph in memory."""
    return option or os.environ.get("HIPSKG_STORE") or project_store or "oxigraph"
