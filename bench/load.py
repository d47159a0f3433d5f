"""Load test: 64 concurrent clients for 60 s on the API, the finder and the map points, against gunicorn (with the
project's gunicorn.conf.py) on loopback, on the checkout's own database (``make db`` first).

Run: ``.venv/bin/python bench/load.py [--clients 64] [--seconds 60]``. Prints requests/s, p50/p99 latency, status
codes, errors and timeouts. Each client has one keep-alive connection and a 10 s timeout per request, so the run is
bounded in time and load. Goal: 0 errors, 0 timeouts.

``--recycle N`` replaces each worker after N requests (no jitter) and runs the load twice, side by side: with the app
built in every new worker (``GUNICORN_PRELOAD_APP=false``) and forked from the master (the default); the p99 and the
longest wait show what a replacement costs the readers.
"""

import argparse
import contextlib
import http.client
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
REQUEST_TIMEOUT = 10
PATHS = [
    "/api/v1/offers?phase=fruehe-kindheit&limit=50",
    "/api/v1/offers?near=51.4305,6.8827&radius=2000&limit=20",
    "/api/v1/offers?q=Sprache",
    "/api/v1/offers/points?zoom=12",
    "/api/v1/offers/points?zoom=14&phase=jugend",
    "/?phase=fruehe-kindheit",
    "/?district=styrum",
    "/results?category=sprache",
]


@dataclass
class Tally:
    """What every client saw: (time sent, seconds taken, status or error name)."""

    samples: list[tuple[float, float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sent: float, seconds: float, outcome: str) -> None:
        with self.lock:
            self.samples.append((sent, seconds, outcome))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(port: int, settings: dict[str, str] | None = None):
    """gunicorn with gunicorn.conf.py (and ``settings``, GUNICORN_* variables) on 127.0.0.1:port; stopped (SIGTERM,
    then SIGKILL) afterwards."""
    env = {
        **os.environ,
        **(settings or {}),
        "SECRET_KEY": secrets.token_hex(32),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESSLOG": "",
        "PYTHONPATH": str(PROJECT_DIR),
        "MAPFINDER_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    process = subprocess.Popen(
        [str(PROJECT_DIR / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=PROJECT_DIR,
        env=env,
        start_new_session=True,
    )
    try:
        wait_until_up(port)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_until_up(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz")


def client(port: int, until: float, tally: Tally, seed: int) -> None:
    """One reader: requests back to back on a keep-alive connection, reconnecting after an error."""
    rng, connection = random.Random(seed), None
    while time.monotonic() < until:
        path = rng.choice(PATHS)
        sent = time.monotonic()
        try:
            connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
            connection.request("GET", path, headers={"Accept-Language": "de"})
            response = connection.getresponse()
            response.read()
            outcome = str(response.status)
        except TimeoutError:
            outcome, connection = "timeout", None
        except (OSError, http.client.HTTPException) as error:
            outcome, connection = type(error).__name__, None
        tally.add(sent, time.monotonic() - sent, outcome)


def run_load(port: int, *, clients: int, seconds: float, during=None) -> Tally:
    """``clients`` readers for ``seconds``; ``during(started)`` runs meanwhile on this thread (fault injection)."""
    tally, started = Tally(), time.monotonic()
    threads = [
        threading.Thread(target=client, args=(port, started + seconds, tally, n), daemon=True) for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    if during:
        during(started)
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT + 5)
    return tally


def report(tally: Tally, seconds: float) -> None:
    """Print throughput, latency percentiles and outcomes."""
    latencies = sorted(taken for _, taken, _ in tally.samples)
    outcomes = Counter(outcome for _, _, outcome in tally.samples)
    errors = sum(count for outcome, count in outcomes.items() if outcome != "200")
    p99 = latencies[int(0.99 * (len(latencies) - 1))] if latencies else 0
    print(f"requests: {len(latencies)} in {seconds:.0f} s = {len(latencies) / seconds:.1f} req/s")
    print(
        f"latency: p50 {statistics.median(latencies) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms"
        if latencies
        else "latency: no requests"
    )
    print(f"outcomes: {dict(sorted(outcomes.items()))}")
    print(f"errors (not 200): {errors}, timeouts: {outcomes.get('timeout', 0)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--recycle", type=int, default=0, help="replace workers after N requests; preload off vs on")
    args = parser.parse_args()
    runs = {"": {}}
    if args.recycle:
        recycling = {"GUNICORN_MAX_REQUESTS": str(args.recycle), "GUNICORN_MAX_REQUESTS_JITTER": "0"}
        runs = {
            f"app built in each worker, replaced every {args.recycle} requests": {
                **recycling,
                "GUNICORN_PRELOAD_APP": "false",
            },
            f"app forked from the master, replaced every {args.recycle} requests": {
                **recycling,
                "GUNICORN_PRELOAD_APP": "true",
            },
        }
    for title, settings in runs.items():
        port = free_port()
        with gunicorn(port, settings):
            print(f"\n{title}" if title else "")
            print(f"load: {args.clients} clients for {args.seconds:.0f} s on {len(PATHS)} URLs (API, finder, map)")
            report(run_load(port, clients=args.clients, seconds=args.seconds), args.seconds)


if __name__ == "__main__":
    sys.exit(main())
