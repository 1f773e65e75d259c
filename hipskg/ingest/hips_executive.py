"""The HIPS Executive as two layouts describe it: who chairs it and which standing subgroups it convenes.

Both the full text of procedure 7.1 and Appendix 1 of the Southampton arrangements word this the
same way, so one reader serves both; each source's statements land in its own named graph, which
is how the two descriptions are kept side by side.
"""

import re

from rdflib import Literal, URIRef

from hipskg.ingest.builder import SourceGraph
from hipskg.namespaces import HIPS, ORG

EXECUTIVE_NAME = "HIPS Executive"
_CONVENES = re.compile(r"HIPS Executive will convene (\w+) standing subgroups")
_CHAIR = re.compile(r"HIPS Executive (?:will be|is) chaired by an? (.+?) (?:newly )?recruited")
_SUBGROUP = re.compile(r"^\s*[•-]\s*(.+? [Gg]roup) – ")
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def read_executive(lines: list[str], out: SourceGraph, section: str) -> URIRef | None:
    """Add the HIPS Executive's chair and subgroups found in ``lines``; None if they do not describe it."""
    text = "\n".join(lines)
    convenes = _CONVENES.search(text)
    chair = _CHAIR.search(text)
    if convenes is None and chair is None:
        return None
    executive = out.entity("org", EXECUTIVE_NAME, section, types=(HIPS.Group,))
    if chair is not None:
        post = out.entity("post", chair.group(1), section, scope="hips-executive")
        out.add(post, ORG.postIn, executive)
        out.add(executive, HIPS.chairedBy, post)
    if convenes is not None:
        count = _NUMBERS.get(convenes.group(1).lower())
        if count is not None:
            out.add(executive, HIPS.standingSubgroupCount, Literal(count))
        start = text[: convenes.start()].count("\n") + 1
        for name in _subgroups_after(lines, start):
            subgroup = out.entity("org", name, section, types=(HIPS.Subgroup,))
            out.add(subgroup, HIPS.convenedBy, executive)
    return executive


def _subgroups_after(lines: list[str], start: int) -> list[str]:
    """Names of the consecutive subgroup bullets ("Name group – purpose") after line index ``start``."""
    names = []
    for line in lines[start:]:
        if not line.strip():
            continue
        match = _SUBGROUP.match(line)
        if match is None:
            break
        names.append(match.group(1))
    return names
