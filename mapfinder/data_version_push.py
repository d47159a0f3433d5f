"""The committed data version, pushed to each worker process by PostgreSQL's ``LISTEN``/``NOTIFY``, so that a listing
already remembered for it is answered without a single statement.

Every transaction that changes listed data notifies ``mapfinder_data_version`` (the ``bump_data_version`` trigger;
PostgreSQL delivers the notification when the transaction commits, never when it rolls back). One daemon thread per
process holds one connection that listens; it reads the version row when it starts, after each notification and at
least every ``REFRESH_SECONDS`` (the database's date, which moves at midnight without a write).

``current()`` gives the version only while it is surely current for this process: the thread listens, and no
transaction of this process has committed since the thread last read the row (a commit here forgets the version
until the thread has read it again, so a writer's own next request sees its write). Otherwise it gives ``None`` and
the caller asks the database, as it always did. A commit in *another* process reaches this one when PostgreSQL
delivers its notification, a matter of a millisecond or two (``docs/read-model.md``).
"""

import logging
import os
import threading
import time
from dataclasses import dataclass

import psycopg
from sqlalchemy import event
from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)
CHANNEL = "mapfinder_data_version"
APPLICATION_NAME = "mapfinder data version listener"  # how the connection shows in pg_stat_activity
REFRESH_SECONDS = 30.0
# How long one wait for a notification lasts: a version forgotten after a commit that changed no listed data (no
# notification follows) is read again at the latest after this.
WAIT_SECONDS = 0.5
RECONNECT_SECONDS = 2.0
_VERSION_SQL = "SELECT version, changed_at::text, current_date::text FROM data_version WHERE id = 1"


@dataclass(frozen=True)
class PushedVersion:
    """The committed data version as ``VocabularySnapshot.version`` spells it, and the database's date."""

    version: tuple
    today: str


class _Listener:
    def __init__(self, conninfo: str):
        self.conninfo = conninfo
        self.pid = os.getpid()
        self.lock = threading.Lock()
        self.pushed: PushedVersion | None = None
        self.commits = 0  # commits of this process; a read that saw a commit happen meanwhile is not trusted
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="data-version-listener", daemon=True)

    def _run(self) -> None:
        while not self.stopped.is_set():
            try:
                with psycopg.connect(
                    self.conninfo, autocommit=True, connect_timeout=5, application_name=APPLICATION_NAME
                ) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self._listen(connection)
            except psycopg.Error as error:
                logger.warning("data version listener: %s; reconnecting", error)
            self._forget()
            self.stopped.wait(RECONNECT_SECONDS)

    def _listen(self, connection: psycopg.Connection) -> None:
        read_at = 0.0
        while not self.stopped.is_set():
            if self.pushed is None or time.monotonic() - read_at > REFRESH_SECONDS:
                self._read(connection)
                read_at = time.monotonic()
            if list(connection.notifies(timeout=WAIT_SECONDS, stop_after=1)):
                list(connection.notifies(timeout=0))  # what came meanwhile: one read for all of them
                self._read(connection)
                read_at = time.monotonic()

    def _read(self, connection: psycopg.Connection) -> None:
        with self.lock:
            commits = self.commits
        version, changed_at, today = connection.execute(_VERSION_SQL).fetchone()
        with self.lock:
            if commits == self.commits:
                self.pushed = PushedVersion((version, changed_at, ""), today)

    def _forget(self) -> None:
        with self.lock:
            self.pushed = None
            self.commits += 1

    def stop(self) -> None:
        self.stopped.set()
        self._forget()


_listener: _Listener | None = None
_start_lock = threading.Lock()


def current(conninfo: str) -> PushedVersion | None:
    """The committed data version if this process surely knows it, else ``None``; starts the listener of this
    process (after a fork too) on the first call."""
    listener = _listener
    if listener is None or listener.pid != os.getpid():
        listener = _start(conninfo)
    return listener.pushed if listener.conninfo == conninfo else None


def _start(conninfo: str) -> _Listener:
    global _listener
    with _start_lock:
        if _listener is None or _listener.pid != os.getpid():
            _listener = _Listener(conninfo)
            _listener.thread.start()
        return _listener


def stop() -> None:
    """Stop this process's listener (tests, before their database is dropped)."""
    global _listener
    with _start_lock:
        if _listener is not None:
            _listener.stop()
            _listener.thread.join(timeout=RECONNECT_SECONDS + WAIT_SECONDS + 1)
            _listener = None


@event.listens_for(Session, "after_commit")
def _forget_after_commit(session) -> None:
    """A commit of this process may have changed listed data: until the listener has read the version again, requests
    ask the database."""
    listener = _listener
    if listener is not None:
        listener._forget()
