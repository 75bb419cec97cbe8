"""Shared fixtures: the demo document, users in each group, real Chromium for browser tests."""

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

DEMO_PATH = Path(__file__).resolve().parent.parent / "tracker" / "demo" / "sma-11.json"
CHROMIUM = os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# CI runs each property-based test on the same examples every time, so a run cannot fail by
# chance; locally, hypothesis explores new examples on each run.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

# Playwright's sync API runs an event loop; Django's async-safety check would refuse the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty response cache: keys repeat as ids and revisions do."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Hash test passwords with MD5: PBKDF2's deliberate slowness costs seconds per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def demo_document():
    """The shipped demo interchange document, parsed."""
    return json.loads(DEMO_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def demo(db, demo_document):
    """The demo negotiation (sma-11), imported through the interchange importer and published."""
    from tracker.interchange import import_document
    from tracker.models import Negotiation

    import_document(demo_document)
    Negotiation.objects.filter(slug="sma-11").update(is_published=True)
    return Negotiation.objects.get(slug="sma-11")


def _group(name):
    """The group the data migration made; made again, with its permissions, after a flush.

    Live-server tests flush the database, data migrations' rows included (the permissions
    come back with post_migrate, the groups do not).
    """
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=name)
    if created:
        groups = importlib.import_module("tracker.migrations.0002_groups")
        codenames = []
        for model in apps.get_app_config("tracker").get_models():
            opts = model._meta
            is_history = opts.model_name.startswith("historical")
            actions = groups.HISTORY_ACTIONS[name] if is_history else groups.GROUPS[name]
            codenames += [f"{action}_{opts.model_name}" for action in actions]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="tracker", codename__in=codenames)
        )
    return group


def _user_in(group_name, django_user_model, username):
    user = django_user_model.objects.create_user(username, password="correct horse battery")
    user.groups.add(_group(group_name))
    return user


@pytest.fixture
def editor(db, django_user_model):
    """A user in the Editors group."""
    return _user_in("Editors", django_user_model, "editor")


@pytest.fixture
def analyst(db, django_user_model):
    """A user in the Analysts group."""
    return _user_in("Analysts", django_user_model, "analyst")


@pytest.fixture(scope="session")
def chromium():
    """A real headless Chromium; skipped locally when absent, a failure when CI requires it."""
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        reason = f"no Chromium at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("TRACKER_REQUIRE_BROWSER"):
            pytest.fail(reason + " (TRACKER_REQUIRE_BROWSER is set)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh browser page that records console errors in `page.console_errors`."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    context.close()
