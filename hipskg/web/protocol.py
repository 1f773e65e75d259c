"""The SPARQL 1.1 Protocol, read-only: a query from a request, run within the server's limits, and its answer
in the media type the client asks for.

Requests (https://www.w3.org/TR/sparql11-protocol/): ``GET ?query=``, ``POST`` of a form with ``query=``,
or ``POST`` of the query itself as ``application/sparql-query``. The project's prefixes are declared for
every query. What the server refuses, with a 4xx status and a sentence saying why:

- updates (``update=``, ``application/sparql-update``, or update operations sent as a query): 403;
- ``SERVICE``, which would make this server call others: 403;
- ``default-graph-uri`` and ``named-graph-uri``: 400, name the graphs with FROM / FROM NAMED instead;
- a request larger than ``Limits.max_request`` bytes: 413;
- a result with more rows (or triples) than ``Limits.max_rows``: 422, add LIMIT;
- more queries than ``Limits.max_concurrent`` at once: 503 with Retry-After;
- a query running past ``Limits.timeout`` seconds: 503.

Timed-out evaluations that an engine cannot interrupt keep running until they finish; while as many
of them run as the concurrency bound, new queries are refused (503) rather than queued behind them.
"""

import csv
import io
import json
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from rdflib import Literal
from rdflib.query import Result
from rdflib.term import Node

from hipskg import sparql
from hipskg.errors import HipskgError
from hipskg.web.negotiation import FORMAT_NAMES, RDF_MEDIA_TYPES, negotiate

if TYPE_CHECKING:
    from hipskg.api import KnowledgeGraph
    from hipskg.web.workers import WorkerPool

TABLE_MEDIA_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
)
BOOLEAN_MEDIA_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "application/json")
FORMAT_PARAMETER = {  # ?format= (for download links) → media type
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I
)


@dataclass(frozen=True)
class Limits:
    """What one query may take; every field is an option of ``hipskg serve``."""

    timeout: float = 10.0  # seconds a query may run
    max_rows: int = 10_000  # rows of a table, or triples of a graph, in one answer
    max_concurrent: int = 4  # queries evaluated at once
    max_request: int = 64 * 1024  # bytes of a query (URL or body)


class Refused(HipskgError):
    """A request the endpoint answers with an error status; the message says why and what would work."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = dict(headers or {})

    def __reduce__(self) -> tuple:  # sent back from a query worker
        return (Refused, (self.status, str(self), self.headers))


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    headers: dict[str, str] = field(default_factory=dict)


def too_large(size: int, limits: Limits) -> Refused:
    return Refused(413, f"the request has {size:,} bytes; this server takes queries of at most {limits.max_request:,}")


def query_of(
    method: str, content_type: str, arguments: Mapping[str, list[str]], body: bytes, limits: Limits
) -> tuple[str, dict[str, list[str]]]:
    """The query text a protocol request carries, and all its parameters (``arguments``, the URL's query string,
    parsed, with a POSTed form's fields)."""
    if len(body) > limits.max_request:
        raise too_large(len(body), limits)
    media_type = content_type.split(";")[0].strip().lower()
    form = dict(arguments)
    if method == "POST" and media_type == "application/x-www-form-urlencoded":
        form.update(parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))
    if "update" in form or media_type == "application/sparql-update":
        raise _read_only()
    if "default-graph-uri" in form or "named-graph-uri" in form:
        raise Refused(
            400,
            "default-graph-uri and named-graph-uri are not supported here: name the graphs in the query with FROM or FROM NAMED",
        )
    if method == "POST" and media_type == "application/sparql-query":
        text = body.decode("utf-8", "replace")
    elif len(form.get("query", [])) == 1:
        text = form["query"][0]
    elif "query" in form:
        raise Refused(400, "the request gives query more than once: give it once")
    else:
        raise Refused(400, "no query: give query=... (GET or a POSTed form) or POST the query as application/sparql-query")
    if len(text.encode("utf-8")) > limits.max_request:
        raise Refused(413, f"the query has more than {limits.max_request:,} bytes, this server's limit")
    if _UPDATE.match(sparql.without_comments(text)):
        raise _read_only()
    return text, form


def _read_only() -> Refused:
    return Refused(403, "this endpoint is read-only: updates are refused; the data changes only through hipskg ingest and load")


def wants_inferred(arguments: Mapping[str, list[str]]) -> bool:
    """Whether a request wants the inferred facts too: yes unless it says ``asserted-only=true`` (or 1, yes, on)."""
    return arguments.get("asserted-only", ["false"])[-1].strip().lower() not in ("true", "1", "yes", "on")


BUSY = "the server is answering as many queries as it allows at once; try again shortly"


def evaluate(
    kg: "KnowledgeGraph", text: str, bindings: dict[str, Node] | None = None, *, inferred: bool, limits: Limits
) -> Result:
    """The answer to ``text`` within ``limits``, or Refused (SERVICE, past the time limit, too large, a syntax error)."""
    line = sparql.service_line(text)
    if line is not None:
        raise Refused(403, f"line {line}: SERVICE would make this server query another one; it only answers from its own data")
    try:
        result = kg.sparql(text, bindings, asserted_only=not inferred, timeout=limits.timeout).result
    except sparql.QueryTimeout:
        raise past_time_limit(limits) from None
    except HipskgError as error:
        raise Refused(400, str(error)) from None
    size = len(result.graph) if result.type in ("CONSTRUCT", "DESCRIBE") and result.graph is not None else len(result)
    if size > limits.max_rows:
        unit = "triples" if result.type in ("CONSTRUCT", "DESCRIBE") else "rows"
        raise Refused(
            422,
            f"the answer has {size:,} {unit}, more than this server's limit of {limits.max_rows:,}: add LIMIT (and OFFSET to page)",
        )
    return result


def reply(kg: "KnowledgeGraph", text: str, *, inferred: bool, accept: str | None, fmt: str | None, limits: Limits) -> Answer:
    """A protocol query's answer, serialized as the request asks; Refused for anything that keeps it from being one."""
    result = evaluate(kg, text, inferred=inferred, limits=limits)
    try:
        return warned(answer(result, accept, fmt), text)
    except Refused:
        raise
    except HipskgError as error:  # terms a format cannot write (an IRI RDF/XML cannot split into an element name)
        raise Refused(400, f"the answer cannot be written as asked: {error}") from None


WARNINGS_HEADER = "Hipskg-Warnings"


def warned(reply: Answer, text: str) -> Answer:
    """``reply`` with a Hipskg-Warnings header when the query names terms the ontology does not define: a JSON list
    of sentences (ASCII, as a header must be), each naming the term and the closest defined ones."""
    from hipskg.vocabulary import unknown_terms

    notes = [term.text() for term in unknown_terms(text)]
    if not notes:
        return reply
    return Answer(reply.body, reply.media_type, {**reply.headers, WARNINGS_HEADER: json.dumps(notes)})


def past_time_limit(limits: Limits) -> Refused:
    return Refused(
        503,
        f"the query ran past {limits.timeout:g} s, this server's limit per query: narrow it (LIMIT, a more selective pattern)",
    )


class QueryService:
    """Runs queries against one graph, bounded in number, time and size: in this process (the catalogue's queries,
    and any query on a store that stops its own queries), or in worker processes that can be stopped (``pool``)."""

    def __init__(self, kg: "KnowledgeGraph", limits: Limits, pool: "WorkerPool | None" = None) -> None:
        self.kg = kg
        self.limits = limits
        self.pool = pool
        self._slots = threading.BoundedSemaphore(limits.max_concurrent)

    @contextmanager
    def _slot(self) -> Iterator[None]:
        """One of the ``max_concurrent`` places for a query in this process, or Refused (503) after waiting a second.
        Timed-out evaluations still running count against them: they hold a core until they end."""
        if sparql.abandoned() >= self.limits.max_concurrent or not self._slots.acquire(timeout=1.0):
            raise Refused(503, BUSY, {"Retry-After": "1"})
        try:
            yield
        finally:
            self._slots.release()

    def run(self, text: str, bindings: dict[str, Node] | None = None, *, inferred: bool = True) -> Result:
        """The answer to ``text`` in this process, or Refused (busy, SERVICE, past the time limit, too large, syntax)."""
        with self._slot():
            return evaluate(self.kg, text, bindings, inferred=inferred, limits=self.limits)

    def answer(self, text: str, *, inferred: bool, accept: str | None, fmt: str | None) -> Answer:
        """A protocol query's answer: in a worker process when there are workers."""
        if self.pool is not None:
            from hipskg.web.workers import Job

            return self.pool.answer(Job(text, inferred, accept, fmt))
        with self._slot():
            return reply(self.kg, text, inferred=inferred, accept=accept, fmt=fmt, limits=self.limits)


def answer(result: Result, accept: str | None, fmt: str | None = None) -> Answer:
    """``result`` in the media type named by ``fmt`` (a ?format= value) or else negotiated from ``accept``."""
    graph = result.type in ("CONSTRUCT", "DESCRIBE")
    offered = RDF_MEDIA_TYPES if graph else BOOLEAN_MEDIA_TYPES if result.type == "ASK" else TABLE_MEDIA_TYPES
    if fmt is not None:
        media_type = FORMAT_PARAMETER.get(fmt.lower())
        if media_type is None or media_type not in offered:
            names = sorted(name for name, media in FORMAT_PARAMETER.items() if media in offered)
            raise Refused(400, f"format={fmt!r} does not fit a {result.type} answer: give one of {', '.join(names)}")
    else:
        media_type = negotiate(accept, offered)
        if media_type is None:
            raise Refused(406, f"a {result.type} answer comes as {', '.join(offered)}; the request accepts none of them")
    return Answer(serialized(result, media_type), media_type)


def serialized(result: Result, media_type: str) -> bytes:
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        from hipskg import export

        return export.serialize([sparql.result_graph(result)], FORMAT_NAMES[media_type]).encode("utf-8")
    if media_type == "text/tab-separated-values":
        return _tsv(result)
    if media_type in ("application/sparql-results+json", "application/json"):
        return sparql.format_result(result, "json").encode("utf-8")
    return result.serialize(format="xml" if media_type == "application/sparql-results+xml" else "csv") or b""


def _tsv(result: Result) -> bytes:
    """SPARQL 1.1 TSV results: a header of ?variables, then each term as in Turtle (tabs and newlines escaped)."""
    variables = result.vars or []
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar=None, quotechar="\x00")
    writer.writerow([f"?{variable}" for variable in variables])
    for row in result:
        writer.writerow([_tsv_term(row[variable]) for variable in variables])  # type: ignore[index,call-overload]
    return out.getvalue().encode("utf-8")


def _tsv_term(node: Node | None) -> str:
    if node is None:
        return ""
    text = node.n3()
    if isinstance(node, Literal):
        text = text.replace("\t", "\\t")
    return text
