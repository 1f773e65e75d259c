"""SHACL engines behind one small interface.

Every engine takes the data, shapes and ontology graphs and returns a standard
``sh:ValidationReport`` graph; hipskg reads results from that graph, so engines are
interchangeable. pySHACL is the reference; faster engines are used when installed and known to
agree with it (tests/test_validation_engines.py checks they do).
"""

from typing import Protocol

from pyshacl import validate as pyshacl_validate
from rdflib import Graph


class Engine(Protocol):
    name: str

    def available(self) -> bool:
        """True when the engine's package is installed."""

    def report(self, data: Graph, shapes: Graph, ontology: Graph, *, inference: bool) -> Graph:
        """The sh:ValidationReport for ``data`` (never modified) against ``shapes``."""


class PyShacl:
    """pySHACL, the reference engine: complete SHACL Core and SHACL-SPARQL."""

    name = "pyshacl"

    def available(self) -> bool:
        return True

    def report(self, data: Graph, shapes: Graph, ontology: Graph, *, inference: bool) -> Graph:
        _, report, _ = pyshacl_validate(
            data,
            shacl_graph=shapes,
            ont_graph=ontology,
            inference="rdfs" if inference else "none",
            allow_warnings=True,
            allow_infos=True,
            inplace=False,
        )
        return report


ENGINES: dict[str, Engine] = {"pyshacl": PyShacl()}
REFERENCE = "pyshacl"


def choose(name: str | None = None) -> Engine:
    """The named engine, or the first available one in order of speed (the reference last)."""
    if name is not None:
        if name not in ENGINES:
            raise ValueError(f"unknown SHACL engine {name!r}: choose one of {', '.join(ENGINES)}")
        engine = ENGINES[name]
        if not engine.available():
            raise ValueError(f"SHACL engine {name!r} is not installed")
        return engine
    return next(engine for engine in ENGINES.values() if engine.available())
