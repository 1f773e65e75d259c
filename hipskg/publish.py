"""Publishing a new ingest: nothing reaches data/ unless the whole candidate graph conforms.

sources → ingest (parse) → candidate dataset (new graphs + curated data) → validate → write.
"""

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, URIRef

from hipskg import dataset
from hipskg.diff import GraphChange, compare
from hipskg.ingest.run import IngestResult, prepare, write_files
from hipskg.namespaces import ONTOLOGY_GRAPH
from hipskg.rdfio import GraphFileError
from hipskg.validate import NotConforming, Report, validate


class Rejected(NotConforming):
    """The candidate graph has SHACL violations; nothing was written."""


@dataclass(frozen=True)
class Publication:
    result: IngestResult
    report: Report
    changes: dict[URIRef, GraphChange]  # against what data/ held before
    written: bool


def _published(data_dir: Path) -> Dataset:
    """What data/ holds now; generated files that no longer parse count as empty (they are being replaced)."""
    try:
        return dataset.load(data_dir)
    except GraphFileError:
        return dataset.load(data_dir, generated={})


def publish(sources_dir: Path, data_dir: Path, *, dry_run: bool = False, engine: str | None = None) -> Publication:
    """Ingest, validate the candidate together with the curated data, and write only if it conforms."""
    result = prepare(sources_dir, data_dir)
    candidate = dataset.load(data_dir, generated=result.graphs)
    report = validate(dataset.union(candidate), ontology=candidate.graph(ONTOLOGY_GRAPH), engine=engine)
    if not report.conforms:
        raise Rejected("the new graph does not conform to the shapes: nothing in data/ was changed", report, candidate)
    changes = compare(_published(data_dir), candidate) if result.changed or result.removed else {}
    if not dry_run:
        write_files(result)
    return Publication(result, report, changes, written=not dry_run)
