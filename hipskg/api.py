"""The Python API: one object over a store that loads, reasons, validates, queries, exports and draws networks.

    >>> import hipskg
    >>> kg = hipskg.open()                      # the committed data, Oxigraph in memory
    >>> kg.query("training-covering", tool="CERAF").rows
    [('https://w3id.org/hipskg/id/course/...', 'CERAF ...', 'eLearning', 2), ...]

The command line is a thin layer over this module: each ``hipskg`` command opens a
:class:`KnowledgeGraph` and calls one of its methods.
"""

import datetime
import decimal
import functools
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from hipskg import project
from hipskg.catalogue import CatalogueQuery, bind, catalogue, display_labels, unknown_query
from hipskg.catalogue import UnknownQuery as UnknownQuery  # raised by KnowledgeGraph.query, named here too
from hipskg.endpoint import Credentials
from hipskg.errors import HipskgError
from hipskg.formats import GRAPH_RESULT_FORMATS
from hipskg.namespaces import INFERRED_GRAPH
from hipskg.project import Project
from hipskg.sparql import QUERY_TIMEOUT, format_result, result_graph, with_value_rows
from hipskg.store import LoadReport, Store, configured, open_store

if TYPE_CHECKING:
    import networkx
    import pandas

    from hipskg.reason import Inference
    from hipskg.search import Found, SearchIndex
    from hipskg.validate import Report
    from hipskg.validate.report import Sources

Value = str | int | float | bool | datetime.date | datetime.datetime | None


def python_value(node: Node | None) -> Value:
    """A result cell as a plain Python value: IRIs as strings, typed literals as int, float, bool, date or
    datetime, other literals (and ill-typed ones) as their text, blank nodes as ``_:label``."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        value = node.toPython()
        if isinstance(value, decimal.Decimal):
            return float(value)
        if isinstance(value, bool | int | float | datetime.date | datetime.datetime) and not isinstance(value, Literal):
            return value
        return str(node)
    return str(node)


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query: a table (SELECT), a yes or no (ASK) or a graph (CONSTRUCT, DESCRIBE).

    ``rows`` holds plain Python values (see :func:`python_value`); ``result`` is rdflib's own result,
    with RDF terms, for code that needs them.
    """

    result: Result
    store: str  # the store that answered, e.g. "oxigraph" or "endpoint:http://..."
    inferred: bool = False  # whether the query saw the inferred facts (the entailment) as well as the asserted ones
    warnings: tuple[str, ...] = ()  # what may make the answer short: terms the ontology does not define

    @property
    def kind(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        return str(self.result.type)

    @property
    def variables(self) -> list[str]:
        return [str(variable) for variable in self.result.vars or []]

    @property
    def rows(self) -> list[tuple[Value, ...]]:
        """A SELECT's rows as tuples of Python values, in the order of :attr:`variables`."""
        self._expect("SELECT", "rows")
        variables = self.result.vars or []
        return [tuple(python_value(row[variable]) for variable in variables) for row in self.result]  # type: ignore[call-overload,index]

    def to_records(self) -> list[dict[str, Value]]:
        """A SELECT's rows as dictionaries keyed by variable name."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def to_pandas(self) -> "pandas.DataFrame":
        """A SELECT's rows as a pandas DataFrame (needs pandas: pip install 'hipskg[pandas]')."""
        try:
            import pandas
        except ImportError:
            raise HipskgError("to_pandas needs pandas: pip install 'hipskg[pandas]'") from None
        return pandas.DataFrame.from_records(self.rows, columns=self.variables)

    @property
    def boolean(self) -> bool:
        """An ASK query's answer."""
        self._expect("ASK", "boolean")
        return bool(self.result.askAnswer)

    @property
    def graph(self) -> Graph:
        """A CONSTRUCT or DESCRIBE query's graph."""
        return result_graph(self.result)

    @property
    def facts(self) -> str:
        """Which facts the query saw, in words: "with inferred facts" or "asserted facts only"."""
        return "with inferred facts" if self.inferred else "asserted facts only"

    def text(self, fmt: str | None = None) -> str:
        """The answer as text, the same for the same answer: a SELECT or ASK result as table (the default; its footer
        says which facts it saw), csv, tsv, json (SPARQL 1.1 JSON results) or markdown; a CONSTRUCT or DESCRIBE graph as
        turtle (the default), nt, trig, xml or jsonld (JSON-LD in the project's context, embedded: short keys such as
        ``prefLabel``)."""
        if self.kind not in ("CONSTRUCT", "DESCRIBE"):
            return format_result(self.result, fmt or "table", note=self.facts)
        from hipskg import export

        chosen = GRAPH_RESULT_FORMATS.get(fmt or "turtle")
        if chosen is None:
            raise HipskgError(f"a {self.kind} query gives a graph: choose one of {', '.join(GRAPH_RESULT_FORMATS)}, not {fmt!r}")
        return export.serialize([self.graph], chosen)  # checked terms, exact round trip

    def __len__(self) -> int:
        if self.kind in ("CONSTRUCT", "DESCRIBE"):
            return len(self.graph)
        return 1 if self.kind == "ASK" else len(self.result.bindings)

    def __iter__(self) -> Iterator[tuple[Value, ...]]:
        return iter(self.rows)

    def _expect(self, kind: str, what: str) -> None:
        if self.kind != kind:
            raise HipskgError(f"a {self.kind} query has no {what}: only a {kind} query has")

    def __repr__(self) -> str:
        size = f"{len(self)} {'rows' if self.kind == 'SELECT' else 'triples'}"
        notes = "".join(f"; warning: {note}" for note in self.warnings)
        return f"<QueryResult {self.kind}: {size} from {self.store}, {self.facts}{notes}>"


def data_folder(data: str | Path | None = None) -> Path:
    """The data folder a command uses: ``data``, else the nearest project's, else the installed data (see
    :mod:`hipskg.project`)."""
    return project.find(data).data


class KnowledgeGraph:
    """The HIPS graph in a store, with every step of the flow as a method. Open it with :func:`open`."""

    def __init__(self, store: Store, data: Path, loaded: LoadReport | None, found: Project | None = None) -> None:
        self.store = store
        self.data = data
        self.project = found or Project(data, "--data")  # how the data folder was found
        self.loaded = loaded  # what opening loaded (None for a SPARQL server, which ``hipskg load`` fills)
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()

    def __enter__(self) -> "KnowledgeGraph":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the store (a store on disk is locked while it is open)."""
        self.store.close()

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.store.spec} of {self.data}>"

    # querying

    def query(
        self,
        query: str,
        params: Mapping[str, object] | None = None,
        /,
        *,
        asserted_only: bool = False,
        timeout: float = QUERY_TIMEOUT,
        allow_service: bool = False,
        strict: bool = False,
        **named: object,
    ) -> QueryResult:
        """Run a catalogue query by name or SPARQL text, with parameters given as keywords or as the mapping
        ``params`` (for a parameter called like an option of this method).

        A catalogue query's parameters are labels, prefixed names or IRIs as text; SPARQL text gets its
        parameters bound as one VALUES block (IRIs given as ``rdflib.URIRef``, any other value a literal).
        A query sees the inferred facts too (the OWL 2 RL closure: subclasses, subproperties, inverses, transitive
        properties), as the named graph hipsg:inferred, computed when the store lacks it and kept there; a SPARQL
        server answers from the inferred facts ``hipskg push`` sent it. ``asserted_only`` leaves them out: the
        asserted data and the ontology only. The result's ``inferred`` says which the query saw.
        A class or property of the hips: namespace that the ontology does not define is named, with the closest
        defined terms, in the result's ``warnings`` and as an ``UnknownTermWarning``; ``strict`` raises
        ``UnknownTerms`` instead, before the query runs.
        """
        text, bindings = self.prepared(query, {**(params or {}), **named})
        return self.sparql(
            text, bindings, asserted_only=asserted_only, timeout=timeout, allow_service=allow_service, strict=strict
        )

    def sparql(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        asserted_only: bool = False,
        timeout: float = QUERY_TIMEOUT,
        allow_service: bool = False,
        strict: bool = False,
    ) -> QueryResult:
        """Run SPARQL text (never a catalogue name), with ``bindings`` as one VALUES block; see :meth:`query`."""
        from hipskg.vocabulary import checked

        notes = checked(text, strict=strict)
        inferred = not asserted_only and self.has_inferred(timeout)
        answer = self.store.query(text, dict(bindings or {}), timeout=timeout, allow_service=allow_service, inferred=inferred)
        return QueryResult(answer, self.store.spec, inferred, notes)

    def prepared(self, query: str, params: Mapping[str, object]) -> tuple[str, dict[str, Node]]:
        """The text to run and the bindings to add for a catalogue name or SPARQL text."""
        queries = catalogue()
        if query in queries:
            named = queries[query]
            return named.bound(self.bindings(named, {name: str(value) for name, value in params.items()})), {}
        if not any(character.isspace() for character in query.strip()):
            raise unknown_query(query, queries, ", or give SPARQL text or --file")
        return query, {name: value if isinstance(value, Node) else Literal(value) for name, value in params.items()}

    def bindings(self, query: CatalogueQuery, values: Mapping[str, str]) -> dict[str, Node]:
        """The catalogue query's parameters as RDF terms (labels resolved against this graph)."""
        return bind(query, self.store.query, dict(values))

    @staticmethod
    def catalogue() -> dict[str, CatalogueQuery]:
        """The ready queries by name, each with its title, description, parameters and example."""
        return catalogue()

    # reasoning, validation, export, networks

    def reason(self, *, profile: str = "owlrl", engine: str | None = None) -> "Inference":
        """Infer from the asserted data and keep the inferred facts in the store, as the named graph hipsg:inferred."""
        from hipskg.progress import step
        from hipskg.reason import infer

        data = self.store.asserted()
        with step("reasoning over", _statements(data)):
            inference = infer(data, profile=profile, engine=engine)
        self.store.put(INFERRED_GRAPH, inference.graph)
        return inference

    def ensure_inferred(self) -> None:
        """Make the store hold the inferred facts: computed unless the store kept them from an earlier command."""
        if INFERRED_GRAPH not in self.store.graph_names():
            self.reason()

    def has_inferred(self, timeout: float = QUERY_TIMEOUT) -> bool:
        """Whether queries can see the inferred facts: a local store computes them when it lacks them; a SPARQL
        server (asked within ``timeout`` seconds) has them when ``hipskg push`` or ``load`` sent them, and is never
        written to by a query."""
        if self.store.engine != "endpoint":
            self.ensure_inferred()
            return True
        return INFERRED_GRAPH in self.store.graph_names(timeout)

    def validate(self, *, engine: str | None = None, inference: bool = False) -> "Report":
        """Validate the asserted data against the project's shapes with the engine named, or the fastest installed."""
        from hipskg.progress import step
        from hipskg.validate import validate

        data = self.store.asserted()
        with step("validating", _statements(data)):
            return validate(data, inference=inference, engine=engine)

    def report_text(self, report: "Report", severities: Sequence[Node]) -> str:
        """The report for people: each focus node with its label and the named graphs (and files) that state it."""
        from hipskg.validate.report import text

        focus = sorted({result.focus for result in report.results if result.severity in severities}, key=str)
        return text(report, self.labels(focus), self.origins(focus), severities=severities)

    def labels(self, nodes: Sequence[Node]) -> dict[Node, str]:
        """The display label (skos:prefLabel, else rdfs:label; English first) of each node that has one."""
        return display_labels(self.store.query, [node for node in nodes if isinstance(node, URIRef)])

    def origins(self, nodes: Sequence[Node]) -> dict[Node, list[str]]:
        """For each node, the named graphs stating something about it (display labels are derived: named only if alone)."""
        from hipskg.dataset import graph_files, origins_of

        return origins_of(self._graphs(nodes), graph_files(self.data))

    def sources(self, nodes: Sequence[Node]) -> "Sources":
        """Where each node came from, for a report: its label, the named graphs stating it and their files, and the
        source passages (document and hips:sourceSection) it was read from, with the documents' labels."""
        from hipskg.dataset import graph_files, passages_of, stating
        from hipskg.validate.report import Sources

        passages = passages_of(self._about(nodes, _PASSAGES))
        documents = {passage.document for found in passages.values() for passage in found}
        return Sources(
            labels=self.labels([*nodes, *sorted(documents)]),
            graphs={node: stating(graphs) for node, graphs in self._graphs(nodes).items()},
            files=graph_files(self.data),
            passages=passages,
        )

    def _graphs(self, nodes: Sequence[Node]) -> dict[Node, set[URIRef]]:
        """For each node, the named graphs stating something about it."""
        graphs: dict[Node, set[URIRef]] = {}
        for node, graph in self._about(nodes, "SELECT DISTINCT ?node ?graph WHERE { GRAPH ?graph { ?node ?p ?o } }"):
            graphs.setdefault(node, set()).add(URIRef(str(graph)))
        return graphs

    def _about(self, nodes: Sequence[Node], text: str) -> list[tuple[Node, ...]]:
        """The rows of ``text`` for each of ``nodes`` (bound as one VALUES block of ?node)."""
        named = [node for node in nodes if isinstance(node, URIRef)]
        if not named:
            return []
        answer = self.store.query(with_value_rows(text, ["node"], [[node] for node in named]))
        return [tuple(row) for row in answer]  # type: ignore[arg-type]

    def export(
        self,
        path: str | Path | None = None,
        format: str = "ttl",
        *,
        inferred: bool = False,
        graph: str | None = None,
        classes: Sequence[str] = (),
    ) -> bytes:
        """The asserted data (and the inferred facts if asked; one named graph; instances of ``classes`` and what they
        link to) in ``format``, deterministically; written atomically to ``path`` when given. Returns the bytes."""
        from hipskg import export
        from hipskg.rdfio import write_atomically

        if inferred:
            self.ensure_inferred()
        content = export.from_store(
            self.store, format, graph=export.graph_named(graph) if graph else None, inferred=inferred, classes=classes
        )
        if path is not None:
            write_atomically(Path(path), content)
        return content

    def search(self, text: str, *, kind: str | None = None, limit: int = 20) -> "Found":
        """The entities whose labels, alternative labels, definitions or section titles hold the words of ``text``
        (case, accents, punctuation and small typos aside), best first, with the number of hits per class;
        ``kind`` (e.g. "hips:TrainingCourse") keeps one class. The index is built at the first search."""
        return self.index().search(text, kind=kind, limit=limit)

    def index(self) -> "SearchIndex":
        """The full-text index of the graph, built at its first use (once, however many threads ask)."""
        from hipskg import search

        with self._index_lock:
            if self._index is None:
                self._index = search.index(self.store.query)
            return self._index

    def graph(self, view: str, *, reason: bool = False, inferred_edges: bool | None = None) -> "networkx.Graph":
        """The network view ``view`` (``hipskg graph`` lists them) as a networkx graph; nodes are IRIs with label and kind."""
        return self.view(view, reason=reason, inferred_edges=inferred_edges).graph

    def view(self, view: str, *, reason: bool = False, inferred_edges: bool | None = None) -> Any:
        """The network view with its shape and title (``hipskg.network.View``), for the analyses of :mod:`hipskg.network`."""
        from hipskg import network

        network.definition(view)  # an unknown view fails before anything is computed
        if reason or inferred_edges:
            self.ensure_inferred()
        # a view decides for itself which inferred edges to keep (its closure setting, or inferred_edges)
        return network.build(functools.partial(self.store.query, inferred=True), view, inferred_edges=inferred_edges)


# Each hips:sourceSection of a node, in which named graph, and what the node is derived from there (its document)
_PASSAGES = """
SELECT DISTINCT ?node ?graph ?section ?source WHERE {
    GRAPH ?graph { ?node <https://w3id.org/hipskg/def#sourceSection> ?section
        OPTIONAL { ?node <http://www.w3.org/ns/prov#wasDerivedFrom> ?source } }
}
"""


def _statements(data: object) -> int:
    return len(data) if isinstance(data, Graph) else str(data).count("\n")


def open(
    data: str | Path | None = None,
    store: str | None = None,
    *,
    wait: float = 0,
    credentials: Credentials | None = None,
    holder: str = "hipskg (Python)",
) -> KnowledgeGraph:
    """Open the graph: the data folder ``data`` (default: the nearest project's, found from the working directory up
    by its hipskg.toml or as a hipskg checkout, else the installed data) in the store ``store`` (default:
    HIPSKG_STORE, else the project's hipskg.toml, else Oxigraph in memory), brought up to date.

    Stores: ``oxigraph`` (in memory), ``oxigraph:PATH`` (on disk, reloads only what changed), ``rdflib`` (the
    reference) and ``endpoint:URL`` (a SPARQL server, filled by ``hipskg load``). A store on disk is locked while
    open: close the graph (or use ``with hipskg.open(...) as kg:``) to let another command use it.
    """
    found = project.find(data)
    spec = configured(store, found.store())
    opened = open_store(spec, credentials or Credentials.from_environment(), wait=wait, holder=holder)
    try:
        loaded = opened.refresh(found.data)
    except BaseException:
        opened.close()
        raise
    return KnowledgeGraph(opened, found.data, loaded, found)
