"""A negotiation's facts as CSV, one row per fact, safe to open in a spreadsheet.

Dates come as written (`start`, `end`: "2019", "2019-09" or "2019-09-24") with their
precision beside them; a round's row carries its number, or the number inferred for
it with `round_inferred` "yes".

Text cells that a spreadsheet would read as a formula (starting with =, +, -, @,
a tab or a carriage return) get a leading single quote; numbers from the
database are written as plain decimals and left alone.
"""

import csv
import io
from decimal import Decimal

from tracker.amounts import plain_decimal
from tracker.partialdate import PartialDate

COLUMNS = [
    "lane",
    "date",
    "start",
    "end",
    "start_precision",
    "end_precision",
    "earliest",
    "latest",
    "round",
    "round_inferred",
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
# Each date's precision ("day", "month" or "year"), beside the date as written.
PRECISION_OF = {"start_precision": "start", "end_precision": "end"}


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


def cells(fact, columns=COLUMNS):
    """The fact's cells (text a spreadsheet shows as text) in `columns`."""
    return [neutralise(_cell(fact, column)) for column in columns]


def csv_rows(facts):
    """The header, then one row of cells per fact (dicts as `exports.export_facts` gives)."""
    yield COLUMNS
    for fact in facts:
        yield cells(fact)


def csv_text(facts):
    """The whole CSV document as text, with a header row and CRLF line ends (RFC 4180)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(csv_rows(facts))
    return buffer.getvalue()


def header_bytes():
    """The header row as UTF-8 with a byte-order mark: spreadsheet programs then read UTF-8."""
    return (",".join(COLUMNS) + "\r\n").encode("utf-8-sig")


def csv_chunks(fact_chunks):
    """The CSV document as UTF-8 bytes with a byte-order mark, one piece per list of facts: the
    header first, then each list's rows, so a download streams as the facts are read."""
    yield header_bytes()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for facts in fact_chunks:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(cells(fact) for fact in facts)
        yield buffer.getvalue().encode("utf-8")


def _cell(fact, column):
    if column == "sources":
        return "; ".join(source["url"] or source["title"] for source in fact["sources"])
    if column in PRECISION_OF:
        date = fact.get(PRECISION_OF[column])
        return PartialDate.parse(date).precision if date else ""
    if column == "round_inferred":
        inferred = fact.get(column)
        return "" if inferred is None else ("yes" if inferred else "no")
    return fact.get(column)
