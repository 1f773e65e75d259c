"""What the procedures website prints on its pages: the "N.N Title" line and the "This page is correct as printed on <date>" footer."""

import re
from datetime import date

from hipskg.ingest.layout import SourceFormatError, ends_early
from hipskg.ingest.names import clean

FOOTER = re.compile(r"This page is correct as printed on")
TITLE = re.compile(r"^(\d+)\.(\d+) (\S.*)$")  # "3.11 Procedure title", as both page layouts print it
_FOOTER_DATE = re.compile(r"printed on (?:[A-Za-z]+ )?(\d{1,2})(?:st|nd|rd|th)? of ([A-Za-z]+),? (\d{4})")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def printed_date(text: str, document: str) -> date:
    """The date in the footer, the closing part of a printed page; ``document`` ("export", "page")
    names what ends early without one."""
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if not FOOTER.search(line):
            continue
        match = _FOOTER_DATE.search(clean(line))
        month = match.group(2).lower() if match else ""
        if match is None or month not in _MONTHS:
            raise SourceFormatError(number, "footer has no printed date: expected 'printed on <weekday> <day> of <month> <year>'")
        try:
            return date(int(match.group(3)), _MONTHS.index(month) + 1, int(match.group(1)))
        except ValueError:
            raise SourceFormatError(number, f"footer date {match.group(0)!r} is not a real date") from None
    raise ends_early(text, document, "its footer", "a line 'This page is correct as printed on <date> ...'")
