"""Repeated failed logins lock the account and address (django-axes), and each is logged."""

import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings

PASSWORD = "correct horse battery"
LOGIN_URLS = ["/admin/login/", "/accounts/login/"]


def fail_logins(client, url, username, times):
    return [
        client.post(url, {"username": username, "password": "wrong password"}).status_code
        for _ in range(times)
    ]


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_repeated_failures_lock_even_the_right_password(client, editor, url):
    codes = fail_logins(client, url, "editor", settings.AXES_FAILURE_LIMIT)
    assert codes[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert codes[-1] == 429

    response = client.post(url, {"username": "editor", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_below_the_limit_do_not_lock(client, editor):
    fail_logins(client, "/accounts/login/", "editor", settings.AXES_FAILURE_LIMIT - 1)
    response = client.post("/accounts/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_failed_logins_are_recorded_and_logged(client, editor, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        fail_logins(client, "/admin/login/", "editor", settings.AXES_FAILURE_LIMIT)
    attempt = AccessAttempt.objects.get(username="editor")
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    assert attempt.ip_address == "127.0.0.1"
    messages = [record.getMessage().lower() for record in caplog.records]
    assert sum("login failure by" in message for message in messages) == settings.AXES_FAILURE_LIMIT
    assert any("locking out" in message for message in messages)


def test_lock_is_per_username_and_address(client, editor, analyst):
    fail_logins(client, "/admin/login/", "editor", settings.AXES_FAILURE_LIMIT)
    response = client.post("/accounts/login/", {"username": "analyst", "password": PASSWORD})
    assert response.status_code == 302
