"""Test helpers: the curated graph, one parser run, a seed document's text, a folder's bytes."""

from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Graph

from hipskg.ingest.builder import LabelBook, Resolver, SourceGraph
from hipskg.namespaces import GRAPH

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


@cache
def curated() -> Graph:
    """The curated registers the resolver starts from (read once; parsers never change it)."""
    graph = Graph()
    for path in sorted((ROOT / "data" / "curated").glob("*.ttl")):
        graph.parse(path)
    return graph


def parse(parser: ModuleType, text: str) -> tuple[Graph, Resolver]:
    """The named graph ``parser`` makes of ``text``, and the resolver it used."""
    resolver = Resolver(curated())
    out = SourceGraph(GRAPH["x"], resolver, LabelBook(resolver))
    parser.parse(text, out, resolver)
    return out.graph, resolver


def seed_text(path: Path, what: str) -> str:
    """A source document's text, or a skip naming the missing file."""
    if not path.exists():
        pytest.skip(f"source documents not found at {SEEDS}: these tests read {what} {path.name}")
    return path.read_text(encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden and temporary files included) by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
