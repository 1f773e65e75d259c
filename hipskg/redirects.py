"""The w3id.org redirect rules that make the persistent IRIs resolve to a deployment of ``hipskg serve``.

w3id.org is an Apache server fed by the ``perma-id/w3id.org`` repository: one folder per project,
each with an ``.htaccess`` of mod_rewrite rules. :func:`htaccess` writes the rules of the
``hipskg/`` folder for a deployment at a base URL:

- an IRI names a thing (a course, a graph, the ontology), so it gets 303 See Other to a document
  about it: Turtle, JSON-LD or N-Triples when the Accept header lists that type before HTML and the
  other two, else the page, where the server negotiates in full (mod_rewrite cannot weigh q-values,
  so anything it cannot tell goes to the one that can);
- a path with a format suffix (``id/course/x.ttl``) already names a document: 302 Found to it;
- ``https://w3id.org/hipskg/`` itself: 303 to the root of the deployment;
- an IRI whose entity was renamed (a tombstone with a successor, docs/review.md) asked for anything but
  RDF: 303 to the page of its successor, as the deployment itself answers (RDF asks get the tombstone's
  own description, which names the successor).

The rest of the path is kept; Apache keeps the query string. Paths outside these families get
w3id.org's 404.
"""

import re
from collections.abc import Mapping
from urllib.parse import SplitResult, urlsplit

from hipskg.errors import HipskgError
from hipskg.namespaces import BASE

RELEASE_PATH = "w3id/.htaccess"
W3ID_FOLDER = "hipskg/"

# The IRI families the deployment serves: entities and named graphs below a folder, three single IRIs.
# Hash IRIs (def#Term, shapes#Shape) reach the server without their fragment: the browser keeps it.
_FAMILIES = "(id/.+|graph/.+|def|dataset|shapes)"
_RDF_FAMILIES = "(id/.+|graph/.+|def|dataset)"  # the deployment has the shapes as Turtle only
_SUFFIXES = "(ttl|jsonld|nt|html)"
_HTML = r"text/html|application/xhtml\+xml"
# media type pattern in Accept, suffix, which IRIs the deployment has in that format
_FORMATS = (
    (r"text/turtle", "ttl", _FAMILIES),
    (r"application/ld\+json", "jsonld", _RDF_FAMILIES),
    (r"application/n-triples", "nt", _RDF_FAMILIES),
)
# Characters a base URL may hold: they need no escaping in a URL and mean nothing to mod_rewrite
# (no $ or % back-references, no backslash, quote or space to end the substitution).
_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/")


class BadBaseUrl(HipskgError):
    """The base URL of the deployment cannot be redirected to; the message says why and what to give."""


def base_url(text: str) -> str:
    """``text`` as the base URL of a deployment: absolute http(s), no query, fragment or credentials,
    ending in ``/`` (added if missing). Raises :class:`BadBaseUrl`."""
    example = "e.g. https://hipskg.example.org/"
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadBaseUrl(f"expected an absolute http:// or https:// URL, {example}")
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise BadBaseUrl(f"the deployment's root URL takes no ?query or #fragment, {example}")
    if parts.username is not None:
        raise BadBaseUrl("the rules are published: give the URL without a user name or password")
    if not set(text) <= _SAFE:
        raise BadBaseUrl("use only letters, digits and - . _ ~ : / (an international host name in its xn-- form)")
    if not _port_ok(parts):
        raise BadBaseUrl(f"the port must be a number from 1 to 65535, {example}")
    if parts.hostname == urlsplit(BASE).hostname:
        raise BadBaseUrl(f"w3id.org would redirect to itself: give the URL where hipskg serve runs, {example}")
    return text if text.endswith("/") else text + "/"


def _port_ok(parts: SplitResult) -> bool:
    try:
        return parts.port != 0
    except ValueError:
        return False


def _listed_first(media_type: str) -> list[str]:
    """Conditions true when Accept lists ``media_type`` and none of HTML and the other formats before it."""
    others = "|".join([_HTML, *(pattern for pattern, _, _ in _FORMATS if pattern != media_type)])
    return [
        f"RewriteCond %{{HTTP_ACCEPT}} {media_type} [NC]",
        f"RewriteCond %{{HTTP_ACCEPT}} !({others}).*{media_type} [NC]",
    ]


def htaccess(base: str, *, version: str, renamed: Mapping[str, str] | None = None) -> str:
    """The ``.htaccess`` of w3id.org's ``hipskg/`` folder redirecting to the deployment at ``base``
    (a URL :func:`base_url` accepted); ``renamed`` maps the IRIs of tombstones to their successors'."""
    lines = [
        f"# {BASE} -> the hipskg serve deployment at {base}",
        f"# Written by hipskg release {version}; the {W3ID_FOLDER} folder of https://github.com/perma-id/w3id.org",
        "# An IRI names a thing: 303 See Other to a document about it, in the format the Accept header",
        "# lists first (q-values are not weighed), else the HTML page, where the server negotiates in full.",
        "Options -MultiViews",
        "# always: a plain Header set skips non-2xx responses, and every answer here is a redirect;",
        "# Vary: the target depends on Accept, which caches must know",
        'Header always set Access-Control-Allow-Origin "*"',
        "Header always merge Vary Accept",
        "RewriteEngine on",
        "",
        "# A suffix names a document: 302 to it (no second suffix below)",
        f"RewriteRule ^{_FAMILIES}\\.{_SUFFIXES}$ {base}$1.$2 [R=302,L]",
    ]
    for media_type, suffix, families in _FORMATS:
        lines += ["", *_listed_first(media_type), f"RewriteRule ^{families}$ {base}$1.{suffix} [R=303,L]"]
    lines += _renamed_rules(base, renamed or {})
    lines += [
        "",
        "# Anything else: the page (HTML, or whatever the server negotiates)",
        f"RewriteRule ^{_FAMILIES}$ {base}$1 [R=303,L]",
        f"RewriteRule ^$ {base} [R=303,L]",
        "",
    ]
    return "\n".join(lines)


def _renamed_rules(base: str, renamed: Mapping[str, str]) -> list[str]:
    """One rule per renamed IRI (under ``id/`` or ``graph/``, written in characters a rule may hold): its page is its
    successor's. Others still resolve, in two steps, through the deployment's own redirect."""
    rules = []
    for old, new in sorted(renamed.items()):
        path, target = old.removeprefix(BASE), new.removeprefix(BASE)
        if all(re.fullmatch(r"(id|graph)/[A-Za-z0-9._~/-]+", p) for p in (path, target)) and old != path and new != target:
            rules.append(f"RewriteRule ^{re.escape(path)}$ {base}{target} [R=303,L]")
    if not rules:
        return []
    return ["", "# A renamed entity's IRI: its successor's page (RDF asks were answered above: the tombstone)", *rules]
