"""Downloads: CSV, TimelineJS, interchange JSON, standalone HTML, and image parameters."""

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from timeline.exports import described_svg, image_size, print_figure
from tracker.interchange import export_document

DEMO_COUNTS = {"rounds": 9, "positions": 13, "events": 23, "statements": 18}


def _csv_rows(response):
    assert response.streaming
    text = response.getvalue().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _streamed_json(response):
    assert response.streaming
    return json.loads(response.getvalue())


# CSV ---------------------------------------------------------------------------------------


def test_data_csv_has_one_row_per_fact(client, demo):
    response = client.get("/negotiations/sma-11/data.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="sma-11.csv"'
    rows = _csv_rows(response)
    assert len(rows) == sum(DEMO_COUNTS.values())
    for lane, count in DEMO_COUNTS.items():
        assert sum(row["lane"] == lane for row in rows) == count


def test_data_csv_follows_the_view_filters(client, demo):
    rows = _csv_rows(client.get("/negotiations/sma-11/data.csv?lanes=rounds,events"))
    assert len(rows) == DEMO_COUNTS["rounds"] + DEMO_COUNTS["events"]


def test_data_csv_pinned_as_of_leaves_out_later_facts(client, demo):
    rows = _csv_rows(client.get("/negotiations/sma-11/data.csv?lanes=rounds&as_of=2019-12-31"))
    assert 0 < len(rows) < DEMO_COUNTS["rounds"]
    assert all(row["earliest"] <= "2019-12-31" for row in rows)


def test_data_csv_first_round_as_written(client, demo):
    first = _csv_rows(client.get("/negotiations/sma-11/data.csv?lanes=rounds"))[0]
    assert first["date"] == "24-25 September 2019"
    assert (first["start"], first["end"]) == ("2019-09-24", "2019-09-25")
    assert first["who"] == "Chang Won-sam (South Korea); James DeHart (United States)"
    assert first["sources"].startswith("https://en.yna.co.kr/view/AEN20190923008100325; ")


def test_data_csv_gives_round_numbers_whether_inferred_and_date_precision(client, db):
    negotiation = factories.NegotiationFactory(slug="numbered-talks")
    factories.RoundFactory(negotiation=negotiation, number=7, start="2019-09-24", end="2019-10")
    factories.RoundFactory(
        negotiation=negotiation, number=None, number_inferred=8, start="2020", end=None
    )
    factories.RoundFactory(negotiation=negotiation, number=None, number_inferred=None)
    factories.StatementFactory(negotiation=negotiation, date="2021-03")
    rows = _csv_rows(client.get("/negotiations/numbered-talks/data.csv"))
    cells = [
        (row["round"], row["round_inferred"], row["start_precision"], row["end_precision"])
        for row in rows
    ]
    assert cells == [
        ("7", "no", "day", "month"),
        ("8", "yes", "year", ""),
        ("", "", "day", "day"),
        ("", "", "month", ""),
    ]


def test_data_csv_neutralises_formulas_from_records(client, db):
    statement = factories.StatementFactory(quote='=HYPERLINK("https://evil.example","x")')
    (row,) = _csv_rows(client.get(f"/negotiations/{statement.negotiation.slug}/data.csv"))
    assert row["text"] == '\'=HYPERLINK("https://evil.example","x")'


def test_data_csv_query_count_does_not_grow(client, db, django_assert_num_queries):
    negotiation = factories.NegotiationFactory(slug="busy-talks")
    factories.StatementFactory(negotiation=negotiation)
    with CaptureQueriesContext(connection) as small:
        client.get("/negotiations/busy-talks/data.csv").getvalue()
    factories.StatementFactory.create_batch(40, negotiation=negotiation)
    factories.RoundFactory.create_batch(10, negotiation=negotiation)
    with django_assert_num_queries(len(small)):
        assert len(_csv_rows(client.get("/negotiations/busy-talks/data.csv"))) == 51


# TimelineJS --------------------------------------------------------------------------------


def test_timelinejs_has_a_slide_per_dated_fact_and_rounds_as_eras(client, demo, demo_document):
    document = _streamed_json(client.get("/negotiations/sma-11/timelinejs.json"))
    (negotiation,) = demo_document["negotiations"]
    undated = sum(1 for position in negotiation["positions"] if not position.get("date"))
    assert len(document["events"]) == sum(DEMO_COUNTS.values()) - undated
    spans = [r for r in negotiation["rounds"] if r.get("end") and r["end"] != r["start"]]
    assert len(document["eras"]) == len(spans) > 0
    assert document["title"]["text"]["headline"] == negotiation["title"]


def test_timelinejs_links_sources(client, demo):
    document = _streamed_json(client.get("/negotiations/sma-11/timelinejs.json?lanes=rounds"))
    assert (
        '<a href="https://en.yna.co.kr/view/AEN20190923008100325" target="_blank" rel="noopener">'
        in document["events"][0]["text"]["text"]
    )


def test_timelinejs_escapes_user_text(client, db):
    event = factories.EventFactory(title="<img src=x onerror=alert(1)>", note="<b>bold</b>")
    document = _streamed_json(client.get(f"/negotiations/{event.negotiation.slug}/timelinejs.json"))
    (slide,) = document["events"]
    assert slide["text"]["headline"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert slide["text"]["text"] == "<p>&lt;b&gt;bold&lt;/b&gt;</p>"


# Interchange JSON --------------------------------------------------------------------------


def test_export_json_is_the_interchange_document(client, demo):
    response = client.get("/negotiations/sma-11/export.json")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="sma-11.json"'
    assert json.loads(response.getvalue()) == export_document([demo])


def test_export_json_round_trips_the_demo(client, demo, demo_document):
    document = _streamed_json(client.get("/negotiations/sma-11/export.json"))
    assert document["negotiations"][0]["rounds"] == demo_document["negotiations"][0]["rounds"]


# Standalone HTML ---------------------------------------------------------------------------


def test_standalone_html_is_one_self_contained_download(client, demo):
    response = client.get("/negotiations/sma-11/timeline.html?theme=dark")
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="sma-11-timeline.html"'
    # plotly writes "/" and "<" in the figure JSON as \u002f and \u003c.
    page = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m[1], 16)), response.content.decode())
    assert re.search(r"plotly\.js v\d", page)
    assert "<script src=" not in page
    assert "Source: Negotiation tracker, http://testserver/negotiations/sma-11/" in page
    assert "<title>11th Special Measures Agreement (SMA) negotiations</title>" in page
    assert '"paper_bgcolor":"#16191d"' in page.replace(" ", "")


def test_standalone_html_escapes_the_title(client, db):
    negotiation = factories.NegotiationFactory(title="</title><script>alert(1)</script>")
    page = client.get(f"/negotiations/{negotiation.slug}/timeline.html").content.decode()
    assert "<script>alert(1)" not in page
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page


# Image parameters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("width=wide", "width"),
        ("width=100", "width"),
        ("width=5000", "width"),
        ("height=50", "height"),
        ("scale=0.1", "scale"),
        ("scale=nan", "scale"),
        ("scale=9", "scale"),
        ("width=4000&height=4000&scale=2", "pixels"),
        ("theme=neon", "theme"),
    ],
)
def test_image_bad_size_is_400_naming_it(client, db, query, named):
    negotiation = factories.NegotiationFactory()
    response = client.get(f"/negotiations/{negotiation.slug}/timeline.png?{query}")
    assert response.status_code == 400
    assert named in response.content.decode()


def test_image_size_defaults():
    assert image_size({}, 700) == (1200, 700, 1.0)


def test_print_figure_adds_the_credit_and_drops_the_range_slider():
    figure = {"data": [], "layout": {"xaxis": {"rangeslider": {"visible": True}}, "margin": {}}}
    printed = print_figure(figure, "Source: <b>here</b>")
    assert printed["layout"]["xaxis"]["rangeslider"] == {"visible": False}
    (credit,) = printed["layout"]["annotations"]
    assert credit["text"] == "Source: &lt;b&gt;here&lt;/b&gt;"
    assert figure["layout"]["xaxis"]["rangeslider"] == {"visible": True}


def test_described_svg_puts_title_and_desc_first():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10"><rect/></svg>'
    assert described_svg(svg, "A & B", "<desc>") == (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10"><title>A &amp; B</title>'
        b"<desc>&lt;desc&gt;</desc><rect/></svg>"
    )
