# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test setup lint format benchmark messages

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

setup: $(BIN)/.installed
	$(MANAGE) migrate --noinput
	$(if $(wildcard fixtures/*.yaml),$(MANAGE) load_questions --if-changed $(wildcard fixtures/*.yaml))

run: setup
	$(MANAGE) attach_sources
	DEBUG=1 $(MANAGE) create_demo
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup lint
	$(BIN)/python -m pytest

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(BIN)/.installed
	cd quizzes && ../$(MANAGE) makemessages -l ar --no-obsolete && ../$(MANAGE) compilemessages -l ar

benchmark: setup
	$(MANAGE) benchmark
