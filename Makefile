# Two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# apt-get needs root: through sudo unless we are root already.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
# Waits for another install to finish instead of failing on a busy machine.
APT_GET := $(SUDO) apt-get -o DPkg::Lock::Timeout=600

.PHONY: run serve test install install-dev lint check test-sqlite test-postgres test-browser browser-tools server-tools screenshots messages clean

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

## The production settings under gunicorn on 127.0.0.1:$(PORT), after migrate and
## collectstatic (scripts/serve; README, "Deployment").
serve: install
	PORT=$(PORT) scripts/serve

## Everything CI checks.
test: lint check test-sqlite test-postgres test-browser

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install-dev
	DJANGO_SETTINGS_MODULE=asean_portal.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=asean_portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

## nginx, Redis and openssl for the deployment tests (tests/test_deploy.py), wrk for bench/.
server-tools:
	@command -v nginx >/dev/null && command -v redis-server >/dev/null \
		&& command -v openssl >/dev/null && command -v wrk >/dev/null \
		|| $(APT_GET) install -y -q nginx-light redis-server openssl wrk \
		|| { $(APT_GET) update -q && $(APT_GET) install -y -q nginx-light redis-server openssl wrk; }

test-sqlite: install-dev server-tools
	$(BIN)/pytest

## Runs the suite again on a throwaway PostgreSQL cluster when its binaries are installed.
test-postgres: install-dev server-tools
	scripts/with-postgres $(BIN)/pytest

## Chromium (Debian's) and the npm tools the browser tests use, installed where missing.
browser-tools: node_modules/.installed
	command -v chromium >/dev/null || $(APT_GET) install -y -q chromium \
		|| { $(APT_GET) update -q && $(APT_GET) install -y -q chromium; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## End-to-end flows, axe-core and the Nu HTML checker in Chromium (also writes screenshots/).
test-browser: install-dev browser-tools
	$(BIN)/pytest -m browser tests/browser

## PNGs of every public page type, both languages, phone and desktop (and in the dark
## scheme), in screenshots/, and an editor's and a publisher's day in the admin, a phone
## listing before and after filtering and four public pages, also in docs/screenshots/ (README).
screenshots: install-dev browser-tools
	$(BIN)/pytest -m browser tests/browser/test_accessibility.py tests/browser/test_newsroom_day.py -q
	$(BIN)/pytest -m browser tests/browser/test_flows.py -k phone_results_come_first -q
	mkdir -p docs/screenshots && cp screenshots/admin-*.jpg screenshots/phone-listing-*.jpg docs/screenshots/
	$(BIN)/python scripts/public_screenshots.py
	@echo "Screenshots written to screenshots/ (the admin's, the phone listing's and four public pages' also to docs/screenshots/)"

## Refresh the interface translations after changing a string.
messages: install-dev
	$(BIN)/python manage.py makemessages --locale vi --locale en --no-obsolete \
		--ignore '.venv/*' --ignore 'tests/*' --ignore 'fixtures/*' --ignore 'node_modules/*'
	$(BIN)/python manage.py makemessages --domain djangojs --locale vi --locale en --no-obsolete \
		--ignore '.venv/*' --ignore 'node_modules/*' --ignore 'staticfiles/*' --ignore 'static/vendor/*'
	$(BIN)/python scripts/fill_catalogs.py
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) db.sqlite3* media staticfiles node_modules screenshots .cache
