# Two commands: `make run` starts the app, `make test` runs every test. Both install what they need:
# `make run` only the app's requirements, `make test` the test tools on top.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
RUNTIME := $(VENV)/.runtime-installed
DEV     := $(VENV)/.dev-installed

.PHONY: run test lint bench browser clean

$(RUNTIME): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (Streamlit 1.67 requires it); set PYTHON=python3.12 or similar.")'
	$(PYTHON) -m venv $(VENV)
	# No byte-compiling of every installed module: the first start compiles only what it imports (~10 s less).
	$(PY) -m pip install --quiet --no-compile -r requirements.txt
	touch $(RUNTIME)

$(DEV): $(RUNTIME) requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	# The test suite starts many servers, and CI sets PYTHONDONTWRITEBYTECODE: compile the app's packages once.
	$(PY) -m compileall -q -j 0 $(VENV)/lib
	touch $(DEV)

run: $(RUNTIME)
	$(PY) -m streamlit run app.py

browser: $(DEV)
	$(PY) scripts/ensure_browser.py

test: $(DEV) browser
	$(PY) -m ruff check .
	$(PY) -m pytest

bench: $(DEV)
	$(PY) bench/bench_core.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache
