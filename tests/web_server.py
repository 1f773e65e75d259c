"""A real ``hipskg serve`` process on a free 127.0.0.1 port, for the HTTP and browser tests."""

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .helpers import ROOT, free_port, running

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
            f'    <http://www.w3.org/2000/01/rdf-schema#label> "{escaped}"@en ;\n'
            "    <http://www.w3.org/2004/02/skos/core#exactMatch> <javascript:alert(1)> .\n"
            f"<https://w3id.org/hipskg/id/org/referrer> <http://www.w3.org/ns/org#hasMember> <{HOSTILE_IRI}> ;\n"
            "    <http://www.w3.org/2002/07/owl#sameAs> <https://w3id.org/hipskg//evil.example/x> .\n"
        )
    return target


@contextmanager
def hipskg_server(data: Path, *options: str, log: Path | None = None, environment: dict[str, str] | None = None) -> Iterator[str]:
    """``hipskg serve --data DATA OPTIONS`` on a free port (its base URL), stopped on exit by SIGTERM, as a service
    manager stops it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [HIPSKG, "serve", "--data", str(data), "--port", str(port), *options]
    with log.open("wb") if log else open(os.devnull, "wb") as output:
        with running(
            command,
            f"{url}/",
            "hipskg serve",
            seconds=90,
            stdout=output,
            stderr=output,
            env={**os.environ, **(environment or {})},
        ):
            yield url
