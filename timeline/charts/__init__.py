"""Plotly figures from timeline data: plain rows in, a figure dict out; no ORM, no request.

Lanes share one date axis, top to bottom: rounds, events, statements (a row per
party), then one panel per currency or unit of the positions, so amounts in
different currencies never share an axis. A date known only to the month or
year is drawn as a band over every day it could be, with a hollow marker in the
middle for hover and click, never as a point on the 1st. Every piece of user
text is HTML-escaped (`text.esc`), because plotly renders a subset of HTML in text.

`figure` builds the timeline from the panels of `parts`, `compare` the comparison,
`details` the side panel's record details; `dates` places partial dates and `theme`
colours a layout light or dark.
"""

from .compare import build_comparison_figure
from .details import record_details
from .figure import RANGESLIDER_POINT_LIMIT, build_figure, figure_json_bytes
from .parts import GL_THRESHOLD
from .text import esc
from .theme import THEMES

__all__ = [
    "GL_THRESHOLD",
    "RANGESLIDER_POINT_LIMIT",
    "THEMES",
    "build_comparison_figure",
    "build_figure",
    "esc",
    "figure_json_bytes",
    "record_details",
]
