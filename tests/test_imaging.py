"""PNG, SVG and PDF exports drawn by kaleido in real Chromium: valid files of the asked size."""

import os
import re
import shutil
import struct
from pathlib import Path

import pytest
from django.core.cache import cache

from tests import factories
from tests.conftest import CHROMIUM
from timeline import imaging
from tracker.models import Negotiation


@pytest.fixture(scope="module")
def kaleido_chromium():
    """Chromium for kaleido: skipped locally when absent, a failure when CI requires it."""
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        reason = f"no Chromium at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("TRACKER_REQUIRE_BROWSER"):
            pytest.fail(reason + " (TRACKER_REQUIRE_BROWSER is set)")
        pytest.skip(reason)
    yield CHROMIUM
    imaging.renderer.close()


@pytest.fixture
def talks(db, settings, kaleido_chromium):
    settings.CHROMIUM_PATH = kaleido_chromium
    cache.clear()
    negotiation = factories.NegotiationFactory(slug="open-talks", title="Open talks")
    factories.RoundFactory(negotiation=negotiation)
    factories.EventFactory(negotiation=negotiation, date="2019-10")
    factories.StatementFactory(negotiation=negotiation)
    return negotiation


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def svg_size(text):
    root = re.match(r"<svg [^>]*>", text).group(0)
    return (
        float(re.search(r' width="([\d.]+)"', root).group(1)),
        float(re.search(r' height="([\d.]+)"', root).group(1)),
    )


def pdf_points(data):
    assert data[:5] == b"%PDF-"
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    return float(box.group(1)), float(box.group(2))


@pytest.mark.parametrize(
    ("query", "size"),
    [("width=600&height=400", (600, 400)), ("width=800&height=300&scale=2", (1600, 600))],
)
def test_png_is_the_asked_size(client, talks, query, size):
    response = client.get(f"/negotiations/open-talks/timeline.png?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert png_size(response.content) == size


def test_svg_is_the_asked_size(client, talks):
    response = client.get("/negotiations/open-talks/timeline.svg?width=700&height=450")
    assert response["Content-Type"] == "image/svg+xml"
    assert svg_size(response.content.decode()) == (700, 450)


def test_pdf_is_the_asked_size(client, talks):
    response = client.get("/negotiations/open-talks/timeline.pdf?width=800&height=400")
    assert response["Content-Type"] == "application/pdf"
    # Chromium prints 96 CSS pixels to the inch, PDF counts 72 points.
    assert pdf_points(response.content) == (600, 300)


def test_image_carries_title_source_credit_and_alt_text(client, talks):
    svg = client.get("/negotiations/open-talks/timeline.svg?as_of=2020-01-31").content.decode()
    assert "Open talks" in svg
    assert "Source: Negotiation tracker, http://testserver/negotiations/open-talks/" in svg
    assert "as of 31 January 2020" in svg
    assert re.search(r"<svg [^>]*><title>Open talks</title><desc>Timeline of Open talks", svg)


def test_image_escapes_user_text(client, talks):
    Negotiation.objects.filter(pk=talks.pk).update(title="<script>alert(1)</script>")
    svg = client.get("/negotiations/open-talks/timeline.svg").content.decode()
    assert "<script" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg


def test_repeat_request_is_served_without_drawing(client, talks):
    first = client.get("/negotiations/open-talks/timeline.png?width=500&height=300")
    draws = imaging.renderer.draws
    second = client.get("/negotiations/open-talks/timeline.png?width=500&height=300")
    assert imaging.renderer.draws == draws
    assert second.content == first.content


def test_other_size_is_drawn_again(client, talks):
    client.get("/negotiations/open-talks/timeline.png?width=500&height=300")
    draws = imaging.renderer.draws
    client.get("/negotiations/open-talks/timeline.png?width=520&height=300")
    assert imaging.renderer.draws == draws + 1


def test_changed_record_is_drawn_again(client, talks):
    before = client.get("/negotiations/open-talks/timeline.svg").content
    draws = imaging.renderer.draws
    factories.EventFactory(negotiation=talks, date="2020-04-01", title="Furlough")
    after = client.get("/negotiations/open-talks/timeline.svg").content
    assert imaging.renderer.draws == draws + 1
    assert after != before


def test_unpublished_images_are_drawn_for_analysts(client, talks, analyst):
    Negotiation.objects.filter(pk=talks.pk).update(is_published=False)
    assert client.get("/negotiations/open-talks/timeline.png").status_code == 404
    client.force_login(analyst)
    assert client.get("/negotiations/open-talks/timeline.png").status_code == 200


# Without Chromium --------------------------------------------------------------------------


def test_missing_chromium_is_503_saying_what_to_install(client, db, settings):
    settings.CHROMIUM_PATH = "/nonexistent/chromium"
    cache.clear()
    factories.NegotiationFactory(slug="open-talks")
    response = client.get("/negotiations/open-talks/timeline.png")
    assert response.status_code == 503
    assert "install Chromium: apt-get install chromium" in response.content.decode()


def test_busy_chromium_is_503_to_retry(client, db, monkeypatch):
    monkeypatch.setattr(imaging, "QUEUE_TIMEOUT", 0.01)
    cache.clear()
    factories.NegotiationFactory(slug="open-talks")
    with imaging.renderer._lock:
        response = client.get("/negotiations/open-talks/timeline.png")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "busy" in response.content.decode()


def test_renderer_without_chromium_raises(settings):
    settings.CHROMIUM_PATH = "/nonexistent/chromium"
    with pytest.raises(imaging.ChromiumUnavailable, match="/nonexistent/chromium"):
        imaging.Renderer().draw({"data": []}, fmt="png", width=300, height=200, scale=1)


@pytest.mark.parametrize(
    "change",
    [
        {"fmt": "svg"},
        {"width": 601},
        {"height": 401},
        {"scale": 2},
        {"figure": {"data": [], "layout": {"title": {"text": "Other"}}}},
    ],
)
def test_image_cache_key_changes_with_figure_format_and_size(change):
    asked = {
        "figure": {"data": [], "layout": {"title": {"text": "One"}}},
        "fmt": "png",
        "width": 600,
        "height": 400,
        "scale": 1,
    }
    assert imaging.image_cache_key(**asked) != imaging.image_cache_key(**(asked | change))


def test_image_cache_key_ignores_key_order():
    one = {"data": [], "layout": {"a": 1, "b": 2}}
    two = {"layout": {"b": 2, "a": 1}, "data": []}
    assert imaging.image_cache_key(one, "png", 1, 1, 1) == imaging.image_cache_key(
        two, "png", 1, 1, 1
    )


def pdf_info(data):
    """The PDF's document information, read by a real PDF parser."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=True)
    return reader.metadata, len(reader.pages)


@pytest.mark.parametrize(
    "title",
    [
        "Open talks",
        "Négociations « SMA » 11: 한미 방위비 분담금 (2019–2021) & <co>",
        "Paren (left) \\ back) slash",
        "Form\x0cfeed and\x0bvertical tab",
    ],
)
def test_pdf_title_is_the_negotiation_title(client, talks, title):
    Negotiation.objects.filter(pk=talks.pk).update(title=title)

    response = client.get("/negotiations/open-talks/timeline.pdf?width=800&height=400")

    assert response.status_code == 200
    info, pages = pdf_info(response.content)
    assert info.title == title.replace("\x0c", " ").replace("\x0b", " ")
    assert info.creator == "Negotiation tracker"
    assert pages == 1
    assert pdf_points(response.content) == (600, 300)
