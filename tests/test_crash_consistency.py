"""Issue 11: ingest, load and release killed at any change they make to the file system leave the
old state or the new one, and the next run succeeds and leaves no temporaries.

Each command runs in a child process that kills itself (SIGKILL, no clean-up) just before its N-th
change (tests/killed.py); N goes through every change the ingest makes, every change the load
makes, and a spread of the release's. A kill between the renames of a publication leaves its
journal: the next reader completes it, so every command sees one edition or the other.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hipskg.cli import main
from hipskg.rdfio import publishing
from hipskg.store import open_store
from tests.helpers import snapshot

ROOT = Path(__file__).resolve().parents[1]
TIMESTAMPS = (b"prov:endedAtTime", b"prov:generatedAtTime", b"prov:invalidatedAtTime")  # the last: when a tombstone's entity left
GROUPS = 4  # the kill points of one command are shared out among this many tests (xdist runs them side by side)


def hipskg_killed_at(change: int, *argv: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tests.killed", str(change), *map(str, argv)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def changes_made(run: subprocess.CompletedProcess) -> int:
    assert run.returncode == 0, run.stderr
    return int(run.stderr.rsplit("changes: ", 1)[1])


def content(folder: Path) -> dict[str, bytes]:
    """The visible files of ``folder``, without the lines that only say when an ingest ran."""
    return {
        name: b"".join(line for line in data.splitlines(keepends=True) if not any(mark in line for mark in TIMESTAMPS))
        for name, data in snapshot(folder).items()
        if not any(part.startswith(".") for part in Path(name).parts)
    }


def hidden(folder: Path) -> list[str]:
    """Temporaries, journals, lock files and half-built folders: what a clean run never leaves."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".*"))


@pytest.fixture(scope="module")
def ingest_case(seeds, tmp_path_factory):
    """An edition that changes three files of data/ (a school gone: its graph, the labels, a new tombstone), the data
    folder before it and after it, and how many changes the ingest makes."""
    root = tmp_path_factory.mktemp("ingest")
    edition = root / "sources"
    shutil.copytree(seeds, edition)
    arrangements = edition / "002_dcdc1f87d6fb1b24.txt"
    arrangements.chmod(0o644)
    arrangements.write_text(arrangements.read_text(encoding="utf-8").replace("- Cantell School\n", ""), encoding="utf-8")
    before = root / "before"
    shutil.copytree(ROOT / "data", before)
    warm = root / "warm"  # a first run fills hipskg's cache (the SPARQL analyses), whose writes a later run does not make
    shutil.copytree(before, warm)
    changes_made(hipskg_killed_at(0, "ingest", edition, "--data", warm))
    after = root / "after"
    shutil.copytree(before, after)
    count = changes_made(hipskg_killed_at(0, "ingest", edition, "--data", after))
    return edition, before, content(before), content(after), count


@pytest.mark.parametrize("group", range(GROUPS))
def test_a_killed_ingest_leaves_the_old_or_the_new_edition(ingest_case, group, tmp_path, capsys):
    edition, before, old, new, count = ingest_case
    assert old != new and count >= 8
    for change in range(1 + group, count + 1, GROUPS):
        data = tmp_path / f"killed-at-{change}"
        shutil.copytree(before, data)
        run = hipskg_killed_at(change, "ingest", edition, "--data", data)
        assert run.returncode == -9, (change, run.stderr)
        if change == count - 2:  # killed between the renames of the changed files (then: journal gone, lock let go)
            assert publishing(data) and content(data) not in (old, new), run.stderr
        if publishing(data):  # killed among the renames: the next reader completes the publication
            assert main(["validate", "--data", str(data)]) == 0, change
            assert content(data) == new and not publishing(data), change
        assert content(data) in (old, new), change
        assert main(["ingest", str(edition), "--data", str(data)]) == 0, change
        assert content(data) == new and hidden(data) == [], change
    capsys.readouterr()


@pytest.fixture(scope="module")
def release_case(tmp_path_factory):
    root = tmp_path_factory.mktemp("release")
    reference = root / "reference"
    count = changes_made(hipskg_killed_at(0, "release", reference, "--date", "2026-12-01"))
    return snapshot(reference), count


@pytest.mark.parametrize("group", range(GROUPS))
def test_a_killed_release_leaves_no_release_or_a_whole_one(release_case, group, tmp_path, capsys):
    whole, count = release_case
    points = sorted({1, count // 2, count - 1, count})  # staging begun, half written, renamed into place, lock let go
    for change in points[group::GROUPS]:
        target = tmp_path / f"killed-at-{change}" / "release"
        run = hipskg_killed_at(change, "release", target, "--date", "2026-12-01")
        assert run.returncode == -9, (change, run.stderr)
        assert not target.exists() or snapshot(target) == whole, change
        assert main(["release", str(target), "--date", "2026-12-01", "--replace"]) == 0, change
        assert snapshot(target) == whole and hidden(target.parent) == [], change
    capsys.readouterr()


def test_a_killed_load_is_redone_by_the_next(tmp_path, capsys):
    assert main(["load", "--store", f"oxigraph:{tmp_path / 'reference'}"]) == 0  # with the inferred facts, as load keeps them
    reference = open_store(f"oxigraph:{tmp_path / 'reference'}")
    expected = reference.graphs()
    reference.close()
    count = changes_made(hipskg_killed_at(0, "load", "--store", f"oxigraph:{tmp_path / 'counted'}"))
    for change in range(1, count + 1):
        folder = tmp_path / f"killed-at-{change}"
        run = hipskg_killed_at(change, "load", "--store", f"oxigraph:{folder}")
        assert run.returncode == -9, (change, run.stderr)
        assert main(["load", "--store", f"oxigraph:{folder}"]) == 0, change
        store = open_store(f"oxigraph:{folder}")
        assert store.graphs() == expected, change
        store.close()
        assert hidden(folder) == [], change
    capsys.readouterr()
