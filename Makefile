# Two commands do all the set-up on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AXE := $(VENV)/node/node_modules/axe-core/axe.min.js
LINTED := briefgen tests $(wildcard benchmarks) $(wildcard tools)
# Debian packages the PDFs need: Noto fonts so Latin, Cyrillic and Arabic names render as glyphs;
# libharfbuzz-subset0, without which WeasyPrint warns and subsets fonts with fontTools, 2 to 3 times
# slower (tests/pdf/test_fonts.py fails without it); poppler-utils (pdftoppm, pdffonts) to look at
# what was rendered.
PDF_PACKAGES := fonts-noto-core libharfbuzz-subset0 poppler-utils

.PHONY: build test check lint schema catalogs dist clean pdf-packages site-test-packages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

pdf-packages:
	@missing="$$(for p in $(PDF_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done)"; \
	if [ -n "$$missing" ]; then \
		echo "installing $$missing"; \
		apt-get update && apt-get install -y --no-install-recommends $$missing && fc-cache -f; \
	fi

build: pdf-packages $(STAMP) catalogs
	$(BIN)/briefgen build

# The theme's strings into templates/locales/ (briefgen.pot, each language's .po) and the .po files compiled
# into briefgen/i18n/compiled/, which the wheel ships; `python -m briefgen.i18n.extract es` starts a language.
catalogs: $(STAMP)
	$(BIN)/python -m briefgen.i18n.extract

# The site tests drive headless Debian chromium, run the Nu HTML checker (Java) and inject axe-core
# from npm into the pages (npm for the install only: the tests run offline); the swap tests kill a
# build at each rename with strace.
site-test-packages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v strace >/dev/null 2>&1 || missing="$$missing strace"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		apt-get update && apt-get install -y --no-install-recommends $$missing; \
	fi

# axe-core as package-lock.json pins it, installed under the venv (ignored by git) where the tests find it.
$(AXE): package.json package-lock.json | site-test-packages
	mkdir -p $(VENV)/node
	cp package.json package-lock.json $(VENV)/node/
	npm ci --prefix $(VENV)/node --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(AXE)

check: $(STAMP)
	$(BIN)/briefgen check briefs/

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/lint-imports --no-cache

test: pdf-packages site-test-packages $(STAMP) $(AXE) catalogs lint
	$(BIN)/python -m pytest -q

schema: $(STAMP)
	$(BIN)/briefgen schema > briefs/factsheet.schema.json

# The sdist and the wheel a newsroom installs (the wheel carries the theme and the starter project).
dist: $(STAMP) catalogs
	rm -rf dist
	$(BIN)/python -m build --outdir dist .

clean:
	rm -rf site dist build .venv .pytest_cache .ruff_cache .hypothesis
