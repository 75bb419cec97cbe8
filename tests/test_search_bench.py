"""The search benchmark's report: a table against the 100 ms target, one section, replaced."""

from bench import search

RESULTS = {
    "measured": "2026-12-04 23:30 UTC",
    "size": 100_000,
    "statements": 100_000,
    "index_rows": 130_050,
    "index_mb": 150.0,
    "reindex_seconds": 40.0,
    "reindex_unchanged_seconds": 12.5,
    "runs": 30,
    "queries": [
        {
            "query": "furlough",
            "label": "a word",
            "matches": 2000,
            "median_ms": 12.0,
            "p95_ms": 15.0,
            "max_ms": 20.0,
        },
        {
            "query": "alliance",
            "label": "worst",
            "matches": 99000,
            "median_ms": 300.0,
            "p95_ms": 320.0,
            "max_ms": 400.0,
        },
    ],
    "pages": [{"path": "/search/?q=furlough", "median_ms": 20.0, "p95_ms": 25.0}],
}


def test_table_marks_queries_over_the_target():
    text = search.table(RESULTS)
    assert "| `furlough` | a word | 2,000 | 12.0 ms | 15.0 ms | 20.0 ms | yes |" in text
    assert "| `alliance` | worst | 99,000 | 300.0 ms | 320.0 ms | 400.0 ms | **no** |" in text


def test_table_names_both_reindex_times():
    text = search.table(RESULTS)
    assert "indexing the negotiation from empty took 40.0 s with VACUUM" in text
    assert "again with nothing changed 12.5 s" in text
    assert "reindex not timed" in search.table({**RESULTS, "reindex_seconds": None})


def test_write_report_replaces_its_own_section_only(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\nOther figures.\n")
    search.write_report(RESULTS, str(path))
    search.write_report({**RESULTS, "measured": "later"}, str(path))
    text = path.read_text()
    assert text.startswith("# Benchmarks\n\nOther figures.\n")
    assert text.count("## Search") == 1
    assert "measured later" in text and "23:30" not in text
