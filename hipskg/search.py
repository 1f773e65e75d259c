"""Search: a full-text index of the graph's labels, alternative labels, definitions and section titles.

The index is SQLite's FTS5 (in the standard library), built in memory from one query to the store,
so a search is an index lookup, not a scan. Words match whatever their case, accents or punctuation;
a word the index does not hold is read as the closest words it does (a small typo: "CERAFF" finds
CERAF); every word must match, the last one also as a prefix. Results are ranked by BM25, labels
weighing more than definitions and a text that is exactly the words searched for more than one
that holds them, one row per entity, with the number of results in each class.
"""

import difflib
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef

from hipskg.errors import HipskgError
from hipskg.namespaces import compact
from hipskg.sparql import Runner, solutions

# What is searched, and how much a match in it weighs against a match in the others.
FIELDS = {"name": 10.0, "label": 8.0, "alternative": 6.0, "title": 4.0, "definition": 1.0}

EXACT = 3.0  # the weight of a text that is exactly the words searched for

_TEXTS = """SELECT ?entity ?field ?text WHERE {
  { ?entity skos:prefLabel ?text BIND("name" AS ?field) }
  UNION { ?entity rdfs:label ?text BIND("label" AS ?field) }
  UNION { ?entity skos:altLabel ?text BIND("alternative" AS ?field) }
  UNION { ?entity hips:subheading ?text BIND("title" AS ?field) }
  UNION { ?entity dcterms:title ?text BIND("title" AS ?field) }
  UNION { ?entity skos:definition ?text BIND("definition" AS ?field) }
  FILTER(isIRI(?entity))
}"""
_CLASSES = """SELECT ?entity ?type ?class WHERE {
  ?entity a ?type . ?type rdfs:subClassOf* ?class . FILTER(isIRI(?entity) && STRSTARTS(STR(?class), STR(hips:)))
}"""
_WORD = re.compile(r"\w+")


class SearchError(HipskgError):
    """A search that cannot be made as asked; the message says what would work."""


@dataclass(frozen=True)
class Hit:
    """One entity found: its IRI, display label, most specific hipskg class, and the text that matched."""

    iri: str
    label: str
    kind: str
    matched: str
    score: float


@dataclass(frozen=True)
class Found:
    """The hits of a search (best first), the number of hits in each class, and the words searched for."""

    hits: tuple[Hit, ...]
    facets: dict[str, int]
    words: tuple[str, ...]


class SearchIndex:
    """The full-text index of one graph; build it with :func:`index`."""

    def __init__(self, rows: Iterable[tuple[str, str, str]], classes: dict[str, set[str]], kinds: dict[str, str]) -> None:
        self._classes = classes  # every hipskg class of each entity, superclasses included
        self._kinds = kinds  # its most specific one
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE texts USING fts5(entity UNINDEXED, field UNINDEXED, shown UNINDEXED, text, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        self._db.executemany(
            "INSERT INTO texts VALUES (?, ?, ?, ?)", ((e, f, text, text.replace("&", " and ")) for e, f, text in rows)
        )
        self._db.execute("CREATE VIRTUAL TABLE vocabulary USING fts5vocab(texts, 'row')")
        self._vocabulary = [word for (word,) in self._db.execute("SELECT term FROM vocabulary")]
        self._labels = {
            entity: text
            for entity, text in self._db.execute(
                "SELECT entity, shown FROM texts WHERE field IN ('name', 'label') ORDER BY field = 'name', shown DESC"
            )
        }

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(DISTINCT entity) FROM texts").fetchone()[0])

    def search(self, text: str, *, kind: str | None = None, limit: int = 20) -> Found:
        """The entities whose texts hold every word of ``text`` (or its closest indexed spelling), best first;
        ``kind`` (a prefixed class such as hips:TrainingCourse) keeps one class; ``limit`` caps the hits."""
        if kind is not None:
            self._check_class(kind)
        words = tuple(_WORD.findall(text.replace("&", " and ").casefold()))
        if not words:
            return Found((), {}, ())
        spellings = [self._spellings(word) for word in words]
        expression = " AND ".join(
            _expression(word, read, last=index == len(words) - 1)
            for index, (word, read) in enumerate(zip(words, spellings, strict=True))
        )
        rows = self._db.execute(
            "SELECT entity, field, shown, bm25(texts) FROM texts WHERE texts MATCH ? ORDER BY bm25(texts)", (expression,)
        ).fetchall()
        best: dict[str, tuple[float, str]] = {}
        for entity, field, matched, rank in rows:
            score = -rank * FIELDS[field]  # bm25 is lower for a better match
            if _spelled(_WORD.findall(matched.replace("&", " and ").casefold()), spellings):
                score *= EXACT  # the whole text is what was asked for: a name before the names that hold it
            if entity not in best or score > best[entity][0]:
                best[entity] = (score, matched)
        hits = [
            Hit(entity, self._labels.get(entity, compact(URIRef(entity))), self._kinds.get(entity, ""), matched, round(score, 3))
            for entity, (score, matched) in best.items()
        ]
        hits.sort(key=lambda hit: (-hit.score, hit.label.casefold(), hit.iri))
        facets = Counter(hit.kind for hit in hits)
        if kind is not None:
            hits = [hit for hit in hits if kind in self._classes.get(hit.iri, ())]
        return Found(tuple(hits[:limit]), dict(sorted(facets.items(), key=lambda item: (-item[1], item[0]))), words)

    def _check_class(self, kind: str) -> None:
        """Refuse a class no entity of the graph has, naming the closest ones."""
        known = sorted({cls for held in self._classes.values() for cls in held})
        if kind not in known:
            close = difflib.get_close_matches(kind if ":" in kind else f"hips:{kind}", known, n=3, cutoff=0.6)
            hint = f"did you mean {', '.join(close)}?" if close else f"classes: {', '.join(known)}"
            raise SearchError(f"--class {kind}: no entity of the graph has this class; {hint}")

    def _spellings(self, word: str) -> list[str]:
        """How a searched word is read: as itself when an indexed word starts with it, else as the indexed words
        closest in spelling (a small typo), else as itself (it matches nothing)."""
        if any(term.startswith(word) for term in self._vocabulary):
            return [word]
        return difflib.get_close_matches(word, self._vocabulary, n=3, cutoff=0.75) or [word]


def _expression(word: str, spellings: list[str], *, last: bool) -> str:
    """The FTS5 expression for one searched word: itself (a prefix too, for the last word typed) or its readings."""
    if spellings == [word]:
        return f'"{word}" *' if last else f'"{word}"'
    return "(" + " OR ".join(f'"{term}"' for term in spellings) + ")"


def _spelled(found: list[str], spellings: list[list[str]]) -> bool:
    """Whether the words of a text are exactly the words searched for, each as one of its readings."""
    return len(found) == len(spellings) and all(word in read for word, read in zip(found, spellings, strict=True))


def index(ask: Runner) -> SearchIndex:
    """The search index of the graph that ``ask`` queries (a store's ``query``)."""
    rows = [(str(row.entity), str(row.field), str(row.text)) for row in solutions(ask(_TEXTS, {}))]
    classes: dict[str, set[str]] = {}
    broader: dict[str, set[str]] = {}
    for row in solutions(ask(_CLASSES, {})):
        classes.setdefault(str(row.entity), set()).add(compact(row["class"]))
        if row.type != row["class"]:
            broader.setdefault(str(row.entity), set()).add(compact(row["class"]))
    kinds = {entity: min(held - broader.get(entity, set()) or held) for entity, held in classes.items()}
    return SearchIndex(rows, classes, kinds)
