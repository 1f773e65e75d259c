"""The HSCP Multi-Agency Safeguarding Practice Development Brochure: themes and what they list.

Layout: a title and edition, a CONTENTS list of themes (``- [Title](#)``), then "STOP" pages. Each
page opens with a banner (``STOP``, ``Hampshire``, ``Safeguarding``, ``Children``,
``Partnership``, ``SAFEGUARDING THEME OVERVIEW PACK``) and its theme's heading in capitals; a
theme runs over several consecutive pages. A page holds an intro paragraph and capitalised
sections of list items (``- [Title](#)``, ``- Title`` or a bare ``[Title](#)`` line):

- SUPPORTING TOOLKITS: the theme's own toolkit as a plain line, then audience sub-headings
  (Professionals, Parents & Carers, Children & Young People) with the toolkits listed for each;
- STRATEGY, GUIDANCE & PROCEDURES; PROFESSIONAL RESOURCES; ADDITIONAL RESOURCES; DAY IN THE LIFE;
  CASE STUDIES: documents. An item ending in ``:`` heads the indented items below it;
- TRAINING: courses, under delivery sub-headings (Webinars, eLearning, Videos, or a combined
  "Webinars and eLearning" line);
- IF YOU DO ONE THING...: closing advice, prose.

"BOOK a ..." links are booking forms, not resources, and are skipped.

What a complete brochure has (checked by :func:`describe`): STOP pages for every theme of its CONTENTS
list, and a last page that closes, as every page does, with IF YOU DO ONE THING... and advice ending
a sentence. A file cut exactly between two pages of the last theme still reads as complete.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from hipskg.ingest.builder import Gazetteer, Resolver, SourceGraph
from hipskg.ingest.classify import document_type
from hipskg.ingest.layout import DocumentInfo, SourceFormatError, and_more, ends_early
from hipskg.ingest.names import clean, key
from hipskg.namespaces import HIPS

LAYOUT = "practice-development-brochure"
VERSION = "1"

PUBLISHER = "Hampshire Safeguarding Children Partnership"
SCHEME = "HSCP Safeguarding Themes"

CONTENTS = "CONTENTS"
PACK = "SAFEGUARDING THEME OVERVIEW PACK"
BANNER = frozenset({"STOP", "Hampshire", "Safeguarding", "Children", "Partnership"})

TOOLKITS = "SUPPORTING TOOLKITS"
GUIDANCE = "STRATEGY, GUIDANCE & PROCEDURES"
PROFESSIONAL_RESOURCES = "PROFESSIONAL RESOURCES"
DAY_IN_THE_LIFE = "DAY IN THE LIFE"
CASE_STUDIES = "CASE STUDIES"
TRAINING = "TRAINING"
ADDITIONAL_RESOURCES = "ADDITIONAL RESOURCES"
ONE_THING = "IF YOU DO ONE THING..."
SECTIONS = (TOOLKITS, GUIDANCE, PROFESSIONAL_RESOURCES, DAY_IN_THE_LIFE, CASE_STUDIES, TRAINING, ADDITIONAL_RESOURCES, ONE_THING)

# Which property a theme lists a document of each section with.
DOCUMENT_SECTIONS: dict[str, URIRef] = {
    GUIDANCE: HIPS.listsGuidance,
    PROFESSIONAL_RESOURCES: HIPS.listsResource,
    ADDITIONAL_RESOURCES: HIPS.listsResource,
    DAY_IN_THE_LIFE: HIPS.listsDayInTheLifeTool,
    CASE_STUDIES: HIPS.listsCaseStudy,
}


@dataclass(frozen=True)
class Audience:
    scope: str  # the toolkit family's scope, e.g. "parents-and-carers"
    concept: URIRef
    lists: URIRef


# Keyed by the normalised sub-heading, without a trailing "toolkits".
AUDIENCES: dict[str, Audience] = {
    "professionals": Audience("professionals", HIPS.Professionals, HIPS.listsProfessionalToolkit),
    "parents and carers": Audience("parents-and-carers", HIPS.ParentsAndCarers, HIPS.listsParentCarerToolkit),
    "children and young people": Audience("children-and-young-people", HIPS.ChildrenAndYoungPeople, HIPS.listsChildToolkit),
}
PROFESSIONALS = AUDIENCES["professionals"]

# Training sub-headings, normalised, and the delivery mode they state (None: not stated).
MODES: dict[str, URIRef | None] = {
    "webinars": HIPS.WebinarMode,
    "elearning": HIPS.ELearningMode,
    "videos": HIPS.VideoMode,
    "webinars and elearning": None,
}
COURSE_CLASSES: dict[URIRef, URIRef] = {
    HIPS.WebinarMode: HIPS.Webinar,
    HIPS.ELearningMode: HIPS.ELearning,
    HIPS.VideoMode: HIPS.VideoCourse,
}
# A course title ending in one of these words states its own mode.
TITLE_MODES: dict[str, URIRef] = {"webinar": HIPS.WebinarMode, "elearning": HIPS.ELearningMode}

ITEM = re.compile(r"^(?P<indent>\s*)- (?P<body>.+)$")
LINK = re.compile(r"^\[(?P<title>.+?)\]\(#\)")
EDITION = re.compile(r"^\d{4}-\d{4}$")
TOOLKIT_PREFIX = re.compile(r"^(?:HIPS|HSCP)\s+", re.IGNORECASE)
TOOLKIT_SUFFIX = re.compile(r"\s+Toolkit$", re.IGNORECASE)
PROCEDURE_PREFIX = re.compile(r"^HIPS Procedures? on\s+", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]*_]*$")  # a full stop, perhaps inside quotes, brackets or emphasis


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(1-based number, line without trailing whitespace) of every non-blank line."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield number, line.rstrip()


def _item(line: str) -> tuple[int, str] | None:
    """(indent, title) of a list item ``- [Title](#) ...`` or ``- Title``; None for other lines."""
    match = ITEM.match(line)
    if match is None:
        return None
    body = match["body"].strip()
    link = LINK.match(body)
    return len(match["indent"]), link["title"] if link else body


def _link(line: str) -> str | None:
    """The title of a bare link line ``[Title](#)``."""
    link = LINK.match(line.strip())
    return link["title"] if link else None


def _audience(line: str) -> Audience | None:
    """The audience a plain toolkit sub-heading names ("Parents & carers", "Parents & Carers Toolkits")."""
    if _item(line) is not None or _link(line) is not None:
        return None
    return AUDIENCES.get(re.sub(r" toolkits$", "", key(line)))


def _contents(text: str) -> tuple[int, list[tuple[int, str]]] | None:
    """The CONTENTS line's number and its items (line number, title); None without a CONTENTS line."""
    lines = list(_lines(text))
    start = next((index for index, (_, line) in enumerate(lines) if line.strip() == CONTENTS), None)
    if start is None:
        return None
    items: list[tuple[int, str]] = []
    for item_number, line in lines[start + 1 :]:
        item = _item(line)
        if item is None:
            break
        items.append((item_number, item[1]))
    return lines[start][0], items


@dataclass(frozen=True)
class _Page:
    """A STOP page as its lines show it, for checking that the brochure is complete."""

    line: int  # of its STOP line
    heading: str | None  # the theme heading after the banner; None if the text ends first
    closing: int | None  # the line of IF YOU DO ONE THING... when that is the page's last section
    last: tuple[int, str]  # its last non-blank line


def _pages(text: str) -> list[_Page]:
    lines = list(_lines(text))
    starts = [index for index, (_, line) in enumerate(lines) if line.strip() == "STOP"]
    return [_page(lines[start:end]) for start, end in pairwise([*starts, len(lines)])]


def _page(lines: list[tuple[int, str]]) -> _Page:
    texts = [line.strip() for _, line in lines]
    after_banner = texts.index(PACK) + 1 if PACK in texts else len(texts)
    sections = [index for index, line in enumerate(texts) if line in SECTIONS]
    closing = lines[sections[-1]][0] if sections and texts[sections[-1]] == ONE_THING else None
    return _Page(lines[0][0], texts[after_banner] if after_banner < len(texts) else None, closing, lines[-1])


def _theme_of(heading: str, themes: Iterable[str]) -> str | None:
    """The key of the theme a page heading names: the same key, or the longest key it ends with."""
    heading_key = key(heading)
    endings = [theme for theme in themes if heading_key == theme or heading_key.endswith(" " + theme)]
    return max(endings, key=len) if endings else None


def detect(text: str) -> bool:
    """A CONTENTS list of themes followed by SAFEGUARDING THEME OVERVIEW PACK pages."""
    contents = _contents(text)
    return bool(contents and contents[1]) and any(line.strip() == PACK for _, line in _lines(text))


def describe(text: str) -> DocumentInfo:
    """The brochure and its edition, read from the second non-blank line (e.g. "2026-2027")."""
    lines = list(_lines(text))
    number, line = lines[1] if len(lines) > 1 else (1, "")
    edition = clean(line)
    if not EDITION.match(edition):
        raise SourceFormatError(
            number,
            f"expected the brochure's edition (e.g. '2026-2027') on the second non-blank line, found {line.strip()!r}",
        )
    _require_pages(text)
    return DocumentInfo(
        slug=f"hscp-practice-development-brochure-{edition}",
        title=f"HSCP Multi-Agency Safeguarding Practice Development Brochure {edition}",
        edition=edition,
    )


def _require_pages(text: str) -> None:
    """STOP pages for every theme of the CONTENTS list, the last page closed by its advice."""
    contents = _contents(text)
    pages = _pages(text)
    items = contents[1] if contents else []
    themes = [key(title) for _, title in items]
    covered = {_theme_of(page.heading, themes) for page in pages if page.heading}
    missing = [index for index, theme in enumerate(themes) if theme not in covered]
    if missing:
        line, title = items[missing[0]]
        if any(later in covered for later in themes[missing[0] :]):
            raise SourceFormatError(
                line, f"theme {title!r} of the {CONTENTS} list has no STOP pages: add its pages or remove it from {CONTENTS}"
            )
        raise ends_early(
            text,
            "brochure",
            and_more(f"the STOP pages of {title!r} ({CONTENTS} line {line})", len(missing)),
            f"pages for every theme of the {CONTENTS} list",
        )
    if pages:
        _require_closing(text, pages[-1])


def _require_closing(text: str, page: _Page) -> None:
    if page.closing is None:
        raise ends_early(
            text,
            "brochure",
            f"{ONE_THING!r}, the closing section of its last STOP page (line {page.line})",
            "it and its advice at the end of the page",
        )
    number, line = page.last
    if number == page.closing or not SENTENCE_END.search(line):
        raise ends_early(
            text, "brochure", f"the end of the advice under {ONE_THING!r} (line {page.closing})", "advice that ends a sentence"
        )


def parse(text: str, out: SourceGraph, resolver: Resolver) -> None:
    """Themes with the toolkits, documents and courses each lists; see the module docstring."""
    _Reader(text, out, resolver).read()


class _Reader:
    """Walks the brochure line by line, remembering the page's theme, section and sub-heading."""

    def __init__(self, text: str, out: SourceGraph, resolver: Resolver) -> None:
        self.text = text
        self.out = out
        self.resolver = resolver
        self.themes: dict[str, tuple[str, URIRef]] = {}  # contents key -> (title, IRI)
        self.tools = resolver.tools()
        self.day_tools = resolver.curated_instances(HIPS.DayInTheLifeTool)
        self.course_modes: dict[URIRef, set[URIRef]] = {}
        self.state = "preamble"  # preamble, banner, heading, page
        self.title = ""  # the current theme's contents title
        self.theme: URIRef | None = None
        self.heading = ""  # the current page's heading as printed
        self.section: str | None = None
        self.sub: str | None = None  # audience or training sub-heading
        self.group: str | None = None  # an item ending in ":" that heads indented items
        self.mode: URIRef | None = None
        self.topics = Gazetteer({})

    def read(self) -> None:
        contents = _contents(self.text)
        if contents is None:
            first_page = next((n for n, line in _lines(self.text) if line.strip() == "STOP"), 1)
            raise SourceFormatError(
                first_page,
                f"no {CONTENTS} line before the first STOP page; list the themes under a line reading "
                f"{CONTENTS} as '- [Theme title](#)' items",
            )
        contents_line, items = contents
        if not items:
            raise SourceFormatError(contents_line, f"the {CONTENTS} list is empty; expected '- [Theme title](#)' items after it")

        hscp = self.out.entity("org", PUBLISHER, section="Introduction", types=(HIPS.SafeguardingPartnership,))
        self.out.add(self.out.iri, HIPS.publishedBy, hscp)
        scheme = self.out.entity("scheme", SCHEME, section="Contents")
        for _, title in items:
            theme = self.out.entity("theme", title, section="Contents")
            self.out.add(theme, SKOS.inScheme, scheme)
            self.themes[key(title)] = (clean(title), theme)
        self.topics = Gazetteer({k: iri for k, (_, iri) in self.themes.items()})

        skip = {contents_line, *(n for n, _ in items)}
        for number, line in _lines(self.text):
            if number not in skip:
                self.line(number, line)
        for course, modes in self.course_modes.items():
            if not modes:
                self.out.add(course, HIPS.deliveryMode, HIPS.UnstatedMode)

    # --- page structure -------------------------------------------------------------------

    def line(self, number: int, line: str) -> None:
        stripped = line.strip()
        if stripped == "STOP":
            self.state, self.section, self.sub, self.group, self.mode = "banner", None, None, None, None
        elif self.state == "banner":
            if stripped == PACK:
                self.state = "heading"
            elif stripped not in BANNER:
                raise SourceFormatError(
                    number,
                    f"expected the STOP page banner (Hampshire / Safeguarding / Children / Partnership / {PACK}), "
                    f"found {stripped!r}",
                )
        elif self.state == "heading":
            self.title, self.theme = self.theme_for(number, stripped)
            self.heading, self.state = stripped, "page"
        elif self.state == "preamble":
            if _item(line) is not None:
                raise SourceFormatError(
                    number, f"list item {stripped!r} is outside any known section: it comes before the first STOP page"
                )
        elif stripped in SECTIONS:
            self.section, self.sub, self.group, self.mode = stripped, None, None, None
        elif self.section not in (TRAINING, ONE_THING) and _audience(line) is not None:
            self.section, self.sub = TOOLKITS, stripped  # a page may continue the toolkits without their heading
        elif self.section == ONE_THING:
            pass  # closing advice: prose
        elif self.section is None:
            self.intro(number, line)
        elif self.section == TOOLKITS:
            self.toolkit_line(number, line)
        elif self.section == TRAINING:
            self.training_line(number, line)
        else:
            self.document_line(number, line)

    def theme_for(self, number: int, heading: str) -> tuple[str, URIRef]:
        """The contents theme a page heading names: same key, or a key ending with the theme's."""
        theme = _theme_of(heading, self.themes)
        if theme is None:
            raise SourceFormatError(
                number,
                f"STOP page heading {heading!r} matches no theme of the CONTENTS list; "
                "add the theme to CONTENTS or correct the heading",
            )
        return self.themes[theme]

    def intro(self, number: int, line: str) -> None:
        """The intro paragraph is prose, except another spelling of the theme's title."""
        if _item(line) is not None:
            raise SourceFormatError(
                number,
                f"list item {line.strip()!r} in theme {self.title!r} comes before any section heading; "
                f"expected one of: {'; '.join(SECTIONS[:-1])}",
            )
        spelling = clean(line)
        if not spelling.isupper() and key(spelling) == key(self.heading) and spelling != self.title:
            assert self.theme is not None
            self.out.add(self.theme, SKOS.altLabel, Literal(spelling, lang="en"))

    def where(self, section: str | None = None, sub: str | None = None) -> str:
        return " / ".join(part for part in (self.title, section or self.section, sub) if part)

    def unexpected(self, number: int, line: str, expected: str) -> SourceFormatError:
        return SourceFormatError(
            number, f"unexpected line {line.strip()!r} in {self.title} / {self.section}; expected {expected}"
        )

    # --- toolkits -----------------------------------------------------------------------

    def toolkit_line(self, number: int, line: str) -> None:
        assert self.theme is not None
        item = _item(line)
        title = item[1] if item else _link(line)
        if title is not None:
            if self.booking(title):
                return
            audience = _audience(self.sub) if self.sub else None
            if audience is None:
                raise self.unexpected(
                    number, line, "an audience sub-heading (Professionals, Parents & Carers, Children & Young People) first"
                )
            toolkit = self.toolkit(title, audience, self.where(sub=self.sub))
            self.out.add(self.theme, audience.lists, toolkit)
        elif self.sub is None and key(line).endswith("toolkit"):
            self.out.add(self.theme, HIPS.hasToolkit, self.toolkit(line, PROFESSIONALS, self.where()))
        else:
            raise self.unexpected(
                number, line, "the theme's own '... Toolkit' line, an audience sub-heading or '- [Toolkit](#)' items"
            )

    def toolkit(self, listed: str, audience: Audience, where: str) -> URIRef:
        """A toolkit named "{core} Toolkit", so "Neglect", "Neglect Toolkit" and "HIPS Neglect Toolkit"
        are one; a link to a collection of toolkits ("Professional Toolkits") keeps its name."""
        name = clean(listed)
        if not key(name).endswith(" toolkits"):
            name = TOOLKIT_SUFFIX.sub("", TOOLKIT_PREFIX.sub("", name)) + " Toolkit"
        toolkit = self.out.entity("toolkit", name, where, scope=audience.scope)
        self.out.add(toolkit, HIPS.audience, audience.concept)
        return toolkit

    # --- documents ----------------------------------------------------------------------

    @staticmethod
    def booking(title: str) -> bool:
        return key(title).startswith("book ")

    def document_line(self, number: int, line: str) -> None:
        assert self.theme is not None and self.section is not None
        item = _item(line)
        indent, title = item if item else (0, _link(line))
        if title is None:
            raise self.unexpected(number, line, "'- [Title](#)' items")
        if self.booking(title):
            return
        if indent == 0:
            self.group = None
            if title.rstrip().endswith(":"):
                self.group = clean(title)  # "Practitioner Guides:" heads the indented items
                return
        elif self.group is None:
            raise self.unexpected(number, line, "an indented item only below an item ending in ':'")

        section, cls = self.section, document_type(title)
        if cls == HIPS.Resource and self.group is not None and key(self.group).startswith("practitioner guide"):
            cls = HIPS.Guidance  # an item under "Practitioner Guides:" is a guide whatever its title
        if section in (DAY_IN_THE_LIFE, CASE_STUDIES):
            # "DAY IN THE LIFE" may be followed at once by "CASE STUDIES" and then both items:
            # a Day in the Life tool belongs to DAY IN THE LIFE wherever it appears.
            if cls == HIPS.DayInTheLifeTool or self.resolver.known("document", title) in self.day_tools:
                section = DAY_IN_THE_LIFE
            elif cls == HIPS.CaseStudy:
                section = CASE_STUDIES
            cls = HIPS.DayInTheLifeTool if section == DAY_IN_THE_LIFE else HIPS.CaseStudy
        document = self.document(title, self.where(section, self.group), cls)
        self.out.add(self.theme, DOCUMENT_SECTIONS[section], document)

    def document(self, title: str, where: str, cls: URIRef) -> URIRef:
        """Legislation, the procedures manual, a procedure, or another document, in that order."""
        legislation = self.resolver.known("legislation", title)
        if legislation is not None:
            self.out.mention(legislation, where)
            return legislation
        if self.resolver.known("manual", title) is not None:
            return self.out.entity("manual", title, where)
        if document_type(title) == HIPS.Procedure:
            procedure = self.resolver.known("procedure", PROCEDURE_PREFIX.sub("", clean(title)))
            if procedure is not None:  # numbered by the manual
                self.out.mention(procedure, where)
                return procedure
            return self.out.entity("procedure", title, where)
        return self.out.entity("document", title, where, types=(cls,))

    # --- training -----------------------------------------------------------------------

    def training_line(self, number: int, line: str) -> None:
        assert self.theme is not None
        item = _item(line)
        if item is None:
            heading = _link(line) or line.strip()
            if key(heading) not in MODES:
                raise self.unexpected(
                    number,
                    line,
                    "a delivery sub-heading (Webinars, eLearning, Videos, Webinars and eLearning) or '- Title' items",
                )
            self.sub, self.mode = clean(heading), MODES[key(heading)]
            return
        title = item[1]
        mode = self.mode or TITLE_MODES.get(key(title).rsplit(" ", 1)[-1])
        course = self.out.entity("course", title, self.where(sub=self.sub), types=(COURSE_CLASSES[mode],) if mode else ())
        self.out.add(self.theme, HIPS.listsCourse, course)
        modes = self.course_modes.setdefault(course, set())
        if mode is not None:
            modes.add(mode)
            self.out.add(course, HIPS.deliveryMode, mode)
        for tool in self.tools.find(title):
            self.out.add(course, HIPS.coversTool, tool)
        for topic in self.topics.find(title):
            self.out.add(course, HIPS.coversTopic, topic)
