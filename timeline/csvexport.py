"""A negotiation's facts as CSV, one row per fact, safe to open in a spreadsheet.

Text cells that a spreadsheet would read as a formula (starting with =, +, -, @,
a tab or a carriage return) get a leading single quote; numbers from the
database are written as plain decimals and left alone.
"""

import csv
import io
from decimal import Decimal

from tracker.amounts import plain_decimal

COLUMNS = [
    "lane",
    "date",
    "start",
    "end",
    "earliest",
    "latest",
    "party",
    "who",
    "kind",
    "issue",
    "text",
    "context",
    "note",
    "amount",
    "amount_min",
    "amount_max",
    "currency",
    "unit",
    "percent_change",
    "period",
    "sources",
]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell value a spreadsheet shows as text: formulas in text cells get a leading quote."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, bool | int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_rows(facts):
    """The header, then one row of cells per fact (dicts as `exports.export_facts` gives)."""
    yield COLUMNS
    for fact in facts:
        yield [neutralise(_cell(fact, column)) for column in COLUMNS]


def csv_text(facts):
    """The whole CSV document as text, with a header row and CRLF line ends (RFC 4180)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(csv_rows(facts))
    return buffer.getvalue()


def _cell(fact, column):
    if column == "sources":
        return "; ".join(source["url"] or source["title"] for source in fact["sources"])
    return fact.get(column)
