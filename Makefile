# The negotiation tracker's commands. `make run` serves it, `make test` checks it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000

.PHONY: run test install install-test migrate demo admin-user lint format bench stress graph clean
.PHONY: plotly-bundle backup restore

# Serve the tracker on http://127.0.0.1:$(PORT) with the demo negotiation loaded.
run: install migrate demo admin-user
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Run the whole test suite (browser tests need /usr/bin/chromium; .ci/run installs it).
# One process: live-server tests flush the database, which only works when pytest-django
# can run them after the others. PYTEST_ARGS="tests/test_x.py" runs one file.
test: install-test
	$(BIN)/pytest $(PYTEST_ARGS)

# Runtime dependencies into .venv (skipped when pyproject.toml has not changed).
install: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

# Runtime and test dependencies into .venv.
install-test: $(VENV)/.installed-test
$(VENV)/.installed-test: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

migrate:
	$(MANAGE) migrate --noinput

# Load and publish the demo negotiation (the 11th SMA talks) unless it is there: edits are kept.
demo:
	$(MANAGE) import_negotiations --skip-existing --publish tracker/demo/sma-11.json

# Create an admin user with a generated password, printed once, when none exists.
admin-user:
	$(MANAGE) ensure_admin --port $(PORT)

# Lint and format check.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks: writes BENCHMARKS.md (under 15 minutes). They run on PostgreSQL, where an
# archive of this size lives (one database per size, rebuilt by --fresh); on SQLite the
# notebook baseline's prefetch over 100,000 ids runs for minutes. BENCH_ARGS="" reuses them.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tracker_bench
BENCH_ARGS ?= --fresh
bench: install-test
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench.run $(BENCH_ARGS)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench.search  # search at 100,000 statements

# Load and fault run on gunicorn + PostgreSQL: appends to BENCHMARKS.md.
stress: install-test
	$(BIN)/python -m bench.stress

# Rebuild timeline/static/vendor/plotly-tracker.min.js: plotly.js with only the trace types
# the charts draw (tools/plotly-bundle/entry.js); commit the result.
plotly-bundle:
	cd tools/plotly-bundle && npm install --no-audit --no-fund && npm run build

# Back up the database at DATABASE_URL (pg_dump custom format, or a SQLite copy) to BACKUP.
BACKUP ?= backups/tracker-$(shell date -u +%Y%m%dT%H%M%SZ).dump
backup: install
	$(MANAGE) backup $(BACKUP)

# Restore BACKUP=FILE into the EMPTY database at DATABASE_URL (docs/deploy.md).
restore: install
	@test -n "$(filter command line environment,$(origin BACKUP))" || { echo "make restore BACKUP=FILE"; exit 2; }
	$(MANAGE) restore $(BACKUP)

# Model diagram for the docs (needs graphviz).
graph: install
	$(MANAGE) graph_models tracker -o docs/models.png

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Extraction quality: runs the report extractor over bench/extraction-set and writes
# EXTRACTION.md (reports whose text is not stored here are skipped and listed).
.PHONY: eval-extract
eval-extract: install-test
	$(BIN)/python bench/extraction-set/evaluate.py
