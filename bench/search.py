"""`make bench`, search part: full-text search at 100,000 statements on PostgreSQL.

python -m bench.search [--size 100000] [--runs 30] [--fresh]

Reuses (or builds) the benchmark database of `bench.data`, times `tracker.search.engine.search`
in-process for typical and worst-case queries as an anonymous visitor (published negotiations,
50 hits with highlights), then the whole /search/ page and the API, and writes the figures to
bench-out/search.json and to the "Search" section of BENCHMARKS.md. The target: under 100 ms.
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime

from . import data
from .server import ROOT, django_env

TARGET_MS = 100
QUERIES = [
    ("a word in some event titles", "furlough"),
    ("a phrase", '"interim deal"'),
    ("a hyphenated phrase in many quotes", "multi-year agreement"),
    ("two rare words", "furlough announced"),
    ("a word in most quotes (worst case)", "alliance"),
    ("three common words (worst case)", "fair burden costs"),
    ("no match", "zanzibarite"),
]
START, END = "<!-- search benchmark -->", "<!-- /search benchmark -->"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--no-reindex", action="store_true", help="skip timing a full reindex")
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    args = parser.parse_args(argv)
    url = data.database_url(args.size)
    if not url.startswith("postgres"):
        raise SystemExit("The search benchmark runs on PostgreSQL: set DATABASE_URL.")
    data.prepare(args.size, url, fresh=args.fresh, say=print)
    os.environ.update(django_env(url))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    results = measure(args.size, args.runs, reindex=not args.no_reindex)
    (data.OUT / "search.json").write_text(json.dumps(results, indent=1))
    write_report(results, args.output)
    print(table(results))


def _times(call, runs):
    for _ in range(3):
        call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 1),
        "max_ms": round(samples[-1], 1),
    }


def measure(size, runs, *, reindex=True):
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from tracker.models import Negotiation, SearchEntry, Statement
    from tracker.search.engine import search

    negotiation = Negotiation.objects.get(slug=data.slug_for(size))
    reindexed = _reindex(negotiation) if reindex else {}
    with connection.cursor() as cursor:  # as autovacuum would have by now
        cursor.execute("ANALYZE tracker_searchentry")
    anonymous = AnonymousUser()
    rows = []
    for label, text in QUERIES:
        total = search(text, user=anonymous).total
        rows.append(
            {"query": text, "label": label, "matches": total}
            | _times(lambda text=text: search(text, user=anonymous), runs)
        )
    call_command("collectstatic", "--noinput", verbosity=0)  # DEBUG is off, as in production
    client = Client(HTTP_HOST="127.0.0.1")
    pages = []
    for path in ("/search/?q=furlough", "/api/v1/search?q=furlough", "/search/?q=alliance"):
        assert client.get(path).status_code == 200, path
        pages.append({"path": path} | _times(lambda path=path: client.get(path), runs))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('tracker_searchentry')")
        index_bytes = cursor.fetchone()[0]
    return {
        "measured": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "size": size,
        "statements": Statement.objects.count(),
        "index_rows": SearchEntry.objects.count(),
        "index_mb": round(index_bytes / 1e6, 1),
        "reindex_seconds": reindexed.get("full"),
        "reindex_unchanged_seconds": reindexed.get("unchanged"),
        "runs": runs,
        "queries": rows,
        "pages": pages,
        "postgres": connection.cursor().connection.info.server_version,
    }


def _reindex(negotiation):
    """Seconds to index the negotiation from an empty index (as a first import does, then
    VACUUM once committed) and again with nothing changed (a re-import of the same document)."""
    from django.db import transaction

    from tracker.search import index

    started = time.perf_counter()
    with transaction.atomic():
        index.forget_negotiation(negotiation.pk)
        index.reindex_negotiation(negotiation.pk)
    index.vacuum()  # the forgotten rows are dead: a search would read through them
    full = time.perf_counter() - started
    started = time.perf_counter()
    index.reindex_negotiation(negotiation.pk)
    unchanged = time.perf_counter() - started
    return {"full": round(full, 1), "unchanged": round(unchanged, 1)}


def table(results):
    seconds = results["reindex_seconds"]
    reindex = "reindex not timed"
    if seconds:
        reindex = (
            f"indexing the negotiation from empty took {seconds} s with VACUUM, "
            f"again with nothing changed {results.get('reindex_unchanged_seconds')} s"
        )
    lines = [
        f"Search at {results['statements']:,} statements on PostgreSQL "
        f"({results['index_rows']:,} index rows, {results['index_mb']} MB with the GIN index; "
        f"{reindex}), as an anonymous visitor, 50 hits with highlights, {results['runs']} runs "
        f"after 3 warm-up runs; measured {results['measured']}. Target: under {TARGET_MS} ms.",
        "",
        "| query | what | matches | median | p95 | max | under target |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for row in results["queries"]:
        ok = "yes" if row["p95_ms"] < TARGET_MS else "**no**"
        lines.append(
            f"| `{row['query']}` | {row['label']} | {row['matches']:,} | {row['median_ms']} ms "
            f"| {row['p95_ms']} ms | {row['max_ms']} ms | {ok} |"
        )
    lines += ["", "| whole request (in-process) | median | p95 |", "|---|---:|---:|"]
    for row in results["pages"]:
        lines.append(f"| `{row['path']}` | {row['median_ms']} ms | {row['p95_ms']} ms |")
    return "\n".join(lines)


def write_report(results, output):
    """Put the table in BENCHMARKS.md's Search section, replacing an earlier one."""
    path = ROOT / output if not os.path.isabs(output) else output
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    section = f"{START}\n## Search\n\n{table(results)}\n{END}\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + section + rest.split(END, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


if __name__ == "__main__":
    main()
