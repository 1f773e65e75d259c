"""A local partnership's multi-agency safeguarding arrangements document (Southampton's SCASP).

Layout: a title line "<Partnership> – Local Multi-Agency Safeguarding Arrangements", a contents
list whose entries reappear as headings in the body, a pipe table of delegated safeguarding
partners (name, position, organisation), group sections that end in "Membership:" and
"Meeting frequency:" lines, bullet lists of wider partnerships and relevant agencies, Appendix 1 on
the HIPS Executive and Appendix 2 listing education settings under type headings.

Governance stated only in prose (who reports to whom, who chairs what) is curated in
``data/curated/<document>.ttl`` rather than guessed here.

What a complete document has (checked by :func:`describe`): a heading line for every entry of the
contents list, in that order, and in Appendix 2, its closing part, settings under the last type
heading and a list for every type of education setting the Relevant Agencies section names (today
Further Education Colleges, Early Years Settings and Special Schools). The document states no count
of settings, so a file cut inside the last list of Appendix 2 cannot be told from a shorter list.
"""

import re

from rdflib import URIRef

from hipskg.ingest.builder import Resolver, SourceGraph
from hipskg.ingest.hips_executive import read_executive
from hipskg.ingest.layout import DocumentInfo, SourceFormatError, and_more, ends_early, last_line
from hipskg.ingest.names import key, slug
from hipskg.namespaces import HIPS, ORG

LAYOUT = "safeguarding-arrangements"
VERSION = "1"

_TITLE_SUFFIX = " – Local Multi-Agency Safeguarding Arrangements"
_TABLE_HEADER = re.compile(r"^Name \| Position \| Organisation \|?$")
_MEMBERSHIP = re.compile(r"^Membership: (.+)$")
_FREQUENCY = re.compile(r"^(?:Meeting )?[Ff]requency: (.+)$")
_TOC_GROUP = re.compile(r"^(Part \d+|Appendices)$")
_LEAD_PARTNERS = re.compile(r"three lead safeguarding partners .* as:$")
_AGENCIES = "Relevant Agencies"
_SETTINGS_APPENDIX = "Appendix 2"  # the start of its heading
_MAX_MEMBER_WORDS = 6

FREQUENCIES: dict[str, URIRef] = {
    "monthly": HIPS.Monthly,
    "every two months": HIPS.EveryTwoMonths,
    "six times a year": HIPS.SixTimesAYear,
    "quarterly": HIPS.Quarterly,
    "termly": HIPS.Termly,
}

SETTING_TYPES: dict[str, URIRef] = {
    "secondary school": HIPS.SecondarySchool,
    "all through school": HIPS.AllThroughSchool,
    "special schools": HIPS.SpecialSchool,
    "school pupil referral unit": HIPS.PupilReferralUnit,
    "school": HIPS.School,
    "infant schools": HIPS.InfantSchool,
    "junior schools": HIPS.JuniorSchool,
    "primary schools": HIPS.PrimarySchool,
    "fe colleges": HIPS.FurtherEducationCollege,
    "further education colleges": HIPS.FurtherEducationCollege,
    "independent schools": HIPS.IndependentSchool,
    "early years settings": HIPS.EarlyYearsSetting,
}


def detect(text: str) -> bool:
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    return first.endswith(_TITLE_SUFFIX) and any(_TABLE_HEADER.match(line) for line in text.splitlines())


def _partnership_name(text: str) -> str:
    return text.lstrip().splitlines()[0].removesuffix(_TITLE_SUFFIX).strip()


def describe(text: str) -> DocumentInfo:
    """The document, once its sections and the lists of Appendix 2 are found complete."""
    _require_settings(_Document(text))
    name = _partnership_name(text)
    acronym = "".join(word[0] for word in name.split() if word[0].isupper())
    return DocumentInfo(slug=f"{acronym.lower()}-safeguarding-arrangements", title=text.lstrip().splitlines()[0])


class _Document:
    """The body of the document split at the headings its contents list announces, each one found in order."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines()
        start = next((i for i, line in enumerate(self.lines) if line.strip() == "Contents"), None)
        if start is None:
            raise SourceFormatError(2, "no 'Contents' line: expected the contents list after the title")
        self.entries: list[tuple[int, str]] = []  # (line of the contents entry, heading)
        index = start + 1
        while index < len(self.lines) and (self.lines[index].startswith("-") or _TOC_GROUP.match(self.lines[index])):
            entry = self.lines[index].removeprefix("-").strip()
            if entry and not _TOC_GROUP.match(self.lines[index]):
                self.entries.append((index + 1, entry))
            index += 1
        if not self.entries:
            raise SourceFormatError(start + 1, "empty contents list: expected '- Heading' entries after 'Contents'")
        self.headings = [heading for _, heading in self.entries]
        self.positions: dict[str, int] = {}
        position = index - 1  # the body starts after the contents list
        for number, heading in enumerate(self.headings):
            found = self._find(heading, position + 1)
            if found is None:
                raise self._missing(number, position)
            self.positions[heading] = position = found

    def _find(self, heading: str, start: int) -> int | None:
        return next((index for index in range(start, len(self.lines)) if self.lines[index].strip() == heading), None)

    def _missing(self, number: int, after: int) -> SourceFormatError:
        """Entry ``number`` has no heading after line index ``after``: the text ends before it when the
        last entry, the closing section, is not found after it either; otherwise the section is missing.

        Only the closing section decides: the names of later sections also occur as plain lines (the
        structure diagram of Part 2), so one of them found further on proves nothing.
        """
        line, heading = self.entries[number]
        if self._find(self.headings[-1], after + 1) is None:
            missing = and_more(f"section {heading!r} (contents line {line})", len(self.entries) - number)
            return ends_early(self.text, "document", missing, "a heading line for each entry of the contents list, in its order")
        later = next(found for later in self.headings[number + 1 :] if (found := self._find(later, after + 1)) is not None)
        return SourceFormatError(
            line,
            f"section {heading!r} of the contents list is missing: expected its heading line between lines {after + 1} and {later + 1}",
        )

    def section(self, heading: str) -> tuple[int, list[str]]:
        """(first line number, lines) of the section under ``heading``, up to the next heading."""
        start = self.positions[heading]
        later = sorted(p for p in self.positions.values() if p > start)
        end = later[0] if later else len(self.lines)
        return start + 2, self.lines[start + 1 : end]


def parse(text: str, out: SourceGraph, resolver: Resolver) -> None:
    document = _Document(text)
    partnership = out.entity("org", _partnership_name(text), "Title", types=(HIPS.SafeguardingPartnership,))
    _read_partners(document.lines, out, partnership)
    legislation = resolver.gazetteer("legislation")
    for heading in document.headings:
        first, lines = document.section(heading)
        for act in legislation.find(" ".join(lines)):
            out.mention(act, heading)
            out.add(out.iri, HIPS.cites, act)
        if heading.startswith("Appendix 1"):
            read_executive(lines, out, heading)
        elif heading.startswith(_SETTINGS_APPENDIX):
            _read_settings(lines, first, out, partnership, heading)
        elif heading == _AGENCIES:
            _read_agencies(lines, first, out, partnership, heading)
        else:
            _read_group(heading, lines, first, out, resolver)
            _read_wider_partnerships(lines, out, partnership, heading)


def _read_partners(lines: list[str], out: SourceGraph, partnership: URIRef) -> None:
    """Lead safeguarding partners (a list of names) and delegated partners (the pipe table)."""
    section = "Statutory Safeguarding Partners"
    for index, line in enumerate(lines):
        if _LEAD_PARTNERS.search(line):
            for name in lines[index + 1 :]:
                if not name.strip() or " " not in name.strip() or name.strip().startswith("The "):
                    break
                _membership(out, partnership, name.strip(), HIPS.LeadSafeguardingPartner, section)
        if _TABLE_HEADER.match(line):
            for row in lines[index + 2 :]:
                cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
                if "|" not in row or len(cells) != 3:
                    break
                person = _membership(out, partnership, cells[0], HIPS.DelegatedSafeguardingPartner, section)
                organisation = out.entity("org", cells[2], section, types=(HIPS.StatutoryPartner,))
                post = out.entity("post", cells[1], section, scope=organisation.rsplit("/", 1)[1])
                out.add(post, ORG.postIn, organisation)
                out.add(post, ORG.heldBy, person)
                out.add(organisation, HIPS.safeguardingPartnerOf, partnership)


def _membership(out: SourceGraph, partnership: URIRef, name: str, role: URIRef, section: str) -> URIRef:
    person = out.entity("person", name, section)
    role_name = "lead" if role == HIPS.LeadSafeguardingPartner else "delegated"
    membership = out.entity(
        "membership",
        f"{name}, {role_name} safeguarding partner",
        section,
        scope=str(partnership).rsplit("/", 1)[1],
        ident=f"{slug(key(name))}-{role_name}",
    )
    out.add(membership, ORG.member, person)
    out.add(membership, ORG.organization, partnership)
    out.add(membership, ORG.role, role)
    return person


def _read_group(heading: str, lines: list[str], first: int, out: SourceGraph, resolver: Resolver) -> None:
    """A group section: its meeting frequency and, when stated as a plain list, its members."""
    membership = next((m.group(1) for line in lines if (m := _MEMBERSHIP.match(line.strip()))), None)
    frequency = next(((first + i, m.group(1)) for i, line in enumerate(lines) if (m := _FREQUENCY.match(line.strip()))), None)
    if membership is None and frequency is None:
        return
    group = out.entity("org", heading, heading, types=(HIPS.Group,))
    if frequency is not None:
        out.add(group, HIPS.meetingFrequency, _frequency(*frequency))
    for member in _members(membership or "", resolver):
        out.add(group, HIPS.hasMember, out.entity("org", member, heading, types=(HIPS.Agency,)))


def _frequency(line: int, stated: str) -> URIRef:
    """The controlled meeting frequency a statement starts with ("Monthly, with ..." is Monthly)."""
    normalised = key(stated)
    for name, concept in FREQUENCIES.items():
        if normalised == name or normalised.startswith(name + " "):
            return concept
    raise SourceFormatError(
        line,
        f"unknown meeting frequency {stated!r}: add it to hips:MeetingFrequencies in ontology/hipskg.ttl and to FREQUENCIES in {__name__}",
    )


def _members(statement: str, resolver: Resolver) -> list[str]:
    """Members of a list of three or more, or none if it is not one or any item reads as prose.

    Adjacent items are rejoined when together they are a known name ("Change, Grow Live").
    """
    if statement.count(",") < 2:
        return []
    items = [item.strip() for item in re.split(r",| and (?=[^,]*$)", statement) if item.strip()]
    merged: list[str] = []
    for item in items:
        item = re.sub(r"^(inc|including) ", "", item)
        if merged and resolver.known("org", f"{merged[-1]}, {item}"):
            merged[-1] = f"{merged[-1]}, {item}"
        else:
            merged.append(item)
    if any(len(item.split()) > _MAX_MEMBER_WORDS for item in merged):
        return []
    return merged


def _read_wider_partnerships(lines: list[str], out: SourceGraph, partnership: URIRef, heading: str) -> None:
    for index, line in enumerate(lines):
        if line.removeprefix("-").strip() == "Wider Partnership":
            for item in lines[index + 1 :]:
                if not item.startswith("- "):
                    break
                linked = out.entity("org", item[2:], f"{heading} / Wider Partnership", types=(HIPS.Partnership,))
                out.add(partnership, HIPS.linkedPartnership, linked)


def _read_agencies(lines: list[str], first: int, out: SourceGraph, partnership: URIRef, heading: str) -> None:
    for _, name in _named_agencies(lines, first):
        agency = out.entity("org", name, heading, types=(HIPS.Agency,))
        out.add(agency, HIPS.relevantAgencyOf, partnership)


def _named_agencies(lines: list[str], first: int) -> list[tuple[int, str]]:
    """(line, name) of the named agencies: the run of bullets closing the section, after the bullets of duties."""
    bullets = [(first + offset, line[2:].strip()) for offset, line in enumerate(lines) if line.startswith("- ")]
    names: list[tuple[int, str]] = []
    for number, bullet in reversed(bullets):
        if _reads_as_prose(bullet):
            break
        names.insert(0, (number, bullet))
    return names


_MINOR_WORDS = frozenset("a an and as at by for from in into of on or the to with".split())


def _reads_as_prose(text: str) -> bool:
    """Five or more words, most of them lower case: a sentence rather than a name."""
    words = re.findall(r"[A-Za-z][\w-]*", text)
    content = [word for word in words if word.lower() not in _MINOR_WORDS]
    return len(words) >= 5 and sum(word[0].islower() for word in content) >= 0.6 * len(content)


def _read_settings(lines: list[str], first: int, out: SourceGraph, partnership: URIRef, heading: str) -> None:
    """Education settings listed under type headings."""
    for line, type_heading, settings in _setting_lists(lines, first):
        setting_type = SETTING_TYPES.get(key(type_heading))
        if setting_type is None:
            raise SourceFormatError(
                line,
                f"unknown education setting type {type_heading!r}: add it to SETTING_TYPES in {__name__} and a class to ontology/hipskg.ttl",
            )
        for name in settings:
            setting = out.entity("org", name, f"{heading} / {type_heading}", types=(setting_type,))
            out.add(setting, HIPS.relevantAgencyOf, partnership)


def _setting_lists(lines: list[str], first: int) -> list[tuple[int, str, list[str]]]:
    """(line, type heading, settings) of each list of Appendix 2: a heading line, then '- Name' lines."""
    lists: list[tuple[int, str, list[str]]] = []
    for offset, line in enumerate(lines):
        if not line.strip():
            continue
        if not line.startswith("- "):
            lists.append((first + offset, line.strip(), []))
        elif not lists:
            raise SourceFormatError(first + offset, "education setting listed before any type heading")
        else:
            lists[-1][2].append(line[2:])
    return lists


def _require_settings(document: _Document) -> None:
    """Appendix 2, the closing part, ends with settings under its last type heading and lists every
    type of education setting the Relevant Agencies section names."""
    appendix = next((heading for heading in document.headings if heading.startswith(_SETTINGS_APPENDIX)), None)
    if appendix is None:
        return
    first, lines = document.section(appendix)
    lists = _setting_lists(lines, first)
    if lists and not lists[-1][2] and lists[-1][0] == last_line(document.text):
        line, heading, _ = lists[-1]
        raise ends_early(
            document.text, "document", f"the settings under {heading!r} (line {line})", "'- Name' lines under each type heading"
        )
    listed = {SETTING_TYPES.get(key(heading)) for _, heading, _ in lists}
    missing = [
        (line, name)
        for line, name in _agencies(document)
        if (kind := SETTING_TYPES.get(key(name))) is not None and kind not in listed
    ]
    if missing:
        line, name = missing[0]
        raise ends_early(
            document.text,
            "document",
            and_more(f"Appendix 2 lists {name!r} (a relevant agency, line {line})", len(missing)),
            "a list of settings for each type of education setting named among the Relevant Agencies",
        )


def _agencies(document: _Document) -> list[tuple[int, str]]:
    if _AGENCIES not in document.positions:
        return []
    first, lines = document.section(_AGENCIES)
    return _named_agencies(lines, first)
