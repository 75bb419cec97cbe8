"""Logs: JSON lines on stdout with request ids; a 500 in production is logged with its traceback."""

import json
import logging
import sys

import pytest
from django.test import Client

from tests import factories
from timeline import views
from tracker.logs import HEADER, JsonFormatter, RequestIdFilter, request_id_from


class ExportBroke(RuntimeError):
    pass


@pytest.fixture
def published(db):
    negotiation = factories.NegotiationFactory(slug="open-talks")
    factories.RoundFactory(negotiation=negotiation, number=1, start="2019-09-24")
    return negotiation


@pytest.fixture
def broken_figure(monkeypatch):
    """figure.json fails inside the view, as an unforeseen bug would.

    (Not a download: those stream, so their errors come after the 200 has gone out.)
    """

    def fail(data, params):
        raise ExportBroke("the figure builder broke")

    monkeypatch.setattr(views, "build_figure", fail)


def log_lines(text):
    """Every line of stdout parsed as JSON (a line that is not JSON fails the test)."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_server_error_in_production_is_logged_with_traceback_and_request_id(
    published, broken_figure, settings, capsys
):
    settings.DEBUG = False
    capsys.readouterr()

    response = Client(raise_request_exception=False).get("/negotiations/open-talks/figure.json")

    assert response.status_code == 500
    request_id = response[HEADER]
    [entry] = [line for line in log_lines(capsys.readouterr().out) if line["level"] == "ERROR"]
    assert entry["logger"] == "django.request"
    assert entry["request_id"] == request_id
    assert entry["path"] == "/negotiations/open-talks/figure.json"
    assert entry["status_code"] == 500
    assert "Traceback" in entry["exception"]
    assert "ExportBroke: the figure builder broke" in entry["exception"]


def test_a_sane_incoming_request_id_is_kept(published, broken_figure, settings, capsys):
    settings.DEBUG = False
    capsys.readouterr()

    response = Client(raise_request_exception=False).get(
        "/negotiations/open-talks/figure.json", headers={HEADER: "lb-7f3a9c21-0001"}
    )

    assert response[HEADER] == "lb-7f3a9c21-0001"
    errors = [line for line in log_lines(capsys.readouterr().out) if line["level"] == "ERROR"]
    assert [entry["request_id"] for entry in errors] == ["lb-7f3a9c21-0001"]


@pytest.mark.parametrize(
    "incoming",
    ["", "   ", "x" * 129, "id with spaces", "id\r\nSet-Cookie: a=b", "<script>", "ïd", "-lead"],
)
def test_an_insane_incoming_request_id_is_replaced(incoming):
    request_id = request_id_from(incoming)

    assert request_id != incoming.strip()
    assert len(request_id) == 32 and request_id.isalnum()


def test_every_answer_carries_a_request_id(published):
    first = Client().get("/negotiations/open-talks/figure.json")
    second = Client().get("/negotiations/open-talks/figure.json")

    assert first[HEADER] and second[HEADER]
    assert first[HEADER] != second[HEADER]


def test_not_found_is_logged_as_a_json_line_with_its_request_id(db, capsys):
    capsys.readouterr()

    response = Client().get("/negotiations/nothing-here/")

    [entry] = log_lines(capsys.readouterr().out)
    assert entry["level"] == "WARNING"
    assert entry["request_id"] == response[HEADER]
    assert entry["message"] == "Not Found: /negotiations/nothing-here/"


def test_formatter_writes_one_line_with_extras_and_traceback():
    try:
        raise ValueError("line one\nline two")
    except ValueError:
        record = logging.LogRecord(
            "tracker", logging.ERROR, __file__, 1, "Export of %s failed", ("talks",), True
        )
        record.exc_info = sys.exc_info()
    record.slug = "talks"
    RequestIdFilter().filter(record)

    text = JsonFormatter().format(record)

    assert "\n" not in text
    entry = json.loads(text)
    assert entry["message"] == "Export of talks failed"
    assert entry["slug"] == "talks"
    assert entry["request_id"] is None
    assert "ValueError: line one\nline two" in entry["exception"]


def test_server_error_page_names_the_request_id(published, broken_figure, settings):
    settings.DEBUG = False

    response = Client(raise_request_exception=False).get(
        "/negotiations/open-talks/figure.json", headers={HEADER: "req-42"}
    )

    assert response.status_code == 500
    assert "quote this request id: <code>req-42</code>" in response.content.decode()


def test_api_server_error_is_json_naming_the_request_id(published, settings, monkeypatch):
    from timeline.api import routes

    def fail(request, slug):
        raise ExportBroke("lookup broke")

    monkeypatch.setattr(routes, "negotiation_or_404", fail)
    settings.DEBUG = False

    response = Client(raise_request_exception=False).get(
        "/api/v1/negotiations/open-talks", headers={HEADER: "req-43"}
    )

    assert response.status_code == 500
    assert "quote request id req-43" in response.json()["detail"]
