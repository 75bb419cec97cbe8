"""`make bench`: the tracker's speed at 1,000 to 100,000 statements, against baselines.

`python -m bench.run` builds one synthetic negotiation per size with `generate_synthetic`,
measures the server in-process (`bench.inprocess`), under gunicorn (`bench.load`), in
Chromium (`bench.browser`) and as two instances sharing PostgreSQL and Redis
(`bench.scale`), and writes BENCHMARKS.md (`bench.report`).
"""
