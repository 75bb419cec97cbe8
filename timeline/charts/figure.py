"""The timeline figure of one negotiation: its lanes' panels stacked on one shared date axis."""

import datetime as dt
from dataclasses import replace

import orjson

from .. import lod
from ..colors import party_colors
from .dates import day_text, end_of_day, span
from .parts import (
    _events_panel,
    _position_panels,
    _rounds_panel,
    _statements_panel,
)
from .text import esc
from .theme import THEMES, apply_theme

ROUND_SHADING_LIMIT = 60
# The range slider draws every SVG trace a second time, so each zoom redraws twice,
# and plotly draws no WebGL trace in it: it is kept for small all-SVG figures only.
RANGESLIDER_POINT_LIMIT = 300

PANEL_GAP = 0.045


def figure_json_bytes(fig):
    """The figure as compact JSON bytes."""
    return orjson.dumps(fig)


def extent(data):
    """(first day, last day) over every dated record, or None when nothing is dated."""
    firsts, lasts = [], []
    for row in data.rounds:
        first, last = span(row.start, row.end)
        firsts.append(first)
        lasts.append(last)
    for row in data.events:
        first, last = span(row.date, row.end)
        firsts.append(first)
        lasts.append(last)
    for row in (*data.statements, *data.positions):
        if row.date is not None:
            firsts.append(row.date.earliest)
            lasts.append(row.date.latest)
    binned = lod.bins_extent(data.bins)
    if binned:
        firsts.append(binned[0])
        lasts.append(binned[1])
    return (min(firsts), max(lasts)) if firsts else None


def undated_note(positions):
    """ "1 position without a date, listed in the table", or "" when every one is dated."""
    count = sum(1 for row in positions if row.date is None)
    if not count:
        return ""
    noun = "position" if count == 1 else "positions"
    return f"{count} {noun} without a date, listed in the table"


def view_extent(data):
    """The extent of everything but baselines: where the negotiation itself happens."""
    positions = tuple(row for row in data.positions if row.kind != "baseline")
    return extent(replace(data, positions=positions))


def build_figure(data, params):
    """The timeline of one negotiation as a plotly figure dict."""
    bounds = extent(data)
    colors = party_colors(
        data.all_parties or {r.party for r in (*data.statements, *data.positions)}
    )
    bins = data.bins
    panels = []
    if data.rounds:
        panels.append(_rounds_panel(data.rounds))
    elif bins.get("rounds"):
        panels.append(lod.binned_panel(bins["rounds"], "rounds"))
    if data.events:
        panels.append(_events_panel(data.events))
    elif bins.get("events"):
        panels.append(lod.binned_panel(bins["events"], "events"))
    if data.statements:
        panels.append(_statements_panel(data.statements, colors))
    elif bins.get("statements"):
        panels.append(lod.binned_panel(bins["statements"], "statements", colors))
    if data.positions and bounds:
        panels.extend(_position_panels(data.positions, colors, bounds[1]))
    elif bins.get("positions"):
        panels.append(lod.binned_panel(bins["positions"], "positions", colors))
    figure = _assemble(panels, esc(data.negotiation.title), params.theme, params.height)
    layout = figure["layout"]
    # Positions without a date have no place on a date axis; the page says how many.
    layout["meta"]["undated"] = undated_note(data.positions)
    if bins:
        # timeline.js reloads the view for a new zoom when a lane is binned or windowed.
        layout["meta"]["lod"] = {
            "binned": sorted(lane for lane in bins if bins[lane]),
            "windowed": sorted(lane for lane in bins if not bins[lane]),
        }
    view = view_extent(data) or bounds
    if bounds and (params.start or params.end):
        layout["xaxis"]["range"] = [
            day_text(params.start or bounds[0]),
            end_of_day(params.end or bounds[1]),
        ]
        layout["xaxis"]["autorange"] = False
    elif view and view[0] > bounds[0]:
        # A baseline years before the first round would squeeze the negotiation into a corner.
        pad = max((view[1] - view[0]) / 30, dt.timedelta(days=3))
        layout["xaxis"]["range"] = [day_text(view[0] - pad), end_of_day(view[1] + pad)]
        layout["xaxis"]["autorange"] = False
    shapes = []
    if 0 < len(data.rounds) <= ROUND_SHADING_LIMIT:
        shapes += _round_shading(data.rounds)
    if params.as_of:
        shapes.append(_as_of_line(params.as_of, params.theme))
        layout["annotations"].append(_as_of_label(params.as_of))
    layout["shapes"] = shapes
    if not wants_rangeslider(figure["data"]):
        layout["xaxis"].pop("rangeslider", None)
    if not panels:
        layout["annotations"].append(
            {
                "text": "Nothing recorded for this view",
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "font": {"size": 16},
            }
        )
    return figure


def wants_rangeslider(traces):
    """Whether a range slider helps: no WebGL trace (it would show empty) and few points."""
    if any(trace["type"] == "scattergl" for trace in traces):
        return False
    points = sum(len(trace.get("x") or ()) for trace in traces)
    return points <= RANGESLIDER_POINT_LIMIT


def _round_shading(rounds):
    shapes = []
    for row in rounds:
        first, last = span(row.start, row.end)
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": day_text(first),
                "x1": end_of_day(last),
                "y0": 0,
                "y1": 1,
                "fillcolor": "rgba(128, 128, 128, 0.12)",
                "line": {"width": 0},
                "layer": "below",
            }
        )
    return shapes


def _as_of_line(day, theme):
    color = THEMES["dark" if theme == "dark" else "light"]["accent"]
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": day_text(day),
        "x1": day_text(day),
        "y0": 0,
        "y1": 1,
        "line": {"color": color, "width": 2, "dash": "dash"},
        "name": "as_of",
    }


def _as_of_label(day):
    return {
        "text": f"as of {day.day} {day:%B %Y}",
        "xref": "x",
        "yref": "paper",
        "x": day_text(day),
        "y": 1,
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": 12},
    }


def lane_annotations(panel, ref, top):
    """A panel's name above it, at the left, and each row's name (a party) at its row."""
    notes = []
    if panel.get("label"):
        notes.append(
            {
                "text": f"<b>{panel['label']}</b>",
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": top,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 12},
                "name": "lane",
            }
        )
    # Under its row, so the top row's name never meets the panel's name above it.
    above = panel.get("row_labels_above", False)
    for row, text, color in panel.get("row_labels", ()):
        notes.append(
            {
                "text": text,
                "xref": "paper",
                "yref": ref,
                "x": 0,
                "y": row + 0.12 if above else row - 0.15,
                "xanchor": "left",
                "yanchor": "bottom" if above else "top",
                "showarrow": False,
                "font": {"size": 11, "color": color},
                "name": "row",
            }
        )
    return notes


def _assemble(panels, title, theme_name, height=None, xaxis=None):
    """Stack panels top to bottom on one shared x axis; returns the figure dict."""
    theme = THEMES["dark" if theme_name == "dark" else "light"]
    count = max(len(panels), 1)
    total = sum(panel["weight"] for panel in panels) or 1
    usable = 1 - PANEL_GAP * (count - 1)
    layout = {
        "title": {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 18}},
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        # Narrow margins: lanes and series are labelled inside the plot, not in a legend.
        "margin": {"l": 12, "r": 12, "t": 70, "b": 30},
        "height": height or int(min(max(180 + total * 80, 420), 1600)),
        "showlegend": False,
        # Bars of different traces (negotiations compared) stay on their own rows, not grouped.
        "barmode": "overlay",
        "annotations": [],
        "meta": {"theme": theme_name},
    }
    top = 1.0
    names = []
    for index, panel in enumerate(panels):
        name = "yaxis" if index == 0 else f"yaxis{index + 1}"
        ref = "y" if index == 0 else f"y{index + 1}"
        height = usable * panel["weight"] / total
        axis = {"domain": [max(top - height, 0), top], "fixedrange": True, "zeroline": False}
        axis.update(panel["axis"])
        layout[name] = axis
        names.append(ref)
        layout["annotations"] += lane_annotations(panel, ref, top)
        for trace in panel["traces"]:
            trace["yaxis"] = ref
            trace["xaxis"] = "x"
        top -= height + PANEL_GAP
    layout["xaxis"] = xaxis or {
        "type": "date",
        "anchor": names[-1] if names else "y",
        "rangeslider": {"visible": True, "thickness": 0.06},
        "showgrid": True,
        # Clear of the lowest panel's "0", which sits in the same corner.
        "ticklabelstandoff": 8,
    }
    if not panels:
        layout["yaxis"] = {"visible": False}
    apply_theme(layout, theme)
    return {"data": [trace for panel in panels for trace in panel["traces"]], "layout": layout}
