"""`ids_in`: a filter on a list of ids, one array parameter on PostgreSQL."""

import pytest
from django.db import connection

from tests import factories
from tracker.idlists import ids_in
from tracker.models import Event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("wanted", [[0, 2], [1], []])
def test_ids_in_keeps_exactly_the_ids_listed(wanted):
    events = factories.EventFactory.create_batch(3)
    ids = [events[index].pk for index in wanted]
    found = Event.objects.filter(ids_in("id", ids)).values_list("id", flat=True)
    assert sorted(found) == sorted(ids)


def test_ids_in_sends_one_parameter_on_postgresql_whatever_the_number_of_ids():
    ids = list(range(1, 2001))
    _, params = Event.objects.filter(ids_in("id", ids)).query.sql_with_params()
    assert len(params) == (1 if connection.vendor == "postgresql" else len(ids))


def test_ids_in_an_empty_list_sends_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert list(Event.objects.filter(ids_in("id", []))) == []
