# The two commands the README gives: `make run` and `make test` (and `make bench`).
SHELL := /bin/bash
# manage.py uses the laptop's settings (config.settings.local: debug unless told otherwise); `make run`
# gives them to the worker and beat too, which otherwise start with config.settings.production (the
# image's, which needs a secret key). The suite uses config.settings.test (pyproject.toml).
PYTHON ?= python3
# The port `make run` serves on (`PORT=8080 make run`); the emails' links follow it (SITE_PORT, read by
# the settings for SITE_URL's default: honcho gives each process a PORT of its own, the worker's 8100).
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MOJ := node_modules/@ministryofjustice/frontend/moj
GOVUK := node_modules/govuk-frontend/dist/govuk

.PHONY: run test bench install assets migrate demo lint lock clean

# Stamps: reinstall only when the requirement files change.
# The runtime lock and the test/dev lock (both with hashes); the image installs the runtime one only.
$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(BIN)/.installed node_modules/.installed

# Compiled CSS and the two frontend bundles, into the git-ignored static/build.
static/build/.built: $(wildcard static/scss/*.scss) node_modules/.installed
	mkdir -p static/build/images
	npx sass --pkg-importer=node --load-path=. --no-source-map --style=compressed --quiet-deps \
		static/scss/app.scss static/build/app.css
	cp $(GOVUK)/govuk-frontend.min.js $(GOVUK)/govuk-frontend.min.js.map static/build/
	cp $(MOJ)/moj-frontend.min.js $(MOJ)/moj-frontend.min.js.map static/build/
	cp $(MOJ)/assets/images/*.svg static/build/images/
	cp $(GOVUK)/assets/images/govuk-crest.svg static/build/images/
	touch $@

assets: static/build/.built

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	SITE_PORT=$(PORT) $(PY) manage.py load_demo

run: install assets demo
	@echo "Starting the web server on http://127.0.0.1:$(PORT)/, a worker and the scheduler."
	@echo "Press Ctrl-C to stop the web server, the worker and the scheduler."
	@DJANGO_SETTINGS_MODULE=config.settings.local SITE_PORT=$(PORT) $(BIN)/honcho start -f Procfile -p $(PORT)

# In parallel, one process a core, a test file's tests kept together (their module fixtures are shared).
PYTEST_ARGS ?= -n auto --dist loadfile

test: install assets
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install assets
	$(PY) bench/run.py

# The checks CI runs before the suite: style, a model change without its migration, the house's arrows.
lint: install
	$(BIN)/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports

# Regenerate the two locks from requirements.in and requirements-dev.in (keeps today's pins where
# they still fit; `make lock UPGRADE=--upgrade` moves them on).
lock:
	$(PY) -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links $(UPGRADE) --output-file=requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links $(UPGRADE) --output-file=requirements-dev.txt requirements-dev.in

clean:
	rm -rf $(VENV) node_modules static/build staticfiles var
