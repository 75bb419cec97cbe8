"""make backup / make restore: a backup restored into an empty database holds every fact.

End to end through manage.py in subprocesses, as an operator runs them: migrate and load the
demo into a scratch database, back it up, restore into a new empty database, and compare the
interchange export and every table's row count. PostgreSQL runs on a real server (skipped
only when none is reachable on a SQLite run outside CI); SQLite on files in a temporary folder.
"""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import pytest

from tracker import backups

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "tracker" / "demo" / "sma-11.json"
SERVER_URL = os.environ.get("TRACKER_BACKUP_TEST_SERVER", "postgres://postgres@127.0.0.1:5432")


def manage(database_url, *arguments, check=True):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "tracker.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def load_demo(database_url):
    manage(database_url, "migrate", "--noinput")
    manage(database_url, "import_negotiations", "--publish", str(DEMO))


def export(database_url):
    return manage(database_url, "export_negotiations").stdout


# PostgreSQL -----------------------------------------------------------------------------------


def postgresql_server():
    """A psycopg connection to the server's maintenance database, or skip/fail when none."""
    import psycopg

    try:
        return psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        if os.environ.get("CI") or os.environ.get("DATABASE_URL", "").startswith("postgres"):
            pytest.fail(f"PostgreSQL at {SERVER_URL} is unreachable: {error}")
        pytest.skip(f"PostgreSQL at {SERVER_URL} is unreachable: {error}")


@pytest.fixture
def scratch_databases():
    """Two new PostgreSQL databases (source, empty target) by URL, dropped afterwards."""
    server = postgresql_server()
    names = [f"tracker_backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("source", "target")]
    for name in names:
        server.execute(f'CREATE DATABASE "{name}"')
    yield [f"{SERVER_URL}/{name}" for name in names]
    for name in names:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.close()


def postgresql_counts(database_url):
    import psycopg

    with psycopg.connect(database_url) as connection:
        tables = connection.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall()
        return {
            name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for (name,) in tables
        }


def test_postgresql_backup_restores_every_fact_into_an_empty_database_only(
    scratch_databases, tmp_path
):
    source, target = scratch_databases
    load_demo(source)
    dump = tmp_path / "tracker.dump"

    manage(source, "backup", str(dump))
    assert dump.read_bytes().startswith(b"PGDMP")
    assert [path.name for path in tmp_path.iterdir()] == ["tracker.dump"]
    manage(target, "restore", str(dump))

    counts = postgresql_counts(target)
    assert counts == postgresql_counts(source)
    assert counts["tracker_round"] > 0 and counts["tracker_statement"] > 0
    restored = export(target)
    assert '"sma-11"' in restored
    assert restored == export(source)
    # A second restore would mix two copies: the target is no longer empty and stays as it is.
    again = manage(target, "restore", str(dump), check=False)
    assert again.returncode != 0
    assert f"database {target.rsplit('/', 1)[1]} is not empty" in again.stderr
    assert postgresql_counts(target) == counts


# SQLite ---------------------------------------------------------------------------------------


def sqlite_counts(path):
    with sqlite3.connect(path) as connection:
        tables = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY 1"
        ).fetchall()
        counts = {
            name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for (name,) in tables
        }
    connection.close()
    return counts


def test_sqlite_backup_restores_every_fact_into_an_empty_database_only(tmp_path):
    source, target = tmp_path / "source.sqlite3", tmp_path / "target.sqlite3"
    load_demo(f"sqlite:///{source}")
    copy = tmp_path / "backups" / "tracker.sqlite3"

    manage(f"sqlite:///{source}", "backup", str(copy))
    manage(f"sqlite:///{target}", "restore", str(copy))

    counts = sqlite_counts(target)
    assert counts == sqlite_counts(source)
    assert counts["tracker_position"] > 0
    assert export(f"sqlite:///{target}") == export(f"sqlite:///{source}")
    again = manage(f"sqlite:///{target}", "restore", str(copy), check=False)
    assert again.returncode != 0
    assert "is not empty" in again.stderr


def test_restore_refuses_a_backup_of_the_other_kind(tmp_path):
    sqlite_file = tmp_path / "backup.sqlite3"
    sqlite_file.write_bytes(backups.SQLITE_MAGIC + b"\x00" * 100)
    database = dj_database_url.parse(f"{SERVER_URL}/nowhere")

    with pytest.raises(backups.BackupError, match="is a SQLite backup; the database is PostgreSQL"):
        backups.restore(database, sqlite_file)


def test_restore_refuses_a_file_that_is_no_backup(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a backup")

    with pytest.raises(backups.BackupError, match="neither a pg_dump custom-format file"):
        backups.restore({"ENGINE": backups.SQLITE, "NAME": tmp_path / "db"}, text)


def test_failed_backup_leaves_no_file(tmp_path):
    target = tmp_path / "tracker.dump"
    database = {"ENGINE": backups.SQLITE, "NAME": str(tmp_path / "missing" / "db.sqlite3")}

    with pytest.raises(backups.BackupError, match="unable to open database"):
        backups.backup(database, target)

    assert list(tmp_path.iterdir()) == []
