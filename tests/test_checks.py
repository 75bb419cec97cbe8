"""System checks: a wrong DJANGO_EMBED_FRAME_ANCESTORS stops the start with a clear message."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tracker.checks import check_embed_frame_ancestors, refuse_to_start

ROOT = Path(__file__).resolve().parent.parent
WRONG = [
    ["https://news.example.org https://blog.example.com"],  # spaces instead of commas
    ["https://news.example.org;"],
    ["'unsafe-inline'"],
    ["news.example.org/embed, x"],
]


@pytest.mark.parametrize("origins", WRONG)
def test_check_refuses_what_is_not_an_origin(settings, origins):
    settings.EMBED_FRAME_ANCESTORS = origins

    [error] = check_embed_frame_ancestors()

    assert error.id == "tracker.E001"
    assert "DJANGO_EMBED_FRAME_ANCESTORS" in error.msg
    assert repr(origins[0]) in error.msg
    assert "comma-separated" in error.msg


@pytest.mark.parametrize(
    "origins", [["*"], [], ["'self'"], ["https://news.example.org", "https://b.example:8443"]]
)
def test_check_takes_origins(settings, origins):
    settings.EMBED_FRAME_ANCESTORS = origins

    assert check_embed_frame_ancestors() == []


def test_check_refuses_a_string_instead_of_a_list(settings):
    settings.EMBED_FRAME_ANCESTORS = "https://news.example.org"

    [error] = check_embed_frame_ancestors()

    assert "must be a list" in error.msg


def test_app_server_start_refuses_a_wrong_setting(settings):
    settings.EMBED_FRAME_ANCESTORS = ["https://a.example https://b.example"]

    with pytest.raises(ImproperlyConfigured, match="tracker.E001: EMBED_FRAME_ANCESTORS"):
        refuse_to_start()


def run(command, frame_ancestors):
    env = {**os.environ, "DJANGO_EMBED_FRAME_ANCESTORS": frame_ancestors}
    return subprocess.run(
        [sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_manage_check_fails_at_start_on_a_wrong_setting():
    result = run(["manage.py", "check"], "https://a.example https://b.example")

    assert result.returncode != 0
    assert "tracker.E001" in result.stderr
    assert "'https://a.example https://b.example' is not an origin" in result.stderr


def test_wsgi_application_refuses_to_load_with_a_wrong_setting():
    result = run(["-c", "import tracker.wsgi"], "https://a.example;")

    assert result.returncode != 0
    assert "tracker.E001" in result.stderr


def test_manage_check_passes_with_origins():
    result = run(["manage.py", "check"], "https://a.example,https://b.example")

    assert result.returncode == 0, result.stderr
