# One entry point for people and CI. Every target installs what it needs
# into .venv first, from the exact pins in requirements.txt, and the project
# itself (the `macros` package) in editable mode.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

# Material for MkDocs prints an end-of-life notice on every command; the
# README's "Maintenance" section records the date and the migration path.
export NO_MKDOCS_2_WARNING := 1

.PHONY: install bytecode serve build test check engines check-profile schema bench clean

install: $(VENV)/.installed bytecode

# The project's own Python, compiled ahead: every build imports macros/ and
# hooks/, and where Python may not write its cache (PYTHONDONTWRITEBYTECODE,
# common on CI) each build would otherwise compile them again (~0.1 s).
# Quick when nothing changed; a stale file is simply compiled from source.
bytecode: $(VENV)/.installed
	@$(PY) -m compileall -q macros hooks scripts

# Editable: hooks, scripts and tests import `macros` from this checkout.
# No build isolation: setuptools comes from the pins, not a fresh download.
$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# The second engine lives in its own venv: ProperDocs must never replace
# MkDocs in .venv (requirements-properdocs.txt).
PROPERDOCS_VENV := .venv-properdocs

$(PROPERDOCS_VENV)/.installed: requirements.txt requirements-properdocs.txt pyproject.toml
	$(PYTHON) -m venv $(PROPERDOCS_VENV)
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-properdocs.txt
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

## engines: build with MkDocs and ProperDocs; identical HTML, and every check passes on both
engines: install $(PROPERDOCS_VENV)/.installed
	$(PY) scripts/compare_engines.py --other $(PROPERDOCS_VENV)/bin/python

## serve: preview the site at http://127.0.0.1:8000; rebuilds when a page, a data
##   file or the profile in use (ORG_PROFILE) changes; a failed rebuild shows
##   its error at the top of the open page
serve: install
	$(PY) -m mkdocs serve --strict --dev-addr $(HOST):$(PORT)

## build: write the site to site/ (a failed build leaves site/ untouched)
build: install
	$(PY) scripts/build_site.py --site-dir site

## check: every check on the sources (PROJECT=dir, default here), and on a built site with SITE=dir (any engine)
check: install
	$(PY) -m macros.cli check $(if $(SITE),--site $(SITE)) $(if $(PROJECT),--project $(PROJECT))

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
	$(PY) -m macros.profile_cli legislation-schema > schema/legislation.schema.json
	$(PY) -m macros.profile_cli nations-schema > schema/nations.schema.json
	$(PY) -m macros.profile_cli page-schema > schema/page.schema.json

clean:
	rm -rf site build .pytest_cache

## bench: build-time benchmark (not part of the tests)
# ... then (benchmarks/README.md) page weight, search latency in Chromium and
# the whole test-suite time; each prints its figures and its target.
bench: install
	$(PY) benchmarks/build_time.py
	$(PY) benchmarks/page_weight.py
	$(PY) benchmarks/search_latency.py
	$(PY) -m benchmarks.search_quality
	$(PY) -m benchmarks.first_paint
	$(PY) benchmarks/suite_time.py

# ── Multi-organisation builds, profile tools, file-share bundle ─────────
# scripts/build_all.py, scripts/build_bundle.py, macros/profile_cli.py.
.PHONY: build-all bundle check-profiles new-profile

## build-all: every profile (profiles/*.yml, and the demonstrations organisation.yml
##   and profiles/examples/*.yml unless EXAMPLES=no) in parallel:
##   build/NAME/site and build/NAME/NAME-fileshare.zip; SHARD=K/N builds one share
build-all: install
	$(PY) scripts/build_all.py --out build$(if $(SHARD), --shard $(SHARD))$(if $(filter no,$(EXAMPLES)), --no-examples)

## bundle: file-share zip for one profile (ORG_PROFILE, default organisation.yml)
bundle: install
	$(PY) scripts/build_bundle.py --profile $(or $(ORG_PROFILE),organisation.yml)

## check-profiles: validate every profile and list every problem
check-profiles: install
	$(PY) -m macros.profile_cli check organisation.yml $(sort $(wildcard profiles/*.yml)) $(sort $(wildcard profiles/examples/*.yml))

## new-profile: make profiles/NAME.yml with every value marked TO FILL IN
new-profile: install
	@test -n "$(NAME)" || { echo "usage: make new-profile NAME=your-org"; exit 2; }
	$(PY) -m macros.profile_cli new profiles/$(NAME).yml

# ── Editorial checks ─────────────────────────────────────────────────────
# lint: the Python code (ruff), then every editorial check (spelling,
# Markdown, YAML, links, readability); each also runs alone:
# `.venv/bin/python scripts/lint.py spelling` etc.
# `make test` runs the editorial checks too (tests/site/test_editorial_lint.py).
.PHONY: lint due release linkcheck-external
DAYS ?= 30

## lint: Python (ruff), spelling (British), Markdown, YAML, internal links + anchors, readability
lint: install
	$(VENV)/bin/ruff check .
	$(PY) scripts/lint.py all

## due: pages overdue or due for review within DAYS days (default 30)
due: install
	$(PY) scripts/review_due.py --days $(DAYS)

## release: build site/ for publishing; fails if any page is overdue for review
release: install
	RELEASE=1 $(PY) scripts/build_site.py --site-dir site

## linkcheck-external: check every external link online (needs the internet)
linkcheck-external: install
	$(PY) scripts/external_links.py check
