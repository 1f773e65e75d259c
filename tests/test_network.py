"""Network views of the committed graph: their exact sizes, the analyses' answers, exports that
round-trip and repeat byte for byte, the drawing, and the ``graph`` command.

Expected numbers were read off the committed Turtle and cross-checked with the catalogue queries
(bodies-feeding-into-transitively, courses-under-many-themes) where one asks the same question.
"""

import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset

from hipskg import dataset
from hipskg.catalogue import bind, catalogue
from hipskg.cli import main
from hipskg.network import NetworkError, View, analyse, build, definitions, draw, serialize, write
from hipskg.network.analysis import centrality, cycles, path, reach, similarity, summary
from hipskg.reason import with_inferences
from hipskg.sparql import QueryError, run

ROOT = Path(__file__).resolve().parents[1]
DATA = str(ROOT / "data")
ID = "https://w3id.org/hipskg/id/"
GRAPHS = "https://w3id.org/hipskg/graph/"
EXECUTIVE = ID + "org/hips-executive"
UPSTREAM_OF_EXECUTIVE = {
    ID + "org/" + slug
    for slug in (
        "hampshire-safeguarding-children-partnership",
        "isle-of-wight-safeguarding-children-partnership",
        "portsmouth-safeguarding-children-partnership",
        "southampton-safeguarding-children-partnership",
        "hips-child-exploitation-group",
        "hips-health-group",
        "hips-procedures-group",
        "scasp-education-subgroup",
    )
}
SIZES = {"governance": (22, 28), "theme-course": (159, 241), "toolkit": (29, 168), "procedure": (18, 15), "legislation": (62, 56)}


@pytest.fixture(scope="module")
def views(built: Dataset) -> dict[str, View]:
    return {name: build(built, name) for name in SIZES}


@pytest.fixture(scope="module")
def reasoned() -> Dataset:
    """The committed data with the OWL 2 RL closure in hipsg:inferred (its own copy: reasoning adds a graph)."""
    ds = dataset.load(ROOT / "data")
    with_inferences(ds)
    return ds


def cli_rows(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, str]]:
    assert main([*argv, "--format", "csv", "--data", DATA]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


# --------------------------------------------------------------------------------------------
# views


def test_the_view_files_are_apart_from_the_catalogue():
    assert set(definitions()) == set(SIZES)
    assert len(catalogue()) == 37
    assert not set(definitions()) & set(catalogue())


@pytest.mark.parametrize("name", sorted(SIZES))
def test_view_sizes(views, name):
    graph = views[name].graph
    assert (graph.number_of_nodes(), graph.number_of_edges()) == SIZES[name]


def test_nodes_and_edges_carry_label_iri_kind_and_relation(views):
    graph = views["governance"].graph
    assert graph.is_directed()
    assert graph.nodes[EXECUTIVE] == {"label": "HIPS Executive", "iri": EXECUTIVE, "kind": "hips:Group"}
    assert graph.nodes[ID + "org/scasp-mash-strategic-group"]["kind"] == "hips:Subgroup"
    assert graph.edges[ID + "org/hips-health-group", EXECUTIVE] == {
        "relation": "hips:convenedBy",
        "label": "convened by",
        "graphs": f"{GRAPHS}hips-procedure-7-1 {GRAPHS}scasp-safeguarding-arrangements",
    }
    assert graph.edges[EXECUTIVE, ID + "post/hips-executive/independent-chair"]["relation"] == "hips:chairedBy"
    assert list(graph) == sorted(graph)


def test_bipartite_views_mark_their_sides(views):
    themes = views["theme-course"].graph
    assert not themes.is_directed()
    assert {kind for _, kind in themes.nodes(data="kind")} == {
        "hips:Theme",
        "hips:Webinar",
        "hips:ELearning",
        "hips:VideoCourse",
        "hips:TrainingCourse",
    }
    assert {themes.nodes[node]["kind"] for node, side in themes.nodes(data="bipartite") if side == 0} == {"hips:Theme"}
    assert sum(side == 0 for _, side in themes.nodes(data="bipartite")) == 21
    cited = views["legislation"].graph
    assert {cited.nodes[node]["kind"] for node, side in cited.nodes(data="bipartite") if side == 0} == {
        "hips:Procedure",
        "hips:SourceDocument",
    }


def test_governance_leaves_out_the_inferred_closure_unless_asked(reasoned):
    assert build(reasoned, "governance").graph.number_of_edges() == 28
    closure = build(reasoned, "governance", inferred_edges=True).graph
    assert closure.number_of_edges() == 35
    assert closure.edges[ID + "org/scasp-education-subgroup", EXECUTIVE]["relation"] == "hips:feedsInto"
    # no other view gains an inferred edge today
    assert all(build(reasoned, name).graph.number_of_edges() == SIZES[name][1] for name in SIZES if name != "governance")


def test_building_a_view_changes_nothing_in_the_dataset(built):
    before = {named.identifier: len(named) for named in built.graphs()}
    build(built, "governance")
    assert {named.identifier: len(named) for named in built.graphs()} == before


def test_an_unknown_view_lists_the_views(built):
    with pytest.raises(
        NetworkError, match="no view 'nope': choose one of governance, legislation, procedure, theme-course, toolkit"
    ):
        build(built, "nope")


# --------------------------------------------------------------------------------------------
# analyses


def test_summary_of_governance(views):
    measures = dict(summary(views["governance"]).rows)
    assert measures["nodes"] == 22 and measures["edges"] == 28
    assert measures["weakly connected components"] == 1
    assert measures["has cycles"] is False
    assert measures["edges hips:reportsTo"] == 9 and measures["nodes hips:Post"] == 4
    assert dict(summary(views["toolkit"]).rows)["has cycles"] is True
    assert dict(summary(views["theme-course"]).rows)["connected components"] == 3


def test_upstream_of_the_executive(built, views):
    table = reach(views["governance"], EXECUTIVE, upstream=True)
    assert {str(row[-1]) for row in table.rows} == UPSTREAM_OF_EXECUTIVE
    assert [row[0] for row in table.rows] == [1] * 7 + [2]  # the SCASP Education Subgroup by way of Southampton's partnership
    assert [row[1] for row in table.rows][:2] == ["Hampshire Safeguarding Children Partnership", "HIPS Child Exploitation Group"]


def test_upstream_agrees_with_the_transitive_catalogue_query(capsys):
    answered = cli_rows(capsys, "query", "bodies-feeding-into-transitively", "--param", "body=HIPS Executive")
    upstream = cli_rows(capsys, "graph", "governance", "--upstream", "HIPS Executive", "--reason")
    assert {row["upstream"] for row in answered} == {row["iri"] for row in upstream} == UPSTREAM_OF_EXECUTIVE


def test_upstream_agrees_with_the_query_on_the_asserted_graph(built, views):
    query = catalogue()["bodies-feeding-into-transitively"]
    answered = {str(row.upstream) for row in run(built, query.text, bind(query, built, {"body": "HIPS Executive"}))}
    assert answered == {str(row[-1]) for row in reach(views["governance"], EXECUTIVE, upstream=True).rows}


def test_downstream_leaves_the_chairs_out(views):
    table = reach(views["governance"], ID + "org/scasp-education-subgroup", upstream=False)
    assert [(row[0], row[1]) for row in table.rows] == [
        (1, "SCASP Adult and Children Systems Board"),
        (1, "Southampton Children and Adults Safeguarding Partnership"),
        (1, "Southampton Safeguarding Children Partnership"),
        (2, "HIPS Executive"),
        (2, "SCASP Executive Group"),
    ]
    assert reach(views["governance"], EXECUTIVE, upstream=False).rows == []


def test_shortest_path_along_the_arrows(views):
    table = path(views["governance"], ID + "org/scasp-education-subgroup", EXECUTIVE)
    assert [(row[1], row[2]) for row in table.rows] == [
        ("", "SCASP Education Subgroup"),
        ("hips:reportsTo", "Southampton Safeguarding Children Partnership"),
        ("hips:feedsInto", "HIPS Executive"),
    ]


def test_a_path_against_the_arrows_marks_the_steps_taken_backwards(views):
    table = path(views["governance"], ID + "org/hips-health-group", ID + "org/scasp-mash-strategic-group")
    assert [row[1] for row in table.rows] == [
        "",
        "hips:convenedBy",
        "^hips:feedsInto",
        "^hips:reportsTo",
        "hips:reportsTo",
        "^hips:reportsTo",
    ]


def test_no_path_between_components(views):
    with pytest.raises(NetworkError, match="different components"):
        path(views["procedure"], ID + "procedure/1-1", ID + "procedure/6-1")


def test_courses_listed_under_most_themes(built, views):
    table = centrality(views["theme-course"], top=4)
    assert table.header[:3] == ("side", "rank", "label")
    themes, courses = table.rows[:4], table.rows[4:]
    assert [(row[0], row[1], row[2], row[4]) for row in themes] == [
        ("theme", 1, "Domestic Abuse", 25),
        ("theme", 2, "Child Sexual Abuse", 24),
        ("theme", 3, "A Multi-Agency Approach to Safeguarding", 24),
        ("theme", 4, "Adopting a Family Approach", 21),
    ]
    assert {(row[0], row[4]) for row in courses} == {("course", 5)}
    query = catalogue()["courses-under-many-themes"]
    widest = {str(row.course) for row in run(built, query.text, bind(query, built, {"n": "4"}))}
    assert {str(row[-1]) for row in courses} == widest
    assert (
        courses[0][2] == "An Introduction to Identifying and Supporting Young Carers"
    )  # the four tie on degree; betweenness decides


def test_centrality_loads_into_pandas_as_one_tidy_table(capsys):
    """The command's CSV read as it is: one header, typed columns, one ranking per side of a bipartite view."""
    pandas = pytest.importorskip("pandas", reason="pandas is in the test extra: pip install -e '.[test]'")
    assert main(["graph", "legislation", "--centrality", "--top", "3", "--format", "csv", "--data", DATA]) == 0
    table = pandas.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(table.columns) == ["side", "rank", "label", "kind", "degree", "in_degree", "out_degree", "betweenness", "iri"]
    types = pandas.api.types
    assert [column for column in table.columns if types.is_integer_dtype(table[column])] == [
        "rank",
        "degree",
        "in_degree",
        "out_degree",
    ]
    assert types.is_float_dtype(table["betweenness"])
    assert all(types.is_string_dtype(table[column]) for column in ("side", "label", "kind", "iri"))
    by_side = {side: rows.set_index("rank")["label"].to_dict() for side, rows in table.groupby("side")}
    assert by_side == {
        "citing": {
            1: "Southampton Children and Adults Safeguarding Partnership – Local Multi-Agency Safeguarding Arrangements",
            2: "Allegations Against Staff or Volunteers",
            3: "Guide to Safe Recruitment of Staff and Volunteers",
        },
        "legislation": {
            1: "Working Together to Safeguard Children 2018",
            2: "Children Act 2004",
            3: "Working Together to Safeguard Children",
        },
    }
    assert table.loc[table.side == "legislation", "in_degree"].tolist() == [9, 5, 4]


def test_most_cross_referenced_toolkit(views):
    rows = centrality(views["toolkit"], top=3).rows
    assert [(row[1], row[3], row[4], row[5]) for row in rows] == [
        ("Adopting a Family Approach Toolkit", 32, 8, 24),
        ("Safeguarding Adolescents Toolkit", 24, 11, 13),
        ("Domestic Abuse Toolkit", 21, 7, 14),
    ]


def test_most_similar_themes(views):
    rows = similarity(views["theme-course"], top=2).rows
    assert [(row[1], row[2], row[3], row[4]) for row in rows] == [
        ("Keeping Children Safe Online", "Prevent", 3, 3 / 8),
        ("Child Exploitation", "Serious Violence", 8, 8 / 22),
    ]


def test_similarity_needs_a_bipartite_view(views):
    with pytest.raises(NetworkError, match="bipartite"):
        similarity(views["governance"])


def test_cycles(views):
    assert cycles(views["procedure"]).rows == []
    assert cycles(views["governance"]).rows == []
    rows = cycles(views["toolkit"], top=3).rows
    assert [row[1] for row in rows] == [2, 2, 2]
    assert rows[0][2] == "Adopting a Family Approach Toolkit -> Child Sexual Abuse Toolkit -> Adopting a Family Approach Toolkit"


def test_communities_and_components_of_governance(built, views):
    communities = analyse(views["governance"], built, "communities")
    sizes = {row[0]: row[1] for row in communities.rows}
    assert sizes == {1: 9, 2: 8, 3: 3, 4: 2}
    assert "HIPS Executive" in {row[2] for row in communities.rows if row[0] == 1}
    components = analyse(views["procedure"], built, "components")  # Referrals with the Family Approach protocol, and two pairs
    assert sorted({(row[0], row[1]) for row in components.rows}) == [(1, 14), (2, 2), (3, 2)]


def test_undirected_views_have_no_upstream(views):
    with pytest.raises(NetworkError, match="needs a directed view"):
        reach(views["theme-course"], ID + "theme/neglect", upstream=True)


def test_entities_by_label_prefixed_name_or_iri(built, views):
    for given in ("HIPS Executive", "hipsid:org/hips-executive", EXECUTIVE):
        assert (
            analyse(views["governance"], built, "upstream", [given]).rows[0][1] == "Hampshire Safeguarding Children Partnership"
        )
    with pytest.raises(QueryError, match="ambiguous, it names 3 entities"):  # two toolkits and a course
        analyse(views["toolkit"], built, "upstream", ["Child Exploitation Toolkit"])
    with pytest.raises(NetworkError, match="is not in the governance view"):
        analyse(views["governance"], built, "upstream", ["Neglect"])


def test_analyses_repeat_byte_for_byte(built):
    first, second = build(built, "theme-course"), build(built, "theme-course")
    for name in ("summary", "centrality", "communities", "components", "similarity"):
        assert analyse(first, built, name).rows == analyse(second, built, name).rows


# --------------------------------------------------------------------------------------------
# exports


def _read(path: Path, fmt: str) -> nx.Graph:
    if fmt == "graphml":
        return nx.read_graphml(path)
    if fmt == "gexf":
        return nx.read_gexf(path)
    return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
@pytest.mark.parametrize("name", ["governance", "theme-course"])
def test_exports_round_trip(views, tmp_path, fmt, name):
    view = views[name]
    target = tmp_path / f"{name}.{fmt}"
    assert write(view, target) == fmt
    back = _read(target, fmt)
    assert (back.number_of_nodes(), back.number_of_edges()) == SIZES[name]
    assert back.is_directed() == view.graph.is_directed()
    assert dict(back.nodes(data="label")) == dict(view.graph.nodes(data="label"))
    assert dict(back.nodes(data="iri")) == dict(view.graph.nodes(data="iri"))
    assert {(u, v): relation for u, v, relation in back.edges(data="relation")} == {
        (u, v): relation for u, v, relation in view.graph.edges(data="relation")
    }


def test_edges_name_the_named_graphs_stating_them(views, reasoned):
    """Each edge's sources, space-separated: most governance edges come from one source, four from two."""
    stated = Counter(graphs for _, _, graphs in views["governance"].graph.edges(data="graphs"))
    assert stated == {
        f"{GRAPHS}scasp-safeguarding-arrangements": 19,
        f"{GRAPHS}hips-procedure-7-1": 5,
        f"{GRAPHS}hips-procedure-7-1 {GRAPHS}scasp-safeguarding-arrangements": 3,
        f"{GRAPHS}hips-procedures-manual-search-export {GRAPHS}scasp-safeguarding-arrangements": 1,
    }
    citations = Counter(graphs for _, _, graphs in views["legislation"].graph.edges(data="graphs"))
    assert citations[f"{GRAPHS}hips-procedure-7-1 {GRAPHS}hips-procedures-manual-search-export"] == 2
    assert sum(citations.values()) == SIZES["legislation"][1]
    # an edge only the reasoner gives is stated by the inferred facts' graph
    closure = build(reasoned, "governance", inferred_edges=True).graph
    assert closure.edges[ID + "org/scasp-education-subgroup", EXECUTIVE]["graphs"] == f"{GRAPHS}inferred"
    assert list(build(reasoned, "governance").graph.edges(data="graphs")) == list(views["governance"].graph.edges(data="graphs"))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_keep_the_sources_of_each_edge(views, tmp_path, fmt):
    view = views["governance"]
    target = tmp_path / f"governance.{fmt}"
    write(view, target)
    back = _read(target, fmt)
    assert dict(((u, v), graphs) for u, v, graphs in back.edges(data="graphs")) == {
        (u, v): graphs for u, v, graphs in view.graph.edges(data="graphs")
    }
    assert back.edges[ID + "org/hips-health-group", EXECUTIVE]["graphs"].split() == [
        f"{GRAPHS}hips-procedure-7-1",
        f"{GRAPHS}scasp-safeguarding-arrangements",
    ]


def test_a_view_without_graph_is_named(built, tmp_path):
    (tmp_path / "plain.rq").write_text(
        "# title: Plain\n# description: Feeds into, without the graphs.\n# example: none\n"
        "SELECT ?source ?relation ?target WHERE { VALUES ?relation { hips:feedsInto } ?source ?relation ?target }\n",
        encoding="utf-8",
    )
    with pytest.raises(NetworkError) as error:
        build(built, "plain", folder=tmp_path)
    assert str(error.value) == "the view plain gives no ?graph: wrap each edge's statement in GRAPH ?graph { ... }"


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_exports_repeat_byte_for_byte(built, fmt):
    assert serialize(build(built, "governance"), fmt) == serialize(build(built, "governance"), fmt)


def test_graphml_is_the_same_under_another_hash_seed(views):
    program = (
        f"import sys; from pathlib import Path; from hipskg import dataset; from hipskg.network import build, serialize; "
        f"sys.stdout.write(serialize(build(dataset.load(Path({DATA!r})), 'theme-course'), 'graphml'))"
    )
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=environment, check=True).stdout
    assert other == serialize(views["theme-course"], "graphml")


def test_an_unknown_export_extension_names_the_choices(views, tmp_path):
    with pytest.raises(NetworkError, match=r"use \.graphml, \.gexf, \.json"):
        write(views["governance"], tmp_path / "governance.txt")


# --------------------------------------------------------------------------------------------
# drawing


def _svg_labels(svg: Path) -> set[str]:
    """The text of each text element of the drawing, its lines joined by spaces."""
    namespace = "{http://www.w3.org/2000/svg}"
    root = ET.parse(svg).getroot()
    return {
        " ".join(text.text or "" for text in group.iter(namespace + "text"))
        for group in root.iter(namespace + "g")
        if group.get("id", "").startswith("text_")
    }


def test_drawing_labels_every_body_and_repeats_byte_for_byte(views, tmp_path):
    pytest.importorskip("matplotlib", reason="drawing needs matplotlib: pip install 'hipskg[draw]' (the test extra installs it)")
    view = views["governance"]
    first, second, png = tmp_path / "a.svg", tmp_path / "b.svg", tmp_path / "governance.png"
    draw(view, first)
    draw(view, second)
    draw(view, png)
    assert first.read_bytes() == second.read_bytes()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    labels = _svg_labels(first)
    assert {view.label(node) for node in view.graph} <= labels
    assert "Southampton Children and Adults Safeguarding Partnership" in labels  # wrapped over four lines
    assert f'xlink:href="{EXECUTIVE}"' in first.read_text(encoding="utf-8")


def test_drawing_layers_the_executive_at_the_top(views):
    from hipskg.network.draw import layers

    layer, anchor = layers(views["governance"])
    assert layer[EXECUTIVE] == 0
    assert layer[ID + "org/hips-health-group"] == 1
    assert layer[ID + "org/scasp-education-subgroup"] == 3
    assert anchor == {
        ID + "post/hips-executive/independent-chair": EXECUTIVE,
        ID + "post/hips-executive/independent-chair-and-scrutineer": EXECUTIVE,
        ID + "post/scasp-partnership-chair": ID + "org/southampton-children-and-adults-safeguarding-partnership",
        ID + "post/southampton-city-council-chief-executive": ID + "org/scasp-executive-group",
    }


def test_drawing_a_cyclic_view(views, tmp_path):
    pytest.importorskip("matplotlib", reason="drawing needs matplotlib: pip install 'hipskg[draw]' (the test extra installs it)")
    draw(views["toolkit"], tmp_path / "toolkit.svg")
    assert {views["toolkit"].label(node) for node in views["toolkit"].graph} <= _svg_labels(tmp_path / "toolkit.svg")


def test_drawing_without_matplotlib_says_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    assert main(["graph", "governance", "--draw", str(tmp_path / "g.svg"), "--data", DATA]) == 2
    assert capsys.readouterr().err == "hipskg graph: drawing needs matplotlib: pip install 'hipskg[draw]'\n"
    assert not (tmp_path / "g.svg").exists()


# --------------------------------------------------------------------------------------------
# the command


def test_graph_lists_the_views(capsys):
    assert main(["graph"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("governance\n    Governance. Who feeds into whom")
    assert 'example: hipskg graph governance --upstream "HIPS Executive"' in out


def test_graph_summary_as_a_table(capsys):
    assert main(["graph", "governance", "--format", "table", "--data", DATA]) == 0
    out = capsys.readouterr().out
    assert "nodes                               22\n" in out
    assert "has cycles                          false\n" in out
    assert out.rstrip().endswith("(19 rows)")


def test_graph_centrality_as_csv(capsys):
    rows = cli_rows(capsys, "graph", "toolkit", "--centrality", "--top", "1")
    assert rows == [
        {
            "rank": "1",
            "label": "Adopting a Family Approach Toolkit",
            "kind": "hips:Toolkit",
            "degree": "32",
            "in_degree": "8",
            "out_degree": "24",
            "betweenness": "0.0979",
            "iri": ID + "toolkit/professionals/adopting-a-family-approach-toolkit",
        }
    ]


def test_graph_path_by_labels(capsys):
    rows = cli_rows(capsys, "graph", "governance", "--path", "SCASP Education Subgroup", "HIPS Executive")
    assert [row["label"] for row in rows] == [
        "SCASP Education Subgroup",
        "Southampton Safeguarding Children Partnership",
        "HIPS Executive",
    ]


def test_graph_unknown_view(capsys):
    assert main(["graph", "nope", "--data", DATA]) == 2
    assert (
        capsys.readouterr().err
        == "hipskg graph: no view 'nope': choose one of governance, legislation, procedure, theme-course, toolkit\n"
    )


def test_graph_unknown_entity(capsys):
    assert main(["graph", "governance", "--upstream", "No Such Body", "--data", DATA]) == 2
    assert (
        capsys.readouterr().err
        == "hipskg graph: no entity is labelled 'No Such Body', nor any label close to it: give an IRI, a prefixed name or "
        "another label ('hipskg search WORDS' finds entities)\n"
    )


def test_graph_ambiguous_entity_lists_the_candidates(capsys):
    assert main(["graph", "theme-course", "--path", "Prevent", "Neglect", "--data", DATA]) == 2
    err = capsys.readouterr().err
    assert "label 'Prevent' is ambiguous, it names 2 entities" in err
    assert "course:prevent (a hips:TrainingCourse, hips:Webinar); theme:prevent (a hips:Theme)" in err


def test_graph_writes_an_export_and_a_drawing(capsys, tmp_path):
    pytest.importorskip("matplotlib", reason="drawing needs matplotlib: pip install 'hipskg[draw]' (the test extra installs it)")
    graphml, svg = tmp_path / "g.graphml", tmp_path / "g.svg"
    assert main(["graph", "governance", "--output", str(graphml), "--draw", str(svg), "--data", DATA]) == 0
    assert capsys.readouterr().out == f"wrote {graphml} (graphml: 22 nodes, 28 edges)\nwrote {svg}\n"
    assert nx.read_graphml(graphml).number_of_nodes() == 22 and svg.stat().st_size > 0


def test_graph_exports_to_standard_output(capsys):
    assert main(["graph", "procedure", "--export", "json", "--data", DATA]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (len(data["nodes"]), len(data["edges"])) == SIZES["procedure"]


def test_graph_analysis_with_an_export_keeps_the_table_alone_on_standard_output(capsys, tmp_path):
    target = tmp_path / "g.gexf"
    assert main(["graph", "governance", "--components", "--output", str(target), "--format", "csv", "--data", DATA]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("component,size,label,kind,iri\n")
    assert captured.err == f"wrote {target} (gexf: 22 nodes, 28 edges)\n"
