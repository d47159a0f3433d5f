"""Geocoding throughput: 2,000 distinct addresses through geopy's Nominatim client and the stand-in server, first
with a cold cache, then warm, in one process, on a scratch database of the private cluster (dropped afterwards).

Run from the checkout: ``.venv/bin/python bench/geocode.py [--addresses N] [--provider nominatim|photon]``.
"""

import argparse
import os
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from sqlalchemy.engine import make_url  # noqa: E402

from config import TestConfig  # noqa: E402
from mapfinder import create_app  # noqa: E402
from mapfinder.extensions import db  # noqa: E402
from mapfinder.geocoding import geocode_address  # noqa: E402
from mapfinder.importers.base_data import load_base_data  # noqa: E402
from tests.conftest import drop_database, recreate_database  # noqa: E402
from tests.geocoder_standin import GeocoderStandin  # noqa: E402

SCRATCH_URL = make_url(TestConfig.SQLALCHEMY_DATABASE_URI).set(database=f"mapfinder_bench_{os.getpid()}")


class BenchConfig(TestConfig):
    """A scratch database; the geocoder unthrottled, since the stand-in has no usage policy."""

    SQLALCHEMY_DATABASE_URI = SCRATCH_URL.render_as_string(hide_password=False)
    GEOCODER_MIN_DELAY = 0.0
    GEOCODER_RETRIES = 0


def time_pass(addresses: list[str]) -> tuple[float, int]:
    """Seconds to geocode every address (committing the cache at the end) and how many got a point."""
    started = time.perf_counter()
    found = sum(geocode_address(address).found for address in addresses)
    db.session.commit()
    return time.perf_counter() - started, found


def run(count: int, provider: str) -> None:
    """Cold pass, warm pass, and the figures."""
    standin = GeocoderStandin().start()
    BenchConfig.GEOCODER, BenchConfig.GEOCODER_URL = provider, standin.url
    recreate_database(BenchConfig.SQLALCHEMY_DATABASE_URI)
    app = create_app(BenchConfig)
    try:
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            load_base_data(Path(BenchConfig.GEODATA_DIR), Path(BenchConfig.REFERENCE_DATA_DIR), demo=False)
            db.session.commit()
            addresses = [f"Benchstraße {number}, 45468 Mülheim an der Ruhr" for number in range(1, count + 1)]
            cold = time_pass(addresses)
            cold_requests = len(standin.requests)
            warm = time_pass(addresses)
            report(provider, count, cold=(*cold, cold_requests), warm=(*warm, len(standin.requests) - cold_requests))
            db.engine.dispose()
    finally:
        standin.stop()
        drop_database(BenchConfig.SQLALCHEMY_DATABASE_URI)


def report(provider: str, count: int, *, cold: tuple, warm: tuple) -> None:
    """Print throughput of both passes (seconds, found, requests) and their ratio."""
    (cold_seconds, cold_found, cold_requests), (warm_seconds, warm_found, warm_requests) = cold, warm
    cold_rate, warm_rate = count / cold_seconds, count / warm_seconds
    print(f"geocode bench: {count} distinct addresses, geopy {provider} client → stand-in on loopback, min_delay 0")
    print(
        f"  cold cache: {cold_found}/{count} found in {cold_seconds:6.2f} s = {cold_rate:8.0f} addresses/s "
        f"({cold_requests} requests)"
    )
    print(
        f"  warm cache: {warm_found}/{count} found in {warm_seconds:6.2f} s = {warm_rate:8.0f} addresses/s "
        f"({warm_requests} requests)"
    )
    print(f"  warm/cold throughput ratio: {warm_rate / cold_rate:.1f}×")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addresses", type=int, default=2000)
    parser.add_argument("--provider", choices=["nominatim", "photon"], default="nominatim")
    arguments = parser.parse_args()
    run(arguments.addresses, arguments.provider)
