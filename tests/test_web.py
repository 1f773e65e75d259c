"""hipskg serve over HTTP: a real server process on 127.0.0.1, asked as clients and browsers ask.

The SPARQL 1.1 Protocol (each way of sending a query, each result format, what is refused and why),
content negotiation of every IRI's page, 404s, escaping of labels holding markup, CORS, the read-only
Graph Store Protocol, and no stack trace in any answer.
"""

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.message import Message

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from .web_server import HOSTILE_IRI, data_with_hostile_label, hipskg_server

CERAF_COURSES = """SELECT ?course WHERE { ?course hips:coversTool ?tool .
?tool skos:prefLabel "Child Exploitation Risk Assessment Framework (CERAF)"@en } ORDER BY ?course"""
COURSE = "https://w3id.org/hipskg/id/course/introduction-to-the-child-exploitation-risk-assessment-framework"


@dataclass
class Reply:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def media_type(self) -> str:
        return self.headers.get_content_type()


def fetch(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None) -> Reply:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers, error.read())


def sparql_get(base: str, query: str, accept: str = "application/sparql-results+json", **extra: str) -> Reply:
    return fetch(f"{base}/sparql?" + urllib.parse.urlencode({"query": query, **extra}), headers={"Accept": accept})


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> str:
    data = data_with_hostile_label(tmp_path_factory.mktemp("web"))
    with hipskg_server(data, "--max-rows", "5000") as url:
        yield url


@pytest.fixture(scope="module")
def strict(tmp_path_factory) -> str:
    """A server with tight limits: 1 query at a time, 1.5 s each, 100 rows, 2,000-byte requests."""
    data = data_with_hostile_label(tmp_path_factory.mktemp("strict"))
    options = ("--timeout", "1.5", "--max-concurrent", "1", "--max-rows", "100", "--max-request", "2000")
    with hipskg_server(data, *options) as url:
        yield url


def courses(reply: Reply) -> list[str]:
    return [binding["course"]["value"] for binding in json.loads(reply.body)["results"]["bindings"]]


# the SPARQL 1.1 Protocol


def test_get_with_the_projects_prefixes(site):
    reply = sparql_get(site, CERAF_COURSES)
    assert reply.status == 200 and reply.media_type == "application/sparql-results+json"
    assert courses(reply) == [
        "https://w3id.org/hipskg/id/course/child-exploitation-as-a-health-professional-what-do-you-need-to-know",
        COURSE,
    ]


def test_post_as_a_form_and_as_the_query_itself(site):
    form = fetch(
        f"{site}/sparql",
        data=urllib.parse.urlencode({"query": CERAF_COURSES}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    direct = fetch(
        f"{site}/sparql",
        data=CERAF_COURSES.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    assert form.status == direct.status == 200
    assert courses(form) == courses(direct) == courses(sparql_get(site, CERAF_COURSES))


@pytest.mark.parametrize(
    ("accept", "media_type", "start"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", "{"),
        ("application/sparql-results+xml", "application/sparql-results+xml", "<?xml"),
        ("text/csv", "text/csv", "course\r\nhttps://w3id.org/hipskg/id/course/"),
        ("text/tab-separated-values", "text/tab-separated-values", "?course\n<https://w3id.org/hipskg/id/course/"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml", "<?xml"),
        ("*/*", "application/sparql-results+json", "{"),
    ],
)
def test_select_results_by_content_negotiation(site, accept, media_type, start):
    reply = sparql_get(site, CERAF_COURSES, accept)
    assert (reply.status, reply.media_type) == (200, media_type)
    assert reply.text.startswith(start)
    assert "Accept" in reply.headers["Vary"]


@pytest.mark.parametrize(
    ("accept", "media_type", "check"),
    [
        ("text/turtle", "text/turtle", "ttl"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
    ],
)
def test_construct_results_by_content_negotiation(site, accept, media_type, check):
    query = f"CONSTRUCT {{ <{COURSE}> skos:prefLabel ?label }} WHERE {{ <{COURSE}> skos:prefLabel ?label }}"
    reply = sparql_get(site, query, accept)
    assert (reply.status, reply.media_type) == (200, media_type)
    graph = Graph().parse(data=reply.text, format=check)
    assert [str(o) for o in graph.objects(URIRef(COURSE), None)] == [
        "An Introduction to the Child Exploitation Risk Assessment Framework (CERAF)"
    ]


def test_ask_and_the_format_parameter_for_download_links(site):
    assert json.loads(sparql_get(site, "ASK { ?s a hips:Theme }").body) == {"head": {}, "boolean": True}
    reply = sparql_get(site, CERAF_COURSES, "text/html", format="csv")
    assert reply.media_type == "text/csv"
    assert sparql_get(site, "ASK { ?s a hips:Theme }", format="csv").text == (
        "format='csv' does not fit a ASK answer: give one of json, xml\n"
    )


def test_a_browser_asking_for_the_endpoint_gets_the_query_page(site):
    reply = fetch(f"{site}/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert reply.status == 200 and "<h1>SPARQL</h1>" in reply.text  # followed the 303 to /query


@pytest.mark.parametrize(
    ("request_", "status", "message"),
    [
        (
            {
                "data": b"update=INSERT+DATA+%7B%3Ca%3E+%3Cb%3E+%3Cc%3E%7D",
                "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            },
            403,
            "this endpoint is read-only: updates are refused; the data changes only through hipskg ingest and load\n",
        ),
        (
            {"data": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}},
            403,
            "this endpoint is read-only: updates are refused; the data changes only through hipskg ingest and load\n",
        ),
        (
            {
                "data": b"PREFIX a: <x:> # note\nDELETE WHERE { ?s ?p ?o }",
                "headers": {"Content-Type": "application/sparql-query"},
            },
            403,
            "this endpoint is read-only: updates are refused; the data changes only through hipskg ingest and load\n",
        ),
        (
            {
                "data": b"SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                "headers": {"Content-Type": "application/sparql-query"},
            },
            403,
            "line 1: SERVICE would make this server query another one; it only answers from its own data\n",
        ),
        (
            {"data": b"SELECT * WHERE { ?s ?p }", "headers": {"Content-Type": "application/sparql-query"}},
            400,
            "SPARQL syntax error at line 1, column 24: expected a variable, an IRI or a literal after '?p', found '}'\n",
        ),
        (
            {"data": b"", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
            400,
            "no query: give query=... (GET or a POSTed form) or POST the query as application/sparql-query\n",
        ),
        (
            {
                "data": b"query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fx",
                "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            },
            400,
            "default-graph-uri and named-graph-uri are not supported here: name the graphs in the query with FROM or FROM NAMED\n",
        ),
    ],
)
def test_what_the_endpoint_refuses_and_why(site, request_, status, message):
    reply = fetch(f"{site}/sparql", **request_)
    assert reply.status == status
    assert reply.text.startswith(message)
    assert "Traceback" not in reply.text


def test_no_acceptable_result_format_is_406(site):
    reply = sparql_get(site, CERAF_COURSES, "image/png")
    assert reply.status == 406
    assert reply.text == (
        "a SELECT answer comes as application/sparql-results+json, application/sparql-results+xml, text/csv, "
        "text/tab-separated-values, application/json; the request accepts none of them\n"
    )


def test_the_result_size_limit(strict):
    reply = sparql_get(strict, "SELECT ?s WHERE { ?s a hips:ProcedureSection }")
    assert reply.status == 422
    assert reply.text == "the answer has 225 rows, more than this server's limit of 100: add LIMIT (and OFFSET to page)\n"
    assert sparql_get(strict, "SELECT ?s WHERE { ?s a hips:ProcedureSection } LIMIT 100").status == 200


def test_an_oversized_request_is_refused(strict):
    reply = fetch(f"{strict}/sparql", data=b"ASK {}" + b" " * 3000, headers={"Content-Type": "application/sparql-query"})
    assert reply.status == 413
    assert reply.text == "the request has 3,006 bytes; this server takes queries of at most 2,000\n"


def test_a_query_past_the_timeout_is_stopped_and_the_endpoint_recovers(strict):
    """The runaway query (a cartesian product: it would never finish) is stopped at 1.5 s with 503; while it runs,
    the one query slot is taken (503 busy at once); after it, the endpoint answers again."""
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with ThreadPoolExecutor(1) as background:
        stopped = background.submit(sparql_get, strict, runaway)
        time.sleep(0.3)
        busy = sparql_get(strict, "ASK { ?s a hips:Theme }")
        reply = stopped.result()
    assert busy.status == 503 and busy.headers["Retry-After"] == "1"
    assert busy.text == "the server is answering as many queries as it allows at once; try again shortly\n"
    assert reply.status == 503
    assert reply.text == "the query ran past 1.5 s, this server's limit per query: narrow it (LIMIT, a more selective pattern)\n"
    assert fetch(f"{strict}/id/procedure/3-2").status == 200  # pages are not endpoint queries: they answer meanwhile
    deadline = time.monotonic() + 60
    while (answer := sparql_get(strict, "ASK { ?s a hips:Theme }")).status == 503 and time.monotonic() < deadline:
        time.sleep(0.5)  # a fresh worker replaces the stopped one
    assert json.loads(answer.body) == {"head": {}, "boolean": True}


def test_reads_are_open_to_other_origins(site):
    reply = fetch(f"{site}/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}), headers={"Origin": "https://example.org"})
    assert reply.headers["Access-Control-Allow-Origin"] == "*"
    preflight = fetch(
        f"{site}/sparql",
        method="OPTIONS",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status == 200 and "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_inferred_facts_unless_asked_for_asserted_facts_only(site):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?x a hips:Legislation }"
    entailed = json.loads(sparql_get(site, query).body)["results"]["bindings"][0]["n"]["value"]
    asserted = json.loads(sparql_get(site, query, **{"asserted-only": "true"}).body)["results"]["bindings"][0]["n"]["value"]
    assert (entailed, asserted) == ("38", "0")


# a page for every IRI


def test_an_entity_page_in_html(site):
    reply = fetch(f"{site}/id/procedure/3-2")
    assert reply.status == 200 and reply.media_type == "text/html"
    assert "Accept" in reply.headers["Vary"] and reply.headers["Content-Location"] == "/id/procedure/3-2.html"
    assert "<h1>Children who are Exploited</h1>" in reply.text
    assert '<a href="/id/chapter/3">Chapter 3</a>' in reply.text  # the chapter, linked by its label
    assert '<a href="/id/document/cpi-form">Community Partnership Information (CPI) Form</a>' in reply.text
    assert "3.2 Children who are Exploited" in reply.text  # the source section


def test_an_area_page_shows_its_gss_code_and_every_page_naming_it_links_out(site):
    ons = "http://statistics.data.gov.uk/id/statistical-geography/E10000014"
    area = fetch(f"{site}/id/area/hampshire").text
    assert '<span class="literal">E10000014</span> <span class="note">hips:GSSCode</span>' in area
    assert f'<a href="{ons}">&lt;{ons}&gt;</a>' in area  # the link, named as it pastes back
    executive = fetch(f"{site}/id/org/hips-executive").text
    assert (
        f'<a href="/id/area/hampshire">Hampshire</a> <a class="external" href="{ons}" title="{ons}">statistics.data.gov.uk ↗</a>'
        in executive
    )


@pytest.mark.parametrize(
    ("accept", "suffix", "media_type", "rdflib_format"),
    [
        ("text/turtle", ".ttl", "text/turtle", "turtle"),
        ("application/ld+json", ".jsonld", "application/ld+json", "json-ld"),
        ("application/n-triples", ".nt", "application/n-triples", "nt"),
    ],
)
def test_an_entity_in_rdf_by_accept_and_by_suffix(site, accept, suffix, media_type, rdflib_format):
    negotiated = fetch(f"{site}/id/procedure/3-2", headers={"Accept": accept})
    suffixed = fetch(f"{site}/id/procedure/3-2{suffix}")
    assert negotiated.media_type == suffixed.media_type == media_type
    assert negotiated.body == suffixed.body
    assert negotiated.headers["Content-Location"] == f"/id/procedure/3-2{suffix}"
    graph = Graph().parse(data=suffixed.text, format=rdflib_format)
    procedure = URIRef("https://w3id.org/hipskg/id/procedure/3-2")
    assert (procedure, URIRef("https://w3id.org/hipskg/def#inChapter"), URIRef("https://w3id.org/hipskg/id/chapter/3")) in graph
    assert len(set(graph.objects(procedure, URIRef("https://w3id.org/hipskg/def#hasSection")))) == 5


def test_an_unacceptable_page_format_is_406(site):
    reply = fetch(f"{site}/id/procedure/3-2", headers={"Accept": "image/png"})
    assert reply.status == 406


@pytest.mark.parametrize(
    "path", ["/id/procedure/99-99", "/id/procedure/99-99.ttl", "/nowhere", "/queries/no-such-query", "/downloads/x.zip"]
)
def test_unknown_iris_and_paths_are_404(site, path):
    reply = fetch(site + path)
    assert reply.status == 404
    assert "Traceback" not in reply.text


def test_the_ontology_dataset_and_shapes(site):
    assert "Theme" in fetch(f"{site}/def").text
    ontology = Graph().parse(data=fetch(f"{site}/def.ttl").text, format="turtle")
    assert (URIRef("https://w3id.org/hipskg/def#Theme"), None, None) in ontology
    dataset = Graph().parse(data=fetch(f"{site}/dataset", headers={"Accept": "text/turtle"}).text, format="turtle")
    described = URIRef("https://w3id.org/hipskg/dataset")
    assert len(set(dataset.objects(described, URIRef("http://rdfs.org/ns/void#subset")))) == 12  # the named graphs served
    title = dataset.value(described, URIRef("http://purl.org/dc/terms/title"))
    assert str(title) == "hipskg: the HIPS safeguarding children knowledge graph"
    void, dcterms = "http://rdfs.org/ns/void#", "http://purl.org/dc/terms/"
    assert {str(dump) for dump in dataset.objects(described, URIRef(void + "dataDump"))} == {
        f"{site}/downloads/hipskg.{suffix}" for suffix in ("ttl", "nt", "nq", "trig")
    }  # the dumps this server offers
    assert len(set(dataset.objects(described, URIRef(dcterms + "spatial")))) == 4
    assert len(set(dataset.objects(described, URIRef(void + "exampleResource")))) == 4
    publisher = dataset.value(described, URIRef(dcterms + "publisher"))
    assert str(dataset.value(publisher, URIRef("http://xmlns.com/foaf/0.1/name"))) == "The hipskg project"
    assert fetch(f"{site}/shapes.ttl").media_type == "text/turtle"


def test_json_ld_answers_use_the_projects_context(site):
    """A CONSTRUCT by the endpoint, an entity page and the dataset description: short keys, the same triples."""
    context = json.loads(fetch(f"{site}/dataset.jsonld").text)["@context"]
    described = f"DESCRIBE <{COURSE}>"
    for path, headers in (
        ("/sparql?" + urllib.parse.urlencode({"query": described}), {"Accept": "application/ld+json"}),
        ("/id/procedure/3-2", {"Accept": "application/ld+json"}),
        ("/dataset.jsonld", {}),
    ):
        document = json.loads(fetch(site + path, headers=headers).text)
        assert document["@context"] == context and "prefLabel" in context
        keys = {key for node in document["@graph"] for key in node}
        assert [key for key in keys if key.startswith(("http://", "https://"))] == [], path
        turtle = fetch(site + path.replace(".jsonld", ".ttl"), headers={"Accept": "text/turtle"}).text
        assert isomorphic(Graph().parse(data=json.dumps(document), format="json-ld"), Graph().parse(data=turtle, format="turtle"))
    dataset_keys = {key for node in document["@graph"] for key in node}
    assert {"void:triples", "void:subset", "sd:name", "foaf:homepage"} <= dataset_keys


def test_the_graph_store_protocol_reads_named_graphs(site):
    name = "https://w3id.org/hipskg/graph/hips-procedure-7-1"
    reply = fetch(f"{site}/store?" + urllib.parse.urlencode({"graph": name}), headers={"Accept": "application/n-triples"})
    assert reply.status == 200 and reply.media_type == "application/n-triples"
    assert len(Graph().parse(data=reply.text, format="nt")) == reply.text.count("\n")
    assert fetch(f"{site}/store?graph=https%3A%2F%2Fexample.org%2Fnone").status == 404
    assert fetch(f"{site}/store?default", data=b"", method="PUT").status == 405


# escaping and errors


@pytest.mark.parametrize(
    "path",
    [
        "/id/org/hostile-label",
        "/organisations",
        "/search?q=alert+hipskg",
        "/queries/describe-entity?entity=" + urllib.parse.quote(HOSTILE_IRI),
    ],
)
def test_a_label_holding_markup_shows_as_text(site, path):
    reply = fetch(site + path)
    assert reply.status == 200
    assert "<script>alert" not in reply.text
    assert "&lt;script&gt;alert(&#39;hipskg&#39;)&lt;/script&gt; &amp; &#34;Partners&#34;" in reply.text


@pytest.mark.parametrize(
    "path",
    [
        "/search?q=%00%ff",
        "/search?q=x&class=hips:NoSuchClass",
        "/queries/training-covering?tool=%3Cnothing%3E",
        "/id/%00",
        "/sparql?query=SELECT",
        "/store?graph=%00",
        "/id/" + "x" * 3000,
    ],
)
def test_no_stack_trace_in_any_answer(site, path):
    reply = fetch(site + path)
    assert reply.status < 500
    assert "Traceback" not in reply.text and 'File "' not in reply.text


def test_serve_over_a_sparql_server(tmp_path):
    """The same pages and endpoint over Oxigraph server, after a push: the site asks the server for everything."""
    from hipskg.cli import main

    from .helpers import ROOT, oxigraph_server

    with oxigraph_server(tmp_path / "oxigraph") as server:
        assert main(["push", "--store", f"{server}/store"]) == 0
        with hipskg_server(ROOT / "data", "--store", f"endpoint:{server}/query") as site:
            page = fetch(f"{site}/id/procedure/3-2")
            assert page.status == 200 and "<h1>Children who are Exploited</h1>" in page.text
            assert courses(sparql_get(site, CERAF_COURSES)) == [
                "https://w3id.org/hipskg/id/course/child-exploitation-as-a-health-professional-what-do-you-need-to-know",
                COURSE,
            ]
            assert "CERAF" in fetch(f"{site}/search?q=ceraf").text


def test_a_taken_port_is_said_before_anything_starts(capsys):
    import socket

    from hipskg.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    assert capsys.readouterr().err == (
        f"hipskg serve: cannot listen on 127.0.0.1:{port}: Address already in use; give another --port or --host\n"
    )


def test_serve_over_virtuoso(tmp_path):
    """hipskg serve over Virtuoso Open Source 7: pages, search and the endpoint answer from the server."""
    from hipskg.cli import main

    from .helpers import ROOT, virtuoso_server

    (tmp_path / "virtuoso").mkdir()
    with virtuoso_server(tmp_path / "virtuoso") as server:
        assert main(["push", "--store", f"{server}/sparql-graph-crud"]) == 0
        with hipskg_server(ROOT / "data", "--store", f"endpoint:{server}/sparql|{server}/sparql-graph-crud") as site:
            page = fetch(f"{site}/id/procedure/3-2")
            assert page.status == 200 and "<h1>Children who are Exploited</h1>" in page.text
            assert '<a href="/id/chapter/3">Chapter 3</a>' in page.text
            assert courses(sparql_get(site, CERAF_COURSES)) == [
                "https://w3id.org/hipskg/id/course/child-exploitation-as-a-health-professional-what-do-you-need-to-know",
                COURSE,
            ]
            assert "CERAF Guidance" in fetch(f"{site}/search?q=ceraf").text
            assert '<a href="/id/org/hips-executive">' in fetch(f"{site}/governance").text  # each box a link


# what a review found


def test_iris_that_are_not_web_links_never_become_links(site):
    """A javascript: IRI in the data, and a project IRI whose path would leave the site (//host), stay text."""
    for path in ("/id/org/hostile-label", "/id/org/referrer"):
        page = fetch(site + path).text
        assert 'href="javascript:' not in page and 'href="//' not in page
        assert "javascript:alert(1)" in fetch(f"{site}/id/org/hostile-label").text  # shown, as text


def test_an_answer_a_format_cannot_write_is_400_and_the_workers_live_on(site):
    construct = "CONSTRUCT { <http://a> <http://b/> 'x' } WHERE {}"  # no RDF/XML element name can end in /
    replies = [sparql_get(site, construct, "application/rdf+xml") for _ in range(6)]
    assert {reply.status for reply in replies} == {400}
    assert replies[0].text.startswith("the answer cannot be written as asked: ")
    assert json.loads(sparql_get(site, "ASK { ?s a hips:Theme }").body) == {"head": {}, "boolean": True}


def test_asserted_only_and_format_count_in_a_posted_form(site):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?x a hips:Legislation }"
    form = urllib.parse.urlencode({"query": query, "asserted-only": "true", "format": "csv"}).encode()
    reply = fetch(f"{site}/sparql", data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert (reply.media_type, reply.text) == ("text/csv", "n\r\n0\r\n")


def test_rdf_xml_pages_and_conditional_requests(site):
    page = fetch(f"{site}/id/procedure/3-2", headers={"Accept": "application/rdf+xml"})
    assert (page.status, page.media_type, page.headers["Content-Location"]) == (
        200,
        "application/rdf+xml",
        "/id/procedure/3-2.rdf",
    )
    tag = page.headers["ETag"]
    again = fetch(f"{site}/id/procedure/3-2", headers={"Accept": "application/rdf+xml", "If-None-Match": f'"other", W/{tag}'})
    assert again.status == 304
    assert fetch(f"{site}/shapes", headers={"Accept": "text/html"}).status == 406  # shapes come as RDF only
    assert fetch(f"{site}/store?default", method="HEAD").status == 200
    assert "Content-Location" not in fetch(f"{site}/id/procedure/99-99").headers


def test_a_stopped_server_leaves_no_worker_and_no_snapshot(tmp_path):
    from .helpers import ROOT

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with hipskg_server(ROOT / "data", environment={"TMPDIR": str(temporary)}) as site:
        assert list(temporary.glob("hipskg-serve-*"))  # the workers' snapshot, while it runs
        assert sparql_get(site, "ASK {}").status == 200
    assert list(temporary.iterdir()) == []


def test_a_query_naming_a_term_the_ontology_does_not_define_is_answered_with_a_warning_header(site):
    reply = sparql_get(site, "SELECT ?x WHERE { ?x a hips:Themes }")
    assert reply.status == 200 and json.loads(reply.body)["results"]["bindings"] == []
    assert json.loads(reply.headers["Hipskg-Warnings"]) == [
        "hips:Themes is not defined by the ontology; did you mean hips:Theme?"
    ]
    assert "Hipskg-Warnings" not in sparql_get(site, CERAF_COURSES).headers


def test_an_unknown_catalogue_query_page_links_the_closest(site):
    reply = fetch(f"{site}/queries/trainig-covering")
    assert reply.status == 404
    assert '<p class="suggestions">Did you mean <a href="/queries/training-covering">training-covering</a>?</p>' in reply.text
