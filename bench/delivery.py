"""BENCHMARKS.md rows and sections for what reaches readers (issue 17): the bytes of a first
visit, first draw against TimelineJS, streamed downloads, facts at scale."""

import re

from . import uploads

FIRST_VISIT_LIMIT = 1_500_000
YEAR = 365 * 24 * 3600
RSS_LIMIT_KB = 300 * 1024
FIRST_BYTE_LIMIT_MS = 500
FACTS_LIMIT_MS = 500
HASHED = re.compile(r"/static/vendor/plotly-tracker\.min\.[0-9a-f]{12}\.js$")


def _fmt(value, digits=0):
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}" if isinstance(value, float) else f"{value:,}"


def _verdict(ok):
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def _at(results, sizes):
    return {int(size): results["sizes"][size] for size in sizes}


def target_rows(results, sizes):
    """[target, measured, result] rows for issue 17's targets."""
    at = _at(results, sizes)
    rows = []
    visits = {n: (r.get("browser") or {}).get("first_visit") for n, r in at.items()}
    visits = {n: v for n, v in visits.items() if v}
    if visits:
        largest = max(visits.values(), key=lambda v: v["bytes"])
        rows.append(
            [
                "First visit to a timeline page transfers at most 1.5 MB (Chromium, empty cache)",
                ", ".join(f"{v['bytes']:,} bytes at N={n:,}" for n, v in visits.items()),
                _verdict(largest["bytes"] <= FIRST_VISIT_LIMIT),
            ]
        )
        bundle = [r for r in largest["resources"] if "plotly-tracker" in r["url"]]
        document = largest["resources"][0] if largest["resources"] else {}
        rows.append(
            [
                "Static files hashed, pre-compressed (brotli, gzip) and cached a year or more",
                "; ".join(
                    f"{r['url'].rsplit('/', 1)[-1]}: {r['bytes']:,} bytes, "
                    f"{r['encoding'] or 'identity'}, {r['cache_control']}"
                    for r in bundle
                )
                or "plotly bundle not seen",
                _verdict(
                    bool(bundle)
                    and all(
                        HASHED.search(r["url"])
                        and r["encoding"] in ("br", "gzip")
                        and _max_age(r["cache_control"]) >= YEAR
                        for r in bundle
                    )
                ),
            ]
        )
        rows.append(
            [
                "HTML and JSON compressed where safe (anonymous readers: tracker/compression.py)",
                f"timeline page: {document.get('bytes', 0):,} bytes on the wire, "
                f"{document.get('encoding') or 'identity'}",
                _verdict(document.get("encoding") in ("gzip", "br")),
            ]
        )
    for n, wanted in ((1_000, 1.0), (10_000, 0.5)):
        browser = (at.get(n) or {}).get("browser") or {}
        ours = (browser.get("ours") or {}).get("first_draw_ms")
        slide = (browser.get("timelinejs") or {}).get("first_slide_ms")
        if ours is None or slide is None:
            continue
        rows.append(
            [
                f"N={n:,}: first draw "
                + ("no later than" if wanted == 1.0 else "well ahead of (at most half)")
                + " TimelineJS's first slide, same run",
                f"{ours:,.0f} ms against {slide:,.0f} ms ({ours / slide:.2f}x)",
                _verdict(ours <= wanted * slide),
            ]
        )
    big = at.get(max(at)) if at else None
    n_big = max(at) if at else None
    found = (big or {}).get("downloads") or {}
    floor = found.get("floor")
    for name in ("data.csv", "export.json", "timelinejs.json"):
        one = found.get(name)
        if not one or not floor:
            continue
        over = one["total_ms"] / floor["total_ms"]
        rows.append(
            [
                f"N={n_big:,}: {name} streams; worker under 300 MB, first byte within 500 ms, "
                "at most 2x the COPY floor",
                f"{'streamed' if one['streamed'] else 'not streamed'}; peak RSS "
                f"{one['peak_rss_kb'] / 1024:,.0f} MB; first byte {one['first_byte_ms']:,.0f} ms; "
                f"{one['total_ms']:,.0f} ms against {floor['total_ms']:,.0f} ms ({over:.2f}x)",
                _verdict(
                    one["streamed"]
                    and one["status"] == 200
                    and one["peak_rss_kb"] < RSS_LIMIT_KB
                    and one["first_byte_ms"] <= FIRST_BYTE_LIMIT_MS
                    and over <= 2
                ),
            ]
        )
    inproc = (big or {}).get("inprocess") or {}
    surfaces = inproc.get("surfaces") or {}
    reference = inproc.get("facts_reference") or {}
    for name, label in (("facts", "facts.json"), ("embed", "embed page")):
        if name not in surfaces:
            continue
        first = surfaces[name]["cold_ms"]
        rows.append(
            [
                f"N={n_big:,}: {label} first request (empty cache) under 500 ms",
                f"{first:,.0f} ms"
                + (
                    f" (the full derivation alone: {reference['reference_ms']:,.0f} ms)"
                    if reference
                    else ""
                ),
                _verdict(first < FACTS_LIMIT_MS),
            ]
        )
    if reference:
        rows.append(
            [
                f"N={n_big:,}: database-aggregated facts equal the full derivation",
                "equal" if reference["equal"] else "DIFFERENT",
                _verdict(reference["equal"]),
            ]
        )
    rows.append(uploads.target_row(results))
    rows.append(uploads.confirm_row(results))
    return rows


def _max_age(cache_control):
    found = re.search(r"max-age=(\d+)", cache_control or "")
    return int(found.group(1)) if found else 0


def sections(results, sizes):
    """Markdown sections: first visit by resource, TimelineJS, downloads, facts."""
    at = _at(results, sizes)
    parts = []
    rows = []
    for n, found in at.items():
        visit = (found.get("browser") or {}).get("first_visit")
        if not visit:
            continue
        for resource in visit["resources"]:
            rows.append(
                [
                    f"{n:,}",
                    resource["url"].split("/", 3)[-1][:70],
                    f"{resource['bytes']:,}",
                    resource["encoding"] or "identity",
                    resource["cache_control"] or "",
                ]
            )
    if rows:
        parts.append(
            "## First visit: bytes on the wire (Chromium, empty cache)\n\n"
            "Each resource's `encodedDataLength` from the DevTools protocol (headers and body as "
            "sent) for one visit to the timeline page.\n\n"
            + _table(["N", "Resource", "Bytes", "Encoding", "Cache-Control"], rows)
        )
    rows = []
    for n, found in at.items():
        browser = found.get("browser") or {}
        ours = (browser.get("ours") or {}).get("first_draw_ms")
        slide = (browser.get("timelinejs") or {}).get("first_slide_ms")
        if ours is None or slide is None:
            continue
        rows.append([f"{n:,}", _fmt(ours, 0), _fmt(slide, 0), f"{ours / slide:.2f}"])
    if rows:
        parts.append(
            "## First draw against TimelineJS (Chromium, median ms from navigation start)\n\n"
            "Ours: the timeline page until its first `Plotly.newPlot` resolves. TimelineJS: "
            "Knight Lab's TimelineJS (tests/js) on a static page loading the same negotiation's "
            "`timelinejs.json` (saved beside it), until its first slide's headline is on screen; "
            "both in the same browser and the same runs.\n\n"
            + _table(["N", "Ours", "TimelineJS", "Ours/TimelineJS"], rows)
        )
    rows = []
    for n, found in at.items():
        downloads = found.get("downloads") or {}
        floor = downloads.get("floor")
        for name in ("data.csv", "export.json", "timelinejs.json"):
            one = downloads.get(name)
            if not one or not floor:
                continue
            rows.append(
                [
                    f"{n:,}",
                    name,
                    one["status"],
                    "yes" if one["streamed"] else "no",
                    _fmt(one["first_byte_ms"], 0),
                    _fmt(one["total_ms"], 0),
                    f"{one['bytes']:,}",
                    _fmt(one["peak_rss_kb"] // 1024),
                    _fmt(floor["total_ms"], 0),
                    f"{one['total_ms'] / floor['total_ms']:.2f}",
                ]
            )
    if rows:
        parts.append(
            "## Downloads (gunicorn, 2 sync workers, read without Accept-Encoding)\n\n"
            "A fresh gunicorn per size; peak RSS is the largest VmRSS of any gunicorn process "
            "sampled every 20 ms during the download. Floor: PostgreSQL's `COPY (SELECT every "
            "lane joined to its names and source addresses) TO STDOUT WITH CSV` read by psycopg "
            "on the same machine.\n\n"
            + _table(
                [
                    "N",
                    "Download",
                    "Status",
                    "Streamed",
                    "First byte ms",
                    "Total ms",
                    "Bytes",
                    "Peak RSS MB",
                    "Floor ms",
                    "Total/floor",
                ],
                rows,
            )
        )
    rows = []
    for n, found in at.items():
        inproc = found.get("inprocess") or {}
        surfaces = inproc.get("surfaces") or {}
        reference = inproc.get("facts_reference") or {}
        if "facts" not in surfaces:
            continue
        rows.append(
            [
                f"{n:,}",
                _fmt(surfaces["facts"]["cold_ms"], 0),
                _fmt(surfaces["embed"]["cold_ms"], 0),
                _fmt(reference.get("aggregate_ms"), 0),
                _fmt(reference.get("reference_ms"), 0),
                "yes" if reference.get("equal") else "no",
            ]
        )
    if rows:
        parts.append(
            "## Facts at scale (in-process, first request with an empty cache, ms)\n\n"
            "facts.json and the embed count in the database and read only the records the "
            "facts name (`tracker/facts/aggregate.py`); the full derivation loads every record "
            "and derives "
            "in Python (`compute_facts(load_records(...))`), as facts.json did before.\n\n"
            + _table(
                [
                    "N",
                    "facts.json",
                    "Embed page",
                    "Aggregated facts",
                    "Full derivation",
                    "Equal",
                ],
                rows,
            )
        )
    return "\n".join(parts)


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
