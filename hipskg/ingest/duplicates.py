"""Possible duplicates: two entities of one family whose labels no spelling rule merges, but that read alike.

The resolver gives two spellings one IRI when their keys are equal (:mod:`hipskg.ingest.names`); "Every Sleep
Counts: An Introduction" and "An Introduction to Every Sleep Counts" have different keys, so a source listing both
gets two courses. Each edition is searched for such pairs within each family (and scope) of IRIs, comparing the
labels' content words: the words of the key less the articles, prepositions and "and". A pair is reported when

- its content words score at least 90 by token-set similarity (RapidFuzz: the same words in any order, small
  spelling slips allowed),
- at least 80% of the longer label's content words have a match in the other, the same word or one spelt alike
  (plain similarity 85 or more: "Infant" / "Infants"), and
- both hold the same numbers ("Working Together to Safeguard Children 2018" and "... 2023" are two editions).

Token-set similarity alone scores 100 whenever one label's words are all in the other: at 90 it pairs 116 labels of
the HIPS data, most of them a short label and a longer one holding it ("Domestic Abuse" / "Recognising and
Responding to Perpetrators of Domestic Abuse"). The share of words keeps the pairs that differ by at most one content
word in five; on the HIPS data the three rules report 13 pairs (tests/test_duplicates.py lists them). Memberships
are left out: their labels are made from a person and a role.

The steward answers in data/curated/duplicates.ttl (:mod:`hipskg.ingest.decisions`): a merge, or "distinct".
"""

from collections import defaultdict
from dataclasses import dataclass

from rdflib import URIRef

from hipskg.ingest.builder import family_of
from hipskg.ingest.decisions import Decisions
from hipskg.ingest.identity import Edition, Entity
from hipskg.ingest.names import key
from hipskg.suggest import alike_pairs, words_alike

SIMILARITY = 90  # of 100: token-set similarity of the content words
SHARED = 0.8  # share of the longer label's content words matched in the other
WORD_ALIKE = 85  # of 100: plain similarity of two words spelt alike
MINOR_WORDS = frozenset("a an the to of for in on with from at by and".split())
SKIPPED_FAMILIES = frozenset({"membership"})


@dataclass(frozen=True)
class Duplicate:
    """Two entities that may be one: ``kept`` is the one a merge would keep (named by more source sections)."""

    kept: Entity
    other: Entity
    similarity: float
    shared: float


def content_words(label: str) -> tuple[str, ...]:
    """The words of a label that tell it apart: its key's words less the minor ones, each once, sorted."""
    return tuple(sorted({word for word in key(label).split() if word not in MINOR_WORDS}))


def shared_words(first: tuple[str, ...], second: tuple[str, ...]) -> float:
    """The share of the longer word list that has a word spelt alike in the shorter one."""
    shorter, longer = sorted((first, second), key=len)
    if not longer:
        return 0.0
    return sum(any(words_alike(word, other, cutoff=WORD_ALIKE) for other in shorter) for word in longer) / len(longer)


def near_duplicates(edition: Edition, decisions: Decisions) -> list[Duplicate]:
    """The pairs of entities of ``edition`` that may be duplicates (module docstring), but those the steward
    marked distinct."""
    groups: dict[tuple[str, str], list[tuple[URIRef, tuple[str, ...]]]] = defaultdict(list)
    for iri in sorted(edition.live):
        where = family_of(iri)
        label = edition.label(iri)
        if where is not None and where[0] not in SKIPPED_FAMILIES and label:
            groups[where].append((iri, content_words(label)))
    found = []
    for members in groups.values():
        for first, second, score in alike_pairs([" ".join(words) for _, words in members], cutoff=SIMILARITY):
            (a, words_a), (b, words_b) = members[first], members[second]
            share = shared_words(words_a, words_b)
            if share >= SHARED and _numbers(words_a) == _numbers(words_b) and not decisions.ruled_out(a, b):
                found.append(_pair(edition.entity(a), edition.entity(b), score, share))
    return sorted(found, key=lambda d: (d.kept.iri, d.other.iri))


def _numbers(words: tuple[str, ...]) -> set[str]:
    return {word for word in words if word.isdigit()}


def _pair(first: Entity, second: Entity, score: float, share: float) -> Duplicate:
    kept, other = sorted((first, second), key=lambda entity: (-len(entity.sections), entity.iri))
    return Duplicate(kept, other, score, share)
