"""A review (:class:`hipskg.diff.Review`) written for people and for tools: text, Markdown, TSV, JSON or HTML.

Every IRI is written as hipskg prints names (:func:`hipskg.namespaces.compact`: they paste back into a query, a
Turtle file or a curated decision) with its display label beside it; every value as Turtle writes it. The JSON
structure and the TSV columns are documented in docs/review.md.
"""

import html
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from hipskg.diff import KINDS, EntityChange, Review, specific_classes
from hipskg.ingest.decisions import DUPLICATES_FILE, RENAMES_FILE
from hipskg.ingest.duplicates import Duplicate
from hipskg.ingest.identity import Entity
from hipskg.namespaces import compact
from hipskg.rdfio import term_text

TSV_COLUMNS = (
    "change", "entity", "label", "classes", "other", "other_label", "graph", "sign", "property", "value", "value_label"
)  # fmt: skip


def render(review: Review, fmt: str = "text") -> str:
    """The review in one of :data:`hipskg.formats.REVIEW_FORMATS`."""
    writers: dict[str, Callable[[Review], str]] = {
        "text": text,
        "markdown": markdown,
        "tsv": tsv,
        "json": lambda r: json.dumps(structure(r), indent=2, ensure_ascii=False) + "\n",
        "html": page,
    }
    return writers[fmt](review)


# --- what every format says ---------------------------------------------------------------------------------------


def headline(review: Review) -> str:
    """The count a review opens and closes with: entities, named graphs and statements whose content changed."""
    if not review.differs:
        return "no differences" if not review.bookkeeping else "no content change"
    counts = review.counts()
    return (
        f"{_count(len(review.entities), 'entity', 'entities')} changed in {_count(len(review.graphs), 'named graph')}, "
        f"{_count(review.statements, 'statement')}: " + ", ".join(f"{counts[kind]} {kind}" for kind in KINDS)
    )


def provenance(review: Review) -> str:
    """The one line on provenance bookkeeping, or "" when none changed."""
    if not review.bookkeeping:
        return ""
    return "provenance bookkeeping, not counted as content: " + ", ".join(
        f"{compact(prop)} {count}" for prop, count in review.bookkeeping
    )


def earlier_duplicates(review: Review) -> str:
    """The one line on the possible duplicates the data held before this edition (not shown), or "" when none."""
    if not review.earlier_duplicates:
        return ""
    return (
        f"{_count(review.earlier_duplicates, 'more possible duplicate')} the data held before this edition: "
        "hipskg ingest --dry-run --all-duplicates lists them"
    )


def _count(number: int, singular: str, plural: str = "") -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _named(node: Node | None, review: Review) -> str:
    """An IRI with its label: ``course:x "Label"``; any other term as Turtle writes it."""
    if node is None:
        return ""
    if not isinstance(node, URIRef):
        return term_text(node)
    label = review.labels.get(node)
    return compact(node) + (f' "{label}"' if label else "")


def _classes(classes: Iterable[URIRef]) -> str:
    return ", ".join(compact(cls) for cls in classes) or "untyped"


def _notes(entity: EntityChange) -> list[str]:
    """What a rename or removal adds to its statements: the tombstone, the references, how a detection scored."""
    notes = []
    if entity.tombstone:
        notes.append("its IRI is kept as a tombstone")
    if entity.references:
        notes.append(f"{_count(entity.references, 'statement')} of other entities now name {compact(entity.successor)}")
    if entity.rename is not None:
        notes.append(
            f"detected: {entity.rename.context:.0%} of its context shared, label similarity {entity.rename.similarity:.0f}"
        )
    return notes


def _rename_hints(entity: EntityChange) -> list[tuple[str, str]]:
    if entity.kind != "renamed?":
        return []
    old, new = compact(entity.iri), compact(entity.successor)
    return [
        (f"to confirm, add to data/curated/{RENAMES_FILE}", f"{old} dcterms:isReplacedBy {new} ."),
        ("if it is not a rename, add instead", f"{old} owl:differentFrom {new} ."),
    ]


def _duplicate_hints(duplicate: Duplicate) -> list[tuple[str, str]]:
    kept, other = duplicate.kept, duplicate.other
    label = term_text(Literal(other.label, lang="en"))
    return [
        (f"to merge, add to data/curated/{DUPLICATES_FILE}", f"{compact(kept.iri)} skos:altLabel {label} ."),
        ("if they are two, add instead", f"{compact(kept.iri)} owl:differentFrom {compact(other.iri)} ."),
    ]


def _origin(entity: Entity) -> str:
    """Where an entity came from: its named graphs and the source sections naming it."""
    where = ", ".join(compact(graph) for graph in entity.graphs) or "no named graph"
    return where + (f": {'; '.join(entity.sections)}" if entity.sections else "")


def _duplicate_title(duplicate: Duplicate) -> str:
    return (
        f'possible duplicate: "{duplicate.kept.label}" / "{duplicate.other.label}"  [{_classes(specific_classes(duplicate.kept.types))}; '
        f"similarity {duplicate.similarity:.0f}, {duplicate.shared:.0%} of the words shared]"
    )


def _entity_title(entity: EntityChange, review: Review) -> str:
    title = f"{entity.kind} {_named(entity.iri, review)}"
    if entity.successor is not None:
        title += f" -> {_named(entity.successor, review)}"
    return f"{title}  [{_classes(entity.classes)}]"


# --- text ---------------------------------------------------------------------------------------------------------


def text(review: Review) -> str:
    lines = [headline(review)]
    if review.differs:
        lines += ["", *_class_table(review), ""]
        for entity in review.entities:
            lines += _entity_lines(entity, review)
    for duplicate in review.duplicates:
        lines += _duplicate_lines(duplicate)
    lines += [line for line in (earlier_duplicates(review), provenance(review)) if line]
    if review.differs:
        lines.append(headline(review))
    return "\n".join(lines) + "\n"


def _class_table(review: Review) -> list[str]:
    rows = [("class", *KINDS)] + [(_classes(classes), *map(str, counts.values())) for classes, counts in review.by_class()]
    width = max(len(row[0]) for row in rows)
    return [
        "  ".join([row[0].ljust(width), *(cell.rjust(len(kind)) for cell, kind in zip(row[1:], KINDS, strict=True))])
        for row in rows
    ]


def _entity_lines(entity: EntityChange, review: Review) -> list[str]:
    lines = [_entity_title(entity, review)]
    graph = None
    for change in entity.changes:
        if change.graph != graph:
            graph = change.graph
            lines.append(f"  {compact(graph)}")
        lines.append(f"    {change.sign} {compact(change.predicate)} {_named(change.value, review)}")
    lines += [f"  {note}" for note in _notes(entity)]
    hints = _rename_hints(entity)
    width = max((len(what) for what, _ in hints), default=0)
    lines += [f"  {what + ':':<{width + 1}} {how}" for what, how in hints]
    return lines


def _duplicate_lines(duplicate: Duplicate) -> list[str]:
    lines = [_duplicate_title(duplicate)]
    lines += [f'  {compact(e.iri)} "{e.label}"  {_origin(e)}' for e in (duplicate.kept, duplicate.other)]
    hints = _duplicate_hints(duplicate)
    width = max(len(what) for what, _ in hints)
    lines += [f"  {what + ':':<{width + 1}} {how}" for what, how in hints]
    return lines


# --- Markdown -----------------------------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = str.maketrans({char: "\\" + char for char in "\\`*_[]<>|"})


def _md(value: str) -> str:
    """Text that Markdown shows as it is inside a line (emphasis, links, markup and table pipes escaped)."""
    return value.translate(_MARKDOWN_SPECIAL)


def _code(value: str) -> str:
    """A code span holding ``value``: fenced with more backticks than any run in it, its pipes written as an entity
    (a table cell would end at them)."""
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence, pad = "`" * (longest + 1), " " if longest else ""
    return f"{fence}{pad}{value.replace('|', '&#124;')}{pad}{fence}"


def _md_named(node: Node | None, review: Review) -> str:
    if node is None:
        return ""
    if not isinstance(node, URIRef):
        return _code(term_text(node))
    label = review.labels.get(node)
    return _code(compact(node)) + (f" {_md(label)}" if label else "")


def markdown(review: Review) -> str:
    lines = [f"# {_md(headline(review))}", ""]
    if review.differs:
        lines += ["| class | " + " | ".join(KINDS) + " |", "|---|" + "---:|" * len(KINDS)]
        lines += [
            f"| {_md(_classes(classes))} | " + " | ".join(map(str, counts.values())) + " |"
            for classes, counts in review.by_class()
        ]
        lines.append("")
        for entity in review.entities:
            lines += _md_entity(entity, review)
    for duplicate in review.duplicates:
        lines += [f"## {_md(_duplicate_title(duplicate))}", ""]
        lines += [f"- {_code(compact(e.iri))} {_md(e.label)}: {_md(_origin(e))}" for e in (duplicate.kept, duplicate.other)]
        lines += [f"- {_md(what)}: {_code(how)}" for what, how in _duplicate_hints(duplicate)]
        lines.append("")
    for line in (earlier_duplicates(review), provenance(review)):
        lines += [_md(line), ""] if line else []
    if review.differs:
        lines.append(_md(headline(review)))
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_entity(entity: EntityChange, review: Review) -> list[str]:
    title = f"{_md(entity.kind)} {_md_named(entity.iri, review)}"
    if entity.successor is not None:
        title += f" → {_md_named(entity.successor, review)}"
    lines = [f"## {title}", "", f"Classes: {_md(_classes(entity.classes))}.", ""]
    if entity.changes:
        lines += ["| graph | change | property | value |", "|---|---|---|---|"]
        lines += [
            f"| {_code(compact(c.graph))} | {'added' if c.sign == '+' else 'removed'} | {_code(compact(c.predicate))} | "
            f"{_md_named(c.value, review).replace('|', '&#124;')} |"
            for c in entity.changes
        ]
        lines.append("")
    lines += [f"- {_md(note)}" for note in _notes(entity)]
    lines += [f"- {_md(what)}: {_code(how)}" for what, how in _rename_hints(entity)]
    return lines + [""] if _notes(entity) or _rename_hints(entity) else lines


# --- TSV ----------------------------------------------------------------------------------------------------------


def _cell(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def tsv(review: Review) -> str:
    rows = [TSV_COLUMNS]
    for entity in review.entities:
        head = (
            entity.kind,
            compact(entity.iri),
            review.labels.get(entity.iri, ""),
            _classes(entity.classes),
            compact(entity.successor),
            review.labels.get(entity.successor, "") if entity.successor is not None else "",
        )
        rows += [
            (
                *head,
                compact(c.graph),
                c.sign,
                compact(c.predicate),
                term_text(c.value) if not isinstance(c.value, URIRef) else compact(c.value),
                review.labels.get(c.value, ""),
            )
            for c in entity.changes
        ] or [(*head, "", "", "", "", "")]
    for duplicate in review.duplicates:
        kept, other = duplicate.kept, duplicate.other
        rows.append(
            ("possible duplicate", compact(kept.iri), kept.label, _classes(specific_classes(kept.types)), compact(other.iri), other.label,
             ", ".join(compact(g) for g in kept.graphs), "", "", f"similarity {duplicate.similarity:.0f}, {duplicate.shared:.0%} of the words shared", "")
        )  # fmt: skip
    if review.earlier_duplicates:
        rows.append(("earlier duplicates", "", "", "", "", "", "", "", "", str(review.earlier_duplicates), ""))
    if provenance(review):
        rows.append(("provenance", "", "", "", "", "", "", "", "", provenance(review).split(": ", 1)[1], ""))
    return "".join("\t".join(_cell(cell) for cell in row) + "\n" for row in rows)


# --- JSON ---------------------------------------------------------------------------------------------------------


def _json_term(node: Node | None, review: Review) -> dict[str, Any] | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        return {"name": compact(node), "iri": str(node), "label": review.labels.get(node)}
    return {"value": term_text(node)}


def _json_entity(entity: Entity) -> dict[str, Any]:
    return {
        "name": compact(entity.iri),
        "iri": str(entity.iri),
        "label": entity.label,
        "graphs": [compact(graph) for graph in entity.graphs],
        "sections": list(entity.sections),
    }


def structure(review: Review) -> dict[str, Any]:
    """The review as JSON-ready data (the structure docs/review.md documents)."""
    counts = review.counts()
    return {
        "summary": {
            "headline": headline(review),
            "entities": len(review.entities),
            "graphs": [compact(graph) for graph in review.graphs],
            "statements": review.statements,
            **counts,
        },
        "by_class": [{"classes": [compact(c) for c in classes], **numbers} for classes, numbers in review.by_class()],
        "entities": [
            {
                "change": entity.kind,
                **(_json_term(entity.iri, review) or {}),
                "classes": [compact(cls) for cls in entity.classes],
                "successor": _json_term(entity.successor, review),
                "tombstone": entity.tombstone,
                "references": entity.references,
                "detected": None
                if entity.rename is None
                else {"context": round(entity.rename.context, 3), "similarity": round(entity.rename.similarity, 1)},
                "statements": [
                    {
                        "graph": compact(c.graph),
                        "change": "added" if c.sign == "+" else "removed",
                        "property": compact(c.predicate),
                        "value": _json_term(c.value, review),
                    }
                    for c in entity.changes
                ],
            }
            for entity in review.entities
        ],
        "duplicates": [
            {
                "similarity": round(d.similarity, 1),
                "shared": round(d.shared, 3),
                "classes": [compact(c) for c in specific_classes(d.kept.types)],
                "kept": _json_entity(d.kept),
                "other": _json_entity(d.other),
            }
            for d in review.duplicates
        ],
        "earlier_duplicates": review.earlier_duplicates,
        "provenance": {compact(prop): count for prop, count in review.bookkeeping},
    }


# --- HTML ---------------------------------------------------------------------------------------------------------

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.2em 0.6em; text-align: left; vertical-align: top; }
td.n { text-align: right; }
code { font-size: 0.95em; }
.removed { color: #a40000; } .added { color: #006400; }
section { border-top: 1px solid #bbb; margin-top: 1em; }
p.hint code { background: #f4f4f4; }
"""


def _h(value: str) -> str:
    return html.escape(value, quote=True)


def _html_named(node: Node | None, review: Review) -> str:
    if node is None:
        return ""
    if not isinstance(node, URIRef):
        return f"<code>{_h(term_text(node))}</code>"
    name = f"<code>{_h(compact(node))}</code>"
    if str(node).lower().startswith(("http://", "https://")):
        name = f'<a href="{_h(str(node))}">{name}</a>'
    label = review.labels.get(node)
    return name + (f" {_h(label)}" if label else "")


def page(review: Review) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8"><title>hipskg review</title>',
        f"<style>{_STYLE}</style></head>",
        "<body>",
        f"<h1>{_h(headline(review))}</h1>",
    ]
    if review.differs:
        parts.append("<table><tr><th>class</th>" + "".join(f"<th>{kind}</th>" for kind in KINDS) + "</tr>")
        parts += [
            f"<tr><td>{_h(_classes(classes))}</td>" + "".join(f'<td class="n">{n}</td>' for n in counts.values()) + "</tr>"
            for classes, counts in review.by_class()
        ]
        parts.append("</table>")
        parts += [_html_entity(entity, review) for entity in review.entities]
    parts += [_html_duplicate(duplicate) for duplicate in review.duplicates]
    parts += [f"<p>{_h(line)}</p>" for line in (earlier_duplicates(review), provenance(review)) if line]
    if review.differs:
        parts.append(f"<p>{_h(headline(review))}</p>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _html_entity(entity: EntityChange, review: Review) -> str:
    title = f"{_h(entity.kind)} {_html_named(entity.iri, review)}"
    if entity.successor is not None:
        title += f" → {_html_named(entity.successor, review)}"
    rows = "".join(
        f'<tr class="{"added" if c.sign == "+" else "removed"}"><td><code>{_h(compact(c.graph))}</code></td>'
        f"<td>{'added' if c.sign == '+' else 'removed'}</td><td><code>{_h(compact(c.predicate))}</code></td>"
        f"<td>{_html_named(c.value, review)}</td></tr>"
        for c in entity.changes
    )
    table = f"<table><tr><th>graph</th><th>change</th><th>property</th><th>value</th></tr>{rows}</table>" if rows else ""
    notes = "".join(f"<p>{_h(note)}</p>" for note in _notes(entity))
    hints = "".join(f'<p class="hint">{_h(what)}: <code>{_h(how)}</code></p>' for what, how in _rename_hints(entity))
    return f"<section><h2>{title}</h2><p>{_h(_classes(entity.classes))}</p>{table}{notes}{hints}</section>"


def _html_duplicate(duplicate: Duplicate) -> str:
    items = "".join(
        f"<li><code>{_h(compact(e.iri))}</code> {_h(e.label)}: {_h(_origin(e))}</li>" for e in (duplicate.kept, duplicate.other)
    )
    hints = "".join(f'<p class="hint">{_h(what)}: <code>{_h(how)}</code></p>' for what, how in _duplicate_hints(duplicate))
    return f"<section><h2>{_h(_duplicate_title(duplicate))}</h2><ul>{items}</ul>{hints}</section>"
