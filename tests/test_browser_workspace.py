"""The workspace in real Chromium: tags, notes and saved views from the side panel, and the
workspace pages at phone, tablet and desktop widths in both themes."""

import re

import pytest

from tests.test_browser_timeline import POINT_POSITION, open_timeline

# serialized_rollback: the groups made by a data migration survive the flush between tests.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Three statements on three different traces of the demo: (trace, words in the hover text).
PICKS = [
    ("Statements: Unattributed", "Korea is a wealthy country"),
    ("Statements: United States", "Unfortunately, the proposals"),
    ("Statements: South Korea", "The Korean government has made"),
]
WIDTHS = (390, 600, 1366)


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "correct horse battery")
    page.click("form.stacked-form button[type=submit]")  # not the header search
    page.wait_for_url(re.compile(r"^(?!.*accounts/login)"))


def open_panel(page, trace, needle):
    page.locator("#timeline-chart").scroll_into_view_if_needed()
    where = page.evaluate(POINT_POSITION, [trace, needle])
    page.mouse.click(where["x"], where["y"])
    panel = page.locator("#detail-panel")
    panel.wait_for(state="visible")
    assert needle in panel.locator("blockquote").text_content()
    panel.locator(".ws-panel").wait_for()
    return panel


def test_tag_three_statements_filter_by_the_tag_save_the_view_and_find_it(
    page, live_server, demo, analyst
):
    log_in(page, live_server, "analyst")
    open_timeline(page, live_server, "?lanes=statements")
    for trace, needle in PICKS:
        panel = open_panel(page, trace, needle)
        form = panel.locator(".ws-panel form.ws-inline")
        form.locator("input[name=tag]").fill("Contract length")
        form.locator("button", has_text="Add tag").click()
        panel.locator(".ws-tags .ws-tag", has_text="contract length").wait_for()
        page.keyboard.press("Escape")
    tagged_rows = page.locator("#table-statements tbody tr:has(.ws-tag)")
    assert tagged_rows.count() == 3

    page.fill("#workspace-tag-filter input[name=tag]", "contract length")
    page.click("#workspace-tag-filter button[type=submit]")
    page.wait_for_url(re.compile(r"lanes=statements&tag=contract\+length$"))
    page.wait_for_selector("#timeline-chart[data-ready='true']")
    rows = page.locator("#table-statements tbody tr")
    assert rows.count() == 3
    assert all(needle in rows.all_inner_texts()[i] for i, (_, needle) in enumerate(PICKS))
    # Changing another filter keeps the tag.
    page.check("#timeline-filters input[name=lanes][value=rounds]")
    page.wait_for_url(re.compile(r"lanes=rounds%2Cstatements&tag=contract\+length$"))
    page.wait_for_function(
        "() => !document.getElementById('timeline-chart').hasAttribute('aria-busy')"
    )
    assert page.locator("#table-statements tbody tr").count() == 3
    assert page.locator("#table-rounds").count() == 0  # no round carries the tag
    filtered = page.url

    page.fill("#workspace-save-view input[name=name]", "Contract length statements")
    page.click("#workspace-save-view button[type=submit]")
    page.wait_for_url(f"{live_server.url}/views/")
    page.click("a.view-link:has-text('Contract length statements')")
    page.wait_for_selector("#timeline-chart[data-ready='true']")
    assert page.url == filtered
    assert page.locator("#table-statements tbody tr").count() == 3
    assert page.console_errors == []


def test_note_from_the_panel_is_kept_and_never_shown_to_anonymous_visitors(
    page, chromium, live_server, demo, analyst
):
    log_in(page, live_server, "analyst")
    open_timeline(page, live_server, "?lanes=statements")
    trace, needle = PICKS[0]
    panel = open_panel(page, trace, needle)
    panel.locator(".ws-note-form textarea").fill("<b>Ask</b> Esper's office about the figure")
    panel.locator(".ws-note-form button", has_text="Add note").click()
    note = panel.locator(".ws-note-text")
    note.wait_for()
    assert note.text_content() == "<b>Ask</b> Esper's office about the figure"

    page.reload()
    page.wait_for_selector("#timeline-chart[data-ready='true']")
    panel = open_panel(page, trace, needle)
    assert panel.locator(".ws-note-text").text_content().startswith("<b>Ask</b>")
    panel.locator(".ws-note button", has_text="Delete").click()
    panel.locator(".ws-note").wait_for(state="detached")

    panel.locator(".ws-note-form textarea").fill("Kept private")
    panel.locator(".ws-note-form button", has_text="Add note").click()
    panel.locator(".ws-note-text", has_text="Kept private").wait_for()
    stranger = chromium.new_context().new_page()
    stranger.goto(f"{live_server.url}/negotiations/sma-11/?lanes=statements")
    stranger.wait_for_selector("#timeline-chart[data-ready='true']")
    assert "Kept private" not in stranger.content()
    assert stranger.locator("#workspace-data").count() == 0
    stranger.context.close()
    assert page.console_errors == []


def test_new_since_the_last_visit_is_marked_in_the_table(page, live_server, demo, analyst):
    from datetime import timedelta

    from django.utils import timezone

    from tracker.models import Event, Position, Round, Statement
    from tracker.workspace.models import LastVisit

    log_in(page, live_server, "analyst")
    open_timeline(page, live_server)
    for model in (Round, Position, Event, Statement):
        model.history.update(history_date=timezone.now() - timedelta(days=2))
    LastVisit.objects.update(seen_at=timezone.now() - timedelta(days=1))
    statement = demo.statement_set.get(quote__startswith="Korea is a wealthy")
    statement.context = "Edited after the last visit"
    statement.save()
    open_timeline(page, live_server)
    row = page.locator(f"#statements-{statement.pk}")
    assert row.locator(".ws-mark").text_content() == "changed"
    assert page.locator(".ws-mark").count() == 1
    assert "1 fact new or changed since your last visit" in page.text_content("#workspace-since")


def overflow(page, within="body"):
    """Pixels the page is wider than the window, and elements under `within` sticking out on
    the right (plotly's own drawing left out)."""
    return page.evaluate(
        """(within) => {
        const width = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll(within + " *")]
            .filter((node) => !node.closest("svg") && !node.closest(".js-plotly-plot"))
            .filter((node) => node.getBoundingClientRect().right > width + 1)
            .map((node) => node.tagName + "." + node.className);
        return {extra: document.documentElement.scrollWidth - width, wide: wide};
    }""",
        within,
    )


@pytest.fixture
def busy_workspace(demo, analyst):
    """The demo with a long note, tags and a saved view, so every workspace page has content."""
    from tracker.workspace.models import SavedView
    from tracker.workspace.notes import add_note
    from tracker.workspace.tags import add_tag

    statement = demo.statement_set.get(quote__startswith="Korea is a wealthy")
    add_note(demo, "statements", statement.pk, "A long note " * 40, author=analyst)
    add_tag(demo, "statements", statement.pk, "contract length", user=analyst)
    add_tag(
        demo, "statements", statement.pk, "a-rather-long-tag-without-any-spaces-in-it", user=analyst
    )
    SavedView.objects.create(
        owner=analyst,
        name="A view with a long name " * 5,
        path="/negotiations/sma-11/",
        query="lanes=statements&party=United+States&start=2019-09-01&tag=contract+length",
    )
    return statement


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_workspace_pages_fit_every_width(page, live_server, busy_workspace, scheme, tmp_path):
    page.emulate_media(color_scheme=scheme)
    log_in(page, live_server, "analyst")
    pages = ["/changes/", "/negotiations/sma-11/changes/", "/negotiations/sma-11/notes/", "/views/"]
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in pages:
            page.goto(live_server.url + path)
            assert overflow(page) == {"extra": 0, "wide": []}, (path, width)
            shot = tmp_path / f"{path.strip('/').replace('/', '-')}-{scheme}-{width}.png"
            page.screenshot(path=str(shot))
        # A window of one month keeps the statement's point clear of its neighbours.
        open_timeline(page, live_server, "?lanes=statements&start=2019-11-10&end=2019-11-17")
        panel = open_panel(page, *PICKS[0])
        panel.locator(".ws-note-text").wait_for()
        # The timeline page itself belongs to the charts (issue 13): measure the workspace's parts.
        for part in (".workspace", "#detail-panel", "#table-statements td:first-child"):
            assert overflow(page, part)["wide"] == [], (part, width)
        for part, name in (("#detail-panel", "panel"), (".workspace", "strip")):
            page.locator(part).screenshot(path=str(tmp_path / f"{name}-{scheme}-{width}.png"))
    assert page.console_errors == []
