"""New since the last edition: a report compared with the report of a baseline (a data folder, or a release folder
made by ``hipskg release``), result by result, and the gate a steward sets on the results.

A result is matched by its key (:func:`key`): its shape, focus node, path, value and severity, never a blank node's
label (each parse names blank nodes anew), so the same finding in two editions is one result that stays. The baseline
is validated with the same shapes, ontology and engine as the report it is compared with: a result is new because the
data changed. :func:`failing` says which results refuse a publication at a ``--fail-on`` level.
"""

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Dataset, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from hipskg import dataset, resources
from hipskg.errors import HipskgError
from hipskg.namespaces import ONTOLOGY_GRAPH
from hipskg.rdfio import read_graph
from hipskg.validate import Report, Result, validate
from hipskg.validate.report import SEVERITIES, Entry, Sources, sources_in

RELEASE_DATA = Path("data") / "hipskg.trig"  # the asserted data of a release folder, one named graph per source
LEVELS = tuple(name for _, name in SEVERITIES)  # --fail-on: "violation", "warning" or "info"


class BaselineError(HipskgError):
    """The baseline is neither a data folder nor a release folder; exit status 2."""


@dataclass(frozen=True)
class Baseline:
    """A baseline validated: where it is, its report, and where its results' focus nodes came from."""

    path: Path
    report: Report
    sources: Sources


@dataclass(frozen=True)
class Comparison:
    """The results of a report against a baseline's: only in the report (new), only in the baseline (gone), in both."""

    new: tuple[Result, ...]
    gone: tuple[Result, ...]
    same: tuple[Result, ...]

    def entries(self, sources: Sources, baseline: Sources) -> list[Entry]:
        """Every result with its change, new first, then gone, then the same, each with the sources of its report."""
        return [
            *(("new", result, sources) for result in self.new),
            *(("gone", result, baseline) for result in self.gone),
            *(("same", result, sources) for result in self.same),
        ]

    def text(self) -> str:
        """ "1 new, 0 gone, 88 the same"."""
        return f"{len(self.new)} new, {len(self.gone)} gone, {len(self.same)} the same"


def key(result: Result) -> tuple[str, ...]:
    """What matches a result across two validations: shape, focus node, path, value and severity, a blank node as
    "[]" whatever its label."""
    return (result.shape_name, _term(result.focus), result.path_text, _term(result.value), str(result.severity))


def _term(node: Node | None) -> str:
    return "" if node is None else "[]" if isinstance(node, BNode) else node.n3()


def compare(report: Report, baseline: Report) -> Comparison:
    """The results of ``report`` new since ``baseline``, those of ``baseline`` gone, and those of ``report`` that stay
    (a result that two validations both give twice stays twice)."""
    left = Counter(key(result) for result in baseline.results)
    new, same = [], []
    for result in report.results:
        if left[key(result)] > 0:
            left[key(result)] -= 1
            same.append(result)
        else:
            new.append(result)
    gone = []
    for result in baseline.results:
        if left[key(result)] > 0:
            left[key(result)] -= 1
            gone.append(result)
    return Comparison(tuple(new), tuple(gone), tuple(same))


def read(path: Path) -> tuple[Dataset, dict[URIRef, list[Path]]]:
    """The data of a data folder (its named graphs) or of a release folder (its data/hipskg.trig), with the project's
    ontology, and the files of each named graph; :class:`BaselineError` for anything else."""
    check(path)
    if (path / RELEASE_DATA).is_file():
        checked, files = dataset.load_files([path / RELEASE_DATA])
        read_graph(resources.ontology_file(), checked.graph(ONTOLOGY_GRAPH))
        return checked, files
    return dataset.load(path), dataset.graph_files(path)


def check(path: Path) -> None:
    """Refuse, before anything is validated, a baseline that is no data folder (curated/ or sources/) and no release
    folder (data/hipskg.trig)."""
    fix = "give the data folder of the last edition or a folder made by hipskg release"
    if not path.exists():
        raise BaselineError(f"--baseline {path}: no such folder: {fix}")
    if not path.is_dir():
        raise BaselineError(f"--baseline {path}: a file, not a folder: {fix}")
    if not ((path / "curated").is_dir() or (path / "sources").is_dir() or (path / RELEASE_DATA).is_file()):
        raise BaselineError(
            f"--baseline {path}: neither a data folder (it has no curated/ or sources/) nor a release folder "
            f"(it has no {RELEASE_DATA.as_posix()}): {fix}"
        )


def validated(path: Path, *, engine: str | None = None, inference: bool = False) -> Baseline:
    """The baseline at ``path`` validated, with the sources of its results' focus nodes."""
    checked, files = read(path)
    report = validate(dataset.asserted(checked), ontology=checked.graph(ONTOLOGY_GRAPH), inference=inference, engine=engine)
    return Baseline(path, report, sources_in(checked, files, {result.focus for result in report.results}))


def failing(report: Report, level: str, comparison: Comparison | None = None) -> tuple[Result, ...]:
    """The results that refuse a publication gated at ``level`` (``ingest --fail-on LEVEL``: "violation", "warning" or
    "info"): those of that severity or above; against a baseline, of those only the new ones, but every violation
    (violations refuse a publication whatever the baseline holds)."""
    if level not in LEVELS:
        raise BaselineError(f"unknown level {level!r}: choose one of {', '.join(LEVELS)}")
    severities = [severity for severity, _ in SEVERITIES[: LEVELS.index(level) + 1]]
    counted = set(report.results if comparison is None else comparison.new)
    return tuple(
        result
        for result in report.results
        if result.severity in severities and (result.severity == SH.Violation or result in counted)
    )
