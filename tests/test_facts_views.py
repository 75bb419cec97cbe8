"""facts.json and the data layer under it: the demo from the database, queries, errors, access."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    EventFactory,
    NegotiationFactory,
    PartyFactory,
    PersonFactory,
    PositionFactory,
    RoundFactory,
    SourceFactory,
    StatementFactory,
)
from tracker.facts.data import facts_for, load_records
from tracker.revisions import bump_revision

FACTS_QUERIES = 8  # one per lane, one per lane's sources
# What facts_for (tracker.facts.aggregate) asks: rounds, positions and events as slim rows
# (3), the records the facts name with their sources (6), statements counted per party, the
# only possible ones counted, the first listed (3), then for the rounds held and for the
# statements made their distinct sources counted, the first met, and those read (2 x 3; the
# rounds of make_negotiation cite no source, so none is read).
AGGREGATE_QUERIES = 17


def facts_url(negotiation, **query):
    url = reverse("negotiation-facts", args=[negotiation.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize(
    ("as_of", "held", "latest_number", "latest_location", "highest"),
    [
        ("2020-04-02", 7, 7, "Los Angeles, California, United States", 7),
        ("2019-12-31", 5, 5, "Seoul, South Korea", 5),
        ("2019-09-23", 0, None, None, None),
        ("2021-12-31", 9, None, "Washington, D.C., United States", 8),
    ],
)
def test_facts_json_demo_rounds(client, demo, as_of, held, latest_number, latest_location, highest):
    response = client.get(facts_url(demo, as_of=as_of))
    assert response.status_code == 200
    body = response.json()
    assert body["as_of"] == as_of
    assert body["rounds"]["held"] == held
    assert body["rounds"]["highest_stated_number"] == highest
    latest = body["rounds"]["latest"]
    assert (latest and latest["number"], latest and latest["location"]) == (
        latest_number,
        latest_location,
    )


def test_facts_json_demo_seed_day(client, demo):
    body = client.get(facts_url(demo, as_of="2020-04-02")).json()
    assert body["rounds"]["first_start"] == "2019-09-24"
    assert (body["rounds"]["latest"]["start"], body["rounds"]["latest"]["end"]) == (
        "2020-03-17",
        "2020-03-19",
    )
    (demand,) = [
        g for g in body["positions"] if (g["party"], g["kind"]) == ("United States", "demand")
    ]
    assert {key: demand["first"][key] for key in ("amount", "currency", "date")} == {
        "amount": "5000000000",
        "currency": "USD",
        "date": "2019-10",
    }
    assert {
        key: demand["latest"][key]
        for key in ("amount", "amount_min", "amount_max", "unit", "percent_change", "date")
    } == {
        "amount": "4000000000",
        "amount_min": None,
        "amount_max": None,
        "unit": "",
        "percent_change": None,
        "date": "2020-03",
    }
    (gap,) = [g for g in body["gaps"] if g["against"]["kind"] == "baseline"]
    assert (gap["party"], gap["kind"], gap["amount"], gap["currency"], gap["ratio"]) == (
        "United States",
        "demand",
        "4000000000",
        "USD",
        "4.5977",
    )
    assert gap["against"]["amount"] == "870000000"
    texts = [s["text"] for s in body["sentences"]]
    assert texts[0] == (
        "7 rounds since September 2019; the latest, the 7th, in Los Angeles on 17-19 March 2020"
    )
    assert (
        "US demand: $4 billion (March 2020), down from $5 billion (October 2019);"
        " 4.6 times the 2019 baseline of $870 million"
    ) in texts


def test_facts_json_demo_sentences_link_their_sources(client, demo):
    body = client.get(facts_url(demo, as_of="2020-04-02")).json()
    (demand,) = [s for s in body["sentences"] if s["text"].startswith("US demand")]
    urls = [source["url"] for source in demand["sources"]]
    assert "https://en.yna.co.kr/view/AEN20200319002800325" in urls
    seed = [s for s in demand["sources"] if s["title"].startswith("S. Korea-U.S. defense cost")]
    assert seed and seed[0]["url"] == ""  # the seed article is recorded without an address
    lanes = {record["lane"] for record in demand["records"]}
    assert lanes == {"positions"}


def test_facts_json_demo_statements_use_speaker_party(client, demo):
    body = client.get(facts_url(demo, as_of="2020-04-02")).json()
    assert body["statements"]["count"] == 14
    assert body["statements"]["by_party"] == {"United States": 6, "": 5, "South Korea": 3}


def test_facts_json_demo_month_edge(client, demo):
    before = client.get(facts_url(demo, as_of="2020-03-30")).json()
    after = client.get(facts_url(demo, as_of="2020-03-31")).json()

    def us_demand(body):
        (found,) = [
            g for g in body["positions"] if (g["party"], g["kind"]) == ("United States", "demand")
        ]
        return found

    assert us_demand(before)["latest"]["amount"] == "5000000000"
    assert [p["amount"] for p in us_demand(before)["possibly"]] == ["4000000000"]
    assert us_demand(after)["latest"]["amount"] == "4000000000"
    assert us_demand(after)["possibly"] == []


def test_facts_data_demo_matches_pure_facts_text(demo):
    facts = facts_for(demo, dt.date(2021, 12, 31))
    texts = [s["text"] for s in facts["sentences"]]
    assert texts[1] == (
        "9 rounds recorded; the highest stated number is 8; round 9's number is inferred"
    )
    assert "South Korea offer: a 13% increase and a 10% increase (both March 2020)" in texts


@pytest.mark.parametrize("as_of", ["2019-09-23", "2020-03-30", "2020-04-02", "2021-12-31"])
def test_facts_data_demo_reads_what_the_document_says(demo, demo_document, as_of):
    from tests.facts.test_derive import records_from_document
    from tracker.facts import compute_facts

    from_database = facts_for(demo, dt.date.fromisoformat(as_of))
    from_document = compute_facts(
        records_from_document(demo_document), dt.date.fromisoformat(as_of)
    )
    assert [s["text"] for s in from_database["sentences"]] == [
        s["text"] for s in from_document["sentences"]
    ]
    assert [len(s["sources"]) for s in from_database["sentences"]] == [
        len(s["sources"]) for s in from_document["sentences"]
    ]


def test_facts_json_default_as_of_is_today(client, demo):
    body = client.get(facts_url(demo)).json()
    assert body["as_of"] == timezone.localdate().isoformat()
    assert body["rounds"]["held"] == 9


@pytest.mark.parametrize(
    "as_of",
    ["2020-13-01", "yesterday", "2020-02-30", "2020-04-02T00:00", "٢٠٢٠-٠٤-٠٢"],
)
def test_facts_json_bad_as_of_is_400_naming_it(client, demo, as_of):
    response = client.get(reverse("negotiation-facts", args=[demo.slug]), {"as_of": as_of})
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == "as_of"
    assert body["error"].startswith("as_of:")
    assert "YYYY-MM-DD" in body["error"]


@pytest.mark.parametrize(("as_of", "day"), [("2020-02", "2020-02-29"), ("2020", "2020-12-31")])
def test_facts_json_partial_as_of_means_its_last_day(client, demo, as_of, day):
    response = client.get(reverse("negotiation-facts", args=[demo.slug]), {"as_of": as_of})
    assert response.status_code == 200
    assert response.json()["as_of"] == day


def test_facts_json_bad_as_of_message_is_cut_short(client, demo):
    response = client.get(reverse("negotiation-facts", args=[demo.slug]), {"as_of": "x" * 5000})
    assert response.status_code == 400
    assert len(response.json()["error"]) < 200


@pytest.mark.parametrize("since_event", ["abc", "-1", "99999999", "12\n", "1" * 40])
def test_facts_json_bad_since_event_is_400_naming_it(client, demo, since_event):
    url = reverse("negotiation-facts", args=[demo.slug])
    response = client.get(url, {"as_of": "2020-04-02", "since_event": since_event})
    assert response.status_code == 400
    assert response.json()["parameter"] == "since_event"


def test_facts_json_since_event_chosen(client, demo):
    event = demo.event_set.get(date="2020-04-01")
    url = reverse("negotiation-facts", args=[demo.slug])
    body = client.get(url, {"as_of": "2020-04-02", "since_event": event.id}).json()
    assert body["events"]["since"]["event"]["id"] == event.id
    assert body["events"]["since"]["days_min"] == 1


def test_facts_json_unpublished_is_404_for_anonymous(client, db):
    negotiation = NegotiationFactory(is_published=False)
    assert client.get(facts_url(negotiation, as_of="2020-04-02")).status_code == 404


def test_facts_json_unpublished_is_404_before_parameter_errors(client, db):
    negotiation = NegotiationFactory(is_published=False)
    assert client.get(facts_url(negotiation, as_of="yesterday")).status_code == 404


def test_facts_json_unpublished_visible_to_analyst(client, analyst):
    negotiation = NegotiationFactory(is_published=False)
    client.force_login(analyst)
    assert client.get(facts_url(negotiation, as_of="2020-04-02")).status_code == 200


def test_facts_json_unknown_slug_is_404(client, db):
    assert client.get("/negotiations/no-such-talks/facts.json").status_code == 404


def test_facts_json_refuses_post(client, demo):
    assert client.post(facts_url(demo)).status_code == 405


def make_negotiation(rounds=2, positions=2, events=2, statements=2):
    """A negotiation the demo never saw: two parties, dollars and a percentage offer."""
    buyer, seller = PartyFactory(name="Atlantis"), PartyFactory(name="Lemuria")
    negotiation = NegotiationFactory(parties=[buyer, seller])
    source = SourceFactory()
    for n in range(rounds):
        round_ = RoundFactory(
            negotiation=negotiation,
            number=n + 1,
            start=(dt.date(2022, 1, 10) + dt.timedelta(days=30 * n)).isoformat(),
            end=None,
            location="Reykjavik, Iceland",
            sequence=n,
        )
        round_.sources.add(source)
    for n in range(positions):
        position = PositionFactory(
            negotiation=negotiation,
            party=seller,
            kind="demand",
            date=f"{2022 + n // 12}-{n % 12 + 1:02d}",
            amount=3_000_000 - n * 10_000,
            currency="EUR",
            sequence=n,
        )
        position.sources.add(source)
    PositionFactory(
        negotiation=negotiation,
        party=buyer,
        kind="offer",
        date="2022-01-20",
        amount=1_200_000,
        currency="EUR",
        sequence=positions,
    )
    for n in range(events):
        EventFactory(negotiation=negotiation, date="2022-01-05", title=f"Event {n}", sequence=n)
    for n in range(statements):
        StatementFactory(negotiation=negotiation, date="2022-02-01", sequence=n)
    return negotiation


def test_facts_json_hand_made_negotiation(client, db):
    negotiation = make_negotiation()
    body = client.get(facts_url(negotiation, as_of="2022-03-01")).json()
    texts = [s["text"] for s in body["sentences"]]
    assert texts[0] == (
        "2 rounds since January 2022; the latest, the 2nd, in Reykjavik on 9 February 2022"
    )
    assert texts[1] == (
        "Lemuria demand: €2.99 million (February 2022), down from €3 million (January 2022);"
        " 2.5 times Atlantis's offer of €1.2 million (20 January 2022)"
    )
    (gap,) = body["gaps"]
    assert (gap["ratio"], gap["against"]["party"]) == ("2.4917", "Atlantis")
    assert body["sentences"][0]["sources"][0]["url"].startswith("https://news.example.org/")


@pytest.mark.parametrize("size", [1, 40])
def test_load_records_constant_queries(db, django_assert_num_queries, size):
    negotiation = make_negotiation(rounds=size, positions=size, events=size, statements=size)
    with django_assert_num_queries(FACTS_QUERIES):
        records = load_records(negotiation)
    assert len(records.rounds) == len(records.events) == len(records.statements) == size
    assert len(records.positions) == size + 1


def test_load_records_demo_constant_queries(demo, django_assert_num_queries):
    with django_assert_num_queries(FACTS_QUERIES):
        records = load_records(demo)
    assert len(records.rounds) == 9


@pytest.mark.parametrize("size", [1, 40])
def test_facts_json_constant_queries(client, db, django_assert_num_queries, size):
    negotiation = make_negotiation(rounds=size, positions=size, events=size, statements=size)
    # One to check the negotiation for the cache, one in the view, then the facts' own.
    with django_assert_num_queries(AGGREGATE_QUERIES + 2):
        assert client.get(facts_url(negotiation, as_of="2022-03-01")).status_code == 200


def test_facts_json_is_cached_per_revision_with_an_etag(client, db, django_assert_num_queries):
    negotiation = make_negotiation()
    url = facts_url(negotiation, as_of="2022-03-01")
    first = client.get(url)
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.json() == first.json()
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    StatementFactory(negotiation=negotiation, date="2022-02-01")
    bump_revision(negotiation.pk)  # what the admin and the importer do on every edit
    changed = client.get(url, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert changed.json()["statements"]["count"] == first.json()["statements"]["count"] + 1


def render_panel(negotiation, facts, rf):
    from django.template.loader import render_to_string

    request = rf.get(f"/negotiations/{negotiation.slug}/")
    return render_to_string(
        "timeline/_facts_panel.html", {"negotiation": negotiation, "facts": facts}, request
    )


def test_facts_panel_renders_sentences_and_source_links(demo, rf):
    html = render_panel(demo, facts_for(demo, dt.date(2020, 4, 2)), rf)
    assert 'value="2020-04-02"' in html
    assert 'Facts as of <span id="facts-as-of-display">2 April 2020</span>' in html
    assert (
        "7 rounds since September 2019; the latest, the 7th, in Los Angeles on 17-19 March 2020"
        in html
    )
    assert 'href="https://en.yna.co.kr/view/AEN20200319002851325"' in html
    assert 'data-state="rendered"' in html
    assert "timeline/facts.js" in html


def test_facts_panel_groups_position_sentences_under_their_issue(demo, rf):
    html = render_panel(demo, facts_for(demo, dt.date(2021, 12, 31)), rf)

    headings = re.findall(r'<li class="facts-issue"><h3>(.*?)</h3></li>', html)
    assert headings == ["Annual contribution", "Korean USFK workers&#x27; wages"]
    wages = html.index("<h3>Korean USFK workers")
    assert html.index("South Korea agreed: $200 million") > wages
    assert html.index("US demand: $1.3 billion") < wages


def test_facts_panel_one_issue_has_no_headings(demo, rf):
    html = render_panel(demo, facts_for(demo, dt.date(2020, 4, 2)), rf)

    assert "facts-issue" not in html


def test_facts_panel_without_facts_leaves_them_to_the_script(demo, rf):
    html = render_panel(demo, None, rf)
    assert 'data-state="empty"' in html
    assert "<li data-key" not in html


def test_facts_panel_escapes_user_text(db, rf):
    negotiation = NegotiationFactory()
    event = EventFactory(
        negotiation=negotiation, date="2022-01-05", title='<img src=x onerror="alert(1)">'
    )
    event.sources.add(
        SourceFactory(url="https://news.example.org/x", title="<script>alert(2)</script>")
    )
    html = render_panel(negotiation, facts_for(negotiation, dt.date(2022, 2, 1)), rf)
    assert "<img src=x" not in html
    assert "<script>alert(2)" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


# A busy machine can take long to serve plotly.js; these are upper bounds on waiting, not checks.
PATIENT_MS = 90_000
PATIENT_LOAD = {"wait_until": "domcontentloaded", "timeout": PATIENT_MS}
AS_OF_MARKER = """() => (document.getElementById('timeline-chart').layout.shapes || [])
    .filter((shape) => shape.name === 'as_of').map((shape) => String(shape.x0).slice(0, 10))"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_facts_panel_browser_date_change_updates_facts_url_and_marker(
    live_server, page, demo_document
):
    from playwright.sync_api import expect

    from tracker.interchange import import_document
    from tracker.models import Negotiation

    import_document(demo_document)
    Negotiation.objects.filter(slug="sma-11").update(is_published=True)
    page.goto(live_server.url + "/negotiations/sma-11/?as_of=2020-04-02", **PATIENT_LOAD)
    sentences = page.locator("#facts-sentences > li .facts-text")
    expect(sentences.first).to_have_text(
        "7 rounds since September 2019; the latest, the 7th, in Los Angeles on 17-19 March 2020",
        timeout=PATIENT_MS,
    )
    page.fill("#facts-as-of", "2019-12-31")
    page.dispatch_event("#facts-as-of", "change")
    expect(page.locator("#facts-as-of-display")).to_have_text("31 December 2019")
    expect(sentences.first).to_have_text(
        "5 rounds since September 2019; the latest, the 5th, in Seoul on 17-18 December 2019"
    )
    expect(page).to_have_url(live_server.url + "/negotiations/sma-11/?as_of=2019-12-31")
    link = page.locator("#facts-sentences > li").first.locator("a").first
    assert link.get_attribute("href").startswith("https://")
    # facts.js submits the timeline's own form, which marks the chart busy until it is redrawn.
    expect(page.locator("#timeline-chart")).not_to_have_attribute(
        "aria-busy", "true", timeout=PATIENT_MS
    )
    assert page.evaluate(AS_OF_MARKER) == ["2019-12-31"]
    assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_facts_panel_browser_heads_sentences_by_issue(live_server, page, demo_document):
    from playwright.sync_api import expect

    from tracker.interchange import import_document
    from tracker.models import Negotiation

    import_document(demo_document)
    Negotiation.objects.filter(slug="sma-11").update(is_published=True)
    page.goto(live_server.url + "/negotiations/sma-11/?as_of=2020-04-02", **PATIENT_LOAD)
    headings = page.locator("#facts-sentences > li.facts-issue h3")
    expect(page.locator("#facts-as-of-display")).to_have_text("2 April 2020", timeout=PATIENT_MS)
    expect(headings).to_have_count(0)

    page.fill("#facts-as-of", "2021-12-31")
    page.dispatch_event("#facts-as-of", "change")

    expect(headings).to_have_text(["Annual contribution", "Korean USFK workers' wages"])
    following = page.locator("li.facts-issue:has-text('Korean USFK') + li .facts-text")
    expect(following).to_have_text("South Korea agreed: $200 million (2 June 2020)")
    assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_facts_panel_browser_bad_day_shows_message(live_server, page, demo_document):
    from playwright.sync_api import expect

    from tracker.interchange import import_document
    from tracker.models import Negotiation

    import_document(demo_document)
    Negotiation.objects.filter(slug="sma-11").update(is_published=True)
    page.goto(live_server.url + "/negotiations/sma-11/?as_of=2020-04-02", **PATIENT_LOAD)
    expect(page.locator("#facts-sentences > li").first).to_be_visible(timeout=PATIENT_MS)
    page.evaluate("() => document.getElementById('facts-as-of').removeAttribute('required')")
    page.fill("#facts-as-of", "")
    page.click("#facts-form button")
    expect(page.locator("#facts-error")).to_have_text(
        "as_of: choose a date (YYYY, YYYY-MM or YYYY-MM-DD)."
    )


def many_sourced_statements(count):
    """A published negotiation with `count` statements, each citing a source of its own."""
    from tracker.facts.text import SENTENCE_LIST_LIMIT
    from tracker.models import Source, Statement

    assert count > SENTENCE_LIST_LIMIT
    negotiation = NegotiationFactory(is_published=True)
    speaker = PersonFactory(party=negotiation.parties.first())
    sources = Source.objects.bulk_create(SourceFactory.build() for _ in range(count))
    statements = Statement.objects.bulk_create(
        StatementFactory.build(
            negotiation=negotiation, date="2022-01-05", sequence=n, speaker=speaker
        )
        for n in range(count)
    )
    Statement.sources.through.objects.bulk_create(
        Statement.sources.through(statement_id=statement.pk, source_id=source.pk)
        for statement, source in zip(statements, sources, strict=True)
    )
    return negotiation


def test_facts_json_lists_the_first_sources_and_counts_them_all(client, db):
    from tracker.facts.text import SENTENCE_LIST_LIMIT

    negotiation = many_sourced_statements(SENTENCE_LIST_LIMIT + 30)
    body = client.get(facts_url(negotiation, as_of="2022-03-01")).json()
    (sentence,) = [s for s in body["sentences"] if s["records"]]
    assert sentence["record_count"] == sentence["source_count"] == SENTENCE_LIST_LIMIT + 30
    assert len(sentence["records"]) == len(sentence["sources"]) == SENTENCE_LIST_LIMIT
    assert sentence["sources_unlisted"] == 30


def test_facts_panel_counts_every_source_and_says_how_many_are_not_listed(db, rf):
    from tracker.facts.text import SENTENCE_LIST_LIMIT

    negotiation = many_sourced_statements(SENTENCE_LIST_LIMIT + 30)
    html = render_panel(negotiation, facts_for(negotiation, dt.date(2022, 3, 1)), rf)
    assert f"<summary>{SENTENCE_LIST_LIMIT + 30} sources</summary>" in html
    assert "and 30 more, listed with each record in the tables and the API" in html
    assert html.count('href="https://news.example.org/article/') == SENTENCE_LIST_LIMIT


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_facts_panel_browser_counts_every_source_and_lists_the_first(live_server, page):
    from playwright.sync_api import expect

    from tracker.facts.text import SENTENCE_LIST_LIMIT

    negotiation = many_sourced_statements(SENTENCE_LIST_LIMIT + 30)
    page.goto(
        f"{live_server.url}/negotiations/{negotiation.slug}/?as_of=2022-03-01", **PATIENT_LOAD
    )
    details = page.locator("#facts-sentences > li details").first
    expect(details.locator("summary")).to_have_text(
        f"{SENTENCE_LIST_LIMIT + 30} sources", timeout=PATIENT_MS
    )
    details.locator("summary").click()
    assert details.locator("li a").count() == SENTENCE_LIST_LIMIT
    expect(details.locator("li.muted")).to_have_text(
        "and 30 more, listed with each record in the tables and the API"
    )
