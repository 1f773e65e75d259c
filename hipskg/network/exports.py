"""A view as GraphML, GEXF or node-link JSON, byte-identical for the same graph.

The view adds nodes and edges in sorted order, and these writers keep it; GEXF's
``lastmodifieddate`` (the day of writing) is left out.
"""

import json
from pathlib import Path

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from hipskg.formats import NETWORK_FORMATS
from hipskg.network.views import NetworkError, View
from hipskg.rdfio import write_atomically

EXPORT_FORMATS = NETWORK_FORMATS


def export_format(path: Path | None, fmt: str | None = None) -> str:
    """The export format asked for, else the one the file's extension names."""
    if fmt is not None:
        if fmt not in EXPORT_FORMATS:
            raise NetworkError(f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
        return fmt
    suffix = path.suffix.lower() if path is not None else ""
    for name, extension in EXPORT_FORMATS.items():
        if suffix == extension:
            return name
    raise NetworkError(
        f"{path}: cannot tell the export format from {suffix or 'no extension'!r}: "
        f"use {', '.join(EXPORT_FORMATS.values())} or --export {'|'.join(EXPORT_FORMATS)}"
    )


def serialize(view: View, fmt: str) -> str:
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(view.graph)) + "\n"
    if fmt == "gexf":
        return _gexf(view.graph)
    if fmt == "json":
        return json.dumps(nx.node_link_data(view.graph, edges="edges"), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    raise NetworkError(f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")


def _gexf(graph: nx.Graph) -> str:
    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    writer.add_graph(graph)
    return str(writer) if str(writer).endswith("\n") else str(writer) + "\n"


def write(view: View, path: Path, fmt: str | None = None) -> str:
    """Write the view to ``path`` atomically; the format used."""
    fmt = export_format(path, fmt)
    write_atomically(path, serialize(view, fmt))
    return fmt
