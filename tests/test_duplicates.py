"""Possible duplicates: labels of one family that no spelling rule merges but that read alike, the steward's merge
or "distinct" in data/curated/duplicates.ttl, and how many pairs the real data gives at the thresholds."""

import contextlib
import io
import shutil
from pathlib import Path

import pytest

from hipskg import dataset
from hipskg.cli import main
from hipskg.ingest.decisions import Decisions
from hipskg.ingest.duplicates import SHARED, SIMILARITY, content_words, near_duplicates, shared_words
from hipskg.ingest.identity import Edition
from hipskg.namespaces import compact
from hipskg.suggest import alike_pairs
from tests.helpers import snapshot

ROOT = Path(__file__).resolve().parents[1]
BROCHURE = "003_792df8d67c6bd058.txt"
# the last course of the eLearning list of the brochure's first theme, A Multi-Agency Approach to Safeguarding
ANCHOR = "- Managing Allegations and Working with the LADO\n- Record Keeping\n"
DUPLICATES = """@prefix course: <https://w3id.org/hipskg/id/course/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .

# 003 A Multi-Agency Approach to Safeguarding, TRAINING / eLearning: the course Neglect and Safeguarding Infants list
"""


def score(first: str, second: str) -> tuple[float, float]:
    """The token-set similarity and the shared words of two labels, as the report computes them."""
    a, b = content_words(first), content_words(second)
    found = alike_pairs([" ".join(a), " ".join(b)], cutoff=0)
    return (found[0][2] if found else 0.0), shared_words(a, b)


def reported(first: str, second: str) -> bool:
    similarity, shared = score(first, second)
    numbers = [{word for word in content_words(label) if word.isdigit()} for label in (first, second)]
    return similarity >= SIMILARITY and shared >= SHARED and numbers[0] == numbers[1]


@pytest.mark.parametrize(
    "first, second, expected",
    [
        ("Every Sleep Counts: An Introduction", "An Introduction to Every Sleep Counts", (100.0, 1.0)),
        ("Fairisle Infant & Nursery School", "Fairisle Infants & Nursery School, Fairisle", (98.0, 1.0)),
        # a short label and a longer one holding it: token-set similarity alone says 100
        ("Domestic Abuse", "Recognising and Responding to Perpetrators of Domestic Abuse", (100.0, 0.4)),
        # two schools one word apart
        ("Bitterne Manor Primary School", "Bitterne Park Primary School", (91.0, 0.75)),
    ],
)
def test_scores_of_real_pairs(first, second, expected):
    similarity, shared = score(first, second)
    assert (round(similarity), round(shared, 2)) == expected


@pytest.mark.parametrize(
    "first, second, expected",
    [
        ("Every Sleep Counts: An Introduction", "An Introduction to Every Sleep Counts", True),
        ("Fairisle Infant & Nursery School", "Fairisle Infants & Nursery School, Fairisle", True),
        ("Domestic Abuse", "Recognising and Responding to Perpetrators of Domestic Abuse", False),
        ("Bitterne Manor Primary School", "Bitterne Park Primary School", False),
        ("Working Together to Safeguard Children 2018", "Working Together to Safeguard Children 2023", False),
    ],
)
def test_which_real_pairs_are_reported(first, second, expected):
    assert reported(first, second) is expected


def test_content_words_leave_out_the_minor_words():
    assert content_words("An Introduction to Every Sleep Counts") == ("counts", "every", "introduction", "sleep")
    assert content_words("Every Sleep Counts: An Introduction") == ("counts", "every", "introduction", "sleep")


def test_the_real_data_gives_thirteen_pairs():
    """Of the 68 thousand pairs of labels within a family of the committed data, the report names these 13."""
    edition = Edition({dataset.graph_name(g): g for g in dataset.load(ROOT / "data", ontology=False).graphs()})
    pairs = [(compact(d.kept.iri), d.kept.label, d.other.label) for d in near_duplicates(edition, Decisions())]
    assert [(kept, other) for _, kept, other in pairs] == [
        ("Child-on-Child Abuse Toolkit Tour", "Child Sexual Abuse Toolkit Tour"),
        ("An Introduction to Keeping Children Safe Online", "Keeping Children Safe Online"),
        ("An Introduction to Medical Assessments in Suspected Child Sexual Abuse", "Medical Assessments in Suspected Child Sexual Abuse"),
        ("An Introduction to Safeguarding Children with Excessive Weight", "Safeguarding Children with Excessive Weight"),
        ("The Practical Session on the Day in the Life Tool", "Day in the Life Tool (Practical Session)"),
        ("Protecting Childhood: Keeping Child Focused", "Protecting Childhood - Remaining Child Focused"),
        ("Understanding Unidentified Adults Toolkit", "Understanding Unidentified Adults Toolkit Tour"),
        ("guide to medical examinations in suspected child sexual abuse (CSA)", "HIPS Guide to Medical Examinations in Suspected Child Sexual Abuse"),
        ("Hampshire and Isle of Wight Safeguarding Children Partnerships and Children's Trust Thresholds Chart",
         "Hampshire Safeguarding Children Partnership and Children's Trust Thresholds Chart"),
        ("Busy Bee Pre School", "Busy Bee Pre School Millbrook"),
        ("Fairisle Infant & Nursery School", "Fairisle Infants & Nursery School, Fairisle"),
        ("Southampton Safeguarding Children Partnership", "Southampton Children and Adults Safeguarding Partnership"),
        ("Chairing of a HIPS Executive", "Chairing of the HIPS Executive"),
    ]  # fmt: skip


# --- the steward's case: a reworded duplicate added under one theme ----------------------------------------------


def run(*arguments: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main(list(arguments))
    return status, out.getvalue()


@pytest.fixture(scope="module")
def with_duplicate(seeds, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("duplicate") / "sources"
    shutil.copytree(seeds, folder)
    path = folder / BROCHURE
    path.chmod(0o644)
    text = path.read_text(encoding="utf-8")
    assert text.count(ANCHOR) == 1
    path.write_text(text.replace(ANCHOR, ANCHOR + "- Every Sleep Counts: An Introduction\n"), encoding="utf-8")
    return folder


ESC = """\
possible duplicate: "An Introduction to Every Sleep Counts" / "Every Sleep Counts: An Introduction"  [hips:ELearning; similarity 100, 100% of the words shared]
  course:introduction-to-every-sleep-counts "An Introduction to Every Sleep Counts"  hipsg:hscp-practice-development-brochure-2026-2027: Neglect / TRAINING / eLearning; Safeguarding Infants / TRAINING / eLearning
  course:every-sleep-counts-an-introduction "Every Sleep Counts: An Introduction"  hipsg:hscp-practice-development-brochure-2026-2027: A Multi-Agency Approach to Safeguarding / TRAINING / eLearning
  to merge, add to data/curated/duplicates.ttl: course:introduction-to-every-sleep-counts skos:altLabel "Every Sleep Counts: An Introduction"@en .
  if they are two, add instead:                 course:introduction-to-every-sleep-counts owl:differentFrom course:every-sleep-counts-an-introduction .
"""


def test_the_dry_run_reports_the_reworded_course_as_a_possible_duplicate(with_duplicate, data):
    before = snapshot(data)
    status, out = run("ingest", str(with_duplicate), "--data", str(data), "--dry-run")
    assert status == 0
    assert 'added course:every-sleep-counts-an-introduction "Every Sleep Counts: An Introduction"  [hips:ELearning]\n' in out
    assert ESC in out
    assert out.count("\npossible duplicate: ") == 1  # the pair this edition brings; the 13 of the real data counted
    assert f"\n{EARLIER}\n" in out
    assert snapshot(data) == before


EARLIER = "13 more possible duplicates the data held before this edition: hipskg ingest --dry-run --all-duplicates lists them"


def test_all_duplicates_lists_those_of_the_earlier_data_too(with_duplicate, data):
    status, out = run("ingest", str(with_duplicate), "--data", str(data), "--dry-run", "--all-duplicates")
    assert status == 0
    assert ESC in out
    assert out.count("\npossible duplicate: ") == 14
    assert "more possible duplicate" not in out


def test_an_unchanged_edition_lists_no_duplicate_and_counts_them(seeds, data):
    status, out = run("ingest", str(seeds), "--data", str(data), "--dry-run")
    assert status == 0
    assert "possible duplicate: " not in out
    assert out.splitlines()[1:3] == ["no differences", EARLIER]


def test_the_ingest_reports_it_too(with_duplicate, data):
    status, out = run("ingest", str(with_duplicate), "--data", str(data))
    assert status == 0
    assert ESC in out


def curate(data: Path, statement: str) -> None:
    """The steward's decision ``statement`` added to data/curated/duplicates.ttl."""
    (data / "curated" / "duplicates.ttl").write_text(DUPLICATES + statement, encoding="utf-8")


def test_a_merge_gives_both_labels_one_iri(with_duplicate, data):
    curate(data, 'course:introduction-to-every-sleep-counts skos:altLabel "Every Sleep Counts: An Introduction"@en .\n')
    status, out = run("ingest", str(with_duplicate), "--data", str(data), "--dry-run")
    assert status == 0
    assert "every-sleep-counts-an-introduction" not in out
    assert (
        'changed course:introduction-to-every-sleep-counts "An Introduction to Every Sleep Counts"  [hips:ELearning]\n'
        "  hipsg:hscp-practice-development-brochure-2026-2027\n"
        '    + rdfs:label "Every Sleep Counts: An Introduction"@en\n'
        '    + hips:sourceSection "A Multi-Agency Approach to Safeguarding / TRAINING / eLearning"\n'
        "  hipsg:labels\n"
        '    + skos:altLabel "Every Sleep Counts: An Introduction"@en\n'
    ) in out
    assert '    + hips:listsCourse course:introduction-to-every-sleep-counts "An Introduction to Every Sleep Counts"\n' in out


def test_a_merge_of_a_published_duplicate_keeps_its_iri_as_a_tombstone(with_duplicate, data):
    assert run("ingest", str(with_duplicate), "--data", str(data))[0] == 0
    curate(data, 'course:introduction-to-every-sleep-counts skos:altLabel "Every Sleep Counts: An Introduction"@en .\n')
    status, out = run("ingest", str(with_duplicate), "--data", str(data))
    assert status == 0
    assert (
        'renamed course:every-sleep-counts-an-introduction "Every Sleep Counts: An Introduction" -> '
        'course:introduction-to-every-sleep-counts "An Introduction to Every Sleep Counts"  [hips:ELearning]\n'
    ) in out
    tombstones = (data / "tombstones.ttl").read_text(encoding="utf-8")
    assert "course:every-sleep-counts-an-introduction\n    a hips:Tombstone ;\n" in tombstones
    assert "    dcterms:isReplacedBy course:introduction-to-every-sleep-counts ;\n" in tombstones


def test_a_pair_marked_distinct_is_not_reported_again(with_duplicate, data):
    curate(data, "course:introduction-to-every-sleep-counts owl:differentFrom course:every-sleep-counts-an-introduction .\n")
    status, out = run("ingest", str(with_duplicate), "--data", str(data), "--dry-run")
    assert status == 0
    assert 'Every Sleep Counts: An Introduction" / ' not in out and ' / "Every Sleep Counts: An Introduction"' not in out
    assert "possible duplicate: " not in out
    assert f"\n{EARLIER}\n" in out


@pytest.mark.parametrize(
    "statement, message",
    [
        (
            'course:every-sleep-counts skos:altLabel "Every Sleep Counts: An Introduction"@en .\n',
            (
                '{path}:6: course:every-sleep-counts skos:altLabel "Every Sleep Counts: An Introduction"@en: '
                "course:every-sleep-counts is not an entity of the sources (did you mean "
                "course:introduction-to-every-sleep-counts?): a merge gives a label to the entity that keeps its IRI"
            ),
        ),
        (
            "course:introduction-to-every-sleep-counts skos:altLabel course:every-sleep-counts-an-introduction .\n",
            (
                "{path}:6: course:introduction-to-every-sleep-counts skos:altLabel course:every-sleep-counts-an-introduction: "
                'a merged label is a string tagged @en, e.g. "Every Sleep Counts: An Introduction"@en'
            ),
        ),
    ],
)
def test_a_merge_that_cannot_stand_stops_the_ingest(with_duplicate, data, capsys, statement, message):
    path = data / "curated" / "duplicates.ttl"
    path.write_text(DUPLICATES + statement, encoding="utf-8")
    before = snapshot(data)
    assert main(["ingest", str(with_duplicate), "--data", str(data), "--dry-run"]) == 2
    assert capsys.readouterr() == ("", f"hipskg ingest: {message.format(path=path)}\n")
    assert snapshot(data) == before


# --- the validation results the edition brings, and the steward's gate on them ------------------------------------

NEW_WARNING = [
    "1 result new since the published data:",
    "",
    "hipsh:TrainingCourseShape ^hips:listsCourse  (1 result)",
    (
        '  course:every-sleep-counts-an-introduction "Every Sleep Counts: An Introduction"  '
        "[hipsg:hscp-practice-development-brochure-2026-2027 ({data}/sources/hscp-practice-development-brochure-2026-2027.ttl)]"
    ),
    "    Warning ^hips:listsCourse: listed under a single theme: check whether other themes should list it",
]


def test_the_dry_run_names_the_warning_the_edition_brings(with_duplicate, data):
    status, out = run("ingest", str(with_duplicate), "--data", str(data), "--dry-run")
    lines = out.splitlines()
    start = lines.index(NEW_WARNING[0])
    assert status == 0
    assert lines[start : start + len(NEW_WARNING) + 4] == [
        *(line.format(data=data) for line in NEW_WARNING),
        "",
        "0 results gone since the published data",
        "",
        "89 results as in the published data",
    ]
    assert lines[-1] == (
        "6 generated files: 2 would change, 4 unchanged; validation: conforms: 0 violations, 81 warnings, 9 infos "
        "(1 new, 0 gone, 89 the same since the published data)"
    )


def test_fail_on_warning_refuses_the_new_warning_and_writes_nothing(with_duplicate, data, capsys):
    before = snapshot(data)
    assert main(["ingest", str(with_duplicate), "--data", str(data), "--fail-on", "warning"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"data: {data} (given with --data)", *(line.format(data=data) for line in NEW_WARNING[2:])]
    assert err == (
        "hipskg ingest: 1 result (warning) new since the published data at --fail-on warning: nothing in data/ was "
        "changed; mend the source or the curated data, or give --fail-on violation to publish with them\n"
    )
    assert snapshot(data) == before


def test_fail_on_warning_passes_an_edition_with_only_the_warnings_already_published(seeds, data):
    status, out = run("ingest", str(seeds), "--data", str(data), "--fail-on", "warning")
    assert status == 0
    assert out.splitlines()[-1].endswith(
        "validation: conforms: 0 violations, 80 warnings, 9 infos (0 new, 0 gone, 89 the same since the published data)"
    )


def test_without_a_baseline_fail_on_counts_every_result(seeds, data, capsys):
    assert main(["ingest", str(seeds), "--data", str(data), "--fail-on", "warning", "--no-baseline", "--dry-run"]) == 1
    assert capsys.readouterr().err.startswith("hipskg ingest: 80 results (warning) at --fail-on warning: nothing in data/")


def test_a_baseline_folder_replaces_the_published_data(with_duplicate, data, tmp_path, capsys):
    """The duplicate edition published first: against it the same edition brings nothing new, against the committed
    data the warning."""
    earlier = tmp_path / "committed"
    shutil.copytree(data, earlier)
    assert run("ingest", str(with_duplicate), "--data", str(data))[0] == 0
    status, out = run("ingest", str(with_duplicate), "--data", str(data), "--dry-run", "--baseline", str(earlier))
    assert status == 0
    assert out.splitlines()[-1].endswith(f"(1 new, 0 gone, 89 the same since the baseline {earlier})")
    assert f"1 result new since the baseline {earlier}:" in out


def test_a_baseline_that_is_no_edition_stops_the_ingest_before_it_reads_the_sources(data, tmp_path, capsys):
    assert main(["ingest", str(tmp_path / "no-sources"), "--data", str(data), "--baseline", str(tmp_path / "none")]) == 2
    assert capsys.readouterr().err == (
        f"hipskg ingest: --baseline {tmp_path / 'none'}: no such folder: give the data folder of the last edition or a "
        "folder made by hipskg release\n"
    )
