"""Publishing a new ingest: nothing reaches data/ unless the whole candidate graph conforms.

sources → ingest (parse) → candidate dataset (new graphs + curated data) → validate, and compare the
results with those of the published data (or a --baseline) → gate (violations always; warnings or
infos new since the baseline with --fail-on) → guard against shrinking → write. The data folder is
locked for the whole publication: a second ingest waits or stops, and the files it replaces are
checked to be the ones it validated against.
"""

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SKOS

from hipskg import dataset
from hipskg.defaults import MAX_SHRINK
from hipskg.diff import Review, compare
from hipskg.errors import HipskgError
from hipskg.ingest.run import IngestResult, prepare, write_files
from hipskg.lock import exclusive, lock_file_of
from hipskg.namespaces import HIPS, LABELS_GRAPH, ONTOLOGY_GRAPH, TOMBSTONES_GRAPH, compact
from hipskg.rdfio import graph_name, recover
from hipskg.store import sources
from hipskg.validate import NotConforming, Report, Result, baseline, validate
from hipskg.validate.report import Entry, Sources, level, sources_in


class Rejected(NotConforming):
    """The candidate graph has SHACL violations; nothing was written."""


class Gated(Rejected):
    """The candidate conforms, but has results at or above the --fail-on level new since the baseline; nothing was
    written. ``failing`` are those results, ``sources`` where their focus nodes came from."""

    def __init__(self, message: str, report: Report, checked: Dataset, failing: tuple[Result, ...], sources: Sources):
        super().__init__(message, report, checked)
        self.failing = failing
        self.sources = sources


@dataclass(frozen=True)
class Shrinkage:
    """The entities a named graph would lose: typed subjects of the published graph the new one lacks."""

    graph: URIRef
    source: str  # the file name of the source document the graph is read from ("" for a curated graph)
    entities: int  # in the published graph
    gone: tuple[tuple[URIRef, str], ...]  # each with its label

    def text(self) -> str:
        heading = f"{compact(self.graph)} would lose {len(self.gone):,} of its {self.entities:,} entities ({len(self.gone) / self.entities:.1%}):"
        return "\n".join([heading] + [f"  - {compact(entity)}  {label}".rstrip() for entity, label in self.gone])


class Shrinking(HipskgError):
    """The new edition would remove more of a graph's entities than allowed; nothing was written."""

    def __init__(self, message: str, shrinkages: list[Shrinkage]) -> None:
        super().__init__(message)
        self.shrinkages = shrinkages


class ChangedMeanwhile(HipskgError):
    """A file of the data folder changed while the publication was being checked; nothing was written."""


@dataclass(frozen=True)
class Gate:
    """What refuses a publication besides violations: results at or above ``level`` ("violation", "warning" or
    "info") new since the ``baseline`` (a data or release folder; None: the published data), or with ``every`` all
    of them, whatever an earlier edition held."""

    level: str = "violation"
    baseline: Path | None = None
    every: bool = False

    def baseline_name(self) -> str:
        return "the published data" if self.baseline is None else f"the baseline {self.baseline}"


@dataclass(frozen=True)
class Settings:
    engine: str | None
    max_shrink: float | None
    gate: Gate
    all_duplicates: bool


@dataclass(frozen=True)
class Publication:
    result: IngestResult
    report: Report
    review: Review  # against what data/ held before, with the possible duplicates of the new edition
    written: bool
    comparison: baseline.Comparison  # the report's results against the baseline's
    baseline: baseline.Baseline  # the published data (what data/ held before), or the --baseline given
    sources: Sources  # where the focus nodes of the report's results came from
    gate: Gate  # what the publication was checked against

    @property
    def baseline_name(self) -> str:
        return self.gate.baseline_name()

    def entries(self) -> list[Entry]:
        """The results new since the baseline, those gone and those that stay, each with its sources."""
        return self.comparison.entries(self.sources, self.baseline.sources)


def publish(
    sources_dir: Path,
    data_dir: Path,
    *,
    dry_run: bool = False,
    engine: str | None = None,
    wait: float = 0,
    max_shrink: float | None = MAX_SHRINK,
    gate: Gate | None = None,
    all_duplicates: bool = False,
) -> Publication:
    """Ingest, validate the candidate together with the curated data, and write only if it conforms, passes the
    ``gate`` (default: violations only, against the published data) and loses at most ``max_shrink`` of any graph's
    entities (None: no limit). A dry run writes nothing and takes no lock. The review lists the possible duplicates
    the edition brings, or all of them with ``all_duplicates``."""
    settings = Settings(engine, max_shrink, gate or Gate(), all_duplicates)
    if dry_run:
        return _checked(sources_dir, data_dir, settings, write=False)
    with exclusive(lock_file_of(data_dir), holder="hipskg ingest", wait=wait):
        recover(dataset.generated_folders(data_dir))  # what a killed ingest left
        return _checked(sources_dir, data_dir, settings, write=True)


def _checked(sources_dir: Path, data_dir: Path, settings: Settings, *, write: bool) -> Publication:
    read = _fingerprints(data_dir)
    result = prepare(sources_dir, data_dir)
    candidate = dataset.load(data_dir, generated=result.graphs)
    report = validate(dataset.union(candidate), ontology=candidate.graph(ONTOLOGY_GRAPH), engine=settings.engine)
    if not report.conforms:
        raise Rejected("the new graph does not conform to the shapes: nothing in data/ was changed", report, candidate)
    changed = bool(result.changed or result.removed)
    # what data/ holds now, its generated files as the ingest read them (one that does not parse is being replaced)
    published = dataset.load(data_dir, generated=result.previous) if changed else candidate
    files = dataset.graph_files(data_dir)
    earlier = _baseline(settings.gate, data_dir, published, files, report, changed=changed)
    comparison = baseline.compare(report, earlier.report)
    sources = sources_in(candidate, files, {r.focus for r in report.results})
    refused = baseline.failing(report, settings.gate.level, None if settings.gate.every else comparison)
    if refused:
        raise Gated(_gated_message(refused, settings.gate), report, candidate, refused, sources)
    if settings.max_shrink is not None:
        _refuse_shrinking(sources_dir, published, candidate, settings.max_shrink)
    review = (compare(published, candidate) if changed else Review()).with_duplicates(
        result.duplicates, every=settings.all_duplicates
    )
    if write:
        if _fingerprints(data_dir) != read:
            raise ChangedMeanwhile(
                f"{data_dir}: its files changed while the new edition was being checked (edited by hand?): "
                "nothing was written; run the ingest again"
            )
        write_files(result)
    return Publication(result, report, review, write, comparison, earlier, sources, settings.gate)


def _baseline(
    gate: Gate, data_dir: Path, published: Dataset, files: dict[URIRef, list[Path]], report: Report, *, changed: bool
) -> baseline.Baseline:
    """The baseline validated as ``report`` was (the same engine): the --baseline folder, else the published data,
    whose report is ``report`` itself when the ingest ``changed`` no file."""
    if gate.baseline is not None:
        return baseline.validated(gate.baseline, engine=report.engine)
    if changed:
        report = validate(dataset.union(published), ontology=published.graph(ONTOLOGY_GRAPH), engine=report.engine)
    return baseline.Baseline(data_dir, report, sources_in(published, files, {r.focus for r in report.results}))


def _gated_message(refused: tuple[Result, ...], gate: Gate) -> str:
    since = "" if gate.every else f" new since {gate.baseline_name()}"
    levels = ", ".join(sorted({level(r.severity) for r in refused}))
    return (
        f"{len(refused)} result{'s' if len(refused) != 1 else ''} ({levels}){since} at --fail-on {gate.level}: "
        "nothing in data/ was changed; mend the source or the curated data, or give --fail-on violation to publish with them"
    )


def _fingerprints(data_dir: Path) -> dict[URIRef, str]:
    """A checksum of each named graph's files in the data folder: changes when any file does."""
    return {source.name: source.fingerprint() for source in sources(data_dir, ontology=False)}


def _refuse_shrinking(sources_dir: Path, published: Dataset, candidate: Dataset, max_shrink: float) -> None:
    shrinkages = [
        shrinkage for shrinkage in _shrinkages(published, candidate) if len(shrinkage.gone) > max_shrink * shrinkage.entities
    ]
    if shrinkages:
        worst = max(shrinkages, key=lambda s: len(s.gone) / s.entities)
        where = f"{sources_dir / worst.source}: " if worst.source else ""
        raise Shrinking(
            f"{where}the new edition would remove {len(worst.gone):,} of the {worst.entities:,} entities of "
            f"{compact(worst.graph)} ({len(worst.gone) / worst.entities:.1%}; at most {max_shrink:.1%} may go"
            f"{f', and {len(shrinkages) - 1} more graphs shrink' if len(shrinkages) > 1 else ''}): nothing was "
            "written; check that the source is complete (a truncated file loses entities), or give --allow-shrink "
            "if the entities left it",
            shrinkages,
        )


def _shrinkages(published: Dataset, candidate: Dataset) -> list[Shrinkage]:
    """Every named graph of the published data that would lose entities (the display labels and the tombstones aside:
    a tombstone is no entity a graph keeps, and a renamed entity counts as lost: a source cut mid-name looks renamed)."""
    found = []
    for old in sorted(published.graphs(), key=lambda g: str(g.identifier)):
        if old.identifier in (ONTOLOGY_GRAPH, LABELS_GRAPH, TOMBSTONES_GRAPH):
            continue
        before = _entities(old)
        gone = before - _entities(candidate.graph(old.identifier))
        if gone:
            labels = {entity: str(published.value(entity, SKOS.prefLabel) or "") for entity in gone}  # display labels: any graph
            source = str(next(old.objects(None, HIPS.fileName), ""))  # of the graph's hips:SourceFile (see ingest.run)
            found.append(Shrinkage(graph_name(old), source, len(before), tuple(sorted(labels.items()))))
    return found


def _entities(graph: Graph) -> set[URIRef]:
    return {subject for subject in graph.subjects(RDF.type, None) if isinstance(subject, URIRef)}
