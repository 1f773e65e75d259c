"""Search-results export of the HIPS child protection procedures manual.

Layout: a header ending "Results for:", then blocks of a title line ``N.N Procedure title``, a blank
line and one snippet line, ``Subheading - text`` or text alone, in no particular order; a footer
"This page is correct as printed on <date> ..." and "Close". A procedure appears in as many blocks
as the search found snippets of it; each snippet becomes a section of its procedure.

The parser keeps facts, not prose: the manual's chapters and numbered procedures, each snippet as a
section (with its subheading), and what the snippets name: legislation (hips:cites), forms and
tools (hips:namesTool), other procedures (hips:refersTo), downloadable documents
(hips:mentionsDocument) and "under review" notices.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from rdflib import Literal, URIRef

from hipskg.ingest import classify
from hipskg.ingest.builder import FAMILIES, Gazetteer, Resolver, SourceGraph
from hipskg.ingest.hips_executive import read_executive
from hipskg.ingest.layout import DocumentInfo, SourceFormatError
from hipskg.ingest.names import clean, key, slug
from hipskg.ingest.printed import FOOTER, TITLE, printed_date
from hipskg.namespaces import HIPS, XSD

LAYOUT = "procedures-manual"
VERSION = "1"

_HEADER = re.compile(r"^Results for:")
# Looks like a numbered title but is not ``chapter.position``: "3. X", "3.1.2 X", "3.1a X".
_NUMBER_LIKE = re.compile(r"^\d+\.[\w.]* \S")

# The export cuts each snippet's body (the text after its subheading) at about 290 characters.
_CUT_AT = 280  # a body at least this long may have been cut mid-sentence
_EXCERPT_MAX = 295  # a body longer than this means the subheading itself contained " - "
_MAX_SUBHEADING = 100

_ACT_WORD = r"\(?[A-Z][\w'-]*\)?"
_ACT = re.compile(rf"(?<!\S)({_ACT_WORD}(?:,? (?:{_ACT_WORD}|and|of|the|for))*) Act (\d{{4}})\b")
_PROCEDURE_REF = re.compile(
    r"\b(?:[Ss]ee(?: also| the)?|in line with the|accordance with the) "
    r"([A-Z][\w'/-]*(?: [\w'/&()-]+){0,12}? Procedure)\b"
)
_DOWNLOAD = re.compile(r"\bDownload (?:[Tt]he )?(.+?)(?:\.(?= )|\.$|$)")
_UNDER_REVIEW = re.compile(r"\bis currently under review\b")


@dataclass(frozen=True)
class Block:
    """One search hit: the procedure's number and title and the snippet line that follows them."""

    line: int  # 1-based line of the snippet
    number: str
    title: str
    snippet: str  # the raw snippet line, stripped


def detect(text: str) -> bool:
    """A "Results for:" header line followed by many ``N.N Title`` block lines (a third or more of
    the non-blank lines); a single procedure page has one such line and no header."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    header = next((i for i, line in enumerate(lines) if _HEADER.match(line)), None)
    if header is None:
        return False
    titles = sum(1 for line in lines[header + 1 :] if TITLE.match(line))
    return titles >= 2 and titles * 3 >= len(lines) - header - 1


def describe(text: str) -> DocumentInfo:
    return DocumentInfo(
        slug="hips-procedures-manual-search-export",
        title="HIPS Child Protection Procedures: search results export",
        issued=printed_date(text, "export"),
    )


def blocks(text: str) -> list[Block]:
    """The export's blocks in file order, checking the block structure."""
    lines = text.splitlines()
    start = next((i + 1 for i, line in enumerate(lines) if _HEADER.match(line.strip())), 0)
    found: list[Block] = []
    titles: dict[str, tuple[str, int]] = {}
    pending: tuple[str, str, int] | None = None  # (number, title, line) awaiting its snippet
    for index in range(start, len(lines)):
        number_line, line = index + 1, lines[index].strip()
        if FOOTER.search(line):
            break
        if not line:
            continue
        title = TITLE.match(line)
        if title is not None:
            if pending is not None:
                raise _no_snippet(pending)
            pending = _check_number(title, number_line, titles)
        elif pending is None:
            if _NUMBER_LIKE.match(line):
                raise SourceFormatError(
                    number_line,
                    f"bad procedure number in block title {line[:60]!r}: "
                    "expected 'N.N Title', chapter and position as whole numbers such as '3.11'",
                )
            raise SourceFormatError(
                number_line,
                f"snippet {line[:60]!r} has no block title before it: expected a line 'N.N Procedure title' then a blank line",
            )
        else:
            found.append(Block(number_line, pending[0], pending[1], line))
            pending = None
    if pending is not None:
        raise _no_snippet(pending)
    return found


def _no_snippet(pending: tuple[str, str, int]) -> SourceFormatError:
    number, title, line = pending
    return SourceFormatError(
        line, f"block title '{number} {title}' has no snippet after it: expected a blank line and one snippet line"
    )


def _check_number(match: re.Match[str], line: int, titles: dict[str, tuple[str, int]]) -> tuple[str, str, int]:
    chapter, position, title = match.group(1), match.group(2), clean(match.group(3))
    number = f"{chapter}.{position}"
    if chapter.startswith("0") or position.startswith("0"):
        raise SourceFormatError(
            line,
            f"bad procedure number {number!r}: expected chapter and position counted from 1 "
            "without leading zeros, such as '3.11'",
        )
    earlier = titles.setdefault(number, (title, line))
    if earlier[0] != title:
        raise SourceFormatError(
            line,
            f"procedure {number} is titled {title!r} here but {earlier[0]!r} on line {earlier[1]}: expected one title per number",
        )
    return number, title, line


def split_snippet(snippet: str) -> tuple[str | None, str]:
    """(subheading or None, body) of a snippet line.

    The subheading is the text before the first " - " when it is short (at most 100 characters),
    starts with a capital and holds no full stop ending a sentence. The export cuts every body at
    about 290 characters, so a body longer than that shows the subheading had a " - " of its own
    ("CSE - Local resources"): the next heading-like segment is then joined to it.
    """
    text = " ".join(snippet.split())
    heading, sep, body = text.partition(" - ")
    if not sep or not _heading_like(heading):
        return None, text
    while len(body) > _EXCERPT_MAX:
        more, sep, rest = body.partition(" - ")
        if not sep or not _heading_like(f"{heading} - {more}"):
            break
        heading, body = f"{heading} - {more}", rest
    return clean(heading), body


def _heading_like(text: str) -> bool:
    return 0 < len(text) <= _MAX_SUBHEADING and text[:1].isupper() and not text.endswith(".") and ". " not in text


def _aliases(title: str) -> list[str]:
    """Names a procedure is referred to by: "T Procedure", and T without a final " Procedure"."""
    aliases = [f"{title} Procedure"]
    if title.endswith(" Procedure"):
        aliases.append(title.removesuffix(" Procedure"))
    return aliases


def _distinctive(name_key: str) -> bool:
    """Whether a procedure name is specific enough to count as a reference wherever it occurs.

    One- and two-word titles ("Referrals", "Bullying", "Information Sharing", the alias
    "Assessment") are ordinary words in running text; they count only with the word Procedure.
    """
    return len(name_key.split()) >= 3 or name_key.endswith(" procedure")


def parse(text: str, out: SourceGraph, resolver: Resolver) -> None:
    """The manual, its chapters and procedures, then each snippet as a section and what it names.

    All procedures are registered (with their reference names) before any snippet is scanned, so
    a reference resolves whatever the order of the blocks.
    """
    found = blocks(text)
    procedures: dict[str, str] = {}
    for block in found:
        procedures.setdefault(block.number, block.title)
    order = sorted(procedures, key=lambda number: tuple(int(part) for part in number.split(".")))

    manual = out.entity("manual", "HIPS Child Protection Procedures", section="Search results")
    chapters: dict[int, URIRef] = {}
    iris: dict[str, URIRef] = {}
    names: dict[str, URIRef] = {}  # key -> procedure, every name this manual gives its procedures
    for number in order:
        title, ident = procedures[number], number.replace(".", "-")
        where = f"{number} {title}"
        chapter_number = int(number.split(".")[0])
        if chapter_number not in chapters:
            chapter = out.entity("chapter", f"Chapter {chapter_number}", section=where, ident=str(chapter_number))
            out.add(chapter, HIPS.chapterNumber, Literal(chapter_number))
            out.add(chapter, HIPS.inManual, manual)
            chapters[chapter_number] = chapter
        else:
            out.mention(chapters[chapter_number], where)
        proc = out.entity("procedure", title, section=where, ident=ident)
        out.add(proc, HIPS.procedureNumber, Literal(number))
        out.add(proc, HIPS.inChapter, chapters[chapter_number])
        iris[number] = proc
        for name in (title, *_aliases(title)):
            names.setdefault(FAMILIES["procedure"].key(name), resolver.iri("procedure", name, ident=ident))

    scanner = _Scanner(out, resolver, names)
    for number in order:  # the procedure titles themselves name forms ("Spotlight On... CPI Form")
        scanner.scan_title(iris[number], f"{number} {procedures[number]}", procedures[number])

    subheadings = Counter((b.number, key(h)) for b in found if (h := split_snippet(b.snippet)[0]))
    for block in found:
        proc, scope = iris[block.number], block.number.replace(".", "-")
        subheading, body = split_snippet(block.snippet)
        if subheading and subheadings[(block.number, key(subheading))] == 1:
            ident = slug(key(subheading))
        else:
            ident = "s-" + hashlib.sha1(block.snippet.encode("utf-8")).hexdigest()[:8]
        label = subheading or f"{block.number} {block.title} (untitled section)"
        where = f"{block.number} {block.title} / {subheading or 'untitled'}"
        sec = out.entity("section", label, section=where, scope=scope, ident=ident)
        if subheading:
            out.add(sec, HIPS.subheading, Literal(subheading, lang="en"))
        out.add(proc, HIPS.hasSection, sec)
        scanner.scan_snippet(proc, sec, where, clean(block.snippet), cut=len(body) >= _CUT_AT)


class _Scanner:
    """Finds what a snippet names and states it of the section and of its procedure."""

    def __init__(self, out: SourceGraph, resolver: Resolver, names: dict[str, URIRef]) -> None:
        self.out, self.resolver = out, resolver
        self.legislation = resolver.gazetteer("legislation")
        self.tools = resolver.tools()
        self.ours = set(names.values())
        self.procedures = Gazetteer({name: iri for name, iri in names.items() if _distinctive(name)})
        self.all_procedures = resolver.gazetteer("procedure")  # for procedures known from elsewhere

    def state(self, subjects: tuple[URIRef, ...], predicate: URIRef, target: URIRef, where: str) -> None:
        for subject in subjects:
            self.out.add(subject, predicate, target)
        self.out.mention(target, where)

    def scan_title(self, proc: URIRef, where: str, title: str) -> None:
        for tool in self.tools.find(title):
            self.state((proc,), HIPS.namesTool, tool, where)
        for law in self._legislation(title, where):
            self.state((proc,), HIPS.cites, law, where)

    def scan_snippet(self, proc: URIRef, sec: URIRef, where: str, text: str, *, cut: bool) -> None:
        both = (sec, proc)
        for law in self._legislation(text, where):
            self.state(both, HIPS.cites, law, where)
        for tool in self.tools.find(text):
            self.state(both, HIPS.namesTool, tool, where)
        for other in self._procedures(text, where):
            if other != proc:
                self.state(both, HIPS.refersTo, other, where)
        for document, predicate in self._downloads(text, where, cut=cut):
            if document != proc:
                self.state(both, predicate, document, where)
        if _UNDER_REVIEW.search(text):
            self.out.add(proc, HIPS.underReview, Literal(True))
        read_executive([text], self.out, where)

    def _legislation(self, text: str, where: str) -> list[URIRef]:
        """Registered legislation named in ``text``, then Acts ("... Act 1998") the register lacks."""
        found = self.legislation.find(text)
        for match in _ACT.finditer(text):
            words, year = match.group(1).split(" "), match.group(2)
            known = next(
                (
                    iri
                    for i in range(len(words))
                    if (iri := self.resolver.known("legislation", " ".join(words[i:]) + f" Act {year}"))
                ),
                None,
            )
            if known is None:
                name = " ".join(words[1:] if words[0] == "The" and len(words) > 1 else words)
                known = self.out.entity("legislation", f"{name} Act {year}", section=where, types=(HIPS.Act,))
                self.out.add(known, HIPS.year, Literal(year, datatype=XSD.gYear))
            if known not in found:
                found.append(known)
        return found

    def _procedures(self, text: str, where: str) -> list[URIRef]:
        """Procedures named by a distinctive name, or by "See also X Procedure" and the like."""
        found = self.procedures.find(text)
        found += [iri for iri in self.all_procedures.find(text) if iri not in self.ours and iri not in found]
        for match in _PROCEDURE_REF.finditer(text):
            name = match.group(1)
            iri = self.resolver.known("procedure", name) or self.resolver.known("procedure", name.removesuffix(" Procedure"))
            if iri is None:
                iri = self.out.entity("procedure", name, section=where)
            if iri not in found:
                found.append(iri)
        return found

    def _downloads(self, text: str, where: str, *, cut: bool) -> list[tuple[URIRef, URIRef]]:
        """(document, predicate) for each "Download [the] X." in ``text``.

        A name that runs to the end of a snippet the export cut short may itself be cut ("Download
        Dom"), so it is kept only when closed by a full stop or when the snippet is short.
        """
        found: list[tuple[URIRef, URIRef]] = []
        for match in _DOWNLOAD.finditer(text):
            name = match.group(1).strip()
            closed = match.group(0).endswith(".")
            if len(name) < 3 or (cut and not closed):
                continue
            kind = classify.document_type(name)
            if kind == HIPS.Procedure:
                found.append((self.out.entity("procedure", name, section=where), HIPS.refersTo))
            else:
                found.append((self.out.entity("document", name, section=where, types=(kind,)), HIPS.mentionsDocument))
        return found
