"""The data version pushed by LISTEN/NOTIFY (issue 11): a remembered listing costs no statement, and a committed write
still reaches the next request — at once in the writing process, on its notification in every other one."""

import threading
import time
from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy import event

from mapfinder import catalog, data_version_push
from mapfinder.extensions import db
from mapfinder.models import Offer

from .committed import organization_with_offer, remove_organization_with_offer

WAIT = 10.0  # seconds a notification may take before the test fails (it takes milliseconds)


@pytest.fixture()
def reader(app):
    """A client whose requests use the app's own sessions (committed data, as in production), with the listener of
    this process running on the app's database."""
    with app.app_context():
        conninfo = catalog._conninfo()
    # no app context held here: each request pushes and pops its own, as in production
    return app.test_client(), conninfo


@pytest.fixture()
def renamed_offer(app):
    """A committed published offer whose title a test may change with a committed write; removed after the test."""
    with app.app_context():
        _, _, offer = organization_with_offer("push", "vogel", "Vogelhaus")
        db.session.commit()
        offer_id = offer.id
        db.session.remove()
    yield offer_id
    with app.app_context():
        remove_organization_with_offer("push", "vogel")
        db.session.remove()


@contextmanager
def database_work(app):
    """Statements and pool check-outs of the app's engine during the block."""
    seen = {"statements": 0, "checkouts": 0}
    with app.app_context():
        engine = db.engine

    def statement(*_):
        seen["statements"] += 1

    def checkout(*_):
        seen["checkouts"] += 1

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "checkout", checkout)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "checkout", checkout)


def wait_for_push(conninfo: str, *, other_than=None) -> data_version_push.PushedVersion:
    """The pushed version once the listener has one (different from ``other_than``); fails after ``WAIT``."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        pushed = data_version_push.current(conninfo)
        if pushed is not None and pushed != other_than:
            return pushed
        time.sleep(0.01)
    pytest.fail(f"no data version pushed within {WAIT} s")


def titles(client, query: str) -> list[str]:
    response = client.get(f"/api/v1/offers?q={query}")
    assert response.status_code == 200
    return [feature["properties"]["title"] for feature in response.json["features"]]


def test_a_remembered_listing_costs_no_statement_and_no_connection(app, reader):
    client, conninfo = reader
    wait_for_push(conninfo)
    first = client.get("/api/v1/offers?phase=fruehe-kindheit&limit=50")
    assert first.status_code == 200
    wait_for_push(conninfo)
    with database_work(app) as seen:
        again = client.get("/api/v1/offers?phase=fruehe-kindheit&limit=50")
        points = client.get("/api/v1/offers/points?phase=fruehe-kindheit")
        points_again = client.get("/api/v1/offers/points?phase=fruehe-kindheit")
    assert again.data == first.data and points_again.data == points.data
    # the points were made once (their statements), then remembered; the API page needed nothing at all
    assert seen["checkouts"] == 1, seen


def test_without_push_every_listing_asks_the_database_for_the_version(app, reader):
    client, conninfo = reader
    client.get("/api/v1/offers?phase=fruehe-kindheit&limit=50")
    app.config["DATA_VERSION_PUSH"] = False
    try:
        with database_work(app) as seen:
            client.get("/api/v1/offers?phase=fruehe-kindheit&limit=50")
    finally:
        app.config["DATA_VERSION_PUSH"] = True
    assert seen == {"statements": 1, "checkouts": 1}


def test_a_commit_in_this_process_is_listed_by_its_next_request_at_once(app, reader, renamed_offer, monkeypatch):
    client, conninfo = reader
    wait_for_push(conninfo)
    assert titles(client, "Zaunkönigtreff") == []
    # the listener may not read the new version before the request comes: it is held until the test ends
    release = threading.Event()
    read = data_version_push._Listener._read
    monkeypatch.setattr(data_version_push._Listener, "_read", lambda self, connection: release.wait(WAIT))
    with app.app_context():
        db.session.get(Offer, renamed_offer).title = "Zaunkönigtreff am Morgen"
        db.session.commit()
        db.session.remove()
    # the commit made this process forget the pushed version until the listener has read it again
    assert titles(client, "Zaunkönigtreff") == ["Zaunkönigtreff am Morgen"]
    monkeypatch.setattr(data_version_push._Listener, "_read", read)
    release.set()


def test_a_commit_of_another_process_is_listed_once_it_is_notified(app, reader, renamed_offer):
    client, conninfo = reader
    before = wait_for_push(conninfo)
    assert titles(client, "Goldammertreff") == []
    with psycopg.connect(conninfo) as connection:  # another client of the database: no hook of this process runs
        connection.execute("UPDATE offers SET title = 'Goldammertreff' WHERE id = %s", (renamed_offer,))
    after = wait_for_push(conninfo, other_than=before)
    assert after.version[0] > before.version[0]
    assert titles(client, "Goldammertreff") == ["Goldammertreff"]


def test_a_rolled_back_write_pushes_nothing(app, reader, renamed_offer):
    client, conninfo = reader
    before = wait_for_push(conninfo)
    with psycopg.connect(conninfo) as connection:
        connection.execute("UPDATE offers SET title = 'Verworfen' WHERE id = %s", (renamed_offer,))
        connection.rollback()
    time.sleep(3 * data_version_push.WAIT_SECONDS)
    assert data_version_push.current(conninfo) == before


def test_a_lost_listener_connection_falls_back_to_asking_then_listens_again(app, reader, renamed_offer):
    client, conninfo = reader
    before = wait_for_push(conninfo)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        killed = connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            (data_version_push.APPLICATION_NAME,),
        ).fetchall()
        assert killed == [(True,)]
        deadline = time.monotonic() + WAIT
        while data_version_push.current(conninfo) is not None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert data_version_push.current(conninfo) is None  # the listener noticed: nothing pushed is trusted
        connection.execute("UPDATE offers SET title = 'Zilpzalptreff' WHERE id = %s", (renamed_offer,))
    assert titles(client, "Zilpzalptreff") == ["Zilpzalptreff"]  # asked the database meanwhile
    assert wait_for_push(conninfo).version[0] > before.version[0]  # and listens again
