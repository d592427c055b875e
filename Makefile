# OMIL CRM — the two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

# The first Python 3.13 or 3.12 on the PATH (pyenv honours .python-version); never downloaded.
PYTHON_FOR_VENV := $(shell for p in python3.13 python3.12 python3; do \
	if command -v $$p >/dev/null 2>&1 && \
	   $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; \
	then echo $$p; break; fi; done)

.PHONY: run test test-packages venv migrate demo lint format check-compose clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON_FOR_VENV)" ]; then \
		echo "No se encontró Python 3.13 ni 3.12 en el PATH."; \
		echo "Instale uno (por ejemplo: apt install python3.13, o pyenv install 3.13) y repita."; \
		exit 1; fi
	@test -x $(PY) || $(PYTHON_FOR_VENV) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

migrate: venv
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py seed_demo

run: demo
	@echo "OMIL CRM en http://$(HOST):$(PORT)/ — ingrese con una de las cuentas de arriba."
	$(PY) manage.py runserver $(HOST):$(PORT)

# The suite in two parts: most tests on every core (pytest-xdist, TEST_WORKERS=0 for one
# process), then one at a time the browser tests and the tests that crash, freeze and restart
# real services, which must not share the machine's attention, ports or Redis with a parallel
# worker. A part with nothing selected (PYTEST_ARGS naming one file) counts as passed.
TEST_WORKERS ?= 2
test: test-packages venv
	@first=0; second=0; \
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not alone" $(PYTEST_ARGS) || first=$$?; \
	$(PY) -m pytest -p no:xdist -m alone $(PYTEST_ARGS) || second=$$?; \
	if [ $$first -eq 5 ] && [ $$second -eq 5 ]; then echo "Ninguna prueba coincide."; exit 5; fi; \
	[ $$first -eq 5 ] && first=0; [ $$second -eq 5 ] && second=0; \
	exit $$(( first > second ? first : second ))

# Chromium, Dovecot, Redis, Caddy and docker-compose, which the suite drives for real: installed
# here when missing (root and apt), or the run stops before pytest with the command to run.
test-packages:
	@bash scripts/test_packages.sh

# Scale benchmark on PostgreSQL (tests/bench/scale.py): for each size in BENCH_SIZES, its own
# database <BENCH_DB_PREFIX>_s<size without the dot> (omil_bench_s01, _s1, _s3; created when
# missing, seeded once: seed_bench skips a database that already has the data), where every
# main page is measured with its p50 as a multiple of the floor page (/notificaciones/, asked
# right before each measured request of every page); then
# the same pages at all sizes in one process, one request at each size in turn, for
# the scale curve (each page's p50 per size, largest size / 1× ≤ 1,3×), the HTTP load
# (gunicorn with 2 workers + locust, 41 staff, and the same load on a bare view as the
# ceiling) on the 1× database, and the import benchmarks. Writes var/bench/results.md.
#   BENCH_DB_PREFIX   database URL without the size suffix (default: DATABASE_URL)
#   BENCH_SIZES       sizes, e.g. "0.1 1 3" (default) or "0.05" for a quick run
#   BENCH_SCALE       one size, kept for quick runs: BENCH_SCALE=0.05 make bench
#   BENCH_ARGS        for the page runner (tests.bench.run), e.g. "--repeticiones 10"
#   BENCH_LOAD_ARGS   for the load (tests.bench.load), e.g. "--duracion 30 --espera 2";
#                     BENCH_LOAD_ARGS=--omitir skips it
# Measured on 2 quiet cores: seeding once took about 0.5 min at 0.1×, 3 min at 1× and 11 min
# at 3×; a run on seeded databases 7.5-8 min (pages 0.5-1 min per size, the curve 2 min, load
# 2.5 min, imports 1 min); the phase table at the end says how long each step took.
BENCH_SCALE ?=
BENCH_SIZES ?= $(if $(BENCH_SCALE),$(BENCH_SCALE),0.1 1 3)
BENCH_DB_PREFIX ?= $(DATABASE_URL)
BENCH_ARGS ?=
BENCH_LOAD_ARGS ?=
.PHONY: bench
bench: venv
	$(PY) -m tests.bench.scale --tamanos "$(BENCH_SIZES)" --prefijo "$(BENCH_DB_PREFIX)" \
		--paginas="$(BENCH_ARGS)" \
		$(if $(filter --omitir,$(BENCH_LOAD_ARGS)),--sin-carga,--carga="$(BENCH_LOAD_ARGS)")

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Backups (README, «Copias de seguridad»): pg_dump of DATABASE_URL (or a copy of the SQLite
# file) and the attachments under MEDIA_ROOT, into var/backups/ (OMIL_BACKUP_DIR).
# `make restore ARCHIVO=var/backups/omil-….dump DESTINO=postgres://…/base_nueva_vacia`.
BACKUP_PY := $(if $(wildcard $(PY)),$(PY),python3)
.PHONY: backup restore
backup:
	@$(BACKUP_PY) scripts/backup.py

restore:
	@if [ -z "$(ARCHIVO)" ] || [ -z "$(DESTINO)" ]; then \
		echo "Uso: make restore ARCHIVO=var/backups/omil-AAAAMMDD-HHMMSS.dump \
DESTINO=postgres://usuario@servidor:5432/base_nueva_vacia"; exit 1; fi
	@$(BACKUP_PY) scripts/backup.py --restaurar "$(ARCHIVO)" --destino "$(DESTINO)"

check-compose:
	docker-compose -f docker-compose.yml config -q

clean:
	rm -rf $(VENV) var/omil.sqlite3
