"""Reading and writing graph files: deterministic Turtle, atomic replacement.

The Turtle writer sorts subjects, predicates and objects and declares only the prefixes it uses,
so the same graph always gives the same bytes and two editions diff line by line.
"""

import functools
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple, TextIO, cast

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Identifier, Node

from hipskg import inputs
from hipskg.errors import HipskgError
from hipskg.formats import BY_EXTENSION, RDF_FORMATS
from hipskg.lock import exclusive, lock_file_beside
from hipskg.namespaces import PREFIXES, prefixed
from hipskg.terms import blank_label, iri_problem, text_problem, unwritable

_XSD_STRING = XSD.string  # looked up once: rdflib's namespace attribute access is slow in hot loops
_XSD_STRING_IRI = str(XSD.string)
# every control character escaped (the grammar allows most of them raw, but not every parser
# does), the way Oxigraph writes them, so that both stores export the same bytes
_ESCAPES = str.maketrans(
    {chr(code): f"\\u{code:04X}" for code in [*range(0x20), 0x7F]}
    | {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
)


class GraphFileError(HipskgError):
    """A graph file could not be read; the message names the file and the parser's position."""


class NTriples(str):
    """Data as N-Triples text, as a store dumps it: an engine that reads text takes it as it is
    (shacl-rust, reasonable), the others get a graph. Saves an rdflib graph of a large store."""

    def graph(self) -> Graph:
        return Graph().parse(data=self, format="nt")

    def triples(self) -> Iterator[tuple[Identifier, Identifier, Identifier]]:
        """The statements as rdflib terms, read by Oxigraph's parser: for an engine that takes a set of triples,
        without building (and indexing) an rdflib graph of a large store on the way."""
        import pyoxigraph

        for triple in pyoxigraph.parse(self.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES):
            yield to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)


class OutputError(HipskgError):
    """An output cannot be written where asked; nothing was written."""


FORMATS = {extension: fmt.rdflib for extension, fmt in BY_EXTENSION.items()}  # file extension → rdflib's format name
QUAD_FORMATS = {fmt.rdflib for fmt in RDF_FORMATS if fmt.quads}


def format_of(path: Path) -> str:
    """The RDF syntax of a file, from its extension."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise GraphFileError(f"{path}: unknown RDF file type {path.suffix!r}: use one of {', '.join(sorted(FORMATS))}") from None


def _syntax_error(path: Path, error: Exception) -> GraphFileError:
    """``file:line:column: reason`` for a parser error, as precisely as the parser reports it."""
    if isinstance(error, BadSyntax):
        # the parser's offset counts characters of the text (its own line count is unreliable); -1 means the end
        text = error._str.decode("utf-8")
        index = error._i if 0 <= error._i <= len(text) else len(text)
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        return GraphFileError(f"{path}:{line}:{column}: {error._why}")
    if isinstance(error, UnicodeDecodeError):
        return GraphFileError(f"{path}: invalid UTF-8 at byte {error.start}")
    return GraphFileError(f"{path}: {error}".replace("\n", " "))


def read_graph(path: Path, graph: Graph | None = None) -> Graph:
    """Parse an RDF file into ``graph`` (a new one by default); TriG and N-Quads into a Dataset.

    The file must be a regular file, its content pass the guards of :mod:`hipskg.inputs`, and every
    IRI in it be one its format allows; otherwise a GraphFileError names the file and the place.
    """
    fmt = format_of(path)
    graph = (Dataset() if fmt in QUAD_FORMATS else Graph()) if graph is None else graph
    try:
        data = inputs.read_bytes(path)
        inputs.check_content(path, fmt, data)
    except inputs.InputError as error:
        raise GraphFileError(str(error)) from None
    try:
        graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except Exception as error:  # rdflib raises several unrelated types for bad syntax
        raise _syntax_error(path, error) from error
    try:
        inputs.check_terms(path, graph, data)
    except inputs.InputError as error:
        raise GraphFileError(str(error)) from None
    return graph


def read_project_graph(path: Path, graph: Graph | None = None) -> Graph:
    """A Turtle file of the project (the ontology, the shapes) read by Oxigraph's parser, ten times faster than
    rdflib's; anything Oxigraph refuses is read by :func:`read_graph`, which names the problem its own way."""
    import pyoxigraph

    graph = Graph() if graph is None else graph
    if format_of(path) != "turtle":
        return read_graph(path, graph)
    try:
        triples = list(
            pyoxigraph.parse(
                path=str(path), format=pyoxigraph.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(), rename_blank_nodes=True
            )
        )
    except (OSError, SyntaxError, ValueError):
        return read_graph(path, graph)
    for triple in triples:  # blank nodes renamed afresh by the parse: no clash with another file's
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return graph


def _mode_for(path: Path) -> int:
    """The file's current permissions, or the umask's default for a new file."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# What a writer leaves beside its target while it works, each name carrying the writer's process
# id, so that a later writer can tell the leftovers of a killed one (see recover).
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-\w+\.tmp$")
_STAGED_FOLDER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>partial|old)-(?P<pid>\d+)$")


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """Turn the system's refusal to write ``path`` into an OutputError naming it."""
    try:
        yield
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}; nothing was written") from None


def _new_temporary(path: Path) -> tuple[int, Path]:
    """An open temporary file beside ``path``, named for this process, and its path."""
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give the name of a file to write (e.g. {path / 'hipskg.ttl'})")
    with _writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp")
    return handle, Path(temporary)


def _staged(path: Path, content: str | bytes) -> Path:
    """``content`` (text is written as UTF-8) flushed to disk in a temporary file beside ``path``."""
    handle, temporary = _new_temporary(path)
    try:
        with _writing(path), os.fdopen(handle, "wb") as out:
            out.write(content.encode("utf-8") if isinstance(content, str) else content)
            out.flush()
            os.fsync(out.fileno())
            os.chmod(temporary, _mode_for(path))
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


@contextmanager
def streamed_atomically(path: Path) -> Iterator[TextIO]:
    """A text file to write piece by piece; it replaces ``path`` only when the block ends without error."""
    handle, temporary = _new_temporary(path)
    try:
        with _writing(path):
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                yield out
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, _mode_for(path))
            os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def folder_written_whole(target: Path, *, replace: bool = False, wait: float = 0, holder: str = "hipskg") -> Iterator[Path]:
    """A hidden folder beside ``target`` to fill; renamed to ``target`` when the block ends without error.

    An existing, non-empty ``target`` is swapped whole only with ``replace``; on any failure the
    half-filled folder is removed and ``target`` is as it was. The target is locked for the block
    (another writer waits up to ``wait`` seconds), and what a killed writer left beside it is
    cleared first.
    """
    with _writing(target.parent):
        target.parent.mkdir(parents=True, exist_ok=True)
    with exclusive(lock_file_beside(target), holder=holder, wait=wait):
        recover([target.parent], names={target.name})
        with _swapped_in(target, replace=replace) as staging:
            yield staging


@contextmanager
def _swapped_in(target: Path, *, replace: bool) -> Iterator[Path]:
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: exists and is not a folder; choose a new folder")
    if target.is_dir() and any(target.iterdir()) and not replace:
        raise OutputError(f"{target}: the folder is not empty; choose a new folder or add --replace to swap it whole")
    staging = target.parent / f".{target.name}.partial-{os.getpid()}"
    retired = target.parent / f".{target.name}.old-{os.getpid()}"
    try:
        staging.mkdir()
        yield staging
        if target.is_dir():
            target.rename(retired)
        staging.rename(target)
    except OSError as error:
        if retired.exists() and not target.exists():
            retired.rename(target)
        raise OutputError(f"{target}: cannot write: {error.strerror or error}; nothing was changed") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def merged(graphs: Iterable[Graph], identifier: URIRef | None = None) -> Graph:
    """One new graph holding the triples of all ``graphs`` (none of them is changed)."""
    result = Graph(identifier=identifier)
    for graph in graphs:
        for triple in graph:
            result.add(triple)
    return result


def graph_name(graph: Graph) -> URIRef:
    """The IRI naming a graph of a dataset (rdflib types a graph's identifier more loosely)."""
    return cast(URIRef, graph.identifier)


@functools.lru_cache(maxsize=1 << 16)
def to_rdflib(term: object) -> Identifier:
    """A pyoxigraph term as the rdflib term it denotes (``"x"^^xsd:string`` as the plain ``"x"``). Kept for the terms
    met most recently: results repeat their terms, and an rdflib term costs microseconds to make (a literal's value
    is parsed)."""
    kind = type(term).__name__
    if kind == "NamedNode":
        return URIRef(term.value)  # type: ignore[attr-defined]
    if kind == "BlankNode":
        return BNode(term.value)  # type: ignore[attr-defined]
    if kind == "Literal":
        if term.language:  # type: ignore[attr-defined]
            return Literal(term.value, lang=term.language)  # type: ignore[attr-defined]
        datatype = term.datatype.value  # type: ignore[attr-defined]
        return Literal(term.value) if datatype == _XSD_STRING_IRI else Literal(term.value, datatype=URIRef(datatype))  # type: ignore[attr-defined]
    raise TypeError(f"cannot read {term!r} as an RDF term")


def plain(node: Node) -> Node:
    """``"x"^^xsd:string`` as the plain ``"x"``: one RDF 1.1 term that rdflib keeps as two."""
    return Literal(str(node)) if isinstance(node, Literal) and node.datatype == _XSD_STRING else node


def plain_strings(graph: Graph) -> Graph:
    """``graph`` itself, or a copy with every ``"x"^^xsd:string`` written as the plain ``"x"``."""
    if not any(isinstance(o, Literal) and o.datatype == XSD.string for o in graph.objects()):
        return graph
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace)
    for s, p, o in graph:
        copy.add((s, p, plain(o)))
    return copy


def write_atomically(path: Path, content: str | bytes) -> None:
    """Replace ``path`` with ``content`` so a reader never sees a half-written file."""
    os.replace(_staged(path, content), path)


_JOURNAL = re.compile(r"^\.hipskg-replace\.(?P<pid>\d+)\.json$")


def replace_all(contents: dict[Path, str | bytes], remove: tuple[Path, ...] = ()) -> None:
    """Replace several files as one change: every new version is written and flushed first, so a
    failure while writing changes nothing; then a journal lists the renames, so that a command
    killed among them is completed by :func:`recover` before anyone reads the files."""
    staged: dict[Path, Path] = {}
    try:
        for path, content in contents.items():
            staged[path] = _staged(path, content)
    except BaseException:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
        raise
    if not staged and not remove:
        return
    folder = Path(os.path.commonpath([path.parent for path in [*staged, *remove]]))
    # paths relative to the journal's folder: the folder may be moved before a killed run is completed
    renames = [(os.path.relpath(temporary, folder), os.path.relpath(path, folder)) for path, temporary in staged.items()]
    journal = folder / f".hipskg-replace.{os.getpid()}.json"
    write_atomically(journal, json.dumps({"replace": renames, "remove": [os.path.relpath(path, folder) for path in remove]}))
    _apply(journal)


def _apply(journal: Path) -> None:
    """Carry out the renames and removals a journal lists (those already done are skipped), then drop it."""
    entries = json.loads(journal.read_text(encoding="utf-8"))
    folder = journal.parent
    with _writing(folder):
        for temporary, path in entries["replace"]:
            if (folder / temporary).exists():
                os.replace(folder / temporary, folder / path)
        for path in entries["remove"]:
            (folder / path).unlink(missing_ok=True)
        journal.unlink()


def publishing(folder: Path) -> bool:
    """True while ``folder`` holds the journal of a replacement begun and not finished (or killed)."""
    return any(_JOURNAL.match(entry.name) for entry in folder.glob(".hipskg-replace.*.json"))


def _left_by_killed_writer(entry: Path, pattern: re.Pattern) -> re.Match | None:
    """The name's parts when ``entry`` is named by ``pattern`` for a process that no longer runs."""
    match = pattern.match(entry.name)
    return match if match is not None and not _running(int(match["pid"])) else None


def recover(folders: Iterable[Path], *, names: set[str] | None = None) -> list[Path]:
    """Make ``folders`` whole again after killed writers: complete the replacements they had begun
    (their journals), put back a folder set aside by a killed swap, and remove their temporary
    files and half-built folders (only those for ``names`` if given). Call it holding the lock of
    the folders. The paths completed or removed are returned."""
    folders = [folder for folder in folders if folder.is_dir()]
    journals = [entry for folder in folders for entry in sorted(folder.iterdir()) if _left_by_killed_writer(entry, _JOURNAL)]
    for journal in journals:
        _apply(journal)
    return journals + [entry for folder in folders for entry in _remove_leftovers(folder, names)]


def _remove_leftovers(folder: Path, names: set[str] | None) -> list[Path]:
    removed = []
    for entry in sorted(folder.iterdir()):
        match = _left_by_killed_writer(entry, _TEMPORARY) or _left_by_killed_writer(entry, _STAGED_FOLDER)
        if match is None or (names is not None and match["name"] not in names):
            continue
        target = folder / match["name"]
        if match.groupdict().get("kind") == "old" and not target.exists():
            entry.rename(target)  # killed between setting the old folder aside and moving the new one in
        elif entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()
        removed.append(entry)
    return removed


def ntriples_term(node: object) -> str:
    """One rdflib term as N-Triples and N-Quads write it: full IRIs, every literal quoted and escaped."""
    if isinstance(node, URIRef):
        return _full_iri(str(node))
    if isinstance(node, BNode):
        return f"_:{blank_label(node)}"
    if isinstance(node, Literal):
        text = _quoted(str(node))
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is None or node.datatype == _XSD_STRING:
            return text
        return f"{text}^^{_full_iri(str(node.datatype))}"
    raise TypeError(f"cannot write {node!r} as N-Triples")


def _quoted(value: str) -> str:
    """A literal's text in double quotes, escaped as N-Triples and Turtle write it."""
    why = text_problem(value)
    if why is not None:
        raise unwritable(Literal(value), why)
    return f'"{value.translate(_ESCAPES)}"'


def _full_iri(iri: str) -> str:
    why = iri_problem(iri)
    if why is not None:
        raise unwritable(URIRef(iri), why)
    return f"<{iri}>"


def term_text(node: object) -> str:
    """One RDF term as Turtle writes it (prefixed IRIs, literals with language or datatype)."""
    return _TermWriter().written(node).text


class _Written(NamedTuple):
    """A term as the Turtle writer orders and writes it: IRIs, then blank nodes, then literals,
    each by its text (a literal's lexical form), then language or datatype."""

    kind: int
    value: str
    qualifier: str
    text: str
    prefix: str = ""  # the prefix the text uses, if any


# literals Turtle writes bare when their lexical form reads back as the same typed literal
_BARE = {str(XSD.integer): re.compile(r"[+-]?[0-9]+"), str(XSD.boolean): re.compile(r"true|false")}


class _TermWriter:
    """Writes rdflib terms, each once: a term met again is looked up."""

    def __init__(self) -> None:
        self._known: dict = {}

    def written(self, node: object) -> _Written:
        known = self._known.get(node)
        if known is None:
            known = self._known[node] = self._write(node)
        return known

    def _write(self, node: object) -> _Written:
        if isinstance(node, URIRef):
            return _Written(0, str(node), "", *_iri(str(node)))
        if isinstance(node, Literal):
            datatype = "" if node.datatype is None else str(node.datatype)
            return self.literal(str(node), node.language or "", datatype)
        if isinstance(node, BNode):
            return _Written(1, str(node), "", f"_:{blank_label(node)}")
        raise TypeError(f"cannot write {node!r} as Turtle")

    @staticmethod
    def literal(value: str, language: str, datatype: str) -> _Written:
        text = _quoted(value)
        if language:
            return _Written(2, value, "@" + language, f"{text}@{language}")
        if not datatype or datatype == _XSD_STRING_IRI:
            return _Written(2, value, "", text)
        bare = _BARE.get(datatype)
        if bare is not None and bare.fullmatch(value):
            return _Written(2, value, datatype, value)
        written, prefix = _iri(datatype)
        return _Written(2, value, datatype, f"{text}^^{written}", prefix)


def _iri(iri: str) -> tuple[str, str]:
    """An IRI as Turtle writes it, and the prefix that takes (or "")."""
    name = prefixed(iri)
    return (_full_iri(iri), "") if name is None else (":".join(name), name[0])


class _StoreTermWriter(_TermWriter):
    """Writes pyoxigraph terms the way :class:`_TermWriter` writes the same rdflib terms."""

    def _write(self, node: object) -> _Written:
        kind = type(node).__name__
        if kind == "NamedNode":
            return _Written(0, node.value, "", *_iri(node.value))  # type: ignore[attr-defined]
        if kind == "Literal":
            return self.literal(node.value, node.language or "", node.datatype.value)  # type: ignore[attr-defined]
        if kind == "BlankNode":
            return _Written(1, node.value, "", f"_:{node.value}")  # type: ignore[attr-defined]
        raise TypeError(f"cannot write {node!r} as Turtle")


_LINE_WIDTH = 100
_RDF_TYPE = str(RDF.type)


def _predicate_order(predicate: _Written) -> tuple[bool, str]:
    return (predicate.value != _RDF_TYPE, predicate.value)


def ntriples_lines(triples: Iterable[tuple], context: Node | None = None) -> list[str]:
    """Each triple as an N-Triples line (an N-Quads line in the graph ``context``), without its line break."""
    suffix = f" {ntriples_term(context)} ." if context is not None else " ."
    written: dict[object, str] = {}  # each term written once: a graph repeats its terms many times

    def term(node: object) -> str:
        text = written.get(node)
        if text is None:
            text = written[node] = ntriples_term(node)
        return text

    return [f"{term(s)} {term(p)} {term(o)}{suffix}" for s, p, o in triples]


def turtle(triples: Iterable[tuple]) -> str:
    """Deterministic Turtle for a set of triples."""
    writer = _TermWriter()
    return _laid_out((writer.written(s), writer.written(p), writer.written(o)) for s, p, o in triples)


def turtle_of_store_triples(triples: Iterable[object]) -> str:
    """:func:`turtle` for pyoxigraph triples or quads (graph names ignored), byte for byte the
    same for the same terms, without an rdflib term on the way: for a store of millions."""
    writer = _StoreTermWriter()
    return _laid_out(
        (writer.written(t.subject), writer.written(t.predicate), writer.written(t.object))  # type: ignore[attr-defined]
        for t in triples
    )


def _laid_out(statements: Iterable[tuple[_Written, _Written, _Written]]) -> str:
    used: set[str] = set()
    by_subject: dict[_Written, dict[_Written, set[_Written]]] = {}
    for s, p, o in statements:
        by_subject.setdefault(s, {}).setdefault(p, set()).add(o)
    blocks = []
    for subject in sorted(by_subject):
        predicates = by_subject[subject]
        lines = []
        for predicate in sorted(predicates, key=_predicate_order):
            objects = sorted(predicates[predicate])
            used.update(o.prefix for o in objects)
            texts = [o.text for o in objects]
            verb = "a" if predicate.value == _RDF_TYPE else predicate.text
            used.add("" if verb == "a" else predicate.prefix)
            line = f"    {verb} {', '.join(texts)}"
            # a long list gets one object per line, so adding or removing one changes one line of a diff
            lines.append(line if len(line) <= _LINE_WIDTH else f"    {verb} " + ",\n        ".join(texts))
        used.add(subject.prefix)
        blocks.append(subject.text + "\n" + " ;\n".join(lines) + " .\n")
    header = "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in sorted(used - {""}))
    return header + ("\n" if header else "") + "\n".join(blocks)
