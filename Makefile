# Two commands set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_SCALE ?= small
PACKAGES := portal disclosures complaints search api admin operations
export FLASK_APP := app:create_app

.PHONY: install run test lint audit translations messages screenshots clean mutation scaled

$(BIN)/activate: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet --no-deps -r requirements.lock
	touch $(BIN)/activate

install: $(BIN)/activate translations

translations: $(BIN)/activate
	@for p in $(PACKAGES); do \
	  if [ -d $$p/translations ]; then $(BIN)/pybabel compile --statistics -d $$p/translations || exit 1; fi; \
	done

# `make run` is the demo: its demo accounts get the published two-step keys (README, "Demo
# accounts"); PORTAL_DEMO=false make run keeps them off.
run: export PORTAL_DEMO ?= true
run: install
	$(BIN)/flask db upgrade heads
	$(BIN)/flask demo load --scale $(DEMO_SCALE)
	-$(BIN)/flask search rebuild
	# The periodic jobs (operations/) beside the server; stopped with it.
	$(BIN)/flask jobs run & jobs=$$!; trap 'kill $$jobs' EXIT INT TERM; \
	  $(BIN)/flask run --host 127.0.0.1 --port 5000

# `make scaled`: the scaled mode's topology on this machine (deploy/scaled.py, deploy/README.md):
# this machine's PostgreSQL and Redis, gunicorn with 4 workers, the search follower, the jobs,
# Debian's nginx (apt-get install -y nginx) with a self-signed certificate on
# https://127.0.0.1:8443/. Ctrl-C stops it all.
scaled: install
	$(BIN)/python -m deploy.scaled

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -r . -q

# Known vulnerabilities of the pinned dependencies, from PyPI's advisory database. Where that
# database cannot be reached (no network, or a mirror without the per-version JSON API) the audit
# says so plainly and does not fail; where it can, a known vulnerability, or a pin it cannot
# check, fails. AUDIT_LOCK and AUDIT_PROBE are for the tests of this target.
AUDIT_LOCK ?= requirements.lock
AUDIT_PROBE ?= https://pypi.org/pypi/pip/25.3/json
audit:
	@if $(BIN)/python -c "import json, sys, urllib.request; json.load(urllib.request.urlopen(sys.argv[1], timeout=15))['vulnerabilities']" "$(AUDIT_PROBE)" 2>/dev/null; then \
	  echo "pip-audit: checking $(AUDIT_LOCK) against PyPI's advisory database"; \
	  $(BIN)/pip-audit --strict --no-deps --disable-pip --progress-spinner off -r $(AUDIT_LOCK); \
	else \
	  echo "pip-audit: NOT RUN. PyPI's advisory database cannot be reached from here ($(AUDIT_PROBE)),"; \
	  echo "pip-audit: so $(AUDIT_LOCK) was NOT checked for known vulnerabilities."; \
	fi

test: install lint audit
	$(BIN)/python -m pytest
	@if [ -n "$$PORTAL_TEST_DATABASE_URL" ]; then \
	  echo "== The whole suite again, against PostgreSQL ($$PORTAL_TEST_DATABASE_URL) =="; \
	  PORTAL_TEST_BACKEND=postgresql $(BIN)/python -m pytest -m "not browser"; \
	else \
	  echo "PORTAL_TEST_DATABASE_URL is not set: the PostgreSQL runs are skipped."; \
	fi

screenshots: install
	$(BIN)/python -m tests.screenshots

# Mutation testing of the pure modules (slow, so not part of `make test`): mutmut runs in a copy
# of the checkout (MUTATION_DIR) with one worker, then the score per module is printed; it fails
# below 90% killed. `make mutation MUTANTS="portal.rules.*"` runs only some. See docs/testing.md.
MUTATION_DIR ?= /tmp/liaison-portal-mutation
MUTATION_JOBS ?= 1
MUTANTS ?=
mutation: install
	$(BIN)/python -m tests.mutation --dir $(MUTATION_DIR) --jobs $(MUTATION_JOBS) $(foreach m,$(MUTANTS),'$(m)')

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Extract a package's strings and merge them into its catalogs: `make messages PACKAGE=portal`.
PACKAGE ?= portal
messages: $(BIN)/activate
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 -o $(PACKAGE)/translations/messages.pot \
	  $(PACKAGE) templates/$(PACKAGE) $(if $(filter portal,$(PACKAGE)),templates/base.html templates/errors templates/_macros.html templates/oversight)
	@for lang in zh en; do \
	  if [ -f $(PACKAGE)/translations/$$lang/LC_MESSAGES/messages.po ]; then \
	    $(BIN)/pybabel update --no-fuzzy-matching -i $(PACKAGE)/translations/messages.pot -d $(PACKAGE)/translations -l $$lang; \
	  else \
	    $(BIN)/pybabel init -i $(PACKAGE)/translations/messages.pot -d $(PACKAGE)/translations -l $$lang; \
	  fi; \
	done
