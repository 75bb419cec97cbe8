"""Versions of a news story in the admin: read from a Yonhap address, listed, linked."""

import pytest
from django.urls import reverse

from tests.admin.test_records import change_url, form_fields
from tests.factories import SourceFactory
from tracker.models import Source

pytestmark = pytest.mark.django_db

FIRST = "https://en.yna.co.kr/view/AEN20200319002800325"
LEAD = "https://en.yna.co.kr/view/AEN20200319002851325"


@pytest.fixture
def editor_client(client, editor):
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    return client


@pytest.fixture
def first():
    return SourceFactory(url=FIRST, title="Talks extended", story="AEN202003190028", version=1)


def _add(editor_client, **fields):
    data = {"url": "", "title": "", "publisher": "Yonhap News Agency", **fields}
    return editor_client.post(reverse("admin:tracker_source_add"), data)


def test_source_pasted_yonhap_address_fills_story_and_version(editor_client):
    response = _add(editor_client, url=LEAD, title="(LEAD) Talks extended")

    assert response.status_code == 302, response.context and response.context["errors"]
    source = Source.objects.get(url=LEAD)
    assert (source.story, source.version) == ("AEN202003190028", 2)


def test_source_typed_story_and_version_are_kept(editor_client):
    response = _add(editor_client, url=LEAD, title="Talks", story="my-story", version="7")

    assert response.status_code == 302, response.context and response.context["errors"]
    assert Source.objects.filter(url=LEAD).values_list("story", "version").get() == ("my-story", 7)


def test_source_other_publishers_are_entered_by_hand(editor_client):
    response = _add(editor_client, url="https://www.koreaherald.com/view.php?ud=1", title="T")

    assert response.status_code == 302, response.context and response.context["errors"]
    source = Source.objects.get(title="T")
    assert (source.story, source.version) == ("", None)


def test_source_version_zero_is_refused(editor_client):
    response = _add(editor_client, url="https://example.org/a", title="T", version="0")

    assert response.status_code == 200
    assert not Source.objects.exists()


def test_source_later_version_supersedes_the_first(editor_client, first):
    response = _add(editor_client, url=LEAD, title="(LEAD)", supersedes=str(first.pk))

    assert response.status_code == 302, response.context and response.context["errors"]
    assert Source.objects.get(url=LEAD).supersedes == first


def test_source_page_lists_the_other_versions_of_its_story(editor_client, first):
    lead = SourceFactory(url=LEAD, title="(LEAD) <b>", story=first.story, version=2)
    SourceFactory(title="Unrelated", story="")

    html = editor_client.get(change_url(first)).content.decode()

    assert f'<a href="{change_url(lead)}">version 2</a>: (LEAD) &lt;b&gt;' in html
    assert "Unrelated" not in html
    assert f"?story={first.pk}" in html


def test_source_changelist_lists_a_story_together(editor_client, first):
    SourceFactory(title="Unrelated")
    url = reverse("admin:tracker_source_changelist")

    lead = SourceFactory(url=LEAD, story=first.story, version=2)
    SourceFactory(title="Alone", story="single")

    response = editor_client.get(url, {"story": lead.pk})

    assert sorted(source.version for source in response.context["cl"].result_list) == [1, 2]
    (story_filter,) = [f for f in response.context["cl"].filter_specs if f.title == "story"]
    assert story_filter.lookup_choices == [(str(first.pk), "AEN202003190028")]


def test_source_cannot_supersede_itself_through_a_chain(editor_client, first):
    lead = SourceFactory(url=LEAD, story=first.story, version=2, supersedes=first)
    data = form_fields(editor_client.get(change_url(first)))
    data["supersedes"] = str(lead.pk)

    response = editor_client.post(change_url(first), data)

    assert response.status_code == 200
    assert "A version cannot supersede itself" in response.content.decode()
    first.refresh_from_db()
    assert first.supersedes is None
