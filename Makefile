# The two commands the README gives: `make run` and `make test` (and `make bench`).
SHELL := /bin/bash
# A laptop runs in debug mode unless told otherwise; production sets DJANGO_DEBUG=false and a secret key.
export DJANGO_DEBUG ?= true
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MOJ := node_modules/@ministryofjustice/frontend/moj
GOVUK := node_modules/govuk-frontend/dist/govuk

.PHONY: run test bench install assets migrate demo lint clean

# Stamps: reinstall only when the requirement files change.
$(BIN)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
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
	$(PY) manage.py load_demo

run: install assets demo
	@$(BIN)/honcho start -f Procfile

# In parallel, one process a core, a test file's tests kept together (their module fixtures are shared).
PYTEST_ARGS ?= -n auto --dist loadfile

test: install assets
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install assets
	$(PY) bench/run.py

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) node_modules static/build staticfiles var
