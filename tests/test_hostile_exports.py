"""Hostile strings through every download: CSV, interchange JSON, TimelineJS, SVG."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.core.cache import cache

from tests.conftest import CHROMIUM
from tests.factories import (
    EventFactory,
    NegotiationFactory,
    PartyFactory,
    PersonFactory,
    PositionFactory,
    RoundFactory,
    StatementFactory,
)
from tests.hostile import CORPUS, FORBIDDEN_ATTRIBUTES, hostile_negotiation, text_fields
from tests.test_imaging import kaleido_chromium  # noqa: F401 - a fixture, used by name
from tracker.control_characters import control_character_problem
from tracker.interchange import InterchangeError, export_document, import_document
from tracker.models import Negotiation, Party, Person, Source

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The corpus an import accepts: control characters other than tab and line breaks are refused.
IMPORTABLE = tuple(text for text in CORPUS if not control_character_problem(text, multiline=True))
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def hostile(db):
    return hostile_negotiation()


def stored_strings():
    """Every value of every free-text field in the database."""
    return {getattr(obj, name) for model, name in text_fields() for obj in model.objects.all()}


def test_corpus_is_big_and_varied():
    assert len(CORPUS) >= 60
    assert len(set(CORPUS)) == len(CORPUS)


def test_every_corpus_string_and_every_text_field_is_used(hostile):
    stored = stored_strings()
    assert not [text for text in CORPUS if not any(text in value for value in stored)]
    for model, name in text_fields():
        values = list(model.objects.values_list(name, flat=True))
        assert any(value.strip() for value in values), f"{model.__name__}.{name}"


def test_csv_neutralises_formulas(client, hostile):
    response = client.get(f"/negotiations/{hostile.slug}/data.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    formula_cells = [cell for cell in cells if cell.startswith("'=HYPERLINK(")]
    assert formula_cells, "the =HYPERLINK string should be in the CSV, quoted"


def test_interchange_export_keeps_stored_control_characters_and_import_names_them(client, hostile):
    response = client.get(f"/negotiations/{hostile.slug}/export.json")
    assert response.status_code == 200
    document = json.loads(response.getvalue())
    text = json.dumps(document, ensure_ascii=False)
    for value in CORPUS:
        assert json.dumps(value, ensure_ascii=False)[1:-1] in text
    counts = {model: model.objects.count() for model in (Negotiation, Party, Person, Source)}

    with pytest.raises(InterchangeError) as caught:
        import_document(document)

    assert caught.value.problems
    assert all(
        re.fullmatch(r"contains an? [a-z ]+ \(U\+00[0-9A-F]{2}\) at character \d+, .*", p.message)
        for p in caught.value.problems
    ), caught.value.problems[:3]
    assert {model: model.objects.count() for model in counts} == counts


def test_interchange_export_round_trips_the_corpus_byte_for_byte(client, db):
    hostile = hostile_negotiation(corpus=IMPORTABLE)
    response = client.get(f"/negotiations/{hostile.slug}/export.json")
    assert response.status_code == 200
    first = response.getvalue()
    document = json.loads(first)
    text = json.dumps(document, ensure_ascii=False)
    for value in IMPORTABLE:
        assert json.dumps(value, ensure_ascii=False)[1:-1] in text

    Negotiation.objects.all().delete()
    Person.objects.all().delete()
    Source.objects.all().delete()
    Party.objects.all().delete()
    import_document(document)
    Negotiation.objects.update(is_published=True)  # publishing is not part of the format
    assert client.get(f"/negotiations/{hostile.slug}/export.json").getvalue() == first
    assert export_document(Negotiation.objects.all()) == document


class MarkupAudit(HTMLParser):
    """Collects the tags and attributes an HTML fragment really contains, and its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs

    def handle_data(self, data):
        self.text.append(data)


def audit(fragment):
    parser = MarkupAudit()
    parser.feed(fragment)
    parser.close()
    return parser


def test_timelinejs_escapes_every_text(client, hostile):
    response = client.get(f"/negotiations/{hostile.slug}/timelinejs.json")
    assert response.status_code == 200
    document = json.loads(response.getvalue())
    fragments = [document["title"]["text"].get("headline", "")]
    for item in document.get("events", []) + document.get("eras", []):
        fragments += [item["text"].get("headline", ""), item["text"].get("text", "")]
        fragments.append(item.get("display_date", ""))
    shown = ""
    for fragment in fragments:
        found = audit(fragment)
        assert set(found.tags) <= {"p", "br", "a"}, fragment[:200]
        for name, value in found.attributes:
            assert name in {"href", "target", "rel"}, fragment[:200]
            if name == "href":
                assert value.startswith("https://"), value
            if name == "target":
                assert value == "_blank"
        shown += "".join(found.text)
    assert "<script>alert('pwned1')</script>" in shown
    assert "<img src=x onerror=alert('pwned10')>" in shown


def test_svg_export_shows_strings_as_text(client, hostile):
    response = client.get(f"/negotiations/{hostile.slug}/timeline.svg")
    assert response.status_code == 200, response.content[:300]
    root = ET.fromstring(response.content)
    elements = list(root.iter())
    names = {element.tag.removeprefix(SVG) for element in elements}
    assert not names & {"script", "foreignObject", "iframe", "img", "animate", "use"}
    for element in elements:
        for name, value in element.attrib.items():
            assert name.lower() not in FORBIDDEN_ATTRIBUTES
            assert not value.strip().lower().startswith(("javascript:", "data:text/html"))
    text = " ".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))
    assert hostile.title[:40] in text or hostile.title[:40].replace(" ", "\xa0") in text


CONTROLS = "form\x0cfeed, vertical\x0btab, escape \x1b[31m, delete\x7f, C1 \x85\x9b end"


@pytest.fixture
def stored_controls(db, settings):
    """A negotiation whose texts hold control characters stored before they were refused."""
    settings.CHROMIUM_PATH = CHROMIUM
    cache.clear()
    party = PartyFactory(name="Freedonia\x0c")
    negotiation = NegotiationFactory(
        slug="controls", title=f"Title with {CONTROLS}", summary=CONTROLS, parties=[party]
    )
    RoundFactory(negotiation=negotiation, location=CONTROLS, note=CONTROLS)
    EventFactory(negotiation=negotiation, title=CONTROLS)
    PositionFactory(negotiation=negotiation, party=party, period=CONTROLS, note=CONTROLS)
    speaker = PersonFactory(name="Speaker\x0bname", title=CONTROLS, party=party)
    StatementFactory(negotiation=negotiation, speaker=speaker, quote=CONTROLS, context=CONTROLS)
    return negotiation


@pytest.mark.usefixtures("kaleido_chromium")
def test_svg_export_with_stored_control_characters_is_valid_xml(client, stored_controls):
    response = client.get(f"/negotiations/{stored_controls.slug}/timeline.svg")

    assert response.status_code == 200, response.content[:300]
    root = ET.fromstring(response.content)
    assert root.find(f"{SVG}title").text.startswith("Title with form feed, vertical tab")


@pytest.mark.usefixtures("kaleido_chromium")
@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF-")])
def test_image_export_with_stored_control_characters_is_drawn(client, stored_controls, fmt, magic):
    response = client.get(f"/negotiations/{stored_controls.slug}/timeline.{fmt}")

    assert response.status_code == 200, response.content[:300]
    assert response.content.startswith(magic)
