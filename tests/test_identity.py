"""Persistent IRIs: an entity that leaves the sources stays as a tombstone, a rename is detected and reviewed, the
steward's decisions in data/curated/renames.ttl are applied (or refused with the file and line), the shrink guard
still counts real losses, catalogue answers ignore tombstones, and a release keeps every IRI of the previous one.

The steward's case of issue 15: a copy of the sources where the brochure's "Analysis of Risk" (an eLearning course
listed under five themes) is renamed "Analysing Risk".
"""

import contextlib
import io
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

import hipskg
from hipskg import dataset, release
from hipskg.catalogue import catalogue, successors
from hipskg.cli import main
from hipskg.namespaces import HIPS, ID, TOMBSTONES_GRAPH
from tests.helpers import snapshot
from tests.test_catalogue import example_params

ROOT = Path(__file__).resolve().parents[1]
BROCHURE = "003_792df8d67c6bd058.txt"
OLD = ID["course/analysis-of-risk"]
NEW = ID["course/analysing-risk"]
RENAMES = """@prefix course: <https://w3id.org/hipskg/id/course/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .

# 003, TRAINING / eLearning of five themes: "Analysis of Risk" became "Analysing Risk"
"""


def run(*arguments: str) -> tuple[int, str]:
    """hipskg with ``arguments``: its exit status and standard output."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main(list(arguments))
    return status, out.getvalue()


def edited(seeds: Path, folder: Path, old: str, new: str) -> Path:
    shutil.copytree(seeds, folder)
    path = folder / BROCHURE
    path.chmod(0o644)
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 5
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def renamed_sources(seeds, tmp_path_factory) -> Path:
    return edited(seeds, tmp_path_factory.mktemp("renamed") / "sources", "- Analysis of Risk\n", "- Analysing Risk\n")


@pytest.fixture(scope="module")
def published(renamed_sources, tmp_path_factory) -> Path:
    """A copy of the committed data after an ingest of the renamed edition."""
    data = tmp_path_factory.mktemp("published") / "data"
    shutil.copytree(ROOT / "data", data)
    status, _ = run("ingest", str(renamed_sources), "--data", str(data))
    assert status == 0
    return data


def copy(data: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data, target)
    return target


RENAME_BLOCK = """\
renamed? course:analysis-of-risk "Analysis of Risk" -> course:analysing-risk "Analysing Risk"  [hips:ELearning]
  hipsg:hscp-practice-development-brochure-2026-2027
    - rdfs:label "Analysis of Risk"@en
    + rdfs:label "Analysing Risk"@en
  hipsg:labels
    - skos:prefLabel "Analysis of Risk"@en
    + skos:prefLabel "Analysing Risk"@en
  its IRI is kept as a tombstone
  5 statements of other entities now name course:analysing-risk
  to confirm, add to data/curated/renames.ttl: course:analysis-of-risk dcterms:isReplacedBy course:analysing-risk .
  if it is not a rename, add instead:          course:analysis-of-risk owl:differentFrom course:analysing-risk .
"""


def test_the_dry_run_shows_a_labelled_rename_candidate(renamed_sources, data):
    before = snapshot(data)
    status, out = run("ingest", str(renamed_sources), "--data", str(data), "--dry-run")
    assert status == 0
    data_line, *lines = out.splitlines()
    assert data_line == f"data: {data} (given with --data)"
    assert lines[0] == "1 entity changed in 3 named graphs, 4 statements: 0 added, 0 removed, 0 changed, 1 renamed"
    assert lines[2:4] == ["class           added  removed  changed  renamed", "hips:ELearning      0        0        0        1"]
    assert RENAME_BLOCK in out
    assert "provenance bookkeeping, not counted as content: hips:sha256 1, prov:endedAtTime 1, prov:generatedAtTime 1\n" in out
    assert lines[-5] == lines[0]  # the same count closes the review, before the files it would write
    assert lines[-4:] == [
        f"would write {data / 'sources' / 'hscp-practice-development-brochure-2026-2027.ttl'} (3300 triples)",
        f"would write {data / 'labels.ttl'} (1001 triples)",
        f"would write {data / 'tombstones.ttl'} (9 triples)",
        (
            "7 generated files: 3 would change, 4 unchanged; validation: conforms: 0 violations, 80 warnings, 9 infos "
            "(0 new, 0 gone, 89 the same since the published data)"
        ),
    ]
    assert snapshot(data) == before


TOMBSTONE = """\
course:analysis-of-risk
    a hips:Tombstone ;
    dcterms:isReplacedBy course:analysing-risk ;
    owl:deprecated true ;
    skos:prefLabel "Analysis of Risk"@en ;
    prov:invalidatedAtTime "TIME"^^xsd:dateTime ;
    hips:formerType hips:ELearning, hips:TrainingCourse .
"""


def test_after_the_ingest_the_old_iri_is_deprecated_and_replaced_by_the_new(published):
    text = (published / "tombstones.ttl").read_text(encoding="utf-8")
    assert re.sub(r'"\d{4}-\d\d-\d\dT[0-9:]+\+00:00"', '"TIME"', text).endswith("\n\n" + TOMBSTONE)
    ds = dataset.load(published)
    assert (OLD, OWL.deprecated, Literal(True)) in ds.graph(TOMBSTONES_GRAPH)
    assert (OLD, DCTERMS.isReplacedBy, NEW) in ds.graph(TOMBSTONES_GRAPH)
    assert set(ds.objects(OLD, RDF.type)) == {HIPS.Tombstone}  # no longer a course for any query
    assert (NEW, RDF.type, HIPS.ELearning) in ds
    assert successors(dataset.union(ds)) == {OLD: NEW}


def test_reingesting_the_same_edition_changes_no_byte(published, renamed_sources, tmp_path):
    data = copy(published, tmp_path)
    before = snapshot(data)
    status, out = run("ingest", str(renamed_sources), "--data", str(data))
    assert status == 0
    assert out.splitlines()[1] == "no differences"
    assert out.endswith(
        "7 generated files: 0 changed, 7 unchanged; validation: conforms: 0 violations, 80 warnings, 9 infos "
        "(0 new, 0 gone, 89 the same since the published data)\n"
    )
    assert snapshot(data) == before


def test_diff_of_the_two_editions_shows_the_rename(published):
    status, out = run("diff", str(ROOT / "data"), str(published))
    assert status == 1
    assert RENAME_BLOCK in out


def test_a_confirmed_rename_is_a_rename(published, renamed_sources, tmp_path):
    data = copy(published, tmp_path)
    (data / "curated" / "renames.ttl").write_text(
        RENAMES + "course:analysis-of-risk dcterms:isReplacedBy course:analysing-risk .\n", encoding="utf-8"
    )
    tombstones = (data / "tombstones.ttl").read_bytes()
    status, out = run("ingest", str(renamed_sources), "--data", str(data))
    assert (status, out.splitlines()[1]) == (0, "no differences")
    assert (data / "tombstones.ttl").read_bytes() == tombstones
    status, out = run("diff", str(ROOT / "data"), str(data))
    assert (
        'renamed course:analysis-of-risk "Analysis of Risk" -> course:analysing-risk "Analysing Risk"  [hips:ELearning]\n' in out
    )
    assert "to confirm" not in out


def test_a_pair_marked_not_a_rename_leaves_a_tombstone_without_successor(published, renamed_sources, tmp_path):
    data = copy(published, tmp_path)
    (data / "curated" / "renames.ttl").write_text(
        RENAMES + "course:analysis-of-risk owl:differentFrom course:analysing-risk .\n", encoding="utf-8"
    )
    status, out = run("ingest", str(renamed_sources), "--data", str(data))
    assert status == 0
    assert (
        'changed course:analysis-of-risk "Analysis of Risk"  [hips:Tombstone]\n  hipsg:tombstones\n    - dcterms:isReplacedBy course:analysing-risk "Analysing Risk"\n'
        in out
    )
    ds = dataset.load(data)
    assert (OLD, OWL.deprecated, Literal(True)) in ds
    assert ds.value(OLD, DCTERMS.isReplacedBy) is None
    status, out = run("diff", str(ROOT / "data"), str(data))
    assert 'removed course:analysis-of-risk "Analysis of Risk"  [hips:ELearning]\n' in out
    assert 'added course:analysing-risk "Analysing Risk"  [hips:ELearning]\n' in out


def test_an_entity_back_in_the_sources_is_no_tombstone(published, seeds, tmp_path):
    data = copy(published, tmp_path)
    status, out = run("ingest", str(seeds), "--data", str(data))
    assert status == 0
    assert (
        'renamed? course:analysing-risk "Analysing Risk" -> course:analysis-of-risk "Analysis of Risk"  [hips:ELearning]\n' in out
    )
    ds = dataset.load(data)
    assert (OLD, RDF.type, HIPS.ELearning) in ds and (OLD, OWL.deprecated, None) not in ds
    assert (NEW, DCTERMS.isReplacedBy, OLD) in ds.graph(TOMBSTONES_GRAPH)


@pytest.mark.parametrize(
    "statements, message",
    [
        (
            "course:analysis-of-risk dcterms:isReplacedBy course:analysing-rsk .\n",
            (
                "{renames}:7: course:analysis-of-risk dcterms:isReplacedBy course:analysing-rsk: course:analysing-rsk is "
                "not in the new edition (did you mean course:analysing-risk?): correct the IRI"
            ),
        ),
        (
            "course:record-keeping dcterms:isReplacedBy course:analysing-risk .\n",
            (
                "{renames}:7: course:record-keeping dcterms:isReplacedBy course:analysing-risk: course:record-keeping is "
                "still in the sources: a rename names an IRI that left them; remove the statement"
            ),
        ),
        (
            "course:analysis-of-risk dcterms:isReplacedBy course:analysing-risk , course:record-keeping .\n",
            (
                "{renames}:7: course:analysis-of-risk dcterms:isReplacedBy course:record-keeping: course:analysis-of-risk "
                "already has a successor, course:analysing-risk: keep one"
            ),
        ),
        (
            'course:analysis-of-risk dcterms:title "Analysis"@en .\n',
            (
                '{renames}:7: course:analysis-of-risk dcterms:title "Analysis"@en: renames.ttl holds only '
                "dcterms:isReplacedBy or owl:differentFrom statements: move this one to another curated file"
            ),
        ),
        (
            "course:analysis-of-risk dcterms:isReplacedBy .\n",
            "{renames}:7:45: objectList expected",
        ),
    ],
)
def test_a_decision_that_cannot_stand_stops_the_ingest_naming_file_and_line(renamed_sources, data, capsys, statements, message):
    renames = data / "curated" / "renames.ttl"
    renames.write_text(RENAMES + "\n" + statements, encoding="utf-8")
    before = snapshot(data)
    assert main(["ingest", str(renamed_sources), "--data", str(data)]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"hipskg ingest: {message.format(renames=renames)}\n")
    assert snapshot(data) == before


def test_the_shrink_guard_counts_live_entities_not_tombstones(published, renamed_sources, seeds, tmp_path):
    """With tombstones in the folder, a school dropped is still a loss; a tombstone dropped (its entity back in the
    sources) is none: the guard names the graph that loses a live entity, never hipsg:tombstones."""
    data = copy(published, tmp_path)
    fewer = tmp_path / "fewer"
    shutil.copytree(renamed_sources, fewer)
    path = fewer / "002_dcdc1f87d6fb1b24.txt"
    path.chmod(0o644)
    path.write_text(path.read_text(encoding="utf-8").replace("- Cantell School\n", ""), encoding="utf-8")
    status, out = run("ingest", str(fewer), "--data", str(data), "--dry-run", "--max-shrink", "0")
    assert status == 2
    assert out.splitlines()[0] == "hipsg:scasp-safeguarding-arrangements would lose 1 of its 299 entities (0.3%):"
    status, out = run("ingest", str(seeds), "--data", str(data), "--dry-run", "--max-shrink", "0")
    assert status == 2  # analysing-risk leaves the brochure (a rename back counts as a loss: a cut name looks renamed)
    assert out.startswith("hipsg:hscp-practice-development-brochure-2026-2027 would lose 1 of its ")
    assert "hipsg:tombstones" not in out


def test_catalogue_answers_do_not_count_tombstones(published, tmp_path):
    """Every catalogue query gives the same rows whether the tombstones are there or not."""
    without = copy(published, tmp_path)
    (without / "tombstones.ttl").unlink()
    with hipskg.open(published) as kept, hipskg.open(without) as bare:
        for name, query in sorted(catalogue().items()):
            params = example_params(query.example)
            assert kept.query(name, **params).text() == bare.query(name, **params).text(), name


def test_a_release_keeps_every_iri_of_the_previous_one(published, tmp_path):
    previous = tmp_path / "previous.nq"
    assert main(["export", "--data", str(ROOT / "data"), "--format", "nq", "--output", str(previous)]) == 0
    assert OLD in release.published_iris(previous)
    bundle = release.assemble(published, issued=date(2026, 12, 1), previous=previous, base_url="https://kg.example.org/")
    rules = bundle.files["w3id/.htaccess"].decode("utf-8")
    assert "RewriteRule ^id/course/analysis\\-of\\-risk$ https://kg.example.org/id/course/analysing-risk [R=303,L]\n" in rules
    gone = copy(published, tmp_path)
    (gone / "tombstones.ttl").unlink()
    with pytest.raises(release.IrisDropped) as refused:
        release.assemble(gone, issued=date(2026, 12, 1), previous=previous)
    assert refused.value.missing == [OLD]
    assert str(refused.value) == (
        f"1 IRI of the previous release ({previous}) would no longer resolve: course:analysis-of-risk: keep each entity, "
        "or its tombstone (an ingest keeps one for every entity that leaves the sources; an entity deleted from "
        "data/curated/ needs one written there: docs/review.md); nothing was written"
    )


def test_the_release_command_refuses_and_writes_nothing(published, tmp_path, capsys):
    previous = tmp_path / "previous.nq"
    assert main(["export", "--data", str(ROOT / "data"), "--format", "nq", "--output", str(previous)]) == 0
    gone = copy(published, tmp_path)
    (gone / "tombstones.ttl").unlink()
    target = tmp_path / "release"
    capsys.readouterr()
    assert main(["release", str(target), "--data", str(gone), "--previous", str(previous), "--date", "2026-12-01"]) == 2
    out, err = capsys.readouterr()
    assert out == f"data: {gone} (given with --data)\ncourse:analysis-of-risk\n"
    assert err.startswith(f"hipskg release: 1 IRI of the previous release ({previous}) would no longer resolve: ")
    assert not target.exists()


def test_a_previous_release_that_is_not_one_is_named(tmp_path, capsys):
    assert main(["release", str(tmp_path / "out"), "--previous", str(tmp_path), "--date", "2026-12-01"]) == 2
    assert capsys.readouterr().err == (
        f"hipskg release: {tmp_path}: not a hipskg release (no data/hipskg.nq): give a release folder or its data file\n"
    )


def test_tombstone_labels_stay_out_of_the_label_lookups_of_parameters(published):
    with hipskg.open(published) as kg:
        assert (
            kg.query("training-covering", tool="CERAF").rows
            == hipskg.open(ROOT / "data").query("training-covering", tool="CERAF").rows
        )
        labels = {row[0] for row in kg.query("SELECT ?l WHERE { ?c a hips:TrainingCourse ; skos:prefLabel ?l }").rows}
    assert "Analysing Risk" in labels and "Analysis of Risk" not in labels
    assert SKOS.prefLabel  # the tombstone keeps its label for its page and for search


# --- tombstones written by hand: no seeds needed ---------------------------------------------------------------------

CERAF_COURSE = "introduction-to-the-child-exploitation-risk-assessment-framework"
HAND_TOMBSTONES = f"""@prefix hips: <https://w3id.org/hipskg/def#> .
@prefix course: <https://w3id.org/hipskg/id/course/> .
@prefix document: <https://w3id.org/hipskg/id/document/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

course:ceraf-introduction a hips:Tombstone ; owl:deprecated true ; hips:formerType hips:Webinar ;
    skos:prefLabel "CERAF: An Introduction"@en ; prov:invalidatedAtTime "2026-12-01T10:00:00+00:00"^^xsd:dateTime ;
    dcterms:isReplacedBy course:ceraf-introduction-2 .
course:ceraf-introduction-2 a hips:Tombstone ; owl:deprecated true ; hips:formerType hips:Webinar ;
    prov:invalidatedAtTime "2026-12-02T10:00:00+00:00"^^xsd:dateTime ;
    dcterms:isReplacedBy course:{CERAF_COURSE} .
document:continuum-of-need-2019 a hips:Tombstone ; owl:deprecated true ; hips:formerType hips:Guidance ;
    skos:prefLabel "Continuum of Need 2019"@en ; prov:invalidatedAtTime "2026-12-01T10:00:00+00:00"^^xsd:dateTime ;
    dcterms:isReplacedBy document:continuum-of-need .
document:withdrawn-leaflet a hips:Tombstone ; owl:deprecated true ; hips:formerType hips:Leaflet ;
    skos:prefLabel "A withdrawn leaflet"@en ; prov:invalidatedAtTime "2026-12-01T10:00:00+00:00"^^xsd:dateTime .
"""


@pytest.fixture(scope="module")
def by_hand(tmp_path_factory) -> Path:
    """The committed data with four tombstones: a chain of two renames, a document renamed, a leaflet gone."""
    data = tmp_path_factory.mktemp("by-hand") / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "tombstones.ttl").write_text(HAND_TOMBSTONES, encoding="utf-8")
    return data


def test_tombstones_validate(by_hand, capsys):
    assert main(["validate", "--data", str(by_hand)]) == 0
    assert "conforms: 0 violations, 80 warnings, 9 infos" in capsys.readouterr().out


@pytest.mark.parametrize(
    "extra, message",
    [
        ("course:ceraf-introduction a hips:Webinar .\n", "Violation rdf:type = hips:Webinar: is a tombstone, yet the data"),
        (
            "document:withdrawn-leaflet dcterms:isReplacedBy document:nowhere .\n",
            "Violation dcterms:isReplacedBy = document:nowhere",
        ),
        ("document:withdrawn-leaflet owl:deprecated false .\n", "a tombstone is deprecated: owl:deprecated true"),
    ],
)
def test_a_broken_tombstone_is_a_violation(by_hand, tmp_path, capsys, extra, message):
    data = copy(by_hand, tmp_path)
    with (data / "tombstones.ttl").open("a", encoding="utf-8") as turtle:
        turtle.write(extra)
    assert main(["validate", "--data", str(data)]) == 1
    assert message in capsys.readouterr().out


def test_catalogue_answers_ignore_tombstones_written_by_hand(by_hand):
    with hipskg.open(by_hand) as kept, hipskg.open(ROOT / "data") as bare:
        for name, query in sorted(catalogue().items()):
            params = example_params(query.example)
            assert kept.query(name, **params).text() == bare.query(name, **params).text(), name


def test_successors_follow_chains(by_hand):
    found = successors(dataset.union(dataset.load(by_hand)))
    assert found == {
        ID["course/ceraf-introduction"]: ID[f"course/{CERAF_COURSE}"],
        ID["course/ceraf-introduction-2"]: ID[f"course/{CERAF_COURSE}"],
        ID["document/continuum-of-need-2019"]: ID["document/continuum-of-need"],
    }


def test_serve_redirects_a_renamed_iri_and_describes_its_tombstone(by_hand):
    import http.client
    from urllib.parse import urlsplit

    from tests.web_server import hipskg_server

    with hipskg_server(by_hand) as url:
        host = urlsplit(url)
        connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)

        def get(path: str, accept: str = "text/html") -> tuple[int, str | None, str]:
            connection.request("GET", path, headers={"Accept": accept})
            response = connection.getresponse()
            return response.status, response.getheader("Location"), response.read().decode("utf-8")

        try:
            for path in (
                "/id/course/ceraf-introduction",
                "/id/course/ceraf-introduction-2",
                "/id/course/ceraf-introduction.html",
            ):
                assert get(path)[:2] == (303, f"/id/course/{CERAF_COURSE}"), path
            assert get("/id/document/withdrawn-leaflet")[:2] == (200, None)  # no successor: its own page
            status, _, turtle = get("/id/course/ceraf-introduction", "text/turtle")
        finally:
            connection.close()
    assert status == 200
    assert "dcterms:isReplacedBy course:ceraf-introduction-2" in turtle and "owl:deprecated true" in turtle


def test_two_identical_ingests_a_minute_apart_differ_in_no_content(seeds, tmp_path, capsys):
    from datetime import UTC, datetime, timedelta

    from hipskg.ingest.run import ingest

    moment = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    folders = []
    for minutes in (0, 1):
        folder = tmp_path / f"ingest-{minutes}"
        shutil.copytree(ROOT / "data" / "curated", folder / "curated")
        ingest(seeds, folder, now=lambda minutes=minutes: moment + timedelta(minutes=minutes))
        folders.append(str(folder))
    assert main(["diff", *folders]) == 0
    assert capsys.readouterr().out == (
        "no content change\nprovenance bookkeeping, not counted as content: prov:endedAtTime 5, prov:generatedAtTime 1\n"
    )


def test_a_dry_run_as_json_writes_the_document_alone_on_standard_output(renamed_sources, data, capsys):
    import json

    assert main(["ingest", str(renamed_sources), "--data", str(data), "--dry-run", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    review = json.loads(out)
    assert [(e["change"], e["name"], e["successor"]["name"]) for e in review["entities"]] == [
        ("renamed?", "course:analysis-of-risk", "course:analysing-risk")
    ]
    assert (len(review["duplicates"]), review["earlier_duplicates"]) == (0, 13)  # the rename brings no new pair
    assert err.endswith(
        "7 generated files: 3 would change, 4 unchanged; validation: conforms: 0 violations, 80 warnings, 9 infos "
        "(0 new, 0 gone, 89 the same since the published data)\n"
    )
