# Two commands set up a fresh machine (see README):
#   make demo   install into .venv and run the main job on the bundled sample corpus
#   make test   install into .venv (with test and optional extras) and run every test
#   make lint   ruff over the code (not part of make test)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.duckdb

.PHONY: demo test install install-all bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-all: $(BIN)/python
	$(BIN)/pip install -q -e '.[all,test]'

demo: install
	$(BIN)/dyadwatch demo --db $(DEMO_DB)

test: install-all
	$(BIN)/python -m pytest -q -rs $(PYTEST_ARGS)

bench: install-all
	$(BIN)/python bench/run_all.py

lint: install-all
	$(BIN)/ruff check src tests bench tools

clean:
	rm -rf $(VENV) $(DEMO_DB) build *.egg-info src/*.egg-info
