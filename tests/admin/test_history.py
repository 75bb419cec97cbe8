import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.admin.test_records import change_url, form_fields
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


def history_url(negotiation):
    return reverse("admin:tracker_negotiation_history", args=[negotiation.pk])


def column(html, table_id, heading):
    """The text of each cell under `heading` in the table with id `table_id`."""
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    headings = [
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table)
    ]
    index = headings.index(heading)
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)
    return [
        re.sub(r"<[^>]+>", "", re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[index]).strip()
        for row in rows
    ]


def add_round_inline(editor_client, negotiation):
    data = form_fields(editor_client.get(change_url(negotiation)))
    data.update(
        {
            "round_set-TOTAL_FORMS": "3",
            "round_set-2-number": "3",
            "round_set-2-start": "2019-11-18",
            "round_set-2-location": "Added inline in Seoul",
            "round_set-2-format": "in_person",
            "round_set-2-negotiation": str(negotiation.pk),
        }
    )
    response = editor_client.post(change_url(negotiation), data)
    assert response.status_code == 302, response.context and response.context["errors"]


def test_negotiation_history_lists_records_added_in_the_same_save(
    editor_client, staff_editor, negotiation
):
    add_round_inline(editor_client, negotiation)

    html = editor_client.get(history_url(negotiation)).content.decode()

    records = column(html, "record-changes", "Record")
    assert "Round: Round 3, Added inline in Seoul, 18 November 2019" in records
    row = records.index("Round: Round 3, Added inline in Seoul, 18 November 2019")
    assert column(html, "record-changes", "Comment")[row] == "Created"
    assert column(html, "record-changes", "Changed by")[row] == staff_editor.username


def test_negotiation_history_shows_no_change_reason_as_an_empty_cell(editor_client, negotiation):
    add_round_inline(editor_client, negotiation)

    html = editor_client.get(history_url(negotiation)).content.decode()

    reasons = column(html, "change-history", "Change reason")
    assert reasons and set(reasons) == {""}
    assert set(column(html, "record-changes", "Change reason")) == {""}


def test_negotiation_history_takes_the_same_queries_for_more_records(editor_client, negotiation):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(history_url(negotiation)).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(20):
        StatementFactory(negotiation=negotiation)

    assert queries() == few
