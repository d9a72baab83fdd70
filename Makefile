# Two commands: `make demo` runs the app with demo data; `make test` runs every test.
# Both set everything up first: .venv, Python requirements, front-end assets, services.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SERVICES = eval "$$(scripts/services.sh start)"

.PHONY: demo test bench setup assets system-deps lint services-stop clean

demo: setup
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	@echo "Serving on http://127.0.0.1:8000 (Ctrl+C to stop)"
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: setup system-deps
	$(SERVICES) && $(VENV)/bin/pytest $(PYTEST_ARGS)
	@echo "== The same suite on SQLite, with tasks in-process"
	env -u DATABASE_URL -u REDIS_URL $(VENV)/bin/pytest -m "not celery" $(PYTEST_ARGS)

bench: setup system-deps
	$(SERVICES) && $(PY) -m bench $(BENCH_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

setup: $(VENV)/.installed static_build/.built

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

static_build/.built: package.json package-lock.json $(wildcard frontend/*)
	npm ci --no-audit --no-fund --loglevel=error
	npm run build
	touch $@

system-deps:
	@scripts/system-deps.sh

services-stop:
	scripts/services.sh stop

clean:
	rm -rf $(VENV) node_modules static_build staticfiles
