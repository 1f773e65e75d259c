"""Time SHACL validation with each installed engine, each measurement in a fresh Python process.

Two graphs: the committed data (``dataset.union(dataset.load())``), and one ten times larger made
deterministically from it: the committed graph plus nine copies in which every
``https://w3id.org/hipskg/id/`` IRI (and every blank node) carries the copy's suffix and every
label the copy's number, so the shapes see ten times as many distinct entities and the graph stays
as valid as the original. Ontology terms are left as they are.

Each measurement runs ``python -c`` in a new process that loads the data, builds the graph, and
then times one ``hipskg.validate.validate(data, engine=...)`` call (the shapes and the ontology are
read inside the call, as the CLI does). The table gives the median over the runs, the child's peak
resident memory (``resource.getrusage`` in the child, whole process), and the time as a ratio of
pySHACL's on the same graph.

Example:

    python benchmarks/validation.py --runs 5
    python benchmarks/validation.py --runs 3 --engines shacl-rust,pyshacl --scales 1
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = ROOT / "benchmarks" / "results" / "validation.md"

# Runs in the child: argv is engine, scale, inference ("0"/"1"). Prints one JSON line.
CHILD = r"""
import json, resource, sys, time
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from hipskg import dataset
from hipskg.validate import validate
from hipskg.validate.engines import choose

engine, scale, inference = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
ID = "https://w3id.org/hipskg/id/"
LABELS = {SKOS.prefLabel, SKOS.altLabel, RDFS.label}
base = dataset.union(dataset.load())
if scale == 1:
    data = base
else:
    data = Graph()
    data += base
    for copy in range(1, scale):
        suffix = f"-copy{copy}"
        def renamed(term):
            if isinstance(term, URIRef) and term.startswith(ID):
                return URIRef(str(term) + suffix)
            if isinstance(term, BNode):
                return BNode(str(term) + suffix)
            return term
        for s, p, o in base:
            if p in LABELS and isinstance(o, Literal) and isinstance(s, URIRef) and s.startswith(ID):
                o = Literal(f"{o} {copy}", lang=o.language)  # another partnership's entity has its own name
            data.add((renamed(s), p, renamed(o)))
choose(engine)  # fails here, before timing, when the engine is not installed
start = time.perf_counter()
report = validate(data, engine=engine, inference=inference)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peak_mb = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux
print(json.dumps({"triples": len(data), "seconds": seconds, "peak_rss_mb": peak_mb,
                  "results": len(report.results), "conforms": report.conforms}))
"""


def progress(message: str) -> None:
    """Progress for a person at a terminal; nothing when stderr is piped or redirected."""
    if sys.stderr.isatty():
        print(message, file=sys.stderr, flush=True)


def measure(engine: str, scale: int, inference: bool, timeout: float) -> dict:
    """One cold-process measurement."""
    command = [sys.executable, "-c", CHILD, engine, str(scale), "1" if inference else "0"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{engine} at {scale}x failed (exit {done.returncode}):\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def available_engines() -> list[str]:
    from hipskg.validate.engines import ENGINES

    return [name for name, engine in ENGINES.items() if engine.available()]


def versions(engines: list[str]) -> str:
    from importlib.metadata import PackageNotFoundError, version

    from hipskg.validate.engines import ENGINES

    found = []
    for name in engines:
        package = ENGINES[name].package
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            found.append(package)
    return ", ".join(found)


def table(rows: list[dict]) -> str:
    lines = [
        "| engine | triples | median s | peak RSS MB | ratio vs pySHACL | results |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        ratio = "" if row["ratio"] is None else f"{row['ratio']:.3f}"
        lines.append(
            f"| {row['engine']} | {row['triples']:,} | {row['seconds']:.3f} | {row['peak_rss_mb']:.0f} | {ratio} | {row['results']:,} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="example: python benchmarks/validation.py --runs 5 --engines shacl-rust,pyshacl-turbo,pyshacl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--runs", type=int, default=5, help="cold runs per engine and graph; the median is reported (default 5)")
    parser.add_argument(
        "--engines", help="comma-separated engine names (default: every installed engine; pyshacl is always the reference)"
    )
    parser.add_argument(
        "--scales", default="1,10", help="comma-separated graph sizes, as multiples of the committed graph (default 1,10)"
    )
    parser.add_argument("--inference", action="store_true", help="validate with RDFS inference")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed for one run (default 1800)")
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"Markdown file for the table (default {DEFAULT_OUTPUT.relative_to(ROOT)})",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    installed = available_engines()
    engines = args.engines.split(",") if args.engines else installed
    missing = [name for name in engines if name not in installed]
    if missing:
        parser.error(f"not installed or unknown: {', '.join(missing)} (installed: {', '.join(installed)})")
    if "pyshacl" not in engines:
        engines.append("pyshacl")  # the reference every ratio is taken against
    scales = [int(s) for s in args.scales.split(",")]

    rows = []
    for scale in scales:
        medians = {}
        for engine in engines:
            samples = []
            for run in range(1, args.runs + 1):
                progress(f"{scale}x {engine}: run {run}/{args.runs}")
                started = time.perf_counter()
                samples.append(measure(engine, scale, args.inference, args.timeout))
                progress(f"  {samples[-1]['seconds']:.2f} s validating, {time.perf_counter() - started:.1f} s in all")
            counts = {s["results"] for s in samples}
            if len(counts) > 1:
                raise RuntimeError(f"{engine} at {scale}x gave different result counts across runs: {sorted(counts)}")
            medians[engine] = statistics.median(s["seconds"] for s in samples)
            rows.append(
                {
                    "engine": engine,
                    "scale": scale,
                    "triples": samples[0]["triples"],
                    "seconds": medians[engine],
                    "peak_rss_mb": statistics.median(s["peak_rss_mb"] for s in samples),
                    "results": samples[0]["results"],
                    "ratio": None,
                }
            )
        for row in rows:
            if row["scale"] == scale:
                row["ratio"] = row["seconds"] / medians["pyshacl"]

    from hipskg.validate.engines import choose

    text = table(rows)
    header = (
        "# SHACL validation benchmark\n\n"
        f"`python benchmarks/validation.py --runs {args.runs} --scales {args.scales}"
        + (" --inference" if args.inference else "")
        + "`: median of "
        f"{args.runs} cold-process runs of `hipskg.validate.validate()`"
        + (" with RDFS inference" if args.inference else "")
        + "; seconds exclude loading the data (they include reading the shapes and the ontology, "
        "as validate() does), peak RSS is the whole child process. "
        "Ratio is the engine's time over pySHACL's on the same graph (below 1 is faster). "
        f"The default engine here is {choose().name}.\n\n"
        f"Python {sys.version.split()[0]} on {sys.platform}; {versions(engines)}.\n\n"
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(header + text)
    print(text, end="")
    progress(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
