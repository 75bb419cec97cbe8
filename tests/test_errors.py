"""A database outage gives a fast, clear 503 (JSON under /api/), never a crash page."""

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import path

from tracker.errors import server_error


def lost_database(request):
    raise OperationalError("server closed the connection unexpectedly")


def broken_cursor(request):
    raise InterfaceError("connection already closed")


def healthy(request):
    return HttpResponse("ok")


urlpatterns = [
    path("page/", lost_database),
    path("api/v1/thing", lost_database),
    path("cursor/", broken_cursor),
    path("ok/", healthy),
]


@pytest.mark.urls("tests.test_errors")
@pytest.mark.parametrize("url", ["/page/", "/cursor/"])
def test_database_error_in_view_is_503_page(client, url):
    response = client.get(url)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert b"Temporarily unavailable" in response.content
    assert response["Retry-After"].isdigit()
    assert response["Cache-Control"] == "no-store"


@pytest.mark.urls("tests.test_errors")
def test_database_error_under_api_is_json_503(client):
    response = client.get("/api/v1/thing")
    assert response.status_code == 503
    assert "database is unavailable" in response.json()["detail"]


@pytest.mark.urls("tests.test_errors")
def test_other_errors_stay_errors(client):
    assert client.get("/ok/").status_code == 200


def test_handler500_turns_database_error_into_503(rf: RequestFactory):
    request = rf.get("/negotiations/x/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503


def test_handler500_keeps_other_errors_500(rf):
    request = rf.get("/negotiations/x/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500


def test_query_on_lost_connection_is_503(admin_user, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)

    def refuse(*args, **kwargs):
        raise OperationalError("terminating connection due to administrator command")

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", refuse)
        response = client.get("/admin/")
    assert response.status_code == 503
    assert b"Temporarily unavailable" in response.content


@pytest.mark.parametrize("debug", [False, True])
def test_api_on_lost_connection_is_json_503(client, db, settings, monkeypatch, debug):
    settings.DEBUG = debug

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", refuse)
        response = Client(raise_request_exception=False).get("/api/v1/negotiations")
    assert response.status_code == 503
    assert "database is unavailable" in response.json()["detail"]
