# The course's commands. Quick start: `make lab` (learners), `make test` (everything CI runs).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# nbgrader runs helper commands (alembic, jupyter) by name: the venv's bin must come first on PATH.
export PATH := $(CURDIR)/$(BIN):$(PATH)
export TF_CPP_MIN_LOG_LEVEL ?= 3
export TF_ENABLE_ONEDNN_OPTS ?= 0
export PYDEVD_DISABLE_FILE_VALIDATION = 1

.PHONY: help venv lab instructor test check notebooks release bench bench-grading grade lock envs clean

help:
	@echo "make lab         start JupyterLab on course/ (learners; creates .venv on first use)"
	@echo "make instructor  start JupyterLab at the repo root with formgrader (instructors)"
	@echo "make test        the whole test suite (what CI runs)"
	@echo "make check       quick checks (< 1 min): unit tests, leak and sync scans"
	@echo "make notebooks   build solutions/*.ipynb from authoring/*.py"
	@echo "make release     generate course/ from solutions/ with nbgrader"
	@echo "make bench       time and peak memory of every solution notebook"
	@echo "make grade       CHAPTER=NN_slug SUBMISSIONS=folder-or-zip: grade a class in parallel, CSV out"
	@echo "make bench-grading  batch grading speed: 50 submissions, parallel vs sequential"
	@echo "make lock        re-pin requirements.lock and regenerate environment.yml, binder/"

venv: $(STAMP)
$(STAMP): requirements.txt requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), f"Python >= 3.11 needed, found {sys.version.split()[0]} (set PYTHON=python3.11)"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -c requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# COURSE_DIR and LAB_ARGS let the browser tests start exactly these servers on a scratch copy.
COURSE_DIR ?= course
LAB_ARGS ?=
lab: venv
	JUPYTER_CONFIG_DIR=$(CURDIR)/jupyter-config/student $(BIN)/jupyter lab --notebook-dir=$(COURSE_DIR) $(LAB_ARGS)

instructor: venv
	JUPYTER_CONFIG_DIR=$(CURDIR)/jupyter-config/instructor $(BIN)/jupyter lab --notebook-dir=. $(LAB_ARGS)

notebooks: venv
	$(BIN)/python tools/build_notebooks.py --execute

release: venv
	$(BIN)/python tools/release.py

test: venv
	$(BIN)/python -m pytest -q --nbval-lax --nbval-current-env tests solutions

check: venv
	$(BIN)/python -m pytest -q -m "not slow and not browser" tests

bench: venv
	$(BIN)/python tools/bench.py

bench-grading: venv
	$(BIN)/python tools/bench_grading.py $(CHAPTER)

# make grade CHAPTER=01_perceptron SUBMISSIONS=path/to/folder-or.zip
grade: venv
	@test -n "$(CHAPTER)" -a -n "$(SUBMISSIONS)" || { echo "usage: make grade CHAPTER=NN_slug SUBMISSIONS=folder-or-zip"; exit 2; }
	$(BIN)/python tools/grade.py $(CHAPTER) $(SUBMISSIONS) --feedback

lock:
	tools/lock.sh

envs: venv
	$(BIN)/python tools/sync_envs.py

clean:
	rm -rf grading artifacts
