"""Benchmark of the gap analysis: the full table at 1k, 10k and 100k synthetic offers, cold and cached.

Runs in a scratch database of the private cluster (created, migrated, loaded, dropped again); the dev database
``mapfinder`` is never touched. Usage: ``.venv/bin/python bench/gaps.py [N …]`` (default 1000 10000 100000).
"""

import os
import sys
import time
from pathlib import Path

import psycopg
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scratch import scratch_config  # noqa: E402

from config import private_database_url  # noqa: E402
from mapfinder import create_app, gaps  # noqa: E402
from mapfinder.extensions import db  # noqa: E402
from mapfinder.importers.base_data import load_base_data  # noqa: E402
from mapfinder.importers.synthetic import generate_offers  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
QUERIES = (
    ("stadtteil", "fruehe-kindheit", None),
    ("stadtteil", "lebenslang", None),
    ("quarter", "fruehe-kindheit", None),
    ("bezirk", "fruehe-kindheit", "betreuung"),
)


# BENCH_DATABASE_URL names another scratch database; by default one named after this process.
BenchConfig = scratch_config(
    os.environ.get("BENCH_DATABASE_URL", private_database_url(f"mapfinder_bench_gaps_{os.getpid()}"))
)


def run_maintenance(statement: str) -> None:
    """Run one statement in the cluster's maintenance database (create or drop the scratch database)."""
    url = make_url(BenchConfig.SQLALCHEMY_DATABASE_URI).set(drivername="postgresql", database="postgres")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as connection:
        connection.execute(statement)


def timed(action) -> float:
    """Milliseconds one call of ``action`` takes."""
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def measure(query: gaps.GapQuery) -> tuple[float, float]:
    """Cold (empty cache) and cached milliseconds of one full table."""
    gaps.clear_cache()
    cold = timed(lambda: gaps.gap_table(query))
    cached = timed(lambda: gaps.gap_table(query))
    return cold, cached


def bench_size(count: int) -> None:
    """Generate ``count`` synthetic offers, then time every query."""
    start = time.perf_counter()
    generate_offers(count, seed=7)
    db.session.commit()
    db.session.execute(db.text("ANALYZE"))
    print(f"\n{count:>7} offers (generated in {time.perf_counter() - start:.1f} s)")
    for level, phase, category in QUERIES:
        cold, cached = measure(gaps.GapQuery(level=level, phase=phase, category=category))
        label = f"{level}/{phase}" + (f"/{category}" if category else "")
        print(f"  {label:<36} cold {cold:8.1f} ms   cached {cached:6.2f} ms")


def main(sizes: tuple[int, ...]) -> None:
    """Build the scratch database, run every size, drop the database again."""
    name = make_url(BenchConfig.SQLALCHEMY_DATABASE_URI).database
    run_maintenance(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run_maintenance(f'CREATE DATABASE "{name}"')
    app = create_app(BenchConfig)
    try:
        with app.app_context():
            upgrade()
            load_base_data(Path(app.config["GEODATA_DIR"]), Path(app.config["REFERENCE_DATA_DIR"]), demo=False)
            db.session.commit()
            for count in sizes:
                bench_size(count)
            db.session.remove()
            db.engine.dispose()
    finally:
        run_maintenance(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main(tuple(int(arg) for arg in sys.argv[1:]) or SIZES)
