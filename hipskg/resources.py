"""Where the project's own files are: the one place that resolves them.

In an installed wheel they sit in ``hipskg/_files``; in a source checkout (editable install or
plain ``python -m hipskg``) they are the top-level folders of the repository.
"""

from importlib import resources
from pathlib import Path

_FOLDERS = ("ontology", "shapes", "queries", "data")


def _root() -> Path:
    packaged = Path(str(resources.files("hipskg"))) / "_files"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent


def folder(name: str) -> Path:
    """Path of one of the project's file folders: ontology, shapes, queries or data."""
    if name not in _FOLDERS:
        raise ValueError(f"unknown project folder {name!r}; expected one of {', '.join(_FOLDERS)}")
    return _root() / name


def ontology_file() -> Path:
    return folder("ontology") / "hipskg.ttl"


def context_file() -> Path:
    """The curated JSON-LD context: short terms for the ontology's properties."""
    return folder("ontology") / "hipskg-context.jsonld"
