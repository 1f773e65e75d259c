"""Reports people and tools can read (``hipskg validate --format tsv|markdown|html``), each result with the source
passage its focus node came from, and results compared with a baseline (``--baseline DIR|RELEASE``), with the gate
an ingest sets on them (:func:`hipskg.validate.baseline.failing`)."""

import io
import re
from pathlib import Path

import pandas
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SH

from hipskg import dataset
from hipskg.cli import main
from hipskg.dataset import Passage
from hipskg.namespaces import GRAPH, HIPS, ID, SHAPES
from hipskg.validate import Report, Result
from hipskg.validate.baseline import BaselineError, Comparison, compare, failing
from hipskg.validate.engines import choose
from hipskg.validate.report import COLUMNS, Sources, table

ROOT = Path(__file__).resolve().parents[1]
UNDEFINED = ROOT / "tests" / "fixtures" / "shacl" / "invalid" / "undefined-property.ttl"
HEADER = "\t".join(COLUMNS)
BROCHURE = "hipsg:hscp-practice-development-brochure-2026-2027"
BROCHURE_FILE = "data/sources/hscp-practice-development-brochure-2026-2027.ttl"
BROCHURE_TITLE = "HSCP Multi-Agency Safeguarding Practice Development Brochure 2026-2027"
SINGLE_THEME = "listed under a single theme: check whether other themes should list it"
SERIOUS_VIOLENCE_DUTY = (
    f"warning\thipsh:TrainingCourseShape ^hips:listsCourse\tcourse:serious-violence-duty\tSerious Violence Duty\t"
    f"^hips:listsCourse\t\t{BROCHURE}\t{BROCHURE_FILE}\t{BROCHURE_TITLE}\tSerious Violence / TRAINING / Webinars\t{SINGLE_THEME}"
)
UNDEFINED_CELLS = [
    "violation",
    "hipsh:DefinedPropertyShape",
    "procedure:1-1",
    "Significant Harm",
    "hips:refersToo",
    "procedure:1-2",
    "",  # a user's file is no named graph of the project: its file says where the node came from
    dataset.shown(UNDEFINED),
    "Fixture Child Protection Procedures: search results export",
    "1.1 Significant Harm",
    "hips:refersToo is not defined by the ontology; did you mean hips:refersTo?",
]


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# --- one row per result ------------------------------------------------------------------------------------------


def test_tsv_of_the_committed_data_is_a_header_and_one_row_per_warning(capsys):
    status, out, _ = run(["validate", "--format", "tsv"], capsys)
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 1 + 80
    assert SERIOUS_VIOLENCE_DUTY in lines
    table = pandas.read_csv(io.StringIO(out), sep="\t", keep_default_na=False)
    assert list(table.columns) == list(COLUMNS)
    assert table["level"].value_counts().to_dict() == {"warning": 80}
    assert set(table["rule"]) == {"hipsh:TrainingCourseShape ^hips:listsCourse"}
    assert (table["section"] != "").all() and (table["document"] != "").all()


def test_severity_info_lists_the_infos_too_with_every_passage_of_their_node(capsys):
    """Working Together is cited in three sources and described in the legislation register: each named graph, file,
    document (once) and section in its cell."""
    status, out, _ = run(["validate", "--format", "tsv", "--severity", "info"], capsys)
    rows = [line.split("\t") for line in out.splitlines()[1:]]
    assert status == 0 and len(rows) == 89
    (row,) = [row for row in rows if row[2] == "legislation:working-together-to-safeguard-children"]
    assert dict(zip(COLUMNS, row, strict=True)) == {
        "level": "info",
        "rule": "hipsh:StatutoryGuidanceShape hips:year",
        "focus": "legislation:working-together-to-safeguard-children",
        "label": "Working Together to Safeguard Children",
        "path": "hips:year",
        "value": "",
        "graph": f"hipsg:hips-procedures-manual-search-export; {BROCHURE}; hipsg:legislation; hipsg:scasp-safeguarding-arrangements",
        "file": "data/sources/hips-procedures-manual-search-export.ttl; data/curated/hips-procedures-manual-search-export.ttl; "
        f"{BROCHURE_FILE}; data/curated/legislation.ttl; data/sources/scasp-safeguarding-arrangements.ttl; "
        "data/curated/scasp-safeguarding-arrangements.ttl",
        "document": f"HIPS Child Protection Procedures: search results export; {BROCHURE_TITLE}; "
        "Southampton Children and Adults Safeguarding Partnership – Local Multi-Agency Safeguarding Arrangements",
        "section": "1.3 Practice Guidance / Introduction; 3.1 Children who are Neglected / What is neglect?; "
        "6.1 Allegations Against Staff or Volunteers / Roles and Responsibilities; A Multi-Agency Approach to Safeguarding / "
        "ADDITIONAL RESOURCES; Adopting a Family Approach / ADDITIONAL RESOURCES; Child Development / ADDITIONAL RESOURCES; "
        "Community and Voluntary Organisations / ADDITIONAL RESOURCES; Keeping Children Safe Online / ADDITIONAL RESOURCES; "
        "Professional Differences / ADDITIONAL RESOURCES; Appendix 1 - Hampshire, Isle of Wight, Portsmouth & Southampton "
        "(HIPS) Safeguarding Children Partnership Executive Group Arrangements; Foreword",
        "message": "no edition year: the sources cite this guidance without one",
    }


def test_a_file_validated_as_tsv_names_its_file_and_source_passage(capsys):
    status, out, err = run(["validate", "--format", "tsv", str(UNDEFINED)], capsys)
    assert (status, err) == (1, "")
    assert out == f"{HEADER}\n" + "\t".join(UNDEFINED_CELLS) + "\n"


def test_markdown_is_the_summary_and_a_table(capsys):
    status, out, _ = run(["validate", "--format", "markdown", "--engine", "pyshacl", str(UNDEFINED)], capsys)
    assert status == 1
    assert out.splitlines() == [
        "DOES NOT CONFORM: 1 violation, 0 warnings, 0 infos  (1 file, SHACL engine pyshacl)",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
        "| " + " | ".join(UNDEFINED_CELLS) + " |",
    ]


def test_html_is_a_standalone_page(capsys):
    status, out, _ = run(["validate", "--format", "html", "--engine", "pyshacl", str(UNDEFINED)], capsys)
    assert status == 1
    assert out.startswith(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>hipskg validation report</title>\n'
    )
    assert out.endswith("</tbody>\n</table>\n</body>\n</html>\n")
    assert "<p>DOES NOT CONFORM: 1 violation, 0 warnings, 0 infos  (1 file, SHACL engine pyshacl)</p>" in out
    assert re.findall(r"<tr[^>]*>.*</tr>", out) == [
        "<tr>" + "".join(f"<th>{column}</th>" for column in COLUMNS) + "</tr>",
        '<tr class="violation">' + "".join(f"<td>{cell}</td>" for cell in UNDEFINED_CELLS) + "</tr>",
    ]
    assert not re.search(r"<script|<link|\bsrc=|\bhref=", out)  # nothing to fetch: the page works offline


def entry(label: str, section: str, message: str) -> tuple[str, Result, Sources]:
    """A result whose focus node has ``label`` and was read from ``section``."""
    focus = ID["procedure/9-1"]
    result = Result(SH.Warning, focus, HIPS.refersTo, "hips:refersTo", None, message, SHAPES.S, "hipsh:S")
    sources = Sources(
        labels={focus: label},
        graphs={focus: [GRAPH.manual]},
        files={GRAPH.manual: [Path("data/sources/manual.ttl")]},
        passages={focus: [Passage(GRAPH.manual, section)]},
    )
    return "", result, sources


def test_every_format_keeps_a_result_on_one_row_and_html_escapes_every_text():
    entries = [entry('Risk & <Harm> | "quoted"\tand\nsplit', "9.1 <Risk>", "a <b>bold</b> message")]
    cells = ["warning", "hipsh:S", "procedure:9-1", 'Risk & <Harm> | "quoted" and split', "hips:refersTo", ""]
    cells += ["hipsg:manual", "data/sources/manual.ttl", "hipsg:manual", "9.1 <Risk>", "a <b>bold</b> message"]
    tsv = table(entries, "tsv", "heading").splitlines()
    assert len(tsv) == 2 and pandas.read_csv(io.StringIO("\n".join(tsv)), sep="\t").iloc[0].tolist()[3] == cells[3]
    assert (
        table(entries, "markdown", "heading").splitlines()[-1]
        == "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"
    )
    assert (
        '<tr class="warning"><td>warning</td><td>hipsh:S</td><td>procedure:9-1</td>'
        "<td>Risk &amp; &lt;Harm&gt; | &quot;quoted&quot; and split</td><td>hips:refersTo</td><td></td><td>hipsg:manual</td>"
        "<td>data/sources/manual.ttl</td><td>hipsg:manual</td><td>9.1 &lt;Risk&gt;</td><td>a &lt;b&gt;bold&lt;/b&gt; message</td></tr>"
    ) in table(entries, "html", "a <heading> & more")
    assert "<p>a &lt;heading&gt; &amp; more</p>" in table(entries, "html", "a <heading> & more")


def test_a_file_of_the_whole_data_gives_the_rows_of_the_store_but_its_file(tmp_path, capsys):
    """hipskg validate FILE reads named graphs and passages from a TriG file as the store has them."""
    trig = tmp_path / "hipskg.trig"
    assert main(["export", "--format", "trig", "--output", str(trig)]) == 0
    capsys.readouterr()
    _, store, _ = run(["validate", "--format", "tsv", "--severity", "info"], capsys)
    _, file, _ = run(["validate", "--format", "tsv", "--severity", "info", str(trig)], capsys)
    without_file = lambda text: [line.split("\t")[:7] + line.split("\t")[8:] for line in text.splitlines()]  # noqa: E731
    assert without_file(file) == without_file(store)
    assert {line.split("\t")[7] for line in file.splitlines()[1:]} == {dataset.shown(trig)}


# --- against a baseline --------------------------------------------------------------------------------------------


@pytest.fixture
def earlier(data: Path) -> Path:
    """An earlier edition of the data in which a second theme listed the Serious Violence Duty course."""
    with (data / "curated" / "toolkits.ttl").open("a", encoding="utf-8") as curated:
        curated.write(f"\n<{ID['theme/neglect']}> <{HIPS.listsCourse}> <{ID['course/serious-violence-duty']}> .\n")
    return data


def test_a_result_new_since_the_baseline_is_listed_and_the_others_counted(earlier, capsys):
    status, out, err = run(["validate", "--baseline", str(earlier)], capsys)
    against = f"baseline {earlier}: 0 violations, 79 warnings, 9 infos; 1 new, 0 gone, 88 the same"
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        f"data: data (the hipskg checkout at {ROOT})",  # the tests run in the checkout
        "1 result new since the baseline:",
        "",
        "hipsh:TrainingCourseShape ^hips:listsCourse  (1 result)",
        f'  course:serious-violence-duty "Serious Violence Duty"  [{BROCHURE} ({BROCHURE_FILE})]',
        f"    Warning ^hips:listsCourse: {SINGLE_THEME}",
        "",
        "0 results gone since the baseline",
        "",
        "79 results as in the baseline",
        f"conforms: 0 violations, 80 warnings, 9 infos  (store oxigraph, SHACL engine {choose().name}; {against})",
    ]


def test_a_result_gone_since_the_baseline_names_where_it_was(earlier, capsys):
    status, out, _ = run(["validate", "--data", str(earlier), "--baseline", str(ROOT / "data"), "--format", "tsv"], capsys)
    rows = out.splitlines()
    assert status == 0
    assert rows[0] == f"change\t{HEADER}"
    gone_file = dataset.shown(ROOT / BROCHURE_FILE)
    assert rows[1] == "gone\t" + SERIOUS_VIOLENCE_DUTY.replace(BROCHURE_FILE, gone_file)
    assert [row.split("\t")[0] for row in rows[1:]] == ["gone"] + ["same"] * 79


def test_a_release_folder_is_a_baseline(tmp_path, earlier, capsys):
    """As hipskg release writes it: the asserted data in data/hipskg.trig."""
    release = tmp_path / "hipskg-0.0.9"
    assert main(["export", "--data", str(earlier), "--format", "trig", "--output", str(release / "data" / "hipskg.trig")]) == 0
    capsys.readouterr()
    status, out, _ = run(["validate", "--baseline", str(release), "--format", "tsv"], capsys)
    assert status == 0
    assert [row.split("\t")[0] for row in out.splitlines()] == ["change", "new"] + ["same"] * 79
    assert out.splitlines()[1] == f"new\t{SERIOUS_VIOLENCE_DUTY}"


FIX = "give the data folder of the last edition or a folder made by hipskg release"
NEITHER = "it has no curated/ or sources/) nor a release folder (it has no data/hipskg.trig"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--baseline", "/no/such/folder"], f"--baseline /no/such/folder: no such folder: {FIX}"),
        (["--baseline", "README.md"], f"--baseline README.md: a file, not a folder: {FIX}"),
        (["--baseline", "queries"], f"--baseline queries: neither a data folder ({NEITHER}): {FIX}"),
        (
            ["--baseline", "data", "--format", "turtle"],
            "--baseline compares results for people and tables: use --format text, tsv, markdown or html",
        ),
    ],
)
def test_a_baseline_that_is_no_edition_is_refused_before_anything_is_validated(argv, message, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr("hipskg.cli._validated", lambda args: pytest.fail("validated before the baseline was checked"))
    assert run(["validate", *argv], capsys) == (2, "", f"hipskg validate: {message}\n")


# --- matching results and the gate ----------------------------------------------------------------------------------


def result(severity: URIRef, focus: object, value: object = None, shape: str = "hipsh:S") -> Result:
    return Result(severity, focus, HIPS.p, "hips:p", value, "a message", SHAPES.S, shape)  # type: ignore[arg-type]


def report(*results: Result) -> Report:
    return Report(not any(r.severity == SH.Violation for r in results), results, None)  # type: ignore[arg-type]


def test_results_match_by_shape_focus_path_value_and_severity_never_by_a_blank_node_label():
    kept, moved = result(SH.Warning, BNode("a")), result(SH.Warning, ID.x, Literal("1"))
    comparison = compare(
        report(kept, moved, result(SH.Info, ID.y), result(SH.Warning, ID.x, Literal("1"))),
        report(result(SH.Warning, BNode("b")), result(SH.Warning, ID.x, Literal("1")), result(SH.Warning, ID.y)),
    )
    assert comparison == Comparison(
        new=(result(SH.Info, ID.y), result(SH.Warning, ID.x, Literal("1"))),
        gone=(result(SH.Warning, ID.y),),
        same=(kept, moved),
    )
    assert comparison.text() == "2 new, 1 gone, 2 the same"


def test_the_gate_refuses_on_violations_and_on_new_results_at_its_level():
    violation, old_warning, new_warning, info = (
        result(SH.Violation, ID.v),
        result(SH.Warning, ID.old),
        result(SH.Warning, ID.new),
        result(SH.Info, ID.i),
    )
    now = report(violation, old_warning, new_warning, info)
    against = compare(now, report(violation, old_warning))
    assert failing(now, "violation") == (violation,)
    assert failing(now, "warning") == (violation, old_warning, new_warning)
    assert failing(now, "warning", against) == (violation, new_warning)  # the published edition's own warning passed
    assert failing(now, "info", against) == (violation, new_warning, info)
    assert failing(report(old_warning), "warning", compare(report(old_warning), report(old_warning))) == ()
    with pytest.raises(BaselineError, match=r"^unknown level 'error': choose one of violation, warning, info$"):
        failing(now, "error")
