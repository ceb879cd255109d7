# Two commands: `make demo` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The versions of every dependency that `make test` last ran with (pip constraints: a package
# listed is installed at that version, one not listed installs as pyproject.toml allows).
CONSTRAINTS := requirements/constraints.txt
# Python may keep its compiled modules (__pycache__, git-ignored) even where the environment says
# not to: without them every test process compiles buurt and rewrites the tests' asserts afresh
# (about 2.7 s of CPU per process, and again in every `python -m buurt` a test starts).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: demo test lint typecheck pytest pytest-pg bench bench-pg i18n snapshots lock clean

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[test,postgres]'
	touch $(STAMP)

# Refresh $(CONSTRAINTS): resolve pyproject.toml's dependencies afresh in a throwaway venv
# (so nothing left over in .venv slips in) and write what got installed. The old file stays
# until the new one is complete. Then `make test`, and commit the file with the change.
LOCK_VENV := .lock-venv
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet '.[test,postgres]'
	mkdir -p $(dir $(CONSTRAINTS))
	{ echo "# The versions make test ran with; refresh with make lock (see the Makefile)."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --exclude buurt; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf $(LOCK_VENV) build

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

# The whole suite again on a throwaway PostgreSQL server (see .ci/with-postgres): every test that
# uses a database fixture runs on the server; one that needs a file or touches no database is
# skipped with its reason (tests/conftest.py). Snapshots of skipped tests are not "unused" here.
pytest-pg: $(STAMP)
	.ci/with-postgres $(BIN)/pytest -n 2 -q --snapshot-warn-unused tests

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
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache .mypy_cache .ruff_cache
