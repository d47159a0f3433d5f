"""Benchmark of the finder at 1k, 10k and 100k offers, in a scratch database (never the dev database).

Run: ``.venv/bin/python bench/map.py [1000 10000 100000]``. Prints, per size: HTML bytes of ``/``, bytes of the data
the page fetches (districts + map points), time to the first markers in headless Chromium, and p50/p95 of
``/api/v1/offers`` (and the finder's list, its filter counts and map points) for typical filters, with the SQL
statements per request:
cold (``LISTING_CACHE`` off: every request queries and presents), after a write (the cache on, one offer edited and
committed before each request, as when partners save: pages and counts are asked anew, the features of unchanged
offers are reused) and remembered (the per-data-version cache on).
"""

import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from scratch import scratch_config
from sqlalchemy import event, select
from werkzeug.serving import make_server

from config import Config, private_database_url
from mapfinder import create_app
from mapfinder.extensions import db
from mapfinder.importers.base_data import load_base_data
from mapfinder.importers.synthetic import generate_offers
from mapfinder.models import Offer
from mapfinder.read_model import analyze
from tests.conftest import drop_database, recreate_database

SIZES = [int(arg) for arg in sys.argv[1:]] or [1000, 10_000, 100_000]
REPEAT = 100
QUERIES = {
    "phase": "phase=fruehe-kindheit",
    "phase+district": "phase=fruehe-kindheit&district=styrum",
    "near+radius": "near=51.4537,6.8656&radius=2000",
    "text": "q=Sprache",
}
FINDER_PATHS = {
    "finder /results phase": "/results?phase=fruehe-kindheit",
    "map points phase": "/api/v1/offers/points?phase=fruehe-kindheit&zoom=12",
    "finder counts phase": "/results/counts?phase=fruehe-kindheit",
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


BenchConfig = scratch_config(private_database_url("mapfinder_bench"))


def prepare(app, count: int) -> float:
    """Replace the synthetic offers with ``count`` of them; return the seconds it took."""
    started = time.perf_counter()
    with app.app_context():
        generate_offers(count, seed=4)
        db.session.commit()
        analyze()
    return time.perf_counter() - started


def edit_one_offer(app) -> None:
    """A committed edit of one offer's description, as a partner's save (the data version moves on)."""
    with app.app_context():
        offer = db.session.scalars(select(Offer).order_by(Offer.id.desc()).limit(1)).one()
        offer.description = f"Bearbeitet ({time.perf_counter_ns()})"
        db.session.commit()


def latency(app, client, path: str, before=None) -> tuple[float, float, float]:
    """p50 and p95 in milliseconds of one request, and the SQL statements it sends (mean per request); ``before``
    runs ahead of each request, untimed and uncounted."""
    times, statements = [], []
    with app.app_context():
        engine = db.engine

    def count(*args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        for _ in range(REPEAT):
            if before:
                event.remove(engine, "before_cursor_execute", count)
                before()
                event.listen(engine, "before_cursor_execute", count)
            started = time.perf_counter()
            assert client.get(path).status_code == 200
            times.append((time.perf_counter() - started) * 1000)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(statements) / REPEAT


def page_figures(browser, base: str) -> dict:
    """HTML bytes, fetched data bytes and milliseconds to the first marker of ``/``."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    data = {"bytes": 0}
    page.on(
        "response", lambda r: data.__setitem__("bytes", data["bytes"] + len(r.body())) if "/api/" in r.url else None
    )
    started = time.perf_counter()
    response = page.goto(base + "/")
    page.wait_for_selector(".leaflet-marker-icon", timeout=60_000)
    first_marker_ms = (time.perf_counter() - started) * 1000
    page.wait_for_load_state("networkidle")
    html_bytes = len(response.body())
    page.close()
    return {"html": html_bytes, "data": data["bytes"], "first_marker_ms": first_marker_ms}


def print_growth(cold_p50: dict[str, dict[int, float]]) -> None:
    """The cold p50 at the largest size divided by the one at the smallest (the goal: at most 1.5)."""
    if len(SIZES) < 2:
        return
    small, large = min(SIZES), max(SIZES)
    print(f"\ncold p50 at {large} offers ÷ at {small}:")
    for name, by_size in cold_p50.items():
        print(f"  {name:24} {by_size[large] / by_size[small]:5.2f}×")


def main() -> None:
    recreate_database(BenchConfig.SQLALCHEMY_DATABASE_URI)
    app = create_app(BenchConfig)
    with app.app_context():
        upgrade()
        load_base_data(Path(Config.GEODATA_DIR), Path(Config.REFERENCE_DATA_DIR), demo=False)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            cold_p50: dict[str, dict[int, float]] = {}
            for count in SIZES:
                seconds = prepare(app, count)
                figures = page_figures(browser, base)
                print(f"\n{count} offers (generated in {seconds:.1f} s)")
                print(
                    f"  /: HTML {figures['html'] / 1024:.1f} KiB, data {figures['data'] / 1024:.1f} KiB, "
                    f"first markers {figures['first_marker_ms']:.0f} ms"
                )
                client = app.test_client()
                for name, path in [
                    *((name, f"/api/v1/offers?{query}") for name, query in QUERIES.items()),
                    *FINDER_PATHS.items(),
                ]:
                    app.config["LISTING_CACHE"] = False
                    cold = latency(app, client, path)
                    app.config["LISTING_CACHE"] = True
                    written = latency(app, client, path, before=lambda: edit_one_offer(app))
                    warm = latency(app, client, path)
                    cold_p50.setdefault(name, {})[count] = cold[0]
                    print(
                        f"  {name:24} cold p50 {cold[0]:6.1f} ms p95 {cold[1]:6.1f} ms {cold[2]:4.1f} SQL"
                        f" | after a write p50 {written[0]:6.1f} ms p95 {written[1]:6.1f} ms {written[2]:4.1f} SQL"
                        f" | remembered p50 {warm[0]:6.1f} ms p95 {warm[1]:6.1f} ms {warm[2]:4.1f} SQL"
                    )
            print_growth(cold_p50)
            browser.close()
    finally:
        server.shutdown()
        with app.app_context():
            db.engine.dispose()
        drop_database(BenchConfig.SQLALCHEMY_DATABASE_URI)


if __name__ == "__main__":
    main()
