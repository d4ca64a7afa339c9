# The course's commands. Quick start: `make lab` (learners), `make test` (everything CI runs).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# nbgrader runs helper commands (alembic, jupyter) by name: the venv's bin must come first on PATH.
# TensorFlow's quiet environment is defined once, in dlkit/env.py (QUIET_ENV).
export PATH := $(CURDIR)/$(BIN):$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION = 1
# Parallel test workers (pytest-xdist): one per core; `make test JOBS=1` runs everything in one process.
JOBS ?= auto

.PHONY: help venv lab instructor test check lint notebooks release bench bench-grading grade lock envs clean

help:
	@echo "make lab         start JupyterLab on course/ (learners; creates .venv on first use)"
	@echo "make instructor  start JupyterLab at the repo root with formgrader (instructors)"
	@echo "make test        the whole test suite (what CI runs)"
	@echo "make check       quick checks (< 1 min): lint, unit tests, docstring examples, leak and sync scans"
	@echo "make notebooks   build solutions/*.ipynb from authoring/*.py"
	@echo "make release     generate course/ from solutions/ with nbgrader"
	@echo "make bench       time and peak memory of every solution notebook"
	@echo "make grade       CHAPTER=NN_slug SUBMISSIONS=folder-or-zip: grade a class in parallel, CSV out"
	@echo "make bench-grading  batch grading speed: 50 submissions, parallel vs sequential"
	@echo "make lock        re-pin requirements.lock and regenerate environment.yml, binder/"

venv: $(STAMP)
$(STAMP): requirements.txt requirements.lock pyproject.toml grader/pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), f"Python >= 3.11 needed, found {sys.version.split()[0]} (set PYTHON=python3.11)"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -c requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e . -e grader
	touch $(STAMP)

# COURSE_DIR and LAB_ARGS let the browser tests start exactly these servers on a scratch copy.
COURSE_DIR ?= course
LAB_ARGS ?=
lab: venv
	JUPYTER_CONFIG_DIR=$(CURDIR)/jupyter-config/student $(BIN)/jupyter lab --notebook-dir=$(COURSE_DIR) $(LAB_ARGS)

instructor: venv
	JUPYTER_CONFIG_DIR=$(CURDIR)/jupyter-config/instructor $(BIN)/jupyter lab --notebook-dir=. $(LAB_ARGS)

notebooks: venv
	$(BIN)/python -m dlgrade.build --execute

release: venv
	$(BIN)/python -m dlgrade.release

# The solution notebooks run inside tests/test_wrong_answers.py (worked numbers compared as nbval does,
# blank answers, catalogues) and tests/test_roundtrip.py (through nbgrader): no separate nbval pass.
test: venv
	$(BIN)/python -m pytest -q -n $(JOBS) --dist loadgroup --durations=15 tests

lint: venv
	$(BIN)/ruff check dlkit grader tests tools authoring nbgrader_config.py conftest.py

# The unit tests, the docstring examples of dlkit and dlgrade, and the quick release checks, in one run.
check: venv lint
	$(BIN)/python -m pytest -q -n $(JOBS) -m "not slow and not browser" --doctest-modules dlkit grader/dlgrade tests

bench: venv
	$(BIN)/python -m dlgrade.bench

bench-grading: venv
	$(BIN)/python -m dlgrade.bench_grading $(CHAPTER)

# make grade CHAPTER=01_perceptron SUBMISSIONS=path/to/folder-or.zip
grade: venv
	@test -n "$(CHAPTER)" -a -n "$(SUBMISSIONS)" || { echo "usage: make grade CHAPTER=NN_slug SUBMISSIONS=folder-or-zip"; exit 2; }
	$(BIN)/python -m dlgrade.batch $(CHAPTER) $(SUBMISSIONS) --feedback

lock:
	tools/lock.sh

envs: venv
	$(BIN)/python -m dlgrade.envs

clean:
	rm -rf grading artifacts
