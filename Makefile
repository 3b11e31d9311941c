# aanbodplatform — every routine task has a target; `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask --app app
PYBABEL := $(VENV)/bin/pybabel
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | sort | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

.PHONY: system-deps
system-deps: ## Install the Debian packages the tests need (gettext, Chromium, Pango for PDFs, fonts-noto-core) when missing
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	test -d /usr/share/fonts/truetype/noto || missing="$$missing fonts-noto-core"; \
	ldconfig -p | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Please install:$$missing (sudo apt-get install$$missing)"; exit 1; \
	  fi; \
	fi

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[test]'
	@touch $(STAMP)

.PHONY: install
install: $(STAMP) ## Create .venv and install the project with its test extras

.PHONY: i18n-compile
i18n-compile: $(STAMP) ## Compile the message catalogs (.po → .mo)
	$(PYBABEL) compile -d translations

.PHONY: i18n-extract
i18n-extract: $(STAMP) ## Extract messages from code and templates into translations/messages.pot
	$(PY) -m aanbodplatform.i18n_tools extract

.PHONY: i18n-update
i18n-update: i18n-extract ## Merge messages.pot into every locale's messages.po
	$(PY) -m aanbodplatform.i18n_tools update

.PHONY: i18n-check
i18n-check: $(STAMP) ## Fail on stale/missing/fuzzy/bad translations, glossary drift, English left in, mixed digits
	$(PY) -m aanbodplatform.i18n_tools check
	$(PY) -m pytest -q -p no:cacheprovider tests/i18n/test_digits.py

.PHONY: setup
setup: install i18n-compile ## Install, compile translations, migrate, load data, seed demo (first run), index
	$(FLASK) setup
	$(FLASK) seed-demo --if-empty
	$(FLASK) search reindex

# The job worker (imports, search sync, freshness and handover ticks) runs beside the web server.
WORKER := $(VENV)/bin/huey_consumer aanbodplatform.worker.huey --workers 2 --worker-type thread
SERVE_PORT ?= 8000

.PHONY: run
run: setup ## Set everything up and serve on http://127.0.0.1:5000 with the job worker
	@$(WORKER) & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(FLASK) run --host $(HOST) --port $(PORT)

.PHONY: serve
serve: setup ## Serve with gunicorn (gunicorn.conf.py) and the job worker, as in production
	@$(WORKER) & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(VENV)/bin/gunicorn -c gunicorn.conf.py --bind $(HOST):$(SERVE_PORT) aanbodplatform.wsgi:app

.PHONY: worker
worker: install ## Run only the job worker (start several on several machines with REDIS_URL)
	$(WORKER)

.PHONY: test-postgres
test-postgres: install i18n-compile ## Run the suite on PostgreSQL (TEST_DATABASE_URL=postgresql://…)
	$(PY) -m pytest -q -p no:cacheprovider

.PHONY: typecheck
typecheck: install ## Check types with mypy: strict on search_index/, checked on the services (pyproject [tool.mypy])
	$(VENV)/bin/mypy

.PHONY: test
test: system-deps install i18n-compile ## Run lint, types, the catalog check and the whole test suite
	$(VENV)/bin/ruff check aanbodplatform search_index tests bench
	$(MAKE) --no-print-directory typecheck
	$(PY) -m aanbodplatform.i18n_tools check
	$(PY) -m pytest -q --cov --cov-report=term-missing:skip-covered

.PHONY: mutation
mutation: install ## Mutation-test the rule modules with mutmut, one at a time (slow; not in CI; docs/testing.md)
	nice -n 10 $(PY) -m bench.mutation $(MODULES) $(if $(SAMPLE),--sample $(SAMPLE))

.PHONY: relevance
relevance: install ## Print nDCG@10, recall@10 and zero results per locale on the relevance set (docs/relevance.md)
	$(PY) -m relevance.evaluate --misses

.PHONY: fonts
fonts: install ## Rebuild the vendored Ethiopic and Naskh font subsets from Debian's fonts-noto-core
	$(VENV)/bin/pip install -q "fonttools[woff]>=4.40"
	$(VENV)/bin/pyftsubset /usr/share/fonts/truetype/noto/NotoSansEthiopic-Regular.ttf \
	  --unicodes="U+1200-137F,U+0020,U+00A0" --layout-features='*' --flavor=woff2 \
	  --output-file=aanbodplatform/static/fonts/NotoSansEthiopic-Regular.subset.woff2
	$(VENV)/bin/pyftsubset /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf \
	  --unicodes="U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF,U+200C-200F,U+0020,U+00A0" \
	  --layout-features='*' --flavor=woff2 \
	  --output-file=aanbodplatform/static/fonts/NotoNaskhArabic-Regular.subset.woff2

.PHONY: test-fast
test-fast: install i18n-compile ## Run the tests without the browser suite
	$(PY) -m pytest -q -m "not browser"

.PHONY: lint
lint: install ## Check style with ruff
	$(VENV)/bin/ruff check aanbodplatform search_index tests bench

.PHONY: bench
bench: install ## Measure search and import speed beside Tantivy on 1k/10k/100k offers (docs/benchmarks.md)
	$(PIP) install -q -e '.[test,bench]'
	$(PY) -m bench.run

.PHONY: bench-import
bench-import: install ## Time the dashboard import job's check and import of a 12,500-row, 9.7 MB file
	$(PY) -m bench.import_check --rows 12500

.PHONY: load
load: setup ## Bounded loopback load test: gunicorn (2 workers), /healthz floor, mixed API + search pages
	$(PY) -m bench.load --spawn

.PHONY: clean
clean: ## Remove the virtual environment and build leftovers (keeps instance/)
	rm -rf $(VENV) .pytest_cache build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
