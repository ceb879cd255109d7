# Two commands: `make demo` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest pytest-pg bench bench-pg i18n snapshots clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,postgres]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/buurt demo

test: $(STAMP) lint typecheck pytest pytest-pg

lint: $(STAMP)
	$(BIN)/ruff check buurt tests migrations benchmarks
	$(BIN)/ruff format --check buurt tests migrations benchmarks
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -n 2 -q

# The tests that exercise the database again on a throwaway PostgreSQL server (see
# .ci/with-postgres; tests/conftest.py says how the fixtures switch backend).
PG_TESTS := tests/pg tests/services tests/db
pytest-pg: $(STAMP)
	.ci/with-postgres $(BIN)/pytest -n 2 -q $(PG_TESTS)

snapshots: $(STAMP)
	$(BIN)/pytest tests/snapshots --snapshot-update

bench: $(STAMP)
	$(BIN)/python -m benchmarks

bench-pg: $(STAMP)
	.ci/with-postgres $(BIN)/python -m benchmarks city load

# Extract every translatable string and merge it into the Dutch catalogs (one per area).
i18n: $(STAMP)
	$(BIN)/python -m buurt.i18n_tools update

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
