# Two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test install install-dev lint check test-sqlite test-postgres messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Serve the demo site on 127.0.0.1:$(PORT) (default 8000).
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## Everything CI checks.
test: lint check test-sqlite test-postgres

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install-dev
	DJANGO_SETTINGS_MODULE=asean_portal.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=asean_portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: install-dev
	$(BIN)/pytest

## Runs the suite again on a throwaway PostgreSQL cluster when its binaries are installed.
test-postgres: install-dev
	scripts/with-postgres $(BIN)/pytest

## Refresh the interface translations after changing a string.
messages: install-dev
	$(BIN)/python manage.py makemessages --locale vi --locale en --no-obsolete \
		--ignore '.venv/*' --ignore 'tests/*' --ignore 'fixtures/*'
	$(BIN)/python scripts/fill_catalogs.py
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
