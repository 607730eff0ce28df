# Klynge: the few targets people need. See README.md.
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/klynge
UV := $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
RUN_ENV := DEBUG=true DEMO_MODE=true

.PHONY: run setup deps test lint test-sqlite test-postgres load bench bench-archive bench-search bench-outcomes messages clean

## First command: install what is missing, migrate, load the demo, serve on 127.0.0.1:$(PORT).
run: setup
	@$(RUN_ENV) $(UV) run klynge load-demo --if-empty
	@echo ""
	@echo "  Klynge runs on http://127.0.0.1:$(PORT)/"
	@echo "  Demo logins (password: demo): admin@klynge.test, sekretariat@klynge.test,"
	@echo "  formand@klynge.test, medlem@klynge.test, borger@klynge.test, projektleder@klynge.test,"
	@echo "  naestformand@klynge.test"
	@echo ""
	@# The workers send mail, read uploaded minutes and build compiled documents, one per
	@# queue (a long scan never holds back a mail); they stop with the server.
	@trap 'kill 0' EXIT; $(RUN_ENV) $(UV) run klynge worker --queue mail & \
		$(RUN_ENV) $(UV) run klynge worker --queue imports & \
		$(RUN_ENV) $(UV) run klynge worker --queue documents & \
		$(RUN_ENV) $(UV) run klynge runserver 127.0.0.1:$(PORT)

deps:
	@command -v uv >/dev/null 2>&1 || test -x "$(UV)" || python3 -m pip install --user --quiet uv
	@command -v msgfmt >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		(apt-get update -qq && apt-get install -y -qq gettext >/dev/null); } || \
		echo "WARNING: gettext (msgfmt) is missing: English translations are not compiled."
	@# The archive's OCR (tesseract with Danish) and its word list for OCR repairs.
	@{ command -v tesseract >/dev/null 2>&1 && [ -e /usr/share/dict/danish ] && \
		[ -e /usr/share/tesseract-ocr/5/tessdata/dan.traineddata ]; } || \
		{ [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && (apt-get update -qq && \
		apt-get install -y -qq tesseract-ocr tesseract-ocr-dan wdanish poppler-utils >/dev/null); } || \
		echo "WARNING: tesseract-ocr-dan or wdanish is missing: scanned minutes cannot be read."
	$(UV) sync --frozen --quiet
	@[ -d node_modules/dkfds ] && [ -d node_modules/htmx.org ] && [ -d node_modules/axe-core ] && \
		[ -d node_modules/@tiptap/core ] || npm ci --no-audit --no-fund --loglevel=error
	@# The rich-text editor's bundle (esbuild), rebuilt when its source or the packages change.
	@[ klynge/static/klynge/build/editor.js -nt klynge/static_src/editor.js ] && \
		[ klynge/static/klynge/build/editor.js -nt package-lock.json ] || npm run --silent build

setup: deps
	@mkdir -p var
	@command -v msgfmt >/dev/null 2>&1 && DEBUG=true $(UV) run klynge compilemessages --ignore=.venv --ignore=node_modules -v0 || true
	DEBUG=true $(UV) run klynge migrate --no-input -v0

## Second command: lint, types, migrations, and the whole suite on SQLite and PostgreSQL.
test: deps lint test-sqlite test-postgres
	@echo "All checks passed."

lint:
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run lint-imports
	DEBUG=true $(UV) run mypy klynge
	@mkdir -p var
	DEBUG=true $(UV) run klynge makemigrations --check --dry-run
	@command -v msgfmt >/dev/null 2>&1 && DEBUG=true $(UV) run klynge compilemessages --ignore=.venv --ignore=node_modules -v0 || true

test-sqlite:
	@echo "== Test suite on SQLite (with browser tests in Chromium) =="
	$(UV) run pytest

test-postgres:
	@echo "== Test suite on PostgreSQL ($(PG_URL)) =="
	@if $(UV) run python scripts/pg_available.py "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(UV) run pytest; \
	elif [ "$$CI" = "true" ]; then \
		echo "ERROR: PostgreSQL is not reachable at $(PG_URL), and CI=true allows no skips."; exit 1; \
	else \
		echo ""; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!! SKIPPED: the PostgreSQL suite. No server answers at $(PG_URL)."; \
		echo "!! Start one (or set PG_URL) to run it; CI runs it."; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	fi

## Load test: 200 simulated users for 5 minutes on gunicorn + PostgreSQL, then a database restart.
load: setup
	PG_URL="$(PG_URL)" $(UV) run python scripts/load.py

## Benchmark: generate national-scale data and measure pages against a minimal view.
bench: setup
	$(UV) run python scripts/bench.py

## Search on national-scale data: build time, latency against raw SQL and LIKE, recall@10.
bench-search: setup
	$(UV) run python scripts/bench_search.py

## The archive reader: F1 per field on the corpus and seeds, pages/s, memory, OCR speed.
bench-archive: setup
	DEBUG=true $(UV) run klynge bench-archive

## The chart-heavy pages and the compiled report PDF at 10 and 20 clusters, on a scratch database.
bench-outcomes: setup
	rm -f var/bench-outcomes.sqlite3
	DEBUG=true DATABASE_URL=sqlite:///var/bench-outcomes.sqlite3 $(UV) run klynge migrate -v0
	DEBUG=true DATABASE_URL=sqlite:///var/bench-outcomes.sqlite3 $(UV) run klynge bench-outcomes --json var/bench-outcomes.json

messages:
	DEBUG=true $(UV) run klynge makemessages -l en --ignore=.venv --ignore=node_modules --ignore=var
	DEBUG=true $(UV) run klynge makemessages -d djangojs -l en --ignore=.venv \
		--ignore=node_modules --ignore=var --ignore="klynge/static/klynge/build/*"

clean:
	rm -rf var/klynge.sqlite3 var/media var/test-media var/static
