"""The kind of a document from its title, for documents no curated entry types."""

import re

from rdflib import URIRef

from hipskg.ingest.names import key
from hipskg.namespaces import HIPS

# First match wins; patterns are matched against the normalised title (lower case, no punctuation).
_RULES: tuple[tuple[re.Pattern[str], URIRef], ...] = (
    (re.compile(r"\bcase (study|studies|reviews)\b"), HIPS.CaseStudy),
    (re.compile(r"\bday in (the|my) life\b"), HIPS.DayInTheLifeTool),
    (re.compile(r"\bprotocol\b"), HIPS.Protocol),
    (re.compile(r"\bstrategy (discussions?|guide)\b"), HIPS.Guidance),  # a guide to strategy discussions is not a strategy
    (re.compile(r"\bstrategy\b"), HIPS.Strategy),
    (re.compile(r"\bleaflet\b"), HIPS.Leaflet),
    (re.compile(r"\b(form|tool|template|questionnaire|checklist|wallet card)\b"), HIPS.FormOrTool),
    (re.compile(r"\bprocedures?\b"), HIPS.Procedure),
    (
        re.compile(
            r"\b(guidance|guide|guides|guidelines|policy|pathway|flow ?chart|chart|advice|principles|standards|faq|briefing|sheet|framework|thresholds?)\b"
        ),
        HIPS.Guidance,
    ),
)


def document_type(title: str) -> URIRef:
    """hips:CaseStudy, DayInTheLifeTool, Protocol, Strategy, Leaflet, FormOrTool,
    Procedure, Guidance, or hips:Resource when the title says nothing of its kind.

    A title classified hips:Procedure names a procedure of the manual: parsers create it in the
    ``procedure`` family, not the ``document`` one.
    """
    normalised = key(title)
    for pattern, cls in _RULES:
        if pattern.search(normalised):
            return cls
    return HIPS.Resource
