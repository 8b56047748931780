# The two commands a newcomer needs: `make run` and `make test`; `make serve` runs it for a school.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test setup lint format benchmark messages serve load capacity backup restore

# The app's requirements only (run, serve); the test and lint tools on top for test, lint, format.
$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.dev-installed: requirements-dev.txt $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(BIN)/.installed
	$(MANAGE) migrate --noinput
	$(if $(wildcard fixtures/*.yaml),$(MANAGE) load_questions --if-changed $(wildcard fixtures/*.yaml))

# Tasks run at once in the process that enqueues them (TASKS_BACKEND=immediate), so no worker:
# the scheduler beside runserver finalises overdue attempts and sends the digests; it stops with it.
run: setup
	$(MANAGE) attach_sources
	DEBUG=1 $(MANAGE) create_demo
	DEBUG=1 $(MANAGE) run_scheduler & trap "kill $$! 2>/dev/null" EXIT; DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

lint: $(BIN)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup $(BIN)/.dev-installed lint
	$(BIN)/python -m pytest

format: $(BIN)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(BIN)/.installed
	cd quizzes && ../$(MANAGE) makemessages -l ar --no-obsolete && ../$(MANAGE) compilemessages -l ar

benchmark: setup
	$(MANAGE) benchmark

# Production: DEBUG off, migrations and collected static files, then several gunicorn workers, with
# the task worker (db_worker: fits, digests, finalising, grade sends) and the scheduler beside them;
# both stop when gunicorn does. The deployment gives SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (and
# REDIS_URL, mail, SITE_URL): see the README.
serve: $(BIN)/.installed
	DJANGO_ENV=production $(MANAGE) migrate --noinput
	DJANGO_ENV=production $(MANAGE) collectstatic --noinput --verbosity 0
	DJANGO_ENV=production $(MANAGE) db_worker --no-reload & worker=$$!; \
	DJANGO_ENV=production $(MANAGE) run_scheduler & scheduler=$$!; \
	DJANGO_ENV=production $(BIN)/gunicorn quizsite.wsgi --config gunicorn.conf.py & web=$$!; \
	trap 'kill $$worker $$scheduler $$web 2>/dev/null; wait' TERM; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT; \
	wait $$web

# A bounded headless Locust run against a server already started with `make serve` (never part of `make test`).
LOAD_HOST ?= http://127.0.0.1:8000
LOAD_USERS ?= 200
LOAD_SPAWN ?= 5
LOAD_TIME ?= 6m
$(BIN)/.load-installed: requirements-load.txt $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-load.txt
	touch $@

# Where the machine has two cores or more, the server is pinned to one and Locust runs on another
# (tests/load/capacity.py --pin says which), so the load generator never takes the server's CPU.
load: $(BIN)/.load-installed
	$(MANAGE) load_school --students $(LOAD_USERS)
	$(BIN)/python tests/load/capacity.py --pin --host $(LOAD_HOST)
	$$(cat /tmp/load_locust_prefix) $(BIN)/locust -f tests/load/locustfile.py --headless --host $(LOAD_HOST) \
		--users $(LOAD_USERS) --spawn-rate $(LOAD_SPAWN) --run-time $(LOAD_TIME) --only-summary --stop-timeout 30 --csv /tmp/load
	$(MANAGE) load_school --verify
	@cat /tmp/load_logins.txt 2>/dev/null; echo; uptime

# Steps the number of studying students against `make serve` (pinned as for `load`) and prints, per
# step, req/s, p50, p95, failures and the workers' CPU ms per request; stops at the first p95 over 150 ms.
CAPACITY_STEPS ?= 100,200,300,400,500,600,800,1000
CAPACITY_TIME ?= 60
comma := ,
capacity: $(BIN)/.load-installed
	$(MANAGE) load_school --students $(lastword $(subst $(comma), ,$(CAPACITY_STEPS)))
	$(BIN)/python tests/load/capacity.py --host $(LOAD_HOST) --steps $(CAPACITY_STEPS) --run-time $(CAPACITY_TIME) \
		--database $$($(MANAGE) shell -c "from django.db import connection; print(connection.settings_dict['NAME'])")
	$(MANAGE) load_school --verify --rated /tmp/capacity-rated-not-counted
	uptime

backup:
	scripts/backup.sh

restore:
	scripts/restore.sh $(FILE)
