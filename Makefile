# Two commands on a fresh machine: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: install demo test lint eval bench bench-scaleout reliability browser redis screenshots clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(INSTALLED)

install: $(INSTALLED)

## Serve the bundled demo paper, crawl it into archive.db, serve Datasette on :8001.
demo: install
	$(BIN)/khenthuong demo --db archive.db

## Lint, then every test (the UI tests drive headless Chromium, the scale-out tests redis-server).
test: install browser redis lint
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Award extraction scores on the development set, the extra gold set and the demo's gold.
eval: install
	$(BIN)/python -m khenthuong.evaluate
	$(BIN)/python -m khenthuong.extraction_eval

## Benchmarks against baselines timed in the same run; SCALE=full for the documented sizes.
bench: install
	$(BIN)/pip install --quiet -e ".[test,bench]"
	$(BIN)/python -m benchmarks.run $(if $(SCALE),--scale $(SCALE))

## One machine's capacity for the scale-out decision (docs/SCALE-OUT.md): crawl, workers, writer.
bench-scaleout: install redis
	$(BIN)/python -m benchmarks.scaleout

## Faults and hostile input at full budget (kills, fuzzing, load, disk full): the figures of
## RELIABILITY.md, written to reliability/figures.json. About half an hour on a shared 2-core machine.
reliability: install
	$(BIN)/python -m reliability

## The README's pictures: the browser tests, saving the main pages to docs/screenshots/.
screenshots: install browser
	KHENTHUONG_SCREENSHOTS=docs/screenshots $(BIN)/pytest tests/test_browser.py -q

## Debian's Chromium for the browser tests (never a downloaded browser build).
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "Browser tests need Chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

## Debian's redis-server for the scale-out tests (they start their own on a free port).
redis:
	@command -v redis-server >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq redis-server; \
	  else echo "Scale-out tests need Redis: sudo apt-get install redis-server" >&2; exit 1; fi; }

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
