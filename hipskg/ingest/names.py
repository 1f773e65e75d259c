"""Names as the sources spell them, and the normalised keys that merge their variants.

Two spellings denote the same entity of a family when their keys are equal: case, punctuation,
hyphens and dashes, ``&``/``and``, apostrophes and escaped brackets do not count. Course titles
also ignore a bracketed qualifier and a leading article ("An Introduction to X (CPI)" is
"Introduction to X"). Variants that no rule can merge are listed in the curated data as
``skos:altLabel``.
"""

import hashlib
import re
import unicodedata

_ESCAPED = re.compile(r"\\([()\[\]_*])")
_SPACES = re.compile(r"\s+")
_PARENTHESES = re.compile(r"\([^()]*\)")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_LEADING_ARTICLE = re.compile(r"^(an|a|the) ")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
MAX_SLUG = 80


def clean(text: str) -> str:
    """The display form of a name: unescaped, straight quotes, single spaces, no trailing colon."""
    text = unicodedata.normalize("NFKC", _ESCAPED.sub(r"\1", text)).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip().rstrip(":").strip()


def key(name: str, *, drop_brackets: bool = False, drop_article: bool = False) -> str:
    """The normalised key of a name; equal keys mean the same entity within a family."""
    text = clean(name).lower()
    if drop_brackets:
        text = _PARENTHESES.sub(" ", text)
    text = text.replace("&", " and ").replace("'", "").replace("-", " ").replace("/", " ")
    text = _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()
    if drop_article:
        text = _LEADING_ARTICLE.sub("", text)
    return text


def slug(normalised_key: str) -> str:
    """A readable IRI segment for a key; long keys are cut at a word and suffixed with a hash."""
    text = normalised_key.replace(" ", "-")
    if len(text) <= MAX_SLUG:
        return text
    digest = hashlib.sha1(normalised_key.encode("utf-8")).hexdigest()[:8]
    return text[:MAX_SLUG].rsplit("-", 1)[0] + "-" + digest
