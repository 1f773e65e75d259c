"""Content negotiation: which of the media types a resource offers the client's Accept header prefers.

One rule for every page and the SPARQL endpoint (RFC 9110, section 12.5.1): the offered type with
the highest quality wins; a specific range (``text/turtle``) outranks ``text/*``, which outranks
``*/*``; among equals the server's order of preference decides. A missing or empty header accepts
anything.
"""

from dataclasses import dataclass

from hipskg.formats import rdf_format

_RDF_FORMATS = tuple(rdf_format(name) for name in ("ttl", "jsonld", "nt", "xml"))  # in the server's order of preference
RDF_MEDIA_TYPES = tuple(fmt.media_type for fmt in _RDF_FORMATS)
FORMAT_NAMES = {fmt.media_type: fmt.name for fmt in _RDF_FORMATS}  # media type → hipskg's format name
_SUFFIXES = {fmt.extensions[0]: fmt.media_type for fmt in _RDF_FORMATS} | {".html": "text/html"}
SUFFIX_OF = {media_type: suffix for suffix, media_type in _SUFFIXES.items()}


@dataclass(frozen=True)
class _Range:
    kind: str
    subtype: str
    quality: float

    def specificity(self, media_type: str) -> int:
        """How closely the range names ``media_type``: 2 exactly, 1 as ``type/*``, 0 as ``*/*``, -1 not at all."""
        kind, _, subtype = media_type.partition("/")
        if self.kind == "*":
            return 0
        if self.kind != kind:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == subtype else -1


def _ranges(accept: str) -> list[_Range]:
    ranges = []
    for item in accept.split(","):
        media_range, *parameters = (part.strip() for part in item.split(";"))
        kind, slash, subtype = media_range.lower().partition("/")
        if not slash or not kind or not subtype:
            continue
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        ranges.append(_Range(kind, subtype, quality))
    return ranges


def negotiate(accept: str | None, offered: tuple[str, ...]) -> str | None:
    """The offered media type the Accept header ``accept`` prefers, or None when it accepts none of them."""
    if not accept or not accept.strip():
        return offered[0]
    ranges = _ranges(accept)
    if not ranges:
        return offered[0]
    best: tuple[float, int, int] | None = None
    chosen = None
    for preference, media_type in enumerate(offered):
        matching = [(r.specificity(media_type), r.quality) for r in ranges if r.specificity(media_type) >= 0]
        if not matching:
            continue
        specificity, quality = max(matching)  # the most specific range that names the type sets its quality
        if quality <= 0:
            continue
        key = (quality, specificity, -preference)
        if best is None or key > best:
            best, chosen = key, media_type
    return chosen


def split_suffix(path: str) -> tuple[str, str | None]:
    """``/id/course/x.ttl`` → (``/id/course/x``, ``text/turtle``); a path without a known suffix is returned whole."""
    for suffix, media_type in _SUFFIXES.items():
        if path.endswith(suffix):
            return path[: -len(suffix)], media_type
    return path, None
