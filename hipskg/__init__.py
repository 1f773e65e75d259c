"""hipskg: knowledge graph and linked-data toolkit for the HIPS safeguarding children partnerships.

    >>> import hipskg
    >>> kg = hipskg.open()
    >>> kg.query("training-covering", tool="CERAF").to_pandas()

The public surface is ``__all__``; see docs/api.md. The names are imported when first used, so that
``import hipskg`` (and the command line) stays quick.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hipskg.api import KnowledgeGraph, QueryResult, open
    from hipskg.errors import HipskgError
    from hipskg.reason import Inference
    from hipskg.validate import Report
    from hipskg.vocabulary import UnknownTermWarning

_PUBLIC = {
    "open": "hipskg.api",
    "KnowledgeGraph": "hipskg.api",
    "QueryResult": "hipskg.api",
    "Report": "hipskg.validate",
    "Inference": "hipskg.reason",
    "HipskgError": "hipskg.errors",
    "UnknownTermWarning": "hipskg.vocabulary",
}

__all__ = ["HipskgError", "Inference", "KnowledgeGraph", "QueryResult", "Report", "UnknownTermWarning", "__version__", "open"]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        return _version()
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'hipskg' has no attribute {name!r}")


def _version() -> str:
    """The installed distribution's version (read when asked: importlib.metadata takes 50 ms to import)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("hipskg")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


def __dir__() -> list[str]:
    return sorted(__all__)
