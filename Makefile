# wres — the two commands a newcomer needs: `make demo` and `make test`.
# Both bootstrap everything they need (uv, Python 3.12 environment, Java for Spark).
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
# Byte-compile at install: this environment may set PYTHONDONTWRITEBYTECODE, and compiling on every start is slow.
export UV_COMPILE_BYTECODE := 1

# Python 3.12: `python3.12` on PATH, else a pyenv install, else the system one.
PYTHON312 := $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12; do \
	if "$$p" -c 'import sys; assert sys.version_info[:2] == (3, 12)' >/dev/null 2>&1; then command -v "$$p" || echo "$$p"; break; fi; done)
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
RUN := $(UV) run --frozen --no-sync
WEB_ASSETS := src/wres/web/static/nhsuk

.PHONY: help setup system demo test lint typecheck pytest bench clean

help:
	@echo "make demo   set everything up and run the demo on a synthetic trust"
	@echo "make test   set everything up and run ruff, mypy and the full test suite"
	@echo "make bench  run the benchmark scripts (figures go to docs/performance.md by hand)"

.venv/.synced: pyproject.toml uv.lock
	@test -n "$(PYTHON312)" || { echo "error: Python 3.12 not found (install python3.12)"; exit 1; }
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen --all-extras --python "$(PYTHON312)"
	@touch $@

setup: .venv/.synced system node_modules/.installed $(WEB_ASSETS)/.copied
	@# wres's own modules too (an editable install): up-to-date files are skipped; a stale one is only slower.
	@$(RUN) python -m compileall -q -j 0 src/wres

# Debian packages the tests and reports need, installed only when missing: Java (Spark), Chromium (browser and
# accessibility tests; never `playwright install`), poppler-utils (PDF pages and text in report tests), the
# Pango libraries WeasyPrint renders PDFs with, and PostgreSQL (the web tests run against it as well as SQLite).
system:
	@missing=""; \
	command -v java >/dev/null 2>&1 || missing="$$missing openjdk-17-jre-headless"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
		|| { echo "error: could not install$$missing"; exit 1; }; fi

# Front-end assets and axe-core, from the committed package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The NHS.UK frontend assets the dashboard serves itself (never from a CDN), copied from the npm package.
# Fonts on assets.nhs.uk are left out: no request leaves the machine (wres/web/assets.py).
$(WEB_ASSETS)/.copied: node_modules/.installed .venv/.synced src/wres/web/assets.py
	$(RUN) python -m wres.web.assets node_modules/nhsuk-frontend/dist/nhsuk
	@touch $@

demo: setup
	$(RUN) wres demo

lint: setup
	$(RUN) ruff check src tests benchmarks
	$(RUN) ruff format --check src tests benchmarks

typecheck: setup
	$(RUN) mypy

# The whole suite on SQLite, then the web tests again on a local PostgreSQL server started for them.
pytest: setup
	$(RUN) pytest -n 2 --dist loadgroup
	DATABASE_URL=$$(scripts/postgres-test-server) $(RUN) pytest -n 2 --dist loadgroup tests/web -p no:cacheprovider

test: lint typecheck pytest

bench: setup
	$(RUN) python benchmarks/bench_synth.py
	$(RUN) python benchmarks/bench_indicators.py --rebuild
	$(RUN) python benchmarks/bench_import.py
	$(RUN) python benchmarks/bench_parts.py

clean:
	rm -rf .venv node_modules wres-data out .pytest_cache .mypy_cache .ruff_cache test-artifacts src/wres/web/static/nhsuk
