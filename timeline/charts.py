"""Plotly figures from timeline data: plain rows in, a figure dict out; no ORM, no request.

Lanes share one date axis, top to bottom: rounds, events, statements (a row per
party), then one panel per currency or unit of the positions, so amounts in
different currencies never share an axis. A date known only to the month or
year is drawn as a band over every day it could be, with a hollow marker in the
middle for hover and click, never as a point on the 1st. Every piece of user
text is HTML-escaped, because plotly renders a subset of HTML in text.
"""

import datetime as dt
import html
import re
from collections import Counter
from functools import lru_cache

import orjson

from tracker.amounts import SYMBOLS
from tracker.partialdate import DAY

from . import lod
from .colors import NEUTRAL, party_colors, series_color
from .data import UNATTRIBUTED

GL_THRESHOLD = 1000
ROUND_SHADING_LIMIT = 60
# The range slider draws every SVG trace a second time, so each zoom redraws twice,
# and plotly draws no WebGL trace in it: it is kept for small all-SVG figures only.
RANGESLIDER_POINT_LIMIT = 300
ROUND_LABEL_LIMIT = 60  # beyond this many rounds, numbers would overprint: hover only
DAY_MS = 86_400_000
PANEL_GAP = 0.045
EVENT_COLOR = "#7F7F7F"
KIND_STYLE = {
    "demand": {"dash": "solid", "symbol": "circle"},
    "offer": {"dash": "dash", "symbol": "diamond"},
    "agreed": {"dash": "solid", "symbol": "star"},
}
# Filled when dated to the day, the "-open" variant when known only to the month or year.
STATEMENT_SYMBOLS = {"quote": "circle", "paraphrase": "triangle-up", "report": "square"}
THEMES = {
    "light": {
        "paper": "#ffffff",
        "plot": "#ffffff",
        "text": "#1f2328",
        "grid": "#e4e7eb",
        "line": "#9aa1a9",
        "accent": "#b42318",
        "slider": "#f3f4f6",
    },
    "dark": {
        "paper": "#16191d",
        "plot": "#16191d",
        "text": "#e6e8eb",
        "grid": "#2c3138",
        "line": "#5b636d",
        "accent": "#ff8a7a",
        "slider": "#22262c",
    },
}


def esc(text):
    """User text made safe for plotly, which renders <b>, <a href> and <br> in strings."""
    return html.escape(str(text), quote=False)


# A line of up to 72 characters ending at a space, or one longer word on its own.
_HOVER_LINE = re.compile(r"(.{1,72}(?= |$)|\S+) ?")


def wrap(text, limit=320):
    """Escaped text broken into <br>-separated lines for hover labels, cut at `limit`."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    # Escaping first is safe: entities hold no spaces, so no line break splits one.
    return "<br>".join(_HOVER_LINE.findall(esc(text)))


def figure_json_bytes(fig):
    """The figure as compact JSON bytes."""
    return orjson.dumps(fig)


# Dates ------------------------------------------------------------------------------------


def span(start, end=None):
    """(first day, last day) a partial date or a start..end pair could cover."""
    return start.earliest, max((end or start).latest, start.earliest)


def day_text(day):
    return day.isoformat()


def end_of_day(day):
    """The last moment of a day, as plotly reads dates."""
    return f"{day.isoformat()} 23:59:59"


def marker_x(start, end=None):
    """Where a marker goes: the day itself, or the middle of every day the date could be."""
    first, last = span(start, end)
    if start.precision == DAY:
        return day_text(start.earliest)
    middle = (
        dt.datetime.combine(first, dt.time())
        + (dt.datetime.combine(last, dt.time(23, 59, 59)) - dt.datetime.combine(first, dt.time()))
        / 2
    )
    return middle.isoformat(sep=" ", timespec="minutes")


def is_band(start, end=None):
    """True when a date covers more than one day and so is drawn as a band."""
    first, last = span(start, end)
    return last > first


# Building blocks --------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _source_label(label):
    return wrap(label, limit=120)


def _sources_text(sources):
    if not sources:
        return "<i>No source recorded</i>"
    first = sources[0]
    label = _source_label(first.label)
    more = f" (+{len(sources) - 1} more)" if len(sources) > 1 else ""
    return f"<i>Source: {label}</i>{more}"


def _band_trace(rows, y_of, dates_of, color, name, group, width=7, gl=False):
    """Horizontal bands over every day imprecise dates could be, in one trace.

    `y_of` gives a row's height, or a list of heights for a band each (both ends of a
    range).
    """
    xs, ys = [], []
    for row in rows:
        start, end = dates_of(row)
        if start is None or not is_band(start, end):
            continue
        first, last = span(start, end)
        heights = y_of(row)
        for y in heights if isinstance(heights, list) else [heights]:
            xs += [day_text(first), end_of_day(last), None]
            ys += [y, y, None]
    if not xs:
        return None
    return {
        "type": "scattergl" if gl else "scatter",
        "mode": "lines",
        "x": xs,
        "y": ys,
        "line": {"color": color, "width": width},
        "opacity": 0.35,
        "hoverinfo": "skip",
        "showlegend": False,
        "legendgroup": group,
        "name": f"{name} (date span)",
    }


def _stack(xs, base_ys, step=0.22, levels=3):
    """Lift markers that share a row and an x so they do not hide each other."""
    seen = Counter()
    stacked = []
    for x, y in zip(xs, base_ys, strict=True):
        level = seen[(x, y)]
        seen[(x, y)] += 1
        stacked.append(y + step * (level % levels))
    return stacked


def _round_pattern(row):
    """Stripes for an inferred number, dots for a round no source numbers, solid otherwise."""
    if row.number is not None:
        return ""
    return "/" if row.number_inferred is not None else "."


def _rounds_panel(rounds):
    bases, widths, labels, hover, custom, patterns = [], [], [], [], [], []
    for row in rounds:
        first, last = span(row.start, row.end)
        bases.append(day_text(first))
        widths.append(((last - first).days + 1) * DAY_MS)
        labels.append(esc(row.label))
        patterns.append(_round_pattern(row))
        leads = "; ".join(f"{esc(person)} ({esc(party)})" for party, person in row.leads)
        lines = [f"<b>{esc(row.title)}</b>", esc(row.when)]
        if leads:
            lines.append(f"Leads: {leads}")
        lines.append(_sources_text(row.sources))
        hover.append("<br>".join(lines))
        custom.append(["rounds", row.id])
    trace = {
        "type": "bar",
        "orientation": "h",
        "name": "Rounds",
        "legendgroup": "rounds",
        "base": bases,
        "x": widths,
        "y": [0] * len(rounds),
        "width": 0.6,
        "text": labels if len(rounds) <= ROUND_LABEL_LIMIT else None,
        # Inside a bar wide enough (a round known only to the month), else after it.
        "textposition": "auto",
        "textangle": 0,
        "insidetextanchor": "start",
        "insidetextfont": {"color": "#ffffff", "size": 12},
        "cliponaxis": False,
        "textfont": {"size": 12},
        "marker": {
            "color": "#6C7A89",
            "line": {"color": "#6C7A89", "width": 1},
            "pattern": {"shape": patterns, "fillmode": "overlay", "solidity": 0.45},
        },
        "hovertext": hover,
        "hovertemplate": "%{hovertext}<extra></extra>",
        "customdata": custom,
    }
    axis = {"tickvals": [0], "ticktext": ["Rounds"], "range": [-0.7, 0.7]}
    return {"weight": 0.7, "traces": [trace], "axis": axis}


def _events_panel(events):
    xs = [marker_x(row.date, row.end) for row in events]
    ys = _stack(xs, [0] * len(events), step=0.3)
    y_of = dict(zip((row.id for row in events), ys, strict=True))
    hover = [
        f"<b>{esc(row.when)}</b><br>{wrap(row.title)}<br>{_sources_text(row.sources)}"
        for row in events
    ]
    markers = {
        "type": "scatter",
        "mode": "markers",
        "name": "Events",
        "legendgroup": "events",
        "x": xs,
        "y": ys,
        "marker": {
            "color": EVENT_COLOR,
            "size": 11,
            "symbol": [
                "diamond" if row.date.precision == DAY else "diamond-open" for row in events
            ],
            "line": {"width": 2, "color": EVENT_COLOR},
        },
        "hovertext": hover,
        "hovertemplate": "%{hovertext}<extra></extra>",
        "customdata": [["events", row.id] for row in events],
    }
    band = _band_trace(
        events,
        lambda row, y_of=y_of: y_of[row.id],
        lambda row: (row.date, row.end),
        EVENT_COLOR,
        "Events",
        "events",
    )
    axis = {"tickvals": [0], "ticktext": ["Events"], "range": [-0.5, 1.0]}
    return {"weight": 0.8, "traces": [t for t in (band, markers) if t], "axis": axis}


def _party_rows(parties):
    """Row index per party, first party on top, unattributed last."""
    ordered = sorted(p for p in parties if p != UNATTRIBUTED)
    if UNATTRIBUTED in parties:
        ordered.append(UNATTRIBUTED)
    return {party: len(ordered) - 1 - index for index, party in enumerate(ordered)}


def _statement_hover(row):
    who = f"<b>{esc(row.speaker or 'Unnamed speaker')}</b>"
    if row.party != UNATTRIBUTED:
        who += f" ({esc(row.party)})"
    lines = [f"<b>{esc(row.when)}</b>", who]
    if row.speaker_title:
        lines.append(wrap(row.speaker_title, limit=120))
    quote = wrap(row.quote)
    lines.append(f"“{quote}”" if row.kind == "quote" else quote)
    lines.append(_sources_text(row.sources))
    return "<br>".join(lines)


def _party_lane(rows, colors, lane, title, name_of, symbol_of, hover_of, gl=False):
    """A panel with a row per party: markers at dates, bands over imprecise ones."""
    party_rows = _party_rows({row.party for row in rows})
    by_party = {}
    for row in rows:
        by_party.setdefault(row.party, []).append(row)
    traces = []
    for party in sorted(by_party, key=lambda name: -party_rows[name]):
        members = by_party[party]
        color = colors.get(party, NEUTRAL)
        name, group = name_of(party), f"{lane}-{party}"
        xs = [marker_x(row.date) for row in members]
        base = [party_rows[party]] * len(members)
        ys = base if gl else _stack(xs, base)  # no stacking among thousands of points
        y_of = dict(zip((row.id for row in members), ys, strict=True))
        band = _band_trace(
            members,
            lambda row, y_of=y_of: y_of[row.id],
            lambda row: (row.date, None),
            color,
            name,
            group,
            gl=gl,
        )
        if band:
            traces.append(band)
        traces.append(
            {
                "type": "scattergl" if gl else "scatter",
                "mode": "markers",
                "name": name,
                "legendgroup": group,
                "x": xs,
                "y": ys,
                "marker": {
                    "color": color,
                    "size": 10,
                    "symbol": [symbol_of(row) for row in members],
                    "line": {"width": 2, "color": color},
                },
                "hovertext": [hover_of(row) for row in members],
                "hovertemplate": "%{hovertext}<extra></extra>",
                "customdata": [[lane, row.id] for row in members],
            }
        )
    axis = {
        "tickvals": list(party_rows.values()),
        "ticktext": [esc(party) for party in party_rows],
        "range": [-0.6, len(party_rows) - 0.1],
        "title": {"text": title},
    }
    return {"traces": traces, "axis": axis, "rows": len(party_rows)}


def _statement_symbol(row):
    symbol = STATEMENT_SYMBOLS.get(row.kind, "circle")
    return symbol if row.date.precision == DAY else symbol + "-open"


def _statements_panel(statements, colors):
    panel = _party_lane(
        statements,
        colors,
        "statements",
        "Statements",
        lambda party: f"Statements: {esc(party)}",
        _statement_symbol,
        _statement_hover,
        gl=len(statements) > GL_THRESHOLD,
    )
    return {**panel, "weight": 0.4 + 0.4 * panel["rows"]}


def _position_hover(row):
    lines = [
        f"<b>{esc(row.when)}</b>",
        f"<b>{esc(row.party)}</b> {esc(row.kind)}: {esc(row.figure or 'no figure')}",
    ]
    if row.period:
        lines.append(f"Period: {esc(row.period)}")
    if row.note:
        lines.append(wrap(row.note, limit=200))
    lines.append(_sources_text(row.sources))
    return "<br>".join(lines)


def _value(row):
    if row.amount is not None:
        return float(row.amount)
    return float(row.percent_change)


def _position_panels(positions, colors, chart_end):
    """One panel per currency or unit, one for bare percentages, one for figureless positions."""
    dated = [row for row in positions if row.date is not None]
    counts = Counter(row.measure for row in dated if row.measure)
    # Most used first, so the main currency sits under the statements; percentages last.
    measures = sorted(counts, key=lambda measure: (measure == "%", -counts[measure]))
    panels = [
        _measure_panel(measure, [row for row in dated if row.measure == measure], colors, chart_end)
        for measure in measures
    ]
    figureless = [row for row in dated if not row.measure]
    if figureless:
        panels.append(_figureless_panel(figureless, colors))
    return panels


def _measure_panel(measure, rows, colors, chart_end):
    traces = []
    series = {}
    for row in rows:
        series.setdefault((row.party, row.kind), []).append(row)
    for (party, kind), members in series.items():
        color = colors.get(party, NEUTRAL)
        group = f"positions-{measure}-{party}-{kind}"
        name = f"{esc(party)} {kind} ({esc(measure)})"
        if kind == "baseline":
            traces.extend(_baseline_traces(members, color, name, group, chart_end))
            continue
        traces.extend(_series_traces(members, color, name, group, kind))
    axis = {
        "title": {"text": "% change" if measure == "%" else esc(measure)},
        "rangemode": "tozero",
    }
    if measure == "%":
        axis["ticksuffix"] = "%"
    else:
        axis["exponentformat"] = "B"
        if measure in SYMBOLS:
            axis["tickprefix"] = SYMBOLS[measure]
    return {"weight": 1.0 if measure == "%" else 1.6, "traces": traces, "axis": axis}


def _baseline_traces(members, color, name, group, chart_end):
    xs, ys, labels, hover, custom = [], [], [], [], []
    for row in members:
        if row.amount is None and row.percent_change is None:
            continue
        first, _ = span(row.date)
        value = _value(row)
        text = _position_hover(row)
        xs += [day_text(first), end_of_day(max(chart_end, first)), None]
        ys += [value, value, None]
        labels += [esc(f"{row.when} baseline: {row.figure}"), "", ""]
        hover += [text, text, None]
        custom += [["positions", row.id], ["positions", row.id], None]
    return [
        {
            "type": "scatter",
            "mode": "lines+text",
            "text": labels,
            "textposition": "top right",
            "textfont": {"size": 11, "color": color},
            "name": name,
            "legendgroup": group,
            "x": xs,
            "y": ys,
            "line": {"color": color, "width": 2, "dash": "dot"},
            "hovertext": hover,
            "hovertemplate": "%{hovertext}<extra></extra>",
            "customdata": custom,
        }
    ]


def _series_traces(members, color, name, group, kind):
    style = KIND_STYLE.get(kind, KIND_STYLE["demand"])
    points, ranges = [], []
    for row in members:
        single = row.amount is not None or row.amount_min is None and row.amount_max is None
        (points if single else ranges).append(row)
    traces = []
    if points:
        band = _band_trace(
            points, _value, lambda row: (row.date, None), color, name, group, width=9
        )
        if band:
            traces.append(band)
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": name,
                "legendgroup": group,
                "x": [marker_x(row.date) for row in points],
                "y": [_value(row) for row in points],
                "line": {"color": color, "width": 2, "dash": style["dash"], "shape": "hv"},
                "marker": {
                    "color": color,
                    "size": 11,
                    "symbol": [
                        style["symbol"] if row.date.precision == DAY else style["symbol"] + "-open"
                        for row in points
                    ],
                    "line": {"width": 2, "color": color},
                },
                "hovertext": [_position_hover(row) for row in points],
                "hovertemplate": "%{hovertext}<extra></extra>",
                "customdata": [["positions", row.id] for row in points],
            }
        )
    if ranges:
        band = _band_trace(ranges, _range_ends, lambda row: (row.date, None), color, name, group)
        if band:
            traces.append(band)
        traces.append(_range_trace(ranges, color, name, group))
    return traces


def _range_ends(row):
    return [float(value) for value in (row.amount_min, row.amount_max) if value is not None]


def _range_trace(rows, color, name, group):
    """Ranges as vertical bars from the lowest to the highest figure given."""
    xs, ys, symbols, hover, custom = [], [], [], [], []
    for row in rows:
        x = marker_x(row.date)
        text = _position_hover(row)
        low = float(row.amount_min) if row.amount_min is not None else None
        high = float(row.amount_max) if row.amount_max is not None else None
        ends = [
            (value, symbol)
            for value, symbol in ((low, "triangle-up"), (high, "triangle-down"))
            if value is not None
        ]
        for value, symbol in ends:
            xs.append(x)
            ys.append(value)
            symbols.append("line-ew" if len(ends) == 2 else symbol)
            hover.append(text)
            custom.append(["positions", row.id])
        xs.append(None)
        ys.append(None)
        symbols.append("line-ew")
        hover.append(None)
        custom.append(None)
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": f"{name}, range",
        "legendgroup": group,
        "x": xs,
        "y": ys,
        "line": {"color": color, "width": 5},
        "marker": {
            "color": color,
            "size": 14,
            "symbol": symbols,
            "line": {"width": 3, "color": color},
        },
        "hovertext": hover,
        "hovertemplate": "%{hovertext}<extra></extra>",
        "customdata": custom,
    }


def _figureless_symbol(row):
    symbol = KIND_STYLE.get(row.kind, KIND_STYLE["demand"])["symbol"]
    return symbol if row.date.precision == DAY else symbol + "-open"


def _figureless_panel(rows, colors):
    panel = _party_lane(
        rows,
        colors,
        "positions",
        "No figure",
        lambda party: f"{esc(party)} positions without a figure",
        _figureless_symbol,
        _position_hover,
    )
    return {**panel, "weight": 0.3 + 0.35 * panel["rows"]}


# The timeline figure ----------------------------------------------------------------------


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
    if bins:
        # timeline.js reloads the view for a new zoom when a lane is binned or windowed.
        layout["meta"]["lod"] = {
            "binned": sorted(lane for lane in bins if bins[lane]),
            "windowed": sorted(lane for lane in bins if not bins[lane]),
        }
    if bounds and (params.start or params.end):
        layout["xaxis"]["range"] = [
            day_text(params.start or bounds[0]),
            end_of_day(params.end or bounds[1]),
        ]
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
        "margin": {"l": 130, "r": 20, "t": 60, "b": 30},
        "height": height or int(min(max(180 + total * 80, 420), 1600)),
        "showlegend": True,
        "legend": {"x": 1.01, "y": 1, "yanchor": "top", "font": {"size": 11}, "tracegroupgap": 4},
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
        for trace in panel["traces"]:
            trace["yaxis"] = ref
            trace["xaxis"] = "x"
        top -= height + PANEL_GAP
    layout["xaxis"] = xaxis or {
        "type": "date",
        "anchor": names[-1] if names else "y",
        "rangeslider": {"visible": True, "thickness": 0.06},
        "showgrid": True,
    }
    if not panels:
        layout["yaxis"] = {"visible": False}
    apply_theme(layout, theme)
    return {"data": [trace for panel in panels for trace in panel["traces"]], "layout": layout}


def apply_theme(layout, theme):
    """Colour a layout for a light or dark page (timeline.js does the same for theme=auto)."""
    layout["paper_bgcolor"] = theme["paper"]
    layout["plot_bgcolor"] = theme["plot"]
    layout["font"] = {
        "color": theme["text"],
        "family": "system-ui, -apple-system, Segoe UI, sans-serif",
    }
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis.update(
                {
                    "gridcolor": theme["grid"],
                    "linecolor": theme["line"],
                    "zerolinecolor": theme["line"],
                }
            )
            if "rangeslider" in axis:
                axis["rangeslider"]["bgcolor"] = theme["slider"]


# Comparison -------------------------------------------------------------------------------


def build_comparison_figure(datasets, params):
    """Two or more negotiations, a row each, on calendar dates or days since their first round."""
    relative = params.align == "relative"
    count = len(datasets)
    traces, ticktext = [], []
    for index, data in enumerate(datasets):
        y = count - 1 - index
        ticktext.append(esc(_short(data.negotiation.title)))
        origin = _origin(data)
        traces.extend(
            _comparison_traces(data, y, series_color(index), origin if relative else None)
        )
    rows = max(count, 1)
    panel = {
        "weight": 1,
        "traces": traces,
        "axis": {
            "tickvals": list(range(count - 1, -1, -1)),
            "ticktext": ticktext,
            "range": [-0.7, rows - 0.2],
        },
    }
    xaxis = (
        {
            "type": "linear",
            "title": {"text": "Days since the first round"},
            "anchor": "y",
            "showgrid": True,
            "zeroline": True,
        }
        if relative
        else None
    )
    titles = " · ".join(esc(data.negotiation.title) for data in datasets)
    title = f"Compared: {titles}" if datasets else "Compared"
    height = int(min(260 + 110 * rows, 1400))
    figure = _assemble([panel], title, params.theme, height, xaxis)
    figure["layout"]["yaxis"]["automargin"] = True
    return figure


def _short(title, limit=32):
    return title if len(title) <= limit else title[: limit - 1] + "…"


def _origin(data):
    """The first day of the first round, else the first dated record."""
    if data.rounds:
        return min(span(row.start, row.end)[0] for row in data.rounds)
    bounds = extent(data)
    return bounds[0] if bounds else None


def _comparison_traces(data, y, color, origin):
    def at(day):
        return (day - origin).days if origin is not None else day_text(day)

    title = esc(data.negotiation.title)
    traces = []
    if data.rounds:
        spans = [span(row.start, row.end) for row in data.rounds]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": f"{title}: rounds",
                "legendgroup": data.negotiation.slug,
                "base": [at(first) for first, _ in spans],
                "x": [
                    ((last - first).days + 1) * (1 if origin is not None else DAY_MS)
                    for first, last in spans
                ],
                "y": [y] * len(spans),
                "width": 0.45,
                "text": [esc(row.label) for row in data.rounds]
                if len(data.rounds) <= ROUND_LABEL_LIMIT
                else None,
                "textposition": "outside",
                "cliponaxis": False,
                "marker": {
                    "color": color,
                    "pattern": {"shape": [_round_pattern(row) for row in data.rounds]},
                },
                "hovertext": [
                    f"<b>{title}</b><br>{esc(row.title)}<br>{esc(row.when)}" for row in data.rounds
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
                "customdata": [["rounds", row.id, data.negotiation.slug] for row in data.rounds],
            }
        )
    if data.events:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": f"{title}: events",
                "legendgroup": data.negotiation.slug,
                "x": [
                    at(span(row.date, row.end)[0])
                    if origin is not None
                    else marker_x(row.date, row.end)
                    for row in data.events
                ],
                "y": [y + 0.35] * len(data.events),
                "marker": {
                    "color": color,
                    "size": 9,
                    "symbol": [
                        "diamond" if row.date.precision == DAY else "diamond-open"
                        for row in data.events
                    ],
                },
                "hovertext": [
                    f"<b>{title}</b><br>{esc(row.when)}<br>{wrap(row.title)}" for row in data.events
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
                "customdata": [["events", row.id, data.negotiation.slug] for row in data.events],
            }
        )
    return traces


# Side panel -------------------------------------------------------------------------------


def record_details(data):
    """{"<lane>-<id>": plain-text details} for the page's side panel; the browser escapes them."""
    details = {}
    for row in data.rounds:
        leads = [f"{person} ({party})" for party, person in row.leads]
        details[f"rounds-{row.id}"] = _detail(
            row, row.title, row.when, f"Leads: {'; '.join(leads)}" if leads else "", row.note
        )
    for row in data.positions:
        text = f"{row.party} {row.kind}: {row.figure or 'no figure'}"
        extra = f"Period: {row.period}" if row.period else ""
        details[f"positions-{row.id}"] = _detail(row, text, row.when, extra, row.note)
    for row in data.events:
        details[f"events-{row.id}"] = _detail(row, row.title, row.when, "", row.note)
    for row in data.statements:
        who = row.speaker or "Unnamed speaker"
        if row.party != UNATTRIBUTED:
            who += f" ({row.party})"
        if row.speaker_title:
            who += f", {row.speaker_title}"
        details[f"statements-{row.id}"] = {
            **_detail(row, who, row.when, row.context, row.note),
            "quote": row.quote,
            "kind": row.kind,
        }
    return details


def _detail(row, title, when, extra, note):
    return {
        "lane": row.lane,
        "id": row.id,
        "title": title,
        "when": when,
        "extra": extra,
        "note": note,
        "sources": [
            {"label": source.label, "url": source.url, "publisher": source.publisher}
            for source in row.sources
        ],
    }
