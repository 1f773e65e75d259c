"""Full text of one procedure page as printed from the procedures website.

Layout: a first line ``N.N Title``, prose under short heading lines, and a footer "This page is
correct as printed on <date> ...". Headings become sections of the procedure; legislation named
anywhere in the text is cited by the procedure and by the section that names it.
"""

import re

from rdflib import Literal

from hipskg.ingest.builder import Resolver, SourceGraph
from hipskg.ingest.hips_executive import read_executive
from hipskg.ingest.layout import DocumentInfo, SourceFormatError
from hipskg.ingest.names import key, slug
from hipskg.ingest.printed import FOOTER, TITLE, printed_date
from hipskg.namespaces import HIPS

LAYOUT = "procedure-page"
VERSION = "1"

_NUMBERED_LINE = re.compile(r"^\d+\.\d+ \S", re.MULTILINE)
_MAX_HEADING_WORDS = 12


def detect(text: str) -> bool:
    lines = text.lstrip().splitlines()
    return bool(lines) and TITLE.match(lines[0]) is not None and len(_NUMBERED_LINE.findall(text)) == 1


def _title(text: str) -> tuple[str, str]:
    match = TITLE.match(text.lstrip().splitlines()[0])
    if match is None:
        raise SourceFormatError(1, "expected a first line 'N.N Procedure title'")
    return f"{match.group(1)}.{match.group(2)}", match.group(3).strip()


def describe(text: str) -> DocumentInfo:
    number, title = _title(text)
    return DocumentInfo(
        slug=f"hips-procedure-{number.replace('.', '-')}", title=f"{number} {title}", issued=printed_date(text, "page")
    )


def _is_heading(line: str, following: str) -> bool:
    """A short line without closing punctuation, followed by a blank line or a bullet."""
    words = line.split()
    return (
        0 < len(words) <= _MAX_HEADING_WORDS
        and not line.rstrip().endswith((".", ":", ";", ","))
        and line[:1].isupper()
        and not line.lstrip().startswith("•")
        and (not following.strip() or following.lstrip().startswith("•") or len(following.split()) > _MAX_HEADING_WORDS)
    )


def _sections(lines: list[str]) -> list[tuple[str | None, list[str]]]:
    """(heading, lines) pairs; the text before the first heading has heading None."""
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    for index, line in enumerate(lines):
        if FOOTER.search(line):
            break
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _is_heading(line, following):
            sections.append((line.strip(), []))
        else:
            sections[-1][1].append(line)
    return sections


def parse(text: str, out: SourceGraph, resolver: Resolver) -> None:
    number, title = _title(text)
    printed_date(text, "page")
    ident = number.replace(".", "-")
    where = f"{number} {title}"
    procedure = out.entity("procedure", title, where, ident=ident)
    out.add(procedure, HIPS.procedureNumber, Literal(number))
    legislation = resolver.gazetteer("legislation")
    for heading, body in _sections(text.splitlines()[1:]):
        section = None
        section_where = f"{where} / {heading or 'opening text'}"
        if heading is not None:
            section = out.entity("section", heading, section_where, scope=ident, ident=slug(key(heading)))
            out.add(section, HIPS.subheading, Literal(heading, lang="en"))
            out.add(procedure, HIPS.hasSection, section)
        for act in legislation.find(" ".join(body)):
            out.mention(act, section_where)
            out.add(procedure, HIPS.cites, act)
            if section is not None:
                out.add(section, HIPS.cites, act)
    read_executive(text.splitlines(), out, where)
