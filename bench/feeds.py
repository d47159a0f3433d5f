"""Benchmark of the feeds at 10k offers (or the sizes given), in a scratch database (never the dev database).

Run: ``.venv/bin/python bench/feeds.py [1000 10000]``. Generates the synthetic offers, gives each a weekly rule (every
third a monthly one, every tenth a one-off date) and a change-log entry, then prints per feed and filter set: bytes,
entries or events, p50/p95 of a cold request (``LISTING_CACHE`` off: built every time), of a remembered one (built
once per data version), and of a conditional request answered 304.
"""

import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade
from scratch import scratch_config
from sqlalchemy import text

from config import Config, private_database_url
from mapfinder import create_app
from mapfinder.extensions import db
from mapfinder.importers.base_data import load_base_data
from mapfinder.importers.synthetic import PREFIX, generate_offers
from mapfinder.read_model import analyze, bulk_refresh
from tests.conftest import drop_database, recreate_database

SIZES = [int(arg) for arg in sys.argv[1:]] or [10_000]
REPEAT = 20
PATHS = {
    "atom, no filter": "/feeds/offers.atom",
    "atom phase": "/feeds/offers.atom?phase=fruehe-kindheit",
    "atom phase+district": "/feeds/offers.atom?phase=fruehe-kindheit&district=styrum",
    "ics phase+district": "/calendar.ics?phase=fruehe-kindheit&district=styrum",
    "ics district": "/calendar.ics?district=styrum",
    "ics phase": "/calendar.ics?phase=fruehe-kindheit",
    "ics, no filter (capped)": "/calendar.ics",
}
_SCHEDULES = f"""
INSERT INTO schedules (offer_id, position, freq, interval, byday, opens_at, closes_at, dtstart)
SELECT id, 0,
       CASE WHEN id % 10 = 0 THEN NULL WHEN id % 3 = 0 THEN 'MONTHLY' ELSE 'WEEKLY' END, 1,
       CASE WHEN id % 10 = 0 THEN NULL WHEN id % 3 = 0 THEN '1MO' ELSE 'TU,TH' END,
       '09:30', '11:00',
       CASE WHEN id % 10 = 0 THEN DATE '2027-06-12' END
FROM offers WHERE key LIKE '{PREFIX}%'
"""
_CHANGES = f"""
INSERT INTO change_log (entity, entity_id, action, source, changed_at, changes)
SELECT 'offer', id, 'create', 'bench', now() - (id % 400) * interval '1 day', '{{}}'::jsonb
FROM offers WHERE key LIKE '{PREFIX}%'
"""


BenchConfig = scratch_config(private_database_url("mapfinder_bench_feeds"))


def prepare(app, count: int) -> float:
    """Replace the synthetic offers with ``count`` dated ones; return the seconds it took."""
    started = time.perf_counter()
    with app.app_context():
        generate_offers(count, seed=4)
        with bulk_refresh():
            db.session.execute(text(_SCHEDULES))
        db.session.execute(text(_CHANGES))
        db.session.commit()
        analyze()
    return time.perf_counter() - started


def timed(client, path: str, headers: dict | None = None) -> tuple[list[float], object]:
    times, response = [], None
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(path, headers=headers or {})
        times.append((time.perf_counter() - started) * 1000)
    return times, response


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    return f"p50 {statistics.median(ordered):6.1f} ms p95 {ordered[int(len(ordered) * 0.95) - 1]:6.1f} ms"


def items(path: str, body: bytes) -> int:
    return len(re.findall(rb"<entry>", body)) if ".atom" in path else body.count(b"BEGIN:VEVENT")


def main() -> None:
    recreate_database(BenchConfig.SQLALCHEMY_DATABASE_URI)
    app = create_app(BenchConfig)
    with app.app_context():
        upgrade()
        load_base_data(Path(Config.GEODATA_DIR), Path(Config.REFERENCE_DATA_DIR), demo=False)
        db.session.commit()
    try:
        for count in SIZES:
            seconds = prepare(app, count)
            print(f"\n{count} offers with schedules and change-log entries (prepared in {seconds:.1f} s)")
            client = app.test_client()
            for name, path in PATHS.items():
                app.config["LISTING_CACHE"] = False
                cold, response = timed(client, path)
                app.config["LISTING_CACHE"] = True
                warm, _ = timed(client, path)
                not_modified, answer = timed(client, path, {"If-None-Match": response.headers["ETag"]})
                assert response.status_code == 200 and answer.status_code == 304
                print(
                    f"  {name:24} {len(response.data) / 1024:7.1f} KiB {items(path, response.data):5d} items"
                    f" | cold {percentiles(cold)} | remembered {percentiles(warm)} | 304 {percentiles(not_modified)}"
                )
    finally:
        with app.app_context():
            db.engine.dispose()
        drop_database(BenchConfig.SQLALCHEMY_DATABASE_URI)


if __name__ == "__main__":
    main()
