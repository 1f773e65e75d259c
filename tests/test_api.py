"""The Python API (hipskg.open and what it returns), its public surface, and the README's example run as written."""

import contextlib
import datetime
import io
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, URIRef

import hipskg
from hipskg.api import KnowledgeGraph, QueryResult, UnknownQuery, python_value
from hipskg.catalogue import QueryError, read_query
from hipskg.cli import main
from hipskg.lock import LockError
from hipskg.namespaces import INFERRED_GRAPH

ROOT = Path(__file__).resolve().parents[1]
CERAF_COURSES = [
    (
        "https://w3id.org/hipskg/id/course/introduction-to-the-child-exploitation-risk-assessment-framework",
        "An Introduction to the Child Exploitation Risk Assessment Framework (CERAF)",
        "Webinar",
        2,
    ),
    (
        "https://w3id.org/hipskg/id/course/child-exploitation-as-a-health-professional-what-do-you-need-to-know",
        "Child Exploitation - As a Health Professional, What Do You Need to Know? (Health CERAF)",
        "Webinar",
        2,
    ),
]


@pytest.fixture(scope="module")
def kg():
    with hipskg.open(ROOT / "data") as opened:
        yield opened


def test_the_public_surface_is_all_and_every_name_resolves():
    assert hipskg.__all__ == [
        "HipskgError",
        "Inference",
        "KnowledgeGraph",
        "QueryResult",
        "Report",
        "UnknownTermWarning",
        "__version__",
        "open",
    ]
    assert dir(hipskg) == sorted(hipskg.__all__)
    for name in hipskg.__all__:
        assert getattr(hipskg, name) is not None, name
    assert hipskg.open is hipskg.api.open and hipskg.KnowledgeGraph is KnowledgeGraph
    with pytest.raises(AttributeError, match="module 'hipskg' has no attribute 'opne'"):
        hipskg.opne  # noqa: B018


def test_the_readme_python_example_runs_as_written(monkeypatch):
    pytest.importorskip("pandas", reason="the README's example prints a DataFrame: pip install 'hipskg[pandas]'")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"## Python\n.*?```python\n(.*?)```", readme, re.DOTALL)
    assert example is not None, "README.md has a '## Python' section with a ```python example"
    monkeypatch.chdir(ROOT)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(example.group(1), "README.md", "exec"), {})  # noqa: S102 - the README's own example
    table, summary = printed.getvalue().rsplit("\n", 2)[:2]
    assert [line.split()[0] for line in table.splitlines()] == ["title", "0", "1"]
    for _, title, mode, themes in CERAF_COURSES:
        assert re.search(rf"{re.escape(title[:40])}.*{mode}\s+{themes}", table)
    conforms, engine, nodes = summary.split()
    assert (conforms, nodes) == ("True", "22") and engine in ("rules", "reasonable", "owlrl")


def test_the_acceptance_one_liner_prints_the_two_ceraf_courses(monkeypatch, capsys):
    pandas = pytest.importorskip("pandas", reason="to_pandas needs pandas: pip install 'hipskg[pandas]'")
    monkeypatch.chdir(ROOT)
    frame = hipskg.open().query("training-covering", tool="CERAF").to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == ["course", "title", "mode", "themes"]
    assert [tuple(row) for row in frame.itertuples(index=False)] == CERAF_COURSES


def test_rows_are_typed_python_values(kg):
    answer = kg.query("training-covering", tool="CERAF")
    assert isinstance(answer, QueryResult) and answer.kind == "SELECT"
    assert answer.variables == ["course", "title", "mode", "themes"]
    assert answer.rows == CERAF_COURSES
    assert answer.to_records()[0] == dict(zip(answer.variables, CERAF_COURSES[0], strict=True))
    assert len(answer) == 2 and list(answer) == CERAF_COURSES
    assert repr(answer) == "<QueryResult SELECT: 2 rows from oxigraph, with inferred facts>"


def test_literals_become_int_float_bool_date_and_datetime():
    from rdflib import Literal
    from rdflib.namespace import XSD

    assert python_value(Literal(3)) == 3
    assert python_value(Literal("2.5", datatype=XSD.decimal)) == 2.5 and isinstance(
        python_value(Literal("2.5", datatype=XSD.decimal)), float
    )
    assert python_value(Literal(True)) is True
    assert python_value(Literal("2026-12-07", datatype=XSD.date)) == datetime.date(2026, 12, 7)
    stamp = python_value(Literal("2026-11-23T11:18:25Z", datatype=XSD.dateTime))
    assert stamp == datetime.datetime(2026, 11, 23, 11, 18, 25, tzinfo=datetime.UTC)
    assert python_value(Literal("not a number", datatype=XSD.integer)) == "not a number"  # ill-typed: its text
    assert python_value(Literal("2024", datatype=XSD.gYear)) == "2024"  # no Python type: its text
    assert python_value(URIRef("https://example.org/x")) == "https://example.org/x"
    assert python_value(None) is None


def test_sparql_text_takes_keyword_parameters_as_a_values_block(kg):
    answer = kg.query(
        "SELECT ?title WHERE { ?course skos:prefLabel ?title ; hips:coversTool ?tool }",
        tool=URIRef("https://w3id.org/hipskg/id/document/ceraf"),
    )
    assert sorted(row[0] for row in answer.rows) == sorted(title for _, title, _, _ in CERAF_COURSES)
    assert kg.query("SELECT ?n WHERE { BIND(?x + 1 AS ?n) }", x=41).rows == [(42,)]


def test_a_parameter_named_like_an_option_goes_in_the_mapping(kg):
    answer = kg.query("SELECT ?timeout WHERE { }", {"timeout": "soon"}, timeout=30)
    assert answer.rows == [("soon",)]


def test_ask_and_construct_results(kg):
    assert kg.query("ASK { ?s a hips:Theme }").boolean is True
    graph = kg.query("CONSTRUCT { ?t a hips:Theme } WHERE { ?t a hips:Theme }").graph
    assert isinstance(graph, Graph) and len(graph) == 21
    with pytest.raises(hipskg.HipskgError, match="a ASK query has no rows: only a SELECT query has"):
        kg.query("ASK { ?s ?p ?o }").rows  # noqa: B018


def test_a_graph_as_text_in_each_format_and_json_ld_in_the_projects_context(kg, capsys):
    describe = "DESCRIBE <https://w3id.org/hipskg/id/org/hips-executive>"
    answer = kg.query(describe)
    assert answer.text().startswith("@prefix area: <https://w3id.org/hipskg/id/area/> .\n")  # Turtle by default
    assert main(["query", describe, "--format", "jsonld", "--data", str(ROOT / "data")]) == 0
    assert answer.text("jsonld") == capsys.readouterr().out  # the command line prints what the API gives
    [executive] = json.loads(answer.text("json-ld"))["@graph"]
    assert executive["coversArea"][0] == "https://w3id.org/hipskg/id/area/hampshire"
    with pytest.raises(hipskg.HipskgError) as error:
        answer.text("csv")
    assert str(error.value) == (
        "a DESCRIBE query gives a graph: choose one of ttl, turtle, nt, ntriples, n-triples, trig, jsonld, json-ld, xml, "
        "rdfxml, rdf/xml, not 'csv'"
    )


def test_a_mistyped_catalogue_name_gets_the_closest_names(kg):
    with pytest.raises(UnknownQuery) as error:
        kg.query("training-coverin")
    assert str(error.value) == (
        "no query 'training-coverin' in the catalogue; did you mean training-covering?: "
        "run 'hipskg queries' to list them, or give SPARQL text or --file"
    )


def test_validate_reason_export_and_graph(kg, tmp_path):
    report = kg.validate()
    assert isinstance(report, hipskg.Report) and report.conforms and report.engine
    inference = kg.reason()
    assert isinstance(inference, hipskg.Inference) and len(inference.graph) > 1000
    assert INFERRED_GRAPH in kg.store.graph_names()
    legislation = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a hips:Legislation }"
    assert kg.query(legislation).rows == [(38,)]  # the inferred facts are seen by default
    assert kg.query(legislation, asserted_only=True).rows == [(0,)]  # only the subclasses are asserted
    assert kg.query(legislation).inferred and not kg.query(legislation, asserted_only=True).inferred
    written = kg.export(tmp_path / "hipskg.ttl", "ttl")
    assert (tmp_path / "hipskg.ttl").read_bytes() == written and written.startswith(b"@prefix")
    governance = kg.graph("governance")
    assert isinstance(governance, nx.DiGraph) and governance.number_of_nodes() > 10
    assert governance.nodes["https://w3id.org/hipskg/id/org/hips-executive"]["label"] == "HIPS Executive"


def test_the_api_exports_what_the_command_line_exports(kg, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["export", "--format", "turtle"]) == 0
    assert capsys.readouterr().out.encode("utf-8") == kg.export(format="ttl")


def test_a_store_on_disk_is_released_when_the_graph_closes(tmp_path):
    store = f"oxigraph:{tmp_path / 'store'}"
    with hipskg.open(ROOT / "data", store) as first:
        assert first.loaded is not None and len(first.loaded.loaded) == 12
        with pytest.raises(LockError, match=r"in use by hipskg \(Python\)"):
            hipskg.open(ROOT / "data", store)
    with hipskg.open(ROOT / "data", store) as again:
        assert again.loaded is not None and not again.loaded.loaded and len(again.loaded.kept) == 12
        assert again.query("training-covering", tool="CERAF").rows == CERAF_COURSES


def test_every_parameter_is_declared_in_its_query_and_a_missing_declaration_is_named(tmp_path):
    for path in sorted((ROOT / "queries").glob("*.rq")):
        query = read_query(path)
        for parameter in query.parameters:
            assert query.text.count(f"VALUES ?{parameter.name} {{ UNDEF }}") == 1, path.name
    bad = tmp_path / "bad.rq"
    bad.write_text(
        "# title: t\n# description: d\n# param: tool (entity hips:FormOrTool, e.g. CERAF): the tool\n# example: e\n"
        "SELECT ?c WHERE { ?c hips:coversTool ?tool }\n"
    )
    with pytest.raises(QueryError) as error:
        read_query(bad)
    assert str(error.value) == (
        f"{bad}: parameter tool must be declared once in the query: put 'VALUES ?tool {{ UNDEF }}' at the top of its WHERE group"
    )


def test_the_command_line_never_asks_which_kind_of_store_it_holds():
    cli = (ROOT / "hipskg" / "cli.py").read_text(encoding="utf-8")
    assert not re.search(r"isinstance\(.*Store", cli)


def test_the_notebook_session_of_docs_api_runs_as_written(tmp_path, monkeypatch):
    pytest.importorskip("pandas", reason="the session makes DataFrames: pip install 'hipskg[pandas]'")
    session = (ROOT / "docs" / "api.md").read_text(encoding="utf-8").split("## A notebook session", 1)[1]
    code = re.search(r"```python\n(.*?)```", session, re.DOTALL)
    assert code is not None
    monkeypatch.chdir(tmp_path)  # outside a checkout: the installed data, and the export lands here
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code.group(1), "docs/api.md", "exec"), {})  # noqa: S102 - the documentation's own example
    conforms, engine, results = printed.getvalue().split()
    assert (conforms, results) == ("True", "89") and engine in ("shacl-rust", "pyshacl-turbo", "pyshacl")
    assert (tmp_path / "hipskg.jsonld").read_bytes().startswith(b"{")


def test_a_bound_value_is_never_read_as_another_parameter(tmp_path):
    query = tmp_path / "two.rq"
    query.write_text(
        "# title: t\n# description: d\n# param: a (string, e.g. x): first\n# param: b (string, e.g. y): second\n"
        "# example: e\nSELECT ?a ?b WHERE {\n  VALUES ?a { UNDEF }\n  VALUES ?b { UNDEF }\n}\n"
    )
    from rdflib import Literal

    bound = read_query(query).bound({"a": Literal("VALUES ?b { UNDEF }"), "b": Literal(" } ?x . } #")})
    assert bound.endswith('VALUES ?a { "VALUES ?b { UNDEF }" }\n  VALUES ?b { " } ?x . } #" }\n}\n')


def test_an_n_triples_file_written_another_way_stays_in_its_named_graph(tmp_path):
    (tmp_path / "curated").mkdir()
    (tmp_path / "curated" / "extra.nt").write_bytes(
        b'<https://e.org/a> <https://e.org/p> "X".\r\n# a comment\n<https://e.org/a> <https://e.org/p> "Y" .\n'
    )
    text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <https://e.org/p> ?o } } GROUP BY ?g"
    for store in ("oxigraph", "rdflib"):
        with hipskg.open(tmp_path, store) as kg:
            assert kg.query(text).rows == [("https://w3id.org/hipskg/graph/extra", 2)], store


def test_a_label_in_compatibility_forms_is_still_a_candidate(tmp_path):
    (tmp_path / "curated").mkdir()
    (tmp_path / "curated" / "extra.ttl").write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<https://e.org/a> skos:prefLabel "CERAF form" .\n<https://e.org/b> skos:prefLabel "ＣＥＲＡＦ form" .\n',
        encoding="utf-8",
    )
    from hipskg.catalogue import UnresolvedParameter, resolve_entity

    with hipskg.open(tmp_path) as kg, pytest.raises(UnresolvedParameter, match="is ambiguous, it names 2 entities"):
        resolve_entity(kg.store.query, "ceraf form")


def test_an_undeclared_prefix_is_named_with_the_declared_ones(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["query", "PREFIX ex: <https://e.org/>\nSELECT ?x WHERE {\n ?x ex:p ?y . ?y nope:z 1 }"]) == 2
    message = capsys.readouterr().err.strip()
    assert message.startswith("hipskg query: SPARQL syntax error at line 3, column ")
    assert message.endswith(
        ": nope: is not declared; declare it with PREFIX or use one of the project's prefixes (hips:, area:, body:, "
        "chapter:, course:, document:, event:, ingest:, legislation:, manual:, membership:, person:, post:, procedure:, "
        "scheme:, section:, software:, source-file:, theme:, toolkit:, hipsid:, hipsg:, hipsh:, org:, schema:, leg:, "
        "dcterms:, dcat:, void:, prov:, spdx:, sd:, foaf:, vcard:, skos:, owl:, rdf:, rdfs:, xsd:, sh:)"
    )
