"""Two or more negotiations on one figure, a row each, on calendar dates or days since round one."""

from tracker.partialdate import DAY

from ..colors import series_color
from .dates import DAY_MS, day_text, marker_x, span
from .figure import _assemble, extent
from .labels import label_trace, round_label_variants
from .parts import ROUND_LABEL_LIMIT, _round_pattern
from .text import esc, wrap


def build_comparison_figure(datasets, params):
    """Two or more negotiations, a row each, on calendar dates or days since their first round."""
    relative = params.align == "relative"
    count = len(datasets)
    traces, row_labels = [], []
    for index, data in enumerate(datasets):
        y = count - 1 - index
        color = series_color(index)
        row_labels.append((y, esc(data.negotiation.title), color))
        origin = _origin(data)
        traces.extend(_comparison_traces(data, y, color, origin if relative else None))
    rows = max(count, 1)
    panel = {
        "weight": 1,
        "traces": traces,
        "axis": {
            "tickvals": list(range(count - 1, -1, -1)),
            "showticklabels": False,
            "range": [-0.8, rows - 0.45],
        },
        # Each negotiation's title over its row, in its colour, instead of a legend.
        "row_labels": row_labels,
        "row_labels_above": True,
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
    return _assemble([panel], title, params.theme, height, xaxis)


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
                "width": 0.25,
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
        if len(data.rounds) <= ROUND_LABEL_LIMIT:
            points = [
                (x, y - 0.3, round_label_variants(row), None)
                for x, row in zip(
                    (
                        at(first) if origin is not None else marker_x(row.start, row.end)
                        for (first, _), row in zip(spans, data.rounds, strict=True)
                    ),
                    data.rounds,
                    strict=True,
                )
            ]
            traces.append(
                label_trace(f"{title}: round labels", points, "bottom center", color, priority=1)
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
                "y": [y - 0.2] * len(data.events),
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
