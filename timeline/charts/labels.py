"""Direct labels: round labels and series names at the ends of their lines, in a text trace each.

A label trace carries its choices in `meta.labels`: {the escaped text drawn: [plain variants,
longest first]}. The pages (chartfit.js) keep a label's longest variant that fits among the
other texts and hide it (hover only) when none does, again after every zoom; `fit_for_width`
does the same for an exported image, whose width is known, with estimated text widths.
"""

from decimal import Decimal

from tracker.amounts import SYMBOLS

from .text import esc

LABEL_FONT = 11
# An average character of the chart's sans-serif font, as a share of its size, kept wide.
CHAR_WIDTH = 0.6
GAP = 4  # pixels kept free between two labels
SCALES = ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"))


def compact_number(value):
    """5000000000 -> "5B", 1038900000000 -> "1.04T", 28500 -> "28,500"."""
    value = Decimal(value)
    for size, suffix in SCALES:
        if abs(value) >= size:
            scaled = value / size
            digits = 3 - len(str(int(abs(scaled))))
            text = f"{scaled:.{max(digits, 0)}f}"
            return (text.rstrip("0").rstrip(".") if "." in text else text) + suffix
    return f"{value.normalize():,f}"


def compact_figure(row):
    """A position's figure in a few characters: "US$5B", "₩1.04T", "US$2.5B–3B", "+13.9%"."""
    prefix = SYMBOLS.get(row.currency, f"{row.currency} " if row.currency else "")
    suffix = f" {row.unit}" if row.unit else ""
    if row.amount is not None:
        return f"{prefix}{compact_number(row.amount)}{suffix}"
    if row.amount_min is not None or row.amount_max is not None:
        low, high = (
            compact_number(value) if value is not None else "?"
            for value in (row.amount_min, row.amount_max)
        )
        return f"{prefix}{low}–{high}{suffix}"
    if row.percent_change is not None:
        return f"{row.percent_change.normalize():+f}%"
    return ""


def round_label_variants(row):
    """A round's labels, longest first: "9 (inferred)" then "9?"; a place and date alone."""
    if row.number is not None:
        return [row.label]
    if row.number_inferred is not None:
        return [row.label, f"{row.number_inferred}?"]
    return [row.label]


def series_label_variants(party, kind, figure):
    """A series' end label, longest first: "United States demand: US$5B", "demand US$5B", ..."""
    variants = [f"{party} {kind}: {figure}", f"{kind} {figure}", figure]
    return list(dict.fromkeys(variant for variant in variants if variant.strip()))


def label_trace(name, points, textposition, color=None, priority=0):
    """A text-only trace of direct labels: `points` are (x, y, variants, colour) tuples."""
    texts = [esc(variants[0]) for _, _, variants, _ in points]
    return {
        "type": "scatter",
        "mode": "text",
        "name": name,
        "x": [x for x, _, _, _ in points],
        "y": [y for _, y, _, _ in points],
        "text": texts,
        "textposition": textposition,
        "textfont": {
            "size": LABEL_FONT,
            "color": [point_color or color for _, _, _, point_color in points]
            if any(point_color for *_, point_color in points)
            else color,
        },
        "hoverinfo": "skip",
        "showlegend": False,
        "cliponaxis": False,
        "meta": {
            "labels": {text: point[2] for text, point in zip(texts, points, strict=True)},
            "priority": priority,
        },
    }


def text_width(text, size=LABEL_FONT):
    """An estimate of a text's width in pixels, erring wide."""
    return len(text) * size * CHAR_WIDTH


def shorten(text, width, size=LABEL_FONT):
    """The text cut with "…" to fit an estimated width in pixels."""
    if text_width(text, size) <= width:
        return text
    keep = max(int(width / (size * CHAR_WIDTH)) - 1, 1)
    return text[:keep].rstrip() + "…"
