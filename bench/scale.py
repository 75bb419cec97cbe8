"""Horizontal scale: two gunicorn instances sharing one PostgreSQL database and one Redis cache.

Measures the cached figure's throughput on one instance and on both at once, then edits
a statement through the admin of the first instance and checks that the second one
stops answering 304 for its old ETag and serves the edited words.
"""

import http.cookiejar
import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from html.parser import HTMLParser

from . import data, load
from .server import ROOT, Gunicorn, django_env

POSTGRES = "postgres://postgres@127.0.0.1:5432/tracker_bench"
REDIS = "redis://127.0.0.1:6379/7"
ADMIN = ("bench-admin", "bench-admin-password-not-secret-42")


def run(size, *, ports=(8711, 8712), fresh=False, log=None, say=print, seconds=6.0):
    base = os.environ.get("DATABASE_URL", "")
    url = data.database_url(size, base=base if base.startswith("postgres") else POSTGRES)
    imported = data.prepare(size, url, fresh=fresh, log=log, say=say)
    _flush_redis(REDIS)
    _ensure_admin(url)
    slug = data.slug_for(size)
    figure = f"/negotiations/{slug}/figure.json"
    embed = f"/embed/{slug}/"
    result = {"size": size, "database": "PostgreSQL", "cache": "Redis", "import": imported}
    with (
        Gunicorn(ports[0], url, redis_url=REDIS, log=log) as first,
        Gunicorn(ports[1], url, redis_url=REDIS, log=log) as second,
    ):
        for server in (first, second):
            for path in (figure, embed):
                _get(server.base + path)
        options = {"threads": 8, "max_requests": 20_000, "max_seconds": seconds}
        result["one"] = load.run_load("127.0.0.1", ports[0], figure, **options)
        pair = load.run_parallel(
            [("127.0.0.1", port, figure, None) for port in ports], threads=4,
            max_requests=10_000, max_seconds=seconds,
        )  # fmt: skip
        result["pair"] = pair
        result["pair_rps"] = sum(r["rps"] for r in pair)
        result["invalidation"] = invalidation(first, second, slug, url)
        result["peak_rss_kb"] = max(first.peak_rss_kb() or 0, second.peak_rss_kb() or 0)
    return result


def invalidation(first, second, slug, url):
    """Edit through `first`, read through `second`: the old ETag must stop matching."""
    statement_id, day = _a_statement(url, slug)
    window = f"?start={day}&end={day}"
    paths = {
        "figure": f"/negotiations/{slug}/figure.json{window}",
        "embed": f"/embed/{slug}/{window}",
    }
    before = {name: _get(second.base + path) for name, path in paths.items()}
    cached = {
        name: _get(second.base + path, {"If-None-Match": before[name][1].get("ETag", "")})[0]
        for name, path in paths.items()
    }
    words = f"Edited through instance one ({first.port}) for the scale benchmark."
    edit_status = admin_edit_statement(first.base, statement_id, words)
    after = {
        name: _get(second.base + path, {"If-None-Match": before[name][1].get("ETag", "")})
        for name, path in paths.items()
    }
    return {
        "edited_statement": statement_id,
        "admin_post_status": edit_status,
        "surfaces": {
            name: {
                "status_before_edit_with_etag": cached[name],
                "status_after_edit_with_old_etag": after[name][0],
                "etag_changed": after[name][1].get("ETag") != before[name][1].get("ETag"),
                "edited_words_served": words.encode() in after[name][2],
            }
            for name in paths
        },
    }


def _get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _manage(url, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=django_env(url),
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _ensure_admin(url):
    code = (
        "from django.contrib.auth import get_user_model as g; U = g();"
        f"u = U.objects.filter(username={ADMIN[0]!r}).first() or U(username={ADMIN[0]!r});"
        "u.is_staff = u.is_superuser = True;"
        f"u.set_password({ADMIN[1]!r}); u.save()"
    )
    _manage(url, "shell", "-c", code)


def _a_statement(url, slug):
    """A day-precision statement in the middle of the negotiation: (id, date)."""
    code = (
        "import json; from tracker.models import Statement as S;"
        f"q = S.objects.filter(negotiation__slug={slug!r}, date__regex=r'^....-..-..$');"
        "s = q.order_by('sequence')[q.count() // 2];"
        "print(json.dumps([s.pk, s.date.iso]))"
    )
    return json.loads(_manage(url, "shell", "-c", code).strip().splitlines()[-1])


def _flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


class _FormReader(HTMLParser):
    """The fields of the admin change form, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.fields, self.select, self.textarea, self.in_form = [], None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.in_form = True
        if not self.in_form or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append([attrs["name"], attrs.get("value", "on")])
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
            self.fields.append(self.textarea)
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append([self.select, attrs.get("value", "")])

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.in_form = False

    def handle_data(self, text):
        if self.textarea is not None:
            self.textarea[1] += text


def admin_edit_statement(base, statement_id, words):
    """Log in to the admin of `base` and change one statement's quote; the POST's status."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def form_of(url):
        reader = _FormReader()
        reader.feed(opener.open(url, timeout=60).read().decode())
        return reader.fields

    def post(url, fields):
        body = urllib.parse.urlencode([tuple(field) for field in fields]).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        with opener.open(request, timeout=60) as response:
            return response.status, response.geturl()

    login = base + "/admin/login/?next=/admin/"
    fields = [f for f in form_of(login) if f[0] == "csrfmiddlewaretoken"]
    fields += [["username", ADMIN[0]], ["password", ADMIN[1]], ["next", "/admin/"]]
    post(login, fields)
    change = f"{base}/admin/tracker/statement/{statement_id}/change/"
    fields = [f for f in form_of(change) if f[0] != "quote"]
    fields += [["quote", words], ["_save", "Save"]]
    status, landed = post(change, fields)
    return {"status": status, "redirected_to": urllib.parse.urlsplit(landed).path}
