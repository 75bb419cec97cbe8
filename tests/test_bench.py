"""The benchmark's own bookkeeping (bench/): bounds for a stopped baseline, the kept stress
section. Nothing here times the tracker; `make bench` does that."""

import json
import time

import pytest

from bench import inprocess, report


def test_time_limit_stops_a_call_that_runs_past_it():
    started = time.monotonic()
    with pytest.raises(inprocess._Overran), inprocess._time_limit(0.05):
        time.sleep(5)
    assert time.monotonic() - started < 4


def test_time_limit_leaves_a_quick_call_alone():
    with inprocess._time_limit(5):
        value = sum(range(10))
    assert value == 45


def test_a_stopped_notebook_is_reported_as_a_bound():
    stopped = {"baseline_ms": None, "baseline_limit_s": 300}
    assert report._against_notebook(stopped, 500.0) == (
        "over 300,000 (stopped)",
        "under 0.002",
        "over 600.0x",
    )


def test_a_finished_notebook_is_reported_as_measured():
    assert report._against_notebook({"baseline_ms": 4000.0}, 100.0) == ("4,000", "0.025", "40.0x")


def test_write_keeps_the_section_make_stress_left(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "render", lambda results: "# Benchmarks\n\nnew figures\n")
    target = tmp_path / "BENCHMARKS.md"
    stress = f"{report.STRESS_START}\n## Load and faults\nold run\n{report.STRESS_END}"
    target.write_text(f"# Benchmarks\n\nold figures\n\n{stress}\n")
    report.write({}, target)
    text = target.read_text()
    assert "new figures" in text and "old figures" not in text
    assert text.count(report.STRESS_START) == 1 and "old run" in text


def test_delivery_rows_judge_downloads_against_the_copy_floor():
    from bench import delivery

    download = {"status": 200, "streamed": True, "peak_rss_kb": 100 * 1024, "bytes": 10}
    results = {
        "sizes": {
            100_000: {
                "downloads": {
                    "floor": {"total_ms": 1000.0},
                    "data.csv": {**download, "first_byte_ms": 50.0, "total_ms": 1500.0},
                    "export.json": {**download, "first_byte_ms": 50.0, "total_ms": 2500.0},
                    "timelinejs.json": {**download, "first_byte_ms": 900.0, "total_ms": 900.0},
                }
            }
        }
    }
    rows = delivery.target_rows(results, [100_000])
    verdicts = {row[0].split(":")[1].split()[0]: row[2] for row in rows if "streams" in row[0]}
    assert verdicts == {"data.csv": "PASS", "export.json": "FAIL", "timelinejs.json": "FAIL"}


def upload_row(**changes):
    row = {
        "bytes": 20_000_000, "status": 200, "seconds": 10.0, "worker_cpu_seconds": 9.0,
        "outcome": "preview", "growth_kb": 50_000, "growth_x_file": 2.56,
    }  # fmt: skip
    return {**row, **changes}


@pytest.mark.parametrize(
    ("changes", "verdict"),
    [
        ({}, "PASS"),
        ({"seconds": 30.0, "growth_x_file": 5.0}, "PASS"),
        ({"seconds": 30.5}, "FAIL"),
        ({"growth_x_file": 5.1}, "FAIL"),
        ({"status": 500}, "FAIL"),
        ({"outcome": "neither"}, "FAIL"),
    ],
)
def test_upload_row_judges_time_and_memory_against_the_targets(changes, verdict):
    from bench import uploads

    results = {"uploads": {"ordinary": upload_row(), "hostile": upload_row(**changes)}}

    assert uploads.target_row(results)[2] == verdict


def test_upload_row_says_when_uploads_were_not_measured():
    from bench import uploads

    row = uploads.target_row({"uploads": {"error": "RuntimeError: migrate failed"}})

    assert row[1:] == ["not measured (RuntimeError: migrate failed)", "n/a"]


def test_upload_documents_are_what_the_issue_describes(tmp_path):
    from bench import uploads

    repeats = uploads.repeated_party_document(tmp_path / "r.json", repeats=1000)
    tiny = uploads.tiny_negotiations_document(tmp_path / "t.json", count=100)

    assert (
        json.loads(repeats.read_bytes())["negotiations"][0]["parties"] == ["United States"] * 1000
    )
    assert len(json.loads(tiny.read_bytes())["negotiations"]) == 100


@pytest.mark.django_db(transaction=True)
def test_bench_database_is_vacuumed_and_analyzed_for_the_planner():
    from django.db import connection

    from bench import data

    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's")
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_user_tables "
            "WHERE relname = 'tracker_statement' AND last_analyze IS NOT NULL"
        )
        before = cursor.fetchone()[0]

    data.analyze(url)

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_user_tables "
            "WHERE relname = 'tracker_statement' AND last_analyze IS NOT NULL "
            "AND last_vacuum IS NOT NULL"
        )
        assert (before, cursor.fetchone()[0]) == (0, 1)
