"""Backups of the database and their restore: `make backup` and `make restore` (docs/deploy.md).

PostgreSQL is dumped by `pg_dump` in its custom format (compressed, restorable table by
table) and restored by `pg_restore` in one transaction; SQLite is copied with SQLite's
online backup, which is consistent while the site keeps serving. A backup is written next
to its final name and renamed when complete, so a failed run leaves no half-written file.
A restore goes only into an empty database (a new one: `createdb`, or a missing SQLite
file), so it never mixes a backup with other records.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

POSTGRESQL = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"
POSTGRESQL_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def backup(database, path):
    """Write a backup of `database` (a settings.DATABASES entry) to `path`; return its size."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")[1])
    try:
        if database["ENGINE"] == POSTGRESQL:
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", partial],
                database,
            )
        elif database["ENGINE"] == SQLITE:
            _sqlite_copy(database["NAME"], partial)
        else:
            raise BackupError(f"backups of {database['ENGINE']} are not supported")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path.stat().st_size


def restore(database, path):
    """Restore the backup at `path` into `database`, which must be empty."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    kind = backup_kind(path)
    if database["ENGINE"] == POSTGRESQL and kind == POSTGRESQL:
        _refuse_nonempty(_postgresql_tables(database), database["NAME"])
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                database["NAME"],
                path,
            ],
            database,
        )
    elif database["ENGINE"] == SQLITE and kind == SQLITE:
        target = Path(database["NAME"])
        _refuse_nonempty(_sqlite_tables(target), target)
        partial = target.with_name(f".{target.name}.restoring")
        try:
            _sqlite_copy(path, partial)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    else:
        raise BackupError(
            f"{path} is a {_name(kind)} backup; the database is {_name(database['ENGINE'])}: "
            "restore it into a database of the same kind"
        )


def backup_kind(path):
    """POSTGRESQL or SQLITE from the file's first bytes; BackupError for anything else."""
    with open(path, "rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head.startswith(POSTGRESQL_MAGIC):
        return POSTGRESQL
    if head == SQLITE_MAGIC:
        return SQLITE
    raise BackupError(f"{path} is neither a pg_dump custom-format file nor a SQLite database")


def _name(engine):
    return {POSTGRESQL: "PostgreSQL", SQLITE: "SQLite"}.get(engine, engine)


def _refuse_nonempty(tables, name):
    if tables:
        raise BackupError(
            f"database {name} is not empty ({len(tables)} tables, e.g. {sorted(tables)[0]}): "
            "restore into a new, empty database (createdb NAME, or a new SQLite file) and "
            "point DATABASE_URL at it"
        )


def _sqlite_copy(source, target):
    """Copy one SQLite database file to another with SQLite's online backup."""
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as error:
        raise BackupError(f"SQLite database {source}: {error}") from error


def _sqlite_tables(path):
    if not path.exists() or path.stat().st_size == 0:
        return []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = [name for (name,) in rows if not name.startswith("sqlite_")]
    connection.close()
    return tables


def _postgresql_tables(database):
    import psycopg

    with psycopg.connect(**_libpq(database)) as connection:
        rows = connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    return [name for (name,) in rows]


def _libpq(database):
    """Connection keywords for psycopg from a settings.DATABASES entry."""
    keywords = {
        "dbname": database["NAME"],
        "user": database.get("USER"),
        "password": database.get("PASSWORD"),
        "host": database.get("HOST"),
        "port": database.get("PORT"),
    }
    return {key: str(value) for key, value in keywords.items() if value}


def _run(command, database):
    """Run a PostgreSQL client with the connection in libpq's variables (no password in argv)."""
    program = command[0]
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed: apt-get install postgresql-client")
    names = {
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "host": "PGHOST",
        "port": "PGPORT",
    }
    env = {**os.environ, **{names[key]: value for key, value in _libpq(database).items()}}
    result = subprocess.run(
        [str(part) for part in command], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip() or result.returncode}")
