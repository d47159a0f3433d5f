"""Test set-up: a real PostGIS database built by the real migrations, base data loaded once, and each test in a
transaction that is rolled back. No SQLite, no mocked session: if PostGIS is not reachable, every test fails."""

import re
import threading
from pathlib import Path

import psycopg
import pytest
from flask_migrate import upgrade
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.engine import make_url
from sqlalchemy.orm import scoped_session, sessionmaker

from config import TestConfig
from mapfinder import create_app, data_version_push
from mapfinder.extensions import db
from mapfinder.importers.base_data import load_base_data

from .factories import Factories

REFERENCE_DIR = Path(TestConfig.REFERENCE_DATA_DIR)
GEODATA_DIR = Path(TestConfig.GEODATA_DIR)


def _maintenance_connection(url: str) -> psycopg.Connection:
    maintenance = make_url(url).set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    try:
        return psycopg.connect(maintenance, autocommit=True)
    except psycopg.OperationalError as error:
        raise RuntimeError(
            f"PostGIS is not reachable ({error}); start it with `make test` or `scripts/pg.sh start`"
        ) from error


def recreate_database(url: str) -> None:
    """Drop and create the database of ``url`` through the cluster's maintenance database."""
    name = make_url(url).database
    with _maintenance_connection(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    """Drop the database of ``url`` (the end of a test run)."""
    with _maintenance_connection(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def drop_abandoned_test_databases(url: str) -> None:
    """Remove databases of earlier test runs whose process is gone (a run killed before its clean-up)."""
    with _maintenance_connection(url) as connection:
        names = [
            row[0] for row in connection.execute("SELECT datname FROM pg_database WHERE datname ~ '^mapfinder_test_'")
        ]
        for name in names:
            pid = name.rsplit("_", 1)[-1]
            if pid.isdigit() and not Path(f"/proc/{pid}").exists():
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def app():
    """The app on a fresh test database: migrated, with the base and demo data committed once."""
    drop_abandoned_test_databases(TestConfig.SQLALCHEMY_DATABASE_URI)
    recreate_database(TestConfig.SQLALCHEMY_DATABASE_URI)
    app = create_app(TestConfig)
    with app.app_context():
        upgrade()
        load_base_data(GEODATA_DIR, REFERENCE_DIR, demo=True)
        db.session.commit()
        db.session.remove()
    yield app
    data_version_push.stop()
    with app.app_context():
        db.engine.dispose()
    drop_database(TestConfig.SQLALCHEMY_DATABASE_URI)


@pytest.fixture()
def session(app):
    """A session whose work is rolled back after the test, commits included (they become savepoints)."""
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original = db.session
        # SQLAlchemy's own Session: Flask-SQLAlchemy's picks the engine per table and would bypass the connection.
        factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        test_thread = threading.get_ident()

        def new_session():
            """The test's thread joins its transaction; any other thread (the browser suite's live server, a render
            pool) keeps the app's own sessions: two threads on one connection would corrupt its transaction."""
            return factory() if threading.get_ident() == test_thread else original.session_factory()

        db.session = scoped_session(new_session, scopefunc=_app_ctx_id)
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            wrote_districts = connection.exec_driver_sql(_DISTRICT_WRITES).scalar()
            transaction.rollback()
            if wrote_districts:
                rebuild_district_indexes(connection)
            connection.close()


# Writes to ``districts`` in this transaction (its subtransactions included), before it is rolled back.
_DISTRICT_WRITES = (
    "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
    " WHERE relname = 'districts'"
)


def rebuild_district_indexes(connection) -> None:
    """Rebuild the indexes of ``districts`` after a test rolled back writes to it.

    Seen on PostGIS 3.3.2 / PostgreSQL 15 in about half the full runs: after many rolled-back versions of the same
    district rows, the GiST index on ``districts.geom`` held an entry of a live, committed row flagged dead; a later
    insert pruned it, and from then on index scans missed whole Stadtteile (places assigned to none; every later test
    that placed a point there failed). A rebuilt index starts without such flags. Production does not roll back
    district writes test after test; ``flask geodata import-districts`` commits or refuses the whole file.
    """
    connection.exec_driver_sql("REINDEX TABLE districts")
    connection.commit()


@pytest.fixture()
def client(app, session):
    """A test client whose requests see the test's uncommitted data."""
    return app.test_client()


@pytest.fixture()
def cli(app, session):
    """Runs ``flask`` commands inside the test's transaction."""
    return app.test_cli_runner()


@pytest.fixture()
def make(session) -> Factories:
    """Factories for places, offers and districts with sensible defaults."""
    return Factories(session)


@pytest.fixture()
def csrf(client) -> str:
    """A CSRF token of the client's session, read from a form of the finder (every POST needs one)."""
    page = client.get("/").get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the finder shows no form with a CSRF token"
    return match.group(1)


@pytest.fixture(scope="session")
def smtp_server(app):
    """A loopback SMTP server the app sends to for the whole run."""
    from .smtp_standin import start_server

    controller, mailbox = start_server()
    app.config.update(MAIL_SERVER=controller.hostname, MAIL_PORT=controller.port)
    yield mailbox
    controller.stop()
    app.config.update(MAIL_SERVER="")


@pytest.fixture()
def mailbox(smtp_server):
    """The stand-in's mailbox, emptied for this test."""
    smtp_server.messages.clear()
    smtp_server.accept_limit = None
    return smtp_server


@pytest.fixture(scope="session")
def oidc_provider():
    """A loopback OpenID Connect provider for the whole run (tests/oidc_standin.py)."""
    from .oidc_standin import Provider

    provider = Provider().start()
    yield provider
    provider.stop()


@pytest.fixture()
def sso(app, oidc_provider):
    """Single sign-on configured against the stand-in for one test (fresh client, default person, nothing tampered)."""
    oidc_provider.reset()
    settings = {
        "OIDC_ISSUER": oidc_provider.url,
        "OIDC_CLIENT_ID": oidc_provider.client_id,
        "OIDC_CLIENT_SECRET": oidc_provider.client_secret,
        "OIDC_BUTTON_LABEL": "",
        "OIDC_GROUP_ORGANIZATIONS": "",
    }
    previous = {name: app.config.get(name) for name in settings}
    app.config.update(settings)
    app.extensions.pop("mapfinder.oidc", None)
    yield oidc_provider
    app.config.update(previous)
    app.extensions.pop("mapfinder.oidc", None)
