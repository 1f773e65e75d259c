"""Issue 11: every reader the command line exposes, fed damaged input (bounded, repeatable fuzzing).

Files in each RDF syntax (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML), query text and
``--param`` values are mutated from valid seeds; whatever comes in, hipskg answers 0, 1, 2 or 3,
says what went wrong in one line without a traceback, and changes no file.
"""

import contextlib
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from hipskg import export
from hipskg.catalogue import catalogue
from hipskg.cli import main
from tests.helpers import snapshot

ROOT = Path(__file__).resolve().parents[1]
E = "https://example.org/"
SUFFIXES = {"ttl": ".ttl", "trig": ".trig", "nt": ".nt", "nq": ".nq", "jsonld": ".jsonld", "xml": ".rdf"}
TOKENS = [
    b"<",
    b">",
    b"{",
    b"}",
    b"[",
    b"]",
    b"(",
    b")",
    b'"',
    b"'",
    b'"""',
    b"\\",
    b"\\u",
    b"\\U0010FFFF",
    b"@prefix",
    b"@base",
    b"^^",
    b"@",
    b".",
    b";",
    b",",
    b"_:",
    b"#",
    b"\n",
    b"\r",
    b"\x00",
    b"\x1b",
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b" ",
    b"&",
    b'<!ENTITY x "&y;">',
    b"<!DOCTYPE",
    b"@context",
    b"@vocab",
    b"@id",
    b"42",
    b"null",
    b"true",
    b":",
    b"a b",
    b"http://",
    b"xsd:integer",
    b"GRAPH",
]
FAST = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def seed_graph() -> Graph:
    graph = Graph(identifier=URIRef(E + "graph"))
    graph.add((URIRef(E + "a"), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal('A "quoted"\nname', lang="en")))
    graph.add((URIRef(E + "a"), URIRef(E + "count"), Literal("3", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))))
    graph.add((URIRef(E + "a"), URIRef(E + "links"), URIRef(E + "b")))
    return graph


SEEDS = {fmt: export.serialize([seed_graph()], fmt).encode("utf-8") for fmt in SUFFIXES}
edits = st.lists(
    st.tuples(st.floats(0, 1), st.integers(0, 6), st.sampled_from(TOKENS) | st.binary(max_size=6)), min_size=1, max_size=4
)


def mutated(seed: bytes, changes: list[tuple[float, int, bytes]]) -> bytes:
    """``seed`` with each change applied: at a relative position, ``cut`` bytes replaced by ``insert``."""
    data = bytearray(seed)
    for where, cut, insert in changes:
        at = int(where * len(data))
        data[at : at + cut] = insert
    return bytes(data)


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


def assert_well_behaved(status: int, err: str) -> None:
    assert status in (0, 1, 2, 3), (status, err)
    assert "Traceback" not in err, err
    if status not in (0, 1):
        assert err.count("\n") == 1, err


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A folder for the fuzzed files and a small data folder for queries (loaded in a moment)."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "data" / "curated").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "curated" / "legislation.ttl", root / "data" / "curated" / "legislation.ttl")
    return root


@pytest.mark.parametrize("fmt", SUFFIXES)
def test_a_damaged_rdf_file_is_refused_in_one_line(fmt, workspace):
    path = workspace / f"fuzzed{SUFFIXES[fmt]}"
    checked = [0]

    @FAST
    @given(changes=edits)
    def reading(changes):
        path.write_bytes(mutated(SEEDS[fmt], changes))
        before = snapshot(workspace)
        status, _, err = run(["diff", str(path), str(path)])  # read twice, compared
        assert_well_behaved(status, err)
        if checked[0] < 8:  # validation reads the file too, with the ontology and shapes: a few of each
            checked[0] += 1
            status, _, err = run(["validate", str(path)])
            assert_well_behaved(status, err)
        assert snapshot(workspace) == before

    reading()


QUERIES = [query.text for query in catalogue().values()][:12] + ["SELECT * WHERE { ?s ?p ?o } LIMIT 3"]
QUERY_TOKENS = [
    "{",
    "}",
    "(",
    ")",
    "?x",
    "$this",
    "<http://a b>",
    '"',
    "'''",
    "#",
    "SERVICE <http://127.0.0.1:9/>",
    "VALUES",
    "FILTER(",
    "OPTIONAL",
    "UNION",
    "MINUS",
    "GRAPH",
    "INSERT DATA",
    "DROP ALL",
    "LOAD <file:///etc/passwd>",
    "\x00",
    "a",
    ".",
    ";",
    "*",
    "/",
    "|",
    "^",
    "+",
    "hips:",
    "undeclared:x",
    "\n",
    "\\u0000",
    "1e99999",
    "COUNT(",
    "BIND(",
]


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.sampled_from(QUERIES),
    changes=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 8), st.sampled_from(QUERY_TOKENS) | st.text(max_size=4)), max_size=4
    ),
)
def test_damaged_query_text_is_answered_or_refused_in_one_line(workspace, seed, changes):
    text = seed
    for where, cut, insert in changes:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
    before = snapshot(workspace)
    status, _, err = run(["query", text, "--data", str(workspace / "data"), "--format", "csv", "--timeout", "5"])
    assert_well_behaved(status, err)
    assert snapshot(workspace) == before


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    name=st.sampled_from(["children-act-1989-citations", "procedure-cites-legislation", "legislation-cited-by-year"]),
    value=st.text(max_size=40) | st.sampled_from(["<http://a b>", "hips:", "hipsid:", "<>", "urn:x", "http://", "\x00", "-1"]),
)
def test_any_parameter_value_is_answered_or_refused_in_one_line(workspace, name, value):
    before = snapshot(workspace)
    query = name if name in catalogue() else "procedure-cites-legislation"
    parameters = [f"--param={parameter.name}={value}" for parameter in catalogue()[query].parameters]
    status, _, err = run(["query", query, *parameters, "--data", str(workspace / "data"), "--format", "csv", "--timeout", "5"])
    assert_well_behaved(status, err)
    assert snapshot(workspace) == before
