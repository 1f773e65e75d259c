"""Time SHACL validation with each installed engine, each measurement in a fresh Python process.

Two graphs: the committed data (``dataset.union(dataset.load())``), and one ten times larger made
deterministically from it: the committed graph plus nine copies in which every
``https://w3id.org/hipskg/id/`` IRI (and every blank node) carries the copy's suffix and every
label the copy's number, so the shapes see ten times as many distinct entities and the graph stays
as valid as the original. Ontology terms are left as they are (``scaled.py``, shared with the
other benchmarks).

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
import sys
from pathlib import Path

from scaled import RESULTS, ROOT, Cell, machine, measure, table, write

DEFAULT_OUTPUT = RESULTS / "validation.md"

# Runs in the child: argv is engine, scale, inference ("0"/"1"). Prints one JSON line.
CHILD = r"""
import json, sys, time
from hipskg import dataset
from hipskg.validate import validate
from hipskg.validate.engines import choose
from scaled import peak_rss_mb, scaled

engine, scale, inference = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
data = scaled(dataset.union(dataset.load()), scale)
choose(engine)  # fails here, before timing, when the engine is not installed
start = time.perf_counter()
report = validate(data, engine=engine, inference=inference)
seconds = time.perf_counter() - start
print(json.dumps({"triples": len(data), "seconds": seconds, "peak_rss_mb": peak_rss_mb(),
                  "results": len(report.results), "conforms": report.conforms}))
"""


def available_engines() -> list[str]:
    from hipskg.validate.engines import ENGINES

    return [name for name, engine in ENGINES.items() if engine.available()]


def packages(engines: list[str]) -> list[str]:
    from hipskg.validate.engines import ENGINES

    return [ENGINES[name].package for name in engines]


def rows_of(cells: dict[tuple[int, str], Cell]) -> list[list[str]]:
    """One table row per engine and graph; a timed-out one says so."""
    rows = []
    for (scale, engine), cell in cells.items():
        reference = cells[(scale, "pyshacl")].median
        if cell.timed_out:
            rows.append([engine, "", "timeout", "", "", ""])
            continue
        ratio = "" if reference is None else f"{cell.median / reference:.3f}"
        sample = cell.samples[0]
        rows.append(
            [engine, f"{sample['triples']:,}", f"{cell.median:.3f}", f"{cell.peak_rss_mb:.0f}", ratio, f"{sample['results']:,}"]
        )
    return rows


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

    cells = {}
    for scale in scales:
        for engine in engines:
            child_args = [engine, str(scale), "1" if args.inference else "0"]
            cells[(scale, engine)] = measure(CHILD, child_args, args.runs, args.timeout, f"{scale}x {engine}", same=("results",))

    from hipskg.validate.engines import choose

    text = table(["engine", "triples", "median s", "peak RSS MB", "ratio vs pySHACL", "results"], rows_of(cells))
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
        f"{machine(packages(engines))}\n\n"
    )
    write(args.output, header, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
