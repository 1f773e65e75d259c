"""Turning what a parser finds into triples of one source's named graph.

A parser asks for entities by family and name; the builder resolves the name to a stable IRI
(curated names first, then a slug of the normalised name), types it, labels it with the spelling
the source used, and records where it was found. Parsers never mint IRIs themselves.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from hipskg.ingest.names import clean, key, slug
from hipskg.namespaces import HIPS, ID, ORG

LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)


@dataclass(frozen=True)
class Family:
    """A kind of entity sharing one IRI space ``id/{name}/`` and one way of merging names."""

    name: str
    cls: URIRef
    drop_brackets: bool = False
    drop_article: bool = False

    def key(self, text: str) -> str:
        return key(text, drop_brackets=self.drop_brackets, drop_article=self.drop_article)


FAMILIES: dict[str, Family] = {
    family.name: family
    for family in (
        Family("manual", HIPS.ProceduresManual),
        Family("chapter", HIPS.Chapter),
        Family("procedure", HIPS.Procedure),
        Family("section", HIPS.ProcedureSection),
        Family("theme", HIPS.Theme),
        Family("toolkit", HIPS.Toolkit),
        Family("course", HIPS.TrainingCourse, drop_brackets=True, drop_article=True),
        Family("legislation", HIPS.Legislation),
        Family("document", HIPS.Document),
        Family("org", HIPS.Organisation),
        Family("post", HIPS.Post),
        Family("person", HIPS.Person),
        Family("area", HIPS.Area),
        Family("membership", ORG.Membership),
        Family("event", ORG.ChangeEvent),
        Family("scheme", SKOS.ConceptScheme),
    )
}


def family_of(iri: URIRef) -> tuple[str, str] | None:
    """(family, scope) of an entity IRI ``id/{family}/{scope...}/{slug}``."""
    if not iri.startswith(ID):
        return None
    parts = iri[len(ID) :].split("/")
    if len(parts) < 2 or parts[0] not in FAMILIES:
        return None
    return parts[0], "/".join(parts[1:-1])


class Resolver:
    """Resolves (family, scope, name) to an IRI: curated names and variants first, minted slugs otherwise."""

    def __init__(self, curated: Graph) -> None:
        self.curated = curated
        self._names: dict[tuple[str, str, str], URIRef] = {}
        self.curated_labels: dict[URIRef, str] = {}
        self.curated_spellings: dict[URIRef, list[str]] = defaultdict(list)
        for subject, predicate, label in curated.triples((None, None, None)):
            if predicate not in LABEL_PROPERTIES or not isinstance(subject, URIRef):
                continue
            where = family_of(subject)
            if where is None:
                continue
            family, scope = where
            self._names[(family, scope, FAMILIES[family].key(str(label)))] = subject
            if predicate == SKOS.prefLabel:
                self.curated_labels[subject] = str(label)
            elif predicate == RDFS.label:
                self.curated_spellings[subject].append(str(label))

    def iri(self, family: str, name: str, *, scope: str = "", ident: str | None = None) -> URIRef:
        """The IRI of the entity of ``family`` called ``name``.

        ``ident`` gives the slug directly (a procedure's number) and registers ``name`` for it, so
        later mentions of the name, from any source, resolve to the same entity.
        """
        normalised = FAMILIES[family].key(name)
        if not normalised:
            raise ValueError(f"empty name for a {family} entity")
        prefix = f"{family}/{scope}/" if scope else f"{family}/"
        if ident is not None:
            iri = ID[prefix + ident]
            self._names.setdefault((family, scope, normalised), iri)
            return iri
        return self._names.get((family, scope, normalised)) or ID[prefix + slug(normalised)]

    def known(self, family: str, name: str, *, scope: str = "") -> URIRef | None:
        """The entity already known (curated or registered) under ``name``, if any."""
        return self._names.get((family, scope, FAMILIES[family].key(name)))

    def is_curated(self, iri: URIRef) -> bool:
        return iri in self.curated_labels

    def curated_instances(self, *classes: URIRef) -> set[URIRef]:
        """Curated entities typed with any of ``classes`` (as asserted, no subclass reasoning)."""
        return {s for cls in classes for s in self.curated.subjects(RDF.type, cls) if isinstance(s, URIRef)}

    def tools(self) -> "Gazetteer":
        """A matcher for the curated forms and tools (CERAF, the CPI form, Day in the Life tools ...)."""
        return self.gazetteer("document", restrict_to=self.curated_instances(HIPS.FormOrTool, HIPS.DayInTheLifeTool))

    def gazetteer(self, family: str, *, scope: str = "", restrict_to: set[URIRef] | None = None) -> "Gazetteer":
        """A matcher for mentions of the known entities of one family in running text."""
        names = {
            normalised: iri
            for (fam, sc, normalised), iri in self._names.items()
            if fam == family and sc == scope and (restrict_to is None or iri in restrict_to)
        }
        return Gazetteer(names)


class Gazetteer:
    """Finds mentions of named entities in free text, longest name first, ignoring case and punctuation."""

    def __init__(self, names: dict[str, URIRef]) -> None:
        self._names = sorted(names.items(), key=lambda item: (-len(item[0]), item[0]))

    def find(self, text: str) -> list[URIRef]:
        """The entities mentioned in ``text``, each once, in order of first mention."""
        haystack = f" {key(text)} "
        found: list[tuple[int, URIRef]] = []
        for name, iri in self._names:
            needle = f" {name} "
            start = haystack.find(needle)
            while start >= 0:
                found.append((start, iri))
                blank = " " + "\0" * (len(needle) - 2) + " "
                haystack = haystack[:start] + blank + haystack[start + len(needle) :]
                start = haystack.find(needle)
        ordered: list[URIRef] = []
        for _, iri in sorted(found, key=lambda item: item[0]):
            if iri not in ordered:
                ordered.append(iri)
        return ordered


class LabelBook:
    """Every spelling each entity was found under, across all sources, to choose display labels."""

    def __init__(self, resolver: Resolver) -> None:
        self._resolver = resolver
        self._spellings: dict[URIRef, Counter[str]] = defaultdict(Counter)
        for iri, spellings in resolver.curated_spellings.items():
            self._spellings[iri].update(spellings)

    def saw(self, iri: URIRef, spelling: str) -> None:
        self._spellings[iri][spelling] += 1

    def graph(self, identifier: URIRef) -> Graph:
        """skos:prefLabel (curated, else most frequent, else longest) and altLabels for the other spellings."""
        out = Graph(identifier=identifier)
        for iri, spellings in self._spellings.items():
            curated = self._resolver.curated_labels.get(iri)
            ranked = sorted(spellings, key=lambda s: (-spellings[s], -len(s), s))
            preferred = curated or ranked[0]
            if curated is None:
                out.add((iri, SKOS.prefLabel, Literal(preferred, lang="en")))
            for spelling in ranked:
                if spelling != preferred:
                    out.add((iri, SKOS.altLabel, Literal(spelling, lang="en")))
        return out


class SourceGraph:
    """The named graph of one source document, filled by that document's parser."""

    def __init__(self, iri: URIRef, resolver: Resolver, labels: LabelBook) -> None:
        self.iri = iri
        self.graph = Graph(identifier=iri)
        self._resolver = resolver
        self._labels = labels

    def entity(
        self,
        family: str,
        name: str,
        section: str,
        *,
        scope: str = "",
        ident: str | None = None,
        types: tuple[URIRef, ...] = (),
    ) -> URIRef:
        """The entity called ``name`` in this source, typed, labelled and traced to ``section``.

        ``types`` are the parser's classification (e.g. hips:Strategy); they are not added to a
        curated entity, whose types the curated data fixes.
        """
        spelling = clean(name)
        iri = self._resolver.iri(family, spelling, scope=scope, ident=ident)
        guessed = () if self._resolver.is_curated(iri) else types
        for cls in (FAMILIES[family].cls, *guessed):
            self.graph.add((iri, RDF.type, cls))
        self.graph.add((iri, RDFS.label, Literal(spelling, lang="en")))
        self.graph.add((iri, PROV.wasDerivedFrom, self.iri))
        self.graph.add((iri, HIPS.sourceSection, Literal(clean(section))))
        self._labels.saw(iri, spelling)
        return iri

    def settle_types(self) -> None:
        """Drop hips:Resource, the type of last resort, from documents also given a specific type."""
        for document in set(self.graph.subjects(RDF.type, HIPS.Resource)):
            if set(self.graph.objects(document, RDF.type)) - {HIPS.Resource, HIPS.Document}:
                self.graph.remove((document, RDF.type, HIPS.Resource))

    def mention(self, iri: URIRef, section: str) -> None:
        """Record that this source mentions an already-known entity (e.g. found by a Gazetteer)."""
        self.graph.add((iri, PROV.wasDerivedFrom, self.iri))
        self.graph.add((iri, HIPS.sourceSection, Literal(clean(section))))

    def add(self, subject: URIRef, predicate: URIRef, value: URIRef | Literal) -> None:
        """A statement this source makes about entities already obtained from :meth:`entity`."""
        self.graph.add((subject, predicate, value))
