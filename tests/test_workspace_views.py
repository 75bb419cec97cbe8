"""The workspace pages: changes per negotiation and across all, notes, tags and saved views."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(db):
    negotiation = factories.NegotiationFactory(slug="secret-talks", is_published=False)
    factories.EventFactory(negotiation=negotiation, title="Secret summit in Geneva")
    return negotiation


def test_changes_page_lists_an_edit_in_words(client, demo, editor):
    round_ = demo.round_set.get(number=7)
    round_.end = "2020-04-01"
    round_._history_user = editor
    round_.save()
    page = client.get(reverse("negotiation-changes", args=["sma-11"])).content.decode()
    assert "Round 7: end changed from 19 March 2020 to 1 April 2020, by an editor" in page
    assert f'href="/negotiations/sma-11/#rounds-{round_.pk}"' in page


def test_changes_page_names_the_editor_to_logged_in_users(client, demo, editor, analyst):
    round_ = demo.round_set.get(number=7)
    round_._history_user = editor
    round_.location = "Washington"
    round_.save()
    client.force_login(analyst)
    page = client.get(reverse("negotiation-changes", args=["sma-11"])).content.decode()
    assert "Round 7: location changed from" in page and ", by editor" in page


def test_changes_pages_hide_unpublished_negotiations_from_anonymous_visitors(client, demo, secret):
    assert client.get(reverse("negotiation-changes", args=["secret-talks"])).status_code == 404
    page = client.get(reverse("changes")).content.decode()
    assert "Secret summit" not in page
    assert "Statement by R. Clarke Cooper" in page


def test_changes_across_all_show_unpublished_ones_to_analysts(client, demo, secret, analyst):
    client.force_login(analyst)
    page = client.get(reverse("changes")).content.decode()
    assert "Secret summit in Geneva" in page


def test_changes_page_filters_by_days(client, demo):
    url = reverse("negotiation-changes", args=["sma-11"])
    assert "No changes in these days" in client.get(url, {"to": "2000-01-01"}).content.decode()
    assert "No changes" not in client.get(url, {"from": "2000-01-01"}).content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "yesterday"}, 'from: "yesterday" is not a day'),
        ({"to": "2020-02-30"}, 'to: "2020-02-30" is not a day'),
        ({"from": "2020-02-02", "to": "2020-01-01"}, "to: 2020-01-01 is before from 2020-02-02"),
    ],
)
def test_changes_page_refuses_bad_days(client, demo, query, message):
    response = client.get(reverse("changes"), query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_changes_page_is_paginated_newest_first(client, demo):
    url = reverse("negotiation-changes", args=["sma-11"])
    first = client.get(url).content.decode()
    assert "Page 1 of" in first and "Older" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Page 2 of" in second and "Newer" in second


def test_changes_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    negotiation = factories.NegotiationFactory()
    for index in range(60):
        statement = factories.StatementFactory(negotiation=negotiation)
        statement.quote = f"Edited {index}"
        statement.save()
    with django_assert_max_num_queries(16):
        response = client.get(reverse("negotiation-changes", args=[negotiation.slug]))
    assert response.status_code == 200
