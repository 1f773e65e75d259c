"""The ontology's terms, and the terms of its namespace that a query uses but the ontology does not define.

A query naming ``hips:Themes`` (the class is ``hips:Theme``) or ``hips:listCourse`` (``hips:listsCourse``)
is good SPARQL that finds nothing and says nothing. :func:`unknown_terms` reads the query's tokens
(strings, comments and IRIs inside literals are not terms), expands its prefixed names with the
project's prefixes and the query's own PREFIX declarations, and names each term of
``https://w3id.org/hipskg/def#`` that the ontology does not define, with the closest ones it does.

The terms are read once per process from the packaged ontology with Oxigraph's parser (its 758 lines parse in
1.7 ms; the first call takes 7 ms in all); a catalogue query is then checked in 0.5 ms on average, 0.8 ms for
the longest (bodies-feeding-into-path), measured on an idle machine.
"""

import functools
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

from hipskg import resources
from hipskg.namespaces import HIPS, ONTOLOGY, compact
from hipskg.sparql import QueryError
from hipskg.suggest import CUTOFF, alternatives, closest
from hipskg.syntax import declared, expanded, tokens


class UnknownTermWarning(UserWarning):
    """A query names a class or property of the hips: namespace that the ontology does not define."""


class UnknownTerms(QueryError):
    """A query names terms the ontology does not define, and was asked to be strict about it; it did not run."""


@dataclass(frozen=True)
class UnknownTerm:
    written: str  # as the query writes it: hips:Themes, or <https://w3id.org/hipskg/def#Themes>
    closest: tuple[str, ...]  # the closest defined terms, as prefixed names

    def text(self) -> str:
        if self.closest:
            return f"{self.written} is not defined by the ontology; did you mean {alternatives(self.closest)}?"
        return f"{self.written} is not defined by the ontology, nor is any term close to it (its terms: {ONTOLOGY})"


@functools.cache
def defined() -> frozenset[str]:
    """The local names of the terms the ontology defines (every subject of its namespace in ontology/*.ttl)."""
    import pyoxigraph

    namespace = str(HIPS)
    names = set()
    for path in sorted(resources.folder("ontology").glob("*.ttl")):
        for triple in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
            subject = triple.subject
            if isinstance(subject, pyoxigraph.NamedNode) and subject.value.startswith(namespace):
                names.add(subject.value[len(namespace) :])
    return frozenset(names)


def unknown_terms(text: str) -> tuple[UnknownTerm, ...]:
    """The terms of the ontology's namespace that ``text`` uses and the ontology does not define, each once, in order."""
    found = tokens(text)
    prefixes = declared(found)
    namespace, known = str(HIPS), defined()
    unknown: dict[str, UnknownTerm] = {}
    for token in found:
        if token.kind == "iri":
            iri: str | None = token.text[1:-1]
        elif token.kind == "pname":
            iri = expanded(token.text, prefixes)
        else:
            continue
        if iri is None or not iri.startswith(namespace) or token.text in unknown:
            continue
        local = iri[len(namespace) :]
        if local and local not in known:
            names = closest_names(local, known)
            unknown[token.text] = UnknownTerm(token.text, tuple(compact(HIPS[name]) for name in names))
    return tuple(unknown.values())


def closest_names(name: str, names: Iterable[str], *, cutoff: float = CUTOFF) -> list[str]:
    """Up to three of the terms' local ``names`` closest to ``name``, best first, each read as words ("hasTheme" as
    "has Theme": so that hips:Course finds hips:TrainingCourse); none scoring under ``cutoff`` (of 100)."""
    worded = {_words(known): known for known in names}
    return [worded[words] for words in closest(_words(name), worded, cutoff=cutoff)]


def _words(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)


def checked(text: str, *, strict: bool = False) -> tuple[str, ...]:
    """What to tell the user about the terms of ``text``: one sentence per unknown term, each also issued as an
    :class:`UnknownTermWarning`; with ``strict``, UnknownTerms is raised instead."""
    found = unknown_terms(text)
    if strict and found:
        raise UnknownTerms(" ".join(term.text() for term in found))
    for term in found:
        warnings.warn(term.text(), UnknownTermWarning, stacklevel=3)
    return tuple(term.text() for term in found)
