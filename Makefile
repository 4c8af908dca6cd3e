# The two set-up commands of the README:
#   make run   install, migrate, load both seed plans, serve on 127.0.0.1:8000 (a demonstration:
#              FAZHI_DEMO=true lets the server start with the built-in SECRET_KEY)
#   make test  install the test extras and Debian's chromium, run the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ADDR ?= 127.0.0.1:8000
PYTEST_ARGS ?=

.PHONY: run test install install-test chromium lint bench import-eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk; }

run: install
	$(BIN)/fazhi manage migrate --no-input -v 0
	$(BIN)/fazhi demo
	FAZHI_DEMO=true $(BIN)/fazhi run $(ADDR)

test: install-test chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check fazhi tests bench

bench: install-test
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/calendar_bench.py
	$(BIN)/python bench/serve_bench.py
	$(BIN)/python bench/page_memory_bench.py
	$(BIN)/python bench/hostile_bench.py
	$(BIN)/python bench/clerk_home_bench.py
	$(BIN)/python bench/import_eval.py

# The importer's task F1 and per-field exact match over tests/fixtures/plans/corpus, with every miss.
import-eval: install-test
	$(BIN)/python bench/import_eval.py --verbose

clean:
	rm -rf $(VENV) var test-artifacts
