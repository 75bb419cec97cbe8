"""Embed page, oEmbed, framing headers and the share panel: what authors put in their pages."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from timeline.embeds import PAGE_CHROME, SANDBOX, chart_summary, iframe_html
from timeline.framing import frame_ancestors
from tracker.models import Negotiation


@pytest.fixture
def published(db):
    negotiation = factories.NegotiationFactory(slug="open-talks", title="Open talks")
    factories.RoundFactory(negotiation=negotiation, number=1, start="2019-09-24", end="2019-09-25")
    factories.EventFactory(negotiation=negotiation, date="2020-03", title="Agreement expires")
    factories.StatementFactory(negotiation=negotiation)
    return negotiation


@pytest.fixture
def unpublished(db):
    negotiation = factories.NegotiationFactory(slug="closed-talks", is_published=False)
    factories.RoundFactory(negotiation=negotiation)
    return negotiation


# Framing -----------------------------------------------------------------------------------


def test_embed_page_may_be_framed_anywhere_by_default(client, published):
    response = client.get("/embed/open-talks/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]


def test_embed_page_framing_follows_the_setting(client, published, settings):
    settings.EMBED_FRAME_ANCESTORS = ["https://news.example.org", "https://blog.example.com"]
    response = client.get("/embed/open-talks/")
    assert "X-Frame-Options" not in response
    assert (
        "frame-ancestors 'self' https://news.example.org https://blog.example.com"
        in response["Content-Security-Policy"]
    )


@pytest.mark.parametrize(
    "url",
    [
        "/negotiations/open-talks/",
        "/negotiations/open-talks/data.csv",
        "/oembed?url=http://testserver/embed/open-talks/",
        "/",
    ],
)
def test_other_pages_refuse_framing(client, published, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("origins", "expected"),
    [
        (["*"], ["*"]),
        ([], ["'none'"]),
        (["'none'"], ["'none'"]),
        (["https://a.example"], ["'self'", "https://a.example"]),
        (["'self'", "https://a.example:8443"], ["'self'", "https://a.example:8443"]),
    ],
)
def test_frame_ancestors(origins, expected):
    assert frame_ancestors(origins) == expected


@pytest.mark.parametrize(
    "origin", ["https://a.example; script-src *", "https://a.example, https://b", "'unsafe-inline"]
)
def test_frame_ancestors_refuses_what_is_not_an_origin(origin):
    with pytest.raises(ImproperlyConfigured, match="EMBED_FRAME_ANCESTORS"):
        frame_ancestors([origin])


# Published or not --------------------------------------------------------------------------

SURFACES = [
    "/embed/{slug}/",
    "/oembed?url=http://testserver/negotiations/{slug}/",
    "/oembed?url=http://testserver/embed/{slug}/",
    "/negotiations/{slug}/timeline.png",
    "/negotiations/{slug}/timeline.svg",
    "/negotiations/{slug}/timeline.pdf",
    "/negotiations/{slug}/timeline.html",
    "/negotiations/{slug}/timelinejs.json",
    "/negotiations/{slug}/data.csv",
    "/negotiations/{slug}/export.json",
]


@pytest.mark.parametrize("surface", SURFACES)
def test_unpublished_is_404_for_anonymous(client, unpublished, surface):
    assert client.get(surface.format(slug=unpublished.slug)).status_code == 404


@pytest.mark.parametrize("surface", SURFACES)
def test_unpublished_is_404_for_users_without_view_permission(client, unpublished, surface):
    client.force_login(factories.UserFactory())
    assert client.get(surface.format(slug=unpublished.slug)).status_code == 404


@pytest.mark.parametrize("surface", SURFACES)
def test_unknown_slug_is_404(client, db, surface):
    assert client.get(surface.format(slug="no-such-talks")).status_code == 404


# Images need Chromium; tests/test_imaging.py draws them.
@pytest.mark.parametrize(
    "surface", [s for s in SURFACES if "/timeline.p" not in s and ".svg" not in s]
)
def test_unpublished_is_visible_to_analysts(client, analyst, unpublished, surface):
    client.force_login(analyst)
    assert client.get(surface.format(slug=unpublished.slug)).status_code == 200


@pytest.mark.parametrize("surface", [s for s in SURFACES if "/timeline." not in s])
def test_published_is_visible_to_anonymous(client, published, surface):
    assert client.get(surface.format(slug=published.slug)).status_code == 200


# The embed page ----------------------------------------------------------------------------


def test_embed_page_has_heading_landmark_and_summary(client, published):
    page = client.get("/embed/open-talks/").content.decode()
    assert '<main id="main">' in page
    assert '<h1 class="embed-title">Open talks</h1>' in page
    summary = re.search(r'<p id="chart-summary"[^>]*>(.*?)</p>', page).group(1)
    assert summary.startswith(
        "Timeline of Open talks, 24 September 2019 to 2 April 2020: "
        "1 round, 1 event and 1 statement."
    )
    assert 'aria-describedby="chart-summary"' in page


def test_embed_page_summary_uses_derived_facts(client, published):
    page = client.get("/embed/open-talks/?as_of=2019-12-31").content.decode()
    summary = html.unescape(re.search(r'<p id="chart-summary"[^>]*>(.*?)</p>', page).group(1))
    # Sentences of tracker.facts.text, as of the pinned day.
    assert summary == (
        "Timeline of Open talks, 24 September 2019: 1 round. "
        "1 round since September 2019; the latest, the 1st, in Seoul on 24-25 September 2019. "
        "No positions with figures recorded by 31 December 2019. "
        "No events recorded by 31 December 2019. "
        "No statements recorded by 31 December 2019."
    )


def test_embed_page_links_back_and_to_the_data(client, published):
    page = client.get("/embed/open-talks/?lanes=rounds,events&theme=dark").content.decode()
    assert (
        '<a href="/negotiations/open-talks/?lanes=rounds%2Cevents&amp;theme=dark" '
        'target="_blank" rel="noopener">'
    ) in page
    assert (
        '<a href="/negotiations/open-talks/data.csv?lanes=rounds%2Cevents&amp;theme=dark" '
        'target="_self" download>' in page
    )
    assert "Get the data (CSV)" in page


def test_embed_page_has_keyboard_reachable_table_of_sources(client, published):
    source = factories.SourceFactory(title="Yonhap report")
    published.round_set.get().sources.add(source)
    page = client.get("/embed/open-talks/").content.decode()
    assert '<details class="embed-data">' in page
    assert "<summary>Data table and sources</summary>" in page
    assert f'<a href="{source.url}"' in page


def test_embed_page_has_oembed_discovery(client, published):
    page = client.get("/embed/open-talks/?theme=light").content.decode()
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page)
    query = parse_qs(urlsplit(html.unescape(link.group(1))).query)
    assert query["url"] == ["http://testserver/embed/open-talks/?theme=light"]
    assert query["format"] == ["json"]


def test_embed_page_escapes_user_text(client, published):
    Negotiation.objects.filter(pk=published.pk).update(title="<script>alert(1)</script>")
    page = client.get("/embed/open-talks/").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_embed_page_takes_height_and_as_of(client, published):
    response = client.get("/embed/open-talks/?height=640&as_of=2019-12-31")
    figure = response.context["figure"]
    assert figure["layout"]["height"] == 640
    assert figure["layout"]["title"] == {"text": ""}
    assert [row.lane for row in response.context["data"].records()] == ["rounds"]
    assert "as of 31 December 2019" in response.content.decode()


@pytest.mark.parametrize("query", ["height=9", "theme=purple", "as_of=2019-13", "lanes=gossip"])
def test_embed_page_bad_query_is_400_naming_it(client, published, query):
    response = client.get(f"/embed/open-talks/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.content.decode()


def test_embed_page_query_count_does_not_grow(client, published, django_assert_num_queries):
    with CaptureQueriesContext(connection) as small:
        client.get("/embed/open-talks/")
    factories.StatementFactory.create_batch(30, negotiation=published)
    factories.EventFactory.create_batch(30, negotiation=published)
    cache.clear()  # factories skip bump_revision; count the work, not the cached copy
    with django_assert_num_queries(len(small)):
        assert client.get("/embed/open-talks/").status_code == 200


def test_chart_summary_with_nothing_recorded(db):
    from timeline.data import timeline_data

    negotiation = factories.NegotiationFactory(title="Quiet talks")
    assert chart_summary(timeline_data(negotiation)) == (
        "Timeline of Quiet talks: nothing recorded for this view."
    )


# oEmbed ------------------------------------------------------------------------------------


def _oembed(client, **query):
    return client.get("/oembed", query)


def test_oembed_has_the_required_fields(client, published):
    response = _oembed(client, url="http://testserver/negotiations/open-talks/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    answer = response.json()
    assert answer["type"] == "rich"
    assert answer["version"] == "1.0"
    assert answer["title"] == "Open talks"
    assert answer["provider_name"] == "Negotiation tracker"
    assert answer["provider_url"] == "http://testserver/"
    assert (answer["width"], answer["height"]) == (800, 520 + PAGE_CHROME)
    assert answer["html"] == iframe_html(
        "http://testserver/embed/open-talks/?height=520", "Open talks", 520 + PAGE_CHROME, 800
    )


def test_oembed_html_is_a_sandboxed_lazy_titled_iframe(client, published):
    answer = _oembed(client, url="http://testserver/embed/open-talks/?lanes=rounds").json()
    code = answer["html"]
    assert code.startswith('<iframe src="http://testserver/embed/open-talks/?lanes=rounds&amp;')
    assert 'title="Open talks"' in code
    assert 'loading="lazy"' in code
    assert f'sandbox="{SANDBOX}"' in code
    assert "allow-top-navigation" not in code
    assert "allow-same-origin" not in code


@pytest.mark.parametrize(
    ("maxwidth", "maxheight", "width", "height"),
    [
        (None, None, 800, 630),
        (1200, 2000, 800, 630),
        (640, None, 640, 630),
        (320, 480, 320, 480),
        (None, 300, 800, 300),
        (100, 100, 100, 100),
    ],
)
def test_oembed_respects_maxwidth_and_maxheight(
    client, published, maxwidth, maxheight, width, height
):
    query = {"url": "http://testserver/embed/open-talks/"}
    query |= {"maxwidth": maxwidth} if maxwidth else {}
    query |= {"maxheight": maxheight} if maxheight else {}
    answer = _oembed(client, **query).json()
    assert (answer["width"], answer["height"]) == (width, height)
    assert f'width="{width}" height="{height}"' in answer["html"]


def test_oembed_shrinks_the_chart_to_fit_maxheight(client, published):
    answer = _oembed(client, url="http://testserver/embed/open-talks/", maxheight=480).json()
    assert "height=370" in answer["html"]


def test_oembed_keeps_the_view_parameters(client, published):
    url = "http://testserver/negotiations/open-talks/?lanes=rounds&as_of=2020-01-31&theme=dark"
    answer = _oembed(client, url=url).json()
    src = html.unescape(re.search(r'src="([^"]+)"', answer["html"]).group(1))
    assert parse_qs(urlsplit(src).query) == {
        "lanes": ["rounds"],
        "as_of": ["2020-01-31"],
        "theme": ["dark"],
        "height": ["520"],
    }


@pytest.mark.parametrize(
    "url",
    [
        "http://testserver/negotiations/no-such-talks/",
        "http://testserver/negotiations/closed-talks/",
        "http://testserver/embed/closed-talks/",
        "http://elsewhere.example/negotiations/open-talks/",
        "http://testserver/compare/?n=open-talks",
        "http://testserver/nowhere/",
        "javascript:alert(1)",
    ],
)
def test_oembed_unknown_or_unpublished_url_is_404(client, published, unpublished, url):
    assert _oembed(client, url=url).status_code == 404


@pytest.mark.parametrize("fmt", ["xml", "html"])
def test_oembed_other_formats_are_501(client, published, fmt):
    response = _oembed(client, url="http://testserver/embed/open-talks/", format=fmt)
    assert response.status_code == 501
    assert "json" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"url": "http://testserver/embed/open-talks/", "maxwidth": "wide"}, "maxwidth"),
        ({"url": "http://testserver/embed/open-talks/", "maxheight": "0"}, "maxheight"),
        ({"url": "http://testserver/embed/open-talks/?theme=neon"}, "theme"),
        ({}, "url"),
    ],
)
def test_oembed_bad_parameters_are_400_naming_them(client, published, query, named):
    response = _oembed(client, **query)
    assert response.status_code == 400
    assert named in response.content.decode()


# The share panel on the timeline page ------------------------------------------------------


def _share_code(page):
    found = re.search(r'<textarea id="share-code"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(found.group(1))


def test_share_panel_writes_the_iframe_for_the_current_view(client, published):
    page = client.get("/negotiations/open-talks/?lanes=rounds&theme=dark").content.decode()
    assert "<summary>Share / embed</summary>" in page
    assert _share_code(page) == (
        '<iframe src="http://testserver/embed/open-talks/?lanes=rounds&amp;theme=dark&amp;'
        'height=520" title="Open talks" height="630" style="border:0;width:100%" '
        f'loading="lazy" sandbox="{SANDBOX}"></iframe>'
    )


def test_share_panel_escapes_the_title_in_the_code(client, published):
    Negotiation.objects.filter(pk=published.pk).update(title='"><script>alert(1)</script>')
    page = client.get("/negotiations/open-talks/").content.decode()
    assert 'title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in _share_code(page)
    assert "<script>alert(1)" not in page


def test_share_panel_lists_downloads_for_the_view(client, published):
    page = client.get("/negotiations/open-talks/?lanes=rounds").content.decode()
    for path in ("timeline.png", "timeline.svg", "timeline.pdf", "timeline.html", "data.csv"):
        assert f'href="/negotiations/open-talks/{path}?lanes=rounds"' in page
    assert 'src="/static/timeline/share.js"' in page


def test_timeline_page_has_oembed_discovery(client, published):
    page = client.get("/negotiations/open-talks/").content.decode()
    assert (
        '<link rel="alternate" type="application/json+oembed" '
        'href="http://testserver/oembed?url=http%3A%2F%2Ftestserver%2Fembed%2Fopen-talks%2F'
        '&amp;format=json"'
    ) in page
