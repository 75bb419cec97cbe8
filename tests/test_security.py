"""Content-Security-Policy, framing, cookies and `check --deploy` in production settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from tests.factories import NegotiationFactory
from tracker.security import ContentSecurityPolicyMiddleware, parse_policy

ROOT = Path(__file__).resolve().parent.parent

PAGES = [
    "/",
    "/compare/?n=open-talks",
    "/negotiations/open-talks/",
    "/negotiations/open-talks/figure.json",
    "/negotiations/open-talks/facts.json",
    "/negotiations/open-talks/data.csv",
    "/negotiations/open-talks/timeline.html",
    "/oembed?url=http://testserver/negotiations/open-talks/",
    "/api/v1/negotiations",
    "/api/v1/docs",
    "/api/v1/openapi.json",
    "/accounts/login/",
    "/admin/",
    "/admin/login/",
    "/admin/tracker/negotiation/",
    "/no-such-page/",
]
EMBEDS = ["/embed/open-talks/"]


@pytest.fixture
def published(db):
    return NegotiationFactory(slug="open-talks", is_published=True)


def csp(response):
    return parse_policy(response["Content-Security-Policy"])


@pytest.mark.parametrize("url", PAGES + EMBEDS)
def test_every_page_has_a_strict_policy(client, admin_user, published, url):
    client.force_login(admin_user)
    response = client.get(url)
    policy = csp(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy.get("default-src", [])
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]


@pytest.mark.parametrize("url", PAGES)
def test_non_embed_pages_refuse_framing(client, published, url):
    response = client.get(url)
    assert response["X-Frame-Options"] == "DENY"
    assert csp(response)["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize(
    "ancestors, expected",
    [
        (["*"], ["*"]),
        (["https://news.example.org"], ["'self'", "https://news.example.org"]),
    ],
)
def test_embed_pages_may_be_framed_by_the_configured_origins(
    client, published, settings, ancestors, expected
):
    settings.EMBED_FRAME_ANCESTORS = ancestors
    response = client.get(EMBEDS[0])
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert csp(response)["frame-ancestors"] == expected
    assert csp(response)["script-src"] == ["'self'"]


def test_view_frame_ancestors_attribute_is_honoured(rf: RequestFactory):
    def view(request):
        response = HttpResponse("x")
        response.csp_frame_ancestors = ["https://news.example.org"]
        return response

    response = ContentSecurityPolicyMiddleware(view)(rf.get("/"))
    assert csp(response)["frame-ancestors"] == ["https://news.example.org"]
    assert csp(response)["script-src"] == ["'self'"]


def test_view_policy_header_is_merged_into_one(rf):
    def view(request):
        response = HttpResponse("x")
        response["Content-Security-Policy"] = "frame-ancestors https://a.example https://b.example"
        return response

    response = ContentSecurityPolicyMiddleware(view)(rf.get("/"))
    header = response["Content-Security-Policy"]
    assert header.count("frame-ancestors") == 1
    assert csp(response)["frame-ancestors"] == ["https://a.example", "https://b.example"]
    assert csp(response)["default-src"] == ["'self'"]


def production_env(**extra):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "example.org",
        **extra,
    }
    env.pop("DJANGO_SECURE_SSL_REDIRECT", None)
    env.pop("DJANGO_SECURE_COOKIES", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by conftest for Playwright only
    return env


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_secure():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**production_env(), "DJANGO_SETTINGS_MODULE": "tracker.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "True"], result.stderr


def csp_problems(page):
    return [m for m in page.console_errors if "Content Security Policy" in m or "Refused" in m]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_api_docs_work_under_the_policy(page, live_server):
    page.goto(f"{live_server.url}/api/v1/docs")
    page.locator(".swagger-ui .info .title").wait_for(timeout=60_000)
    assert "Negotiation tracker API" in page.locator(".swagger-ui .info .title").text_content()
    page.locator(".opblock").first.wait_for()
    assert csp_problems(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_works_under_the_policy(page, live_server, admin_user):
    admin_user.set_password("correct horse battery")
    admin_user.save()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/tracker/negotiation/add/")
    page.locator("#negotiation_form").wait_for()
    # The admin's own scripts ran: inline "Add another" links are built by inlines.js.
    assert page.locator(".add-row a").count() >= 1
    assert csp_problems(page) == []
