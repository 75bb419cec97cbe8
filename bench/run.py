"""`make bench`: measure every size, then write BENCHMARKS.md.

python -m bench.run [--sizes 1000,10000,100000] [--fresh] [--quick] [--no-browser] [--no-scale]
"""

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime

from . import browser, data, downloads, load, report, scale, uploads
from .server import ROOT, Gunicorn, django_env, run_measured

PORT = 8701


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--fresh", action="store_true", help="rebuild every database")
    parser.add_argument("--quick", action="store_true", help="fewer runs, shorter load")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-scale", action="store_true")
    parser.add_argument("--scale-size", type=int, default=10_000)
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    parser.add_argument(
        "--browser-only",
        action="store_true",
        help="measure Chromium again into bench-out/results.json and rewrite the report",
    )
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.browser_only:
        return browser_again(sizes, args)
    started = time.monotonic()
    data.OUT.mkdir(exist_ok=True)
    log = data.OUT / "bench.log"
    results = {
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "database": database_kind(),
        "sizes": {},
    }

    def say(text):
        print(f"[{time.monotonic() - started:6.0f} s] {text}", flush=True)

    say("collectstatic")
    code, _, _, lines = run_measured(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        django_env(data.database_url(sizes[0])),
        log=log,
    )
    if code:
        raise SystemExit("collectstatic failed:\n" + "\n".join(lines[-20:]))
    floor_server, floor_base = browser.serve_floor(data.OUT / "floor")
    try:
        for size in sizes:
            say(f"N = {size:,}")
            results["sizes"][size] = measure_size(size, args, log, say, floor_base)
            _save(results)
        if not args.no_scale:
            say(f"horizontal scale at N = {args.scale_size:,} (PostgreSQL + Redis)")
            try:
                # The sizes above already rebuilt this database when it is one of them.
                rebuild = args.fresh and args.scale_size not in sizes
                results["scale"] = scale.run(
                    args.scale_size, fresh=rebuild, log=log, say=say,
                    seconds=4.0 if args.quick else 6.0,
                )  # fmt: skip
            except Exception as error:  # noqa: BLE001 - reported, not fatal
                results["scale"] = {"error": f"{type(error).__name__}: {error}"}
                say(f"  scale run failed: {error}")
    finally:
        floor_server.shutdown()
    say("uploads: preview of two hostile documents and the largest ordinary one")
    try:
        results["uploads"] = uploads.measure(os.environ.get("DATABASE_URL"), log=log, say=say)
    except Exception as error:  # noqa: BLE001 - reported, not fatal
        results["uploads"] = {"error": f"{type(error).__name__}: {error}"}
        say(f"  uploads run failed: {error}")
    results["seconds"] = time.monotonic() - started
    _save(results)
    report.write(results, args.output)
    say(f"wrote {args.output} in {results['seconds'] / 60:.1f} minutes")


def measure_size(size, args, log, say, floor_base):
    url = data.database_url(size)
    slug = data.slug_for(size)
    result = {"import": data.prepare(size, url, fresh=args.fresh, log=log, say=say)}
    runs = 3 if args.quick or size >= 100_000 else 5
    baseline_runs = 1 if args.quick or size >= 100_000 else 3
    say("  in-process: figure, page, embed, API; notebook baseline and floor")
    output = subprocess.run(
        [sys.executable, "-m", "bench.inprocess", f"--slug={slug}", f"--runs={runs}",
         f"--baseline-runs={baseline_runs}",
         "--full-detail" if size < 100_000 else "--no-full-detail"],
        cwd=ROOT, env=django_env(url), capture_output=True, text=True, check=False,
    )  # fmt: skip
    if output.returncode:
        raise SystemExit(f"bench.inprocess failed for N={size}:\n{output.stderr[-3000:]}")
    result["inprocess"] = json.loads(output.stdout.strip().splitlines()[-1])
    seconds = 3.0 if args.quick else 5.0
    say("  downloads on a fresh gunicorn: first byte, total, worker memory; COPY floor")
    with Gunicorn(PORT + 1, url, log=log) as server:
        try:
            result["downloads"] = downloads.measure(server, slug, url)
            tl_document = data.OUT / "floor" / f"tl-{size}.json"
            status, _, body = scale._get(f"{server.base}/negotiations/{slug}/timelinejs.json")
            tl_document.write_bytes(body if status == 200 else b"{}")
        except Exception as error:  # noqa: BLE001 - reported, not fatal
            result["downloads"] = {"error": f"{type(error).__name__}: {error}"}
            say(f"  downloads failed: {error}")
    with Gunicorn(PORT, url, log=log) as server:
        result["load"] = throughput(server, slug, seconds, say)
        if not args.no_browser:
            say("  Chromium: first draw and zoom, ours and the scattergl floor")
            try:
                result["browser"] = browser.measure(
                    f"{server.base}/negotiations/{slug}/",
                    f"{floor_base}/floor.html?n={size}",
                    zoom_range(size),
                    runs=1 if args.quick else 3,
                    # TimelineJS builds a slide per record: past 10,000 it runs for minutes.
                    timelinejs=f"{floor_base}/tl.html?n={size}" if size <= 10_000 else None,
                )
            except Exception as error:  # noqa: BLE001 - reported, not fatal
                result["browser"] = {"error": f"{type(error).__name__}: {error}"}
                say(f"  browser run failed: {error}")
        result["server_peak_rss_kb"] = server.peak_rss_kb()
    return result


def browser_again(sizes, args):
    """Chromium's measurements again for the databases and results a run left (for a run whose
    browser part failed); the report says so."""
    results = json.loads((data.OUT / "results.json").read_text())
    log = data.OUT / "bench.log"
    floor_server, floor_base = browser.serve_floor(data.OUT / "floor")
    try:
        for size in sizes:
            url, slug = data.database_url(size), data.slug_for(size)
            print(f"Chromium again at N = {size:,}", flush=True)
            with Gunicorn(PORT, url, log=log) as server:
                document = data.OUT / "floor" / f"tl-{size}.json"
                if not document.exists():
                    _, _, body = scale._get(f"{server.base}/negotiations/{slug}/timelinejs.json")
                    document.write_bytes(body)
                results["sizes"][str(size)]["browser"] = browser.measure(
                    f"{server.base}/negotiations/{slug}/",
                    f"{floor_base}/floor.html?n={size}",
                    zoom_range(size),
                    runs=1 if args.quick else 3,
                    timelinejs=f"{floor_base}/tl.html?n={size}" if size <= 10_000 else None,
                )
            _save(results)
    finally:
        floor_server.shutdown()
    results["browser_again"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    _save(results)
    report.write(results, args.output)


def throughput(server, slug, seconds, say):
    paths = {"figure": f"/negotiations/{slug}/figure.json", "embed": f"/embed/{slug}/"}
    results = {}
    for name, path in paths.items():
        # Two requests at once reach both sync workers, so each fills its local cache.
        warm = load.run_load("127.0.0.1", server.port, path, threads=2, max_requests=2,
                             max_seconds=600)  # fmt: skip
        say(f"  warmed {name} in {warm['p99_ms'] or 0:.0f} ms")
        status, headers, _ = scale._get(server.base + path)
        etag = headers.get("ETag", "")
        say(f"  load: {name} (cached), then with If-None-Match")
        options = {"threads": 8, "max_requests": 20_000, "max_seconds": seconds}
        results[name] = load.run_load("127.0.0.1", server.port, path, **options)
        results[f"{name}_304"] = load.run_load(
            "127.0.0.1", server.port, path, headers={"If-None-Match": etag}, **options
        )
    return results


def zoom_range(size):
    """About 400 statements' worth of days in the middle of the synthetic span."""
    from datetime import timedelta

    from tracker.synthetic import FIRST_DAY, STATEMENTS_PER_DAY

    span = max(730, size // STATEMENTS_PER_DAY)
    days = max(7, min(span, span * 400 // size))
    first = FIRST_DAY + timedelta(days=(span - days) // 2)
    return first.isoformat(), (first + timedelta(days=days)).isoformat()


def database_kind():
    url = os.environ.get("DATABASE_URL", "")
    return "PostgreSQL" if url.startswith(("postgres", "postgresql")) else "SQLite"


def machine():
    import platform

    memory = ""
    try:
        for line in open("/proc/meminfo").read().splitlines():  # noqa: SIM115
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) // 1024:,} MB"
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_at_start": os.getloadavg()[0],
    }


def _save(results):
    (data.OUT / "results.json").write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
