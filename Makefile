# Two entry points for a fresh clone: `make demo` and `make test`. Both install into .venv/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := demo.db
WEB := src/realpolitik/web

.PHONY: demo test install dev web bench bench-scale clean

$(BIN)/realpolitik: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(BIN)/realpolitik web
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

# The workbench's front-end libraries come from the npm registry at install, never at run time.
$(WEB)/static/vendor/.built: $(WEB)/frontend/package.json $(WEB)/frontend/package-lock.json $(WEB)/frontend/build.mjs
	cd $(WEB)/frontend && npm ci --ignore-scripts --no-audit --no-fund && npm run build
	touch $@

web: $(WEB)/static/vendor/.built

install: $(BIN)/realpolitik web

dev: $(VENV)/.dev

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/realpolitik ingest samples/corpus --db sqlite:///$(DEMO_DB)
	$(BIN)/realpolitik summary --db sqlite:///$(DEMO_DB)

test: dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy src
	$(BIN)/pytest

bench: dev
	$(BIN)/python benchmarks/seeds.py
	$(BIN)/python benchmarks/relations.py
	$(BIN)/python benchmarks/actors.py
	$(BIN)/python benchmarks/actors.py --phrases benchmarks/actor_phrases_heldout.tsv
	$(BIN)/python benchmarks/petrarch.py
	$(BIN)/python benchmarks/load.py

bench-scale: dev
	$(BIN)/python benchmarks/throughput.py --repeat 2 --runs 3

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .mypy_cache .ruff_cache
	rm -rf $(WEB)/frontend/node_modules $(WEB)/static/vendor
