"""A database outage answers 503 with Retry-After (JSON for the API and /healthz, a translated page for readers)
and heals by itself (issue 17). The test stops and starts this checkout's private cluster around live requests;
the test database lives in that cluster, so the cluster is always started again, even when an assertion fails."""

import json
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

PG_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "pg.sh"
RECOVERY_SECONDS = 30


def pg(command: str) -> None:
    subprocess.run([str(PG_SCRIPT), command], check=True, capture_output=True, timeout=90)


def fetch(url: str, **headers) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture()
def server(app):
    """The app on loopback, threaded, with its own sessions (nothing rolled back; the test only reads)."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=5)


class Load:
    """Requests in a loop on another thread, recording every status code."""

    def __init__(self, base: str):
        self.base, self.statuses, self.running = base, [], True
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        paths = ["/api/v1/offers?limit=5", "/healthz", "/?phase=jugend", "/api/v1/offers/points?zoom=12"]
        while self.running:
            for path in paths:
                try:
                    self.statuses.append(fetch(self.base + path)[0])
                except OSError as error:  # a dropped connection is a failure too
                    self.statuses.append(repr(error))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        self.thread.join(timeout=30)


def wait_for_health(base: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < RECOVERY_SECONDS:
        if fetch(base + "/healthz")[0] == 200:
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"/healthz not back to 200 within {RECOVERY_SECONDS} s")


def test_outage_is_503_and_heals_by_itself(server):
    assert fetch(server + "/healthz")[0] == 200
    with Load(server) as load:
        time.sleep(0.5)
        try:
            pg("stop")
            time.sleep(0.5)
            status, headers, body = fetch(server + "/healthz")
            assert status == 503 and int(headers["Retry-After"]) > 0 and json.loads(body)["status"] == 503
            status, headers, body = fetch(server + "/api/v1/offers?limit=3")
            assert status == 503 and headers["Content-Type"].startswith("application/json") and "Retry-After" in headers
            status, headers, body = fetch(server + "/planning", **{"Accept-Language": "tr"})
            assert status == 503 and 'lang="tr"' in body and "Geçici olarak ulaşılamıyor" in body
            assert "Retry-After" in headers and headers["Content-Type"].startswith("text/html")
        finally:
            pg("start")
        recovered_after = wait_for_health(server)
        time.sleep(0.5)
    assert recovered_after < RECOVERY_SECONDS
    assert set(load.statuses) <= {200, 503}, set(load.statuses)
    assert 503 in load.statuses and load.statuses[-1] == 200
    for path in ("/", "/api/v1/offers?limit=3", "/planning", "/districts"):
        assert fetch(server + path)[0] == 200, path
