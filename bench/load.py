"""A bounded load generator: threads sending GETs until a request count or a time limit."""

import http.client
import statistics
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor


def run_load(host, port, path, *, threads=8, max_requests=2000, max_seconds=6.0, headers=None):
    """Send GET `path` from `threads` threads; stop at `max_requests` or `max_seconds`.

    Returns rps, p50 and p99 latency in ms, errors (exceptions and 5xx), the status
    counts and the share of 304 answers.
    """
    lock = threading.Lock()
    latencies, statuses = [], Counter()
    errors = [0]
    sent = [0]
    deadline = time.monotonic() + max_seconds

    def take():
        with lock:
            if sent[0] >= max_requests or time.monotonic() >= deadline:
                return False
            sent[0] += 1
            return True

    def worker():
        connection = None
        while take():
            started = time.perf_counter()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(host, port, timeout=30)
                connection.request("GET", path, headers=headers or {})
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                status = "error"
                if connection is not None:
                    connection.close()
                connection = None
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] += 1
                if status == "error" or (isinstance(status, int) and status >= 500):
                    errors[0] += 1
        if connection is not None:
            connection.close()

    started = time.monotonic()
    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    seconds = time.monotonic() - started
    return summarize(latencies, statuses, errors[0], seconds)


def summarize(latencies, statuses, errors, seconds):
    count = len(latencies)
    ordered = sorted(latencies)
    return {
        "requests": count,
        "seconds": round(seconds, 2),
        "rps": count / seconds if seconds else 0.0,
        "p50_ms": statistics.median(ordered) if ordered else None,
        "p99_ms": ordered[min(count - 1, int(count * 0.99))] if ordered else None,
        "errors": errors,
        "statuses": {str(key): value for key, value in statuses.items()},
        "share_304": statuses.get(304, 0) / count if count else 0.0,
    }


def run_parallel(targets, **options):
    """`run_load` against several (host, port, path, headers) at once, one process each."""
    with ProcessPoolExecutor(max_workers=len(targets)) as pool:
        futures = [
            pool.submit(run_load, host, port, path, headers=headers, **options)
            for host, port, path, headers in targets
        ]
        return [future.result() for future in futures]
