"""Time OWL 2 RL (or RDFS) reasoning with each installed engine, each measurement in a fresh Python process.

Two graphs, the same as the validation benchmark's (``scaled.py``): the committed data
(``dataset.union(dataset.load())``), and one ten times larger, the committed graph plus nine copies
whose entities (every ``https://w3id.org/hipskg/id/`` IRI and blank node) carry the copy's suffix.

Each measurement runs ``python -c`` in a new process that loads the data with its ontology, builds
the graph, and then times one ``hipskg.reason.infer(data, ontology, profile=..., engine=...)`` call,
the call ``hipskg reason`` makes through ``with_inferences()`` (the ontology is the dataset's
ontology graph, read with the data and not timed). The table gives the median and the range over
the runs, the child's peak resident memory (``resource.getrusage`` in the child, whole process),
the time as a ratio of owlrl's (the reference) on the same graph, and the number of inferred
statements kept, which should be equal across engines.

Example:

    python benchmarks/reasoning.py --runs 3
    python benchmarks/reasoning.py --runs 3 --scales 1 --profile rdfs
    python benchmarks/reasoning.py --runs 3 --reference-runs 1 --timeout 1800
"""

import argparse
import datetime
import sys
from pathlib import Path

from scaled import RESULTS, ROOT, Cell, machine, measure, table, write

DEFAULT_OUTPUT = RESULTS / "reasoning.md"
REFERENCE = "owlrl"

# Runs in the child: argv is engine, scale, profile. Prints one JSON line.
CHILD = r"""
import json, sys, time
from hipskg import dataset
from hipskg.namespaces import ONTOLOGY_GRAPH
from hipskg.reason import choose, infer
from scaled import peak_rss_mb, scaled

engine, scale, profile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
loaded = dataset.load()
data = scaled(dataset.union(loaded), scale)
ontology = loaded.graph(ONTOLOGY_GRAPH)  # as with_inferences() passes it
choose(engine, profile)  # fails here, before timing, when the engine is not installed
start = time.perf_counter()
inference = infer(data, ontology, profile=profile, engine=engine)
seconds = time.perf_counter() - start
print(json.dumps({"triples": len(data), "ontology": len(ontology), "seconds": seconds,
                  "peak_rss_mb": peak_rss_mb(), "inferred": len(inference.graph),
                  "counts": dict(inference.counts())}))
"""


def available_engines(profile: str) -> list[str]:
    """The installed engines that compute ``profile``, the reference last."""
    from hipskg.reason import ENGINES

    usable = [name for name, engine in ENGINES.items() if engine.available() and profile in engine.profiles]
    return [name for name in usable if name != REFERENCE] + [REFERENCE]


def rows_of(cells: dict[tuple[int, str], Cell]) -> tuple[list[list[str]], list[str]]:
    """The table rows, and a note for each engine whose inferences differ from the reference's."""
    rows, notes = [], []
    for (scale, engine), cell in cells.items():
        reference = cells[(scale, REFERENCE)]
        known = [c.samples[0] for (s, _), c in cells.items() if s == scale and c.samples]
        graph = f"{scale}x ({known[0]['triples']:,})" if known else f"{scale}x"
        if cell.timed_out:
            rows.append([graph, engine, "timeout", "", "", "", ""])
            continue
        sample = cell.samples[0]
        ratio = "" if reference.median is None else f"{cell.median / reference.median:.3f}"
        inferred = f"{sample['inferred']:,}"
        if engine != REFERENCE and reference.samples and sample["counts"] != reference.samples[0]["counts"]:
            inferred += f" (≠ {REFERENCE})"
            notes.append(f"{engine} at {scale}x: " + differences(sample["counts"], reference.samples[0]["counts"]))
        spread = f"{min(cell.seconds):.2f}–{max(cell.seconds):.2f}" if len(cell.seconds) > 1 else ""
        rows.append([graph, engine, f"{cell.median:.2f}", spread, f"{cell.peak_rss_mb:.0f}", ratio, inferred])
    return rows, notes


def differences(counts: dict[str, int], reference: dict[str, int]) -> str:
    """Inferred statements by property where an engine and the reference disagree."""
    shown = [
        f"{prop} {counts.get(prop, 0):,} vs {reference.get(prop, 0):,}"
        for prop in sorted(set(counts) | set(reference))
        if counts.get(prop, 0) != reference.get(prop, 0)
    ]
    return "; ".join(shown)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="example: python benchmarks/reasoning.py --runs 3 --scales 1,10 --reference-runs 1",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--runs", type=int, default=3, help="cold runs per engine and graph; the median is reported (default 3)")
    parser.add_argument(
        "--reference-runs",
        type=int,
        help=f"cold runs of {REFERENCE} on graphs above 1x, where it is slowest (default: --runs)",
    )
    parser.add_argument(
        "--engines", help=f"comma-separated engine names (default: every installed engine; {REFERENCE} is always the reference)"
    )
    parser.add_argument("--profile", choices=("owlrl", "rdfs"), default="owlrl", help="closure to compute (default owlrl)")
    parser.add_argument(
        "--scales", default="1,10", help="comma-separated graph sizes, as multiples of the committed graph (default 1,10)"
    )
    parser.add_argument(
        "--timeout", type=float, default=900, help="seconds allowed for one run; more shows as 'timeout' (default 900)"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"Markdown file for the table (default {DEFAULT_OUTPUT.relative_to(ROOT)})",
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or (args.reference_runs is not None and args.reference_runs < 1):
        parser.error("--runs and --reference-runs must be at least 1")
    reference_runs = args.runs if args.reference_runs is None else args.reference_runs

    installed = available_engines(args.profile)
    engines = args.engines.split(",") if args.engines else list(installed)
    missing = [name for name in engines if name not in installed]
    if missing:
        parser.error(f"not installed, unknown or without {args.profile}: {', '.join(missing)} (usable: {', '.join(installed)})")
    if REFERENCE not in engines:
        engines.append(REFERENCE)
    scales = [int(s) for s in args.scales.split(",")]

    cells = {}
    for scale in scales:
        for engine in engines:
            runs = reference_runs if engine == REFERENCE and scale > 1 else args.runs
            label = f"{scale}x {engine}"
            cells[(scale, engine)] = measure(
                CHILD, [engine, str(scale), args.profile], runs, args.timeout, label, same=("counts",)
            )

    rows, notes = rows_of(cells)
    columns = [
        "graph (triples)",
        "engine",
        "median s",
        "min–max s",
        "peak RSS MB",
        f"ratio vs {REFERENCE}",
        "inferred statements",
    ]
    text = table(columns, rows, left=2)
    if notes:
        text += "\nInferred statements that differ from the reference's, by property (engine vs reference):\n\n"
        text += "".join(f"- {note}\n" for note in notes)
    measured = [cell.samples[0] for cell in cells.values() if cell.samples]
    ontology = measured[0]["ontology"] if measured else 0
    command = f"python benchmarks/reasoning.py --runs {args.runs} --scales {args.scales}"
    if args.profile != "owlrl":
        command += f" --profile {args.profile}"
    if reference_runs != args.runs:
        command += f" --reference-runs {reference_runs}"
    if args.timeout != parser.get_default("timeout"):
        command += f" --timeout {args.timeout:g}"
    reference_note = (
        f" {REFERENCE} ran {reference_runs} time{'s' if reference_runs > 1 else ''} on the graphs above 1x."
        if reference_runs != args.runs
        else ""
    )
    header = (
        f"# {'OWL 2 RL' if args.profile == 'owlrl' else 'RDFS'} reasoning benchmark\n\n"
        f"`{command}`, {datetime.date.today().isoformat()}: median of {args.runs} cold-process runs of "
        f'`hipskg.reason.infer(data, ontology, profile="{args.profile}", engine=...)`.{reference_note} '
        f"Seconds exclude loading the data and the ontology ({ontology:,} triples, added to every graph "
        "inside the call); peak RSS is the whole child process, data included. "
        f"Ratio is the engine's time over {REFERENCE}'s on the same graph (below 1 is faster). "
        f"Inferred statements are those kept in the named graph hipsg:inferred; a timed-out run took more than {args.timeout:.0f} s.\n\n"
        f"{machine(['rdflib', 'owlrl', 'reasonable'])}\n\n"
    )
    write(args.output, header, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
