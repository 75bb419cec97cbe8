"""Since my last visit: visits, and the facts added or changed since the one before."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from tracker.workspace.visits import VISIT_GAP, changed_since, open_timeline

pytestmark = pytest.mark.django_db


def test_first_visit_marks_nothing(analyst):
    negotiation = factories.NegotiationFactory()
    assert open_timeline(analyst, negotiation) is None


def test_openings_within_a_visit_keep_the_previous_visit(analyst):
    negotiation = factories.NegotiationFactory()
    start = timezone.now()
    open_timeline(analyst, negotiation, now=start)
    later = start + VISIT_GAP * 3
    assert open_timeline(analyst, negotiation, now=later) == start
    assert open_timeline(analyst, negotiation, now=later + dt.timedelta(minutes=5)) == start
    next_day = later + dt.timedelta(days=1)
    assert open_timeline(analyst, negotiation, now=next_day) == later + dt.timedelta(minutes=5)


def test_changed_since_marks_new_and_changed_facts():
    negotiation = factories.NegotiationFactory()
    old = factories.StatementFactory(negotiation=negotiation)
    untouched = factories.EventFactory(negotiation=negotiation)
    since = timezone.now()
    old.quote = "Edited"
    old.save()
    added = factories.RoundFactory(negotiation=negotiation)
    added.location = "Honolulu"
    added.save()
    marks = changed_since(negotiation, since)
    assert marks == {f"statements-{old.pk}": "changed", f"rounds-{added.pk}": "new"}
    assert f"events-{untouched.pk}" not in marks
    assert changed_since(negotiation, None) == {}
