"""A release: every file a researcher takes away, checked, described and written as one bundle.

data → validate (a release with violations is refused; so is one that drops an IRI the previous release
published, when it is given: docs/review.md) → reason → export (asserted data in four
formats, inferred facts) → the ontology, its JSON-LD context and HTML documentation, the shapes and
the queries (→ with a base URL, the w3id.org rules that send the persistent IRIs to a deployment at
it) → the DCAT/VoID description of it all → SHA256SUMS. The bundle is assembled in memory,
written into a hidden folder next to the target and renamed into place, so a failed release leaves
no partial bundle and a replaced one is swapped whole.
"""

import hashlib
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from hipskg import __version__, dataset, export, ontodoc, redirects, resources
from hipskg.catalogue import successors
from hipskg.describe import Distribution, Publisher, describe
from hipskg.errors import HipskgError
from hipskg.namespaces import BASE, GRAPH, ID, INFERRED_GRAPH, ONTOLOGY_GRAPH, compact
from hipskg.rdfio import GraphFileError, folder_written_whole, merged, read_graph, turtle
from hipskg.reason import with_inferences
from hipskg.validate import NotConforming, validate

DOWNLOAD_BASE = "https://w3id.org/hipskg/release/{version}/"
DATA_FILES = (
    ("data/hipskg.trig", "trig", "Asserted data, one named graph per source (TriG)"),
    ("data/hipskg.nq", "nq", "Asserted data, one named graph per source (N-Quads)"),
    ("data/hipskg.ttl", "ttl", "Asserted data, all named graphs merged (Turtle)"),
    ("data/hipskg.jsonld", "jsonld", "Asserted data, all named graphs merged (JSON-LD with the hipskg context)"),
)
INFERRED_FILE = ("data/hipskg-inferred.ttl", "Facts inferred by the OWL 2 RL closure of ontology and data (Turtle)")


class ReleaseRefused(NotConforming):
    """The data has SHACL violations: no release is made of it."""


class IrisDropped(HipskgError):
    """IRIs the previous release published are in no statement of the data: no release is made of it."""

    def __init__(self, message: str, missing: list[URIRef]) -> None:
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True)
class Bundle:
    version: str
    issued: date
    files: dict[str, bytes]  # path inside the bundle → content
    inferred_statements: int


def _project_files(folder: str, pattern: str) -> dict[str, bytes]:
    root = resources.folder(folder)
    return {f"{folder}/{p.relative_to(root).as_posix()}": p.read_bytes() for p in sorted(root.rglob(pattern)) if p.is_file()}


def _title(path: str) -> str:
    titles = {
        "ontology/hipskg.ttl": "The hipskg OWL ontology (Turtle)",
        "ontology/hipskg-context.jsonld": "JSON-LD context: short terms for the ontology's properties",
        "ontology/hipskg.html": "Documentation of the ontology with usage counts (HTML)",
        "README.md": "What the release holds",
        redirects.RELEASE_PATH: "Redirects of the persistent https://w3id.org/hipskg/ IRIs to the hipskg serve "
        "deployment (Apache .htaccess for the hipskg/ folder of the w3id.org repository)",
    }
    if path in titles:
        return titles[path]
    if path.startswith("shapes/"):
        return f"SHACL shapes: {Path(path).name}"
    return f"SPARQL query: {path.removeprefix('queries/')}"


def _readme(version: str, issued: date, files: list[str], base_url: str | None) -> bytes:
    lines = [
        f"# hipskg {version}, released {issued.isoformat()}",
        "",
        "The HIPS safeguarding children knowledge graph. `dataset.ttl` describes this release",
        "(DCAT/VoID: counts per named graph, class and property; every file with its size and SHA-256);",
        "`sha256sum -c SHA256SUMS` checks the files. Check the data with the shapes:",
        "`hipskg validate data/hipskg.trig`.",
        "",
        *[f"- `{path}`" for path in files],
        "",
        *_redirects_note(base_url),
    ]
    return "\n".join(lines).encode("utf-8")


def _redirects_note(base_url: str | None) -> list[str]:
    if base_url is None:
        return []
    return [
        f"`{redirects.RELEASE_PATH}` makes the IRIs `{BASE}...` resolve to `hipskg serve` at {base_url}:",
        f"copy it to `{redirects.W3ID_FOLDER}.htaccess` in https://github.com/perma-id/w3id.org by pull request.",
        "",
    ]


def assemble(
    data_dir: Path,
    *,
    issued: date,
    engine: str | None = None,
    base_url: str | None = None,
    publisher: Publisher | None = None,
    previous: Path | None = None,
) -> Bundle:
    """Validate, reason and export the data of ``data_dir``; every file of the release, in memory.

    With ``base_url`` (a URL :func:`hipskg.redirects.base_url` accepted) the release also holds the
    w3id.org redirect rules to a ``hipskg serve`` deployment there. ``publisher`` names who publishes
    the release, in place of the data folder's dataset.ttl (the hipskg project). With ``previous`` (a
    release folder or its data file) every IRI it published must still be named by the data."""
    ds = dataset.load(data_dir)
    data = dataset.union(ds)
    report = validate(data, ontology=ds.graph(ONTOLOGY_GRAPH), engine=engine)
    if not report.conforms:
        raise ReleaseRefused("the data does not conform to the shapes: no release was written", report, ds)
    if previous is not None:
        _refuse_dropped(published_iris(previous), data, previous)
    with_inferences(ds)
    return _bundle(ds, _metadata(data_dir), issued, base_url, publisher)


def published_iris(release: Path) -> set[URIRef]:
    """The project's IRIs (``id/...``, ``graph/...``) that a release's data names: a release folder's
    data/hipskg.nq, or the given data file."""
    path = release / DATA_FILES[1][0] if release.is_dir() else release
    if not path.is_file():
        raise GraphFileError(f"{release}: not a hipskg release (no {DATA_FILES[1][0]}): give a release folder or its data file")
    previous, _ = dataset.load_files([path])
    return {term for s, _, o, _ in previous.quads() for term in (s, o) if isinstance(term, URIRef) and _published(term)}


def _published(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith((str(ID), str(GRAPH)))


def _refuse_dropped(published: set[URIRef], data: Graph, previous: Path) -> None:
    """Refuse data in which an IRI the previous release published is named by no statement."""
    named = {term for s, _, o in data for term in (s, o) if isinstance(term, URIRef) and _published(term)}
    missing = sorted(published - named)
    if missing:
        shown = ", ".join(compact(iri) for iri in missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise IrisDropped(
            f"{len(missing)} IRI{'s' if len(missing) != 1 else ''} of the previous release ({previous}) would no longer "
            f"resolve: {shown}: keep each entity, or its tombstone (an ingest keeps one for every entity that leaves "
            "the sources; an entity deleted from data/curated/ needs one written there: docs/review.md); nothing was written",
            missing,
        )


def _metadata(data_dir: Path) -> Graph:
    """What the dataset is (title, description, licence): the data folder's dataset.ttl, else the installed one."""
    path = data_dir / "dataset.ttl"
    return read_graph(path if path.exists() else resources.folder("data") / "dataset.ttl")


def _bundle(ds: Dataset, metadata: Graph, issued: date, base_url: str | None, publisher: Publisher | None) -> Bundle:
    ontology = ds.graph(ONTOLOGY_GRAPH)
    inferred = ds.graph(INFERRED_GRAPH)
    asserted = export.selected_graphs(ds)
    files: dict[str, bytes] = {path: export.serialize(asserted, fmt).encode("utf-8") for path, fmt, _ in DATA_FILES}
    files[INFERRED_FILE[0]] = turtle(inferred).encode("utf-8")
    files |= _project_files("ontology", "*.ttl") | _project_files("ontology", "*.jsonld")
    files["ontology/hipskg.html"] = ontodoc.render(ontology, merged(asserted), inferred).encode("utf-8")
    files |= _project_files("shapes", "*.ttl") | _project_files("queries", "*.rq")
    if base_url is not None:
        renamed = {str(old): str(new) for old, new in successors(merged(asserted)).items()}
        files[redirects.RELEASE_PATH] = redirects.htaccess(base_url, version=__version__, renamed=renamed).encode("utf-8")
    listed = sorted([*files, "README.md", "dataset.ttl", "SHA256SUMS"])
    files["README.md"] = _readme(__version__, issued, listed, base_url)
    titles = {path: title for path, _, title in DATA_FILES} | {INFERRED_FILE[0]: INFERRED_FILE[1]}
    distributions = [Distribution(path, titles.get(path) or _title(path), content) for path, content in sorted(files.items())]
    download_base = DOWNLOAD_BASE.format(version=__version__)
    description = describe(
        export.selected_graphs(ds, inferred=True),
        metadata,
        version=__version__,
        issued=issued,
        distributions=distributions,
        download_base=download_base,
        dumps=[download_base + path for path, _, _ in DATA_FILES],
        publisher=publisher,
    )
    files["dataset.ttl"] = turtle(description).encode("utf-8")
    files["SHA256SUMS"] = "".join(f"{hashlib.sha256(c).hexdigest()}  {p}\n" for p, c in sorted(files.items())).encode("utf-8")
    return Bundle(__version__, issued, dict(sorted(files.items())), len(inferred))


def _write_file(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


def write(bundle: Bundle, target: Path, *, replace: bool = False, wait: float = 0) -> None:
    """Write the bundle to ``target`` whole or not at all (an existing bundle only with ``replace``);
    another release into ``target`` waits up to ``wait`` seconds for this one."""
    with folder_written_whole(target, replace=replace, wait=wait, holder="hipskg release") as staging:
        for path, content in bundle.files.items():
            _write_file(staging / path, content)
