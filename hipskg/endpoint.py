"""Serving the graph: the same queries against a remote SPARQL 1.1 endpoint, and pushing the build to one.

Queries go through SPARQLWrapper with their parameters bound by the same VALUES block as local
queries (see :func:`hipskg.sparql.with_values`), so a catalogue query means the same thing in both
places. A store over a server names the graphs a query reads with the protocol's ``default-graph-uri``
and ``named-graph-uri`` parameters, so whether the server's own default graph is the union of its
named graphs (Oxigraph's ``--union-default-graph``, Fuseki's ``tdb2:unionDefaultGraph``) does not
matter, nor what else it holds (Virtuoso's system graphs). A query also tells the server when to stop
(:func:`limit_parameters`), so a query given up on does not run on. Credentials come from options or
the HIPSKG_ENDPOINT_USER / HIPSKG_ENDPOINT_PASSWORD environment variables and are never printed.
"""

import ast
import base64
import http.client
import io
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.query import Result
from rdflib.term import Node
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from hipskg.defaults import TRANSFER_TIMEOUT
from hipskg.rdfio import turtle
from hipskg.sparql import (
    QUERY_TIMEOUT,
    QueryError,
    QueryTimeout,
    check_syntax,
    prologue,
    query_form,
    with_values,
    without_comments,
)


class EndpointError(QueryError):
    """The endpoint could not be reached or answered with an error; the message names URL and status."""


@dataclass(frozen=True)
class Credentials:
    user: str | None = None
    password: str | None = None

    @classmethod
    def from_environment(cls, user: str | None = None, password: str | None = None) -> "Credentials":
        return cls(user or os.environ.get("HIPSKG_ENDPOINT_USER"), password or os.environ.get("HIPSKG_ENDPOINT_PASSWORD"))

    def opener(self, url: str) -> urllib.request.OpenerDirector:
        """What sends a Graph Store request to ``url``: the credentials go as HTTP Basic or Digest, whichever the server
        asks for (Virtuoso's /sparql-graph-crud-auth wants Digest and refuses a Basic header sent up front)."""
        if not self.user:
            return urllib.request.build_opener()
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, self.user, self.password or "")
        return urllib.request.build_opener(
            urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)
        )

    def header(self) -> dict[str, str]:
        if not self.user:
            return {}
        token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode("ascii")
        return {"Authorization": f"Basic {token}"}


def located(url: str, credentials: Credentials) -> tuple[str, Credentials]:
    """``url`` without a user name and password written into it, and the credentials to send: those
    given (options, environment) first, else the URL's own. The URL can then be shown in messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, credentials
    host = parts.netloc.rpartition("@")[2]
    bare = urllib.parse.urlunsplit(parts._replace(netloc=host))
    user = credentials.user or urllib.parse.unquote(parts.username)
    password = credentials.password or (urllib.parse.unquote(parts.password) if parts.password is not None else None)
    return bare, Credentials(user, password)


# SPARQLWrapper turns HTTP errors into exceptions of its own, one class per status.
_STATUS = {
    "QueryBadFormed": "400 Bad Request",
    "Unauthorized": "401 Unauthorized",
    "Forbidden": "403 Forbidden",
    "EndPointNotFound": "404 Not Found",
    "URITooLong": "414 URI Too Long",
    "EndPointInternalError": "500 Internal Server Error",
}


def _failure(url: str, error: BaseException) -> QueryError:
    """One line saying what went wrong with ``url``, without credentials or a traceback."""
    if isinstance(error, urllib.error.HTTPError):
        return EndpointError(f"{url}: HTTP {error.code} {error.reason}")
    if type(error).__name__ == "QueryBadFormed":
        return EndpointError(f"{url} refused the query: HTTP 400 Bad Request: {_server_says(str(error))}")
    if isinstance(error, SPARQLWrapperException):
        status = _STATUS.get(type(error).__name__, "error")
        detail = str(error).splitlines()[0].split(": ", 1)[-1].strip()
        return EndpointError(f"{url}: HTTP {status}: {detail}")
    reason = getattr(error, "reason", error)
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return QueryTimeout(f"{url}: no answer: timed out")
    if isinstance(error, http.client.HTTPException):
        return EndpointError(f"{url}: not an HTTP answer: {type(error).__name__}")
    return EndpointError(f"{url}: cannot connect: {reason}")


def _server_says(message: str) -> str:
    """The server's own words for a query it refused (the body SPARQLWrapper quotes after "Response:"), its line numbers
    counted from the query's first line, not from the project's PREFIX lines sent before it."""
    said = message.partition("Response:")[2].strip() or message.splitlines()[0]
    if said.startswith(("b'", 'b"')):
        said = ast.literal_eval(said).decode("utf-8", "replace")
    offset = prologue().count("\n")

    def shifted(found: re.Match) -> str:
        line = int(found.group(2))
        return f"{found.group(1)}{line - offset if line > offset else line}"

    return re.sub(r"(\bline |\bat )(\d+)(?=\b)", shifted, said)


@dataclass(frozen=True)
class QueryDataset:
    """The RDF dataset a query reads (SPARQL protocol): the named graphs merged into its default graph and those
    its GRAPH patterns see. Empty: the server's own default dataset."""

    default: Sequence[URIRef] = ()
    named: Sequence[URIRef] = ()


def query(
    url: str,
    text: str,
    bindings: dict[str, Node] | None = None,
    *,
    timeout: float = QUERY_TIMEOUT,
    credentials: Credentials = Credentials(),
    dataset: QueryDataset = QueryDataset(),
    limit: Mapping[str, str] | None = None,
) -> Result:
    """Run a query on the endpoint over ``dataset``; SELECT and ASK come back as rdflib results, CONSTRUCT and
    DESCRIBE as a graph. ``limit`` holds the parameters that stop the query on the server (:func:`limit_parameters`)."""
    bound = with_values(text, bindings or {})
    check_syntax(bound)
    wrapper = SPARQLWrapper(url)
    # SPARQLWrapper guesses the query form with a regular expression that reads comments too
    # ("add" in a description makes it an update), so the server gets the query without them.
    wrapper.setQuery(prologue() + without_comments(bound))
    wrapper.setMethod("POST")
    wrapper.timeout = timeout  # type: ignore[assignment] # urllib's socket timeout, to the millisecond (setTimeout rounds to int)
    for name, value in credentials.header().items():
        wrapper.addCustomHttpHeader(name, value)
    for graph in dataset.default:
        wrapper.addDefaultGraph(str(graph))
    for graph in dataset.named:
        wrapper.addNamedGraph(str(graph))
    for name, value in (limit or {}).items():
        wrapper.addParameter(name, value)
    graph_query = query_form(bound) in ("CONSTRUCT", "DESCRIBE")
    wrapper.setReturnFormat(TURTLE if graph_query else JSON)
    try:
        response = wrapper.query().response
        body = response.read()
    except (urllib.error.URLError, SPARQLWrapperException, OSError, http.client.HTTPException) as error:
        raise _failure(url, error) from None
    if response.headers.get("X-SQL-State") == "S1TAT":  # Virtuoso's "anytime" answer: what it found before the limit
        raise QueryTimeout(f"{url}: the server stopped the query at the time limit: narrow it or raise --timeout")
    try:
        if graph_query:
            result = Result("CONSTRUCT")
            result.graph = Graph().parse(data=body, format="turtle")
            return result
        return Result.parse(io.BytesIO(body), format="json")
    except Exception:  # rdflib's parsers raise many types for a body that is not what was asked for
        raise EndpointError(f"{url}: the answer is not SPARQL {'Turtle' if graph_query else 'JSON results'}") from None


def server_software(url: str, *, credentials: Credentials = Credentials(), timeout: float = TRANSFER_TIMEOUT) -> str:
    """The query endpoint's ``Server`` header (e.g. "Virtuoso/07.20.3229 (Linux)"), "Fuseki" for Fuseki (which sends
    a Fuseki-Request-Id header instead), "" when it says neither."""
    request = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode({'query': 'ASK {}'})}",
        headers={"Accept": "application/sparql-results+json", **credentials.header()},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            headers = response.headers
    except urllib.error.HTTPError as error:  # an answer all the same: its headers name the server
        headers = error.headers
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        raise _failure(url, error) from None
    return "Fuseki" if headers.get("Fuseki-Request-Id") else headers.get("Server", "")


def limit_parameters(software: str, seconds: float) -> dict[str, str]:
    """The request parameters that make the server stop a query after ``seconds``: Virtuoso reads ``timeout`` in
    milliseconds, Fuseki in seconds (decimals allowed). Oxigraph's server has no such parameter (start it with
    ``--timeout-s``), nor has a server hipskg does not know: then only the client stops waiting."""
    if software.startswith("Virtuoso"):
        return {"timeout": str(max(1, round(seconds * 1000)))}
    if software == "Fuseki":
        return {"timeout": f"{seconds:.3f}"}
    return {}


def _request(
    url: str,
    method: str,
    body: bytes | None,
    media_type: str,
    credentials: Credentials,
    timeout: float,
    *,
    missing: bytes | None = None,
) -> bytes:
    """One Graph Store Protocol request: ``body`` is sent as ``media_type``, or without a body ``media_type`` is asked
    for. A graph the server does not hold (404) gives ``missing`` when that is not None."""
    header = {"Content-Type": media_type} if body is not None else {"Accept": media_type}
    request = urllib.request.Request(url, data=body, method=method, headers=header)
    try:
        with credentials.opener(url).open(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        if error.code == 404 and missing is not None:
            return missing
        raise _failure(url.split("?", 1)[0], error) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        raise _failure(url.split("?", 1)[0], error) from None


def _graph_url(store_url: str, name: URIRef) -> str:
    return f"{store_url}?{urllib.parse.urlencode({'graph': str(name)})}"


def put_graph(
    store_url: str, name: URIRef, graph: Graph, *, credentials: Credentials = Credentials(), timeout: float = TRANSFER_TIMEOUT
) -> None:
    """Replace one named graph of the store (Graph Store Protocol PUT)."""
    _request(
        _graph_url(store_url, name), "PUT", turtle(graph).encode("utf-8"), "text/turtle; charset=utf-8", credentials, timeout
    )


def delete_graph(
    store_url: str, name: URIRef, *, credentials: Credentials = Credentials(), timeout: float = TRANSFER_TIMEOUT
) -> None:
    """Remove one named graph of the store (Graph Store Protocol DELETE); one it does not hold is no error."""
    _request(_graph_url(store_url, name), "DELETE", b"", "text/plain", credentials, timeout, missing=b"")


def get_graph(
    store_url: str, name: URIRef, *, credentials: Credentials = Credentials(), timeout: float = TRANSFER_TIMEOUT
) -> bytes:
    """One named graph of the store as N-Triples (Graph Store Protocol GET); one it does not hold is empty."""
    return _request(_graph_url(store_url, name), "GET", None, "application/n-triples", credentials, timeout, missing=b"")
