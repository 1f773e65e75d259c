"""One data location: every command finds the project's data by the same rule and says which it used."""

import shutil
from pathlib import Path

import pytest

from hipskg import resources
from hipskg.cli import main
from hipskg.project import Project, ProjectError, find, start

from .helpers import ROOT


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder made by hipskg init, with a subfolder as the working directory."""
    monkeypatch.delenv("HIPSKG_STORE", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["init", "edition"]) == 0
    (tmp_path / "edition" / "notes").mkdir()
    monkeypatch.chdir(tmp_path / "edition" / "notes")
    return tmp_path / "edition"


def test_data_given_is_used_as_given(tmp_path):
    assert find(tmp_path / "mine", start=ROOT) == Project(tmp_path / "mine", "--data")


def test_a_checkout_is_found_from_any_of_its_folders(monkeypatch):
    monkeypatch.chdir(ROOT / "docs")
    found = find()
    assert (found.data, found.found_by, found.root) == (ROOT / "data", "checkout", ROOT)
    assert found.describe() == f"data: {ROOT / 'data'} (the hipskg checkout at {ROOT})"
    monkeypatch.chdir(ROOT)
    assert find().data == Path("data")  # below the working directory: as a user would type it


def test_outside_any_project_the_installed_data_is_read_only(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    found = find()
    assert (found.data, found.found_by, found.writable) == (resources.folder("data"), "installed", False)
    assert main(["ingest", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"hipskg ingest: no project here ({tmp_path} has no hipskg.toml or hipskg checkout above it) and the "
        "installed data is read-only: run `hipskg init DIR` to start a project, or give --data DIR\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_init_copies_the_data_and_every_command_below_uses_it(project, capsys):
    capsys.readouterr()
    assert (project / "hipskg.toml").read_text(encoding="utf-8").startswith("# A hipskg project")
    copied = sorted(path.relative_to(project / "data") for path in (project / "data").rglob("*.ttl"))
    assert copied == sorted(path.relative_to(ROOT / "data") for path in (ROOT / "data").rglob("*.ttl"))
    assert main(["validate", "--severity", "violation"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == f"data: {project / 'data'} (the project of {project / 'hipskg.toml'})"


def test_the_summary_of_build_starts_with_the_data(project, capsys):
    assert main(["build"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"data: {project / 'data'} (the project of {project / 'hipskg.toml'})"


def test_ingest_writes_the_project_found_from_a_subfolder(project, seeds, capsys):
    (project / "data" / "labels.ttl").unlink()
    assert main(["ingest", str(seeds)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"data: {project / 'data'} (the project of {project / 'hipskg.toml'})"
    assert f"wrote {project / 'data' / 'labels.ttl'} (1001 triples)" in out
    assert (project / "data" / "labels.ttl").is_file()
    assert not Path("data").exists()  # nothing written where the command ran


def test_the_store_of_hipskg_toml_is_read_from_its_folder(project):
    (project / "hipskg.toml").write_text('store = "oxigraph:.hipskg/store"\ndata = "data"\n', encoding="utf-8")
    found = find()
    assert found.store() == f"oxigraph:{project / '.hipskg/store'}"
    assert main(["load"]) == 0
    assert (project / ".hipskg" / "store").is_dir() and not Path(".hipskg").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("data = ", 'Invalid value (at line 1, column 8); expected for example: data = "data" and store = '),
        ('folder = "data"', "unknown setting 'folder': expected data or store"),
        ("data = 3", 'data = 3: expected a non-empty string, e.g. data = "data"'),
    ],
)
def test_a_bad_hipskg_toml_is_named(project, capsys, text, message):
    (project / "hipskg.toml").write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ProjectError) as error:
        find()
    assert str(error.value).startswith(f"{project / 'hipskg.toml'}: {message}")
    assert main(["validate"]) == 2
    assert capsys.readouterr().err.startswith(f"hipskg validate: {project / 'hipskg.toml'}: {message}")


def test_init_refuses_a_folder_in_use(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine")
    assert main(["init", "used"]) == 2
    assert capsys.readouterr().err == (
        "hipskg init: used: exists and is not an empty folder: give a new folder, e.g. hipskg init my-project\n"
    )
    assert [path.name for path in (tmp_path / "used").iterdir()] == ["notes.txt"]
    with pytest.raises(ProjectError, match="is the working directory"):
        start(Path("."), ROOT / "data")
    shutil.rmtree(tmp_path / "used")
    assert sorted(path.name for path in tmp_path.iterdir()) == []  # no temporaries left beside it
