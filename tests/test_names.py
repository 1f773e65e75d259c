"""Help with names (issue 14): unknown ontology terms named, unknown and ambiguous labels answered with candidates,
mistyped catalogue names, syntax errors in plain words, and the catalogue at a glance. Each on rdflib's store,
Oxigraph and a SPARQL server (Oxigraph's, started here)."""

import warnings
from pathlib import Path

import pytest
from rdflib import URIRef

import hipskg
from hipskg.catalogue import UnresolvedParameter, catalogue
from hipskg.cli import main
from hipskg.namespaces import PREFIXES, compact
from hipskg.sparql import QueryError
from hipskg.syntax import _Reader
from hipskg.vocabulary import UnknownTerms, UnknownTermWarning, unknown_terms

from .helpers import oxigraph_server

ROOT = Path(__file__).resolve().parents[1]
THEMES = "SELECT ?x WHERE { ?x a hips:Themes }"
THEMES_WARNING = "hips:Themes is not defined by the ontology; did you mean hips:Theme?"
CERAFF = (
    "no entity of class hips:FormOrTool is labelled 'CERAFF'; the closest: \"CERAF\" (document:ceraf): "
    "give one of these labels or names, an IRI or another label"
)
HIPS_EXEC = (
    "no entity of class hips:Organisation is labelled 'HIPS Exec'; the closest: \"HIPS Executive\" (body:hips-executive): "
    "give one of these labels or names, an IRI or another label"
)
TOOLKITS = (
    "label 'Child Exploitation Toolkit' is ambiguous, it names 3 entities: "
    "course:child-exploitation-toolkit (a hips:ELearning, hips:TrainingCourse); "
    "<https://w3id.org/hipskg/id/toolkit/parents-and-carers/child-exploitation-toolkit> "
    "(a hips:Toolkit; hips:audience hips:ParentsAndCarers); "
    "<https://w3id.org/hipskg/id/toolkit/professionals/child-exploitation-toolkit> "
    "(a hips:Toolkit; hips:audience hips:Professionals); give one of these names instead"
)
SECTIONS = (
    "label 'Definitions' is ambiguous, it names 4 entities: "
    "<https://w3id.org/hipskg/id/section/3-11/definitions> (^hips:hasSection procedure:3-11); "
    "<https://w3id.org/hipskg/id/section/3-7/definitions> (^hips:hasSection procedure:3-7); "
    "<https://w3id.org/hipskg/id/section/3-8/definitions> (^hips:hasSection procedure:3-8); "
    "<https://w3id.org/hipskg/id/section/4-3/definitions> (^hips:hasSection procedure:4-3); give one of these names instead"
)
# Typical mistakes and their words: the same on every store
MISTAKES = [
    (
        "SELECT ?x WHERE { ?x a hips:Theme .",
        "1, column 36: the query ends before the '{' opened at line 1, column 17 is closed: add '}'",
    ),
    (
        "SELECT ?x\nWHERE { ?x a hips:Theme ?x skos:prefLabel ?l }",
        "2, column 25: expected '.' after 'hips:Theme' to end the triple (or ';' or ',' to go on with it), found '?x'",
    ),
    ("SELEC ?x WHERE { ?x a hips:Theme }", "1, column 1: SELEC is not a SPARQL keyword: did you mean SELECT?"),
    ("SELECT ?x WHERE { ?x a hips:Theme FILTR(?x) }", "1, column 35: FILTR is not a SPARQL keyword: did you mean FILTER?"),
    ("SELECT ?x WHERE { ?x a hips:Theme } }", "1, column 37: '}' closes nothing: remove it, or open what it closes"),
    ("SELECT ?x WHERE { ?x a hips:Theme € }", "1, column 35: U+20AC EURO SIGN cannot stand here: remove it"),
    (
        "SELECT ?l WHERE { hipsid:org/hips-executive skos:prefLabel ?l }",
        (
            "1, column 19: hipsid:org/hips-executive is not a name SPARQL reads (a prefixed name cannot hold '/'): "
            "write body:hips-executive"
        ),
    ),
    (
        "SELECT ?l WHERE { https://w3id.org/hipskg/id/procedure/3-11. }",
        (
            "1, column 19: https://w3id.org/hipskg/id/procedure/3-11 is a full IRI without its angle brackets: "
            "write it as <https://w3id.org/hipskg/id/procedure/3-11> or as procedure:3-11"
        ),
    ),
    (
        "SELECT ?x WHERE { ?x skos:exactMatch http://example.org/a }",
        "1, column 38: http://example.org/a is a full IRI without its angle brackets: write it as <http://example.org/a>",
    ),
    (
        "SELECT ?l WHERE {\n  ?x skos:prefLabel\n}",
        "3, column 1: expected a variable, an IRI or a literal after 'skos:prefLabel', found '}'",
    ),
    (
        'SELECT ?x WHERE { ?x a hips:Theme . FILTER(CONTAINS(?x, "a") }',
        "1, column 62: '}' comes before the '(' opened at line 1, column 43 is closed: add ')'",
    ),
    ("SELECT ?x WHERE { ?x a hips:Theme } LIMIT x", "1, column 43: expected a number after LIMIT, found 'x'"),
    ("SELECT ?x WHERE { ?x a Theme }", "1, column 24: Theme is not a SPARQL keyword: a name needs its prefix, e.g. hips:Theme"),
    (
        "SELECT ?x WHERE { ?x a <http://x y> }",
        (
            "1, column 24: <http://x y> is not an IRI: it contains U+0020 SPACE, which no IRI may hold "
            "(write it %-encoded, e.g. %20 for a space)"
        ),
    ),
]
# "year" is in the descriptions of the first two ("Early Years", "a year"), the name of the fourth, the parameters...
SEARCH_YEAR = [
    "education-settings-by-type     Education settings by type",
    "groups-meeting-with-frequency  Groups meeting with a given frequency  (frequency)",
    "legislation-citation-counts    Legislation cited most by the procedures",
    "legislation-cited-by-year      Procedures citing legislation of given years  (from_year, to_year)",
    "legislation-gaps               Legislation missing a link or a year",
    "5 of 37 queries hold 'YEAR'; 'hipskg queries NAME' shows one",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        assert main(["push", "--store", f"{url}/store"]) == 0
        yield f"endpoint:{url}/query"


@pytest.fixture(scope="module", params=["rdflib", "oxigraph", "endpoint"])
def store(request) -> str:
    return request.getfixturevalue("server") if request.param == "endpoint" else request.param


# 3. names that paste back


def test_the_first_name_a_table_prints_pastes_back_into_a_query(store, capsys):
    assert main(["query", "training-covering", "--param", "tool=CERAF", "--format", "table", "--store", store]) == 0
    name = capsys.readouterr().out.splitlines()[2].split()[0]  # below the header and its rule
    assert name == "course:introduction-to-the-child-exploitation-risk-assessment-framework"
    assert main(["query", f"SELECT ?l WHERE {{ {name} skos:prefLabel ?l }}", "--store", store, "--format", "csv"]) == 0
    assert capsys.readouterr().out == "l\nAn Introduction to the Child Exploitation Risk Assessment Framework (CERAF)\n"


def test_every_name_printed_for_the_data_reads_back_as_its_iri(built):
    iris = sorted({node for quad in built.quads() for node in quad if isinstance(node, URIRef)}, key=str)
    names = " ".join(compact(iri) for iri in iris)
    found = built.query(f"SELECT ?x WHERE {{ VALUES ?x {{ {names} }} }}", initNs=dict(PREFIXES))
    assert sorted((row[0] for row in found), key=str) == iris


# 2. unknown terms


def test_an_unknown_term_warns_and_names_the_closest_and_the_query_still_runs(store, capsys):
    assert main(["query", THEMES, "--store", store, "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("x\n", f"hipskg query: warning: {THEMES_WARNING}\n")


def test_strict_refuses_an_unknown_term_and_prints_nothing(store, capsys):
    query = "SELECT ?x WHERE { ?x a hips:Themes ; hips:listCourse ?c }"
    assert main(["query", query, "--store", store, "--strict"]) == 2
    assert capsys.readouterr() == (
        "",
        f"hipskg query: {THEMES_WARNING} hips:listCourse is not defined by the ontology; did you mean hips:listsCourse?\n",
    )


def test_terms_in_strings_comments_and_other_namespaces_are_not_checked_but_full_iris_and_own_prefixes_are():
    text = (
        "PREFIX h: <https://w3id.org/hipskg/def#>\n"
        'SELECT ?x WHERE { ?x a h:Organization ; rdfs:label "hips:Nope" ; ex:p <https://w3id.org/hipskg/def#coversTools> '
        "FILTER(?x != hips:) } # hips:Nah\n"
    )
    assert [term.text() for term in unknown_terms(text.replace("ex:p", "hips:feedsInto"))] == [
        "h:Organization is not defined by the ontology; did you mean hips:Organisation?",
        (
            "<https://w3id.org/hipskg/def#coversTools> is not defined by the ontology; "
            "did you mean hips:coversTool or hips:coversTopic?"
        ),
    ]
    assert [term.text() for term in unknown_terms("SELECT * { ?x hips:xyzzy ?y }")] == [
        "hips:xyzzy is not defined by the ontology, nor is any term close to it (its terms: https://w3id.org/hipskg/def)"
    ]


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_catalogue_queries_name_only_terms_the_ontology_defines(name):
    assert unknown_terms(catalogue()[name].text) == ()


def test_every_query_of_the_project_reads_as_sparql_to_the_model_of_its_shape():
    for path in sorted((ROOT / "queries").rglob("*.rq")):
        _Reader(path.read_text(encoding="utf-8")).read()  # raises Problem at a token it thinks wrong


def test_the_api_warns_and_keeps_the_warning_on_the_result_and_strict_raises():
    with hipskg.open() as kg:
        with pytest.warns(UnknownTermWarning, match=r"^hips:Themes is not defined by the ontology; did you mean hips:Theme\?$"):
            result = kg.query(THEMES)
        assert result.warnings == (THEMES_WARNING,) and result.rows == []
        assert repr(result) == f"<QueryResult SELECT: 0 rows from oxigraph, with inferred facts; warning: {THEMES_WARNING}>"
        with pytest.raises(UnknownTerms, match="hips:Themes is not defined"):
            kg.sparql(THEMES, strict=True)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert kg.query("training-covering", tool="CERAF").warnings == ()


# 4a, 4b. labels


@pytest.mark.parametrize(
    ("query", "value", "message"),
    [
        ("training-covering", "tool=CERAFF", CERAFF),
        ("chair-of-group", "group=HIPS Exec", HIPS_EXEC),
        ("describe-entity", "entity=Child Exploitation Toolkit", TOOLKITS),
        ("describe-entity", "entity=Definitions", SECTIONS),
    ],
)
def test_an_unknown_label_gets_the_closest_and_an_ambiguous_one_what_tells_them_apart(store, query, value, message, capsys):
    assert main(["query", query, "--param", value, "--store", store]) == 2
    assert capsys.readouterr() == ("", f"hipskg query: {message}\n")


def test_the_api_raises_the_same(tmp_path):
    with hipskg.open() as kg, pytest.raises(UnresolvedParameter) as error:
        kg.query("training-covering", tool="CERAFF")
    assert str(error.value) == CERAFF


# 4c. catalogue names


def test_a_mistyped_catalogue_name_gets_the_closest(capsys):
    assert main(["query", "trainig-covering"]) == 2
    assert capsys.readouterr() == (
        "",
        (
            "hipskg query: no query 'trainig-covering' in the catalogue; did you mean training-covering?: "
            "run 'hipskg queries' to list them, or give SPARQL text or --file\n"
        ),
    )
    assert main(["queries", "bodies"]) == 2
    assert capsys.readouterr().err == (
        "hipskg queries: no query 'bodies' in the catalogue; did you mean bodies-feeding-into, bodies-feeding-into-path "
        "or bodies-feeding-into-transitively?: run 'hipskg queries' to list them\n"
    )


# 4d. syntax errors


@pytest.mark.parametrize(("query", "words"), MISTAKES)
def test_a_syntax_error_says_what_was_expected_where(store, query, words, capsys):
    assert main(["query", query, "--store", store]) == 2
    assert capsys.readouterr() == ("", f"hipskg query: SPARQL syntax error at line {words}\n")


def test_what_only_the_server_refuses_is_its_own_message_named_by_where_it_came_from(server, capsys):
    # rdflib's parser (hipskg's check before sending) reads this; Oxigraph's server does not
    assert main(["query", "SELECT * WHERE { ?s ?p ?o BIND(1 AS ?s) }", "--store", server]) == 2
    url = server.removeprefix("endpoint:")
    assert (
        capsys.readouterr().err == f"hipskg query: {url} refused the query: HTTP 400 Bad Request: error at 1:42: expected [_]\n"
    )


def test_a_local_store_names_a_variable_bound_twice():
    with hipskg.open() as kg, pytest.raises(QueryError) as error:
        kg.query("SELECT * WHERE { ?s ?p ?o BIND(1 AS ?s) }")
    assert str(error.value) == (
        "SPARQL syntax error at line 1, column 37: ?s is already used in the group before this BIND: "
        "BIND needs a variable of its own (rename it)"
    )


# 5. the catalogue at a glance


def test_queries_lists_one_line_per_query(capsys):
    assert main(["queries"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(catalogue()) + 1
    assert "training-covering                   Training covering a form or tool  (tool)" in lines
    assert "chapters-with-procedure-counts      Chapters of the manual and their procedures" in lines
    assert lines[-1] == f"{len(catalogue())} queries; 'hipskg queries NAME' shows one"


def test_queries_search_filters_by_name_title_description_and_parameters(capsys):
    assert main(["queries", "--search", "YEAR"]) == 0
    assert capsys.readouterr().out.splitlines() == SEARCH_YEAR


def test_queries_name_shows_the_whole_header_and_the_text(capsys):
    assert main(["queries", "training-covering", "--text"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "training-covering: Training covering a form or tool\n    Courses whose titles name the given form or tool"
    )
    assert (
        "parameters:\n    --param tool=VALUE  entity of class hips:FormOrTool, e.g. CERAF: the form or\n    tool, as IRI," in out
    )
    assert "example:\n    hipskg query training-covering --param tool=CERAF\nquery:\nSELECT ?course ?title ?mode" in out
    assert "# title" not in out


def test_queries_run_runs_what_is_listed(capsys):
    assert main(["queries", "chair-of-group", "--run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == ["chair-of-group"]
    assert lines[-1] == "1 queries run on oxigraph, with inferred facts"
