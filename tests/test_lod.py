"""Tests for timeline/lod.py: when lanes are binned, how bins are made and drawn."""

import datetime as dt

import plotly.graph_objects as go
import pytest

from timeline import lod


@pytest.mark.parametrize(
    ("count", "binned"), [(0, False), (lod.DETAIL_LIMIT, False), (lod.DETAIL_LIMIT + 1, True)]
)
def test_needs_binning_above_the_limit_only(count, binned):
    assert lod.needs_binning(count) is binned


def test_needs_binning_takes_another_limit():
    assert lod.needs_binning(11, limit=10)
    assert not lod.needs_binning(10, limit=10)


@pytest.mark.parametrize(
    ("date", "start", "end"),
    [
        ("2019-09-24", dt.date(2019, 9, 23), dt.date(2019, 9, 29)),  # a Tuesday: its ISO week
        ("2019-09-23", dt.date(2019, 9, 23), dt.date(2019, 9, 29)),  # a Monday
        ("2019-09-29", dt.date(2019, 9, 23), dt.date(2019, 9, 29)),  # a Sunday
        ("2019-09", dt.date(2019, 9, 1), dt.date(2019, 9, 30)),  # a month stays its month
        ("2019", dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
    ],
)
def test_period_of_keeps_partial_dates_honest(date, start, end):
    assert lod.period_of(date)[:2] == (start, end)


def test_period_of_labels_say_the_period():
    assert lod.period_of("2020-01-01")[2] == "Week 1 of 2020, from 30 Dec 2019"
    assert lod.period_of("2019-09")[2] == "September 2019"


def test_bin_counts_merges_days_of_one_week_per_party():
    rows = [
        ("2019-09-23", "Northland", 2),
        ("2019-09-24", "Northland", 3),
        ("2019-09-24", "Southland", 1),
        ("2019-09-30", "Northland", 4),
        ("2019-09", "Northland", 5),
        ("2019-09-25", None, 1),
    ]
    bins = lod.bin_counts(rows)
    summary = [(b.start.isoformat(), b.end.isoformat(), b.group, b.count) for b in bins]
    assert summary == [
        ("2019-09-01", "2019-09-30", "Northland", 5),
        ("2019-09-23", "2019-09-29", "Northland", 5),
        ("2019-09-23", "2019-09-29", "Southland", 1),
        ("2019-09-23", "2019-09-29", lod.UNGROUPED, 1),
        ("2019-09-30", "2019-10-06", "Northland", 4),
    ]
    assert sum(b.count for b in bins) == lod.total(rows) == 16


def test_bin_counts_skips_rows_without_a_date():
    assert lod.bin_counts([(None, "Northland", 3), ("", "Northland", 1)]) == []


def test_binned_traces_are_webgl_one_per_party_and_valid_plotly():
    bins = lod.bin_counts(
        [("2019-09-24", "Northland", 9), ("2019-10-02", "Northland", 1), ("2019-09", "<b>S</b>", 4)]
    )
    traces = lod.binned_traces(bins, colors={"Northland": "#0072b2"}, xaxis="x", yaxis="y2")
    assert [t["type"] for t in traces] == ["scattergl", "scattergl"]
    northland = next(t for t in traces if t["legendgroup"] == "Northland")
    assert northland["x"] == ["2019-09-26 12:00:00", "2019-10-03 12:00:00"]
    assert northland["marker"]["color"] == "#0072b2"
    assert northland["marker"]["size"][0] > northland["marker"]["size"][1]
    assert northland["yaxis"] == "y2"
    go.Figure({"data": traces})


def test_binned_traces_escape_group_names():
    traces = lod.binned_traces(lod.bin_counts([("2019-09", "<b>S</b>", 4)]))
    assert traces[0]["text"] == ["September 2019: 4 statements (&lt;b&gt;S&lt;/b&gt;)"]
    assert traces[0]["name"] == "&lt;b&gt;S&lt;/b&gt; (statements per week)"


def test_binned_traces_put_every_bin_on_the_lane_when_given():
    bins = lod.bin_counts([("2019-09-24", "A", 1), ("2019-10-24", "B", 1)])
    traces = lod.binned_traces(bins, y="Statements")
    assert {y for t in traces for y in t["y"]} == {"Statements"}


# Level of detail in the timeline's data, figure and views --------------------------------


@pytest.fixture
def limit(monkeypatch):
    """A detail limit of 20 records per lane, so small documents exercise binning."""
    monkeypatch.setattr(lod, "DETAIL_LIMIT", 20)
    return 20


def synthetic(slug, statements, others):
    from tracker.interchange import import_document
    from tracker.models import Negotiation
    from tracker.synthetic import synthetic_document

    document = synthetic_document(
        slug=slug, statements=statements, rounds=others, positions=others, events=others, seed=1
    )
    import_document(document)
    Negotiation.objects.filter(slug=slug).update(is_published=True)
    return Negotiation.objects.get(slug=slug)


@pytest.fixture
def dense(db):
    return synthetic("dense", statements=300, others=30)


def test_timeline_data_bins_lanes_above_the_limit(dense, limit):
    from timeline.data import timeline_data

    data = timeline_data(dense, level_of_detail=True)
    assert data.statements == data.rounds == data.positions == data.events == ()
    assert sum(b.count for b in data.bins["statements"]) == 300
    assert sum(b.count for b in data.bins["rounds"]) == 30
    assert {b.group for b in data.bins["statements"]} >= {"Republic of Northland"}


def test_timeline_data_keeps_full_detail_below_the_limit(dense, monkeypatch):
    from timeline.data import timeline_data

    monkeypatch.setattr(lod, "DETAIL_LIMIT", 300)
    data = timeline_data(dense, level_of_detail=True)
    assert len(data.statements) == 300
    assert data.bins == {}


def test_timeline_data_without_level_of_detail_has_every_row(dense, limit):
    from timeline.data import timeline_data

    data = timeline_data(dense)
    assert len(data.statements) == 300 and len(data.rounds) == 30
    assert data.bins == {}


def test_timeline_data_zoomed_window_has_full_detail(dense, limit):
    from timeline.data import timeline_data
    from timeline.params import TimelineParams

    everything = timeline_data(dense)
    days = sorted(s.date.iso for s in everything.statements if s.date.precision == "day")
    start, end = dt.date.fromisoformat(days[100]), dt.date.fromisoformat(days[110])
    data = timeline_data(dense, TimelineParams(start=start, end=end), level_of_detail=True)
    assert data.bins["statements"] == ()
    assert 0 < len(data.statements) <= limit
    expected = [
        s.id for s in everything.statements if s.date.earliest <= end and s.date.latest >= start
    ]
    assert [s.id for s in data.statements] == expected


def test_figure_of_a_dense_negotiation_is_binned_webgl_without_shapes(dense, limit):
    from timeline.charts import build_figure
    from timeline.data import timeline_data
    from timeline.params import TimelineParams

    params = TimelineParams()
    figure = build_figure(timeline_data(dense, params, level_of_detail=True), params)
    binned = [t for t in figure["data"] if t.get("meta", {}).get("lod") == "binned"]
    assert binned and all(t["type"] == "scattergl" for t in binned)
    assert figure["layout"]["meta"]["lod"]["binned"] == [
        "events",
        "positions",
        "rounds",
        "statements",
    ]
    assert figure["layout"]["shapes"] == []
    assert figure["layout"]["annotations"] == []
    go.Figure(figure)


def test_figure_json_switches_to_detail_for_a_zoomed_range(client, dense, limit):
    figure = client.get("/negotiations/dense/figure.json").json()
    assert "statements" in figure["layout"]["meta"]["lod"]["binned"]
    zoomed = client.get("/negotiations/dense/figure.json?start=2005-03-01&end=2005-03-10").json()
    assert "statements" in zoomed["layout"]["meta"]["lod"]["windowed"]
    assert any(t.get("customdata") for t in zoomed["data"] if t["name"].startswith("Statements"))


@pytest.mark.parametrize("path", ["/negotiations/{}/figure.json", "/negotiations/{}/"])
def test_query_count_is_the_same_in_detail_and_binned(
    client, db, limit, path, django_assert_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    synthetic("few", statements=10, others=3)
    synthetic("many", statements=400, others=40)
    with CaptureQueriesContext(connection) as few:
        assert client.get(path.format("few")).status_code == 200
    cache.clear()
    with django_assert_num_queries(len(few)):
        assert client.get(path.format("many")).status_code == 200


def test_timeline_page_says_how_many_records_are_binned(client, dense, limit):
    page = client.get("/negotiations/dense/").content.decode()
    assert "300 statements in this view are drawn as counts per week" in page
    assert "Nothing recorded for this view" not in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_draws_bins_then_detail_for_a_zoomed_range(page, live_server, limit):
    synthetic("dense", statements=300, others=30)
    page.set_default_timeout(120_000)  # a loaded CI machine serves plotly.js slowly
    page.goto(f"{live_server.url}/negotiations/dense/")
    page.wait_for_selector("#timeline-chart[data-ready='true']")
    names = page.evaluate("() => document.getElementById('timeline-chart').data.map(t => t.name)")
    assert "Republic of Northland (statements per week)" in names
    page.evaluate(
        """() => Plotly.relayout(document.getElementById("timeline-chart"),
                                 {"xaxis.range": ["2005-03-01", "2005-03-10"]})"""
    )
    page.wait_for_function(
        """() => document.getElementById("timeline-chart").data
                 .some((t) => t.name.startsWith("Statements: "))""",
        timeout=30_000,
    )
    assert "start=2005-03-01" in page.url and "end=2005-03-10" in page.url
    assert page.console_errors == []
