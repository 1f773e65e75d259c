"""The query catalogue: one ``queries/*.rq`` file per question, its header, its parameters and their values.

Each file opens with a comment header::

    # title: Training covering a form or tool
    # description: Courses whose titles name the tool ...
    #   (indented lines continue the previous field)
    # param: tool (entity hips:FormOrTool, e.g. CERAF): the form or tool
    # example: hipskg query training-covering --param tool=CERAF

and declares each parameter in the query itself, as ``VALUES ?tool { UNDEF }`` at the top of its
WHERE group: run as written, the query answers for every value; bound, the ``UNDEF`` becomes the
value, written as an escaped RDF term (:meth:`CatalogueQuery.bound`), so the same text runs on every
store and on a remote server. An entity parameter may be given as an IRI, a prefixed name or a label;
a label must name exactly one entity.
"""

import functools
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS
from rdflib.query import Result
from rdflib.term import Node

from hipskg import resources
from hipskg.ingest.names import key
from hipskg.namespaces import LABELS_GRAPH, PREFIXES, compact
from hipskg.sparql import QueryError, Runner, run, solutions, with_value_rows
from hipskg.suggest import alternatives, closest
from hipskg.terms import iri_problem

_FIELD = re.compile(r"^#\s?(\w+):\s*(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_PARAM = re.compile(r"^(\w+) \((entity|string|integer)(?: ([\w:]+))?, e\.g\. (.+?)\): (.+)$")


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # entity | string | integer
    cls: str | None  # for entities: the class (prefixed name) candidates must have
    example: str
    description: str


@dataclass(frozen=True)
class CatalogueQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    example: str
    text: str
    path: Path

    def mentions(self, word: str) -> bool:
        """Whether ``word`` is in the query's name, title, description or a parameter's name, whatever its case."""
        fields = (self.name, self.title, self.description, *(parameter.name for parameter in self.parameters))
        return any(word.casefold() in field.casefold() for field in fields)

    def bound(self, bindings: dict[str, Node]) -> str:
        """The query text with each declared ``VALUES ?name { UNDEF }`` holding its parameter's value."""
        if not bindings:
            return self.text
        names = {declaration(name): name for name in bindings}
        declared = re.compile("|".join(re.escape(text) for text in names))

        def value(match: re.Match) -> str:
            name = names[match.group(0)]
            return f"VALUES ?{name} {{ {bindings[name].n3()} }}"

        return declared.sub(value, self.text)  # one pass: a value written in is never searched again

    def bound_to_each(self, name: str, nodes: Sequence[Node]) -> str:
        """The query text with the parameter ``name`` bound to each of ``nodes`` (one VALUES row per node)."""
        return self.text.replace(declaration(name), f"VALUES ?{name} {{ {' '.join(node.n3() for node in nodes)} }}")


def declaration(name: str) -> str:
    """How a query file declares its parameter ``name``: a VALUES block left open (UNDEF) until bound."""
    return f"VALUES ?{name} {{ UNDEF }}"


def read_query(path: Path) -> CatalogueQuery:
    fields: dict[str, list[str]] = {}
    last = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if (continued := _CONTINUATION.match(line)) and last is not None:
            fields[last][-1] += " " + continued.group(1)
        elif field := _FIELD.match(line):
            last = field.group(1)
            fields.setdefault(last, []).append(field.group(2))
    missing = [name for name in ("title", "description", "example") if name not in fields]
    if missing:
        raise QueryError(f"{path}: header lacks {', '.join(missing)}: start the file with '# title: ...' lines")
    parameters = []
    for spec in fields.get("param", []):
        match = _PARAM.match(spec)
        if match is None:
            raise QueryError(
                f"{path}: bad parameter line {spec!r}: expected 'name (entity|string|integer[ CLASS], e.g. EXAMPLE): description'"
            )
        parameters.append(Parameter(*match.groups()))
    text = path.read_text(encoding="utf-8")
    for parameter in parameters:
        if text.count(declaration(parameter.name)) != 1:
            raise QueryError(
                f"{path}: parameter {parameter.name} must be declared once in the query: "
                f"put '{declaration(parameter.name)}' at the top of its WHERE group"
            )
    return CatalogueQuery(
        name=path.stem,
        title=fields["title"][0],
        description=fields["description"][0],
        parameters=tuple(parameters),
        example=fields["example"][0],
        text=text,
        path=path,
    )


def catalogue(folder: Path | None = None) -> dict[str, CatalogueQuery]:
    """Every query of the catalogue by name (the file name without .rq), read once per process and folder."""
    return dict(_read_catalogue(folder or resources.folder("queries")))


@functools.lru_cache(maxsize=16)
def _read_catalogue(folder: Path) -> tuple[tuple[str, CatalogueQuery], ...]:
    return tuple((path.stem, read_query(path)) for path in sorted(folder.glob("*.rq")))


class UnresolvedParameter(QueryError):
    """A label that names no entity of the data, or more than one."""


class UnknownQuery(QueryError):
    """A name that is not a catalogue query (nor SPARQL text, where one is read)."""


def unknown_query(name: str, queries: Mapping[str, CatalogueQuery], otherwise: str = "") -> UnknownQuery:
    """The error for ``name``, which no catalogue query has: the closest names, and where to find them all."""
    return UnknownQuery(
        f"no query {name!r} in the catalogue{suggestion(name, queries)}: run 'hipskg queries' to list them{otherwise}"
    )


def suggestion(name: str, queries: Mapping[str, CatalogueQuery]) -> str:
    """ "; did you mean X?" for a mistyped catalogue name close to one (or a few) of ``queries``, else ""."""
    close = closest(name, queries)
    return f"; did you mean {alternatives(close)}?" if close else ""


def _iri(text: str) -> URIRef:
    why = iri_problem(text)
    if why is not None:
        raise QueryError(f"{text!r} is not an IRI: it {why}")
    return URIRef(text)


def _expand(value: str) -> URIRef | None:
    """The IRI an ``<IRI>``, absolute IRI or prefixed name denotes; None for anything else (a label)."""
    if value.startswith("<") and value.endswith(">"):
        return _iri(value[1:-1])
    if value.startswith(("http://", "https://", "urn:")):
        return _iri(value)
    prefix, _, local = value.partition(":")
    if local and prefix in PREFIXES and " " not in value:
        return _iri(PREFIXES[prefix] + local)
    return None


def runner_of(source: "Graph | Runner") -> Runner:
    """Queries against a local graph or dataset, or through a given runner (a remote endpoint)."""
    if isinstance(source, Graph):
        return lambda text, bindings: run(source, text, bindings)
    return source


_CANDIDATES = "SELECT DISTINCT ?entity ?label WHERE { ?entity skos:prefLabel|skos:altLabel|rdfs:label ?label . %s }"
# The classes a candidate may have, asked first: Virtuoso 7 joins a label path with a class path (a/rdfs:subClassOf*)
# into no answers at all, and rdflib takes a minute over a UNION of the label properties joined with one.
_SUBCLASSES = "SELECT DISTINCT ?type WHERE { ?type rdfs:subClassOf* ?class }"
# A label with other than ASCII characters is always compared in full: key() folds compatibility forms.
_HOLDS_WORDS = 'BIND(REPLACE(LCASE(STR(?label)), "[^a-z0-9]", "") AS ?letters) FILTER(%s || REGEX(STR(?label), "[^ -~]"))'
# What is said of each candidate of an ambiguous label, and what of others names it, in which named graph: what tells
# them apart (two queries: a UNION of both directions is one of the joins Virtuoso 7 and rdflib evaluate slowly)
_STATEMENTS = (
    "SELECT ?entity ?graph ?property ?value WHERE { GRAPH ?graph { ?entity ?property ?value } }",
    "SELECT ?entity ?graph ?property ?value WHERE { GRAPH ?graph { ?value ?property ?entity } }",
)
_NOT_TELLING = {str(SKOS.prefLabel), str(SKOS.altLabel), str(RDFS.label), str(PROV.wasDerivedFrom)}
_TELLING_FIRST = ("a", "hips:audience", "in")  # the class, the audience, the source; then whatever else differs


def resolve_entity(source: "Graph | Runner", value: str, cls: str | None = None) -> URIRef:
    """The entity an IRI, prefixed name or label denotes; an unknown or ambiguous label is an error.

    Labels match whatever their case, punctuation and spelling of "&"; with ``cls`` only entities
    of that class (or a subclass) are candidates. An unknown label is answered with the closest labels
    of the class, an ambiguous one with what tells its entities apart, each entity by its pasteable name.
    """
    iri = _expand(value)
    if iri is not None:
        return iri
    runner = runner_of(source)
    wanted = key(value)
    candidates = sorted(
        {
            row.entity
            for row in solutions(_candidates(runner, wanted, _expand(cls) if cls else None))
            if isinstance(row.entity, URIRef) and key(str(row.label)) == wanted
        }
    )
    if len(candidates) == 1:
        return candidates[0]
    kind = f" of class {cls}" if cls else ""
    if not candidates:
        raise UnresolvedParameter(f"no entity{kind} is labelled {value!r}{_closest_labels(runner, value, cls)}")
    listed = "; ".join(_told_apart(runner, candidates))
    raise UnresolvedParameter(
        f"label {value!r} is ambiguous, it names {len(candidates)} entities{kind}: {listed}; give one of these names instead"
    )


def _closest_labels(runner: Runner, value: str, cls: str | None, limit: int = 5) -> str:
    """ "; the closest: "CERAF" (document:ceraf), ...: give ..." naming up to ``limit`` entities (of class ``cls``)
    whose labels are closest to ``value``, each by its best label; or what to give instead when none is close."""
    labelled: dict[str, set[URIRef]] = defaultdict(set)
    for row in solutions(_candidates(runner, "", _expand(cls) if cls else None)):
        if isinstance(row.entity, URIRef):
            labelled[str(row.label)].add(row.entity)
    named: dict[URIRef, str] = {}
    for label in closest(value, labelled, limit=4 * limit):
        for entity in sorted(labelled[label]):
            named.setdefault(entity, label)
    if not named:
        return ", nor any label close to it: give an IRI, a prefixed name or another label ('hipskg search WORDS' finds entities)"
    listed = ", ".join(f'"{label}" ({compact(entity)})' for entity, label in list(named.items())[:limit])
    return f"; the closest: {listed}: give one of these labels or names, an IRI or another label"


def _told_apart(runner: Runner, entities: list[URIRef]) -> list[str]:
    """Each of ``entities`` by its pasteable name and what tells it from the others: its class, audience, source
    graph or whatever else differs (what names it written ``^property``): its class when that tells any apart, then
    the fewest facts that tell them all apart (three at most)."""
    facts: dict[Node, dict[str, set[str]]] = {entity: defaultdict(set) for entity in entities}
    for inverse, text in enumerate(_STATEMENTS):
        for row in solutions(runner(with_value_rows(text, ["entity"], [[entity] for entity in entities]), {})):
            said = facts[row.entity]
            if row.graph != LABELS_GRAPH:
                said["in"].add(compact(row.graph))
            if str(row.property) == str(RDF.type) and not inverse:
                said["a"].add(compact(row.value))
            elif str(row.property) not in _NOT_TELLING and (isinstance(row.value, URIRef) or len(str(row.value)) <= 40):
                value = compact(row.value) if isinstance(row.value, URIRef) else f'"{row.value}"'
                said["^" * inverse + compact(row.property)].add(value)
    first = {name: place for place, name in enumerate(_TELLING_FIRST)}
    names = sorted(
        {name for said in facts.values() for name in said},
        key=lambda name: (first.get(name, len(first)), name.startswith("^"), name),
    )
    telling = ["a"] if _groups(facts, entities, ["a"]) > 1 else []  # the class first, whenever it tells any apart
    while len(telling) < 3 and _groups(facts, entities, telling) < len(entities):
        # the fact that tells most apart, then the one most of them have; the first of the best in the order above
        gains = {
            name: (_groups(facts, entities, [*telling, name]), sum(bool(facts[entity].get(name)) for entity in entities))
            for name in names
            if name not in telling
        }
        best = max(gains, key=lambda name: gains[name], default=None)
        if best is None or gains[best][0] == _groups(facts, entities, telling):
            break
        telling.append(best)
    return [_facts_text(compact(entity), facts[entity], telling) for entity in entities]


def _groups(facts: dict[Node, dict[str, set[str]]], entities: list[URIRef], names: list[str]) -> int:
    """How many groups ``entities`` fall into when told apart by the facts ``names``."""
    return len({tuple(tuple(sorted(facts[entity].get(name, ()))) for name in names) for entity in entities})


def _facts_text(name: str, said: dict[str, set[str]], telling: list[str]) -> str:
    shown = [f"{fact} {', '.join(sorted(said[fact]))}" for fact in telling if said.get(fact)]
    return f"{name} ({'; '.join(shown)})" if shown else name


_SUCCESSORS = """SELECT ?node ?successor WHERE {
  ?node owl:deprecated true ; dcterms:isReplacedBy+ ?successor .
  FILTER NOT EXISTS { ?successor owl:deprecated true }
} ORDER BY ?node ?successor"""


def successors(source: "Graph | Runner", nodes: list[URIRef] | None = None) -> dict[URIRef, URIRef]:
    """The live entity each tombstone among ``nodes`` (every tombstone when None) was replaced by, through a chain of
    dcterms:isReplacedBy (docs/review.md): where the page and the w3id.org IRI of a renamed entity send a visitor."""
    text = _SUCCESSORS if nodes is None else with_value_rows(_SUCCESSORS, ["node"], [[node] for node in sorted(set(nodes))])
    found: dict[URIRef, URIRef] = {}
    for row in solutions(runner_of(source)(text, {})):
        found.setdefault(URIRef(str(row.node)), URIRef(str(row.successor)))
    return found


_LABELS = """SELECT ?node ?label ?rank WHERE {
  { ?node skos:prefLabel ?label BIND(0 AS ?rank) } UNION { ?node rdfs:label ?label BIND(1 AS ?rank) }
}"""


def display_labels(source: "Graph | Runner", nodes: list[URIRef]) -> dict[Node, str]:
    """The display label of each of ``nodes`` that has one: skos:prefLabel, else rdfs:label, English or untagged
    first, then the first in order (one query for all of them)."""
    found: dict[Node, list[tuple[int, bool, str]]] = defaultdict(list)
    if nodes:
        text = with_value_rows(_LABELS, ["node"], [[node] for node in sorted(set(nodes))])
        for row in solutions(runner_of(source)(text, {})):
            found[row.node].append((int(row.rank), getattr(row.label, "language", None) not in ("en", None), str(row.label)))
    return {node: min(candidates)[2] for node, candidates in found.items()}


def _candidates(runner: Runner, wanted: str, cls: URIRef | None) -> Result:
    """The labels (with their entities, of class ``cls`` or a subclass if given) that may have the key ``wanted``:
    those holding each of its telling words, matched by the store, so that only they come back to be compared."""
    pattern, rows = "", list[list[Node]]()
    if cls is not None:  # the class itself is one of its subclasses: rows is never empty
        pattern, rows = "?entity a ?type . ", [[row.type] for row in solutions(runner(_SUBCLASSES, {"class": cls}))]
    words = _telling_words(wanted)
    if words:
        pattern += _HOLDS_WORDS % " && ".join(f"CONTAINS(?letters, ?word{number})" for number in range(len(words)))
    text = _CANDIDATES % pattern
    if rows:
        text = with_value_rows(text, ["type"], rows)
    return runner(text, {f"word{number}": Literal(word) for number, word in enumerate(words)})


def _telling_words(normalised: str) -> list[str]:
    """The words of a label's key made of ASCII letters and digits only (not "and", which "&" becomes), longest first.
    Every label with that key holds each of them once its other characters are dropped: the store can skip the
    rest of its labels (100 thousand at 1M triples) instead of handing them all over to be compared."""
    words = {word for word in normalised.split() if word != "and" and re.fullmatch(r"[a-z0-9]+", word)}
    return sorted(words, key=lambda word: (-len(word), word))


def bind(query: CatalogueQuery, source: "Graph | Runner", values: dict[str, str]) -> dict[str, Node]:
    """Bindings for the query's parameters from command-line strings (entities resolved against ``source``)."""
    declared = {parameter.name: parameter for parameter in query.parameters}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise QueryError(
            f"query {query.name!r} has no parameter {', '.join(unknown)}; its parameters: {', '.join(declared) or 'none'}"
        )
    bindings: dict[str, Node] = {}
    for name, parameter in declared.items():
        if name not in values:
            raise QueryError(
                f"query {query.name!r} needs --param {name}=VALUE ({parameter.description}; e.g. {parameter.example})"
            )
        value = values[name]
        if parameter.kind == "entity":
            bindings[name] = resolve_entity(source, value, parameter.cls)
        elif parameter.kind == "integer":
            if not re.fullmatch(r"-?\d+", value):
                raise QueryError(f"parameter {name} must be an integer, not {value!r}")
            bindings[name] = Literal(int(value))
        else:
            bindings[name] = Literal(value)
    return bindings
