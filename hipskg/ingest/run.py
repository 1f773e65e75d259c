"""The ingest step: source files in, one Turtle file per named graph out.

Every file in the sources directory must be recognised by exactly one parser (by its layout,
never its name). Parsers run in a fixed order (the procedures manual first, so that the names of
numbered procedures are known when other sources refer to them). Output is written only when
every source parsed, each file atomically, and a file whose content is unchanged is left as it
is, ingestion time included, so re-running an ingest changes nothing.

Beside the source graphs and the display labels, the ingest keeps ``tombstones.ttl``: the published
IRIs whose entities left the sources (:mod:`hipskg.ingest.identity`), and reports the pairs of
entities that may be duplicates (:mod:`hipskg.ingest.duplicates`), both as the steward's curated
decisions say (:mod:`hipskg.ingest.decisions`).
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from hipskg.errors import HipskgError
from hipskg.ingest import arrangements, brochure, decisions, manual, policies, procedure_page
from hipskg.ingest.builder import LabelBook, Resolver, SourceGraph
from hipskg.ingest.characters import first_bad_character
from hipskg.ingest.duplicates import Duplicate, near_duplicates
from hipskg.ingest.identity import Edition, Tombstone, read_tombstones, retire, tombstones_graph
from hipskg.ingest.layout import DocumentInfo, SourceFormatError
from hipskg.ingest.names import key, slug
from hipskg.namespaces import GRAPH, HIPS, ID, LABELS_GRAPH, SCHEMA, graph_of
from hipskg.rdfio import GraphFileError, merged, read_graph, replace_all, turtle

PARSERS: tuple[ModuleType, ...] = (manual, brochure, arrangements, procedure_page, policies)
TOMBSTONES_FILE = "tombstones.ttl"
SOFTWARE = ID["software/hipskg"]


class IngestError(HipskgError):
    """A source could not be ingested; the message is one line naming the file (and line)."""


@dataclass(frozen=True)
class Source:
    path: Path
    text: str
    parser: ModuleType
    info: DocumentInfo

    @property
    def graph_iri(self) -> URIRef:
        return GRAPH[self.info.slug]


@dataclass
class IngestResult:
    """What an ingest produced: the graphs by file, and which files changed."""

    graphs: dict[Path, Graph] = field(default_factory=dict)  # data/sources/X.ttl, data/labels.ttl, data/tombstones.ttl
    texts: dict[Path, str] = field(default_factory=dict)  # the Turtle each file would hold
    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    previous: dict[Path, Graph] = field(default_factory=dict)  # the generated files as they were (those that parse)
    tombstones: dict[URIRef, Tombstone] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)


def read_text(path: Path) -> str:
    """The file's text, refusing invalid UTF-8, characters a source may not hold (see
    :mod:`hipskg.ingest.characters`) and empty files with a message naming the place."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark is not part of the text
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise IngestError(f"{path}:{line}: invalid UTF-8 (byte {error.start}): save the file as UTF-8") from None
    bad = first_bad_character(text)
    if bad is not None:
        raise IngestError(f"{path}:{bad.line}:{bad.column}: {bad.reason}")
    if not text.strip():
        raise IngestError(f"{path}: empty file: expected one of the source layouts ({_layout_names()})")
    return text


def _layout_names() -> str:
    return ", ".join(parser.LAYOUT for parser in PARSERS)


def recognise(path: Path) -> Source:
    """Read a source file and pick the one parser whose layout it has."""
    text = read_text(path)
    matches = [parser for parser in PARSERS if parser.detect(text)]
    if not matches:
        raise IngestError(f"{path}: unrecognised layout: expected one of {_layout_names()}")
    if len(matches) > 1:
        names = ", ".join(parser.LAYOUT for parser in matches)
        raise IngestError(f"{path}: ambiguous layout: matches {names}")
    parser = matches[0]
    try:
        return Source(path, text, parser, parser.describe(text))
    except SourceFormatError as error:
        raise IngestError(f"{path}:{error.line}: {error.reason}") from None


def find_sources(directory: Path) -> list[Source]:
    """Every source file (``*.txt``) of ``directory``, recognised, in parse order."""
    if not directory.is_dir():
        raise IngestError(f"{directory}: not a directory: give the folder holding the source documents")
    paths = sorted(p for p in directory.glob("*.txt") if p.is_file())
    if not paths:
        raise IngestError(f"{directory}: no source documents (*.txt) found")
    sources = [recognise(path) for path in paths]
    first_of: dict[str, Source] = {}
    for source in sources:
        earlier = first_of.setdefault(source.info.slug, source)
        if earlier is not source:
            raise IngestError(
                f"{source.path}: same document as {earlier.path.name} ({source.info.slug!r}): keep one edition per document"
            )
    order = {parser: position for position, parser in enumerate(PARSERS)}
    return sorted(sources, key=lambda source: (order[source.parser], source.path.name))


def load_curated(data_dir: Path) -> dict[Path, Graph]:
    """Each curated Turtle file under ``data_dir/curated``: names the resolver must know before parsing, and the
    steward's decisions."""
    curated = {}
    for path in sorted((data_dir / "curated").glob("*.ttl")):
        try:
            curated[path] = read_graph(path)
        except GraphFileError as error:
            raise IngestError(str(error)) from None
    return curated


def _describe(source: Source, out: SourceGraph, ingested: datetime) -> None:
    """PROV-O description of the source document, its file, and the activity that read it."""
    info, graph = source.info, out.graph
    file_iri = ID[f"source-file/{slug(key(source.path.name))}"]
    activity = ID[f"ingest/{info.slug}"]
    graph.add((out.iri, RDF.type, HIPS.SourceDocument))
    graph.add((out.iri, DCTERMS.title, Literal(info.title, lang="en")))
    graph.add((out.iri, SKOS.prefLabel, Literal(info.title, lang="en")))
    graph.add((out.iri, HIPS.layout, Literal(source.parser.LAYOUT)))
    graph.add((out.iri, PROV.wasDerivedFrom, file_iri))
    graph.add((out.iri, PROV.wasGeneratedBy, activity))
    if info.issued is not None:
        graph.add((out.iri, DCTERMS.issued, Literal(info.issued, datatype=XSD.date)))
    if info.edition is not None:
        graph.add((out.iri, SCHEMA.version, Literal(info.edition)))
    graph.add((file_iri, RDF.type, HIPS.SourceFile))
    graph.add((file_iri, HIPS.fileName, Literal(source.path.name)))
    graph.add((file_iri, HIPS.sha256, Literal(hashlib.sha256(source.text.encode("utf-8")).hexdigest())))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.used, file_iri))
    graph.add((activity, PROV.wasAssociatedWith, SOFTWARE))
    graph.add((activity, HIPS.parserVersion, Literal(f"{source.parser.LAYOUT}/{source.parser.VERSION}")))
    graph.add((activity, PROV.endedAtTime, Literal(ingested.isoformat(), datatype=XSD.dateTime)))
    graph.add((SOFTWARE, RDF.type, PROV.SoftwareAgent))


def parse_sources(sources: list[Source], resolver: Resolver, labels: LabelBook, now: datetime) -> list[SourceGraph]:
    graphs = []
    for source in sources:
        out = SourceGraph(source.graph_iri, resolver, labels)
        try:
            source.parser.parse(source.text, out, resolver)
        except SourceFormatError as error:
            raise IngestError(f"{source.path}:{error.line}: {error.reason}") from None
        out.settle_types()
        _describe(source, out, now)
        graphs.append(out)
    return graphs


def _labels_graph(labels: LabelBook, graphs: list[SourceGraph], now: datetime) -> Graph:
    graph = labels.graph(LABELS_GRAPH)
    graph.add((LABELS_GRAPH, RDF.type, PROV.Entity))
    graph.add((LABELS_GRAPH, DCTERMS.title, Literal("Display labels reconciled across the sources", lang="en")))
    for source_graph in graphs:
        graph.add((LABELS_GRAPH, PROV.wasDerivedFrom, source_graph.iri))
    graph.add((LABELS_GRAPH, PROV.generatedAtTime, Literal(now.isoformat(), datatype=XSD.dateTime)))
    return graph


_TIMESTAMPS = (PROV.endedAtTime, PROV.generatedAtTime)


def _keep_earlier_timestamp(graph: Graph, path: Path, old: Graph | None) -> str:
    """Turtle for ``graph``; if the file on disk (parsed: ``old``) differs only in its ingestion time, that file's text."""
    new_text = turtle(graph)
    if old is None:
        return new_text
    candidate = Graph()
    for s, p, o in graph:
        candidate.add((s, p, o))
    for predicate in _TIMESTAMPS:
        for subject, _, value in old.triples((None, predicate, None)):
            if (subject, predicate, None) in candidate:
                candidate.remove((subject, predicate, None))
                candidate.add((subject, predicate, value))
    old_text = turtle(candidate)
    return old_text if path.read_bytes() == old_text.encode("utf-8") else new_text


def _previous(data_dir: Path) -> dict[Path, Graph]:
    """The generated files of ``data_dir`` as they are, each parsed; one that does not parse is being replaced."""
    found = {}
    for path in [*sorted((data_dir / "sources").glob("*.ttl")), data_dir / "labels.ttl", data_dir / TOMBSTONES_FILE]:
        try:
            found[path] = read_graph(path)
        except (GraphFileError, OSError):
            continue
    return found


def _edition(*files: dict[Path, Graph]) -> Edition:
    """The named graphs of some data files as one edition (a source's parsed and curated files are one graph)."""
    named: dict[URIRef, list[Graph]] = {}
    for group in files:
        for path, graph in group.items():
            named.setdefault(graph_of(path), []).append(graph)
    return Edition({name: graphs[0] if len(graphs) == 1 else merged(graphs) for name, graphs in named.items()})


def _settle(result: IngestResult, path: Path, graph: Graph) -> None:
    """Record ``graph`` as the new content of ``path``, changed or not (unchanged: the file as it is, ingestion time
    included)."""
    result.texts[path] = _keep_earlier_timestamp(graph, path, result.previous.get(path))
    unchanged = path.exists() and path.read_bytes() == result.texts[path].encode("utf-8")
    result.graphs[path] = result.previous.get(path, graph) if unchanged else graph
    (result.unchanged if unchanged else result.changed).append(path)


def prepare(
    sources_dir: Path,
    data_dir: Path,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC).replace(microsecond=0),
) -> IngestResult:
    """Parse every source of ``sources_dir`` into the files ``data_dir`` would hold, writing nothing.

    Raises IngestError if any source cannot be read or parsed, or a curated decision cannot stand.
    """
    sources = find_sources(sources_dir)
    curated = load_curated(data_dir)
    try:
        chosen = decisions.read(curated)
    except decisions.DecisionError as error:
        raise IngestError(str(error)) from None
    resolver = Resolver(merged(curated.values()))
    labels = LabelBook(resolver)
    moment = now()
    parsed = parse_sources(sources, resolver, labels, moment)
    result = IngestResult(previous=_previous(data_dir))
    for out in parsed:
        _settle(result, data_dir / "sources" / f"{out.iri[len(GRAPH) :]}.ttl", out.graph)
    _settle(result, data_dir / "labels.ttl", _labels_graph(labels, parsed, moment))
    result.removed.extend(sorted(set((data_dir / "sources").glob("*.ttl")) - set(result.texts)))
    tombstones_file = data_dir / TOMBSTONES_FILE
    after = _edition(result.graphs, curated)
    before = _edition(result.previous, curated) if result.changed or result.removed else None
    kept = read_tombstones(result.previous.get(tombstones_file))
    result.tombstones = retire(kept, before, after, chosen, resolver, moment)
    try:
        decisions.check(chosen, set(after.live), set(result.tombstones), after.spellings)
    except decisions.DecisionError as error:
        raise IngestError(str(error)) from None
    if result.tombstones or tombstones_file.exists():
        _settle(result, tombstones_file, tombstones_graph(result.tombstones))
    result.duplicates = near_duplicates(after, chosen)
    return result


def write_files(result: IngestResult) -> None:
    """Replace the changed files and remove generated files no source produces (see rdfio.replace_all)."""
    replace_all({path: result.texts[path] for path in result.changed}, tuple(result.removed))


def ingest(
    sources_dir: Path,
    data_dir: Path,
    *,
    write: bool = True,
    now: Callable[[], datetime] = lambda: datetime.now(UTC).replace(microsecond=0),
) -> IngestResult:
    """:func:`prepare`, then (when ``write``) :func:`write_files`: the ingest without the publication gate."""
    result = prepare(sources_dir, data_dir, now=now)
    if write:
        write_files(result)
    return result
