# Two commands: `make run` starts the app, `make test` runs every test. Both install what they need.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench browser clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (Streamlit 1.67 requires it); set PYTHON=python3.12 or similar.")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m streamlit run app.py

browser: $(STAMP)
	$(PY) scripts/ensure_browser.py
	$(PY) scripts/ensure_node.py

test: $(STAMP) browser
	$(PY) -m ruff check .
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/bench_core.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache
