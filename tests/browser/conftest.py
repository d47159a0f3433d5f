"""Browser fixtures: the app served by a real server on 127.0.0.1 (it sees the committed base and demo data) and
Debian's Chromium driven by Playwright; every request to another host is blocked and reported."""

import threading
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from mapfinder.extensions import db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="session")
def live_server(app):
    """Base URL of the app served in a thread; the server's requests use their own sessions (nothing rolled back)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium (never a downloaded one)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def foreign_requests() -> list[str]:
    """URLs the page tried to fetch from a host other than this app's."""
    return []


def _guard(route, foreign: list[str]) -> None:
    url = route.request.url
    if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).hostname in LOCAL_HOSTS:
        route.continue_()
    else:
        foreign.append(url)
        route.abort()


def open_page(browser, foreign: list[str], *, width: int = 1280, height: int = 900, locale: str = "de-DE"):
    """A fresh page whose every request goes through the local-host guard."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
    context.route("**/*", lambda route: _guard(route, foreign))
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.wait_for_function = lambda expression, timeout=10_000, **_: wait_for_expression(page, expression, timeout)
    return page


def wait_for_expression(page, expression: str, timeout: float = 10_000) -> None:
    """Poll ``expression`` until it is truthy. Playwright's own ``wait_for_function`` evaluates a string in the page,
    which the app's CSP (no 'unsafe-eval') forbids; ``evaluate`` runs through the DevTools protocol instead."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expression}")
        page.wait_for_timeout(50)


@pytest.fixture()
def page(browser, foreign_requests):
    """A 1280 px wide page in German; fails the test if anything left for another host."""
    page = open_page(browser, foreign_requests)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.context.close()
    assert not foreign_requests, f"requests to other hosts: {foreign_requests}"
    assert not errors, f"script errors: {errors}"


@pytest.fixture()
def committed(app):
    """Adds records that the live server can see (committed) and removes them afterwards."""
    created = []

    def add(*records):
        """Commit the records in the caller's app context and remember them for removal."""
        for record in records:
            db.session.add(record)
        db.session.commit()
        created.extend((type(record), record.id) for record in records)
        return [record.id for record in records]

    yield add
    with app.app_context():
        for model, record_id in reversed(created):
            record = db.session.get(model, record_id)
            if record is not None:
                db.session.delete(record)
        db.session.commit()
