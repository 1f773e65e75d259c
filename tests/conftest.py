"""Shared fixtures: the committed graph, and the source documents when they are present."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from rdflib import Dataset

from hipskg import dataset

# The suite keeps hipskg's cache (SPARQL analyses, the default store's copy of a data folder) in a folder of its
# own, removed at the end: a test run never fills, nor reads, the user's ~/.cache/hipskg.
os.environ["HIPSKG_CACHE"] = tempfile.mkdtemp(prefix="hipskg-test-cache-")
atexit.register(shutil.rmtree, os.environ["HIPSKG_CACHE"], ignore_errors=True)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def built() -> Dataset:
    """The committed ontology and data, loaded as the build loads them."""
    return dataset.load(ROOT / "data")


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The source documents folder; tests that need it are skipped with the reason when it is absent."""
    if not SEEDS.is_dir():
        pytest.skip(f"source documents not found at {SEEDS}: clone the project next to its shared/ folder to run this test")
    return SEEDS


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A writable copy of the committed data folder: curated registers, source graphs, labels."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target
