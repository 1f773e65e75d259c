"""The analyse step: network views of the graph, their analyses, exports and drawings.

A view is a SPARQL SELECT file in ``queries/views/`` (with the catalogue's header) returning
``?source ?relation ?target ?graph`` rows; :func:`build` turns its rows over a loaded dataset into a
networkx graph whose nodes are keyed by IRI and carry ``label``, ``iri`` and ``kind``, and whose
edges carry ``relation``, ``label`` and ``graphs`` (the named graphs stating the edge). Nothing here
writes into the data.
"""

from hipskg.network.analysis import ANALYSES, Table, analyse, render
from hipskg.network.draw import draw
from hipskg.network.exports import EXPORT_FORMATS, export_format, serialize, write
from hipskg.network.views import SHAPES, NetworkError, Shape, View, build, definition, definitions

__all__ = [
    "ANALYSES",
    "EXPORT_FORMATS",
    "SHAPES",
    "NetworkError",
    "Shape",
    "Table",
    "View",
    "analyse",
    "build",
    "definition",
    "definitions",
    "draw",
    "export_format",
    "render",
    "serialize",
    "write",
]
