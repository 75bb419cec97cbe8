"""A figure fitted to a known width for an image: what chartfit.js does on the pages, estimated.

An exported image runs no script, so before drawing it each direct label (labels.py) is set
to its longest variant that fits among the others at that width, or left out; lane names and
the title are cut to the width, and short panels get fewer value ticks.
"""

import copy
import datetime as dt
import re

from .labels import GAP, LABEL_FONT, shorten, text_width
from .text import esc

NUMBER_MARGIN = 60  # room plotly's automargin takes for value tick labels such as "US$1.5B"
TICK_SPACING = 25  # pixels per value tick at least
OFFSET = 6  # pixels between a point and its label


def fit_for_print(figure, width, height):
    """A copy of the figure whose labels fit `width` x `height` pixels."""
    figure = copy.deepcopy(figure)
    layout = figure["layout"]
    margin = layout.get("margin", {})
    plot = Plot(layout, figure["data"], width, height)
    title = layout.get("title", {})
    if title.get("text"):
        title["text"] = esc(shorten(_plain(title["text"]), width - 30, 18))
    for note in layout.get("annotations", []):
        if note.get("name") in ("lane", "row"):
            bold = note["text"].startswith("<b>")
            text = esc(shorten(_plain(note["text"]), plot.width - 20, note["font"]["size"]))
            note["text"] = f"<b>{text}</b>" if bold else text
    for key, axis in layout.items():
        if key.startswith("yaxis") and axis.get("showticklabels", True) and "domain" in axis:
            pixels = (axis["domain"][1] - axis["domain"][0]) * plot.height
            axis["nticks"] = max(2, int(pixels // TICK_SPACING))
    notes = layout.get("annotations", [])
    taken = [plot.lane_box(note) for note in notes if note.get("name") in ("lane", "row")]
    traces = [trace for trace in figure["data"] if "labels" in (trace.get("meta") or {})]
    traces.sort(key=lambda trace: -trace["meta"].get("priority", 0))
    for trace in traces:
        texts = []
        for x, y, text in zip(trace["x"], trace["y"], trace["text"], strict=True):
            chosen = ""
            for variant in trace["meta"]["labels"].get(text, []):
                box = plot.label_box(trace, x, y, variant)
                if box and plot.holds(box) and not any(_overlap(box, other) for other in taken):
                    taken.append(box)
                    chosen = esc(variant)
                    break
            texts.append(chosen)
        trace["text"] = texts
    margin["l"] = plot.left
    return figure


class Plot:
    """Pixel positions in an image of the figure, from its axes' ranges as plotly sets them."""

    def __init__(self, layout, traces, width, height):
        margin = layout.get("margin", {})
        numbers = any(
            axis.get("showticklabels", True)
            for key, axis in layout.items()
            if key.startswith("yaxis") and isinstance(axis, dict)
        )
        self.left = max(margin.get("l", 0), NUMBER_MARGIN if numbers else 0)
        self.top = margin.get("t", 0)
        self.width = width - self.left - margin.get("r", 0)
        self.height = height - self.top - margin.get("b", 0)
        self.layout = layout
        self.x_range = self._x_range(layout.get("xaxis", {}), traces)
        self.y_ranges = self._y_ranges(layout, traces)

    @staticmethod
    def _x_range(axis, traces):
        if axis.get("range"):
            return [_number(value) for value in axis["range"]]
        values = []
        for trace in traces:
            if trace["type"] == "bar":
                values += [_number(base) for base in trace["base"]]
            else:
                values += [_number(value) for value in trace.get("x") or () if value is not None]
        if not values:  # nothing drawn: no label to place either
            return [0, 1]
        low, high = min(values), max(values)
        pad = (high - low) * 0.05 or 1
        return [low - pad, high + pad]

    @staticmethod
    def _y_ranges(layout, traces):
        ranges = {}
        for trace in traces:
            ref = trace.get("yaxis", "y")
            values = [value for value in trace.get("y") or () if isinstance(value, (int, float))]
            if values:
                low, high = ranges.get(ref, (0, 0))
                ranges[ref] = (min(low, *values), max(high, *values))
        for ref in list(ranges):
            axis = layout.get("yaxis" + ref[1:], {})
            if axis.get("range"):
                ranges[ref] = tuple(axis["range"])
            else:
                low, high = ranges[ref]
                pad = (high - low) * 0.06 or 1
                ranges[ref] = (low - pad if low < 0 else low, high + pad)
        return ranges

    def x(self, value):
        low, high = self.x_range
        return self.left + (_number(value) - low) / (high - low) * self.width

    def y(self, ref, value):
        axis = self.layout.get("yaxis" + ref[1:], {})
        bottom, top = axis.get("domain", [0, 1])
        low, high = self.y_ranges[ref]
        share = bottom + (value - low) / ((high - low) or 1) * (top - bottom)
        return self.top + (1 - share) * self.height

    def label_box(self, trace, x, y, text):
        if x is None or y is None:
            return None
        size = trace.get("textfont", {}).get("size", LABEL_FONT)
        wide, tall = text_width(text, size), size * 1.3
        px, py = self.x(x), self.y(trace.get("yaxis", "y"), y)
        vertical, horizontal = trace.get("textposition", "top center").split()
        left = {"left": px - OFFSET - wide, "right": px + OFFSET}.get(horizontal, px - wide / 2)
        top = py - OFFSET - tall if vertical == "top" else py + OFFSET
        return (left, top, left + wide, top + tall)

    def lane_box(self, note):
        size = note.get("font", {}).get("size", 12)
        wide, tall = text_width(_plain(note["text"]), size), size * 1.3
        if note["yref"] == "paper":
            py = self.top + (1 - note["y"]) * self.height
        else:
            py = self.y(note["yref"], note["y"])
        top = py - tall if note.get("yanchor") == "bottom" else py
        return (self.left, top, self.left + wide, top + tall)

    def holds(self, box):
        return self.left - GAP <= box[0] and box[2] <= self.left + self.width + GAP


def _overlap(a, b):
    return a[0] < b[2] + GAP and b[0] < a[2] + GAP and a[1] < b[3] + GAP and b[1] < a[3] + GAP


def _number(value):
    """A date axis value ("2020-03-01", "2020-03-01 23:59:59") as days, a number as itself."""
    if isinstance(value, (int, float)):
        return value
    moment = dt.datetime.fromisoformat(value)
    return (moment - dt.datetime(1970, 1, 1)).total_seconds() / 86400


def _plain(html):
    """Text of a plotly string: tags dropped, the three escaped characters restored."""
    text = re.sub(r"<[^>]*>", "", html)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
