"""The web application of ``hipskg serve``: Starlette routes over one opened graph, read-only.

Each route is a small function that asks :mod:`hipskg.web.pages` or :mod:`hipskg.web.protocol` for
what to show and a template (``templates/``) for how. The graph does not change while it is served,
so a page is built once and kept (with its ETag) for every later request.

Cool URIs: a project IRI ``https://w3id.org/hipskg/id/...`` is redirected by w3id.org (303 See Other,
``hipskg release --base-url``) to the same path here, which serves the document about the entity
directly: HTML, Turtle, JSON-LD or N-Triples by content negotiation (``Vary: Accept``, with a
``Content-Location`` naming the representation), or by the suffixes ``.html``, ``.ttl``, ``.jsonld``
and ``.nt``. The page of a tombstone (an IRI whose entity left the sources, docs/review.md) that has a
successor is 303 See Other to the successor's page; its RDF is the tombstone's own statements, which
name the successor.
"""

import hashlib
import logging
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import Graph, URIRef
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from hipskg import __version__, resources
from hipskg.catalogue import catalogue, successors
from hipskg.errors import HipskgError
from hipskg.namespaces import BASE, DCTERMS, HIPS, INFERRED_GRAPH, PREFIXES, SD, VOID, compact
from hipskg.sparql import solutions
from hipskg.suggest import closest
from hipskg.terms import iri_problem
from hipskg.web import drawing, pages
from hipskg.web.negotiation import FORMAT_NAMES, RDF_MEDIA_TYPES, SUFFIX_OF, negotiate, split_suffix
from hipskg.web.protocol import Answer, Limits, QueryService, Refused, answer, query_of, too_large, wants_inferred

if TYPE_CHECKING:
    from hipskg.api import KnowledgeGraph
    from hipskg.web.workers import WorkerPool

HERE = Path(__file__).resolve().parent
PAGE_MEDIA_TYPES = ("text/html", *RDF_MEDIA_TYPES)
DOWNLOADS = {"hipskg.ttl": "ttl", "hipskg.nt": "nt", "hipskg.nq": "nq", "hipskg.trig": "trig"}
log = logging.getLogger("hipskg.serve")


@dataclass(frozen=True)
class Settings:
    """How the site is served: the public base URL (for links in RDF and the dataset description) and the limits."""

    base_url: str = "http://127.0.0.1:8000/"
    limits: Limits = Limits()
    cache_bytes: int = 256 << 20  # built pages and SPARQL answers kept, at most this many bytes of them


@dataclass(frozen=True)
class Page:
    """A built answer: status, body, media type and headers, with its ETag computed once."""

    status: int
    body: bytes
    media_type: str
    headers: tuple[tuple[str, str], ...] = ()
    tag: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tag", '"' + hashlib.blake2b(self.body, digest_size=12).hexdigest() + '"')

    def with_headers(self, headers: dict[str, str]) -> "Page":
        return Page(self.status, self.body, self.media_type, self.headers + tuple(headers.items()))

    def response(self, request: Request) -> Response:
        headers = {"ETag": self.tag, **dict(self.headers)}
        if self.status == 200 and _matches(request.headers.get("if-none-match", ""), self.tag):
            return Response(status_code=304, headers=headers)
        return Response(self.body, self.status, headers=headers, media_type=self.media_type)


def _matches(if_none_match: str, tag: str) -> bool:
    """Whether an If-None-Match header names ``tag`` (weak comparison: W/ prefixes aside; ``*`` names any)."""
    named = {part.strip().removeprefix("W/") for part in if_none_match.split(",")}
    return "*" in named or tag in named


class Kept:
    """What was built, kept by key while it fits in ``budget`` bytes; the least recently used goes first."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._items: OrderedDict[tuple, tuple[Any, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Any:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key][0]

    def put(self, key: tuple, value: Any, size: int) -> None:
        if size > self.budget // 16:  # one answer never crowds out many pages
            return
        with self._lock:
            if key in self._items:
                self._size -= self._items.pop(key)[1]
            self._items[key] = (value, size)
            self._size += size
            while self._size > self.budget:
                self._size -= self._items.popitem(last=False)[1][1]


class Site:
    """The served graph and what is built from it once: templates, page cache, search index, drawings."""

    def __init__(self, kg: "KnowledgeGraph", settings: Settings, pool: "WorkerPool | None" = None) -> None:
        self.kg = kg
        self.settings = settings
        self.queries = QueryService(kg, settings.limits, pool)
        self.has_inferred = kg.has_inferred()  # queries see them unless asked not to
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(), trim_blocks=True
        )
        self.templates.globals.update(compact=compact, version=__version__, prefixes=PREFIXES)
        self._cache = Kept(settings.cache_bytes)
        self.names = pages.Names(kg)
        self._built_lock = threading.Lock()

    # building blocks

    def render(self, template: str, status: int = 200, **context: Any) -> Page:
        body = self.templates.get_template(template).render(**context).encode("utf-8")
        return Page(status, body, "text/html")

    async def cached(self, key: tuple, build: Callable[[], Page]) -> Page:
        """The page kept under ``key``, or built (on a worker thread: building queries the store) and kept."""
        page = self._cache.get(key)
        if page is None:
            page = await run_in_threadpool(build)
            if page.status < 500:  # busy or past its time: another request may do better
                self._cache.put(key, page, len(page.body))
        return page

    def answered(self, key: tuple) -> Answer | None:
        """A SPARQL answer given before to the same request (the graph does not change while served)."""
        return self._cache.get(("sparql", *key))

    def keep(self, key: tuple, reply: Answer) -> None:
        self._cache.put(("sparql", *key), reply, len(reply.body))

    def inferred_for(self, arguments: dict[str, list[str]]) -> bool:
        """Whether a request's answer sees the inferred facts: yes unless it asks ``asserted-only=true``, or the store
        holds none (a SPARQL server that hipskg push or load did not give them)."""
        return self.has_inferred and wants_inferred(arguments)

    def once(self, name: str, build: Callable[[], Any]) -> Any:
        """A value built at its first use and kept (the graph does not change while served)."""
        with self._built_lock:
            if name not in self.__dict__:
                self.__dict__[name] = build()
            return self.__dict__[name]

    @property
    def functional(self) -> frozenset[URIRef]:
        return self.once("_functional", lambda: pages.functional_properties(self.kg))

    @property
    def governance(self) -> Any:
        return self.once("_governance", lambda: pages.governance(self.kg))

    def error(self, status: int, message: str, links: list[tuple[str, str]] | None = None) -> Page:
        """An error page; ``links`` (href, text) are the pages the visitor may have meant."""
        return self.render("error.html", status, title={404: "Not found"}.get(status, "Error"), message=message, links=links)

    # pages

    def entity(self, path: str, media_type: str) -> Page:
        iri = BASE + path.lstrip("/")
        if iri_problem(iri) is not None:
            return self.error(404, f"There is no page at /{path.lstrip('/')}: it is not a path any IRI of the graph has.")
        if media_type != "text/html":
            return self.description(iri, media_type)
        successor = successors(self.kg.store.query, [URIRef(iri)]).get(URIRef(iri))
        if successor is not None:  # a tombstone whose entity lives on under another IRI: see its page
            location = pages.local_path(str(successor)) or str(successor)
            return Page(303, b"", "text/html", (("Location", location), ("Vary", "Accept")))
        page = pages.entity(self.kg, iri, "/", self.functional, self.names)
        if page is None:
            return self.error(404, f"Nothing in the graph is called {iri}. Search for it by name instead.")
        if iri in self.governance:
            neighbourhood = self.governance.subgraph({iri, *self.governance.successors(iri), *self.governance.predecessors(iri)})
            page.picture = drawing.svg(neighbourhood, pages.local_path, highlight=iri, title=f"Governance around {page.title}")
        return self.render("entity.html", page=page, alternates=_alternates(path, PAGE_MEDIA_TYPES))

    def description(self, iri: str, media_type: str) -> Page:
        """The statements about ``iri`` (as subject or object) in an RDF format; 404 when there are none."""
        rows = solutions(self.kg.store.query(pages.page_query("statements").bound({"entity": URIRef(iri)})))
        if not rows:
            return Page(404, f"no statement names {iri}\n".encode(), "text/plain")
        graph = Graph()
        for row in rows:
            graph.add(
                (URIRef(iri), row.predicate, row.value)
                if str(row.direction) == "out"
                else (row.value, row.predicate, URIRef(iri))
            )
        return rdf_page(graph, media_type)


def rdf_page(graph: Graph, media_type: str) -> Page:
    from hipskg import export

    return Page(200, export.serialize([graph], FORMAT_NAMES[media_type]).encode("utf-8"), media_type)


def _quoted(path: str, media_type: str) -> str:
    """The path of ``path``'s representation in ``media_type`` (its suffix added), %-encoded as a header may hold it."""
    return quote(f"/{path.lstrip('/')}{SUFFIX_OF[media_type]}", safe="/:@!$&'()*+,;=-._~%")


def _alternates(path: str, offered: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(_quoted(path, media), media) for media in offered if media != "text/html"]


def _negotiated(request: Request, path: str, offered: tuple[str, ...]) -> tuple[str, str | None, bool]:
    """The path without its suffix, the media type (None: nothing acceptable), and whether it was negotiated."""
    bare, suffixed = split_suffix(path)
    if suffixed is not None:
        return bare, suffixed if suffixed in offered else None, False
    return bare, negotiate(request.headers.get("accept"), offered), True


async def _representation(
    site: Site, request: Request, path: str, build: Callable[[str, str], Page], offered: tuple[str, ...] = PAGE_MEDIA_TYPES
) -> Response:
    bare, media_type, negotiated = _negotiated(request, path, offered)
    if media_type is None:
        return PlainTextResponse(f"this resource comes as {', '.join(offered)}; the request accepts none of them\n", 406)

    def described() -> Page:
        page = build(bare, media_type)
        if page.status != 200:  # nothing here: no representations to name
            return page
        links = ", ".join(f'<{href}>; rel="alternate"; type="{media}"' for href, media in _alternates(bare, offered))
        return page.with_headers({"Link": links})

    page = await site.cached((bare, media_type), described)  # one page for the path negotiated and the path suffixed
    response = page.response(request)
    if negotiated and page.status == 200:
        response.headers["Vary"] = "Accept"
        response.headers["Content-Location"] = _quoted(bare, media_type)
    return response


def create_app(kg: "KnowledgeGraph", settings: Settings | None = None, pool: "WorkerPool | None" = None) -> Starlette:
    """The web application serving ``kg``; endpoint queries run in ``pool``'s worker processes when given."""
    site = Site(kg, settings or Settings(), pool)

    async def entity(request: Request) -> Response:
        return await _representation(site, request, "id/" + request.path_params["path"], site.entity)

    async def named_graph(request: Request) -> Response:
        return await _representation(site, request, "graph/" + request.path_params["name"], site.entity)

    async def home(request: Request) -> Response:
        return (await site.cached(("/", "text/html"), lambda: _home(site))).response(request)

    async def browse(request: Request) -> Response:
        name = request.url.path.strip("/")
        return (await site.cached((name, "text/html"), lambda: BROWSE[name](site))).response(request)

    async def search(request: Request) -> Response:
        key = ("search", request.query_params.get("q", "").strip(), request.query_params.get("class") or "")
        return (await site.cached(key, lambda: _search(site, request))).response(request)

    async def query_page(request: Request) -> Response:
        return (await site.cached(("query", "text/html"), lambda: _query_page(site))).response(request)

    async def catalogue_query(request: Request) -> Response:
        key = ("queries", request.path_params["name"], *sorted(request.query_params.items()))
        return (await site.cached(key, lambda: _catalogue_query(site, request))).response(request)

    async def sparql_endpoint(request: Request) -> Response:
        return await _sparql(site, request)

    async def dataset(request: Request) -> Response:
        return await _representation(site, request, request.url.path, lambda bare, media: _dataset(site, media))

    async def ontology(request: Request) -> Response:
        return await _representation(site, request, request.url.path, lambda bare, media: _ontology(site, media))

    async def shapes(request: Request) -> Response:
        return await _representation(site, request, request.url.path, lambda bare, media: _shapes(site, media), RDF_MEDIA_TYPES)

    async def graph_store(request: Request) -> Response:
        return await _graph_store(site, request)

    async def download(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in DOWNLOADS:
            return site.error(404, f"No download called {name}: the dumps are {', '.join(DOWNLOADS)}.").response(request)
        page = await site.cached(
            ("downloads", name),
            lambda: _dump(site, DOWNLOADS[name]).with_headers({"Content-Disposition": f'attachment; filename="{name}"'}),
        )
        return page.response(request)

    routes = [
        Route("/", home),
        Route("/search", search),
        Route("/query", query_page),
        Route("/queries/{name}", catalogue_query),
        Route("/sparql", sparql_endpoint, methods=["GET", "POST"]),
        Route("/store", graph_store),
        Route("/id/{path:path}", entity),
        Route("/graph/{name:path}", named_graph),
        *(Route(f"/def{suffix}", ontology) for suffix in ("", ".html", ".ttl", ".jsonld", ".nt", ".rdf")),
        *(Route(f"/dataset{suffix}", dataset) for suffix in ("", ".html", ".ttl", ".jsonld", ".nt", ".rdf")),
        *(Route(f"/shapes{suffix}", shapes) for suffix in ("", ".ttl", ".jsonld", ".nt", ".rdf")),
        *(Route(f"/{name}", browse) for name in BROWSE),
        Route("/downloads/{name}", download),
        Route("/favicon.ico", lambda request: RedirectResponse("/static/favicon.svg", 301)),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "HEAD", "OPTIONS"], allow_headers=["*"]),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        return site.error(404, f"There is no page at {request.url.path}.").response(request)

    async def failed(request: Request, exc: Exception) -> Response:
        log.error("error serving %s", request.url.path, exc_info=exc)
        return site.error(500, "The server could not build this page; the error is in its log.").response(request)

    app = Starlette(routes=routes, middleware=middleware, exception_handlers={404: not_found, 500: failed})
    app.state.site = site
    return app


# the pages, each built from its queries


def _home(site: Site) -> Page:
    rows = solutions(site.kg.store.query(pages.page_query("counts").text))
    counts = [(compact(row["class"]), str(row.label or compact(row["class"])), int(row.entities)) for row in rows]
    return site.render("home.html", counts=counts, browse=BROWSE_TITLES, queries=len(catalogue()))


def _manual(site: Site) -> Page:
    rows = solutions(site.kg.store.query(pages.page_query("manual").text))
    chapters: dict[str, dict] = {}
    for row in rows:
        chapter = chapters.setdefault(
            str(row.chapter),
            {
                "href": pages.local_path(str(row.chapter)),
                "number": str(row.chapter_number),
                "label": str(row.chapter_label or ""),
                "procedures": {},
            },
        )
        procedure = chapter["procedures"].setdefault(
            str(row.procedure),
            {
                "href": pages.local_path(str(row.procedure)),
                "number": str(row.number or ""),
                "label": str(row.procedure_label or compact(row.procedure)),
                "sections": [],
            },
        )
        if row.section is not None:
            procedure["sections"].append((pages.local_path(str(row.section)), str(row.section_label or compact(row.section))))
    return site.render("manual.html", chapters=list(chapters.values()))


def _themes(site: Site) -> Page:
    rows = solutions(site.kg.store.query(pages.page_query("themes").text))
    themes = [
        (pages.local_path(str(r.theme)), str(r.label or compact(r.theme)), int(r.toolkits), int(r.courses), int(r.documents))
        for r in rows
    ]
    return site.render("themes.html", themes=themes)


def _governance(site: Site) -> Page:
    graph = site.governance
    picture = drawing.svg(graph, pages.local_path, title="Governance of the HIPS safeguarding children partnerships")
    bodies = sorted(
        ((pages.local_path(node), str(label)) for node, label in graph.nodes(data="label")), key=lambda item: item[1].casefold()
    )
    return site.render("governance.html", picture=picture, bodies=bodies)


def _legislation(site: Site) -> Page:
    rows = solutions(site.kg.store.query(pages.page_query("legislation").text))
    kinds: dict[str, list] = defaultdict(list)
    for r in rows:
        kinds[compact(r.kind).removeprefix("hips:")].append(
            (
                pages.local_path(str(r.item)),
                str(r.label or compact(r.item)),
                str(r.year or ""),
                str(r.link or ""),
                int(r.citations),
            )
        )
    return site.render("legislation.html", kinds=sorted(kinds.items()))


def _organisations(site: Site) -> Page:
    rows = solutions(site.kg.store.query(pages.page_query("organisations").text))
    kinds: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for r in rows:
        kinds[str(r.organisation)].add(str(r.kind))
        labels[str(r.organisation)] = str(r.label or compact(r.organisation))
    by_kind: dict[str, list] = defaultdict(list)
    for organisation, classes in kinds.items():
        specific = sorted(classes - {str(HIPS.Organisation)}) or [str(HIPS.Organisation)]
        for cls in specific:
            by_kind[compact(URIRef(cls)).removeprefix("hips:")].append((pages.local_path(organisation), labels[organisation]))
    groups = sorted((kind, sorted(members, key=lambda m: m[1].casefold())) for kind, members in by_kind.items())
    return site.render("organisations.html", groups=groups)


BROWSE: dict[str, Callable[[Site], Page]] = {
    "manual": _manual,
    "themes": _themes,
    "governance": _governance,
    "legislation": _legislation,
    "organisations": _organisations,
}
BROWSE_TITLES = {
    "manual": "Procedures manual",
    "themes": "Themes",
    "governance": "Governance",
    "legislation": "Legislation",
    "organisations": "Organisations",
}


def _search(site: Site, request: Request) -> Page:
    text = request.query_params.get("q", "").strip()
    kind = request.query_params.get("class") or None
    if not text:
        return site.render("search.html", text="", kind=kind, found=None, message="")
    try:
        found = site.kg.search(text, kind=kind, limit=50)
    except HipskgError as error:
        return site.render("search.html", 400, text=text, kind=kind, found=None, message=str(error))
    return site.render("search.html", text=text, kind=kind, found=found, message="", href=pages.local_path)


def _query_page(site: Site) -> Page:
    queries = sorted(catalogue().values(), key=lambda q: q.name)
    return site.render("query.html", queries=queries, texts={q.name: q.text for q in queries})


def _catalogue_query(site: Site, request: Request) -> Page:
    name, suffix = request.path_params["name"], None
    for ending in (".csv", ".json", ".tsv"):
        if name.endswith(ending):
            name, suffix = name[: -len(ending)], ending[1:]
    queries = catalogue()
    if name not in queries:
        close = [(f"/queries/{other}", other) for other in closest(name, queries)]
        return site.error(404, f"The catalogue has no query called {name}.", close)
    query = queries[name]
    values = {p.name: request.query_params[p.name] for p in query.parameters if request.query_params.get(p.name, "").strip()}
    missing = [p.name for p in query.parameters if p.name not in values]
    kept = {} if wants_inferred(dict(parse_qs(str(request.url.query)))) else {"asserted-only": "true"}
    result, message, status = None, "", 200
    if not missing or "run" in request.query_params:
        try:
            text = site.kg.prepared(name, values)[0] if not missing else query.text
            result = site.queries.run(text, inferred=site.inferred_for(dict(parse_qs(str(request.url.query)))))
        except Refused as refused:  # busy, past the time limit, too large
            message, status = str(refused), refused.status
        except HipskgError as error:  # an unresolved label, an invalid IRI, a failed query
            message, status = str(error), 400
    if suffix is not None:
        if result is None:
            return Page(400, f"{message or 'give the parameters ' + ', '.join(missing)}\n".encode(), "text/plain")
        body = answer(result, None, suffix)
        return Page(200, body.body, body.media_type, (("Content-Disposition", f'attachment; filename="{name}.{suffix}"'),))
    choices = {p.name: _choices(site, p.cls) for p in query.parameters if p.kind == "entity"}
    return site.render(
        "catalogue_query.html",
        status,
        query=query,
        values=values,
        choices=choices,
        result=_table(site, result) if result is not None else None,
        message=message,
        downloads=[(f"/queries/{name}.{fmt}?{urlencode({**values, **kept})}", fmt.upper()) for fmt in ("csv", "json")],
    )


def _choices(site: Site, cls: str | None) -> list[str]:
    """The labels a parameter of class ``cls`` completes from (none when it names no class: any entity would do)."""
    if cls is None:
        return []
    prefix, _, local = cls.partition(":")
    query = pages.page_query("class-labels").bound({"class": URIRef(PREFIXES[prefix] + local)})
    return site.once(f"_choices {cls}", lambda: [str(row.label) for row in solutions(site.kg.store.query(query))])


def _table(site: Site, result: Any) -> dict:
    if result.type == "ASK":
        return {"boolean": bool(result.askAnswer)}
    if result.type != "SELECT":
        triples = sorted(result.graph, key=lambda triple: tuple(str(term) for term in triple))
        return {
            "variables": ["subject", "predicate", "object"],
            "rows": [[_cell(site, term) for term in triple] for triple in triples],
        }
    variables = [str(v) for v in result.vars or []]
    body = [[_cell(site, row[v]) for v in (result.vars or [])] for row in result]
    return {"variables": variables, "rows": body}


def _cell(site: Site, node: Any) -> tuple[str, str | None]:
    if node is None:
        return ("", None)
    if isinstance(node, URIRef):
        return (compact(node), pages.local_path(str(node)))
    return (str(node), None)


async def _sparql(site: Site, request: Request) -> Response:
    arguments = parse_qs(request.url.query, keep_blank_values=True)
    accept = request.headers.get("accept", "")
    if request.method == "GET" and "query" not in arguments and _names_html(accept):
        return RedirectResponse("/query", 303)  # a browser opening the endpoint: the query page
    try:
        body = await _body(request, site.settings.limits) if request.method == "POST" else b""
        text, form = query_of(request.method, request.headers.get("content-type", ""), arguments, body, site.settings.limits)
        key = (text, site.inferred_for(form), accept, form.get("format", [None])[-1])
        reply = site.answered(key)
        if reply is None:
            reply = await run_in_threadpool(site.queries.answer, text, inferred=key[1], accept=accept, fmt=key[3])
            site.keep(key, reply)
    except Refused as refused:
        return PlainTextResponse(str(refused) + "\n", refused.status, headers=refused.headers)
    return Response(reply.body, media_type=reply.media_type, headers={"Vary": "Accept", **reply.headers})


def _names_html(accept: str) -> bool:
    """Whether an Accept header names HTML itself (a browser), not only through a wildcard (curl's */*)."""
    return any(part.split(";")[0].strip().lower() in ("text/html", "application/xhtml+xml") for part in accept.split(","))


async def _body(request: Request, limits: Limits) -> bytes:
    """The request's body, refused (413) as soon as it is known to be larger than a query may be: never read whole."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_request:
        raise too_large(int(declared), limits)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limits.max_request:
            raise too_large(len(body), limits)
    return bytes(body)


async def _graph_store(site: Site, request: Request) -> Response:
    """SPARQL 1.1 Graph Store Protocol, read only: ``?graph=IRI`` (one named graph) or ``?default`` (their union)."""
    if request.method not in ("GET", "HEAD"):
        return PlainTextResponse("this graph store is read-only: GET a graph\n", 405, headers={"Allow": "GET, HEAD"})
    arguments = request.query_params
    media_type = negotiate(request.headers.get("accept"), RDF_MEDIA_TYPES)
    if media_type is None:
        return PlainTextResponse(f"a graph comes as {', '.join(RDF_MEDIA_TYPES)}; the request accepts none of them\n", 406)
    held = await run_in_threadpool(site.kg.store.graph_names)
    if "graph" in arguments:
        name = URIRef(arguments["graph"])
        if name not in held or name == INFERRED_GRAPH:
            return PlainTextResponse(
                f"no named graph {name}: GET /store?default for all, or one of the graphs listed at /dataset\n", 404
            )
        names = [name]
    elif "default" in arguments:
        names = [name for name in held if name != INFERRED_GRAPH]
    else:
        return PlainTextResponse("give ?graph=IRI (one named graph) or ?default (the union of the named graphs)\n", 400)
    page = await site.cached(
        ("store", ",".join(names) + media_type), lambda: _graphs(site, names, media_type).with_headers({"Vary": "Accept"})
    )
    return page.response(request)


def _graphs(site: Site, names: list[URIRef], media_type: str) -> Page:
    if media_type == "application/n-triples":
        return Page(200, b"".join(site.kg.store.ntriples(name) for name in names), media_type)
    if media_type == "text/turtle":
        return Page(200, site.kg.store.turtle(names).encode("utf-8"), media_type)
    return rdf_page(_rdflib_graph(site, names), media_type)


def _dump(site: Site, fmt: str) -> Page:
    from hipskg.formats import rdf_format

    return Page(200, site.kg.export(format=fmt), rdf_format(fmt).media_type)


def _described_dataset(site: Site) -> Graph:
    from datetime import date

    from hipskg.describe import describe
    from hipskg.rdfio import read_graph

    held = site.kg.store.dataset()
    graphs = [held.graph(name) for name in site.kg.store.graph_names() if name != INFERRED_GRAPH]
    metadata = read_graph(site.kg.data / "dataset.ttl")
    downloads = site.settings.base_url + "downloads/"
    return describe(
        graphs,
        metadata,
        version=__version__,
        issued=date.today(),
        download_base=downloads,
        dumps=[downloads + name for name in DOWNLOADS],
    )


def _dataset(site: Site, media_type: str) -> Page:
    graph = site.once("_dataset", lambda: _described_dataset(site))
    if media_type != "text/html":
        return rdf_page(graph, media_type)
    subsets = sorted(
        (str(graph.value(subset, SD.name)), int(graph.value(subset, VOID.triples) or 0))
        for subset in graph.objects(URIRef(BASE + "dataset"), VOID.subset)
    )
    return site.render(
        "dataset.html",
        title=str(graph.value(URIRef(BASE + "dataset"), DCTERMS.title) or "hipskg"),
        turtle=rdf_page(graph, "text/turtle").body.decode("utf-8"),
        subsets=[(name, pages.local_path(name), triples) for name, triples in subsets],
        downloads=list(DOWNLOADS),
    )


def _ontology(site: Site, media_type: str) -> Page:
    from hipskg.namespaces import ONTOLOGY_GRAPH

    ontology = site.once("_ontology", lambda: _rdflib_graph(site, [ONTOLOGY_GRAPH]))
    if media_type != "text/html":
        return rdf_page(ontology, media_type)
    from hipskg.ontodoc import render

    data = site.kg.store.asserted()
    asserted = data if isinstance(data, Graph) else data.graph()
    return Page(200, render(ontology, asserted).encode("utf-8"), "text/html")


def _shapes(site: Site, media_type: str) -> Page:
    from hipskg.rdfio import merged, read_graph

    shapes = merged(read_graph(path) for path in sorted(resources.folder("shapes").glob("*.ttl")))
    return rdf_page(shapes, media_type)


def _rdflib_graph(site: Site, names: list[URIRef]) -> Graph:
    """The named graphs ``names`` merged into one rdflib graph, read from the store's N-Triples."""
    graph = Graph()
    for name in names:
        graph.parse(data=site.kg.store.ntriples(name), format="nt")
    return graph
