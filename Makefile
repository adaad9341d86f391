# Two entry points for a fresh clone: `make demo` and `make test`. Both install into .venv/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := demo.db

.PHONY: demo test install dev lint bench clean

$(BIN)/realpolitik: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(BIN)/realpolitik
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/realpolitik

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

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .mypy_cache .ruff_cache
