"""TimelineJS export: real date precision, lanes as groups, rounds as eras, text escaped."""

import pytest

from tests import factories
from timeline.data import timeline_data
from timeline.exports import export_facts
from timeline.timelinejs import date_object, source_links, timeline_document
from tracker.partialdate import PartialDate


def _document(negotiation):
    return timeline_document(
        {"title": negotiation.title, "summary": negotiation.summary},
        export_facts(timeline_data(negotiation)),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", {"year": 2019}),
        ("2019-09", {"year": 2019, "month": 9}),
        ("2019-09-24", {"year": 2019, "month": 9, "day": 24}),
    ],
)
def test_date_object_has_only_known_parts(text, expected):
    assert date_object(PartialDate.parse(text)) == expected


def test_timeline_document_has_one_slide_per_dated_fact(db):
    negotiation = factories.NegotiationFactory()
    factories.RoundFactory.create_batch(2, negotiation=negotiation)
    factories.PositionFactory(negotiation=negotiation)
    factories.PositionFactory(negotiation=negotiation, date=None)
    factories.EventFactory(negotiation=negotiation)
    factories.StatementFactory(negotiation=negotiation)
    slides = _document(negotiation)["events"]
    assert [slide["group"] for slide in slides] == [
        "Rounds",
        "Rounds",
        "Positions",
        "Events",
        "Statements",
    ]


def test_timeline_document_month_precision_gets_display_date(db):
    event = factories.EventFactory(date="2019-09")
    (slide,) = _document(event.negotiation)["events"]
    assert slide["start_date"] == {"year": 2019, "month": 9}
    assert slide["display_date"] == "September 2019"
    assert "end_date" not in slide


def test_timeline_document_day_precision_has_no_display_date(db):
    event = factories.EventFactory(date="2020-04-01")
    (slide,) = _document(event.negotiation)["events"]
    assert slide["start_date"] == {"year": 2020, "month": 4, "day": 1}
    assert "display_date" not in slide


def test_timeline_document_rounds_are_eras(db):
    round_ = factories.RoundFactory(
        number=3, start="2019-11-18", end="2019-11-19", location="Seoul"
    )
    document = _document(round_.negotiation)
    assert document["eras"] == [
        {
            "start_date": {"year": 2019, "month": 11, "day": 18},
            "end_date": {"year": 2019, "month": 11, "day": 19},
            "text": {"headline": "Round 3, Seoul"},
        }
    ]
    assert document["events"][0]["end_date"] == {"year": 2019, "month": 11, "day": 19}


@pytest.mark.parametrize("end", [None, "2019-11-18"])
def test_timeline_document_one_day_round_is_no_era(db, end):
    round_ = factories.RoundFactory(start="2019-11-18", end=end)
    document = _document(round_.negotiation)
    assert document["eras"] == []
    assert "end_date" not in document["events"][0]


def test_timeline_document_escapes_user_text(db):
    statement = factories.StatementFactory(quote='<img src=x onerror="alert(1)">')
    statement.negotiation.title = "<script>alert(2)</script>"
    document = _document(statement.negotiation)
    assert document["title"]["text"]["headline"] == "&lt;script&gt;alert(2)&lt;/script&gt;"
    text = document["events"][0]["text"]["text"]
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in text
    assert "<img" not in text


def test_timeline_document_turns_off_autolink(db):
    event = factories.EventFactory()
    assert _document(event.negotiation)["events"][0]["autolink"] is False


def test_source_links_link_only_web_addresses():
    html = source_links(
        [
            {"url": 'https://news.example.org/a?b=1&c="2"', "title": "A <b>", "publisher": ""},
            {"url": "javascript:alert(1)", "title": "", "publisher": ""},
            {"url": "", "title": "Printed memo", "publisher": "Ministry"},
        ]
    )
    assert html == (
        '<p>Sources: <a href="https://news.example.org/a?b=1&amp;c=&quot;2&quot;" '
        'target="_blank" rel="noopener">A &lt;b&gt;</a>; javascript:alert(1); '
        "Printed memo (Ministry)</p>"
    )


def test_source_links_empty_without_sources():
    assert source_links([]) == ""


def test_timeline_document_position_says_its_issue_escaped(db):
    issue = factories.IssueFactory(title="Soybeans <b>")
    factories.PositionFactory(negotiation=issue.negotiation, issue=issue)

    (slide,) = _document(issue.negotiation)["events"]

    assert slide["text"]["text"].startswith("<p>Issue: Soybeans &lt;b&gt;</p>")
