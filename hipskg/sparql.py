"""The SPARQL layer: the project's prefixes, parameters bound as a VALUES block, a time limit, and results as text.

Every store runs its queries through these functions, so a query means the same thing in memory, in
Oxigraph and on a remote server. rdflib's SPARQL parser (slow to import) is imported only by the
functions that parse with it: the rdflib store, the naming of a syntax error's line and column, and
the SHACL-SPARQL validator's analysis of a constraint.
"""

import csv
import io
import json
import re
import threading
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from rdflib import Dataset, Graph, Variable
from rdflib.query import Result, ResultRow
from rdflib.term import Node

from hipskg.cache import memoized
from hipskg.defaults import QUERY_TIMEOUT
from hipskg.errors import HipskgError
from hipskg.formats import TABLE_FORMATS
from hipskg.namespaces import PREFIXES, compact

if TYPE_CHECKING:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

FORMATS = TABLE_FORMATS


class QueryError(HipskgError):
    """A query could not be found, bound or run; the message says what to do."""


def prologue() -> str:
    """PREFIX declarations for the project's namespaces, prepended to every query."""
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())


Runner = Callable[[str, dict[str, Node]], Result]


class QueryTimeout(QueryError):
    """The query ran longer than allowed."""

    exit_status = 3


_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_MASKED = re.compile(
    r'"""(?:\\.|[^\\])*?"""|\'\'\'(?:\\.|[^\\])*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
    re.DOTALL,
)


def _code(text: str) -> str:
    """``text`` with its string literals, IRIs and comments blanked out, every character in place."""
    return _MASKED.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), text)


def without_comments(text: str) -> str:
    """``text`` with its comments removed (a ``#`` inside a string or an IRI is not a comment)."""
    return _MASKED.sub(lambda match: "" if match.group(0).startswith("#") else match.group(0), text)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of the query, read from its code, not its comments."""
    form = _FORM.search(_code(text))
    if form is None:  # what the words name ("SELEC is not a SPARQL keyword ..."), or that the query is empty
        raise QueryError(plain_syntax_error(text, 0))
    return form.group(1).upper()


def _outer_group(text: str) -> int:
    """Index just after the "{" that opens the query's outermost group pattern (its WHERE clause)."""
    code = _code(text)
    form = _FORM.search(code)
    if form is None:
        raise QueryError("cannot bind parameters: no SELECT, ASK, CONSTRUCT or DESCRIBE in the query")
    braces = [(m.start(), m.group(0)) for m in re.finditer(r"[{}]", code[form.end() :])]
    skip = 0
    if form.group(1).upper() == "CONSTRUCT" and not re.match(r"\s*WHERE\b", code[form.end() :], re.IGNORECASE):
        depth = 0
        for skip, (_, char) in enumerate(braces):  # the template: a balanced block before the group
            depth += 1 if char == "{" else -1
            if depth == 0:
                skip += 1
                break
    if skip >= len(braces) or braces[skip][1] != "{":
        raise QueryError("cannot bind parameters: the query has no WHERE { ... } group")
    return form.end() + braces[skip][0] + 1


def with_values(text: str, bindings: dict[str, Node]) -> str:
    """The query with its parameters bound by a VALUES block opening its outermost group pattern.

    Values are written as RDF terms (IRIs checked, literals escaped), so a parameter can only
    ever be a value; the same text runs locally and on a remote endpoint. A parameter must be
    used in the outermost group: a sub-select does not see variables it does not project.
    """
    if not bindings:
        return text
    names = sorted(bindings)
    return with_value_rows(text, names, [[bindings[name] for name in names]])


def with_value_rows(text: str, names: list[str], rows: list[list[Node]]) -> str:
    """The query with a VALUES block of several rows for the variables ``names`` opening its outermost group."""
    opening = _outer_group(text)
    written = " ".join("(" + " ".join(node.n3() for node in row) + ")" for row in rows)
    block = f" VALUES ({' '.join('?' + name for name in names)}) {{ {written} }}"
    return text[:opening] + block + text[opening:]


@memoized("sparql-analysis")
def binds_like_substitution(text: str, name: str) -> bool:
    """Whether a VALUES block binding ``?name`` at the top of the outermost group gives, for each of its
    values, the answers that pre-binding the variable to that value gives (SHACL 1.0, appendix A: every
    basic graph pattern and path joined with the value), decided from the query's structure.

    True when the query is a SELECT projecting the variable (so each answer says whose it is) and every
    occurrence of the variable is either where the VALUES block has already bound it (directly in the
    outermost group: a triple, a FILTER or BIND of that group with any EXISTS pattern in it; or after the
    WHERE clause) or in a triple pattern reached only through nested groups, UNION branches, GRAPH
    patterns or an OPTIONAL of the outermost group (a join with the VALUES block commutes with those).
    Anywhere else (a FILTER or BIND inside a nested group or UNION branch, an OPTIONAL inside one, a
    sub-select, MINUS) the variable may be unbound where pre-binding binds it: each value must then be
    substituted (:func:`prebound`). A query that does not parse is left to substitution, which reports it.
    """
    from pyparsing import ParseException

    try:
        form = parsed_form(text)
    except ParseException:
        return False
    variable = Variable(name)
    projected = "projection" not in form or any("var" in item and item["var"] == variable for item in form["projection"])
    if form.name != "SelectQuery" or not projected:
        return False
    return all(_sees_values(scope) for scope, node in pattern_nodes(form) if node == variable)


_JOINED = {"GroupGraphPatternSub", "GroupOrUnionGraphPattern", "GraphGraphPattern", "TriplesBlock"}


def _sees_values(scope: tuple[str, ...]) -> bool:
    """Whether an occurrence inside the constructs ``scope`` (rdflib's names, the query form first) sees
    the value a VALUES block opening the outermost group binds, or is joined with it (see above)."""
    if scope[1:2] != ("GroupGraphPatternSub",):
        return True  # the projection, GROUP BY, HAVING, ORDER BY: after the outermost group
    inner = scope[2:]
    if inner[:1] in (("Filter",), ("Bind",)):
        return True
    if inner[:1] == ("OptionalGraphPattern",):
        inner = inner[1:]
    return inner[-1:] == ("TriplesBlock",) and set(inner) <= _JOINED


@lru_cache(maxsize=256)
def parsed_form(text: str) -> "CompValue":
    """rdflib's parse tree of the query's form (SelectQuery, AskQuery ...), read once per text
    (a long SHACL-SPARQL query takes pyparsing 0.1 s); raises ParseException."""
    from rdflib.plugins.sparql.parser import parseQuery

    return parseQuery(text)[1]


def pattern_nodes(tree: object, scope: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], object]]:
    """Every node of rdflib's parse tree of a query, with the names of the constructs it lies in, outermost first."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    yield scope, tree
    if isinstance(tree, CompValue):
        for value in tree.values():
            yield from pattern_nodes(value, (*scope, tree.name))
    elif isinstance(tree, list | ParseResults):
        for value in tree:
            yield from pattern_nodes(value, scope)


def _occurrences(code: str, name: str) -> Iterator[re.Match]:
    """Where the variable ``?name`` (or ``$name``) stands in the query's code; group 1 holds "BOUND(" when
    the occurrence is the argument of BOUND, and the match then takes in the closing parenthesis."""
    return re.finditer(r"(\bBOUND\s*\(\s*)?[?$]" + re.escape(name) + r"\b(?(1)\s*\))", code, re.IGNORECASE)


_CLAUSE_END = re.compile(r"\b(WHERE|HAVING|ORDER|LIMIT|OFFSET|VALUES)\b|[{}]", re.IGNORECASE)


def prebound(text: str, name: str, node: Node) -> str:
    """The query with ``node`` in place of ``$name`` / ``?name``: SHACL-SPARQL's pre-binding of
    ``$this``, which reaches into sub-selects and nested groups (a VALUES block does not) and lets the
    planner start from the node (a variable bound after planning makes Oxigraph scan: 0.7 s against 0.01 s).

    The node is written as an RDF term (escaped), never as raw text. Standing alone in a projection,
    the variable is dropped (the caller knows which node the answers are for); in a GROUP BY or ORDER BY
    it becomes the constant expression ``(node)``, which orders and groups the same rows; ``BOUND(?name)``
    becomes ``(true)``: a pre-bound variable is bound everywhere.
    """
    code = _code(text)
    term = node.n3()
    pieces, last = [], 0
    for match in _occurrences(code, name):
        pieces.append(text[last : match.start()])
        item = _bare_item_of(code, match.start())
        pieces.append("(true)" if match.group(1) else "" if item == "SELECT" else f"({term})" if item else term)
        last = match.end()
    pieces.append(text[last:])
    rewritten = "".join(pieces)
    # a projection left empty ("SELECT DISTINCT WHERE") projects nothing: "*" does the same here
    return re.sub(r"\bSELECT(\s+(?:DISTINCT|REDUCED))?(\s*)(?=WHERE\b|\{)", r"SELECT\1 *\2", rewritten, flags=re.IGNORECASE)


def _bare_item_of(code: str, at: int) -> str | None:
    """ "SELECT", "GROUP" or "ORDER" when the variable at ``at`` stands alone in a projection, a GROUP BY or an ORDER BY clause."""
    clauses = list(re.finditer(r"\b(SELECT)\b|\b(GROUP|ORDER)\s+BY\b", code[:at], re.IGNORECASE))
    if not clauses:
        return None
    clause = code[clauses[-1].end() : at]
    if _CLAUSE_END.search(clause) is not None or clause.count("(") != clause.count(")"):
        return None
    return "SELECT" if clauses[-1].group(1) else clauses[-1].group(2).upper()


_SERVICE = re.compile(r"(?<![?$\w:])SERVICE(?![\w:-])", re.IGNORECASE)


def service_line(text: str) -> int | None:
    """The line of the query's first ``SERVICE`` (a call to another server), or None when it calls none."""
    found = _SERVICE.search(_code(text))
    return None if found is None else text.count("\n", 0, found.start()) + 1


def refuse_service(text: str) -> None:
    """Raise QueryError if the query calls another server (``SERVICE``): a local query stays local unless allowed."""
    line = service_line(text)
    if line is not None:
        raise QueryError(
            f"line {line}: SERVICE would send part of the query to another server; a local query does not "
            "unless you give --allow-service"
        )


def _parsed(text: str) -> "ParseResults":
    """``text`` with the project's prologue, parsed; a syntax error is a QueryError naming its line and column."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return parseQuery(prologue() + text)
    except ParseException as error:
        # Oxigraph's parser stops at the same place on every store; pyparsing's is the last resort
        raise QueryError(plain_syntax_error(text, _oxigraph_offset(text, error.loc - len(prologue())))) from None


_OXIGRAPH_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def syntax_error(message: str, text: str) -> str:
    """Oxigraph's message for a query it cannot parse (``text`` without the project's prologue) in plain words:
    what is wrong, at its line and column in the user's text (see :mod:`hipskg.syntax`)."""
    found = _OXIGRAPH_ERROR.match(message)
    if found is None:
        return f"SPARQL syntax error: {message}"
    return plain_syntax_error(text, _offset(text, int(found.group(1)) - prologue().count("\n"), int(found.group(2))))


def plain_syntax_error(text: str, offset: int) -> str:
    """The message for ``text``, a query a parser refused at ``offset`` (where the words look when they find no mistake
    they can name)."""
    from hipskg.syntax import explain

    line, column, words = explain(text, offset)
    return f"SPARQL syntax error at line {line}, column {column}: {words}"


def _oxigraph_offset(text: str, otherwise: int) -> int:
    """Where Oxigraph's parser refuses ``text`` (the same place on every store), or ``otherwise`` if it reads it."""
    import pyoxigraph

    try:
        pyoxigraph.Store().query(prologue() + text)
    except SyntaxError as error:
        found = _OXIGRAPH_ERROR.match(str(error))
        if found is not None:
            return _offset(text, int(found.group(1)) - prologue().count("\n"), int(found.group(2)))
    return otherwise


def _offset(text: str, line: int, column: int) -> int:
    """The index in ``text`` of the character at ``line`` and ``column`` (both from 1)."""
    lines = text.split("\n")
    if line < 1:
        return 0
    return min(len(text), sum(len(previous) + 1 for previous in lines[: line - 1]) + column - 1)


def check_syntax(text: str) -> None:
    """Raise QueryError naming the line and column of a SPARQL syntax error in ``text``."""
    _parsed(text)


_ABANDONED: set[threading.Thread] = set()  # evaluations still running after their caller stopped waiting
_ABANDONED_LOCK = threading.Lock()


def abandoned() -> int:
    """How many timed-out evaluations are still running (an engine that cannot be interrupted finishes them unseen)."""
    with _ABANDONED_LOCK:
        return len(_ABANDONED)


def within(work: Callable[[], Result], timeout: float) -> Result:
    """``work()`` within ``timeout`` seconds; a query the engine cannot interrupt is left to finish unseen,
    counted by :func:`abandoned` until it does."""
    outcome: dict[str, object] = {}

    def evaluate() -> None:
        try:
            outcome["result"] = work()
        except Exception as error:  # engines raise many types for evaluation errors
            outcome["error"] = error
        finally:
            with _ABANDONED_LOCK:
                outcome["done"] = True
                _ABANDONED.discard(threading.current_thread())

    worker = threading.Thread(target=evaluate, daemon=True)
    worker.start()
    worker.join(timeout)
    with _ABANDONED_LOCK:
        late = "done" not in outcome
        if late:
            _ABANDONED.add(worker)
    if late:
        raise QueryTimeout(f"query stopped after {timeout:g} s: it ran past --timeout; narrow it or raise the limit")
    if "error" in outcome:
        raise QueryError(f"SPARQL error: {outcome['error']}".replace("\n", " ")) from outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]


def run(
    dataset: Dataset | Graph,
    text: str,
    bindings: dict[str, Node] | None = None,
    *,
    timeout: float = QUERY_TIMEOUT,
    allow_service: bool = False,
) -> Result:
    """Run a SPARQL query with the project's prefixes declared and parameters bound, within ``timeout``
    seconds; ``SERVICE`` (calling another server) only if ``allow_service``."""
    bound = with_values(text, bindings or {})
    if not allow_service:
        refuse_service(bound)
    from rdflib.plugins.sparql.algebra import translateQuery

    parsed = _parsed(bound)  # parsed once: rdflib evaluates the parse, not the text again

    def evaluate() -> Result:
        result = dataset.query(translateQuery(parsed))
        if result.type == "SELECT":
            result.bindings  # noqa: B018 - evaluates the lazy result here, inside the time limit
        return result

    try:
        return within(evaluate, timeout)
    except QueryError as error:
        if "Unknown namespace prefix" in str(error.__cause__):  # rdflib finds an undeclared prefix only when it translates
            raise QueryError(plain_syntax_error(bound, 0)) from None
        raise


def solutions(result: Result) -> list[ResultRow]:
    """The rows of a SELECT result, each read by variable name (``row.label``, ``row["class"]``)."""
    return cast("list[ResultRow]", list(result))


def result_graph(result: Result) -> Graph:
    """The graph a CONSTRUCT or DESCRIBE query gives."""
    if result.graph is None:
        raise QueryError(f"a {result.type} query gives no graph: ask with CONSTRUCT or DESCRIBE")
    return result.graph


def rows(result: Result, *, prefixed: bool = True) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a SELECT result as strings: prefixed IRIs, or full IRIs."""
    variables = result.vars or []
    show = compact if prefixed else (lambda node: "" if node is None else str(node))
    body = [[show(row[variable]) for variable in variables] for row in solutions(result)]
    return [str(variable) for variable in variables], body


def format_result(result: Result, fmt: str, *, note: str = "") -> str:
    """A SELECT/ASK result as table, csv, tsv, json (SPARQL 1.1 JSON results) or markdown; ``note`` (which facts the
    query saw) ends a table's footer."""
    if result.type == "ASK":
        return (
            json.dumps({"head": {}, "boolean": bool(result.askAnswer)})
            if fmt == "json"
            else ("yes" if result.askAnswer else "no")
        )
    if fmt == "json":
        return (result.serialize(format="json") or b"").decode("utf-8")
    header, body = rows(result, prefixed=fmt not in ("csv", "tsv"))
    return table_text(header, body, fmt, note=note)


def table_text(header: list[str], body: list[list[str]], fmt: str, *, note: str = "") -> str:
    """Rows of text as csv, tsv, markdown or an aligned table (with its number of rows, and ``note``)."""
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
    return "\n".join(
        [line(header), line(["-" * w for w in widths])]
        + [line(row) for row in body]
        + [f"({len(body)} rows{', ' + note if note else ''})"]
    )
