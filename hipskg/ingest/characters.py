"""The characters a source text may hold, checked before any parser reads it.

A source is text in Unicode NFC. Its only control characters are the tab, the line feed and the
carriage return of a CRLF line ending: a NUL or a C1 control copied into a label makes the RDF/XML
export invalid, and a decomposed "é" would name a second entity beside the composed one. Unicode's
noncharacters (U+FDD0..U+FDEF and the last two code points of every plane) are refused too.
"""

import re
import unicodedata
from dataclasses import dataclass

from hipskg.terms import character_name

_NONCHARACTERS = r"\ufdd0-\ufdef" + "".join(rf"\U{plane:04x}fffe\U{plane:04x}ffff" for plane in range(17))
# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; noncharacters; a CR not before a LF.
_FORBIDDEN = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_NONCHARACTERS}]|\r(?!\n)")
_LONE_CR = "carriage return U+000D without a line feed after it: end lines with LF or CRLF, or remove the character"


@dataclass(frozen=True)
class BadCharacter:
    """Where a text breaks the rules (1-based line, and column counted in characters) and why."""

    line: int
    column: int
    reason: str  # the character, what is wrong with it and the fix


def first_bad_character(text: str) -> BadCharacter | None:
    """The first forbidden character of ``text``, else where it stops being NFC; None if it is clean."""
    forbidden = _FORBIDDEN.search(text)
    if forbidden is not None:
        return _at(text, forbidden.start(), _forbidden(forbidden.group()))
    if unicodedata.is_normalized("NFC", text):
        return None
    index = _first_unnormalised(text)
    return _at(
        text, index, f"text not in Unicode NFC at {character_name(text[index], unnamed='')}: save the file normalised to NFC"
    )


def _forbidden(character: str) -> str:
    if character == "\r":
        return _LONE_CR
    kind = "control character" if unicodedata.category(character) == "Cc" else "noncharacter"
    return f"{kind} {character_name(character, unnamed='')}: remove the character"


def _first_unnormalised(text: str) -> int:
    """The index of the character that ends the first prefix of ``text`` not in NFC.

    The search starts where ``text`` and its NFC form first differ, within that line: normalisation
    never reaches across a line feed.
    """
    normalised = unicodedata.normalize("NFC", text)
    differs = next((i for i, (a, b) in enumerate(zip(text, normalised, strict=False)) if a != b), min(len(text), len(normalised)))
    begin = text.rfind("\n", 0, differs) + 1
    return next(end for end in range(differs, len(text)) if not unicodedata.is_normalized("NFC", text[begin : end + 1]))


def _at(text: str, index: int, reason: str) -> BadCharacter:
    line_start = text.rfind("\n", 0, index) + 1
    return BadCharacter(text.count("\n", 0, index) + 1, index - line_start + 1, reason)
