"""The deployment's gunicorn settings (``gunicorn.conf.py``), served for real: the app is built once in the master and
forked (``preload_app``); workers replaced after ``max_requests`` go on answering readers at the same time, each
on database connections of its own."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from config import TestConfig

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(app, tmp_path):
    """gunicorn with the project's config on a free loopback port; yields (base URL, path of its log)."""
    port, log = free_port(), tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DATABASE_URL": TestConfig.SQLALCHEMY_DATABASE_URI,
        "SECRET_KEY": "gunicorn-serving-test-key-0123456789",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "2",
        "GUNICORN_MAX_REQUESTS": "15",
        "GUNICORN_MAX_REQUESTS_JITTER": "0",
        "GUNICORN_ACCESSLOG": "",
        "GUNICORN_LOGLEVEL": "info",
        "MAPFINDER_PUBLIC_URL": "",  # so that each build of the app logs its warning (counted below)
    }
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT, env=env, stdout=output, stderr=output
        )
    try:
        wait_until_listening(port, server, log)
        yield f"http://127.0.0.1:{port}", log
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_listening(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"gunicorn stopped: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"gunicorn did not listen within 60 s: {log.read_text()[-2000:]}")


def fetch(url: str) -> tuple[int, dict]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, json.loads(response.read())


def test_replaced_workers_keep_answering_readers_at_once(served):
    base, log = served
    urls = [f"{base}/api/v1/offers?limit=5&offset={number % 20}" for number in range(120)]
    with ThreadPoolExecutor(max_workers=8) as readers:
        answers = list(readers.map(fetch, urls))
    assert all(status == 200 for status, _ in answers)
    assert all(body["numberReturned"] == 5 and len(body["features"]) == 5 for _, body in answers)
    text = log.read_text()
    assert text.count("Booting worker with pid") >= 2 + 4  # 120 requests, 15 per worker: replaced several times
    assert "Traceback" not in text and "[ERROR]" not in text


def test_the_app_is_built_once_in_the_master(served):
    base, log = served
    # The master hands requests to whichever worker accepts first, so one may serve most of them: ask until both
    # workers have been replaced at least once (4 boots), at most 200 times.
    for _ in range(200):
        assert fetch(f"{base}/api/v1/phases")[0] == 200
        if log.read_text().count("Booting worker with pid") >= 4:
            break
    text = log.read_text()
    assert text.count("Booting worker with pid") >= 4
    # Building the app logs this warning once (PUBLIC_URL is not set in the test); forked workers do not build it.
    assert text.count("PUBLIC_URL is not set") == 1
