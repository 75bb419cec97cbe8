"""In-process server measurements for one benchmark database; prints one JSON object.

`python -m bench.inprocess --slug S --runs K` with DATABASE_URL naming the database.
Times Django's test client (middleware, query, build, serialise) against two
references over the same rows: a notebook baseline (ORM loop, pandas, plotly
express and graph objects, `fig.to_json()`) and a floor (`values_list` and
`orjson.dumps`, nothing else).
"""

import argparse
import gzip
import os
import signal
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--slug", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline-runs", type=int, default=3)
    parser.add_argument("--full-detail", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument(
        "--baseline-limit", type=float, default=300, help="stop the notebook after this many s"
    )
    args = parser.parse_args(argv)

    import django

    django.setup()
    import orjson

    result = measure(
        args.slug,
        args.runs,
        args.baseline_runs,
        full_detail=args.full_detail,
        baseline_limit=args.baseline_limit,
    )
    print(orjson.dumps(result).decode())


COLD_MEDIANS = ("figure", "facts", "embed")


def paths(slug):
    """The four surfaces measured, by name."""
    return {
        "figure": f"/negotiations/{slug}/figure.json",
        "page": f"/negotiations/{slug}/",
        "embed": f"/embed/{slug}/",
        "api_figure": f"/api/v1/negotiations/{slug}/figure",
        "facts": f"/negotiations/{slug}/facts.json",
    }


def measure(slug, runs, baseline_runs, *, full_detail=True, baseline_limit=300):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from timeline import lod

    client = Client(HTTP_HOST="127.0.0.1")
    result = {"surfaces": {}}
    for name, path in paths(slug).items():
        cache.clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(path)
        first_ms = (time.perf_counter() - started) * 1000
        with CaptureQueriesContext(connection) as warm:
            client.get(path)
        etag = response.get("ETag")
        with CaptureQueriesContext(connection) as conditional:
            again = client.get(path, headers={"if-none-match": etag}) if etag else None
        body = response.content
        result["surfaces"][name] = {
            "status": response.status_code,
            "queries_cold": len(cold),
            "queries_cached": len(warm),
            "queries_304": len(conditional) if again is not None else None,
            "status_304": again.status_code if again is not None else None,
            "bytes": len(body),
            "gzip_bytes": len(gzip.compress(body, 6)),
            # The first request (empty cache) is what the targets name for figure.json, facts.json
            # and the embed: a median over `runs` of them; one run for the rest.
            "cold_ms": _median_ms(lambda path=path: _cold_get(client, cache, path), runs)
            if name in COLD_MEDIANS
            else first_ms,
            "cached_ms": _median_ms(lambda path=path: client.get(path), 3),
        }
    figure = orjson_loads(client.get(paths(slug)["figure"]).content)
    result["figure_shape"] = figure_shape(figure)

    saved = lod.DETAIL_LIMIT
    lod.DETAIL_LIMIT = 10**12
    result["full_detail"] = None
    try:
        if not full_detail:
            raise _Skipped
        full_path = paths(slug)["figure"]
        full = _cold_get(client, cache, full_path)
        result["full_detail"] = {
            "bytes": len(full.content),
            "gzip_bytes": len(gzip.compress(full.content, 6)),
            "ms": _median_ms(lambda: _cold_get(client, cache, full_path), max(1, runs // 2)),
            "shape": figure_shape(orjson_loads(full.content)),
        }
    except _Skipped:
        pass
    finally:
        lod.DETAIL_LIMIT = saved

    result["facts_reference"] = facts_reference(slug)
    result["floor_ms"], rows = _timed(lambda: floor(slug), runs)
    result["floor_bytes"] = len(rows)
    result["baseline_limit_s"] = baseline_limit
    try:
        with _time_limit(baseline_limit):
            result["baseline_ms"], notebook = _timed(lambda: notebook_baseline(slug), baseline_runs)
        result["baseline_bytes"] = len(notebook)
    except _Overran:
        # Reported as a lower bound: the notebook took longer than this (SQLite's plan for a
        # prefetch over 100,000 ids runs for minutes).
        result["baseline_ms"], result["baseline_bytes"] = None, None
    return result


class _Overran(Exception):
    """The notebook baseline ran past its time limit."""


class _time_limit:
    """Raise _Overran in the main thread once `seconds` have passed."""

    def __init__(self, seconds):
        self.seconds = seconds

    def __enter__(self):
        def overran(signum, frame):
            raise _Overran

        self.previous = signal.signal(signal.SIGALRM, overran)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc):
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.previous)
        return False


class _Skipped(Exception):
    """Full detail not measured (at 100,000 records it takes minutes and proves nothing new)."""


def orjson_loads(data):
    import orjson

    return orjson.loads(data)


def figure_shape(figure):
    """Trace count and types, points drawn, shapes and annotations of a figure dict."""
    data = figure.get("data", [])
    layout = figure.get("layout", {})
    types = {}
    for trace in data:
        kind = trace.get("type", "scatter")
        types[kind] = types.get(kind, 0) + 1
    return {
        "traces": len(data),
        "types": types,
        "points": sum(len(trace.get("x") or ()) for trace in data),
        "binned_traces": sum(1 for t in data if (t.get("meta") or {}).get("lod") == "binned"),
        "shapes": len(layout.get("shapes") or ()),
        "annotations": len(layout.get("annotations") or ()),
    }


def _cold_get(client, cache, path):
    cache.clear()
    return client.get(path)


def _median_ms(call, runs):
    return _timed(call, runs)[0]


def _timed(call, runs):
    """(median milliseconds over `runs` calls, the last call's result)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        value = call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), value


def facts_reference(slug):
    """The full derivation facts.json used before (every record loaded, then derived): its time,
    and whether tracker.facts.aggregate (what facts.json serves) gives exactly the same."""
    from django.utils import timezone

    from tracker.facts.aggregate import facts_for
    from tracker.facts.data import load_records
    from tracker.facts.derive import compute_facts
    from tracker.models import Negotiation

    negotiation = Negotiation.objects.get(slug=slug)
    today = timezone.localdate()
    reference_ms, reference = _timed(lambda: compute_facts(load_records(negotiation), today), 1)
    aggregate_ms, aggregated = _timed(lambda: facts_for(negotiation, today), 1)
    return {
        "reference_ms": reference_ms,
        "aggregate_ms": aggregate_ms,
        "equal": reference == aggregated,
    }


def floor(slug):
    """The same rows the full timeline draws, fetched with values_list and dumped by orjson."""
    import orjson

    from tracker.models import Event, Negotiation, Position, Round, Statement

    negotiation = Negotiation.objects.get(slug=slug)
    lanes = {
        Round: ("id", "number", "number_inferred", "start", "end", "location", "format", "note"),
        Position: (
            "id",
            "party__name",
            "kind",
            "date",
            "amount",
            "amount_min",
            "amount_max",
            "currency",
            "unit",
            "percent_change",
        ),
        Event: ("id", "date", "end", "title", "note"),
        Statement: ("id", "date", "speaker__name", "party__name", "kind", "quote", "context"),
    }
    rows = {}
    for model, fields in lanes.items():
        name = model._meta.model_name
        rows[name] = list(model.objects.filter(negotiation=negotiation).values_list(*fields))
        through = model.sources.through
        rows[f"{name}_sources"] = list(
            through.objects.filter(**{f"{name}__negotiation": negotiation}).values_list(
                f"{name}_id", "source__title", "source__url"
            )
        )
    return orjson.dumps(rows, option=orjson.OPT_PASSTHROUGH_DATACLASS, default=str)


def notebook_baseline(slug):
    """What an analyst writes in a notebook: ORM objects into pandas, plotly express, to_json."""
    import pandas as pd
    import plotly.express as px
    import plotly.graph_objects as go

    from tracker.models import Event, Negotiation, Position, Round, Statement

    negotiation = Negotiation.objects.get(slug=slug)

    def when(partial):
        return pd.Timestamp(partial.earliest) if partial else None

    rounds = pd.DataFrame(
        [
            {
                "start": when(r.start),
                "end": when(r.end or r.start) + pd.Timedelta(days=1),
                "lane": "Rounds",
                "label": str(r),
                "sources": ", ".join(s.title for s in r.sources.all()),
            }
            for r in Round.objects.filter(negotiation=negotiation).prefetch_related("sources")
        ]
    )
    statements = pd.DataFrame(
        [
            {
                "date": when(s.date),
                "party": s.party.name if s.party else "Unattributed",
                "who": s.speaker.name if s.speaker else "",
                "quote": s.quote,
                "sources": ", ".join(src.title for src in s.sources.all()),
            }
            for s in Statement.objects.filter(negotiation=negotiation)
            .select_related("speaker", "party")
            .prefetch_related("sources")
        ]
    )
    events = pd.DataFrame(
        [
            {"date": when(e.date), "title": e.title}
            for e in Event.objects.filter(negotiation=negotiation).prefetch_related("sources")
        ]
    )
    positions = pd.DataFrame(
        [
            {"date": when(p.date), "party": p.party.name, "kind": p.kind, "amount": p.amount}
            for p in Position.objects.filter(negotiation=negotiation).select_related("party")
        ]
    )
    fig = px.timeline(rounds, x_start="start", x_end="end", y="lane", hover_name="label")
    for party, group in statements.groupby("party"):
        fig.add_trace(
            go.Scatter(
                x=group["date"],
                y=[party] * len(group),
                mode="markers",
                name=party,
                text=group["who"] + ": " + group["quote"].str.slice(0, 200),
            )
        )
    fig.add_trace(go.Scatter(x=events["date"], y=["Events"] * len(events), mode="markers"))
    amounts = positions.dropna(subset=["amount", "date"])
    for (party, kind), group in amounts.groupby(["party", "kind"]):
        fig.add_trace(
            go.Scatter(
                x=group["date"], y=group["amount"].astype(float), name=f"{party} {kind}", yaxis="y2"
            )
        )
    fig.update_layout(yaxis2={"overlaying": "y", "side": "right"})
    return fig.to_json().encode()


if __name__ == "__main__":
    sys.exit(main())
