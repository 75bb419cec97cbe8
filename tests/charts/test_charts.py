import datetime as dt

import orjson
import plotly.graph_objects as go
import pytest

from tests import factories
from timeline.charts import (
    GL_THRESHOLD,
    RANGESLIDER_POINT_LIMIT,
    build_comparison_figure,
    build_figure,
    figure_json_bytes,
    record_details,
)
from timeline.charts.labels import text_width
from timeline.charts.printfit import fit_for_print
from timeline.colors import NEUTRAL, PALETTE, party_color, party_colors
from timeline.data import timeline_data
from timeline.params import CompareParams, TimelineParams

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_figure(demo):
    return build_figure(timeline_data(demo), TimelineParams())


def trace(fig, name):
    return next(t for t in fig["data"] if t["name"] == name)


def axis_of(fig, trace_):
    ref = trace_["yaxis"]
    return fig["layout"]["yaxis" + ref[1:]]


def lane_name(fig, trace_):
    """The name written above the panel a trace is drawn in."""
    top = axis_of(fig, trace_)["domain"][1]
    notes = fig["layout"]["annotations"]
    return next(note["text"] for note in notes if note.get("name") == "lane" and note["y"] == top)


def test_figure_of_the_demo_is_valid_plotly(demo_figure):
    go.Figure(demo_figure)
    assert demo_figure["layout"]["title"]["text"] == (
        "11th Special Measures Agreement (SMA) negotiations"
    )


def test_figure_has_a_trace_per_lane_and_party(demo_figure):
    names = {t["name"] for t in demo_figure["data"]}
    assert {
        "Rounds",
        "Events",
        "Statements: South Korea",
        "Statements: United States",
        "Statements: Unattributed",
        "United States demand (USD)",
        "South Korea baseline (USD)",
        "South Korea agreed (KRW)",
        "South Korea offer (%)",
    } <= names


def test_figure_rounds_are_bars_from_start_to_end(demo_figure):
    rounds = trace(demo_figure, "Rounds")
    assert rounds["type"] == "bar"
    assert rounds["base"][0] == "2019-09-24"
    assert rounds["x"][0] == 2 * 86_400_000  # 24 and 25 September, whole days
    assert rounds["base"][6] == "2020-03-17"
    assert rounds["x"][6] == 3 * 86_400_000


def test_figure_marks_an_inferred_round_number(demo_figure):
    rounds = trace(demo_figure, "Rounds")
    assert rounds["text"][:2] == ["1", "2"]
    assert rounds["text"][-1] == "9 (inferred)"
    assert rounds["marker"]["pattern"]["shape"][-1] == "/"
    assert rounds["marker"]["pattern"]["shape"][0] == ""
    assert "Round 9 (inferred)" in rounds["hovertext"][-1]


def test_figure_labels_an_unnumbered_round_by_place_and_date():
    round_ = factories.RoundFactory(number=None, start="2020-02", end=None, location="Geneva, CH")
    fig = build_figure(timeline_data(round_.negotiation), TimelineParams())
    assert trace(fig, "Rounds")["text"] == ["Geneva, February 2020"]


def test_figure_month_precision_fact_spans_its_month(demo_figure):
    band = trace(demo_figure, "United States demand (USD) (date span)")
    assert band["x"][:2] == ["2019-10-01", "2019-10-31 23:59:59"]
    assert band["y"][:2] == [5e9, 5e9]
    demand = trace(demo_figure, "United States demand (USD)")
    assert demand["x"][0] == "2019-10-16 11:59"  # the middle of October, never the 1st
    assert demand["marker"]["symbol"][0] == "circle-open"
    assert "October 2019" in demand["hovertext"][0]
    assert demand["x"][2] == "2020-05-07"  # a day-precision demand is a plain point
    assert demand["marker"]["symbol"][2] == "circle"


def test_figure_positions_are_a_step_chart_with_the_baseline_as_a_reference(demo_figure):
    demand = trace(demo_figure, "United States demand (USD)")
    assert demand["line"]["shape"] == "hv"
    assert demand["y"] == [5e9, 4e9, 1.3e9]
    baseline = trace(demo_figure, "South Korea baseline (USD)")
    assert baseline["line"]["dash"] == "dot"
    assert baseline["y"][:2] == [8.7e8, 8.7e8]
    assert baseline["x"][0] == "2019-01-01"
    assert baseline["x"][1] == "2021-09-01 23:59:59"  # drawn to the end of the record


def test_figure_never_puts_two_currencies_on_one_axis(demo_figure):
    usd = trace(demo_figure, "United States demand (USD)")
    krw = trace(demo_figure, "South Korea agreed (KRW)")
    assert usd["yaxis"] != krw["yaxis"]
    assert lane_name(demo_figure, usd) == "<b>Annual contribution · USD</b>"
    assert axis_of(demo_figure, usd)["tickprefix"] == "US$"
    assert lane_name(demo_figure, krw) == "<b>Annual contribution · KRW</b>"
    for t in demo_figure["data"]:
        if "(USD)" in t["name"] and t["legendgroup"].startswith("positions-annual-contribution-"):
            assert t["yaxis"] == usd["yaxis"]


def test_figure_draws_a_positions_panel_per_issue(demo_figure):
    """The $200 million for Korean workers' wages is not on the annual contribution's axis."""
    wages = trace(demo_figure, "South Korea agreed (USD)")
    usd = trace(demo_figure, "United States demand (USD)")

    assert wages["yaxis"] != usd["yaxis"]
    assert lane_name(demo_figure, wages) == "<b>Korean USFK workers' wages · USD</b>"


def test_figure_three_issues_three_panels_titled_by_issue():
    negotiation = factories.NegotiationFactory()
    party = negotiation.parties.first()
    for order, title in enumerate(["Tariffs <b>", "Soybeans", "Currency"]):
        issue = factories.IssueFactory(negotiation=negotiation, title=title, order=order)
        factories.PositionFactory(negotiation=negotiation, party=party, issue=issue)

    fig = build_figure(timeline_data(negotiation), TimelineParams())

    titles = [note["text"] for note in fig["layout"]["annotations"] if "USD" in note["text"]]
    assert titles == [
        "<b>Tariffs &lt;b&gt; · USD</b>",
        "<b>Soybeans · USD</b>",
        "<b>Currency · USD</b>",
    ]


def test_figure_long_issue_title_is_cut_to_the_width_of_an_image():
    issue = factories.IssueFactory(title="A very long agenda item title " * 4)
    other = factories.IssueFactory(negotiation=issue.negotiation)
    for each in (issue, other):
        factories.PositionFactory(negotiation=issue.negotiation, issue=each)

    fig = fit_for_print(build_figure(timeline_data(issue.negotiation), TimelineParams()), 400, 600)

    (title,) = [note["text"] for note in fig["layout"]["annotations"] if "agenda" in note["text"]]
    assert title.startswith("<b>A very long agenda item title A very")
    assert title.endswith("…</b>")
    assert text_width(title.removeprefix("<b>").removesuffix("</b>"), 12) <= 400


def test_figure_one_issue_panels_keep_the_measure_title():
    position = factories.PositionFactory()

    fig = build_figure(timeline_data(position.negotiation), TimelineParams())

    assert lane_name(fig, trace(fig, f"{position.party.name} demand (USD)")) == "<b>USD</b>"


def test_figure_shows_bare_percentages_as_percentages(demo_figure):
    offers = trace(demo_figure, "South Korea offer (%)")
    assert offers["y"] == [10.0, 13.0]
    assert axis_of(demo_figure, offers)["ticksuffix"] == "%"


def test_figure_draws_a_range_as_a_range():
    position = factories.PositionFactory(amount=None, amount_min=100, amount_max=250)
    fig = build_figure(timeline_data(position.negotiation), TimelineParams())
    name = f"{position.party.name} demand (USD), range"
    assert trace(fig, name)["y"] == [100.0, 250.0, None]
    assert "US$100 to US$250" in trace(fig, name)["hovertext"][0]


def test_figure_hover_reads_date_as_written_who_what_and_source(demo_figure):
    statements = trace(demo_figure, "Statements: United States")
    hover = next(text for text in statements["hovertext"] if "We would prefer face" in text)
    assert "2 April 2020" in hover
    assert "R. Clarke Cooper" in hover
    assert "S. Korea-U.S. defense cost talks continue" in hover
    assert statements["customdata"][statements["hovertext"].index(hover)][0] == "statements"


def test_figure_escapes_user_text():
    statement = factories.StatementFactory(
        quote='<b>bold</b> & <a href="https://evil.example">link</a>',
        speaker=factories.PersonFactory(name="<i>Ms X</i>"),
        negotiation=factories.NegotiationFactory(title="Talks <br> & more"),
    )
    fig = build_figure(timeline_data(statement.negotiation), TimelineParams())
    text = orjson.dumps(fig).decode()
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;a" in text
    assert 'href=\\"https://evil.example\\"&gt;link&lt;/a&gt;' in text  # quotes as JSON has them
    assert "&lt;i&gt;Ms X&lt;/i&gt;" in text
    assert "<b>bold" not in text and "<a href" not in text and "<i>Ms" not in text
    assert fig["layout"]["title"]["text"] == "Talks &lt;br&gt; &amp; more"


def test_figure_date_window_sets_the_axis_range(demo):
    params = TimelineParams(start=dt.date(2019, 9, 1), end=dt.date(2020, 6, 30))
    fig = build_figure(timeline_data(demo, params), params)
    assert fig["layout"]["xaxis"]["range"] == ["2019-09-01", "2020-06-30 23:59:59"]
    assert fig["layout"]["xaxis"]["rangeslider"]["visible"] is True


def test_figure_as_of_draws_a_marker_line(demo):
    params = TimelineParams(as_of=dt.date(2020, 4, 1))
    fig = build_figure(timeline_data(demo, params), params)
    lines = [shape for shape in fig["layout"]["shapes"] if shape.get("name") == "as_of"]
    assert lines[0]["x0"] == lines[0]["x1"] == "2020-04-01"
    assert any(note["text"] == "as of 1 April 2020" for note in fig["layout"]["annotations"])


def test_figure_lanes_left_out_are_not_drawn(demo):
    params = TimelineParams(lanes=("rounds",))
    fig = build_figure(timeline_data(demo, params), params)
    assert [t["name"] for t in fig["data"]] == ["Rounds", "Round markers", "Round labels"]


def test_figure_of_nothing_says_so():
    negotiation = factories.NegotiationFactory()
    fig = build_figure(timeline_data(negotiation), TimelineParams())
    go.Figure(fig)
    assert fig["data"] == []
    assert fig["layout"]["annotations"][0]["text"] == "Nothing recorded for this view"


def test_figure_dark_theme_colours_the_layout(demo):
    params = TimelineParams(theme="dark")
    fig = build_figure(timeline_data(demo), params)
    assert fig["layout"]["paper_bgcolor"] == "#16191d"
    assert fig["layout"]["meta"]["theme"] == "dark"


def test_figure_uses_webgl_for_many_statements():
    negotiation = factories.negotiation_with_statements(GL_THRESHOLD + 1)
    fig = build_figure(timeline_data(negotiation), TimelineParams())
    statements = [t for t in fig["data"] if t["name"].startswith("Statements")]
    assert [t["type"] for t in statements] == ["scattergl"]
    assert len(statements[0]["x"]) == GL_THRESHOLD + 1
    go.Figure(fig)


def test_figure_keeps_the_range_slider_for_a_small_svg_figure(demo_figure):
    points = sum(len(t.get("x") or ()) for t in demo_figure["data"])
    assert points <= RANGESLIDER_POINT_LIMIT
    assert demo_figure["layout"]["xaxis"]["rangeslider"]["visible"] is True


def test_figure_drops_the_range_slider_once_a_lane_is_webgl():
    # The slider would redraw every SVG trace on each zoom and show no WebGL trace.
    negotiation = factories.negotiation_with_statements(GL_THRESHOLD + 1)
    fig = build_figure(timeline_data(negotiation), TimelineParams())
    assert "rangeslider" not in fig["layout"]["xaxis"]


def test_figure_drops_the_range_slider_beyond_its_point_limit():
    negotiation = factories.negotiation_with_statements(RANGESLIDER_POINT_LIMIT + 1)
    fig = build_figure(timeline_data(negotiation), TimelineParams())
    assert {t["type"] for t in fig["data"]} <= {"bar", "scatter"}
    assert "rangeslider" not in fig["layout"]["xaxis"]


def test_figure_json_bytes_round_trip(demo_figure):
    assert orjson.loads(figure_json_bytes(demo_figure)) == demo_figure


def test_record_details_carry_full_text_and_every_source(demo):
    data = timeline_data(demo)
    details = record_details(data)
    first_round = data.rounds[0]
    detail = details[f"rounds-{first_round.id}"]
    assert detail["when"] == "24-25 September 2019"
    assert len(detail["sources"]) == 3
    assert detail["sources"][0]["url"] == "https://en.yna.co.kr/view/AEN20190923008100325"
    long_quote = max(data.statements, key=lambda row: len(row.quote))
    assert details[f"statements-{long_quote.id}"]["quote"] == long_quote.quote


def test_record_details_name_a_position_issue(demo):
    data = timeline_data(demo)

    (wages,) = [row for row in data.positions if row.issue_slug == "korean-workers"]
    assert record_details(data)[f"positions-{wages.id}"]["extra"] == (
        "Issue: Korean USFK workers' wages; Period: 2020 (through end of year)"
    )


def test_comparison_aligns_by_calendar_or_by_days_since_the_first_round(demo):
    other = factories.RoundFactory(start="2021-01-10", end="2021-01-11").negotiation
    factories.RoundFactory(negotiation=other, start="2021-02-01", end="2021-02-01")
    datasets = [timeline_data(demo), timeline_data(other)]
    calendar = build_comparison_figure(datasets, CompareParams(slugs=("sma-11", other.slug)))
    go.Figure(calendar)
    assert calendar["layout"]["xaxis"]["type"] == "date"
    relative = build_comparison_figure(
        datasets, CompareParams(slugs=("sma-11", other.slug), align="relative")
    )
    go.Figure(relative)
    bars = [t for t in relative["data"] if t["type"] == "bar"]
    assert bars[0]["base"][0] == 0 and bars[1]["base"] == [0, 22]
    assert len(bars[0]["base"]) == 9 and len(bars[1]["base"]) == 2
    assert relative["layout"]["xaxis"]["title"]["text"] == "Days since the first round"


def test_party_colours_are_stable_and_distinct():
    assert party_color("United States") == party_colors(["United States"])["United States"]
    assert party_colors(["United States", "Chile"]) == party_colors(["Chile", "United States"])
    assert party_color("Unattributed") == NEUTRAL
    many = party_colors([f"Party {n}" for n in range(len(PALETTE))])
    assert len(set(many.values())) == len(PALETTE)


def test_statement_markers_show_kind_by_shape_and_imprecision_by_hollowness():
    negotiation = factories.NegotiationFactory()
    speaker = factories.PersonFactory()
    for kind, date in [
        ("quote", "2020-04-02"),
        ("paraphrase", "2020-04-03"),
        ("report", "2020-05"),
    ]:
        factories.StatementFactory(negotiation=negotiation, speaker=speaker, kind=kind, date=date)
    fig = build_figure(timeline_data(negotiation), TimelineParams())
    markers = trace(fig, f"Statements: {speaker.party.name}")
    assert markers["marker"]["symbol"] == ["circle", "triangle-up", "square-open"]


def test_figure_draws_a_range_known_to_the_year_as_a_box():
    position = factories.PositionFactory(date="2018", amount=None, amount_min=10, amount_max=20)
    fig = build_figure(timeline_data(position.negotiation), TimelineParams())
    band = trace(fig, f"{position.party.name} demand (USD) (date span)")
    assert band["x"] == ["2018-01-01", "2018-12-31 23:59:59", None] * 2
    assert band["y"] == [10.0, 10.0, None, 20.0, 20.0, None]


def test_figure_marks_unnumbered_and_inferred_rounds_apart(demo):
    factories.RoundFactory(negotiation=demo, number=None, start="2021-06", end=None)
    rounds = trace(build_figure(timeline_data(demo), TimelineParams()), "Rounds")
    shapes = dict(zip(rounds["text"], rounds["marker"]["pattern"]["shape"], strict=True))
    assert shapes["1"] == "" and shapes["9 (inferred)"] == "/"
    assert shapes["Seoul, June 2021"] == "."


def test_party_colours_two_parties_are_never_both_blue():
    blues = {"#56B4E9", "#0072B2"}
    for pair in (["United States", "South Korea"], ["Freedonia", "Sylvania"], ["A", "B"]):
        colours = set(party_colors(pair).values())
        assert len(colours) == 2
        assert not colours <= blues


@pytest.mark.parametrize("theme, paper", [("light", "#ffffff"), ("dark", "#16191d")])
def test_figure_party_names_at_their_rows_have_a_halo_of_the_background(demo, theme, paper):
    params = TimelineParams(theme=theme)
    fig = build_figure(timeline_data(demo), params)
    rows = [note for note in fig["layout"]["annotations"] if note.get("name") == "row"]
    others = [note for note in fig["layout"]["annotations"] if note.get("name") != "row"]

    assert {note["text"] for note in rows} >= {"South Korea", "United States"}
    assert {note["font"]["shadow"] for note in rows} == {", ".join([f"0 0 2px {paper}"] * 3)}
    assert all("shadow" not in note.get("font", {}) for note in others)
    go.Figure(fig)
