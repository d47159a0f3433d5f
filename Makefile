# mapfinder: `make run` serves the app on the private PostGIS with base and demo data; `make test` runs the suite.
PORT ?= 5000
VENV := .venv/bin
export FLASK_APP := wsgi.py

.PHONY: setup db run test lint stop translations bench clean

setup:
	scripts/setup.sh

db: setup
	scripts/pg.sh start
	$(VENV)/flask db upgrade
	$(VENV)/flask geodata load --demo --if-empty

run: db
	$(VENV)/flask run --host 127.0.0.1 --port $(PORT)

test: setup lint
	scripts/pg.sh start
	$(VENV)/pytest $(PYTEST_ARGS)

lint: setup
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .

stop:
	scripts/pg.sh stop

translations: setup
	$(VENV)/flask translate extract
	$(VENV)/flask translate update
	$(VENV)/flask translate compile

clean: stop
	rm -rf .venv .pg
