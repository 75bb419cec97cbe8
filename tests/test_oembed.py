"""oEmbed answers: query numbers in ASCII digits only, and a thumbnail (the PNG export)."""

import os
import shutil
import struct
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache

from tests import factories
from tests.conftest import CHROMIUM
from timeline import exports, imaging
from timeline.embeds import THUMBNAIL_RANGE

URL = "http://testserver/embed/open-talks/"


@pytest.fixture
def published(db):
    negotiation = factories.NegotiationFactory(slug="open-talks", title="Open talks")
    factories.RoundFactory(negotiation=negotiation, number=1, start="2019-09-24")
    factories.EventFactory(negotiation=negotiation, date="2020-03", title="Agreement expires")
    return negotiation


@pytest.fixture
def kaleido(settings):
    """Chromium for the image export: skipped locally when absent, a failure when CI requires it."""
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        if os.environ.get("TRACKER_REQUIRE_BROWSER"):
            pytest.fail(f"no Chromium at {CHROMIUM} (TRACKER_REQUIRE_BROWSER is set)")
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    settings.CHROMIUM_PATH = CHROMIUM
    cache.clear()
    yield
    imaging.renderer.close()


@pytest.mark.parametrize("name", ["maxwidth", "maxheight"])
@pytest.mark.parametrize("value", ["²", "٣", "٣٠٠", "３００", "1e3", "+300", "300.0", "0"])
def test_oembed_sizes_take_ascii_digits_only(client, published, name, value):
    response = client.get("/oembed", {"url": URL, name: value})

    assert response.status_code == 400
    message = response.content.decode()
    assert f'{name}: "{value}" is not a whole number of pixels above 0 (digits 0-9)' in message
    assert "invalid literal" not in message


@pytest.mark.parametrize(
    ("address", "name"),
    [
        ("/negotiations/open-talks/figure.json?height=²", "height"),
        ("/negotiations/open-talks/figure.json?height=٣٠٠", "height"),
        ("/embed/open-talks/?height=٣٠٠", "height"),
        ("/?year=²⁰²⁰", "year"),
        ("/?year=٢٠٢٠", "year"),
        ("/negotiations/open-talks/timeline.png?width=٣٠٠", "width"),
        ("/negotiations/open-talks/timeline.png?scale=١", "scale"),
        ("/negotiations/open-talks/timeline.png?width=3_00", "width"),
    ],
)
def test_page_numbers_take_ascii_digits_only(client, published, address, name):
    response = client.get(address)

    assert response.status_code == 400
    assert f"Bad query parameter: {name}: " in response.content.decode()


def test_oembed_has_a_thumbnail_of_the_view(client, published):
    answer = client.get("/oembed", {"url": URL + "?lanes=rounds", "maxwidth": 640}).json()

    thumbnail = urlsplit(answer["thumbnail_url"])
    assert thumbnail.path == "/negotiations/open-talks/timeline.png"
    assert parse_qs(thumbnail.query) == {"lanes": ["rounds"], "height": ["520"], "width": ["640"]}
    assert (answer["thumbnail_width"], answer["thumbnail_height"]) == (640, 520)


def test_oembed_thumbnail_respects_maxheight(client, published):
    answer = client.get("/oembed", {"url": URL, "maxheight": 480}).json()

    assert answer["thumbnail_height"] == 370 <= 480
    assert "height=370" in answer["thumbnail_url"]


@pytest.mark.parametrize("query", [{"maxwidth": 150}, {"maxheight": 150}])
def test_oembed_leaves_out_a_thumbnail_smaller_than_any_export(client, published, query):
    answer = client.get("/oembed", {"url": URL, **query}).json()

    assert not {"thumbnail_url", "thumbnail_width", "thumbnail_height"} & set(answer)


def test_thumbnail_sizes_are_the_image_export_sizes():
    assert THUMBNAIL_RANGE == exports.IMAGE_WIDTH_RANGE == exports.IMAGE_HEIGHT_RANGE


def test_oembed_thumbnail_is_a_png_of_the_stated_size(client, published, kaleido):
    answer = client.get("/oembed", {"url": URL, "maxwidth": 600}).json()

    image = client.get(answer["thumbnail_url"])

    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image.content[:8] == b"\x89PNG\r\n\x1a\n"
    size = struct.unpack(">II", image.content[16:24])
    assert size == (answer["thumbnail_width"], answer["thumbnail_height"]) == (600, 520)
