"""What every source parser provides: detection, a description of the document, and parsing."""

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from hipskg.ingest.builder import Resolver, SourceGraph


@dataclass(frozen=True)
class DocumentInfo:
    """The document a source file holds, as its own text describes it."""

    slug: str  # names the document's named graph: graph/{slug}
    title: str
    issued: date | None = None  # the printed or published date, where the source gives one
    edition: str | None = None  # e.g. "2026-2027"


class SourceFormatError(Exception):
    """The text does not have the structure its layout promises; the message names the line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.reason = message


def last_line(text: str) -> int:
    """The number of the last line holding text: where a file that ends early stops (1 if none does)."""
    lines = text.splitlines()
    return next((number for number in range(len(lines), 0, -1) if lines[number - 1].strip()), 1)


def ends_early(text: str, document: str, missing: str, expected: str) -> SourceFormatError:
    """The error for a ``document`` ("page", "export" ...) whose text stops before ``missing``, at its last line."""
    return SourceFormatError(
        last_line(text), f"the {document} ends before {missing}: expected {expected}; the file looks truncated"
    )


def and_more(first: str, count: int) -> str:
    """``first`` of ``count`` missing parts: "'X' (line 4) and 2 more"."""
    return first if count == 1 else f"{first} and {count - 1} more"


class Parser(Protocol):
    """A module under hipskg.ingest that understands one source layout."""

    LAYOUT: str  # e.g. "procedures-manual"
    VERSION: str  # bumped whenever the parser's output changes

    def detect(self, text: str) -> bool:
        """True when ``text`` has this layout; detection reads structure, never the file name."""

    def describe(self, text: str) -> DocumentInfo:
        """The document, refusing (SourceFormatError) a text that ends early or lacks a part its layout requires."""

    def parse(self, text: str, out: SourceGraph, resolver: Resolver) -> None:
        """Add what the source states to ``out``; raise SourceFormatError on broken structure."""
