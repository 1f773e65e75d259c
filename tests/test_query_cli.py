"""The query command: syntax errors, time limits, inert parameters, formats and inferred facts."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from hipskg.cli import main
from hipskg.sparql import QueryError, binds_like_substitution, prebound, with_value_rows, with_values

EXECUTIVE = "https://w3id.org/hipskg/id/org/hips-executive"
CLOSEST_CERAF = '; the closest: "CERAF" (document:ceraf): give one of these labels or names, an IRI or another label'
NONE_CLOSE = ", nor any label close to it: give an IRI, a prefixed name or another label ('hipskg search WORDS' finds entities)"
FEEDERS = f"SELECT ?body WHERE {{ ?body hips:feedsInto <{EXECUTIVE}> }} ORDER BY ?body"
CONTEXT = Path(__file__).resolve().parents[1] / "ontology" / "hipskg-context.jsonld"


def test_a_syntax_error_names_line_and_column(capsys):
    assert main(["query", "SELECT ?x\nWHERE { ?x a hips:Theme ."]) == 2
    assert capsys.readouterr().err == (
        "hipskg query: SPARQL syntax error at line 2, column 26: "
        "the query ends before the '{' opened at line 2, column 7 is closed: add '}'\n"
    )


def test_a_query_past_its_time_limit_stops(capsys):
    assert main(["query", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }", "--timeout", "0.5"]) == 3
    assert (
        capsys.readouterr().err
        == "hipskg query: query stopped after 0.5 s: it ran past --timeout; narrow it or raise the limit\n"
    )


@pytest.mark.parametrize(
    ("attack", "answer"),
    [
        ('CERAF" } ; DROP ALL ; #', CLOSEST_CERAF),
        ("CERAF> } INSERT DATA { <a> <b> <c> } #", CLOSEST_CERAF),
        ("x' || 1=1 --", NONE_CLOSE),
        ("}} UNION { ?s ?p ?o", NONE_CLOSE),
    ],
)
def test_injection_strings_are_inert_labels(attack, answer, capsys):
    assert main(["query", "training-covering", "--param", f"tool={attack}"]) == 2
    assert capsys.readouterr().err == f"hipskg query: no entity of class hips:FormOrTool is labelled {attack!r}{answer}\n"


def test_injection_through_an_iri_is_refused(capsys):
    assert main(["query", "training-covering", "--param", "tool=<http://x> } ; DROP ALL ; <http://y>"]) == 2
    assert "is not an IRI" in capsys.readouterr().err


def test_values_are_written_as_escaped_terms():
    text = with_values("SELECT ?s WHERE { ?s ?p ?name }", {"name": Literal('a" } ; DROP ALL ; #'), "s": URIRef("http://e/x")})
    assert text == 'SELECT ?s WHERE { VALUES (?name ?s) { ("a\\" } ; DROP ALL ; #" <http://e/x>) } ?s ?p ?name }'


def test_binding_needs_a_where_group():
    with pytest.raises(QueryError, match="has no WHERE"):
        with_values("DESCRIBE ?x", {"x": URIRef("http://e/x")})


def test_several_rows_of_values():
    text = with_value_rows("SELECT ?this WHERE { ?this ?p ?o }", ["this"], [[URIRef("http://e/a")], [Literal(1)]])
    assert (
        text
        == 'SELECT ?this WHERE { VALUES (?this) { (<http://e/a>) ("1"^^<http://www.w3.org/2001/XMLSchema#integer>) } ?this ?p ?o }'
    )


@pytest.mark.parametrize(
    ("query", "like"),
    [
        ("SELECT DISTINCT $this WHERE { $this <p>+ $this }", True),
        ("SELECT $this ?value WHERE { $this <p> ?value FILTER NOT EXISTS { ?value a <C> } }", True),
        ("SELECT * WHERE { $this <p> ?value }", True),
        ("SELECT ?value WHERE { $this <p> ?value }", False),  # the answers would not say whose they are
        ("SELECT $this ?k WHERE { { SELECT ?k WHERE { ?e a $this ; <k> ?k } } ?v a $this }", False),  # the sub-select
    ],
)
def test_values_bind_like_substitution_only_without_sub_selects_and_when_projected(query, like):
    assert binds_like_substitution(query, "this") is like


def test_prebinding_writes_the_term_in_and_drops_it_from_projections():
    query = """SELECT DISTINCT $this ?key WHERE {
  { SELECT $this ?key (MIN(STR(?e)) AS ?first) WHERE { ?e a $this ; <k> ?key FILTER(?key != "$this") } # $this
    GROUP BY $this ?key HAVING (COUNT(?e) > 1) }
  BIND(STR($this) AS ?s) }"""
    assert (
        prebound(query, "this", URIRef("http://e/C"))
        == """SELECT DISTINCT  ?key WHERE {
  { SELECT  ?key (MIN(STR(?e)) AS ?first) WHERE { ?e a <http://e/C> ; <k> ?key FILTER(?key != "$this") } # $this
    GROUP BY (<http://e/C>) ?key HAVING (COUNT(?e) > 1) }
  BIND(STR(<http://e/C>) AS ?s) }"""
    )
    assert (
        prebound("SELECT $this WHERE { $this <p>+ $this }", "this", Literal('a" }'))
        == 'SELECT *  WHERE { "a\\" }" <p>+ "a\\" }" }'
    )


def test_json_results_are_sparql_json(capsys):
    assert main(["query", "training-covering", "--param", "tool=CERAF", "--format", "json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert results["head"]["vars"] == ["course", "title", "mode", "themes"]
    assert len(results["results"]["bindings"]) == 2


def test_tsv_and_markdown(capsys):
    assert main(["query", "training-covering", "--param", "tool=CERAF", "--format", "tsv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "course\ttitle\tmode\tthemes"
    assert main(["query", "training-covering", "--param", "tool=CERAF", "--format", "markdown"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == ["| course | title | mode | themes |", "|---|---|---|---|"]


def test_construct_gives_turtle(capsys):
    assert main(["query", f"CONSTRUCT {{ <{EXECUTIVE}> skos:prefLabel ?l }} WHERE {{ <{EXECUTIVE}> skos:prefLabel ?l }}"]) == 0
    out = capsys.readouterr().out
    assert (
        out == "@prefix body: <https://w3id.org/hipskg/id/org/> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\n"
        'body:hips-executive\n    skos:prefLabel "HIPS Executive"@en .\n'
    )


def test_construct_in_n_triples(capsys):
    assert (
        main(
            [
                "query",
                f"CONSTRUCT {{ <{EXECUTIVE}> skos:prefLabel ?l }} WHERE {{ <{EXECUTIVE}> skos:prefLabel ?l }}",
                "--format",
                "nt",
            ]
        )
        == 0
    )
    assert (
        capsys.readouterr().out.strip() == f'<{EXECUTIVE}> <http://www.w3.org/2004/02/skos/core#prefLabel> "HIPS Executive"@en .'
    )


def test_a_graph_in_json_ld_has_the_projects_short_terms_and_reads_back_as_the_same_triples(capsys):
    describe = f"DESCRIBE <{EXECUTIVE}>"
    assert main(["query", describe, "--format", "nt"]) == 0
    triples = Graph().parse(data=capsys.readouterr().out, format="nt")
    assert main(["query", describe, "--format", "jsonld"]) == 0
    text = capsys.readouterr().out
    document = json.loads(text)
    assert document["@context"] == json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]  # embedded: read offline
    [executive] = document["@graph"]
    assert sorted(executive) == [  # with the inferred facts, as a query sees them by default
        "altLabel",
        "chairedBy",
        "convenes",
        "coversArea",
        "hasMember",
        "hasSubgroup",
        "id",
        "isFedBy",
        "label",
        "org:hasMember",  # a property of another vocabulary: its prefixed name
        "org:hasSubOrganization",
        "prefLabel",
        "sourceSection",
        "standingSubgroupCount",
        "type",
        "wasDerivedFrom",
    ]
    assert (executive["prefLabel"], executive["type"], executive["standingSubgroupCount"]) == (
        "HIPS Executive",
        ["hips:Group", "hips:Organisation", "org:Organization", "org:OrganizationalUnit"],
        ["3", "4"],  # xsd:integer by the context's term
    )
    assert len(triples) == 50 and isomorphic(Graph().parse(data=text, format="json-ld"), triples)
    again = subprocess.run(
        [sys.executable, "-m", "hipskg", "query", describe, "--format", "jsonld"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "4321"},
    )
    assert again.stdout == text  # the same graph, the same bytes


def test_a_table_format_for_a_graph_is_refused(capsys):
    assert main(["query", f"DESCRIBE <{EXECUTIVE}>", "--format", "csv"]) == 2
    assert "gives a graph" in capsys.readouterr().err


def test_a_query_sees_facts_only_the_closure_gives_unless_asked_for_asserted_facts_only(capsys):
    assert main(["query", FEEDERS, "--format", "csv", "--asserted-only"]) == 0
    asserted = set(capsys.readouterr().out.split()[1:])
    assert main(["query", FEEDERS, "--format", "csv"]) == 0
    inferred = set(capsys.readouterr().out.split()[1:])
    assert asserted == {
        f"https://w3id.org/hipskg/id/org/{name}-safeguarding-children-partnership"
        for name in ("hampshire", "isle-of-wight", "portsmouth", "southampton")
    }
    assert asserted < inferred
    # subgroups feed into the body that convenes them (convenedBy ⊑ subgroupOf ⊑ reportsTo ⊑ feedsInto),
    # and feeds-into is transitive: the Education Subgroup reports to the Southampton partnership.
    assert "https://w3id.org/hipskg/id/org/hips-procedures-group" in inferred - asserted
    assert "https://w3id.org/hipskg/id/org/scasp-education-subgroup" in inferred - asserted


def test_comments_are_not_code():
    from hipskg.sparql import query_form, without_comments

    text = '# description: add a graph {x}\nSELECT ?s WHERE { ?s ?p "# not a comment" } # trailing {note}\n'
    assert query_form(text) == "SELECT"
    assert without_comments(text) == '\nSELECT ?s WHERE { ?s ?p "# not a comment" } \n'


def test_a_table_says_which_facts_the_query_saw(capsys):
    question = ["query", "SELECT (COUNT(?x) AS ?n) WHERE { ?x a hips:Legislation }", "--format", "table"]
    assert main(question) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "--", "38", "(1 rows, with inferred facts)"]
    assert main([*question, "--asserted-only"]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "-", "0", "(1 rows, asserted facts only)"]
