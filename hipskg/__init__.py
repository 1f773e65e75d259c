"""hipskg: knowledge graph and linked-data toolkit for the HIPS safeguarding children partnerships."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("hipskg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
