"""Which data a command works on: the one rule every command and the Python API follow.

1. ``--data DIR`` (``hipskg.open(data=...)``) when given;
2. else the nearest folder, from the working directory up, that is a project: it holds ``hipskg.toml``
   (its data folder is ``data = "..."`` there, by default ``data`` beside the file), or it is a hipskg
   checkout (``pyproject.toml`` beside ``data/curated/``);
3. else the data installed with the package, which is read but never written.

``hipskg.toml`` also names the default store (``store = "oxigraph:.hipskg/store"``); relative paths in
it are read from the file's own folder, so the same project works from any of its subfolders.
"""

import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from hipskg import resources
from hipskg.errors import HipskgError
from hipskg.rdfio import folder_written_whole

CONFIG_NAME = "hipskg.toml"
CONFIG_KEYS = ("data", "store")


class ProjectError(HipskgError):
    """A hipskg.toml that cannot be read, or a write asked of the installed data."""


@dataclass(frozen=True)
class Project:
    """The data folder a command uses, and how it was found (said on the first line of a command's summary)."""

    data: Path
    found_by: str  # "--data", "hipskg.toml", "checkout" or "installed"
    root: Path | None = None  # the project folder (None: --data or the installed data)
    settings: dict[str, str] = field(default_factory=dict)  # hipskg.toml's keys

    @property
    def writable(self) -> bool:
        return self.found_by != "installed"

    def describe(self) -> str:
        """One line: ``data: /abs/data (the project of /abs/hipskg.toml)``."""
        how = {
            "--data": "given with --data",
            "hipskg.toml": f"the project of {self.root and self.root / CONFIG_NAME}",
            "checkout": f"the hipskg checkout at {self.root}",
            "installed": "the copy installed with hipskg: read-only",
        }[self.found_by]
        return f"data: {self.data} ({how})"

    def store(self) -> str | None:
        """The store hipskg.toml names, a relative ``oxigraph:PATH`` read from the project folder."""
        spec = self.settings.get("store")
        if spec is None or self.root is None:
            return spec
        kind, _, location = spec.partition(":")
        if kind == "oxigraph" and location and not Path(location).is_absolute():
            return f"oxigraph:{self.root / location}"
        return spec


def find(data: str | Path | None = None, start: Path | None = None) -> Project:
    """The project whose data a command uses (see the module's docstring for the rule)."""
    if data is not None:
        return Project(Path(data), "--data")
    here = (start or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        config = folder / CONFIG_NAME
        if config.is_file():
            settings = read_settings(config)
            return Project(_near(folder / settings.get("data", "data")), "hipskg.toml", folder, settings)
        if (folder / "pyproject.toml").is_file() and (folder / "data" / "curated").is_dir():
            return Project(_near(folder / "data"), "checkout", folder)
    return Project(resources.folder("data"), "installed")


def _near(path: Path) -> Path:
    """``path`` relative to the working directory when it lies below it (as a user would type it)."""
    here = Path.cwd()
    return path.relative_to(here) if path.is_relative_to(here) else path


def writable_data(project: Project) -> Path:
    """The data folder a command may write, refusing the installed copy with what to do instead."""
    if not project.writable:
        raise ProjectError(
            f"no project here ({Path.cwd()} has no {CONFIG_NAME} or hipskg checkout above it) and "
            f"the installed data is read-only: run `hipskg init DIR` to start a project, or give --data DIR"
        )
    return project.data


def read_settings(config: Path) -> dict[str, str]:
    """hipskg.toml's settings: string values of the known keys, anything else refused with the file's name."""
    try:
        settings = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ProjectError(
            f'{config}: {error}; expected for example: data = "data" and store = "oxigraph:.hipskg/store"'
        ) from None
    for key, value in settings.items():
        if key not in CONFIG_KEYS:
            raise ProjectError(f"{config}: unknown setting {key!r}: expected {' or '.join(CONFIG_KEYS)}")
        if not isinstance(value, str) or not value.strip():
            raise ProjectError(f'{config}: {key} = {value!r}: expected a non-empty string, e.g. {key} = "{key}"')
    return settings


def start(target: Path, data: Path) -> Project:
    """A new project folder ``target``: a copy of the data folder ``data`` and a hipskg.toml naming it. The folder
    appears whole or not at all; an existing one must be empty."""
    if target.resolve() == Path.cwd().resolve():
        raise ProjectError(f"{target}: is the working directory: give a new folder, e.g. hipskg init my-project")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ProjectError(f"{target}: exists and is not an empty folder: give a new folder, e.g. hipskg init my-project")
    with folder_written_whole(target.resolve(), holder="hipskg init") as staging:
        shutil.copytree(data, staging / "data", ignore=shutil.ignore_patterns(".*"))
        (staging / CONFIG_NAME).write_text(_CONFIG_TEXT, encoding="utf-8")
    return find(start=target)


_CONFIG_TEXT = """\
# A hipskg project: every hipskg command run in this folder or below it uses its data.
data = "data"  # the data folder, beside this file; hipskg ingest SOURCES writes it
# store = "oxigraph:.hipskg/store"  # a store on disk that reloads only what changed (default: in memory)
"""
