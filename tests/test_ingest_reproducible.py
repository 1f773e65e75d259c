"""Re-ingesting the sources reproduces the committed data exactly, whatever the hash seed."""

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from hipskg.ingest.run import ingest
from tests.helpers import snapshot

ROOT = Path(__file__).resolve().parents[1]
FIXED = datetime(2026, 1, 1, tzinfo=UTC)


def copy_data(target: Path, *, generated: bool) -> Path:
    shutil.copytree(ROOT / "data" / "curated", target / "curated")
    shutil.copy2(ROOT / "data" / "dataset.ttl", target / "dataset.ttl")
    if generated:
        shutil.copytree(ROOT / "data" / "sources", target / "sources")
        shutil.copy2(ROOT / "data" / "labels.ttl", target / "labels.ttl")
    return target


def test_reingesting_the_sources_reproduces_the_committed_data(seeds, tmp_path):
    data = copy_data(tmp_path / "data", generated=True)
    before = snapshot(data)
    result = ingest(seeds, data)
    assert [p.name for p in result.changed] == []
    assert snapshot(data) == before == snapshot(ROOT / "data")


def test_two_ingests_into_a_fresh_folder_are_byte_identical(seeds, tmp_path):
    first = copy_data(tmp_path / "first", generated=False)
    second = copy_data(tmp_path / "second", generated=False)
    ingest(seeds, first, now=lambda: FIXED)
    ingest(seeds, second, now=lambda: FIXED)
    assert snapshot(first) == snapshot(second)
    assert len(snapshot(first)) == len(snapshot(ROOT / "data"))


def test_output_does_not_depend_on_the_hash_seed(seeds, tmp_path):
    script = (
        "import sys; from datetime import datetime, UTC; from pathlib import Path; from hipskg.ingest.run import ingest; "
        "ingest(Path(sys.argv[1]), Path(sys.argv[2]), now=lambda: datetime(2026, 1, 1, tzinfo=UTC))"
    )
    outputs = []
    for seed in ("0", "1", "4242"):
        data = copy_data(tmp_path / f"seed{seed}", generated=False)
        subprocess.run(
            [sys.executable, "-c", script, str(seeds), str(data)], check=True, env={**os.environ, "PYTHONHASHSEED": seed}
        )
        outputs.append(snapshot(data))
    assert outputs[0] == outputs[1] == outputs[2]
