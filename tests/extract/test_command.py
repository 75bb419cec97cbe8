import json

import pytest
from django.core.management import CommandError, call_command

from tests.extract.conftest import SEED_COPY

pytestmark = pytest.mark.django_db


def run(capsys, *args):
    call_command("extract_report", *args)
    return json.loads(capsys.readouterr().out)


def test_command_prints_the_issue_shape(demo, capsys):
    result = run(capsys, str(SEED_COPY), "--negotiation", "sma-11", "--published", "2020-04-02")

    assert set(result) == {"source", "candidates", "checks"}
    assert list(result["candidates"]) == ["rounds", "positions", "statements", "events", "people"]
    quote = result["candidates"]["statements"][3]
    assert {
        "date",
        "speaker",
        "party",
        "kind",
        "quote",
        "evidence",
        "flags",
        "duplicate_of",
    } <= set(quote)
    assert set(result["checks"][0]) >= {"claim", "count", "since", "recorded", "agrees"}


def test_command_matches_records_in_the_database(demo, capsys):
    from tracker.models import Event, Statement

    result = run(capsys, str(SEED_COPY), "--negotiation", "sma-11", "--published", "2020-04-02")

    _expired, event = result["candidates"]["events"]
    assert "unpaid leave" in Event.objects.get(pk=event["duplicate_of"]).title
    quotes = [s for s in result["candidates"]["statements"] if s["kind"] == "quote"]
    assert Statement.objects.get(pk=quotes[0]["duplicate_of"]).speaker.name == "R. Clarke Cooper"
    assert result["checks"][0]["agrees"] is True


def test_command_party_aliases_from_the_record_are_used(demo, capsys, tmp_path):
    from tracker.models import Party

    Party.objects.filter(name="South Korea").update(aliases="the Moon government\n")
    report = tmp_path / "report.txt"
    report.write_text(
        "Talks\nThe Moon government has offered a 13 percent increase over last year, "
        "officials said on Monday."
    )
    result = run(capsys, str(report), "--negotiation", "sma-11", "--published", "2020-04-02")

    assert result["candidates"]["positions"][0]["party"] == "South Korea"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--negotiation", "nope"], "no negotiation with slug nope"),
        (["--negotiation", "sma-11", "--published", "2020-13-01"], "not a YYYY-MM-DD date"),
        (["--negotiation", "sma-11", "--published", "2999-01-01"], "in the future"),
    ],
)
def test_command_bad_arguments_are_refused(demo, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("extract_report", str(SEED_COPY), *args)
