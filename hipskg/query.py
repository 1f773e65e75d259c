"""The query step: the catalogue of ready queries, parameter binding, and result formatting.

Each ``queries/*.rq`` file opens with a comment header::

    # title: Training covering a form or tool
    # description: Courses whose titles name the tool ...
    #   (indented lines continue the previous field)
    # param: tool (entity hips:FormOrTool, e.g. CERAF): the form or tool
    # example: hipskg query training-covering --param tool=CERAF

Parameters are bound with initBindings, never pasted into the query text. An entity parameter
may be given as an IRI, a prefixed name or a label; a label must name exactly one entity.
"""

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.query import Result
from rdflib.term import Node

from hipskg import resources
from hipskg.ingest.names import key
from hipskg.namespaces import PREFIXES, compact

_FIELD = re.compile(r"^#\s?(\w+):\s*(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_PARAM = re.compile(r"^(\w+) \((entity|string|integer)(?: ([\w:]+))?, e\.g\. (.+?)\): (.+)$")
FORMATS = ("table", "csv", "tsv", "json", "markdown")


class QueryError(Exception):
    """A query could not be found, bound or run; the message says what to do."""


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


def prologue() -> str:
    """PREFIX declarations for the project's namespaces, prepended to every query."""
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())


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
            raise QueryError(f"{path}: bad parameter line {spec!r}: expected 'name (entity|string|integer[ CLASS], e.g. EXAMPLE): description'")
        parameters.append(Parameter(*match.groups()))
    return CatalogueQuery(
        name=path.stem,
        title=fields["title"][0],
        description=fields["description"][0],
        parameters=tuple(parameters),
        example=fields["example"][0],
        text=path.read_text(encoding="utf-8"),
        path=path,
    )


def catalogue(folder: Path | None = None) -> dict[str, CatalogueQuery]:
    """Every query of the catalogue by name (the file name without .rq)."""
    folder = folder or resources.folder("queries")
    return {path.stem: read_query(path) for path in sorted(folder.glob("*.rq"))}


def _expand(value: str) -> URIRef | None:
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    if value.startswith(("http://", "https://", "urn:")):
        return URIRef(value)
    prefix, _, local = value.partition(":")
    if local and prefix in PREFIXES and " " not in value:
        return URIRef(PREFIXES[prefix] + local)
    return None


def _has_class(graph: Graph, entity: Node, cls: URIRef) -> bool:
    return bool(graph.query("ASK { ?e a/rdfs:subClassOf* ?c }", initBindings={"e": entity, "c": cls}, initNs={"rdfs": RDFS}).askAnswer)


def resolve_entity(graph: Graph, value: str, cls: str | None = None) -> URIRef:
    """The entity an IRI, prefixed name or label denotes; an unknown or ambiguous label is an error."""
    iri = _expand(value)
    if iri is not None:
        return iri
    wanted = key(value)
    candidates = {
        subject
        for predicate in (SKOS.prefLabel, SKOS.altLabel, RDFS.label)
        for subject, label in graph.subject_objects(predicate)
        if isinstance(subject, URIRef) and key(str(label)) == wanted
    }
    if cls is not None:
        cls_iri = _expand(cls)
        candidates = {c for c in candidates if cls_iri is not None and _has_class(graph, c, cls_iri)}
    if len(candidates) == 1:
        return candidates.pop()
    kind = f" of class {cls}" if cls else ""
    if not candidates:
        raise QueryError(f"no entity{kind} is labelled {value!r}: give an IRI, a prefixed name or another label")
    listed = "; ".join(f"{c} ({graph.value(c, SKOS.prefLabel)}: {_types(graph, c)})" for c in sorted(candidates))
    raise QueryError(f"label {value!r} is ambiguous, it names {len(candidates)} entities{kind}: {listed}")


def _types(graph: Graph, entity: Node) -> str:
    return ", ".join(sorted({compact(cls) for cls in graph.objects(entity, RDF.type)}))


def bind(query: CatalogueQuery, graph: Graph, values: dict[str, str]) -> dict[str, Node]:
    """initBindings for the query's parameters from command-line strings."""
    declared = {parameter.name: parameter for parameter in query.parameters}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise QueryError(f"query {query.name!r} has no parameter {', '.join(unknown)}; its parameters: {', '.join(declared) or 'none'}")
    bindings: dict[str, Node] = {}
    for name, parameter in declared.items():
        if name not in values:
            raise QueryError(f"query {query.name!r} needs --param {name}=VALUE ({parameter.description}; e.g. {parameter.example})")
        value = values[name]
        if parameter.kind == "entity":
            bindings[name] = resolve_entity(graph, value, parameter.cls)
        elif parameter.kind == "integer":
            if not re.fullmatch(r"-?\d+", value):
                raise QueryError(f"parameter {name} must be an integer, not {value!r}")
            bindings[name] = Literal(int(value))
        else:
            bindings[name] = Literal(value)
    return bindings


def run(dataset: Dataset | Graph, text: str, bindings: dict[str, Node] | None = None) -> Result:
    """Run a SPARQL query with the project's prefixes declared and parameters bound."""
    try:
        return dataset.query(prologue() + text, initBindings=bindings or {})
    except Exception as error:  # pyparsing and rdflib raise many types for syntax errors
        raise QueryError(f"SPARQL error: {error}".replace("\n", " ")) from error


def rows(result: Result, *, prefixed: bool = True) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a SELECT result as strings: prefixed IRIs, or full IRIs."""
    header = [str(variable) for variable in result.vars or []]
    show = compact if prefixed else (lambda node: "" if node is None else str(node))
    body = [[show(row[variable]) for variable in result.vars] for row in result]
    return header, body


def format_result(result: Result, fmt: str) -> str:
    """A SELECT/ASK result as table, csv, tsv, json (SPARQL 1.1 JSON results) or markdown."""
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) if fmt == "json" else ("yes" if result.askAnswer else "no")
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8")
    header, body = rows(result, prefixed=fmt not in ("csv", "tsv"))
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(body)
        return out.getvalue().rstrip("\n")
    if fmt == "markdown":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in body]
        return "\n".join(lines)
    widths = [max([len(h)] + [len(row[i]) for row in body]) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=False)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(row) for row in body] + [f"({len(body)} rows)"])
