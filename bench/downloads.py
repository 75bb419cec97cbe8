"""Downloads under gunicorn: first byte, whole body, the worker's memory while it streams.

Each download is read over a raw HTTP connection without Accept-Encoding (as `curl -O`
does) while a thread samples the resident memory (VmRSS) of every gunicorn process every
20 ms. The floor for all three is what PostgreSQL itself takes to write the same rows
out: `COPY (SELECT ... every lane joined to its names and source addresses) TO STDOUT
WITH CSV`, read by psycopg on this machine.

On its own, against any database (never the shared `tracker_bench_*` ones while a run
builds them), after `manage.py collectstatic` with the bench's settings:

python -m bench.downloads --database-url postgres://postgres@127.0.0.1:5432/tracker_mine \\
    --slug synthetic-100000 [--port 8761] [--runs 1]
"""

import argparse
import http.client
import json
import os
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .server import Gunicorn

DOWNLOADS = {
    "data.csv": "/negotiations/{slug}/data.csv",
    "export.json": "/negotiations/{slug}/export.json",
    "timelinejs.json": "/negotiations/{slug}/timelinejs.json",
}

FLOOR_SQL = """
COPY (
  SELECT 'statements', s.id, s.date, sp.name, p.name, s.kind, s.quote, s.context, s.note,
         string_agg(src.url, '; ' ORDER BY l.id)
  FROM tracker_statement s LEFT JOIN tracker_person sp ON sp.id = s.speaker_id
  LEFT JOIN tracker_party p ON p.id = s.party_id
  LEFT JOIN tracker_statement_sources l ON l.statement_id = s.id
  LEFT JOIN tracker_source src ON src.id = l.source_id
  WHERE s.negotiation_id = {id} GROUP BY s.id, sp.name, p.name
  UNION ALL
  SELECT 'positions', o.id, o.date, i.title, p.name, o.kind, o.amount::text, o.currency,
         o.note, string_agg(src.url, '; ' ORDER BY l.id)
  FROM tracker_position o JOIN tracker_party p ON p.id = o.party_id
  JOIN tracker_issue i ON i.id = o.issue_id
  LEFT JOIN tracker_position_sources l ON l.position_id = o.id
  LEFT JOIN tracker_source src ON src.id = l.source_id
  WHERE o.negotiation_id = {id} GROUP BY o.id, i.title, p.name
  UNION ALL
  SELECT 'events', e.id, e.date, e."end", '', '', e.title, '', e.note,
         string_agg(src.url, '; ' ORDER BY l.id)
  FROM tracker_event e LEFT JOIN tracker_event_sources l ON l.event_id = e.id
  LEFT JOIN tracker_source src ON src.id = l.source_id
  WHERE e.negotiation_id = {id} GROUP BY e.id
  UNION ALL
  SELECT 'rounds', r.id, r.start, r."end", r.number::text, r.format, r.location, '', r.note,
         string_agg(src.url, '; ' ORDER BY l.id)
  FROM tracker_round r LEFT JOIN tracker_round_sources l ON l.round_id = r.id
  LEFT JOIN tracker_source src ON src.id = l.source_id
  WHERE r.negotiation_id = {id} GROUP BY r.id
) TO STDOUT WITH CSV HEADER
"""


def measure(server, slug, database_url, *, runs=1):
    """{name: {first_byte_ms, total_ms, bytes, peak_rss_kb, status, streamed}} and the floor."""
    results = {"floor": copy_floor(database_url, slug)}
    for name, path in DOWNLOADS.items():
        samples = [_download(server, path.format(slug=slug)) for _ in range(runs)]
        results[name] = min(samples, key=lambda sample: sample["total_ms"])
    return results


def _download(server, path):
    sampler = _RssSampler(server.pids())
    sampler.start()
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        first = response.read(1)
        first_byte = time.perf_counter()
        size = len(first)
        while chunk := response.read(1 << 16):
            size += len(chunk)
        ended = time.perf_counter()
        status = response.status
        streamed = response.getheader("Content-Length") is None
    finally:
        connection.close()
        sampler.stop()
    return {
        "status": status,
        "first_byte_ms": (first_byte - started) * 1000,
        "total_ms": (ended - started) * 1000,
        "bytes": size,
        "streamed": streamed,
        "peak_rss_kb": sampler.peak_kb,
    }


class _RssSampler(threading.Thread):
    """The largest VmRSS of the given processes, sampled every 20 ms until stopped."""

    def __init__(self, pids):
        super().__init__(daemon=True)
        self.pids, self.peak_kb = pids, 0
        self._stopped = threading.Event()

    def run(self):
        while not self._stopped.is_set():
            for pid in self.pids:
                self.peak_kb = max(self.peak_kb, _rss_kb(pid))
            self._stopped.wait(0.02)

    def stop(self):
        self._stopped.set()
        self.join()


def _rss_kb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def copy_floor(database_url, slug):
    """PostgreSQL's COPY of the same rows to this process: {total_ms, first_byte_ms, bytes}."""
    import psycopg

    parts = urlsplit(database_url)
    url = urlunsplit(parts._replace(scheme="postgresql"))
    with psycopg.connect(url) as connection:
        (negotiation_id,) = connection.execute(
            "SELECT id FROM tracker_negotiation WHERE slug = %s", [slug]
        ).fetchone()
        started = time.perf_counter()
        first_byte, size = None, 0
        with connection.cursor().copy(FLOOR_SQL.format(id=int(negotiation_id))) as copy:
            for block in copy:
                if first_byte is None:
                    first_byte = time.perf_counter()
                size += len(block)
        ended = time.perf_counter()
    return {
        "total_ms": (ended - started) * 1000,
        "first_byte_ms": ((first_byte or ended) - started) * 1000,
        "bytes": size,
    }


def main(argv=None):
    """Measure the downloads of one negotiation on a fresh gunicorn; print JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--slug", required=True)
    parser.add_argument("--port", type=int, default=8761)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    with Gunicorn(args.port, args.database_url) as server:
        results = measure(server, args.slug, args.database_url, runs=args.runs)
    floor = results["floor"]["total_ms"]
    for name, result in results.items():
        ratio = {} if name == "floor" else {"floor_ratio": round(result["total_ms"] / floor, 2)}
        print(json.dumps({"download": name, **result, **ratio}))
    print(json.dumps({"load_average": os.getloadavg()}))


if __name__ == "__main__":
    main()
