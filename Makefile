# Two commands do all set-up on a fresh machine with Python 3.11+ and make:
#   make run    the whole tool on this machine (web :8000, worker, beat); Ctrl-C stops it
#   make test   lint, migration check and the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint format check-migrations bench-quick clean doc-pictures

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the requirement files change.
$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	DJANGO_SETTINGS_MODULE=config.settings.local $(BIN)/python manage.py run_local --port $(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check-migrations: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# The suite in two processes (pytest-xdist), each test file's tests in one of them (the live servers of a
# file start once); TEST_WORKERS=0 runs it in this process only.
TEST_WORKERS ?= 2
test: lint check-migrations
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

# The pictures of docs/admin.md, taken again by the browser test that walks the reporting cycle.
doc-pictures: $(VENV)/.installed-dev
	UPDATE_DOC_PICTURES=1 $(BIN)/pytest -q tests/browser/test_reporting_cycle.py

# The benchmarks in a quick mode (small tables, no targets): they still run end to end. bench/multinode.py
# keeps its checks in quick mode (each accepted write stored once, each due reminder sent once): it fails CI.
# So does bench/scale.py's: each page's SQL queries the same on the small and the tiny data set.
# Full runs are by hand: see the docstring of each script under bench/.
bench-quick: $(VENV)/.installed-dev
	$(BIN)/python bench/seeds.py --repeat 1
	$(BIN)/python bench/reminders.py --quick
	$(BIN)/python bench/api.py --quick
	$(BIN)/python bench/dashboard.py --quick
	$(BIN)/python bench/compile.py --quick
	$(BIN)/python bench/scale.py --quick
	$(BIN)/python bench/ingest.py --quick
	$(BIN)/python bench/pdf_reading.py --quick
	$(BIN)/python bench/search.py --quick
	$(BIN)/python bench/load.py --quick
	$(BIN)/python bench/faults.py --quick
	$(BIN)/python bench/multinode.py --quick

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .celery-broker db.sqlite3 db.sqlite3-wal db.sqlite3-shm test-artifacts .pytest_cache .ruff_cache
