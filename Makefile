# Two commands a new user needs: `make demo` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
DEMO_SITE := demo_site/site

.PHONY: demo test lint golden screenshots bench bench-org test-spark serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps: reinstall only when the package metadata changes.
$(VENV)/.demo-installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[demo]'
	touch $@

# TEST_EXTRAS=test,health,org adds lychee for the link-health tests, and pyarrow and DuckDB
# for the organisation's tables (as .ci/run does).
TEST_EXTRAS ?= test
$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[$(TEST_EXTRAS)]'
	touch $@

demo: $(VENV)/.demo-installed
	cd demo_site && ../$(BIN)/mkdocs build --strict --site-dir site
	@echo
	@echo "The documentation, built with the plugin. Open the overview of what it links to:"
	@echo "  file://$(CURDIR)/$(DEMO_SITE)/backlinks/index.html"
	@echo "The machine-readable report is at:"
	@echo "  $(CURDIR)/$(DEMO_SITE)/linkroles.json"
	@echo "Its summary, from the linkroles command line:"
	@echo
	@$(BIN)/linkroles summary --top 5 $(DEMO_SITE)/linkroles.json
	@echo
	@echo "Or serve it with live reload: make serve (http://127.0.0.1:8000/backlinks/)"

serve: $(VENV)/.demo-installed
	cd demo_site && ../$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Refresh the golden files (tests/golden/) after a change to the generated pages that is
# meant; `make test` compares them byte for byte.
golden: $(VENV)/.test-installed
	$(BIN)/python -m pytest tests/pages/test_golden.py --update-golden

# Refresh the documentation's screenshots (demo_site/docs/assets/screenshots/) on purpose:
# the browser tests take them; `make test` keeps them in a temporary folder.
screenshots: $(VENV)/.test-installed
	LINKROLES_SCREENSHOTS=docs LINKROLES_REQUIRE_BROWSER=1 $(BIN)/python -m pytest tests/pages/test_browser.py

# On every core (pytest-xdist, each file's tests on one worker), then the tests that time
# the same code on two sizes alone, so that no other test shares the CPU with them.
test: $(VENV)/.test-installed lint
	$(BIN)/python -m pytest -n auto --dist loadfile -m "not timing and not spark"
	$(BIN)/python -m pytest -m timing

bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/run.py

# The organisation's queries on Spark in local mode, compared with DuckDB's answers: the
# Parquet tables are the interface past one machine. Needs Java 17+ (Debian's
# openjdk-17-jre-headless); pyspark is about 450 MB. Not part of `make test`.
test-spark: $(VENV)/.test-installed
	$(PIP) install -e '.[test,org,spark]'
	LINKROLES_REQUIRE_ORG=1 $(BIN)/python -m pytest -m spark tests/org/test_spark.py

# Many sites: 1,000 reports of 10,000 links exported and asked (about 15 minutes, 3 GB of
# disk under benchmarks/out/org/).
bench-org: $(VENV)/.test-installed
	$(PIP) install -e '.[org]'
	$(BIN)/python benchmarks/org.py

clean:
	rm -rf $(VENV) .venv-plain $(DEMO_SITE) .pytest_cache .ruff_cache .hypothesis
