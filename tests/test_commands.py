import json
import os
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import UserFactory
from tracker.management.commands.import_negotiations import Command as ImportCommand
from tracker.models import Negotiation, Round, Statement

DEMO = Path(__file__).resolve().parent.parent / "tracker" / "demo" / "sma-11.json"
EVERY_FIELD = Path(__file__).resolve().parent / "data" / "every-field.json"


def run(*args):
    """Run a command; returns (stdout, stderr)."""
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_json(path, document):
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_import_negotiations_prints_a_summary(db):
    out, _ = run("import_negotiations", str(DEMO))

    assert f"{DEMO}: imported" in out
    assert "sma-11 (new)" in out
    assert "rounds: 9 created, 0 updated, 0 deleted, 0 unchanged" in out
    assert Round.objects.count() == 9


def test_import_negotiations_again_reports_nothing_changed(db):
    run("import_negotiations", str(DEMO))

    out, _ = run("import_negotiations", str(DEMO))

    assert "already up to date" in out
    assert "statements: 0 created, 0 updated, 0 deleted, 18 unchanged" in out


def test_import_negotiations_several_files(db):
    out, _ = run("import_negotiations", str(DEMO), str(EVERY_FIELD))

    assert Negotiation.objects.count() == 3
    assert out.count(": imported") == 2


def test_import_negotiations_prints_progress(db, monkeypatch):
    monkeypatch.setattr(ImportCommand, "progress_threshold", 0)

    out, _ = run("import_negotiations", str(DEMO))

    assert "64 of 64 records (100%)" in out


def test_import_negotiations_bad_file_lists_every_problem(db, tmp_path):
    document = json.loads(EVERY_FIELD.read_text(encoding="utf-8"))
    document["negotiations"][0]["rounds"][3]["end"] = "2019-13"
    document["negotiations"][1]["statements"][0]["kind"] = "rumour"
    path = write_json(tmp_path / "bad.json", document)
    err = StringIO()

    with pytest.raises(CommandError, match="1 of 1 file"):
        call_command("import_negotiations", path, stdout=StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert lines[0] == f"{path}: 2 problem(s), nothing imported:"
    assert lines[1] == (
        f'{path}: negotiations[0].rounds[3].end: "2019-13" is not a date '
        "(use YYYY, YYYY-MM or YYYY-MM-DD)"
    )
    assert lines[2].startswith(f'{path}: negotiations[1].statements[0].kind: "rumour"')
    assert Negotiation.objects.count() == 0


def test_import_negotiations_invalid_json_names_line_and_column(db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n "format": "negotiation-tracker/1",\n "negotiations": [}\n', "utf-8")
    err = StringIO()

    with pytest.raises(CommandError):
        call_command("import_negotiations", str(path), stdout=StringIO(), stderr=err)

    assert "not valid JSON at line 3, column" in err.getvalue()


def test_import_negotiations_good_and_bad_files(db, tmp_path):
    missing = str(tmp_path / "missing.json")
    err = StringIO()

    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command("import_negotiations", str(DEMO), missing, stdout=StringIO(), stderr=err)

    assert f"{missing}: cannot read" in err.getvalue()
    assert Negotiation.objects.filter(slug="sma-11").exists()


def test_import_negotiations_credits_the_user(db):
    user = UserFactory(username="editor1")

    run("import_negotiations", str(DEMO), "--user", "editor1")

    assert {row.history_user for row in Statement.history.all()} == {user}


def test_import_negotiations_unknown_user(db):
    with pytest.raises(CommandError, match='no user "nobody"'):
        run("import_negotiations", str(DEMO), "--user", "nobody")


def test_import_negotiations_skip_existing_leaves_edits_alone(db):
    run("import_negotiations", str(DEMO))
    Round.objects.filter(number=1).update(location="Edited in the admin")

    out, _ = run("import_negotiations", str(DEMO), "--skip-existing")

    assert "sma-11 exists, left as it is" in out
    assert Round.objects.get(number=1).location == "Edited in the admin"


def test_import_negotiations_skip_existing_with_nothing_left_says_so_in_one_line(db):
    run("import_negotiations", str(DEMO))

    out, err = run("import_negotiations", str(DEMO), "--skip-existing", "--publish")

    assert out.splitlines() == [f"{DEMO}: sma-11 exists, left as it is; nothing to import"]
    assert err == ""


def test_import_negotiations_skip_existing_imports_the_others(db):
    run("import_negotiations", str(DEMO))

    out, _ = run("import_negotiations", str(DEMO), str(EVERY_FIELD), "--skip-existing")

    assert f"{DEMO}: sma-11 exists, left as it is; nothing to import" in out
    assert f"{EVERY_FIELD}: imported" in out
    assert Negotiation.objects.count() == 3


def test_export_negotiations_to_stdout(db):
    run("import_negotiations", str(EVERY_FIELD))

    out, _ = run("export_negotiations")

    assert json.loads(out) == json.loads(EVERY_FIELD.read_text(encoding="utf-8"))


def test_export_negotiations_to_a_file(db, tmp_path):
    run("import_negotiations", str(DEMO), str(EVERY_FIELD))
    target = tmp_path / "out.json"

    _, err = run("export_negotiations", "--slug", "sma-11", "-o", str(target))

    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(DEMO.read_text("utf-8"))
    assert f"to {target}" in err


def test_export_negotiations_unknown_slug(db):
    with pytest.raises(CommandError, match="no negotiation with slug nope"):
        run("export_negotiations", "--slug", "nope")


def test_export_then_import_into_an_empty_database(db, tmp_path):
    run("import_negotiations", str(DEMO), str(EVERY_FIELD))
    first = tmp_path / "first.json"
    run("export_negotiations", "-o", str(first))
    Negotiation.objects.all().delete()

    run("import_negotiations", str(first))
    second = tmp_path / "second.json"
    run("export_negotiations", "-o", str(second))

    assert second.read_bytes() == first.read_bytes()


def test_ensure_admin_creates_one_superuser_once(db):
    out, _ = run("ensure_admin")
    password = out.split("password: ")[1].split()[0]

    again, _ = run("ensure_admin")

    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)
    assert get_user_model().objects.count() == 1
    assert "password" not in again
    assert 'A superuser exists ("admin")' in again


def test_ensure_admin_links_to_the_port_given(db):
    out, _ = run("ensure_admin", "--port", "8101")
    again, _ = run("ensure_admin", "--port", "8101")

    assert "http://127.0.0.1:8101/admin/" in out
    assert "http://127.0.0.1:8101/admin/" in again
    assert ":8000" not in out + again


def test_ensure_admin_reads_the_port_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("PORT", "8102")

    out, _ = run("ensure_admin")

    assert "Created the superuser for http://127.0.0.1:8102/admin/" in out


def test_make_run_passes_its_port_to_ensure_admin():
    root = Path(__file__).resolve().parent.parent
    environment = {**os.environ, "PORT": "8101"}

    dry_run = subprocess.run(
        ["make", "-n", "admin-user"], cwd=root, env=environment, capture_output=True, text=True
    )

    assert "ensure_admin --port 8101" in dry_run.stdout


def test_ensure_admin_leaves_an_existing_superuser_alone(db):
    get_user_model().objects.create_superuser("boss", password="correct horse battery")

    out, _ = run("ensure_admin")

    assert not get_user_model().objects.filter(username="admin").exists()
    assert '"boss"' in out


def test_import_publish_publishes_only_new_negotiations(db):
    run("import_negotiations", str(DEMO), "--publish")
    assert Negotiation.objects.get(slug="sma-11").is_published
    Negotiation.objects.filter(slug="sma-11").update(is_published=False)
    run("import_negotiations", str(DEMO), "--publish")
    assert not Negotiation.objects.get(slug="sma-11").is_published
