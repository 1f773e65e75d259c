"""The w3id.org rules: their exact text, and what they do to requests, run by a small interpreter of
the part of mod_rewrite they use (no Apache here: the interpreter refuses anything outside that part,
so the rules cannot drift beyond what it checks)."""

import re
from dataclasses import dataclass

import pytest

from hipskg import redirects

BASE = "https://hipskg.example.org/"
W3ID_FOLDER = "/hipskg/"

EXPECTED = r"""# https://w3id.org/hipskg/ -> the hipskg serve deployment at https://hipskg.example.org/
# Written by hipskg release 0.1.0; the hipskg/ folder of https://github.com/perma-id/w3id.org
# An IRI names a thing: 303 See Other to a document about it, in the format the Accept header
# lists first (q-values are not weighed), else the HTML page, where the server negotiates in full.
Options -MultiViews
# always: a plain Header set skips non-2xx responses, and every answer here is a redirect;
# Vary: the target depends on Accept, which caches must know
Header always set Access-Control-Allow-Origin "*"
Header always merge Vary Accept
RewriteEngine on

# A suffix names a document: 302 to it (no second suffix below)
RewriteRule ^(id/.+|graph/.+|def|dataset|shapes)\.(ttl|jsonld|nt|html)$ https://hipskg.example.org/$1.$2 [R=302,L]

RewriteCond %{HTTP_ACCEPT} text/turtle [NC]
RewriteCond %{HTTP_ACCEPT} !(text/html|application/xhtml\+xml|application/ld\+json|application/n-triples).*text/turtle [NC]
RewriteRule ^(id/.+|graph/.+|def|dataset|shapes)$ https://hipskg.example.org/$1.ttl [R=303,L]

RewriteCond %{HTTP_ACCEPT} application/ld\+json [NC]
RewriteCond %{HTTP_ACCEPT} !(text/html|application/xhtml\+xml|text/turtle|application/n-triples).*application/ld\+json [NC]
RewriteRule ^(id/.+|graph/.+|def|dataset)$ https://hipskg.example.org/$1.jsonld [R=303,L]

RewriteCond %{HTTP_ACCEPT} application/n-triples [NC]
RewriteCond %{HTTP_ACCEPT} !(text/html|application/xhtml\+xml|text/turtle|application/ld\+json).*application/n-triples [NC]
RewriteRule ^(id/.+|graph/.+|def|dataset)$ https://hipskg.example.org/$1.nt [R=303,L]

# Anything else: the page (HTML, or whatever the server negotiates)
RewriteRule ^(id/.+|graph/.+|def|dataset|shapes)$ https://hipskg.example.org/$1 [R=303,L]
RewriteRule ^$ https://hipskg.example.org/ [R=303,L]
"""

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
RDFLIB = "application/rdf+xml, text/rdf+xml, text/xml;q=0.9, text/turtle;q=0.8, application/n-triples;q=0.7, */*;q=0.1"
TURTLE = "text/turtle"
JSONLD = "application/ld+json"
NTRIPLES = "application/n-triples"


@dataclass(frozen=True)
class Condition:
    pattern: re.Pattern[str]
    negated: bool


@dataclass(frozen=True)
class Rule:
    conditions: tuple[Condition, ...]
    pattern: re.Pattern[str]
    target: str
    status: int


_IGNORED = ("#", "Options -MultiViews", 'Header always set Access-Control-Allow-Origin "*"', "Header always merge Vary Accept")


def _flags(text: str, allowed: set[str]) -> set[str]:
    flags = set(text.removeprefix("[").removesuffix("]").split(","))
    assert flags <= allowed, f"flags outside the interpreted subset: {flags - allowed}"
    return flags


def parse(text: str) -> list[Rule]:
    """The rules of an .htaccess made only of RewriteCond %{HTTP_ACCEPT} and RewriteRule ... [R=30x,L]."""
    assert text.count("\nRewriteEngine on\n") == 1
    rules: list[Rule] = []
    pending: list[Condition] = []
    for line in text.splitlines():
        if not line or line.startswith(_IGNORED) or line == "RewriteEngine on":
            continue
        directive, *args = line.split(" ")
        if directive == "RewriteCond":
            variable, pattern, flags = args
            assert variable == "%{HTTP_ACCEPT}" and _flags(flags, {"NC"}) == {"NC"}
            negated = pattern.startswith("!")
            pending.append(Condition(re.compile(pattern.removeprefix("!"), re.IGNORECASE), negated))
        else:
            assert directive == "RewriteRule", f"directive outside the interpreted subset: {line}"
            pattern, target, flags = args
            status = {"[R=303,L]": 303, "[R=302,L]": 302}[flags]
            rules.append(Rule(tuple(pending), re.compile(pattern), target, status))
            pending = []
    assert not pending, "a RewriteCond with no RewriteRule after it"
    return rules


def resolve(rules: list[Rule], path: str, accept: str | None) -> tuple[int, str] | None:
    """What w3id.org answers to GET ``path`` (under /hipskg/): (status, Location), or None for its 404.

    As mod_rewrite in a folder's .htaccess: the pattern meets the path without the folder's prefix,
    conditions are ANDed, a missing Accept header is the empty string, the first rule that applies ends it."""
    assert path.startswith(W3ID_FOLDER)
    relative = path.removeprefix(W3ID_FOLDER)
    for rule in rules:
        match = rule.pattern.search(relative)
        if match and all(bool(c.pattern.search(accept or "")) != c.negated for c in rule.conditions):
            return rule.status, _substituted(rule.target, match)
    return None


def _substituted(target: str, match: re.Match[str]) -> str:
    """``target`` with its back-references $1..$9 replaced by the groups of the rule's match."""
    return re.sub(r"\$(\d)", lambda ref: match.group(int(ref.group(1))), target)


@pytest.fixture(scope="module")
def rules() -> list[Rule]:
    return parse(redirects.htaccess(BASE, version="0.1.0"))


def test_the_exact_rules_for_a_base_url():
    assert redirects.htaccess(redirects.base_url("https://hipskg.example.org"), version="0.1.0") == EXPECTED


@pytest.mark.parametrize(
    ("path", "accept", "location"),
    [
        ("/hipskg/id/course/x", TURTLE, BASE + "id/course/x.ttl"),
        ("/hipskg/id/course/x", JSONLD, BASE + "id/course/x.jsonld"),
        ("/hipskg/id/course/x", NTRIPLES, BASE + "id/course/x.nt"),
        ("/hipskg/id/course/x", BROWSER, BASE + "id/course/x"),
        ("/hipskg/id/course/x", None, BASE + "id/course/x"),
        ("/hipskg/id/course/x", "*/*", BASE + "id/course/x"),
        ("/hipskg/id/course/x", "text/turtle;q=0.9, application/ld+json;q=0.8", BASE + "id/course/x.ttl"),
        ("/hipskg/id/course/x", "application/ld+json, text/turtle;q=0.9", BASE + "id/course/x.jsonld"),
        ("/hipskg/id/course/x", "text/html, text/turtle", BASE + "id/course/x"),
        ("/hipskg/id/course/x", "TEXT/Turtle", BASE + "id/course/x.ttl"),
        ("/hipskg/id/course/x", RDFLIB, BASE + "id/course/x.ttl"),
        ("/hipskg/id/body/hips-executive", "application/n-triples, text/turtle", BASE + "id/body/hips-executive.nt"),
        ("/hipskg/def", TURTLE, BASE + "def.ttl"),
        ("/hipskg/def", JSONLD, BASE + "def.jsonld"),
        ("/hipskg/def", NTRIPLES, BASE + "def.nt"),
        ("/hipskg/def", BROWSER, BASE + "def"),
        ("/hipskg/graph/hips-procedure-7-1", TURTLE, BASE + "graph/hips-procedure-7-1.ttl"),
        ("/hipskg/graph/hips-procedure-7-1", BROWSER, BASE + "graph/hips-procedure-7-1"),
        ("/hipskg/dataset", JSONLD, BASE + "dataset.jsonld"),
        ("/hipskg/dataset", BROWSER, BASE + "dataset"),
        ("/hipskg/shapes", TURTLE, BASE + "shapes.ttl"),
        ("/hipskg/shapes", JSONLD, BASE + "shapes"),  # the deployment has the shapes as Turtle only
        ("/hipskg/shapes", BROWSER, BASE + "shapes"),
        ("/hipskg/", BROWSER, BASE),
        ("/hipskg/", TURTLE, BASE),
    ],
)
def test_an_iri_is_303_to_the_document_in_the_format_accept_lists_first(rules, path, accept, location):
    assert resolve(rules, path, accept) == (303, location)


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/hipskg/id/course/x.ttl", BASE + "id/course/x.ttl"),
        ("/hipskg/id/course/x.html", BASE + "id/course/x.html"),
        ("/hipskg/def.jsonld", BASE + "def.jsonld"),
        ("/hipskg/graph/labels.nt", BASE + "graph/labels.nt"),
        ("/hipskg/shapes.ttl", BASE + "shapes.ttl"),
    ],
)
@pytest.mark.parametrize("accept", [TURTLE, JSONLD, BROWSER, None])
def test_a_suffixed_path_is_302_to_that_document_whatever_accept_says(rules, path, location, accept):
    assert resolve(rules, path, accept) == (302, location)


@pytest.mark.parametrize("path", ["/hipskg/id", "/hipskg/id/", "/hipskg/graph/", "/hipskg/definitions", "/hipskg/README.md"])
def test_other_paths_are_not_redirected(rules, path):
    assert resolve(rules, path, TURTLE) is None


def test_a_base_url_below_a_path_keeps_it():
    rules = parse(redirects.htaccess(redirects.base_url("http://kg.example.org:8080/hipskg"), version="0.1.0"))
    assert resolve(rules, "/hipskg/id/course/x", TURTLE) == (303, "http://kg.example.org:8080/hipskg/id/course/x.ttl")
    assert resolve(rules, "/hipskg/", None) == (303, "http://kg.example.org:8080/hipskg/")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("hipskg.example.org", "expected an absolute http:// or https:// URL, e.g. https://hipskg.example.org/"),
        ("ftp://hipskg.example.org/", "expected an absolute http:// or https:// URL, e.g. https://hipskg.example.org/"),
        ("https://", "expected an absolute http:// or https:// URL, e.g. https://hipskg.example.org/"),
        ("https://x.org/?v=1", "the deployment's root URL takes no ?query or #fragment, e.g. https://hipskg.example.org/"),
        ("https://x.org/#top", "the deployment's root URL takes no ?query or #fragment, e.g. https://hipskg.example.org/"),
        ("https://me:secret@x.org/", "the rules are published: give the URL without a user name or password"),
        ("https://x.org/a b", "use only letters, digits and - . _ ~ : / (an international host name in its xn-- form)"),
        ("https://x.org/$1", "use only letters, digits and - . _ ~ : / (an international host name in its xn-- form)"),
        ("https://x.org:99999/", "the port must be a number from 1 to 65535, e.g. https://hipskg.example.org/"),
        (
            "https://w3id.org/hipskg/",
            "w3id.org would redirect to itself: give the URL where hipskg serve runs, e.g. https://hipskg.example.org/",
        ),
    ],
)
def test_a_bad_base_url_is_refused_with_the_reason(url, message):
    with pytest.raises(redirects.BadBaseUrl) as refused:
        redirects.base_url(url)
    assert str(refused.value) == message


def test_a_base_url_gets_its_final_slash():
    assert redirects.base_url("https://hipskg.example.org") == "https://hipskg.example.org/"
    assert redirects.base_url("https://hipskg.example.org/kg/") == "https://hipskg.example.org/kg/"


RENAMED = {
    "https://w3id.org/hipskg/id/course/analysis-of-risk": "https://w3id.org/hipskg/id/course/analysing-risk",
    "https://w3id.org/hipskg/id/procedure/3.11": "https://w3id.org/hipskg/id/procedure/3-11",
    "https://w3id.org/hipskg/id/course/a b": "https://w3id.org/hipskg/id/course/x",  # no rule can hold it: left out
}


def test_a_renamed_iri_gets_a_rule_before_the_page_rule():
    text = redirects.htaccess(BASE, version="0.1.0", renamed=RENAMED)
    assert text == EXPECTED.replace(
        "\n# Anything else: the page",
        "\n# A renamed entity's IRI: its successor's page (RDF asks were answered above: the tombstone)\n"
        "RewriteRule ^id/course/analysis\\-of\\-risk$ https://hipskg.example.org/id/course/analysing-risk [R=303,L]\n"
        "RewriteRule ^id/procedure/3\\.11$ https://hipskg.example.org/id/procedure/3-11 [R=303,L]\n"
        "\n# Anything else: the page",
    )


@pytest.mark.parametrize(
    ("path", "accept", "location"),
    [
        ("/hipskg/id/course/analysis-of-risk", BROWSER, (303, BASE + "id/course/analysing-risk")),
        ("/hipskg/id/course/analysis-of-risk", None, (303, BASE + "id/course/analysing-risk")),
        ("/hipskg/id/course/analysis-of-risk", TURTLE, (303, BASE + "id/course/analysis-of-risk.ttl")),
        ("/hipskg/id/course/analysis-of-risk.html", BROWSER, (302, BASE + "id/course/analysis-of-risk.html")),
        ("/hipskg/id/course/analysis-of-risk-2", BROWSER, (303, BASE + "id/course/analysis-of-risk-2")),
        ("/hipskg/id/procedure/3x11", BROWSER, (303, BASE + "id/procedure/3x11")),
    ],
)
def test_a_renamed_iri_sends_browsers_to_its_successor_and_rdf_asks_to_its_tombstone(path, accept, location):
    assert resolve(parse(redirects.htaccess(BASE, version="0.1.0", renamed=RENAMED)), path, accept) == location
