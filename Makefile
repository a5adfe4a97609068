# Two commands for a fresh machine:  `make` (set up, then build output/ from the bundled
# article) and `make test` (set up, then lint, type-check and run the tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: all build test lint clean

all: build

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/newsgraph build

lint: $(STAMP)
	$(BIN)/ruff check graph tests scripts
	$(BIN)/ruff format --check graph tests scripts
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) output
