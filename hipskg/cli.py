"""The ``hipskg`` command: one subcommand per step of the flow, each a thin layer over :mod:`hipskg.api`.

Exit status: 0 success (or the graph conforms), 1 the data does not conform, 2 bad input or usage.
Each command imports what it needs when it runs: a query does not pay for the SHACL engines.
"""

import argparse
import functools
import logging
import math
import os
import re
import shutil
import sys
import textwrap
import time
import traceback
import warnings
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from hipskg.defaults import MAX_SHRINK, QUERY_TIMEOUT, TRANSFER_TIMEOUT
from hipskg.errors import EXIT_BAD_INPUT, EXIT_SOFTWARE, HipskgError, one_line
from hipskg.formats import (
    EXPORT_FORMATS,
    GRAPH_RESULT_FORMATS,
    NETWORK_FORMATS,
    REVIEW_FORMATS,
    SYNTH_FORMATS,
    TABLE_FORMATS,
    export_format,
)

if TYPE_CHECKING:
    from rdflib import Dataset

    from hipskg.api import KnowledgeGraph
    from hipskg.catalogue import CatalogueQuery
    from hipskg.describe import Publisher
    from hipskg.publish import Publication
    from hipskg.store import LoadReport
    from hipskg.validate import Report
    from hipskg.validate.report import Entry, Sources

SEVERITY_NAMES = ("violation", "warning", "info")

EXAMPLE_QUESTIONS = (
    ("Which training covers CERAF?", "training-covering", {"tool": "CERAF"}),
    ("Which bodies feed into the HIPS Executive?", "bodies-feeding-into", {"body": "HIPS Executive"}),
)


class UsageError(HipskgError):
    """Bad command-line input; exit status 2."""


def _open(args: argparse.Namespace, *, store: str | None = None) -> "KnowledgeGraph":
    """The graph the command works on, in --store (or ``store``), brought up to date with the data folder.

    A persistent store says on standard error what it reloaded; a SPARQL server is loaded only by ``hipskg load``.
    """
    from hipskg import api
    from hipskg.endpoint import Credentials

    credentials = Credentials.from_environment(getattr(args, "user", None), getattr(args, "password", None))
    kg = api.open(
        getattr(args, "data", None),
        store or getattr(args, "store", None),
        wait=args.wait,
        credentials=credentials,
        holder=f"hipskg {args.command}",
    )
    args.opened.append(kg)  # closed by main() when the command ends
    if kg.loaded is not None and kg.store.persistent:
        print(f"store {kg.store.spec}: {kg.loaded.text()}", file=sys.stderr)
    return kg


def _data_used(kg: "KnowledgeGraph") -> str:
    """The first line of a command's summary: the data folder it loaded, or the server whose graphs it read."""
    if kg.loaded is None:
        return f"data: the named graphs held by {kg.store.spec} (filled by hipskg load or push)"
    return kg.project.describe()


def _note_passed_over(report: "Report") -> None:
    """Say on standard error which faster SHACL engine refused the shapes or data, and which one validated."""
    for refusal in report.passed_over:
        print(f"{refusal}; validated with {report.engine} instead", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    from hipskg.project import find, writable_data
    from hipskg.publish import Gate, Gated, Rejected, Shrinking, publish
    from hipskg.validate import baseline
    from hipskg.validate.report import grouped

    found = find(args.data)
    data_dir = writable_data(found)  # never the installed copy
    if args.baseline is not None:
        baseline.check(Path(args.baseline))  # before the sources are read: a wrong folder costs no time
    gate = Gate(args.fail_on, None if args.baseline is None else Path(args.baseline), every=args.no_baseline)
    try:
        publication = publish(
            Path(args.sources),
            data_dir,
            dry_run=args.dry_run,
            engine=args.engine,
            wait=args.wait,
            max_shrink=None if args.allow_shrink else args.max_shrink / 100,
            gate=gate,
            all_duplicates=args.all_duplicates,
        )
    except Shrinking as shrinking:
        print("\n".join(shrinkage.text() for shrinkage in shrinking.shrinkages))
        raise
    except Gated as gated:
        print(found.describe())
        print("\n".join(grouped(gated.failing, gated.sources.labels, gated.sources.origins())).rstrip("\n"))
        print(f"hipskg ingest: {gated}", file=sys.stderr)
        return 1
    except Rejected as rejected:
        print(found.describe())
        _print_violations(rejected.report, rejected.dataset, data_dir)
        print(f"hipskg ingest: {rejected}", file=sys.stderr)
        return 1
    notes = sys.stdout if args.format == "text" else sys.stderr  # a document on standard output, and nothing else
    print(found.describe(), file=notes)
    _print_publication(publication, args.format, notes)
    return 0


def _print_publication(publication: "Publication", fmt: str, notes: TextIO) -> None:
    """The review in ``fmt`` on standard output, then on ``notes`` the validation results new and gone since the
    baseline, the files written and the summary line."""
    from hipskg.diff.render import render
    from hipskg.validate.report import changes, summary

    result, comparison = publication.result, publication.comparison
    _note_passed_over(publication.report)
    sys.stdout.write(render(publication.review, fmt))
    if comparison.new or comparison.gone:
        print("\n".join(changes(publication.entries(), publication.baseline_name)), file=notes)
    verb = "wrote" if publication.written else "would write"
    for path in result.changed:
        print(f"{verb} {path} ({len(result.graphs[path])} triples)", file=notes)
    for path in result.removed:
        print(f"{'removed' if publication.written else 'would remove'} {path} (no source produces it)", file=notes)
    print(
        f"{len(result.graphs)} generated files: {len(result.changed)} {'changed' if publication.written else 'would change'}, "
        f"{len(result.unchanged)} unchanged; validation: {summary(publication.report)} "
        f"({comparison.text()} since {publication.baseline_name})",
        file=notes,
    )


def cmd_init(args: argparse.Namespace) -> int:
    from hipskg.project import find, start

    copied = find(args.data)
    made = start(Path(args.dir), copied.data)
    print(f"{made.describe()}: copied from {copied.data}; run hipskg commands in {args.dir} to use it")
    return 0


def _print_violations(report: "Report", checked: "Dataset", data_dir: Path) -> None:
    """The violations of a refused ingest or release, each node with the file it came from."""
    from rdflib.namespace import SH

    from hipskg import dataset
    from hipskg.validate.report import text

    origins = dataset.origins(checked, dataset.graph_files(data_dir))
    labels = dataset.labels(checked, {result.focus for result in report.results})
    print(text(report, labels, origins, severities=(SH.Violation,)))


def cmd_diff(args: argparse.Namespace) -> int:
    from hipskg.diff import compare
    from hipskg.diff.render import render

    review = compare(_diffable(Path(args.old)), _diffable(Path(args.new)))
    sys.stdout.write(render(review, args.format))
    return 1 if review.differs else 0


def _diffable(path: Path) -> "Dataset":
    """A data folder as its named graphs; a single-graph file as one graph, so two editions of it line up."""
    from rdflib import Dataset, URIRef

    from hipskg import dataset
    from hipskg.rdfio import merged

    if path.is_dir():
        return dataset.load(path, ontology=False)
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    ds, files = dataset.load_files([path])
    if len(files) == 1 and next(iter(files)).startswith("file:"):
        aligned = Dataset()
        aligned.add_graph(merged(ds.graphs(), identifier=URIRef("urn:hipskg:file")))
        return aligned
    return ds


def _summary(kg: "KnowledgeGraph") -> str:
    from rdflib import URIRef

    from hipskg.namespaces import compact

    lines = ["Named graphs:"]
    lines += [f"  {size:>6}  {compact(name)}" for name, size in sorted(kg.store.graphs().items())]
    lines.append("Entities by class:")
    counts = kg.query(
        "SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?class . FILTER(STRSTARTS(STR(?class), STR(hips:))) } "
        "GROUP BY ?class ORDER BY DESC(?n) ?class"
    )
    lines += [f"  {count:>6}  {compact(URIRef(str(cls)))}" for cls, count in counts.rows]
    return "\n".join(lines)


def _answer(kg: "KnowledgeGraph", question: str, name: str, params: dict[str, str]) -> str:
    from hipskg.catalogue import UnresolvedParameter

    heading = f"\n{question}  (hipskg query {name} " + " ".join(f"--param {k}={v!r}" for k, v in params.items()) + ")"
    try:
        answer = kg.query(name, params)
    except UnresolvedParameter as error:  # another partnership's data (e.g. hipskg synth) may not name it
        return f"{heading}\nnot asked of this data: {error}"
    return f"{heading}\n{answer.text('table')}"


def cmd_build(args: argparse.Namespace) -> int:
    from hipskg.validate.report import summary

    kg = _open(args)
    print(_data_used(kg))
    print(_summary(kg))
    report = kg.validate()
    _note_passed_over(report)
    print(f"Validation: {summary(report)}  (store {kg.store.spec}, SHACL engine {report.engine})")
    for question, name, params in EXAMPLE_QUESTIONS:
        print(_answer(kg, question, name, params))
    return 0 if report.conforms else 1


def cmd_validate(args: argparse.Namespace) -> int:
    from rdflib.namespace import SH

    from hipskg.validate import baseline
    from hipskg.validate.report import listed, table

    if args.baseline is not None:
        if args.format in ("turtle", "json"):
            raise UsageError("--baseline compares results for people and tables: use --format text, tsv, markdown or html")
        baseline.check(Path(args.baseline))  # before anything is validated: a wrong folder costs no time
    levels = (SH.Violation, SH.Warning, SH.Info)[: SEVERITY_NAMES.index(args.severity) + 1]
    report, sources, checked, data = _validated(args)
    _note_passed_over(report)
    if args.format in ("turtle", "json"):
        from rdflib.compare import to_canonical_graph

        from hipskg.rdfio import turtle

        canonical = to_canonical_graph(report.graph)  # stable blank-node labels: the same report gives the same bytes
        print(turtle(canonical) if args.format == "turtle" else canonical.serialize(format="json-ld", sort_keys=True))
        return 0 if report.conforms else 1
    entries, heading = _compared(args, report, sources, f"{checked}, SHACL engine {report.engine}")
    shown = [entry for entry in entries if entry[1].severity in levels]
    compared = args.baseline is not None
    if args.format == "text" and data:
        print(data)  # the summary's first line: which data (tables stay tables)
    print(
        listed(shown, heading, compared=compared)
        if args.format == "text"
        else table(shown, args.format, heading, compared=compared)
    )
    return 0 if report.conforms else 1


def _validated(args: argparse.Namespace) -> tuple["Report", "Sources", str, str]:
    """The report of the files given, or of the graph; where its focus nodes came from; what was checked; and which
    data ("" for files)."""
    if args.files:
        report, sources = _validated_files([Path(name) for name in args.files], args)
        return report, sources, f"{len(args.files)} file{'s' if len(args.files) != 1 else ''}", ""
    kg = _open(args)
    report = kg.validate(inference=args.inference, engine=args.engine)
    sources = kg.sources(sorted({result.focus for result in report.results}, key=str))
    return report, sources, f"store {kg.store.spec}", _data_used(kg)


def _compared(args: argparse.Namespace, report: "Report", sources: "Sources", checked: str) -> tuple[list["Entry"], str]:
    """Every result with its change against --baseline (none without one), and the summary line that heads them."""
    from hipskg.validate import baseline
    from hipskg.validate.report import severity_counts, summary

    if args.baseline is None:
        return [("", result, sources) for result in report.results], f"{summary(report)}  ({checked})"
    old = baseline.validated(Path(args.baseline), engine=report.engine, inference=args.inference)  # validated alike
    comparison = baseline.compare(report, old.report)
    counts = severity_counts(old.report)
    heading = f"{summary(report)}  ({checked}; baseline {args.baseline}: {counts}; {comparison.text()})"
    return comparison.entries(sources, old.sources), heading


def _validated_files(paths: list[Path], args: argparse.Namespace) -> tuple["Report", "Sources"]:
    """A user's files validated with the ontology (each file its own named graph), and where its focus nodes came from."""
    from hipskg import dataset, resources
    from hipskg.namespaces import ONTOLOGY_GRAPH
    from hipskg.progress import step
    from hipskg.validate import validate
    from hipskg.validate.report import sources_in

    ds, files = dataset.load_files(paths)
    ds.graph(ONTOLOGY_GRAPH).parse(resources.ontology_file())
    data = dataset.asserted(ds)
    with step("validating", len(data)):
        report = validate(data, ontology=ds.graph(ONTOLOGY_GRAPH), inference=args.inference, engine=args.engine)
    return report, sources_in(ds, files, {result.focus for result in report.results})


def _query_graph(args: argparse.Namespace) -> "KnowledgeGraph":
    """Where queries run: the local build or a remote endpoint."""
    if args.endpoint:
        return _open(args, store="endpoint:" + _http_url(args.endpoint, "--endpoint"))
    return _open(args)


def cmd_queries(args: argparse.Namespace) -> int:
    from hipskg.catalogue import catalogue, unknown_query

    queries = catalogue()
    if args.name is not None:
        if args.name not in queries:
            raise unknown_query(args.name, queries)
        chosen = [queries[args.name]]
    else:
        chosen = [query for query in queries.values() if args.search is None or query.mentions(args.search)]
    if args.run:
        return _run_queries(args, chosen)
    if args.name is not None:
        print(_query_header(chosen[0], with_text=args.text))
        return 0
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    names = max((len(query.name) for query in chosen), default=0)
    for query in chosen:
        print(_query_line(query, names, width))
    found = (
        f"{len(chosen)} of {len(queries)} queries hold {args.search!r}" if args.search is not None else f"{len(queries)} queries"
    )
    print(f"{found}; 'hipskg queries NAME' shows one")
    return 0


def _query_line(query: "CatalogueQuery", names: int, width: int | None) -> str:
    """``name  title  (parameters)``, the name padded to ``names``; the title shortened to fit ``width`` if given."""
    parameters = f"  ({', '.join(parameter.name for parameter in query.parameters)})" if query.parameters else ""
    title = query.title
    if width is not None:
        room = width - names - 2 - len(parameters)
        if len(title) > room:
            title = title[: max(room - 1, 10)].rstrip() + "…"
    return f"{query.name:<{names}}  {title}{parameters}"


def _query_header(query: "CatalogueQuery", *, with_text: bool) -> str:
    """A catalogue query's whole header: title, description, parameters with class and example, the example command."""
    wrap = functools.partial(textwrap.fill, width=min(shutil.get_terminal_size().columns, 100), subsequent_indent="    ")
    lines = [f"{query.name}: {query.title}", wrap("    " + query.description)]
    if query.parameters:
        lines.append("parameters:")
    for parameter in query.parameters:
        kind = f"{parameter.kind} of class {parameter.cls}" if parameter.cls else parameter.kind
        lines.append(wrap(f"    --param {parameter.name}=VALUE  {kind}, e.g. {parameter.example}: {parameter.description}"))
    lines += ["example:", f"    {query.example}"]
    if with_text:
        body = query.text.splitlines()
        lines += ["query:", *body[next((i for i, line in enumerate(body) if not line.startswith("#")), len(body)) :]]
    return "\n".join(lines)


def _run_queries(args: argparse.Namespace, chosen: "list[CatalogueQuery]") -> int:
    """Run each of ``chosen`` with its example parameters; print its size and time."""
    from hipskg.catalogue import UnresolvedParameter

    kg = _query_graph(args)
    skipped, facts = 0, set()  # which facts the answers saw: the same for every query
    for query in chosen:
        examples = {parameter.name: parameter.example for parameter in query.parameters}
        started = time.perf_counter()
        try:
            answer = kg.query(
                query.name, examples, asserted_only=args.asserted_only, timeout=args.timeout, allow_service=args.allow_service
            )
        except UnresolvedParameter as error:  # another partnership's data (e.g. hipskg synth) may not name the example
            print(f"{query.name:<48} not asked of this data: {error}")
            skipped += 1
            continue
        facts.add(answer.facts)
        unit = "triples" if answer.kind in ("CONSTRUCT", "DESCRIBE") else "rows"
        print(f"{query.name:<48} {len(answer):>6} {unit:<7} {time.perf_counter() - started:8.3f} s")
    not_asked = f" ({skipped} not asked: their examples name nothing in this data)" if skipped else ""
    print(f"{len(chosen) - skipped} queries run on {kg.store.spec}{''.join(', ' + seen for seen in sorted(facts))}{not_asked}")
    return 0


def _parameters(pairs: Sequence[str]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--param {pair!r}: expected NAME=VALUE")
        values[name] = value
    return values


def cmd_query(args: argparse.Namespace) -> int:
    text = _read_query_file(Path(args.file)) if args.file else args.query  # a bad file fails before the store loads
    if not text:
        raise UsageError("give a catalogue query name, SPARQL text or --file FILE: run 'hipskg queries' to list the catalogue")
    params = _parameters(args.param)
    kg = _query_graph(args)
    answer = kg.query(
        text, params, asserted_only=args.asserted_only, timeout=args.timeout, allow_service=args.allow_service, strict=args.strict
    )
    for note in answer.warnings:
        print(f"hipskg query: warning: {note}", file=sys.stderr)
    if not answer.inferred and not args.asserted_only:
        print(
            f"hipskg query: note: {kg.store.spec} holds no inferred facts, so this answer has the asserted facts only "
            "(hipskg push and hipskg load send them)",
            file=sys.stderr,
        )
    if answer.kind in ("CONSTRUCT", "DESCRIBE"):
        fmt = args.format or "turtle"
        if fmt not in GRAPH_RESULT_FORMATS:
            raise UsageError(f"a {answer.kind} query gives a graph: --format one of {', '.join(GRAPH_RESULT_FORMATS)}")
        print(answer.text(fmt), end="")
    else:
        fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
        if fmt not in TABLE_FORMATS:
            raise UsageError(f"a {answer.kind} query gives a table: --format one of {', '.join(TABLE_FORMATS)}")
        print(answer.text(fmt))
    return 0


def cmd_reason(args: argparse.Namespace) -> int:
    from hipskg.namespaces import INFERRED_GRAPH, compact
    from hipskg.rdfio import turtle, write_atomically

    kg = _open(args)
    print(_data_used(kg))
    started = time.perf_counter()
    inference = kg.reason(profile=args.profile, engine=args.engine)
    seconds = time.perf_counter() - started
    for prop, count in sorted(inference.counts().items(), key=lambda item: (-item[1], item[0])):
        print(f"{count:>7}  {prop}")
    print(
        f"{len(inference.graph)} inferred statements ({inference.profile} closure by {inference.engine} in {seconds:.2f} s "
        f"on {kg.store.spec}), kept in the named graph {compact(INFERRED_GRAPH)}"
    )
    if args.output:
        write_atomically(Path(args.output), turtle(inference.graph))
        print(f"wrote {args.output}")
    return 0


def _read_query_file(path: Path) -> str:
    from hipskg import inputs

    try:
        return inputs.read_bytes(path).decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: cannot read the query: invalid UTF-8 at byte {error.start}") from None


def _http_url(url: str, option: str) -> str:
    from urllib.parse import urlsplit

    if not url.startswith(("http://", "https://")) or not urlsplit(url).hostname:
        raise UsageError(f"{option} {url!r}: expected an http:// or https:// URL with a host, e.g. https://hipskg.example.org/")
    return url


def cmd_export(args: argparse.Namespace) -> int:
    kg = _open(args)
    text = kg.export(args.output, args.format, inferred=args.inferred, graph=args.graph, classes=args.classes or ())
    if args.output:
        print(f"wrote {args.output} ({len(text)} bytes)")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(text)
    return 0


def _release_date(text: str | None) -> date:
    """--date, else SOURCE_DATE_EPOCH (reproducible builds), else today (UTC)."""
    if text:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"--date {text!r}: expected a date as YYYY-MM-DD") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        if not epoch.isdigit():
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r}: expected whole seconds since 1970")
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return datetime.now(UTC).date()


def _base_url(text: str | None) -> str | None:
    """--base-url, checked before the release is built: nothing is written for a URL the rules cannot use."""
    from hipskg.redirects import BadBaseUrl, base_url

    if text is None:
        return None
    try:
        return base_url(text)
    except BadBaseUrl as error:
        raise UsageError(f"--base-url {text!r}: {error}") from None


def cmd_release(args: argparse.Namespace) -> int:
    from hipskg import release
    from hipskg.namespaces import compact
    from hipskg.project import find

    found = find(args.data)
    print(found.describe())
    data_dir = found.data
    issued, base_url, publisher = _release_date(args.date), _base_url(args.base_url), _publisher(args)
    target = Path(args.dir)
    previous = (
        Path(args.previous) if args.previous else target if args.replace and target.is_dir() and any(target.iterdir()) else None
    )
    try:
        bundle = release.assemble(
            data_dir, issued=issued, engine=args.engine, base_url=base_url, publisher=publisher, previous=previous
        )
    except release.ReleaseRefused as refused:
        _print_violations(refused.report, refused.dataset, data_dir)
        print(f"hipskg release: {refused}", file=sys.stderr)
        return 1
    except release.IrisDropped as dropped:
        print("\n".join(compact(iri) for iri in dropped.missing))
        raise
    release.write(bundle, target, replace=args.replace, wait=args.wait)
    size = sum(len(content) for content in bundle.files.values())
    print(
        f"wrote hipskg {bundle.version} ({bundle.issued.isoformat()}) to {target}: {len(bundle.files)} files, {size:,} bytes, "
        f"{bundle.inferred_statements} inferred statements; check with: cd {target} && sha256sum -c SHA256SUMS"
    )
    return 0


def _publisher(args: argparse.Namespace) -> "Publisher | None":
    """The publisher a release names on the command line (None: the data folder's dataset.ttl says)."""
    from hipskg.describe import Publisher

    if args.publisher is None and args.publisher_url is None and args.contact is None:
        return None
    if args.publisher is not None and not args.publisher.strip():
        raise UsageError(f"--publisher {args.publisher!r}: give the publisher's name")
    url = _web_page(args.publisher_url, "--publisher-url") if args.publisher_url is not None else None
    return Publisher(args.publisher, url, _contact(args.contact) if args.contact is not None else None)


def _web_page(url: str, option: str) -> str:
    """An http(s) URL that is also a valid IRI (it is written into the release's description as one)."""
    from hipskg.terms import iri_problem

    _http_url(url, option)
    problem = iri_problem(url)
    if problem is not None:
        raise UsageError(f"{option} {url!r}: {problem}")
    return url


def _contact(text: str) -> str:
    """A contact point as an IRI: an email address (or mailto: IRI) as a mailto: IRI, else a web page."""
    address = text.removeprefix("mailto:")
    if re.fullmatch(r"[^@\s<>\"{}|\\^`]+@[^@\s<>\"{}|\\^`]+\.[^@\s<>\"{}|\\^`.]+", address):
        return "mailto:" + address
    if not text.startswith(("http://", "https://")):
        raise UsageError(f"--contact {text!r}: expected an email address or a web page (an http:// or https:// URL)")
    return _web_page(text, "--contact")


def cmd_load(args: argparse.Namespace) -> int:
    from hipskg.endpoint import Credentials
    from hipskg.project import find
    from hipskg.store import configured, open_store, sources

    found = find(args.data)
    opened = open_store(
        configured(args.store, found.store()),
        Credentials.from_environment(args.user, args.password),
        wait=args.wait,
        holder="hipskg load",
    )
    args.opened.append(opened)
    print(found.describe())
    started = time.perf_counter()
    loaded = opened.load(sources(found.data))
    if not args.asserted_only:
        from hipskg.api import KnowledgeGraph

        KnowledgeGraph(opened, found, loaded).ensure_inferred()  # what queries read by default
    _print_load(loaded)
    print(f"store {opened.spec}: {loaded.text()} in {time.perf_counter() - started:.2f} s")
    return 0


def _print_load(loaded: "LoadReport") -> None:
    for name, size in sorted(loaded.loaded.items()):
        print(f"{size:>9,}  {name}  loaded")
    for name, size in sorted(loaded.kept.items()):
        print(f"{size:>9,}  {name}  unchanged")
    for name in loaded.removed:
        print(f"{'':>9}  {name}  removed")


def cmd_synth(args: argparse.Namespace) -> int:
    from hipskg import synth

    try:
        count = args.partnerships or synth.partnerships_for(synth.parse_size(args.size))
    except ValueError as error:
        raise UsageError(str(error)) from None
    target = Path(args.output)
    started = time.perf_counter()
    if args.format == "folder":
        written = synth.write_folder(target, count, seed=args.seed, replace=args.replace, wait=args.wait)
    else:
        written = synth.write(target, count, seed=args.seed, fmt=args.format)
    print(
        f"wrote {target}: {written.partnerships} synthetic partnerships, {written.statements:,} statements, "
        f"{written.bytes / 1e6:,.1f} MB in {time.perf_counter() - started:.1f} s"
    )
    return 0


def cmd_push(args: argparse.Namespace) -> int:
    from hipskg import dataset, endpoint, store
    from hipskg.endpoint import Credentials
    from hipskg.project import find
    from hipskg.reason import with_inferences

    found = find(args.data)
    print(found.describe())
    ds = dataset.load(found.data)
    if not args.asserted_only:
        with_inferences(ds)
    url, credentials = endpoint.located(_http_url(args.store, "--store"), Credentials.from_environment(args.user, args.password))
    pushed = store.push(url, ds, credentials, timeout=args.timeout)
    _print_load(pushed)
    print(f"pushed to {url}: {pushed.text()}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from hipskg.sparql import table_text

    words = " ".join(args.words)
    found = _open(args).search(words, kind=args.kind, limit=args.limit)
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    if fmt == "json":
        import json

        hits = [{"iri": h.iri, "label": h.label, "class": h.kind, "matched": h.matched, "score": h.score} for h in found.hits]
        print(json.dumps({"query": words, "hits": hits, "classes": found.facets}, indent=1, ensure_ascii=False))
        return 0
    rows = [[h.label, h.kind, h.iri, h.matched] for h in found.hits]
    print(table_text(["label", "class", "iri", "matched"], rows, fmt))
    if fmt == "table":
        classes = ", ".join(f"{kind or 'other'} {count}" for kind, count in found.facets.items())
        print(f"{sum(found.facets.values())} found for {' '.join(found.words)!r}" + (f": {classes}" if classes else ""))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from hipskg.web.app import Settings
    from hipskg.web.protocol import Limits
    from hipskg.web.server import local_url, serve

    limits = Limits(
        timeout=args.timeout, max_rows=args.max_rows, max_concurrent=args.max_concurrent, max_request=args.max_request
    )
    base_url = _http_url(args.base_url, "--base-url") if args.base_url else local_url(args.host, args.port)
    serve(
        _open(args),
        Settings(base_url=base_url if base_url.endswith("/") else base_url + "/", limits=limits),
        args.host,
        args.port,
    )
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    from hipskg import network

    if not args.view:
        for name, definition in network.definitions().items():
            print(f"{name}\n    {definition.title}. {definition.description}\n    example: {definition.example}")
        return 0
    network.definition(args.view)  # an unknown view fails before the data is loaded
    analysis, entities = _graph_analysis(args)
    if args.export and not args.output and (analysis or args.draw):
        raise UsageError(
            "--export without --output writes the graph to standard output: give --output FILE to also analyse or draw"
        )
    kg = _open(args)
    view = kg.view(args.view, reason=args.reason, inferred_edges=True if args.inferred_edges else None)
    writes = bool(args.output or args.export or args.draw)
    table = (
        network.analyse(view, kg.store.query, analysis or "summary", entities, top=args.top) if analysis or not writes else None
    )
    notes = sys.stderr if table is not None else sys.stdout  # standard output carries the table
    if args.export and not args.output:
        sys.stdout.write(network.serialize(view, network.export_format(None, args.export)))
    elif args.output:
        fmt = network.write(view, Path(args.output), args.export)
        print(
            f"wrote {args.output} ({fmt}: {view.graph.number_of_nodes()} nodes, {view.graph.number_of_edges()} edges)", file=notes
        )
    if args.draw:
        network.draw(view, Path(args.draw))
        print(f"wrote {args.draw}", file=notes)
    if table is not None:
        print(network.render(table, args.format or ("table" if sys.stdout.isatty() else "csv")))
    return 0


def _graph_analysis(args: argparse.Namespace) -> tuple[str | None, list[str]]:
    """The analysis asked for and the entities it needs."""
    if args.path:
        return "path", args.path
    for name in ("upstream", "downstream"):
        if getattr(args, name):
            return name, [getattr(args, name)]
    return args.analysis, []


def _export_format(text: str) -> str:
    try:
        return export_format(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _port(text: str) -> int:
    number = _positive(text)
    if number > 65535:
        raise argparse.ArgumentTypeError(f"{text} is no port: give a number from 1 to 65535")
    return number


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def _number(text: str) -> float:
    """The number ``text`` spells, or NaN (which every range check refuses)."""
    try:
        return float(text)
    except ValueError:
        return math.nan


def _percentage(text: str) -> float:
    value = _number(text)
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"expected a percentage from 0 to 100, not {text!r}")
    return value


def _seconds(text: str) -> float:
    """A positive, finite number of seconds (for --timeout)."""
    value = _number(text)
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, not {text!r}")
    return value


def _waiting_seconds(text: str) -> float:
    """Zero or more seconds (for --wait)."""
    return 0.0 if text.strip() in ("0", "0.0") else _seconds(text)


def _add_review_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=REVIEW_FORMATS,
        default="text",
        help="how to write the review (default text; markdown, tsv, json and html are documents on standard output: "
        "docs/review.md describes them)",
    )


def _add_wait_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--wait",
        type=_waiting_seconds,
        default=0.0,
        metavar="SECONDS",
        help="if another hipskg command is writing the same data folder, store or release, wait up to this "
        "long for it (default: stop at once, naming it)",
    )


def _add_endpoint_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", help="user name for the endpoint (or HIPSKG_ENDPOINT_USER)")
    parser.add_argument("--password", help="password for the endpoint (better: HIPSKG_ENDPOINT_PASSWORD); never printed")


def _add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="data folder (default: the nearest project's, found by its hipskg.toml or as a hipskg checkout from here "
        "up, else the installed data; the summary's first line says which)",
    )


def _add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        metavar="STORE",
        help="where the graph lives: memory (default), oxigraph:PATH (persistent, reloads only what changed) or "
        "endpoint:URL (a SPARQL server loaded by 'hipskg load'); default from HIPSKG_STORE or the project's hipskg.toml",
    )
    _add_data_option(parser)
    _add_wait_option(parser)


def _add_query_source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", metavar="URL", help="run on this SPARQL 1.1 query endpoint instead of the local build")
    parser.add_argument(
        "--asserted-only",
        action="store_true",
        help="leave out the inferred facts: by default a query sees them too (the OWL 2 RL closure: a class's "
        "subclasses, a property's subproperties, inverses and transitive properties)",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=QUERY_TIMEOUT,
        metavar="SECONDS",
        help=f"stop a query that runs longer than this (default {QUERY_TIMEOUT:g}; exit status 3)",
    )
    parser.add_argument(
        "--allow-service", action="store_true", help="let a local query call other SPARQL servers (SERVICE); refused by default"
    )
    _add_endpoint_options(parser)
    _add_store_options(parser)


class _ShowVersion(argparse.Action):
    """--version, reading the installed version only when asked."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        import hipskg

        parser.exit(message=f"hipskg {hipskg.__version__}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hipskg",
        description="Knowledge graph of the HIPS safeguarding children partnerships: ingest, build, validate, query.",
        epilog="example: hipskg build",
    )
    parser.add_argument("--version", action=_ShowVersion, nargs=0, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], summary: str, example: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=summary,
            description=summary,
            epilog=f"example: {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler)
        sub.add_argument("--debug", action="store_true", help="on an internal error, print the Python traceback")
        return sub

    sub = command(
        "init",
        cmd_init,
        "Start a project in a new folder: a copy of the data (the nearest project's, or the installed data) and a "
        "hipskg.toml, so that every command run in the folder or below it uses that data, and hipskg ingest writes "
        "it. Exit status: 0 made, 2 the folder exists and is not empty (nothing written).",
        "hipskg init my-edition && cd my-edition && hipskg ingest ../../shared/seeds --dry-run",
    )
    sub.add_argument("dir", metavar="DIR", help="the new project folder (it may exist if it is empty)")
    _add_data_option(sub)
    sub = command(
        "ingest",
        cmd_ingest,
        "Parse the source documents, validate the new graph with the curated data, and only if it conforms "
        "replace data/sources/*.ttl, data/labels.ttl and data/tombstones.ttl (the IRIs of entities that left the "
        "sources) as one change. Prints a review of the changes (renames to confirm in data/curated/renames.ttl) "
        "and the possible duplicates it brings (data/curated/duplicates.ttl), and the validation results new and gone "
        "since the published data: docs/review.md. Exit status: 0 published (or nothing to change), 1 the new graph "
        "has violations, or new results at the --fail-on level (nothing written), 2 a source or a curated decision "
        "could not be read, or the edition shrinks (nothing written).",
        "hipskg ingest ../shared/seeds --dry-run\n         hipskg ingest ../shared/seeds --dry-run --format html > review.html"
        "\n         hipskg ingest ../shared/seeds --fail-on warning",
    )
    sub.add_argument("sources", help="folder holding the source documents (*.txt)")
    sub.add_argument(
        "--data",
        metavar="DIR",
        help="data folder to write (default: the nearest project's, as for every command; never the installed data)",
    )
    sub.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would change, entity by entity, and the possible duplicates; write nothing",
    )
    _add_review_format(sub)
    sub.add_argument("--engine", help="SHACL engine for the publication check (default: the fastest installed)")
    sub.add_argument(
        "--max-shrink",
        type=_percentage,
        default=MAX_SHRINK * 100,
        metavar="PERCENT",
        help=f"refuse an edition that removes more than this share of a graph's entities (default {MAX_SHRINK:.0%}%)",
    )
    sub.add_argument(
        "--allow-shrink", action="store_true", help="publish even if the edition removes more entities than --max-shrink"
    )
    sub.add_argument(
        "--fail-on",
        choices=SEVERITY_NAMES,
        default="violation",
        help="refuse the edition if it has results of this level or graver that the baseline does not have (default: "
        "violation; violations refuse it whatever the baseline holds)",
    )
    baselines = sub.add_mutually_exclusive_group()
    baselines.add_argument(
        "--baseline",
        metavar="DIR|RELEASE",
        help="compare the validation results with those of this data folder or release folder (default: the data "
        "folder as it is before the ingest)",
    )
    baselines.add_argument(
        "--no-baseline", action="store_true", help="compare with nothing: --fail-on counts every result, old or new"
    )
    sub.add_argument(
        "--all-duplicates",
        action="store_true",
        help="list every possible duplicate, not only those with an entity this edition adds or changes",
    )
    _add_wait_option(sub)

    sub = command(
        "diff",
        cmd_diff,
        "Compare two versions of the graph (data folders or RDF files) entity by entity, with labels: a summary "
        "by class (added, removed, changed, renamed), each entity's statements by named graph, provenance "
        "bookkeeping (ingest times, checksums) on one line. Exit status: 0 the same content (provenance aside), "
        "1 different, 2 an input could not be read.",
        "hipskg diff old-data/ data/\n         hipskg diff old-edition.ttl new-edition.ttl --format html > review.html",
    )
    sub.add_argument("old", help="data folder or RDF file")
    sub.add_argument("new", help="data folder or RDF file")
    _add_review_format(sub)

    sub = command(
        "build", cmd_build, "Load ontology and data, validate, print a summary and answer the example questions.", "hipskg build"
    )
    _add_store_options(sub)

    sub = command(
        "validate",
        cmd_validate,
        "Validate the built graph, or the given files together with the ontology, against the SHACL shapes and the "
        "closed vocabulary (only the ontology's classes and properties, every entity typed, every property within its "
        "domain and range). Exit status: 0 conforms, 1 violations found, 2 input could not be read.",
        "hipskg validate            # the built graph\n         hipskg validate new-edition.ttl --format turtle > report.ttl\n"
        "         hipskg validate --format tsv > report.tsv\n         hipskg validate --baseline releases/hipskg-0.1.0 --format markdown",
    )
    sub.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="RDF files to check instead of the built graph (.ttl, .trig, .nt, .nq, .jsonld, .rdf)",
    )
    sub.add_argument(
        "--inference", action="store_true", help="validate with RDFS inference over the data (the data itself is never changed)"
    )
    sub.add_argument(
        "--format",
        choices=("text", "tsv", "markdown", "html", "turtle", "json"),
        default="text",
        help="text for people (default); one row per result as tsv (with a header row), markdown or html (a standalone "
        "page): level, rule, focus and its label, path, value, named graph, file, source document and section, message; "
        "or the standard sh:ValidationReport as turtle or json (JSON-LD)",
    )
    sub.add_argument(
        "--severity",
        choices=SEVERITY_NAMES,
        default="warning",
        help="lowest severity to list in the text and table reports (default: warning; the summary counts all)",
    )
    sub.add_argument(
        "--baseline",
        metavar="DIR|RELEASE",
        help="compare with the data of an earlier edition (a data folder, or a folder made by hipskg release), "
        "validated the same way: which results are new, which are gone and which stay",
    )
    sub.add_argument("--engine", help="SHACL engine to use (default: the fastest installed; pyshacl is the reference)")
    _add_store_options(sub)

    sub = command(
        "queries",
        cmd_queries,
        "The query catalogue at a glance: one line per query (name, title, parameters); with QUERY, its whole header "
        "(description, parameters with their class and an example, the example command); --run runs them. "
        "Exit status: 0 listed or run, 2 no such query.",
        "hipskg queries\n         hipskg queries training-covering --text\n         hipskg queries --search legislation\n"
        "         hipskg queries --run --endpoint http://127.0.0.1:7878/query",
    )
    sub.add_argument("name", nargs="?", metavar="QUERY", help="a catalogue query: show its whole header")
    sub.add_argument(
        "--search",
        metavar="WORD",
        help="only the queries whose name, title, description or parameter names hold WORD (whatever its case)",
    )
    sub.add_argument("--text", action="store_true", help="with QUERY: print the query's SPARQL text after its header")
    sub.add_argument(
        "--run",
        action="store_true",
        help="run the queries listed (every one, those --search finds, or QUERY) with their example parameters; "
        "print sizes and times",
    )
    _add_query_source_options(sub)

    sub = command(
        "query",
        cmd_query,
        "Run a catalogue query by name, a query file, or SPARQL text, on the local build or a SPARQL endpoint. "
        "A class or property of hips: that the ontology does not define gets a warning on standard error naming the "
        "closest defined terms, and the query runs (write a defined term to silence it; --strict refuses the query). "
        "Exit status: 0 answered, 2 bad query, parameter, undefined term with --strict or endpoint, 3 stopped by --timeout.",
        "hipskg query training-covering --param tool=CERAF --format csv\n"
        "         hipskg query 'SELECT ?t WHERE { ?t a hips:Theme }' --strict\n"
        "         hipskg query 'SELECT ?t WHERE { ?t a hips:Theme }' --endpoint http://127.0.0.1:7878/query",
    )
    sub.add_argument("query", nargs="?", help="catalogue name or SPARQL text")
    sub.add_argument("--file", help="read the query from a .rq file")
    sub.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a catalogue parameter (IRI, prefixed name or label)",
    )
    sub.add_argument(
        "--strict",
        action="store_true",
        help="refuse a query naming a class or property of hips: that the ontology does not define (exit 2, nothing "
        "run); without it the query runs and a warning on standard error names the closest defined terms",
    )
    sub.add_argument(
        "--format",
        help=f"table formats: {', '.join(TABLE_FORMATS)} (default: table on a terminal, csv otherwise); "
        f"graph formats for CONSTRUCT/DESCRIBE: {', '.join(GRAPH_RESULT_FORMATS)} (default turtle)",
    )
    _add_query_source_options(sub)

    sub = command(
        "reason",
        cmd_reason,
        "Compute the OWL 2 RL (or RDFS) closure of ontology and data and count the inferred statements by property. "
        "Exit status: 0 consistent, 1 the data is inconsistent with the ontology (the nodes are named).",
        "hipskg reason\n         hipskg reason --profile rdfs --output inferred.ttl",
    )
    sub.add_argument("--profile", choices=("owlrl", "rdfs"), default="owlrl", help="OWL 2 RL (default) or RDFS only")
    sub.add_argument("--engine", help="reasoning engine (default: the fastest installed; owlrl is the reference)")
    sub.add_argument("--output", metavar="FILE", help="write the inferred statements as Turtle")
    _add_store_options(sub)

    sub = command(
        "export",
        cmd_export,
        "Write the graph in a standard RDF format, deterministically (the same graph gives the same bytes). "
        "Asserted facts by default; quad formats (nq, trig) keep the named graphs.",
        "hipskg export --format ttl --output hipskg.ttl\n         hipskg export --format trig --inferred > all.trig\n"
        "         hipskg export --class hips:Procedure --format jsonld > procedures.jsonld",
    )
    sub.add_argument(
        "--format",
        type=_export_format,
        default="ttl",
        metavar="FORMAT",
        help=f"{', '.join(EXPORT_FORMATS)} (default ttl; also by their other names: turtle, ntriples, nquads, json-ld, rdfxml)",
    )
    which = sub.add_mutually_exclusive_group()
    which.add_argument("--inferred", action="store_true", help="also the inferred facts (the named graph hipsg:inferred)")
    which.add_argument("--asserted-only", action="store_true", help="asserted facts only (the default)")
    sub.add_argument("--graph", help="one named graph, as IRI, hipsg:NAME or NAME (e.g. hipsg:hips-procedure-7-1)")
    sub.add_argument(
        "--class",
        dest="classes",
        action="append",
        metavar="CLASS",
        help="only instances of this ontology class (and its subclasses) with everything they link to; "
        "as hips:Procedure, Procedure or an IRI; repeat for several",
    )
    sub.add_argument("--output", metavar="FILE", help="write to FILE (atomically) instead of standard output")
    _add_store_options(sub)

    sub = command(
        "release",
        cmd_release,
        "Write a complete, versioned release into a new folder: asserted data (TriG, N-Quads, Turtle, JSON-LD), "
        "inferred facts, ontology with JSON-LD context and HTML documentation, shapes, queries, a DCAT/VoID "
        "description and SHA256SUMS. The data is validated first; the folder appears whole or not at all. "
        "Exit status: 0 written, 1 the data has violations (nothing written), 2 a bad option, the folder cannot be "
        "written, or an IRI of the previous release would no longer resolve (nothing written).",
        "hipskg release releases/hipskg-0.2.0 --previous releases/hipskg-0.1.0\n"
        "         hipskg release out/ --date 2026-12-01 --replace\n"
        "         hipskg release out/ --base-url https://hipskg.example.org/",
    )
    sub.add_argument("dir", metavar="DIR", help="folder to create (it must not exist or be empty, unless --replace)")
    sub.add_argument("--date", help="issued date as YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today)")
    sub.add_argument(
        "--replace", action="store_true", help="swap an existing release folder for the new one (checked as --previous)"
    )
    sub.add_argument(
        "--previous",
        metavar="RELEASE",
        help="the last release (its folder, or its data/hipskg.nq): refuse the new one if an IRI it published is no "
        "longer in the data, entity or tombstone (exit status 2, the IRIs listed)",
    )
    sub.add_argument("--engine", help="SHACL engine for the check before release (default: the fastest installed)")
    sub.add_argument(
        "--base-url",
        metavar="URL",
        help="where hipskg serve runs (absolute http:// or https://; a final / is added): also write w3id/.htaccess, "
        "the w3id.org rules that redirect the https://w3id.org/hipskg/ IRIs there (without it, no such file)",
    )
    for flag, metavar, text in (
        (
            "--publisher",
            "NAME",
            "who publishes this release, for dcterms:publisher and the contact point (default: data/dataset.ttl's, the hipskg project)",
        ),
        ("--publisher-url", "URL", "the publisher's home page (http:// or https://), also the contact's"),
        (
            "--contact",
            "URL|EMAIL",
            "where to reach the publisher, for dcat:contactPoint: a web page or an email address (default: --publisher-url, else data/dataset.ttl's, the project's home page)",
        ),
    ):
        sub.add_argument(flag, metavar=metavar, help=text)
    _add_data_option(sub)
    _add_wait_option(sub)

    sub = command(
        "load",
        cmd_load,
        "Load the data folder into a store: oxigraph:PATH reloads only the named graphs whose files changed; "
        "endpoint:URL replaces every named graph on the server (Graph Store Protocol). Other commands then use "
        'the store with --store (or HIPSKG_STORE, or store = "..." in the project\'s hipskg.toml).',
        "hipskg load --store oxigraph:.hipskg/store\n"
        "         hipskg load --store endpoint:http://127.0.0.1:7878/query\n"
        "         hipskg query training-covering --param tool=CERAF --store oxigraph:.hipskg/store",
    )
    _add_endpoint_options(sub)
    _add_store_options(sub)
    sub.add_argument(
        "--asserted-only",
        action="store_true",
        help="leave out the inferred facts (computed and kept in the store by default, as queries read them)",
    )

    sub = command(
        "synth",
        cmd_synth,
        "Generate a national-scale synthetic graph: partnerships shaped like the HIPS data (same classes, properties "
        "and fan-outs, the real legislation shared), deterministic for a seed. A folder is a data folder for --data.",
        "hipskg synth 1m --output national-1m --format folder\n"
        "         hipskg build --data national-1m --store oxigraph:national-1m.store\n"
        "         hipskg synth 100k --output national-100k.nq",
    )
    sub.add_argument("size", help="about how many triples: 10k, 100k, 1m, 5m or a number")
    sub.add_argument("--output", required=True, metavar="PATH", help="file (nq, trig) or folder (folder) to write, atomically")
    sub.add_argument(
        "--format",
        choices=("folder", *SYNTH_FORMATS),
        default="folder",
        help="folder (default: sources/*.nt per named graph, loadable with --data), nq or trig (one file)",
    )
    sub.add_argument("--partnerships", type=_positive, metavar="N", help="exactly N partnerships instead of a size")
    sub.add_argument("--seed", type=int, default=0, help="random seed (default 0); the same seed gives the same bytes")
    sub.add_argument("--replace", action="store_true", help="replace an existing folder whole")
    _add_wait_option(sub)

    sub = command(
        "push",
        cmd_push,
        "Make a SPARQL store hold exactly the built named graphs (Graph Store Protocol): changed graphs replaced, "
        "unchanged ones left as they are, graphs no longer built deleted.",
        "hipskg push --store http://127.0.0.1:7878/store",
    )
    sub.add_argument("--store", required=True, help="the store's Graph Store Protocol URL")
    sub.add_argument(
        "--asserted-only",
        action="store_true",
        help="leave out the inferred facts (pushed by default as the named graph hipsg:inferred, which queries read)",
    )
    sub.add_argument(
        "--timeout",
        type=_seconds,
        default=TRANSFER_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on a graph the store has not taken after this long (default {TRANSFER_TIMEOUT:g})",
    )
    _add_endpoint_options(sub)
    _add_data_option(sub)

    sub = command(
        "search",
        cmd_search,
        "Find entities by words of their labels, alternative labels, definitions or section titles: ranked, whatever "
        "the case, accents, punctuation or a small typo, with the number found in each class.",
        "hipskg search CERAF\n         hipskg search child exploitation --class hips:TrainingCourse --format csv",
    )
    sub.add_argument("words", nargs="+", metavar="WORD", help="words to find (the last one also as the start of a word)")
    sub.add_argument("--class", dest="kind", metavar="CLASS", help="only entities of this class, e.g. hips:TrainingCourse")
    sub.add_argument("--limit", type=_positive, default=20, metavar="N", help="at most N results (default 20)")
    sub.add_argument("--format", choices=("table", "csv", "tsv", "json"), help="table on a terminal (default), csv otherwise")
    _add_store_options(sub)

    sub = command(
        "serve",
        cmd_serve,
        "Serve the graph on the web, read-only: a page for every IRI (HTML, Turtle, JSON-LD, N-Triples), browse pages, "
        "search, a SPARQL 1.1 endpoint at /sparql with a query page and the catalogue, the dataset description, the "
        "ontology. Runs until Ctrl-C.",
        "hipskg serve                       # then open http://127.0.0.1:8000/\n"
        "         hipskg serve --port 8080 --base-url https://hipskg.example.org/ --timeout 5",
    )
    sub.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    sub.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")
    sub.add_argument(
        "--base-url",
        metavar="URL",
        help="the public URL of the site, where https://w3id.org/hipskg/ redirects (default http://HOST:PORT/)",
    )
    sub.add_argument(
        "--timeout", type=_seconds, default=10.0, metavar="SECONDS", help="stop a SPARQL query after this long (default 10)"
    )
    sub.add_argument(
        "--max-rows", type=_positive, default=10_000, metavar="N", help="refuse answers of more rows or triples (default 10000)"
    )
    sub.add_argument(
        "--max-concurrent",
        type=_positive,
        default=4,
        metavar="N",
        help="SPARQL queries evaluated at once; on Oxigraph, worker processes each holding the graph in memory (default 4)",
    )
    sub.add_argument(
        "--max-request", type=_positive, default=65_536, metavar="BYTES", help="refuse larger queries (default 65536)"
    )
    _add_endpoint_options(sub)
    _add_store_options(sub)

    sub = command(
        "graph",
        cmd_graph,
        "Network views of the graph (queries/views/*.rq) with analyses, exports and a drawing. Without VIEW, list "
        "the views; without an option, summarise the view. Entities are IRIs, prefixed names or labels. "
        "Exit status: 0 done, 2 unknown view, entity or option.",
        'hipskg graph governance --upstream "HIPS Executive"\n'
        "         hipskg graph theme-course --centrality --top 5\n"
        "         hipskg graph governance --draw governance.svg\n"
        "         hipskg graph toolkit --output toolkit.graphml",
    )
    sub.add_argument(
        "view", nargs="?", metavar="VIEW", help="governance, theme-course, toolkit, procedure, legislation (run without to list)"
    )
    analyses = sub.add_mutually_exclusive_group()
    for name, text in (
        ("centrality", "degree and betweenness: the top nodes (of each side of a bipartite view)"),
        ("communities", "greedy modularity communities"),
        ("components", "connected components (weakly, on a directed view)"),
        ("cycles", "simple cycles along the arrows, shortest first"),
        ("similarity", "bipartite views: pairs of nodes by the neighbours they share (Jaccard, count)"),
    ):
        analyses.add_argument(f"--{name}", dest="analysis", action="store_const", const=name, help=text)
    analyses.add_argument(
        "--path", nargs=2, metavar=("A", "B"), help="a shortest path from A to B (along the arrows if there is one)"
    )
    analyses.add_argument(
        "--upstream", metavar="X", help="everything that leads to X along the arrows (feeds into it, at any depth)"
    )
    analyses.add_argument("--downstream", metavar="X", help="everything X leads to along the arrows")
    sub.add_argument(
        "--top", type=_positive, default=10, metavar="N", help="rows for --centrality, --similarity and --cycles (default 10)"
    )
    sub.add_argument("--format", choices=TABLE_FORMATS, help="table format (default: table on a terminal, csv otherwise)")
    sub.add_argument("--output", metavar="FILE", help="write the view as .graphml, .gexf or .json (node-link), atomically")
    sub.add_argument(
        "--export",
        choices=NETWORK_FORMATS,
        help="export format (default: from the --output extension; without --output, to standard output)",
    )
    sub.add_argument(
        "--draw",
        metavar="FILE",
        help="draw the view into FILE (.svg, .png or .pdf; needs matplotlib: pip install 'hipskg[draw]')",
    )
    sub.add_argument(
        "--reason",
        action="store_true",
        help="build the view on asserted plus inferred facts (the governance view "
        "still leaves out inferred edges, the closure of feeds-into)",
    )
    sub.add_argument("--inferred-edges", action="store_true", help="keep every inferred edge (implies --reason)")
    _add_store_options(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.opened = []
    _quiet_libraries(args.debug)
    try:
        return args.handler(args)
    except BrokenPipeError:  # output piped into head or less that closed early: not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
        return 0
    except HipskgError as error:
        return _failed(args, str(error), error.exit_status)
    except KeyboardInterrupt:
        return _failed(args, "interrupted; nothing was published", 130)
    except OSError as error:  # the system refused a file or connection no step expected to fail
        where = f"{error.filename}: " if error.filename else ""
        return _failed(args, f"{where}{error.strerror or error}", EXIT_BAD_INPUT)
    except Exception as error:  # a defect of hipskg: one line, the traceback only when asked
        if args.debug:
            traceback.print_exc()
        return _failed(
            args,
            f"internal error ({type(error).__name__}: {error}); run again with --debug for the traceback and report it",
            EXIT_SOFTWARE,
        )
    finally:
        for opened in args.opened:
            opened.close()


def _quiet_libraries(debug: bool) -> None:
    """Keep the libraries' log records and warnings (rdflib logs a traceback for an ill-typed literal)
    off standard error: hipskg reports what matters in its own words. --debug shows them."""
    if debug:
        logging.basicConfig(level=logging.WARNING)
        return
    root = logging.getLogger()
    if not any(isinstance(handler, logging.NullHandler) for handler in root.handlers):
        root.addHandler(logging.NullHandler())
    warnings.simplefilter("ignore")


def _failed(args: argparse.Namespace, message: str, status: int) -> int:
    """Print ``message`` as the command's one line on standard error; ``status`` is the exit status."""
    print(f"hipskg {args.command}: {one_line(message)}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
