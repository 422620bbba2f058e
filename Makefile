# The two commands of the README's quickstart, and a few more for developers.
# Each target makes its own virtual environment (.venv) and installs what it needs first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test lint bench tools clean

demo: $(STAMP)  ## load a synthetic neighbourhood into the embedded store and draw a map
	$(BIN)/graphsvc demo

test: $(STAMP) tools  ## the whole suite: lint, unit, contract tests on both stores (starts Neo4j)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP) tools  ## every benchmark at 10k and 100k people (about an hour; docs/performance.md)
	$(BIN)/python -m benchmarks

tools:  ## Java + Maven (for the test Neo4j) and Chromium (for page tests), if missing
	@bash .ci/ensure-tools

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "graphsvc needs Python 3.11 or newer; set PYTHON=python3.x" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

clean:
	rm -rf $(VENV) build *.egg-info demo-out tests/neo4j_launcher/target
