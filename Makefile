# One entry point for people and CI. Every target installs what it needs
# into .venv first, from the exact pins in requirements.txt.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

# Material for MkDocs prints an end-of-life notice on every command; the
# README's "Maintenance" section records the date and the migration path.
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build test check-profile schema bench clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

## serve: preview the site at http://127.0.0.1:8000 (rebuilds on save)
serve: install
	$(PY) -m mkdocs serve --strict --dev-addr $(HOST):$(PORT)

## build: write the site to site/ (a failed build leaves site/ untouched)
build: install
	$(PY) scripts/build_site.py --site-dir site

## test: build the real site and run every test
test: install
	$(PY) -m pytest

## check-profile: validate the organisation profile and list every problem
check-profile: install
	$(PY) -m macros.profile_cli check $(or $(ORG_PROFILE),organisation.yml)

## schema: regenerate the JSON Schemas in schema/ from the models
schema: install
	$(PY) -m macros.profile_cli schema > schema/organisation.schema.json
	$(PY) -m macros.profile_cli services-schema > schema/services.schema.json

clean:
	rm -rf site .pytest_cache

## bench: build-time benchmark (not part of the tests)
# ... then (benchmarks/README.md) page weight, search latency in Chromium and
# the whole test-suite time; each prints its figures and its target.
bench: install
	$(PY) benchmarks/build_time.py
	$(PY) benchmarks/page_weight.py
	$(PY) benchmarks/search_latency.py
	$(PY) benchmarks/suite_time.py
