"""Benchmark databases: one per size, built with generate_synthetic and kept for re-runs.

SQLite files under bench-out/ by default; with DATABASE_URL set to PostgreSQL, one
database per size on that server (`<name>_<size>`). A database is rebuilt when it is
missing, when `--fresh` is given, or when the generator's arguments changed; the
import's time and peak memory are kept beside it, measured when it was built.
"""

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .server import ROOT, django_env, run_measured

OUT = ROOT / "bench-out"
SEED = 11


def slug_for(size):
    return f"synthetic-{size}"


def arguments(size):
    """generate_synthetic's arguments for one size: R = P = E = N/10."""
    tenth = size // 10
    return [
        f"--slug={slug_for(size)}",
        f"--statements={size}",
        f"--rounds={tenth}",
        f"--positions={tenth}",
        f"--events={tenth}",
        f"--seed={SEED}",
        "--publish",
    ]


def database_url(size, base=None):
    """The database for one size: a SQLite file, or `<name>_<size>` on the PostgreSQL server."""
    base = base if base is not None else os.environ.get("DATABASE_URL")
    if not base or base.startswith("sqlite"):
        return f"sqlite:///{OUT / f'bench-{size}.sqlite3'}"
    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "tracker_bench"
    return urlunsplit(parts._replace(path=f"/{name}_{size}"))


def recreate_postgres(url):
    """Drop and create the PostgreSQL database named by `url` (never the server's default)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if name in ("", "postgres", "template0", "template1"):
        raise ValueError(f"refusing to recreate database {name!r}")
    admin = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def prepare(size, url, *, fresh=False, log=None, say=print):
    """Build (or reuse) the database for `size`; returns the import's measurements."""
    OUT.mkdir(exist_ok=True)
    marker = OUT / f"import-{size}-{_key(url)}.json"
    wanted = {"arguments": arguments(size), "url": url}
    if not fresh and marker.exists():
        recorded = json.loads(marker.read_text())
        if recorded.get("wanted") == wanted and recorded.get("exit") == 0:
            say(f"  reusing the {size:,}-statement database built {recorded['built']}")
            analyze(url)
            return {**recorded, "reused": True}
    if url.startswith("sqlite"):
        Path(urlsplit(url).path).unlink(missing_ok=True)
    else:
        recreate_postgres(url)
    env = django_env(url)
    python = sys.executable
    code, _, _, lines = run_measured([python, "manage.py", "migrate", "--noinput"], env, log=log)
    if code:
        raise RuntimeError("migrate failed:\n" + "\n".join(lines[-20:]))
    say(f"  generating {size:,} statements through the importer ...")
    code, seconds, peak_kb, lines = run_measured(
        [python, "manage.py", "generate_synthetic", *arguments(size)], env, log=log
    )
    if code:
        raise RuntimeError("generate_synthetic failed:\n" + "\n".join(lines[-20:]))
    from datetime import UTC, datetime

    recorded = {
        "wanted": wanted,
        "exit": code,
        "seconds": seconds,
        "peak_rss_kb": peak_kb,
        "progress_lines": sum(1 for line in lines if line.startswith("importing:")),
        "summary": [line for line in lines if not line.startswith("importing:")][-12:],
        "built": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    analyze(url)
    marker.write_text(json.dumps(recorded, indent=1))
    return {**recorded, "reused": False}


def analyze(url):
    """VACUUM and refresh PostgreSQL's planner statistics, as autovacuum would have by the time
    a real archive of this size is read (autovacuum may be off on a test server): the
    visibility map VACUUM writes is what lets covering indexes answer without the table."""
    if url.startswith("sqlite"):
        return
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as db:
        db.execute("VACUUM (ANALYZE)")


def _key(url):
    return "sqlite" if url.startswith("sqlite") else "pg"
