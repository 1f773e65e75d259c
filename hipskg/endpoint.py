"""Serving the graph: the same queries against a remote SPARQL 1.1 endpoint, and pushing the build to one.

Queries go through SPARQLWrapper with their parameters bound by the same VALUES block as local
queries (see :func:`hipskg.sparql.with_values`), so a catalogue query means the same thing in both
places. The endpoint must expose the union of its named graphs as the default graph, as the local
store does (Oxigraph: ``oxigraph serve --union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph``).
Credentials come from options or the HIPSKG_ENDPOINT_USER / HIPSKG_ENDPOINT_PASSWORD environment
variables and are never printed.
"""

import base64
import http.client
import io
import math
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from rdflib import Dataset, Graph, URIRef
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


def query(
    url: str,
    text: str,
    bindings: dict[str, Node] | None = None,
    *,
    timeout: float = QUERY_TIMEOUT,
    credentials: Credentials = Credentials(),
) -> Result:
    """Run a query on the endpoint; SELECT and ASK come back as rdflib results, CONSTRUCT and DESCRIBE as a graph."""
    bound = with_values(text, bindings or {})
    check_syntax(bound)
    wrapper = SPARQLWrapper(url)
    # SPARQLWrapper guesses the query form with a regular expression that reads comments too
    # ("add" in a description makes it an update), so the server gets the query without them.
    wrapper.setQuery(prologue() + without_comments(bound))
    wrapper.setMethod("POST")
    wrapper.setTimeout(max(1, math.ceil(timeout)))  # whole seconds, at least one
    for name, value in credentials.header().items():
        wrapper.addCustomHttpHeader(name, value)
    graph_query = query_form(bound) in ("CONSTRUCT", "DESCRIBE")
    wrapper.setReturnFormat(TURTLE if graph_query else JSON)
    try:
        body = wrapper.query().response.read()
    except (urllib.error.URLError, SPARQLWrapperException, OSError, http.client.HTTPException) as error:
        raise _failure(url, error) from None
    try:
        if graph_query:
            result = Result("CONSTRUCT")
            result.graph = Graph().parse(data=body, format="turtle")
            return result
        return Result.parse(io.BytesIO(body), format="json")
    except Exception:  # rdflib's parsers raise many types for a body that is not what was asked for
        raise EndpointError(f"{url}: the answer is not SPARQL {'Turtle' if graph_query else 'JSON results'}") from None


def _request(url: str, method: str, body: bytes | None, media_type: str, credentials: Credentials, timeout: float) -> bytes:
    """One Graph Store Protocol request: ``body`` is sent as ``media_type``, or without a body ``media_type`` is asked for."""
    header = {"Content-Type": media_type} if body is not None else {"Accept": media_type}
    request = urllib.request.Request(url, data=body, method=method, headers={**header, **credentials.header()})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
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
    """Remove one named graph of the store (Graph Store Protocol DELETE)."""
    _request(_graph_url(store_url, name), "DELETE", b"", "text/plain", credentials, timeout)


def get_graph(
    store_url: str, name: URIRef, *, credentials: Credentials = Credentials(), timeout: float = TRANSFER_TIMEOUT
) -> bytes:
    """One named graph of the store as N-Triples (Graph Store Protocol GET)."""
    return _request(_graph_url(store_url, name), "GET", None, "application/n-triples", credentials, timeout)


def push(
    store_url: str, dataset: Dataset, *, credentials: Credentials = Credentials(), timeout: float = TRANSFER_TIMEOUT
) -> dict[URIRef, int]:
    """Replace each named graph of the store with the built one (Graph Store Protocol PUT); triples per graph."""
    pushed = {}
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if not len(graph) or not isinstance(graph.identifier, URIRef):
            continue
        put_graph(store_url, graph.identifier, graph, credentials=credentials, timeout=timeout)
        pushed[graph.identifier] = len(graph)
    return pushed
