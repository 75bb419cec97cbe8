"""BENCHMARKS.md from the measurements: tables per topic and the targets with pass or fail."""

from pathlib import Path

from timeline.lod import DETAIL_LIMIT

from . import delivery

SURFACES = ("figure", "page", "embed", "api_figure")
SURFACE_NAMES = {
    "figure": "figure.json",
    "page": "timeline page",
    "embed": "embed page",
    "api_figure": "API figure",
}
PAYLOAD_LIMIT = 3_000_000


STRESS_START, STRESS_END = "<!-- make stress: start -->", "<!-- make stress: end -->"


def write(results, path):
    """Write the report to `path`, keeping the section `make stress` left there."""
    path = Path(path)
    text = render(results)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    stress = path.parent / "bench-results" / "stress.md"
    if STRESS_START in old and STRESS_END in old:
        kept = old[old.index(STRESS_START) : old.index(STRESS_END) + len(STRESS_END)]
    elif stress.exists():
        kept = f"{STRESS_START}\n{stress.read_text(encoding='utf-8')}{STRESS_END}"
    else:
        kept = ""
    if kept:
        text = text.rstrip("\n") + "\n\n" + kept + "\n"
    path.write_text(text, encoding="utf-8")


def render(results):
    sizes = sorted(results["sizes"], key=int)
    parts = [
        _header(results),
        _targets(results, sizes),
        _imports(results, sizes),
        _server_time(results, sizes),
        _queries(results, sizes),
        _payload(results, sizes),
        _browser(results, sizes),
        delivery.sections(results, sizes),
        _throughput(results, sizes),
        _scale(results.get("scale")),
        _notes(),
    ]
    return "\n".join(part for part in parts if part)


def _header(results):
    machine = results["machine"]
    seconds = results.get("seconds")
    minutes = "unfinished run" if seconds is None else f"{seconds / 60:.1f} minutes in all"
    return (
        "# Benchmarks\n\n"
        "Written by `make bench` (`python -m bench.run`); every figure below comes from one run, "
        "and the baselines ran in the same run on the same data, so the ratios mean more than "
        "the absolute times.\n\n"
        f"- Run: {results['started']}, {minutes}\n"
        f"- Machine: {machine['cpus']} CPUs, {machine['memory']} memory, Python "
        f"{machine['python']}, {machine['platform']}; load average {machine['load_at_start']:.1f}"
        " when the run started\n"
        "- Data: `manage.py generate_synthetic` (N statements, N/10 rounds, positions and "
        "events; 4 parties, 4 currencies, day, month and year precision, ranges, long quotes, "
        "N/4 sources), imported through `tracker.interchange.import_document`, into "
        f"{results.get('database', 'SQLite')} (one database per N)\n"
        + (
            f"- Chromium's figures were measured again at {results['browser_again']} with "
            "`bench.browser.measure` on the same databases and server settings, one run per size "
            "(what `python -m bench.run --browser-only` does): in the run above the floor page "
            "failed to draw\n"
            if results.get("browser_again")
            else ""
        )
    )


def _ratio(a, b):
    return a / b if a is not None and b else None


def _fmt(value, digits=0, suffix=""):
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.{digits}f}{suffix}"
    return f"{value:,}{suffix}"


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _size_result(results, size):
    return results["sizes"][size]


def _targets(results, sizes):
    rows = []
    at = {int(size): results["sizes"][size] for size in sizes}

    def verdict(ok):
        return "n/a" if ok is None else ("PASS" if ok else "FAIL")

    ten = at.get(10_000)
    if ten:
        inproc = ten["inprocess"]
        ours = inproc["surfaces"]["figure"]["cold_ms"]
        speedup = _ratio(inproc["baseline_ms"], ours)
        rows.append(
            [
                "figure.json at N=10,000 at least 20x faster than the notebook baseline",
                f"{_fmt(speedup, 1)}x ({_fmt(ours, 1)} ms against "
                f"{_fmt(inproc['baseline_ms'])} ms)",
                verdict(speedup is not None and speedup >= 20),
            ]
        )
        over_floor = _ratio(ours, inproc["floor_ms"])
        rows.append(
            [
                "figure.json at N=10,000 within 2x the floor (values_list + orjson)",
                f"{_fmt(over_floor, 2)}x the floor ({_fmt(inproc['floor_ms'], 1)} ms)",
                verdict(over_floor is not None and over_floor <= 2),
            ]
        )
    for surface in SURFACES:
        counts = [at[int(s)]["inprocess"]["surfaces"][surface]["queries_cold"] for s in sizes]
        rows.append(
            [
                f"SQL queries of the {SURFACE_NAMES[surface]} constant in N",
                " / ".join(str(c) for c in counts) + f" at N = {', '.join(map(str, sizes))}",
                verdict(len(set(counts)) == 1),
            ]
        )
    big = at.get(100_000)
    if big:
        page = big["inprocess"]["surfaces"]["page"]
        shape = big["inprocess"]["figure_shape"]
        rows.append(
            [
                "N=100,000: initial payload (timeline page with its figure) under 3 MB",
                f"{_fmt(page['bytes'])} bytes ({_fmt(page['gzip_bytes'])} gzipped)",
                verdict(page["bytes"] < PAYLOAD_LIMIT),
            ]
        )
        webgl = shape["types"].get("scattergl", 0)
        rows.append(
            [
                "N=100,000: dense lanes binned by week as WebGL traces, no per-point "
                "annotations or shapes",
                f"{shape['binned_traces']} binned traces, {webgl} scattergl, "
                f"{shape['types'].get('scatter', 0)} SVG scatter, {shape['points']:,} points, "
                f"{shape['shapes']} shapes, {shape['annotations']} annotations",
                verdict(
                    shape["binned_traces"] > 0
                    and shape["shapes"] == 0
                    and shape["annotations"] == 0
                    and shape["points"] < 20_000
                ),
            ]
        )
        zoom = (big.get("browser") or {}).get("ours", {}).get("zoom_redraw_ms")
        floor_zoom = (big.get("browser") or {}).get("floor", {}).get("zoom_redraw_ms")
        detail = (big.get("browser") or {}).get("ours", {}).get("zoom_detail_ms")
        rows.append(
            [
                "N=100,000: zoom redraw within 2x the bare scattergl floor",
                f"{_fmt(zoom, 0)} ms against {_fmt(floor_zoom, 0)} ms "
                f"({_fmt(_ratio(zoom, floor_zoom), 2)}x); full detail for the zoomed range "
                f"drawn after {_fmt(detail, 0)} ms",
                verdict(None if zoom is None else zoom <= 2 * floor_zoom),
            ]
        )
    shares = []
    for size in sizes:
        found = at[int(size)].get("load", {})
        shares += [found[k]["share_304"] for k in ("figure_304", "embed_304") if k in found]
    rows.append(
        [
            "Cached endpoints answer 304 to a matching If-None-Match",
            ", ".join(f"{share:.0%}" for share in shares) or "n/a",
            verdict(bool(shares) and all(share == 1.0 for share in shares)),
        ]
    )
    scaled = results.get("scale") or {}
    surfaces = (scaled.get("invalidation") or {}).get("surfaces")
    if surfaces:
        ok = all(
            s["status_before_edit_with_etag"] == 304
            and s["status_after_edit_with_old_etag"] == 200
            and s["etag_changed"]
            and s["edited_words_served"]
            for s in surfaces.values()
        )
        rows.append(
            [
                "An edit through one instance invalidates what the other serves",
                "; ".join(
                    f"{name}: {s['status_before_edit_with_etag']} before, "
                    f"{s['status_after_edit_with_old_etag']} after, new words served "
                    f"{'yes' if s['edited_words_served'] else 'no'}"
                    for name, s in surfaces.items()
                ),
                verdict(ok),
            ]
        )
    if big and ten:
        peak_big, peak_ten = big["import"]["peak_rss_kb"], ten["import"]["peak_rss_kb"]
        growth = _ratio(peak_big, peak_ten)
        rows.append(
            [
                "N=100,000 import shows progress and keeps memory bounded",
                f"{big['import']['progress_lines']} progress lines; peak RSS "
                f"{peak_big / 1024:,.0f} MB, {growth:.1f}x the N=10,000 import for 10x the "
                "records (pass: under 5x, records generated and imported in batches, the "
                "document never held whole)",
                verdict(big["import"]["progress_lines"] > 0 and growth < 5),
            ]
        )
    rows += delivery.target_rows(results, sizes)
    seconds = results.get("seconds")
    rows.append(
        [
            "`make bench` under 15 minutes",
            "run not finished" if seconds is None else f"{seconds / 60:.1f} minutes",
            verdict(None if seconds is None else seconds < 15 * 60),
        ]
    )
    return "## Targets\n\n" + _table(["Target", "Measured", "Result"], rows)


def _imports(results, sizes):
    rows = []
    for size in sizes:
        found = _size_result(results, size)["import"]
        rows.append(
            [
                f"{int(size):,}",
                f"{found['seconds']:.1f} s",
                f"{found['peak_rss_kb'] / 1024:,.0f} MB",
                found["progress_lines"],
                found["built"] + (" (reused)" if found.get("reused") else ""),
            ]
        )
    return "## Import (generate_synthetic through the importer)\n\n" + _table(
        ["N", "Time", "Peak RSS", "Progress lines", "Built"], rows
    )


def _server_time(results, sizes):
    rows = []
    for size in sizes:
        inproc = _size_result(results, size)["inprocess"]
        figure = inproc["surfaces"]["figure"]
        full = inproc["full_detail"] or {"ms": None}
        rows.append(
            [
                f"{int(size):,}",
                _fmt(figure["cold_ms"], 1),
                _fmt(figure["cached_ms"], 1),
                _fmt(full["ms"], 1),
                *_against_notebook(inproc, figure["cold_ms"]),
                _fmt(inproc["floor_ms"], 1),
                _fmt(_ratio(figure["cold_ms"], inproc["floor_ms"]), 2),
                _fmt(_ratio(full["ms"], inproc["floor_ms"]), 2),
            ]
        )
    return (
        "## Server time for figure.json (query, build, serialise; median ms)\n\n"
        "In-process through Django's test client with production settings. *Uncached* clears "
        "the cache before each request; *full detail* turns level of detail off (every record "
        "drawn). The notebook baseline loops over ORM objects into pandas and draws with "
        "`plotly.express.timeline` and `graph_objects`, then `fig.to_json()`; the floor fetches "
        "the same rows with `values_list` and dumps them with `orjson`.\n\n"
        + _table(
            [
                "N",
                "Ours uncached",
                "Ours cached",
                "Ours full detail",
                "Notebook",
                "Ours/notebook",
                "Speed-up",
                "Floor",
                "Ours/floor",
                "Full detail/floor",
            ],
            rows,
        )
    )


def _against_notebook(inproc, ours_ms):
    """Notebook ms, ours over theirs and the speed-up; bounds when the notebook was stopped."""
    baseline = inproc["baseline_ms"]
    if baseline is None and inproc.get("baseline_limit_s"):
        limit = inproc["baseline_limit_s"] * 1000
        return (
            f"over {_fmt(limit, 0)} (stopped)",
            f"under {_fmt(_ratio(ours_ms, limit), 3)}",
            f"over {_fmt(_ratio(limit, ours_ms), 1)}x",
        )
    return (
        _fmt(baseline, 0),
        _fmt(_ratio(ours_ms, baseline), 3),
        f"{_fmt(_ratio(baseline, ours_ms), 1)}x",
    )


def _queries(results, sizes):
    rows = []
    for surface in SURFACES:
        for size in sizes:
            found = _size_result(results, size)["inprocess"]["surfaces"][surface]
            rows.append(
                [
                    SURFACE_NAMES[surface],
                    f"{int(size):,}",
                    found["status"],
                    found["queries_cold"],
                    found["queries_cached"],
                    _fmt(found["queries_304"]),
                ]
            )
    return "## SQL queries per request\n\n" + _table(
        ["Surface", "N", "Status", "Uncached", "Cached", "304"], rows
    )


def _payload(results, sizes):
    rows = []
    for size in sizes:
        inproc = _size_result(results, size)["inprocess"]
        shape = inproc["figure_shape"]
        types = ", ".join(f"{count} {kind}" for kind, count in sorted(shape["types"].items()))
        row = [f"{int(size):,}"]
        for surface in ("figure", "page", "embed"):
            found = inproc["surfaces"][surface]
            row.append(f"{_fmt(found['bytes'])} / {_fmt(found['gzip_bytes'])}")
        full = inproc["full_detail"] or {"bytes": None, "gzip_bytes": None}
        row += [
            f"{_fmt(full['bytes'])} / {_fmt(full['gzip_bytes'])}",
            types,
            f"{shape['points']:,}",
            shape["binned_traces"],
            f"{shape['shapes']} / {shape['annotations']}",
        ]
        rows.append(row)
    return "## Payload (bytes raw / gzip)\n\n" + _table(
        [
            "N",
            "figure.json",
            "Timeline page",
            "Embed page",
            "figure.json, full detail",
            "Traces",
            "Points",
            "Binned traces",
            "Shapes / annotations",
        ],
        rows,
    )


def _browser(results, sizes):
    rows = []
    for size in sizes:
        found = _size_result(results, size).get("browser")
        if not found:
            continue
        if "error" in found:
            rows.append([f"{int(size):,}", found["error"], "", "", "", "", ""])
            continue
        ours, floor = found["ours"], found["floor"]
        rows.append(
            [
                f"{int(size):,}",
                _fmt(ours["first_draw_ms"], 0),
                _fmt(floor["first_draw_ms"], 0),
                _fmt(ours["zoom_redraw_ms"], 0),
                _fmt(floor["zoom_redraw_ms"], 0),
                _fmt(_ratio(ours["zoom_redraw_ms"], floor["zoom_redraw_ms"]), 2),
                _fmt(ours["zoom_detail_ms"], 0),
            ]
        )
    if not rows:
        return ""
    return (
        "## Browser (Chromium, median ms)\n\n"
        "First draw: `performance.now()` (from navigation start) when the first `Plotly.newPlot`"
        "/`react` resolves, just after `plotly_afterplot`. Zoom: `Plotly.relayout` to about "
        "400 statements' worth of days; *detail drawn* is when the page, having seen "
        "binned lanes, has fetched figure.json for the zoomed range and redrawn it. Floor: "
        "plotly.js drawing one bare `scattergl` trace of N points on a static page.\n\n"
        + _table(
            [
                "N",
                "First draw, ours",
                "First draw, floor",
                "Zoom redraw, ours",
                "Zoom redraw, floor",
                "Zoom ours/floor",
                "Zoom detail drawn, ours",
            ],
            rows,
        )
    )


def _throughput(results, sizes):
    rows = []
    for size in sizes:
        found = _size_result(results, size)
        for name, stats in (found.get("load") or {}).items():
            rows.append(
                [
                    f"{int(size):,}",
                    name.replace("_304", " with If-None-Match"),
                    stats["requests"],
                    _fmt(stats["rps"], 0),
                    _fmt(stats["p50_ms"], 1),
                    _fmt(stats["p99_ms"], 1),
                    stats["errors"],
                    f"{stats['share_304']:.0%}",
                ]
            )
        rows.append(
            [
                f"{int(size):,}",
                "server peak RSS (VmHWM, largest process)",
                "",
                "",
                "",
                "",
                "",
                f"{(found.get('server_peak_rss_kb') or 0) / 1024:,.0f} MB",
            ]
        )
    return (
        "## Throughput under gunicorn (2 sync workers, 127.0.0.1, 8 client threads)\n\n"
        "Bounded load: at most 20,000 requests or a few seconds per line, from a threaded client"
        " on the same 2-CPU machine (it competes with the server for CPU).\n\n"
        + _table(["N", "Endpoint", "Requests", "rps", "p50 ms", "p99 ms", "Errors", "304s"], rows)
    )


def _scale(scaled):
    if not scaled:
        return ""
    if "error" in scaled:
        return f"## Horizontal scale\n\nNot measured: {scaled['error']}\n"
    one, pair = scaled["one"], scaled["pair"]
    rows = [
        ["one instance", _fmt(one["rps"], 0), _fmt(one["p50_ms"], 1), _fmt(one["p99_ms"], 1),
         one["errors"]],
        ["two instances together", _fmt(scaled["pair_rps"], 0),
         " / ".join(_fmt(r["p50_ms"], 1) for r in pair),
         " / ".join(_fmt(r["p99_ms"], 1) for r in pair), sum(r["errors"] for r in pair)],
    ]  # fmt: skip
    invalidation = scaled["invalidation"]
    lines = [
        f"## Horizontal scale (N = {scaled['size']:,}, PostgreSQL and Redis shared)\n",
        "Two gunicorn instances (2 workers each) on two ports, one PostgreSQL database and one "
        "Redis cache; the cached figure.json under load on one, then on both at once. Both "
        "share this machine's 2 CPUs, so the pair shows that nothing is serialised between "
        "instances rather than more capacity.\n",
        _table(["Setup", "rps", "p50 ms", "p99 ms", "Errors"], rows),
        f"Pair / one: {_fmt(_ratio(scaled['pair_rps'], one['rps']), 2)}x.\n",
        f"Edit: statement {invalidation['edited_statement']} changed through the admin of "
        f"instance one (POST answered {invalidation['admin_post_status']['status']}, "
        f"redirected to {invalidation['admin_post_status']['redirected_to']}); then instance "
        "two was asked with the ETag it had given before the edit:\n",
        _table(
            ["Surface", "Before the edit", "After the edit", "New ETag", "Edited words served"],
            [
                [
                    name,
                    s["status_before_edit_with_etag"],
                    s["status_after_edit_with_old_etag"],
                    "yes" if s["etag_changed"] else "no",
                    "yes" if s["edited_words_served"] else "no",
                ]
                for name, s in invalidation["surfaces"].items()
            ],
        ),
        f"Peak RSS of the largest server process: {scaled['peak_rss_kb'] / 1024:,.0f} MB.\n",
    ]
    return "\n".join(lines)


def _notes():
    return (
        "## How the tracker stays fast\n\n"
        f"- Level of detail (`timeline/lod.py`): a lane with more than {DETAIL_LIMIT:,} records "
        "in view is "
        "drawn as counts per ISO week and party (month- and year-precision facts binned by "
        "their month or year, never pinned to a week), one WebGL marker per bin; zooming in "
        "fetches figure.json for the zoomed range, which comes in full detail once "
        f"{DETAIL_LIMIT:,} or fewer records fall in it.\n"
        "- Constant queries: each lane is read with one `values_list` query capped at the "
        "limit, then either its sources or its counts per date and party, so the count is the "
        "same for a lane drawn in detail or binned.\n"
        "- Caching (`timeline/caching.py`): figure.json, facts.json, the embed page and the API "
        "figure are cached per negotiation revision, normalised query and day (facts default "
        "to as of today), in local memory or in Redis when REDIS_URL is set, with ETag and "
        "Last-Modified; every edit raises the revision.\n"
        "- Facts: a sentence lists its first 100 records and sources and counts them all, so "
        "facts.json for 100,000 statements is about 0.5 MB, not 13 MB. "
        "`tracker/facts/aggregate.py` never loads a whole record: statements, and the "
        "sources of the statements and rounds counted, are counted in the database (the as-of "
        "rules as SQL conditions, `tracker/facts/conditions.py`); rounds, positions and events "
        "are read as slim rows and only the few records the facts name are read in full "
        "(`tracker/facts/choose.py`), equal to the full derivation; one process builds a "
        "cached answer while others sharing the cache (Redis) wait for it "
        "(`tests/test_caching.py`).\n"
        "- First visit: plotly.js is a partial bundle with only the trace types the charts "
        "draw (scatter, scattergl, bar; `tools/plotly-bundle`), static files have hashed names "
        "with brotli and gzip copies (WhiteNoise, cached for years), and pages and JSON for "
        "anonymous readers are gzipped (`tracker/compression.py`: no secret in those bodies, "
        "so BREACH has nothing to find; signed-in and token requests go uncompressed).\n"
        "- Downloads stream. On PostgreSQL the database writes the text: data.csv is one `COPY`"
        " whose rows are the CSV lines (`timeline/csvcopy.py`; each source's cell worked out "
        "once per source, the sort kept in memory with `work_mem` 128 MB for the download's "
        "session), export.json one `COPY` per lane whose rows are each record's indented JSON "
        "(`tracker/interchange/export_sql.py`; each source's text written once, records merged "
        "with their sources in order without sorting the text), timelinejs.json one `COPY` per "
        "lane of each slide's escaped text, links and dates added in Python "
        "(`timeline/timelinejs_sql.py`); tests compare every path with the Python one byte for "
        "byte. On SQLite the downloads stream 2,000 records at a time from Python "
        "(`timeline/chunks.py`, `iter_export_json`).\n"
        "- Uploads (`tracker/interchange/stream.py`): the admin's upload goes to disk chunk by "
        "chunk and is checked as a stream of ijson events, one entry at a time, keeping the "
        "first 200 problems and counting the rest; a valid document is planned from the file, "
        "its negotiations parsed again one at a time at each pass, and the preview lists the "
        "first 200 negotiations and sums up the rest. An upload holds at most 1,000 "
        "negotiations (`TRACKER_UPLOAD_MAX_NEGOTIATIONS`): the import runs inside the confirm "
        "request, and 250,000 tiny negotiations took over 15 minutes there. Measured on a fresh "
        "one-worker gunicorn (`bench/uploads.py`): seconds to the answer, the worker's CPU "
        "seconds and its peak memory above what it held before the upload; after a preview, "
        "the confirm's seconds and the worker's peak through preview and import.\n"
    )
