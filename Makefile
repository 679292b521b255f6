# Methods 3 textbook. `make help` lists the targets.
#
# The first target you run creates .venv from pyproject.toml; later runs reuse it
# (and reinstall only when pyproject.toml changes).

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
SITE := _build/html

# Lesson, solution and front-matter notebooks, in book order within each folder.
NOTEBOOKS = $(sort $(wildcard lessons/week*/*.ipynb)) $(sort $(wildcard solutions/week*/*.ipynb)) \
            $(sort $(wildcard book/*.ipynb))

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[book,data]'
	@touch $(STAMP)

.PHONY: help install book test notebooks exercises grade bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' Makefile | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: $(STAMP) ## create .venv and install mmlib with every dependency

book: $(STAMP) ## build the site into _build/html and print where to open it
	$(VENV)/bin/jupyter-book build . -W -n --keep-going
	@echo "Open file://$(CURDIR)/$(SITE)/index.html"

test: $(STAMP) ## run the whole test suite: unit, lme4 reference values, doctests, nbval, build, browser
	$(PY) -m pytest tests mmlib grading lessons solutions book --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg

notebooks: $(STAMP) ## re-execute every lesson and solution notebook in place, from a fresh kernel
	@for nb in $(NOTEBOOKS); do \
		echo "executing $$nb"; \
		$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
			--ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.timeout=600 \
			--ExecutePreprocessor.record_timing=False "$$nb" || exit 1; \
	done

exercises: $(STAMP) ## otter assign each solutions/weekNN/weekNN.ipynb: student notebook, tests, worked solutions
	$(PY) -m grading assign

grade: $(STAMP) ## grade a class: make grade WEEK=NN SUBMISSIONS=DIR [OUT=FILE.csv] [TIMEOUT=SECONDS]
	@test -n "$(WEEK)" -a -n "$(SUBMISSIONS)" || \
		{ echo "usage: make grade WEEK=NN SUBMISSIONS=DIR [OUT=FILE.csv] [TIMEOUT=SECONDS]" >&2; exit 2; }
	$(PY) -m grading grade --week "$(WEEK)" --submissions "$(SUBMISSIONS)" \
		$(if $(OUT),--out "$(OUT)") $(if $(TIMEOUT),--timeout "$(TIMEOUT)")

bench: $(STAMP) ## measure build and notebook times into benchmarks/*.json
	@for script in $(sort $(wildcard benchmarks/bench_*.py)); do \
		echo "running $$script"; $(PY) $$script || exit 1; \
	done

clean: ## remove the built site (keeps .venv; `rm -rf .venv` to start from nothing)
	rm -rf _build .pytest_cache
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
