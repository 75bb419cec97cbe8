import datetime as dt

import pytest

from tracker.partialdate import (
    DAY,
    MONTH,
    YEAR,
    PartialDate,
    PartialDateError,
    display_span,
    span_fields,
)


@pytest.mark.parametrize(
    ("text", "precision", "parts"),
    [
        ("2019", YEAR, (2019, None, None)),
        ("2019-09", MONTH, (2019, 9, None)),
        ("2019-09-24", DAY, (2019, 9, 24)),
        (" 2019-09-24 ", DAY, (2019, 9, 24)),
        ("2020-02-29", DAY, (2020, 2, 29)),
        ("0999", YEAR, (999, None, None)),
    ],
)
def test_parse_keeps_the_precision_written(text, precision, parts):
    date = PartialDate.parse(text)

    assert date.precision == precision
    assert (date.year, date.month, date.day) == parts
    assert date.iso == text.strip()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "19",
        "201",
        "20190",
        "2019-9",
        "2019-09-2",
        "2019-13",
        "2019-00",
        "2019-09-31",
        "2019-02-29",
        "1900-02-29",
        "2019-09-00",
        "2019/09/24",
        "24-09-2019",
        "24 September 2019",
        "September 2019",
        "2019-09-24T10:00",
        "2019--09",
        "२०१९",
        "2019-09-24x",
    ],
)
def test_parse_refuses_other_text_naming_the_accepted_forms(text):
    with pytest.raises(PartialDateError, match="YYYY, YYYY-MM or YYYY-MM-DD"):
        PartialDate.parse(text)


@pytest.mark.parametrize("value", [None, 2019, 2019.9, ["2019"]])
def test_parse_refuses_values_that_are_not_text(value):
    with pytest.raises(PartialDateError):
        PartialDate.parse(value)


def test_parse_takes_a_calendar_date_at_day_precision():
    assert PartialDate.parse(dt.date(2019, 9, 24)) == PartialDate(2019, 9, 24)


def test_constructor_refuses_a_day_without_a_month():
    with pytest.raises(PartialDateError):
        PartialDate(2019, None, 24)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2019", "2019"),
        ("2019-09", "September 2019"),
        ("2019-09-24", "24 September 2019"),
        ("2019-09-04", "4 September 2019"),
    ],
)
def test_display_reads_as_a_person_writes_it(text, shown):
    assert PartialDate.parse(text).display() == shown


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2020-03-17", "2020-03-19", "17-19 March 2020"),
        ("2020-03-30", "2020-04-01", "30 March - 1 April 2020"),
        ("2019-12-30", "2020-01-02", "30 December 2019 - 2 January 2020"),
        ("2019-09", "2019-10", "September 2019 - October 2019"),
        ("2019-09-24", None, "24 September 2019"),
        ("2019-09-24", "2019-09-24", "24 September 2019"),
    ],
)
def test_display_span(start, end, shown):
    end = PartialDate.parse(end) if end else None
    assert display_span(PartialDate.parse(start), end) == shown


def test_dates_sort_chronologically_with_coarser_dates_first():
    texts = ["2019-10", "2019-09-24", "2020", "2019", "2019-09", "2019-09-03", "2018-12-31"]

    ordered = sorted(PartialDate.parse(text) for text in texts)

    assert [date.iso for date in ordered] == [
        "2018-12-31",
        "2019",
        "2019-09",
        "2019-09-03",
        "2019-09-24",
        "2019-10",
        "2020",
    ]


def test_equal_dates_hash_alike_and_differ_from_other_precisions():
    assert PartialDate.parse("2019-09") == PartialDate(2019, 9)
    assert len({PartialDate.parse("2019-09"), PartialDate(2019, 9)}) == 1
    assert PartialDate.parse("2019-09") != PartialDate.parse("2019-09-01")
    assert PartialDate.parse("2019") != "2019"


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2019", dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
        ("2019-09", dt.date(2019, 9, 1), dt.date(2019, 9, 30)),
        ("2019-02", dt.date(2019, 2, 1), dt.date(2019, 2, 28)),
        ("2020-02", dt.date(2020, 2, 1), dt.date(2020, 2, 29)),
        ("2000-02", dt.date(2000, 2, 1), dt.date(2000, 2, 29)),
        ("1900-02", dt.date(1900, 2, 1), dt.date(1900, 2, 28)),
        ("2019-12", dt.date(2019, 12, 1), dt.date(2019, 12, 31)),
        ("2019-09-24", dt.date(2019, 9, 24), dt.date(2019, 9, 24)),
    ],
)
def test_earliest_and_latest_days(text, earliest, latest):
    date = PartialDate.parse(text)

    assert (date.earliest, date.latest) == (earliest, latest)


@pytest.mark.parametrize(
    ("text", "day", "certainly"),
    [
        ("2019-09", dt.date(2019, 9, 30), True),
        ("2019-09", dt.date(2019, 10, 1), True),
        ("2019-09", dt.date(2019, 9, 29), False),
        ("2019-09", dt.date(2019, 9, 1), False),
        ("2019", dt.date(2019, 12, 31), True),
        ("2019", dt.date(2019, 12, 30), False),
        ("2020-02", dt.date(2020, 2, 29), True),
        ("2020-02", dt.date(2020, 2, 28), False),
        ("2019-02", dt.date(2019, 2, 28), True),
        ("2019-09-24", dt.date(2019, 9, 24), True),
        ("2019-09-24", dt.date(2019, 9, 23), False),
    ],
)
def test_certainly_on_or_before_needs_the_whole_span_past(text, day, certainly):
    assert PartialDate.parse(text).certainly_on_or_before(day) is certainly


@pytest.mark.parametrize(
    ("text", "day", "possibly"),
    [
        ("2019-09", dt.date(2019, 9, 1), True),
        ("2019-09", dt.date(2019, 8, 31), False),
        ("2019-09", dt.date(2019, 9, 30), True),
        ("2019", dt.date(2019, 1, 1), True),
        ("2019", dt.date(2018, 12, 31), False),
        ("2020-03", dt.date(2020, 2, 29), False),
        ("2019-09-24", dt.date(2019, 9, 24), True),
        ("2019-09-24", dt.date(2019, 9, 23), False),
    ],
)
def test_possibly_on_or_before_needs_only_the_first_day_past(text, day, possibly):
    assert PartialDate.parse(text).possibly_on_or_before(day) is possibly


@pytest.mark.parametrize("text", ["2019", "2019-09", "2019-09-24", "2020-02-29"])
def test_certainly_implies_possibly(text):
    date = PartialDate.parse(text)
    for offset in range(-400, 400, 7):
        day = date.earliest + dt.timedelta(days=offset)
        if date.certainly_on_or_before(day):
            assert date.possibly_on_or_before(day)


def test_str_and_repr_give_the_iso_text():
    date = PartialDate.parse("2019-09")

    assert str(date) == "2019-09"
    assert repr(date) == "PartialDate('2019-09')"


@pytest.mark.parametrize("text", ["2020", "2020-03", "2020-03-17"])
def test_partialdate_is_not_earlier_than_itself(text):
    date = PartialDate.parse(text)

    assert not date < PartialDate.parse(text)
    assert sorted([date, PartialDate.parse("2019")]) == [PartialDate.parse("2019"), date]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, {"start": None, "end": None, "date": "", "earliest": "", "latest": ""}),
        ("2020-02", None, {"start": "2020-02", "end": None, "date": "February 2020",
                           "earliest": "2020-02-01", "latest": "2020-02-29"}),
        ("2019-03-17", "2019-03-19", {"start": "2019-03-17", "end": "2019-03-19",
                                      "date": "17-19 March 2019", "earliest": "2019-03-17",
                                      "latest": "2019-03-19"}),
        ("2019", "2020-02", {"start": "2019", "end": "2020-02", "date": "2019 - February 2020",
                             "earliest": "2019-01-01", "latest": "2020-02-29"}),
    ],
)  # fmt: skip
def test_span_fields_writes_a_facts_dates(start, end, expected):
    parse = PartialDate.parse
    fields = span_fields(parse(start) if start else None, parse(end) if end else None)
    assert fields == expected
