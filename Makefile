# 知产 Zhichan — `make run` serves the platform with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export ZHICHAN_HOME ?= $(CURDIR)/var
SHARED_RAW ?= $(CURDIR)/../shared/data/raw
DEMO_SIZE ?= 5000
DEMO_CITY ?= 徐州市
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test
# The suite runs on both cores (pytest-xdist); a test file stays on one worker, so a browser test module keeps its server.
TEST_WORKERS ?= 2
XDIST := -n $(TEST_WORKERS) --dist loadfile

.PHONY: install assets run test test-sqlite test-postgres lint messages bench clean

$(BIN)/.installed: pyproject.toml requirements/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e ".[test]"
	touch $@

install: $(BIN)/.installed assets

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json
	mkdir -p src/zhichan/static/vendor
	cp node_modules/echarts/dist/echarts.min.js node_modules/htmx.org/dist/htmx.min.js src/zhichan/static/vendor/

run: install
	$(BIN)/zhichan migrate --verbosity 0
	$(BIN)/zhichan createadmin --if-none
	@if [ -d "$(SHARED_RAW)" ]; then $(BIN)/zhichan refdata load "$(SHARED_RAW)" --if-empty; fi
	$(BIN)/zhichan demo --size $(DEMO_SIZE) --city $(DEMO_CITY) --if-empty
	$(BIN)/zhichan indicators compute --city $(DEMO_CITY) --json > /dev/null
	$(BIN)/zhichan navigation demo
	$(BIN)/zhichan serve

test: install test-sqlite test-postgres

test-sqlite:
	$(BIN)/pytest -q $(XDIST)

# The database tests again, on PostgreSQL (browser tests ran above).
test-postgres:
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || [ -n "$$CI" ]; then \
	  DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -q $(XDIST) -m "not e2e" -p no:cacheprovider; \
	else echo "PostgreSQL not running on 127.0.0.1:5432: skipped the PostgreSQL pass"; fi

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests bench
	ZHICHAN_HOME=$$(mktemp -d) $(BIN)/zhichan makemigrations --check --dry-run

# The English catalogue: collect the marked strings into the .po (then translate the new entries), compile the .mo.
messages: $(BIN)/.installed
	cd src/zhichan && ../../$(BIN)/django-admin makemessages -l en --no-obsolete && ../../$(BIN)/django-admin compilemessages -l en

bench: install
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/search.py --size $${BENCH_SEARCH_SIZE:-1000000}
	$(BIN)/python bench/indicators.py --size $${BENCH_SEARCH_SIZE:-1000000}
	$(BIN)/python bench/abnormal.py --size $${BENCH_SEARCH_SIZE:-1000000}
	$(BIN)/python bench/analytics.py --sizes 100000 1000000
	$(BIN)/python bench/keywords.py
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e ".[test,load]"
	$(BIN)/python bench/load.py --users 50 --minutes 2

clean:
	rm -rf $(VENV) node_modules src/zhichan/static/vendor
