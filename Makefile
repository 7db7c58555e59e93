# Two commands do all the set-up on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LINTED := briefgen tests $(wildcard benchmarks)

.PHONY: build test check lint schema clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/briefgen check briefs/

check: $(STAMP)
	$(BIN)/briefgen check briefs/

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

schema: $(STAMP)
	$(BIN)/briefgen schema > briefs/factsheet.schema.json

clean:
	rm -rf site .venv .pytest_cache .ruff_cache .hypothesis
