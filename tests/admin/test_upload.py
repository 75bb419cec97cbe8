import hashlib
import json

import pytest

from tests.admin.test_records import IMPORT_URL, upload
from tracker.models import Negotiation

pytestmark = pytest.mark.django_db


def test_upload_help_names_the_sites_own_download(editor_client):
    html = editor_client.get(IMPORT_URL).content.decode()

    assert "export.json" in html
    assert "export_negotiations" in html
    assert "negotiation-tracker/2" in html
    assert "negotiation-tracker/1 JSON" not in html


@pytest.mark.parametrize(
    "raw",
    [b"tracker,date\n1,2", b"hello", b"\x89PNG\r\n\x1a\n", b"<html></html>"],
    ids=["csv", "text", "png", "html"],
)
def test_upload_of_another_kind_of_file_says_it_is_not_json(editor_client, raw):
    response = upload(editor_client, raw, name="talks.csv")

    html = response.content.decode()
    assert "this is not a JSON document" in html
    assert "invalid literal" not in html
    assert not Negotiation.objects.exists()


def test_preview_says_a_new_negotiation_stays_unpublished_unless_published(
    editor_client, demo_document
):
    response = upload(editor_client, demo_document)

    html = response.content.decode()
    assert "new, <strong>unpublished</strong> (seen by staff only) unless published below" in html
    assert 'name="publish"' in html


def test_preview_says_an_existing_negotiation_keeps_its_state(editor_client, demo_document):
    upload(editor_client, demo_document)
    editor_client.post(IMPORT_URL, {"confirm": "1"})
    Negotiation.objects.update(is_published=True)

    response = upload(editor_client, demo_document)

    html = response.content.decode()
    assert "already <strong>public</strong>; stays public" in html
    assert 'name="publish"' not in html


def test_confirm_without_publish_leaves_the_import_unpublished_and_says_so(
    editor_client, demo_document
):
    upload(editor_client, demo_document)

    response = editor_client.post(IMPORT_URL, {"confirm": "1"}, follow=True)

    assert "Unpublished, seen by staff only: sma-11." in response.content.decode()
    assert not Negotiation.objects.get(slug="sma-11").is_published


def test_confirm_with_publish_makes_the_import_public_and_says_so(editor_client, demo_document):
    upload(editor_client, demo_document)

    response = editor_client.post(IMPORT_URL, {"confirm": "1", "publish": "on"}, follow=True)

    assert "Public: sma-11." in response.content.decode()
    assert Negotiation.objects.get(slug="sma-11").is_published


def test_publish_leaves_an_existing_unpublished_negotiation_alone(editor_client, demo_document):
    upload(editor_client, demo_document)
    editor_client.post(IMPORT_URL, {"confirm": "1"})
    changed = {**demo_document, "negotiations": [{**demo_document["negotiations"][0]}]}
    changed["negotiations"][0]["title"] = "Edited in the file"
    upload(editor_client, changed)

    editor_client.post(IMPORT_URL, {"confirm": "1", "publish": "on"})

    negotiation = Negotiation.objects.get(slug="sma-11")
    assert negotiation.title == "Edited in the file"
    assert not negotiation.is_published


def _many_mistakes(count):
    statements = [{"date": "someday", "kind": "quote", "quote": "Words"} for _ in range(count)]
    negotiation = {"slug": "talks", "title": "Talks", "status": "ongoing", "parties": ["A"]}
    return {
        "format": "negotiation-tracker/2",
        "negotiations": [{**negotiation, "statements": statements}],
    }


def test_validate_document_keeps_the_first_problems_and_counts_them_all():
    from tracker.interchange import validate_document

    every = validate_document(_many_mistakes(30))
    capped = validate_document(_many_mistakes(30), limit=7)
    assert len(every) == every.total >= 30
    assert capped == every[:7] and capped.total == every.total


def test_upload_lists_the_first_problems_and_counts_them_all(editor_client):
    from tracker.admin.upload import PROBLEMS_LISTED
    from tracker.interchange import validate_document

    document = _many_mistakes(PROBLEMS_LISTED + 50)
    total = validate_document(document).total
    html = upload(editor_client, document).content.decode()
    assert f"{total} problems" in html
    assert f"The first {PROBLEMS_LISTED} are listed." in html
    assert html.count("<li><code>") == PROBLEMS_LISTED
    assert not Negotiation.objects.exists()


def _tiny_negotiations(count):
    return {
        "format": "negotiation-tracker/2",
        "negotiations": [
            {"slug": f"n-{index}", "title": f"Talks {index}", "parties": ["A"]}
            for index in range(count)
        ],
    }


def test_preview_lists_the_first_negotiations_and_sums_up_the_rest(editor_client, monkeypatch):
    from tracker.admin import upload as upload_module
    from tracker.interchange import import_document

    monkeypatch.setattr(upload_module, "NEGOTIATIONS_LISTED", 2)
    document = _tiny_negotiations(5)
    import_document({**document, "negotiations": document["negotiations"][4:]})

    html = upload(editor_client, document).content.decode()

    assert "Talks 0" in html and "Talks 1" in html
    assert "Talks 2" not in html and "<code>n-3</code>" not in html
    assert "3 more negotiations, summed up" in html
    assert "2 new, 0 changed, 1 unchanged" in html
    assert "the 2 new ones <strong>unpublished</strong>" in html
    assert 'name="publish"' in html
    assert Negotiation.objects.count() == 1


def test_confirm_after_a_summed_up_preview_imports_every_negotiation(editor_client, monkeypatch):
    from tracker.admin import upload as upload_module

    monkeypatch.setattr(upload_module, "NEGOTIATIONS_LISTED", 2)
    upload(editor_client, _tiny_negotiations(5))

    editor_client.post(IMPORT_URL, {"confirm": "1"})

    assert Negotiation.objects.count() == 5


def test_preview_keeps_the_upload_as_sent_until_confirmed(editor_client, demo_document):
    from tracker.admin.upload import SESSION_KEY, pending_path

    raw = json.dumps(demo_document).encode()
    upload(editor_client, raw)

    pending = editor_client.session[SESSION_KEY]
    assert pending_path(pending["token"]).read_bytes() == raw
    assert pending["sha256"] == hashlib.sha256(raw).hexdigest()


def test_confirm_refuses_an_upload_changed_after_the_preview(editor_client, demo_document):
    from tracker.admin.upload import SESSION_KEY, pending_path

    upload(editor_client, demo_document)
    path = pending_path(editor_client.session[SESSION_KEY]["token"])
    path.write_bytes(path.read_bytes().replace(b"sma-11", b"sma-12"))

    response = editor_client.post(IMPORT_URL, {"confirm": "1"}, follow=True)

    assert "the upload expired" in response.content.decode()
    assert not Negotiation.objects.exists()


def test_upload_with_problems_leaves_no_file_behind(editor_client):
    from tracker.admin.upload import UPLOAD_DIR

    before = set(UPLOAD_DIR.glob("*.json")) if UPLOAD_DIR.exists() else set()

    upload(editor_client, _many_mistakes(3))

    assert set(UPLOAD_DIR.glob("*.json")) == before


def test_preview_takes_a_document_of_exactly_the_negotiation_limit(editor_client, settings):
    settings.INTERCHANGE_UPLOAD_MAX_NEGOTIATIONS = 3

    html = upload(editor_client, _tiny_negotiations(3)).content.decode()

    assert "at most 3" not in html
    assert 'name="confirm"' in html


def test_upload_over_the_negotiation_limit_is_refused_naming_count_and_way_out(
    editor_client, settings
):
    settings.INTERCHANGE_UPLOAD_MAX_NEGOTIATIONS = 3

    html = upload(editor_client, _tiny_negotiations(4)).content.decode()

    assert "the document holds 4 negotiations; an upload imports at most 3" in html
    assert "manage.py import_negotiations" in html
    assert 'name="confirm"' not in html
    assert not Negotiation.objects.exists()


def test_confirm_checks_the_negotiation_limit_again(editor_client, settings):
    upload(editor_client, _tiny_negotiations(4))
    settings.INTERCHANGE_UPLOAD_MAX_NEGOTIATIONS = 3

    html = editor_client.post(IMPORT_URL, {"confirm": "1"}).content.decode()

    assert "the document holds 4 negotiations" in html
    assert not Negotiation.objects.exists()
