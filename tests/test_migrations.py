"""The migrations build exactly the schema the models describe, and downgrade → upgrade round-trips."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from config import TestConfig
from mapfinder import create_app
from mapfinder.database import MIGRATIONS_DIR, include_object
from mapfinder.extensions import db

from .conftest import drop_database, recreate_database

ROUND_TRIP_URL = make_url(TestConfig.SQLALCHEMY_DATABASE_URI).set(database=f"mapfinder_test_migrations_{os.getpid()}")


class RoundTripConfig(TestConfig):
    SQLALCHEMY_DATABASE_URI = ROUND_TRIP_URL.render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def scratch_app():
    """An app on its own empty database, so dropping every table does not disturb the other tests."""
    recreate_database(RoundTripConfig.SQLALCHEMY_DATABASE_URI)
    app = create_app(RoundTripConfig)
    yield app
    with app.app_context():
        db.engine.dispose()
    drop_database(RoundTripConfig.SQLALCHEMY_DATABASE_URI)


def _schema_differences(app) -> list:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object, "compare_type": True})
        return compare_metadata(context, db.metadata)


def test_models_and_migrations_agree(scratch_app):
    with scratch_app.app_context():
        upgrade()
    assert _schema_differences(scratch_app) == []


def test_downgrade_then_upgrade_round_trips(scratch_app):
    with scratch_app.app_context():
        upgrade()
        tables_before = set(inspect(db.engine).get_table_names())
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version", "spatial_ref_sys"}
        upgrade()
        assert set(inspect(db.engine).get_table_names()) == tables_before
    assert _schema_differences(scratch_app) == []


def test_spatial_indexes_exist(scratch_app):
    with scratch_app.app_context():
        upgrade()
    engine = create_engine(ROUND_TRIP_URL)
    with engine.connect() as connection:
        indexes = set(connection.scalars(text("SELECT indexname FROM pg_indexes WHERE indexdef ILIKE '%USING gist%'")))
    engine.dispose()
    assert {
        "idx_places_geom",
        "idx_districts_geom",
        "ix_places_geom_geography",
        "ix_districts_geom_geography",
    } <= indexes


def test_upgrade_converts_text_schedules_costs_registration_and_contacts(scratch_app):
    """Existing German text becomes records; an offer without a place gets a virtual place."""
    with scratch_app.app_context():
        downgrade(revision="base")
        upgrade(revision="a752e3b45bec")
        db.session.execute(
            text(
                "INSERT INTO offers (id, title, description, is_free, cost, languages, schedule, registration, status,"
                " is_demo, contact_email, contact_phone, created_at, updated_at) VALUES (1, 'Kurs', '', false,"
                " 'Kursgebühr 30 € für 5 Termine', '{de}', 'dienstags 10:00–11:00, 5 Termine', 'Anmeldung erwünscht',"
                " 'published', false, 'kurs@example.org', '0208 1', now(), now())"
            )
        )
        db.session.commit()
        upgrade()
        rows = db.session.execute(text("SELECT freq, byday, opens_at::text, notes FROM schedules")).all()
        cost = db.session.execute(text("SELECT kind, amount, amount_description FROM cost_options")).one()
        offer = db.session.execute(text("SELECT registration_kind, registration_note FROM offers")).one()
        phone = db.session.scalar(text("SELECT p.number FROM phones p JOIN contacts c ON c.id = p.contact_id"))
        place = db.session.execute(
            text("SELECT p.location_type FROM places p JOIN offer_places op ON op.place_id = p.id")
        ).one()
        db.session.rollback()
        downgrade(revision="base")
    assert rows == [("WEEKLY", "TU", "10:00:00", "5 Termine")]
    assert (cost.kind, float(cost.amount), cost.amount_description) == ("fee", 30.0, "Kursgebühr 30 € für 5 Termine")
    assert tuple(offer) == ("recommended", None) and phone == "0208 1" and place.location_type == "virtual"


MUNICIPALITY_REVISION = "f4431bd78442"


def test_existing_content_gets_the_municipality_of_the_data_folder(scratch_app):
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    with scratch_app.app_context():
        upgrade()
        downgrade(revision=script.get_revision(MUNICIPALITY_REVISION).down_revision)
        with db.engine.begin() as connection:
            connection.execute(
                text("INSERT INTO organizations (key, name, description, is_demo) VALUES ('old', 'Träger', '', false)")
            )
        upgrade()
        with db.engine.connect() as connection:
            slug, name, lat = connection.execute(text("SELECT slug, name, ST_Y(centre) FROM municipalities")).one()
            assigned = connection.scalar(text("SELECT municipality_id FROM organizations WHERE key = 'old'"))
            own_id = connection.scalar(text("SELECT id FROM municipalities"))
        downgrade(revision="base")
        upgrade()
    assert (slug, name, round(lat, 2)) == ("muelheim-an-der-ruhr", "Mülheim an der Ruhr", 51.43)
    assert assigned == own_id
