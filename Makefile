# Two commands: `make run` starts the app, `make test` runs every test. Both install what they need:
# `make run` only the app's requirements, `make test` the test tools on top.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
RUNTIME := $(VENV)/.runtime-installed
DEV     := $(VENV)/.dev-installed

N      ?= 3
PORT   ?= 8080

.PHONY: run test lint bench browser nginx replicas clean

# No byte-compiling of every installed module at install: the first start compiles only what it imports (~10 s less).
# The test suite starts many servers, and CI sets PYTHONDONTWRITEBYTECODE: make test compiles everything once.
$(RUNTIME): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (Streamlit 1.67 requires it); set PYTHON=python3.12 or similar.")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --no-compile -r requirements.txt
	touch $(RUNTIME)

$(DEV): $(RUNTIME) requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m compileall -q -j 0 $(VENV)/lib
	touch $(DEV)

run: $(RUNTIME)
	$(PY) -m streamlit run app.py

# N replicas of the app behind nginx on 127.0.0.1:$(PORT) (docs/deploy.md); Ctrl+C stops them all.
replicas: $(RUNTIME)
	$(PY) -m deploy.replicas --replicas $(N) --port $(PORT)

browser: $(DEV)
	$(PY) scripts/ensure_browser.py
	$(PY) scripts/ensure_node.py

nginx: $(RUNTIME)
	$(PY) -m deploy.replicas --install-only

test: $(DEV) browser nginx
	$(PY) -m ruff check .
	$(PY) -m pytest

bench: $(DEV)
	$(PY) bench/bench_core.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache
