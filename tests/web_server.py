"""A real ``hipskg serve`` process on a free 127.0.0.1 port, for the HTTP and browser tests."""

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .helpers import ROOT, free_port

HIPSKG = shutil.which("hipskg") or str(Path(sys.executable).with_name("hipskg"))
HOSTILE_LABEL = "<script>alert('hipskg')</script> & \"Partners\""
HOSTILE_IRI = "https://w3id.org/hipskg/id/org/hostile-label"


def data_with_hostile_label(folder: Path) -> Path:
    """A copy of the committed data with one organisation whose label is markup, to check that pages escape it."""
    target = folder / "data"
    shutil.copytree(ROOT / "data", target)
    with (target / "curated" / "organisations.ttl").open("a", encoding="utf-8") as turtle:
        escaped = HOSTILE_LABEL.replace("\\", "\\\\").replace('"', '\\"')
        turtle.write(
            f"\n<{HOSTILE_IRI}> a <https://w3id.org/hipskg/def#Organisation> ;\n"
            f'    <http://www.w3.org/2004/02/skos/core#prefLabel> "{escaped}"@en ;\n'
            f'    <http://www.w3.org/2000/01/rdf-schema#label> "{escaped}"@en .\n'
        )
    return target


@contextmanager
def hipskg_server(data: Path, *options: str, log: Path | None = None) -> Iterator[str]:
    """``hipskg serve --data DATA OPTIONS`` on a free port (its base URL), stopped on exit."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") if log else open(os.devnull, "wb") as output:
        process = subprocess.Popen(
            [HIPSKG, "serve", "--data", str(data), "--port", str(port), *options], stdout=output, stderr=output
        )
        try:
            _wait_until_up(url, process)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=15)


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"hipskg serve exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"hipskg serve did not answer at {url} within {seconds} s")
