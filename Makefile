# Two commands do all the set-up on a fresh machine with only Python:
#   make demo   create .venv, install, score an example locality and write its report
#   make test   create .venv, install with test extras, run ruff, mypy and the test suite
#               (with axe-core in headless Chromium on every HTML page, where available)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT := out

.PHONY: demo test lint typecheck pytest bench schema docs golden readme examples clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	sh scripts/accessibility_tools.sh axe
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/clear banks
	$(BIN)/clear score examples/northshire-self.yaml
	$(BIN)/clear report examples/northshire-self.yaml --out $(OUT)/northshire-report.html
	@echo "Open $(OUT)/northshire-report.html in a browser to read the full report."

PY_DIRS := $(wildcard clear_cli tests benchmarks scripts)

lint: $(STAMP)
	$(BIN)/ruff check $(PY_DIRS)
	$(BIN)/ruff format --check $(PY_DIRS)

typecheck: $(STAMP)
	$(BIN)/mypy

# Coverage floor: raise it when coverage rises, never lower it to make a change pass.
COVERAGE_FLOOR := 90

# axe-core (npm) and, where missing and allowed, Chromium (apt-get) for the accessibility test;
# without them that test is skipped with the reason. LibreOffice Calc likewise, for the test that
# recalculates the template's Scores sheet.
pytest: $(STAMP)
	@sh scripts/accessibility_tools.sh all
	@sh scripts/libreoffice.sh
	$(BIN)/pytest --cov=clear_cli --cov-report=term:skip-covered --cov-fail-under=$(COVERAGE_FLOOR)

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/export_bench.py
	$(BIN)/python benchmarks/template_bench.py

schema: $(STAMP)
	$(BIN)/clear schema bank > schemas/bank.schema.json
	$(BIN)/clear schema answers > schemas/answers.schema.json
	$(BIN)/clear schema score > schemas/score.schema.json
	$(BIN)/clear schema trend > schemas/trend.schema.json
	$(BIN)/clear schema compare > schemas/compare.schema.json
	$(BIN)/clear schema combine > schemas/combine.schema.json
	$(BIN)/clear schema banks > schemas/banks.schema.json
	$(BIN)/clear schema review-notes > schemas/review-notes.schema.json

# The command reference, made from every command's --help (a test checks it is current).
docs: $(STAMP)
	$(BIN)/python scripts/cli_reference.py

# Rewrite tests/golden/ from today's output; review the diff before committing it.
golden: $(STAMP)
	$(BIN)/pytest tests/test_golden.py --update-golden -q

# The README's quoted outputs, figures, page counts and screenshot, made again from today's tool.
readme: $(STAMP)
	$(BIN)/python scripts/readme.py

examples: $(STAMP)
	$(BIN)/python scripts/make_example_workbooks.py

clean:
	rm -rf $(VENV) $(OUT) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis .coverage
