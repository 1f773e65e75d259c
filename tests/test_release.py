"""`hipskg release`: a complete bundle whose description, checksums and data agree, written whole or not at all."""

import hashlib
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, VOID

from hipskg import redirects, release
from hipskg.cli import main
from hipskg.export import selected_graphs
from hipskg.namespaces import DATASET, HIPS, INFERRED_GRAPH, SD, SPDX, VCARD
from hipskg.rdfio import OutputError

from .helpers import snapshot

ROOT = Path(__file__).resolve().parents[1]
ISSUED = "2026-11-23"
BASE_URL = "https://hipskg.example.org/"
DATA_FILES = ["data/hipskg-inferred.ttl", "data/hipskg.jsonld", "data/hipskg.nq", "data/hipskg.trig", "data/hipskg.ttl"]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("release") / "hipskg-0.1.0"
    assert main(["release", str(target), "--date", ISSUED]) == 0
    return target


@pytest.fixture(scope="module")
def description(bundle) -> Graph:
    return Graph().parse(bundle / "dataset.ttl")


def test_the_bundle_holds_every_part(bundle):
    files = set(snapshot(bundle))
    assert {
        "README.md",
        "SHA256SUMS",
        "dataset.ttl",
        "ontology/hipskg.ttl",
        "ontology/hipskg-context.jsonld",
        "ontology/hipskg.html",
        "shapes/hipskg-shapes.ttl",
        "shapes/hipskg-sparql.ttl",
        *DATA_FILES,
    } <= files
    assert {f"queries/{p.name}" for p in (ROOT / "queries").glob("*.rq")} <= files
    assert not [name for name in os.listdir(bundle.parent) if name.startswith(".")]  # no staging folder left


def test_checksums_cover_every_other_file(bundle):
    lines = (bundle / "SHA256SUMS").read_text().splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines)
    assert set(listed) == set(snapshot(bundle)) - {"SHA256SUMS"}
    assert all(hashlib.sha256((bundle / path).read_bytes()).hexdigest() == digest for path, digest in listed.items())


def test_the_release_passes_validation_when_reloaded(bundle, capsys):
    assert main(["validate", str(bundle / "data" / "hipskg.trig")]) == 0
    assert main(["validate", str(bundle / "data" / "hipskg.jsonld")]) == 0
    assert "conforms: 0 violations, 80 warnings, 9 infos" in capsys.readouterr().out


def test_the_release_is_a_baseline_for_the_next_edition(bundle, capsys):
    """The same data: every result stays, none is new or gone."""
    assert main(["validate", "--baseline", str(bundle)]) == 0
    summary = capsys.readouterr().out.splitlines()[-1]
    assert summary.endswith(f"; baseline {bundle}: 0 violations, 80 warnings, 9 infos; 0 new, 0 gone, 89 the same)")


def test_the_trig_file_holds_the_built_named_graphs(bundle, built):
    loaded = Dataset()
    loaded.parse(bundle / "data" / "hipskg.trig", format="trig")
    assert {g.identifier: len(g) for g in loaded.graphs() if len(g)} == {g.identifier: len(g) for g in selected_graphs(built)}


def _integer(graph: Graph, node: URIRef, prop: URIRef) -> int:
    return int(graph.value(node, prop))


def test_the_description_counts_the_data(description, built):
    asserted = selected_graphs(built)
    assert _integer(description, DATASET, VOID.triples) == len({t for g in asserted for t in g}) == 8776
    counted = {
        description.value(s, SD.name): _integer(description, s, VOID.triples) for s in description.objects(DATASET, VOID.subset)
    }
    expected = {g.identifier: len(g) for g in asserted}
    assert {k: v for k, v in counted.items() if k != INFERRED_GRAPH} == expected
    assert counted[INFERRED_GRAPH] == 4102
    webinars = next(
        p for p in description.objects(DATASET, VOID.classPartition) if description.value(p, VOID["class"]) == HIPS.Webinar
    )
    assert _integer(description, webinars, VOID.entities) == 97
    cites = next(
        p for p in description.objects(DATASET, VOID.propertyPartition) if description.value(p, VOID.property) == HIPS.cites
    )
    assert _integer(description, cites, VOID.triples) == 106
    assert description.value(DATASET, OWL.versionInfo) == Literal("0.1.0")
    assert str(description.value(DATASET, URIRef(f"{DCAT}version"))) == "0.1.0"
    assert str(description.value(DATASET, URIRef("http://purl.org/dc/terms/issued"))) == ISSUED


def test_every_distribution_has_its_size_media_type_and_checksum(bundle, description):
    distributions = set(description.objects(DATASET, DCAT.distribution))
    assert len(distributions) == len(snapshot(bundle)) - 2  # all but the description itself and SHA256SUMS
    for node in distributions:
        path = str(description.value(node, URIRef("http://purl.org/dc/terms/identifier")))
        content = (bundle / path).read_bytes()
        assert _integer(description, node, DCAT.byteSize) == len(content)
        checksum = description.value(node, SPDX.checksum)
        assert str(description.value(checksum, SPDX.checksumValue)) == hashlib.sha256(content).hexdigest()
        assert description.value(node, DCAT.mediaType) is not None
    trig = URIRef(f"{DATASET}#distribution-data-hipskg.trig")
    assert description.value(trig, DCAT.mediaType) == URIRef("https://www.iana.org/assignments/media-types/application/trig")
    assert not [node for node in description.all_nodes() if isinstance(node, BNode)]  # stable IRIs, no blank nodes


def test_the_ontology_documentation_counts_usage(bundle, built):
    page = (bundle / "ontology" / "hipskg.html").read_text()
    ontology = Graph().parse(ROOT / "ontology" / "hipskg.ttl")
    terms = {
        t
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for t in ontology.subjects(RDF.type, kind)
        if str(t).startswith(str(HIPS))
    }
    assert all(f'id="{str(t).removeprefix(str(HIPS))}"' in page for t in terms)
    feeds = page.split('id="feedsInto"')[1].split("</section>")[0]
    assert "4 asserted, 30 with inferred" in feeds and "<code>hips:Organisation</code>" in feeds
    webinar = page.split('id="Webinar"')[1].split("</section>")[0]
    assert "97 asserted, 97 with inferred" in webinar
    assert str(ontology.value(HIPS.Webinar, RDFS.label)) in webinar
    codes = page.split('id="GSSCode"')[1].split("</section>")[0]  # the datatype of the areas' GSS codes
    assert "· datatype</p>" in codes and "4 asserted, 4 with inferred" in codes


def test_the_same_bytes_under_another_hash_seed(bundle, tmp_path):
    again = tmp_path / "again"
    subprocess.run(
        [sys.executable, "-m", "hipskg", "release", str(again), "--date", ISSUED],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONHASHSEED": "977"},
    )
    assert snapshot(again) == snapshot(bundle)


def test_an_occupied_folder_is_left_alone(tmp_path, capsys):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine")
    assert main(["release", str(tmp_path / "out"), "--date", ISSUED]) == 2
    assert capsys.readouterr().err == (
        f"hipskg release: {tmp_path / 'out'}: the folder is not empty; choose a new folder or add --replace to swap it whole\n"
    )
    assert snapshot(tmp_path / "out") == {"notes.txt": b"mine"}


def test_a_failed_write_leaves_no_partial_bundle(bundle, tmp_path, monkeypatch):
    written = []

    def failing(path: Path, content: bytes) -> None:
        if len(written) == 10:
            raise OSError(28, "No space left on device")
        written.append(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)

    monkeypatch.setattr(release, "_write_file", failing)
    copy = tmp_path / "current"
    shutil.copytree(bundle, copy)
    assembled = release.assemble(ROOT / "data", issued=date.fromisoformat(ISSUED))
    for target, replace in ((tmp_path / "new", False), (copy, True)):
        written.clear()
        with pytest.raises(OutputError, match="No space left on device; nothing was changed"):
            release.write(assembled, target, replace=replace)
    assert not (tmp_path / "new").exists()
    assert snapshot(copy) == snapshot(bundle)  # the release being replaced is untouched
    assert sorted(os.listdir(tmp_path)) == ["current"]


def test_data_with_violations_is_not_released(data, tmp_path, capsys):
    shutil.copy(
        ROOT / "tests" / "fixtures" / "shacl" / "invalid" / "two-meeting-frequencies.ttl", data / "curated" / "fixture.ttl"
    )
    assert main(["release", str(tmp_path / "out"), "--data", str(data), "--date", ISSUED]) == 1
    captured = capsys.readouterr()
    assert "hips:meetingFrequency" in captured.out and "fixture-executive" in captured.out
    assert captured.err == "hipskg release: the data does not conform to the shapes: no release was written\n"
    assert not (tmp_path / "out").exists()


def test_a_bad_date_is_a_usage_error(tmp_path, capsys):
    assert main(["release", str(tmp_path / "out"), "--date", "23/11/2026"]) == 2
    assert capsys.readouterr().err == "hipskg release: --date '23/11/2026': expected a date as YYYY-MM-DD\n"


@pytest.fixture(scope="module")
def bundle_with_redirects(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("release") / "hipskg-0.1.0"
    assert main(["release", str(target), "--date", ISSUED, "--base-url", BASE_URL.removesuffix("/")]) == 0
    return target


def test_without_a_base_url_there_are_no_redirect_rules(bundle):
    assert not (bundle / "w3id").exists()
    assert "w3id" not in (bundle / "README.md").read_text()


def test_a_base_url_adds_the_w3id_rules_listed_like_every_other_file(bundle, bundle_with_redirects, description):
    files, plain = snapshot(bundle_with_redirects), snapshot(bundle)
    assert files["w3id/.htaccess"] == redirects.htaccess(BASE_URL, version="0.1.0").encode("utf-8")
    assert {path for path in files if files[path] != plain.get(path)} == {
        "w3id/.htaccess",
        "README.md",
        "dataset.ttl",
        "SHA256SUMS",
    }
    readme = files["README.md"].decode("utf-8")
    assert "- `w3id/.htaccess`\n" in readme
    assert readme.endswith(
        "`w3id/.htaccess` makes the IRIs `https://w3id.org/hipskg/...` resolve to `hipskg serve` at https://hipskg.example.org/:\n"
        "copy it to `hipskg/.htaccess` in https://github.com/perma-id/w3id.org by pull request.\n"
    )
    digest = hashlib.sha256(files["w3id/.htaccess"]).hexdigest()
    assert f"{digest}  w3id/.htaccess\n" in files["SHA256SUMS"].decode("utf-8")
    described = Graph().parse(bundle_with_redirects / "dataset.ttl")
    node = URIRef(f"{DATASET}#distribution-w3id-.htaccess")
    assert described.value(node, DCAT.mediaType) == URIRef("https://www.iana.org/assignments/media-types/text/plain")
    assert _integer(described, node, DCAT.byteSize) == len(files["w3id/.htaccess"])
    assert (
        len(set(described.objects(DATASET, DCAT.distribution))) == len(set(description.objects(DATASET, DCAT.distribution))) + 1
    )


def test_a_bad_base_url_is_a_usage_error_and_nothing_is_built(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(release, "assemble", lambda *args, **kwargs: pytest.fail("assembled despite a bad --base-url"))
    assert main(["release", str(tmp_path / "out"), "--date", ISSUED, "--base-url", "hipskg.example.org"]) == 2
    assert capsys.readouterr().err == (
        "hipskg release: --base-url 'hipskg.example.org': expected an absolute http:// or https:// URL, "
        "e.g. https://hipskg.example.org/\n"
    )
    assert os.listdir(tmp_path) == []


# --- who publishes it, where, what it covers ------------------------------------------------------------

RELEASED = "https://w3id.org/hipskg/release/0.1.0/"


def test_the_description_names_publisher_contact_areas_examples_and_dumps(description):
    """Only what the project declares: the hipskg project at its home page; no invented person or address."""
    home = URIRef("https://w3id.org/hipskg/")
    publisher, contact = description.value(DATASET, DCTERMS.publisher), description.value(DATASET, DCAT.contactPoint)
    assert set(description.predicate_objects(publisher)) == {
        (RDF.type, FOAF.Agent),
        (FOAF.name, Literal("The hipskg project")),
        (FOAF.homepage, home),
    }
    assert set(description.predicate_objects(contact)) == {
        (RDF.type, VCARD.Kind),
        (VCARD.fn, Literal("The hipskg project")),
        (VCARD.hasURL, home),
    }
    assert sorted(map(str, description.objects(DATASET, DCTERMS.spatial))) == [
        "https://w3id.org/hipskg/id/area/hampshire",
        "https://w3id.org/hipskg/id/area/isle-of-wight",
        "https://w3id.org/hipskg/id/area/portsmouth",
        "https://w3id.org/hipskg/id/area/southampton",
    ]
    # the most connected procedure, course, theme and body
    assert sorted(map(str, description.objects(DATASET, VOID.exampleResource))) == [
        "https://w3id.org/hipskg/id/course/understanding-unidentified-adults",
        "https://w3id.org/hipskg/id/org/southampton-children-and-adults-safeguarding-partnership",
        "https://w3id.org/hipskg/id/procedure/1-1",
        "https://w3id.org/hipskg/id/theme/domestic-abuse",
    ]
    dumps = set(description.objects(DATASET, VOID.dataDump))
    assert dumps == {URIRef(f"{RELEASED}data/hipskg.{suffix}") for suffix in ("trig", "nq", "ttl", "jsonld")}
    downloads = {description.value(d, DCAT.downloadURL) for d in description.objects(DATASET, DCAT.distribution)}
    assert dumps < downloads  # each dump is a file of the release, with its size and checksum


def test_the_publisher_and_contact_given_on_the_command_line(tmp_path):
    target = tmp_path / "out"
    options = ["--publisher", "Example Partnership", "--publisher-url", "https://partnership.example.org/"]
    assert main(["release", str(target), "--date", ISSUED, *options, "--contact", "data@partnership.example.org"]) == 0
    described = Graph().parse(target / "dataset.ttl")
    publisher, contact = described.value(DATASET, DCTERMS.publisher), described.value(DATASET, DCAT.contactPoint)
    assert set(described.predicate_objects(publisher)) == {
        (RDF.type, FOAF.Agent),
        (FOAF.name, Literal("Example Partnership")),
        (FOAF.homepage, URIRef("https://partnership.example.org/")),
    }
    assert set(described.predicate_objects(contact)) == {
        (RDF.type, VCARD.Kind),
        (VCARD.fn, Literal("Example Partnership")),
        (VCARD.hasEmail, URIRef("mailto:data@partnership.example.org")),
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--contact", "the office"],
            "--contact 'the office': expected an email address or a web page (an http:// or https:// URL)",
        ),
        (
            ["--contact", "https://example.org/a page"],
            "--contact 'https://example.org/a page': contains U+0020 SPACE, which no IRI may hold (write it %-encoded, e.g. %20 for a space)",
        ),
        (
            ["--publisher-url", "partnership.example.org"],
            "--publisher-url 'partnership.example.org': expected an http:// or https:// URL with a host, e.g. https://hipskg.example.org/",
        ),
        (["--publisher", " "], "--publisher ' ': give the publisher's name"),
    ],
)
def test_a_bad_publisher_option_is_a_usage_error_and_nothing_is_built(tmp_path, capsys, monkeypatch, options, message):
    monkeypatch.setattr(release, "assemble", lambda *args, **kwargs: pytest.fail("assembled despite a bad option"))
    assert main(["release", str(tmp_path / "out"), "--date", ISSUED, *options]) == 2
    assert capsys.readouterr().err == f"hipskg release: {message}\n"
