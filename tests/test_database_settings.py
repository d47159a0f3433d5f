"""Each app connection runs with ``DATABASE_SETTINGS`` (by default no JIT and no parallel workers for its short
statements); a malformed setting stops the start with its text instead of reaching the database."""

import pytest
from sqlalchemy import text

from mapfinder.database import connection_settings
from mapfinder.extensions import db


def test_the_apps_connections_run_without_jit_and_parallel_workers(app):
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("SHOW jit")).scalar() == "off"
        assert connection.execute(text("SHOW max_parallel_workers_per_gather")).scalar() == "0"


def test_the_settings_survive_a_rolled_back_transaction(app):
    with app.app_context(), db.engine.connect() as connection:
        connection.rollback()
        assert connection.execute(text("SHOW jit")).scalar() == "off"


@pytest.mark.parametrize("item", ["jit", "=off", "jit=", "jit;drop table offers=off", "Jit=off"])
def test_a_malformed_setting_is_refused_with_its_text(item):
    with pytest.raises(ValueError, match="expected name=value"):
        connection_settings([item])


def test_settings_are_parsed_into_pairs():
    assert connection_settings(["jit=off", " work_mem = 8MB "]) == [("jit", "off"), ("work_mem", "8MB")]
