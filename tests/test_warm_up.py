"""The gunicorn master's warm-up: every template compiled and every language's catalogue loaded, so forked workers
start with them; it reads nothing from the database."""

from flask_babel import get_domain
from sqlalchemy import event
from sqlalchemy.pool import Pool

from config import TestConfig
from mapfinder import create_app
from mapfinder.warm_up import TEMPLATE_SUFFIXES, warm_up


def test_templates_and_catalogues_are_ready_without_a_database_connection(app):
    fresh = create_app(TestConfig)
    opened = []

    def count(*args):
        opened.append(1)

    event.listen(Pool, "connect", count)
    try:
        warm_up(fresh)
    finally:
        event.remove(Pool, "connect", count)
    assert opened == []
    templates = fresh.jinja_env.list_templates(filter_func=lambda name: name.endswith(TEMPLATE_SUFFIXES))
    assert len(templates) > 50
    compiled = {key[1] for key in fresh.jinja_env.cache.keys()}
    assert set(templates) <= compiled
    with fresh.app_context():
        loaded = {str(key[0]) for key in get_domain().cache.keys()}
    assert set(fresh.config["LANGUAGES"]) <= loaded
