"""SPARQL text read token by token: the names a query uses, and what is wrong with one that does not parse.

The parsers say where they gave up, not what was wrong: Oxigraph lists the tokens it would have taken
("expected one of "$", "'", ...") and often stops at the start of the last term; pyparsing says
"Expected SelectQuery" at a place that may be several tokens away. Neither names the usual mistakes. So
once a parser has refused a query, :func:`explain` walks its tokens with a small model of SPARQL's shape
(brackets, triples of subject, property and object, the clauses around them) and names the first thing
that does not fit, in plain words, at its own line and column; what the model does not know, it leaves
to the parser's position. The model never runs on a query that parses.
"""

import re
from dataclasses import dataclass

from rdflib import URIRef

from hipskg.namespaces import PREFIXES, compact
from hipskg.suggest import alternatives, closest
from hipskg.terms import character_name, iri_problem

_LOCAL_CHAR = r"(?:[\w:%-]|\\[_~.!$&'()*+,;=/?#@%-]|%[0-9A-Fa-f]{2})"
_PNAME = rf"(?:[^\W\d_][\w.-]*)?:(?:{_LOCAL_CHAR}(?:(?:{_LOCAL_CHAR}|\.)*{_LOCAL_CHAR})?)?"
_TOKEN = re.compile(
    "|".join(
        (
            r"(?P<space>\s+)",
            r"(?P<comment>#[^\n]*)",
            r'(?P<string>"""(?:\\.|[^\\])*?"""|\'\'\'(?:\\.|[^\\])*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\')',
            r"(?P<open>[\"'])",  # a quote that no closing one follows on its line
            r"(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)",
            r"(?P<var>[?$]\w+)",
            r"(?P<bnode>_:[\w.-]*\w)",
            r"(?P<bare>https?://[^\s<>\"{}|^`\\]*[^\s<>\"{}|^`\\.,;)])",  # a full IRI pasted without its brackets
            rf"(?P<slashed>{_PNAME}(?:/(?!a\b)[\w.-]+)+)(?![\w:(])",  # hipsid:org/x, a name pasted with its path
            rf"(?P<pname>{_PNAME})",
            r"(?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)",
            r"(?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",
            r"(?P<word>[^\W\d]\w*)",
            r"(?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].,;|/^*+?!=<>-])",
            r"(?P<other>.)",
        )
    ),
    re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str  # string, open, iri, var, bnode, bare, slashed, pname, number, langtag, word, punct, other
    text: str
    start: int


def tokens(text: str) -> list[Token]:
    """The tokens of ``text``, without its white space and comments (a ``#`` in a string or an IRI is neither)."""
    found = (Token(match.lastgroup or "", match.group(), match.start()) for match in _TOKEN.finditer(text))
    return [token for token in found if token.kind not in ("space", "comment")]


def declared(found: list[Token]) -> dict[str, str]:
    """The prefixes a query may use: the project's, then its own PREFIX declarations (the last one wins)."""
    prefixes = dict(PREFIXES)
    for keyword, name, iri in zip(found, found[1:], found[2:], strict=False):
        if keyword.kind == "word" and keyword.text.upper() == "PREFIX" and name.kind == "pname" and iri.kind == "iri":
            prefixes[name.text[:-1]] = iri.text[1:-1]
    return prefixes


def expanded(name: str, prefixes: dict[str, str]) -> str | None:
    """The IRI a prefixed name stands for (its escapes undone), None when its prefix is not declared."""
    prefix, _, local = name.partition(":")
    if prefix not in prefixes:
        return None
    return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """The line and column (both from 1) of the character at ``offset``."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


KEYWORDS = frozenset(
    """BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK DISTINCT REDUCED AS FROM NAMED WHERE GROUP BY HAVING ORDER ASC DESC
    LIMIT OFFSET VALUES UNDEF OPTIONAL GRAPH SERVICE SILENT BIND MINUS UNION FILTER NOT IN EXISTS LATERAL A TRUE FALSE
    STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE
    ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW
    UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL
    ISNUMERIC REGEX SUBSTR REPLACE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR TRIPLE SUBJECT PREDICATE OBJECT
    ISTRIPLE LANGDIR STRLANGDIR HASLANG HASLANGDIR ADJUST INSERT DELETE DATA WITH LOAD CLEAR DROP CREATE ADD MOVE COPY
    TO INTO DEFAULT ALL USING""".split()
)
_PATTERN_KEYWORDS = {"FILTER", "OPTIONAL", "MINUS", "BIND", "VALUES", "GRAPH", "SERVICE", "UNION", "LATERAL", "SELECT"}
_TERMS = {"var", "iri", "pname", "string", "number", "bnode"}
_OBJECT = "a variable, an IRI or a literal"
_PROPERTY = "a property (an IRI, a prefixed name, 'a' or a variable)"
_CLOSING = {"}": "{", ")": "(", "]": "["}
_CLOSER = {opening: closing for closing, opening in _CLOSING.items()}


class Problem(Exception):
    """What is wrong, and at which character of the query."""

    def __init__(self, offset: int, words: str) -> None:
        super().__init__(words)
        self.offset = offset
        self.words = words


def explain(text: str, offset: int) -> tuple[int, int, str]:
    """The line, column and plain words of the first mistake in ``text``, a query a parser refused at ``offset``
    (where the parser's own position is all there is to go on)."""
    try:
        _Reader(text).read()
        words = _unexpected(text, offset)
    except Problem as problem:
        offset, words = problem.offset, problem.words
    return (*line_and_column(text, offset), words)


def _shown(token: Token | None) -> str:
    return "the end of the query" if token is None else f"'{token.text}'"


def _unexpected(text: str, offset: int) -> str:
    """Words for a mistake the model did not find: what stands where the parser stopped, and what comes before it."""
    found = tokens(text)
    if not found:
        return "the query is empty: write a SELECT, ASK, CONSTRUCT or DESCRIBE query"
    before = [token for token in found if token.start < offset]
    at = next((token for token in found if token.start >= offset), None)
    after = f" after {_shown(before[-1])}" if before else ""
    return f"the query ends too early{after}" if at is None else f"SPARQL cannot read {_shown(at)} here{after}"


@dataclass(frozen=True)
class _Open:
    token: Token  # the opening bracket
    holds: str  # query, template, group, expression, data, collection, path, blank
    resume: str  # the state once it is closed


class _Reader:
    """SPARQL's shape, token by token: raises Problem at the first token that does not fit.

    States: ``head`` (the clauses before a WHERE group), ``modifiers`` (those after it), and in a group
    ``start`` (a triple or a pattern may begin), ``subject`` (a property must follow), ``path`` (a property
    path is under way), ``verb`` (an object must follow), ``object`` (a triple is complete), ``after``
    (after ";"), ``skip`` (after FILTER, BIND, OPTIONAL ...: up to their bracket) and ``values``.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.found = tokens(text)
        self.prefixes = declared(self.found)
        self.stack: list[_Open] = []
        self.state = "head"
        self.previous: Token | None = None
        self.binding: tuple[int, int] | None = None  # a BIND under way: where its group opens, and where it stands

    def read(self) -> None:
        for index, token in enumerate(self.found):
            self.token(token, self.found[index + 1] if index + 1 < len(self.found) else None)
            self.previous = token
        if self.state in ("subject", "verb", "path") or (self.state == "after" and self.previous and self.previous.text == ","):
            raise self.expected(None)
        if self.stack:
            opened = self.stack[-1].token
            line, column = line_and_column(self.text, opened.start)
            raise Problem(
                len(self.text),
                f"the query ends before the '{opened.text}' opened at line {line}, column {column} is closed: "
                f"add '{_CLOSER[opened.text]}'",
            )

    def token(self, token: Token, following: Token | None) -> None:
        self.lexical(token)
        if token.kind == "punct" and token.text in _CLOSING:
            self.close(token)
        elif self.state in ("head", "modifiers"):
            self.clause(token, following)
        elif self.stack and self.stack[-1].holds in ("expression", "data", "collection", "path"):
            if token.kind == "var" and self.binding is not None and self.previous and self.previous.text.upper() == "AS":
                self.bound_again(token, *self.binding)
            if token.text in ("{", "(", "["):  # EXISTS { ... } in a FILTER, a nested bracket
                self.open(
                    token, "group" if token.text == "{" else self.stack[-1].holds, "start" if token.text == "{" else self.state
                )
        else:
            self.pattern(token)

    # what is wrong wherever it stands

    def lexical(self, token: Token) -> None:
        if token.kind == "open":
            raise Problem(
                token.start,
                f"the string opened by {token.text} is not closed on its line: add the closing {token.text} "
                '(a string over several lines is written between """ and """)',
            )
        if token.kind == "other":
            raise Problem(token.start, f"{character_name(token.text)} cannot stand here: remove it")
        if token.kind == "bare":
            raise Problem(token.start, self.bare(token.text))
        if token.kind in ("pname", "slashed") and token.text.partition(":")[0] not in self.prefixes:
            raise Problem(token.start, self.undeclared(token.text.partition(":")[0]))
        if token.kind == "slashed":
            raise Problem(token.start, self.slashed(token.text))
        if token.kind == "word" and token.text.upper() not in KEYWORDS:
            close = closest(token.text.upper(), KEYWORDS | {"GROUP BY", "ORDER BY"}, limit=1, cutoff=85)
            hint = f"did you mean {alternatives(close)}?" if close else f"a name needs its prefix, e.g. hips:{token.text}"
            raise Problem(token.start, f"{token.text} is not a SPARQL keyword: {hint}")

    def slashed(self, name: str) -> str:
        iri = expanded(name, self.prefixes)
        written = "" if iri is None else f": write {compact(URIRef(iri))}"
        return f"{name} is not a name SPARQL reads (a prefixed name cannot hold '/'){written}"

    @staticmethod
    def bare(iri: str) -> str:
        short = compact(URIRef(iri))
        pasted = f" or as {short}" if not short.startswith("<") else ""
        return f"{iri} is a full IRI without its angle brackets: write it as <{iri}>{pasted}"

    def undeclared(self, prefix: str) -> str:
        close = closest(prefix, self.prefixes, limit=3)
        hint = f" (did you mean {alternatives([f'{name}:' for name in close])}?)" if close else ""
        known = ", ".join(f"{name}:" for name in PREFIXES)
        return f"{prefix}: is not declared{hint}; declare it with PREFIX or use one of the project's prefixes ({known})"

    # brackets

    def open(self, token: Token, holds: str, resume: str) -> None:
        self.stack.append(_Open(token, holds, resume))

    def close(self, token: Token) -> None:
        if not self.stack:
            raise Problem(token.start, f"'{token.text}' closes nothing: remove it, or open what it closes")
        opened = self.stack[-1]
        if opened.token.text != _CLOSING[token.text]:
            line, column = line_and_column(self.text, opened.token.start)
            raise Problem(
                token.start,
                f"'{token.text}' comes before the '{opened.token.text}' opened at line {line}, column {column} is closed: "
                f"add '{_CLOSER[opened.token.text]}'",
            )
        if opened.holds in ("group", "query", "template", "blank") and self.state in ("subject", "verb", "path"):
            if not (opened.holds == "blank" and self.previous is not None and self.previous.text == "["):
                raise self.expected(token)  # the anonymous node [] is complete as it is
        self.stack.pop()
        self.state = opened.resume
        if opened.holds in ("blank", "collection"):
            self.term_done()

    def expected(self, token: Token | None) -> Problem:
        offset = len(self.text) if token is None else token.start
        wanted = _PROPERTY if self.state == "subject" else _OBJECT
        return Problem(offset, f"expected {wanted} after {_shown(self.previous)}, found {_shown(token)}")

    # the query's clauses, around its groups

    def clause(self, token: Token, following: Token | None) -> None:
        word = token.text.upper() if token.kind == "word" else ""
        found = f"found {_shown(following)}"
        at = len(self.text) if following is None else following.start
        if word in ("LIMIT", "OFFSET") and (following is None or following.kind != "number"):
            raise Problem(at, f"expected a number after {word}, {found}")
        if word in ("ORDER", "GROUP") and (following is None or following.text.upper() != "BY"):
            raise Problem(at, f"expected BY after {word}, {found}")
        if word == "PREFIX" and (following is None or following.kind != "pname" or not following.text.endswith(":")):
            raise Problem(at, f"expected a prefix ending with ':' after PREFIX, e.g. PREFIX ex: <http://example.org/>, {found}")
        selecting = word == "SELECT" or (
            word in ("DISTINCT", "REDUCED") and self.previous and self.previous.text.upper() == "SELECT"
        )
        if selecting and following is not None and following.text.upper() in ("WHERE", "FROM", "{"):
            raise Problem(at, f"expected a variable, '*' or (an expression AS ?name) after {word}, {found}")
        if token.text == "{":
            if self.state == "modifiers":  # VALUES after the query
                self.open(token, "data", "modifiers")
            elif self.previous is not None and self.previous.text.upper() == "CONSTRUCT":
                self.open(token, "template", "head")
                self.state = "start"
            else:
                self.open(token, "query", "modifiers")
                self.state = "start"
        elif token.text in ("(", "["):
            self.open(token, "expression", self.state)

    # group graph patterns: triples, and the patterns between them

    def pattern(self, token: Token) -> None:
        word = token.text.upper() if token.kind == "word" else ""
        state = self.state
        if state in ("skip", "values"):  # up to the bracket holding what FILTER, BIND, VALUES, OPTIONAL ... take
            if token.text == "(":
                self.open(token, "expression", "values" if state == "values" else "start")
            elif token.text == "{":
                self.open(token, "data" if state == "values" else "group", "start")
                self.state = "start"
        elif word in _PATTERN_KEYWORDS and state in ("start", "object", "after"):
            if word == "BIND":
                self.binding = (self.stack[-1].token.start if self.stack else 0, token.start)
            self.state = "values" if word == "VALUES" else "head" if word == "SELECT" else "skip"
        elif token.kind == "langtag" or token.text == "^^" or (self.previous is not None and self.previous.text == "^^"):
            pass  # a literal's language or datatype: part of the term before
        elif token.text in ("+", "-") and state in ("start", "verb"):
            pass  # the sign of a number
        elif state == "path":
            self.path(token)
        elif token.text == "{" and state in ("start", "object", "after"):
            self.open(token, "group", "start")
            self.state = "start"
        elif token.text == "." and state in ("start", "object", "after"):
            self.state = "start"
        elif token.text == ";" and state in ("object", "after"):
            self.state = "after"
        elif token.text == "," and state == "object":
            self.state = "verb"
        elif token.text in ("^", "!") and state in ("subject", "after"):
            self.state = "path"
        elif token.kind in _TERMS or token.text in ("[", "(") or word in ("A", "TRUE", "FALSE"):
            self.term(token, word)
        else:
            self.misplaced(token)

    def bound_again(self, variable: Token, group: int, bind: int) -> None:
        """BIND(... AS ?x) after ?x was used in its group: the parsers stop at the end of the query without a word."""
        self.binding = None
        if any(
            token.kind == "var" and token.text[1:] == variable.text[1:] and group < token.start < bind for token in self.found
        ):
            raise Problem(
                variable.start,
                f"{variable.text} is already used in the group before this BIND: BIND needs a variable of its own (rename it)",
            )

    def term(self, token: Token, word: str) -> None:
        state = self.state
        if state == "object":
            raise Problem(
                token.start,
                f"expected '.' after {_shown(self.previous)} to end the triple (or ';' or ',' to go on with it), "
                f"found {_shown(token)}",
            )
        verb = state in ("subject", "after")
        if verb and (token.kind in ("string", "number", "bnode") or token.text == "["):
            raise Problem(token.start, f"expected {_PROPERTY} after {_shown(self.previous)}, found {_shown(token)}")
        if token.text == "[":
            self.open(token, "blank", state)
            self.state = "after"
        elif token.text == "(":
            self.open(token, "path" if verb else "collection", "path" if verb else state)
        elif verb:
            self.state = "verb" if token.kind == "var" else "path"
        else:
            self.term_done()

    def term_done(self) -> None:
        """A subject or an object is complete."""
        self.state = {"start": "subject", "verb": "object", "after": "verb", "path": "object"}.get(self.state, self.state)

    def path(self, token: Token) -> None:
        """A property path after a step: "/", "|", "*", "+" or "?" go on with it; a step after "/", "|", "^" or "!"
        belongs to it; anything else is the object."""
        previous = self.previous.text if self.previous is not None else ""
        if token.text in ("/", "|", "^", "!", "*", "+", "?"):
            return
        if previous in ("/", "|", "^", "!"):
            if token.text == "(":
                self.open(token, "path", "path")
            elif token.kind not in ("iri", "pname") and token.text.upper() != "A":
                raise Problem(token.start, f"expected a property after {_shown(self.previous)}, found {_shown(token)}")
            return
        self.state = "verb"
        self.pattern(token)

    def misplaced(self, token: Token) -> None:
        if token.text == "<":
            end = self.text.find(">", token.start)
            if end != -1 and "\n" not in self.text[token.start : end]:
                iri = self.text[token.start + 1 : end]
                raise Problem(token.start, f"<{iri}> is not an IRI: it {iri_problem(iri) or 'is not absolute'}")
        if self.state in ("subject", "verb"):
            raise self.expected(token)
        raise Problem(token.start, f"SPARQL cannot read {_shown(token)} here, after {_shown(self.previous)}")
