"""The timeline figure's building blocks: one panel per lane, each a dict of traces and axis.

A panel is `{"weight": rows it needs, "traces": [...], "axis": {...}}`; `figure` stacks them.
"""

from collections import Counter
from functools import lru_cache

from tracker.amounts import SYMBOLS
from tracker.partialdate import DAY

from ..colors import NEUTRAL
from ..data import UNATTRIBUTED
from .dates import DAY_MS, day_text, end_of_day, is_band, marker_x, span
from .labels import compact_figure, label_trace, round_label_variants, series_label_variants
from .text import esc, wrap

GL_THRESHOLD = 1000
ROUND_LABEL_LIMIT = 60  # beyond this many rounds, numbers would overprint: hover only
EVENT_COLOR = "#7F7F7F"
ROUND_COLOR = "#78858F"  # readable on the light and the dark paper
ROUND_BAR_Y = -0.2
ROUND_LABEL_Y = 0.05
KIND_STYLE = {
    "demand": {"dash": "solid", "symbol": "circle"},
    "offer": {"dash": "dash", "symbol": "diamond"},
    "agreed": {"dash": "solid", "symbol": "star"},
}
# Filled when dated to the day, the "-open" variant when known only to the month or year.
STATEMENT_SYMBOLS = {"quote": "circle", "paraphrase": "triangle-up", "report": "square"}


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


def _round_symbol(row):
    """Square when numbered, diamond when the number is inferred, circle when unnumbered;
    hollow when the round is dated only to the month or year."""
    if row.number is not None:
        symbol = "square"
    elif row.number_inferred is not None:
        symbol = "diamond"
    else:
        symbol = "circle"
    return symbol if row.start.precision == DAY else symbol + "-open"


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
    # A round known only to the month is a pale band over the month, one dated to the day solid.
    precise = [row.start.precision == DAY for row in rounds]
    bars = {
        "type": "bar",
        "orientation": "h",
        "name": "Rounds",
        "legendgroup": "rounds",
        "base": bases,
        "x": widths,
        "y": [ROUND_BAR_Y] * len(rounds),
        "width": 0.5,
        # The labels are drawn by the "Round labels" trace, only where they fit.
        "text": labels if len(rounds) <= ROUND_LABEL_LIMIT else None,
        "textposition": "none",
        "marker": {
            "color": ROUND_COLOR,
            "opacity": [0.9 if day else 0.3 for day in precise],
            "line": {"color": ROUND_COLOR, "width": 1},
            "pattern": {"shape": patterns, "fillmode": "overlay", "solidity": 0.45},
        },
        "hovertext": hover,
        "hovertemplate": "%{hovertext}<extra></extra>",
        "customdata": custom,
    }
    middles = [marker_x(row.start, row.end) for row in rounds]
    # A marker per round keeps a round of a day or two visible however far out the zoom is.
    markers = {
        "type": "scatter",
        "mode": "markers",
        "name": "Round markers",
        "legendgroup": "rounds",
        "x": middles,
        "y": [ROUND_BAR_Y] * len(rounds),
        "marker": {
            "color": ROUND_COLOR,
            "size": 9,
            "symbol": [_round_symbol(row) for row in rounds],
            "line": {"width": 2, "color": ROUND_COLOR},
        },
        "hovertext": hover,
        "hovertemplate": "%{hovertext}<extra></extra>",
        "customdata": custom,
    }
    traces = [bars, markers]
    if len(rounds) <= ROUND_LABEL_LIMIT:
        points = [
            (x, ROUND_LABEL_Y, round_label_variants(row), None)
            for x, row in zip(middles, rounds, strict=True)
        ]
        traces.append(label_trace("Round labels", points, "top center", ROUND_COLOR, priority=1))
    axis = {"range": [-0.6, 1.0], "showticklabels": False, "showgrid": False}
    return {"weight": 0.9, "traces": traces, "axis": axis, "label": "Rounds"}


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
    axis = {"range": [-0.5, 1.0], "showticklabels": False}
    return {
        "weight": 0.8,
        "traces": [t for t in (band, markers) if t],
        "axis": axis,
        "label": "Events",
    }


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
        "showticklabels": False,
        "range": [-1.2, len(party_rows) - 0.5],
    }
    # Each party's name at its row, in its colour: no legend to look up.
    row_labels = [
        (row, esc(party), colors.get(party, NEUTRAL)) for party, row in party_rows.items()
    ]
    return {
        "traces": traces,
        "axis": axis,
        "rows": len(party_rows),
        "label": title,
        "row_labels": row_labels,
    }


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
    return {**panel, "weight": 0.4 + 0.55 * panel["rows"]}


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
    """One panel per agenda issue and currency or unit (or bare percentages), labelled by the
    issue when there are several; one for figureless positions."""
    dated = [row for row in positions if row.date is not None]
    several = len({row.issue_slug for row in positions}) > 1
    counts = Counter((row.issue_order, row.issue_slug, row.measure) for row in dated if row.measure)
    # Issues in their order; within one, the most used measure first, percentages last.
    keys = sorted(counts, key=lambda key: (key[:2], key[2] == "%", -counts[key]))
    panels = [
        _measure_panel(
            measure,
            [row for row in dated if (row.issue_slug, row.measure) == (slug, measure)],
            colors,
            chart_end,
            several,
        )
        for _, slug, measure in keys
    ]
    figureless = [row for row in dated if not row.measure]
    if figureless:
        panels.append(_figureless_panel(figureless, colors))
    return panels


def _measure_panel(measure, rows, colors, chart_end, titled_by_issue=False):
    traces, ends = [], []
    series = {}
    for row in rows:
        series.setdefault((row.party, row.kind), []).append(row)
    for (party, kind), members in series.items():
        color = colors.get(party, NEUTRAL)
        group = f"positions-{rows[0].issue_slug}-{measure}-{party}-{kind}"
        name = f"{esc(party)} {kind} ({esc(measure)})"
        if kind == "baseline":
            traces.extend(_baseline_traces(members, color, name, group, chart_end))
            ends.extend(_baseline_ends(members, color, chart_end))
            continue
        traces.extend(_series_traces(members, color, name, group, kind))
        ends.append(_series_end(members, color))
    title = "% change" if measure == "%" else esc(measure)
    label = f"{esc(rows[0].issue)} · {title}" if titled_by_issue and rows[0].issue else title
    # Series names at the ends of their lines, latest above, baselines below theirs.
    above = [end for end in ends if end[4] != "baseline"]
    below = [end for end in ends if end[4] == "baseline"]
    if above:
        points = [end[:4] for end in above]
        traces.append(label_trace("Series labels", points, "top left", priority=3))
    if below:
        points = [end[:4] for end in below]
        traces.append(label_trace("Baseline labels", points, "bottom left", priority=2))
    axis = {"rangemode": "tozero", "automargin": True}
    if measure == "%":
        axis["ticksuffix"] = "%"
    else:
        axis["exponentformat"] = "B"
        if measure in SYMBOLS:
            axis["tickprefix"] = SYMBOLS[measure]
    return {
        "weight": 1.0 if measure == "%" else 1.4,
        "traces": traces,
        "axis": axis,
        "label": label,
    }


def _series_end(members, color):
    """(x, y, label variants, colour, kind) at the latest position of a series."""
    last = max(members, key=lambda row: (row.date.latest, row.date.earliest))
    ends = _range_ends(last)
    value = _value(last) if last.amount is not None or not ends else max(ends)
    variants = series_label_variants(last.party, last.kind, compact_figure(last))
    return (marker_x(last.date), value, variants, color, last.kind)


def _baseline_ends(members, color, chart_end):
    """A baseline's label at the right end of its line, its date in the words."""
    ends = []
    for row in members:
        if row.amount is None and row.percent_change is None:
            continue
        first, _ = span(row.date)
        figure = compact_figure(row)
        variants = [
            f"{row.date.display()} baseline ({row.party}): {figure}",
            f"{row.date.display()} baseline {figure}",
            f"baseline {figure}",
            figure,
        ]
        ends.append((end_of_day(max(chart_end, first)), _value(row), variants, color, "baseline"))
    return ends


def _baseline_traces(members, color, name, group, chart_end):
    xs, ys, hover, custom = [], [], [], []
    for row in members:
        if row.amount is None and row.percent_change is None:
            continue
        first, _ = span(row.date)
        value = _value(row)
        text = _position_hover(row)
        xs += [day_text(first), end_of_day(max(chart_end, first)), None]
        ys += [value, value, None]
        hover += [text, text, None]
        custom += [["positions", row.id], ["positions", row.id], None]
    return [
        {
            "type": "scatter",
            "mode": "lines",
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
        "Positions without a figure",
        lambda party: f"{esc(party)} positions without a figure",
        _figureless_symbol,
        _position_hover,
    )
    return {**panel, "weight": 0.3 + 0.55 * panel["rows"]}
