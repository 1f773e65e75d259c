"""Progress of a long operation on a terminal: what is being done, counts and rate; silent when piped."""

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class Progress:
    """``with Progress("loading", unit="triples") as progress: progress.advance(n)`` shows a live line on stderr.

    Nothing is written when stderr is not a terminal (piped, redirected, in tests), so output
    meant for files or other programs stays clean.
    """

    def __init__(self, task: str, *, unit: str = "items", total: int | None = None, stream: TextIO | None = None) -> None:
        self.task = task
        self.unit = unit
        self.total = total
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.shown = self.stream.isatty()
        self.started = time.perf_counter()
        self._last_draw = 0.0

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            self._draw(final=True)

    def advance(self, count: int = 1, note: str = "") -> None:
        """Count ``count`` more; redraw at most ten times a second."""
        self.done += count
        now = time.perf_counter()
        if self.shown and (now - self._last_draw >= 0.1):
            self._last_draw = now
            self._draw(note=note)

    def line(self, note: str = "") -> str:
        seconds = max(time.perf_counter() - self.started, 1e-9)
        of_total = f"/{self.total:,}" if self.total is not None else ""
        rate = f", {self.done / seconds:,.0f} {self.unit}/s" if self.done else ""
        tail = f"  {note}" if note else ""
        return f"{self.task}: {self.done:,}{of_total} {self.unit} ({seconds:.1f} s{rate}){tail}"

    def _draw(self, *, note: str = "", final: bool = False) -> None:
        self.stream.write("\r\x1b[2K" + self.line(note) + ("\n" if final else ""))
        self.stream.flush()


@contextmanager
def step(task: str, count: int, unit: str = "triples", stream: TextIO | None = None) -> Iterator[None]:
    """One long call on ``count`` items: "validating 1,004,288 triples ..." then the time and rate, on a terminal only."""
    out = stream if stream is not None else sys.stderr
    shown = out.isatty()
    started = time.perf_counter()
    if shown:
        out.write(f"{task} {count:,} {unit} ...")
        out.flush()
    yield
    if shown:
        seconds = max(time.perf_counter() - started, 1e-9)
        out.write(f"\r\x1b[2K{task} {count:,} {unit}: {seconds:.1f} s ({count / seconds:,.0f} {unit}/s)\n")
        out.flush()
