"""mapfinder's ``/api/v1/offers`` and ``/ogc/collections/offers/items`` against pygeoapi (the OGC API – Features
reference server) on the same data.

Run: ``.venv/bin/python bench/duel.py [--offers 100000] [--seconds 4] [--reuse] [--part api|ogc|all] [--cold]
[--vary N] [--cpu N]``.

1. pygeoapi 0.21 goes into its own virtualenv ``bench/.venv-pygeoapi`` (git-ignored; never a project dependency).
2. A scratch database ``mapfinder_duel`` in the private cluster gets the base data (no demo offers, so every offer has
   exactly one phase, category and place) and ``flask demo generate``'s synthetic offers, then ``ANALYZE``.
3. pygeoapi gets the fairest view we can build: a materialised table ``duel_offers`` of the same rows with scalar
   ``phase`` / ``district`` columns and indexes serving its filters, its order (title, id) and its bbox.
4. Both run under gunicorn with the same worker settings (``SERVING``: 2 sync workers, never recycled — gunicorn
   would otherwise read mapfinder's ``gunicorn.conf.py``, whose workers restart after about 2,000 requests and stall
   every client for the two seconds a new one takes to start) on loopback ports 5690/5691; both must return the same
   ``numberMatched`` and the same first page (ids in order) for each query before anything is measured (above
   ``MAPFINDER_COUNT_EXACT_UP_TO`` mapfinder says ``numberMatchedAtLeast``, which must hold; ``--exact-count``
   makes it count every match, as pygeoapi does).
5. The four queries are asked of mapfinder's own API and, with the same filters, of its OGC API – Features
   (``--part`` picks one or both); pygeoapi answers the same four queries each time.
6. Each query is measured interleaved (mapfinder, pygeoapi, mapfinder, …; three rounds) with 8 and 32 concurrent
   closed-loop clients for a bounded time each; printed: requests/s, p50/p95 and mapfinder's req/s ÷ pygeoapi's.
   Also mapfinder's finder list (``/results``) and map points next to its API, which they must not be slower than.
7. Three states of mapfinder's memory, since a reader's request meets one of them: the same page again (default;
   the per-data-version page cache answers), a different page each time (``--vary N``: rows and counts may be
   remembered, pages are not — readers paging and filtering), and nothing remembered (``--cold``: every request
   queries and presents, as right after a write).
"""

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scratch import scratch_config
from sqlalchemy import text

from config import private_database_url, private_socket_dir
from mapfinder import create_app
from mapfinder.extensions import db

PYGEOAPI_VENV = ROOT / "bench" / ".venv-pygeoapi"
WORK_DIR = ROOT / "bench" / "out" / "duel"
DATABASE = "mapfinder_duel"
PORTS = {"mapfinder": 5690, "pygeoapi": 5691}
WORKERS = 2
# The same for both servers, on the command line (it overrides a gunicorn.conf.py in the working directory).
SERVING = ["-w", str(WORKERS), "-k", "sync", "--max-requests", "0"]
CONCURRENCY = (8, 32)
ROUNDS = 3
PHASE, DISTRICT = "fruehe-kindheit", "styrum"


DuelConfig = scratch_config(private_database_url(DATABASE))  # the scratch database of the duel


def queries(styrum_bbox: str) -> dict[str, tuple[str, str]]:
    """Query name → (mapfinder path, pygeoapi path); the same rows in the same order (title, then id)."""
    pygeo = "/collections/offers/items?f=json&sortby=title,id"
    return {
        "phase, first 50": (f"/api/v1/offers?phase={PHASE}&limit=50", f"{pygeo}&phase={PHASE}&limit=50"),
        "phase + district, first 50": (
            f"/api/v1/offers?phase={PHASE}&district={DISTRICT}&limit=50",
            f"{pygeo}&phase={PHASE}&district={DISTRICT}&limit=50",
        ),
        "bbox of Styrum, 1,000": (
            f"/api/v1/offers?bbox={styrum_bbox}&limit=1000",
            f"{pygeo}&bbox={styrum_bbox}&limit=1000",
        ),
        "no filter, 1,000": ("/api/v1/offers?limit=1000", f"{pygeo}&limit=1000"),
    }


def ogc_queries(styrum_bbox: str) -> dict[str, tuple[str, str]]:
    """The same four queries, mapfinder side through its OGC API – Features items (JSON)."""
    ours = "/ogc/collections/offers/items?f=json"
    return {
        name: (path.replace("/api/v1/offers?", f"{ours}&"), theirs)
        for name, (path, theirs) in queries(styrum_bbox).items()
    }


FINDER_PATHS = {
    "API phase, first 20": f"/api/v1/offers?phase={PHASE}&limit=20",
    "finder /results phase": f"/results?phase={PHASE}",
    "map points phase": f"/api/v1/offers/points?phase={PHASE}&zoom=12",
}

VIEW_SQL = """
DROP TABLE IF EXISTS duel_offers;
CREATE TABLE duel_offers AS
SELECT s.id, s.offer_id, s.title, s.phases[1] AS phase, s.categories[1] AS category, d.slug AS district,
       doc->>'place_name' AS place, s.is_free AS free, s.barrier_free, array_to_string(s.languages, ',') AS languages,
       s.geom
FROM offer_search s JOIN offer_search_docs USING (id) LEFT JOIN districts d ON d.id = s.stadtteil_id;
ALTER TABLE duel_offers ADD PRIMARY KEY (id);
CREATE INDEX ON duel_offers (title, id);
CREATE INDEX ON duel_offers (phase, title, id);
CREATE INDEX ON duel_offers (phase, district, title, id);
CREATE INDEX ON duel_offers USING gist (geom);
"""


def install_pygeoapi() -> Path:
    """pygeoapi 0.21 with gunicorn and a PostgreSQL driver in the benchmark's own virtualenv."""
    python = PYGEOAPI_VENV / "bin" / "python"
    if not (PYGEOAPI_VENV / "bin" / "pygeoapi").exists():
        subprocess.run([sys.executable, "-m", "venv", str(PYGEOAPI_VENV)], check=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                "pygeoapi==0.21.0",
                "gunicorn",
                "psycopg2-binary",
                "geoalchemy2",
            ],
            check=True,
        )
    return PYGEOAPI_VENV / "bin"


def prepare(app, offers: int, reuse: bool) -> str:
    """Scratch database with ``offers`` synthetic offers and pygeoapi's table; returns Styrum's bbox."""
    from flask_migrate import upgrade

    from mapfinder.importers.base_data import load_base_data
    from mapfinder.importers.synthetic import generate_offers
    from mapfinder.read_model import analyze
    from tests.conftest import recreate_database

    with app.app_context():
        kept = reuse and _count("SELECT count(*) FROM offer_search") == offers
        db.session.rollback()  # the count's transaction would block the migrations' ALTER TABLE
        if kept:
            upgrade()  # a kept database gets the migrations added since
        else:
            db.engine.dispose()
            recreate_database(DuelConfig.SQLALCHEMY_DATABASE_URI)
            upgrade()
            load_base_data(Path(app.config["GEODATA_DIR"]), Path(app.config["REFERENCE_DATA_DIR"]), demo=False)
            db.session.commit()
            started = time.perf_counter()
            generate_offers(offers, seed=4)
            db.session.commit()
            analyze()
            print(f"prepared {offers} offers in {time.perf_counter() - started:.0f} s (generate + ANALYZE)")
        db.session.execute(text(VIEW_SQL))
        db.session.commit()
        # Both sides alike: statistics and a visibility map (index-only scans) for pygeoapi's table and our model.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in ("duel_offers", "offer_search", "offer_search_docs", "offer_search_text"):
                connection.execute(text(f"VACUUM ANALYZE {table}"))
        box = db.session.execute(
            text(
                "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) AS e FROM districts"
                " WHERE slug = :slug) x"
            ),
            {"slug": DISTRICT},
        ).one()
    return ",".join(f"{value:.5f}" for value in box)


def _count(sql: str) -> int:
    try:
        return db.session.scalar(text(sql))
    except Exception:  # noqa: BLE001 - no database yet
        db.session.rollback()
        return -1


def pygeoapi_config(bin_dir: Path) -> dict:
    """Config and OpenAPI files for pygeoapi; returns the environment to start it with."""
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    config = WORK_DIR / "pygeoapi.yml"
    config.write_text(PYGEOAPI_CONFIG.format(port=PORTS["pygeoapi"], socket=private_socket_dir(), db=DATABASE))
    openapi = WORK_DIR / "openapi.yml"
    env = {**os.environ, "PYGEOAPI_CONFIG": str(config), "PYGEOAPI_OPENAPI": str(openapi)}
    subprocess.run(
        [str(bin_dir / "pygeoapi"), "openapi", "generate", str(config), "--output-file", str(openapi)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return env


PYGEOAPI_CONFIG = """
server:
  bind: {{host: 127.0.0.1, port: {port}}}
  url: http://127.0.0.1:{port}
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  languages: [en-US]
  limits: {{default_items: 10, max_items: 1000}}
  map: {{url: 'https://tile.example.org/{{z}}/{{x}}/{{y}}.png', attribution: none}}
logging:
  level: ERROR
metadata:
  identification:
    title: duel
    description: duel
    keywords: [duel]
    keywords_type: theme
    terms_of_service: none
    url: http://127.0.0.1
  license: {{name: CC-BY 4.0, url: https://creativecommons.org/licenses/by/4.0/}}
  provider: {{name: duel, url: http://127.0.0.1}}
  contact: {{name: duel, position: duel, address: duel, city: duel, stateorprovince: duel, postalcode: '0',
            country: duel, phone: '0', fax: '0', email: duel@example.org, url: http://127.0.0.1,
            hours: always, instructions: none, role: pointOfContact}}
resources:
  offers:
    type: collection
    title: offers
    description: offers
    keywords: [offers]
    extents:
      spatial: {{bbox: [6.7, 51.3, 7.0, 51.5], crs: http://www.opengis.net/def/crs/OGC/1.3/CRS84}}
    providers:
      - type: feature
        name: PostgreSQL
        data: {{host: {socket}, dbname: {db}, user: mapfinder, password: '', search_path: [public]}}
        id_field: id
        table: duel_offers
        geom_field: geom
"""


def start(name: str, command: list[str], env: dict, cwd: Path) -> subprocess.Popen:
    """Start a server and wait until its port answers."""
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=open(WORK_DIR / f"{name}.log", "w")
    )  # noqa: SIM115 - lives as long as the server
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORTS[name], timeout=5)
            connection.request("GET", "/")
            connection.getresponse().read()
            return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit(f"{name} did not start; see {WORK_DIR / (name + '.log')}")


def fetch(port: int, path: str) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}: {body[:300]!r}")
    return json.loads(body)


def check_same(named: dict[str, tuple[str, str]], vary: int = 0) -> None:
    """Both servers give the same total and the same first page (ids, in order) for every query, and the same last
    page of those the measurement walks through."""
    for name, (ours, theirs) in named.items():
        pairs = {"first": (ours, theirs)}
        if vary > 1:
            pairs["last walked"] = (pages_of(ours, vary)[-1], pages_of(theirs, vary)[-1])
        for which, (our_path, their_path) in pairs.items():
            a, b = fetch(PORTS["mapfinder"], our_path), fetch(PORTS["pygeoapi"], their_path)
            ids_a, ids_b = [f["id"] for f in a["features"]], [f["id"] for f in b["features"]]
            ours_count = a.get("numberMatched", f"at least {a.get('numberMatchedAtLeast')}")
            same = agrees(a, b["numberMatched"]) and ids_a == ids_b
            print(
                f"check {name}: numberMatched {ours_count} / {b['numberMatched']}, "
                f"{which} page {len(ids_a)} / {len(ids_b)} features, {'same' if same else 'DIFFERENT'}"
            )
            if not same:
                raise SystemExit("the servers disagree; no measurement")


def agrees(page: dict, exact: int) -> bool:
    """mapfinder's total is the exact one, or a lower bound (above ``MAPFINDER_COUNT_EXACT_UP_TO``) that holds."""
    if "numberMatched" in page:
        return page["numberMatched"] == exact
    return exact >= page["numberMatchedAtLeast"]


def pages_of(path: str, vary: int) -> list[str]:
    """``path`` itself, or with ``vary`` > 0 its first ``vary`` pages (``offset`` steps of its ``limit``): each
    request then asks a page the last few did not, so no whole-page cache answers it (rows and counts may be
    remembered, as they would be for readers paging through the same filter)."""
    if vary <= 0:
        return [path]
    limit = int(path.rsplit("limit=", 1)[1].split("&")[0])
    return [f"{path}&offset={page * limit}" for page in range(vary)]


def closed_loop(port: int, path: str | list[str], clients: int, seconds: float) -> list[float]:
    """``clients`` threads, each sending the next request when the last answer is read; latencies in ms. With a
    list of paths each client walks through it from its own starting point."""
    paths = [path] if isinstance(path, str) else path
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds
    starts = iter(range(clients))

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine = []
        step = next(starts) * max(1, len(paths) // max(clients, 1))
        while time.perf_counter() < stop:
            started = time.perf_counter()
            path = paths[step % len(paths)]
            step += 1
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU of a gunicorn master and its workers so far (Linux ``/proc``)."""
    ticks = os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    total = 0
    for process in [pid, *map(int, children)]:
        fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def cpu_per_request(pid: int, port: int, path: str, count: int) -> float:
    """Milliseconds of the server's own CPU per request, over ``count`` sequential requests (the database's CPU is not
    counted). Unlike requests per second, this barely changes when other programs load the machine."""
    closed_loop(port, path, 1, 0.3)
    before = server_cpu_seconds(pid)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for _ in range(count):
        connection.request("GET", path)
        connection.getresponse().read()
    return (server_cpu_seconds(pid) - before) * 1000 / count


def cpu_table(named: dict[str, tuple[str, str]], pids: dict[str, int], count: int) -> None:
    """Server CPU per request of mapfinder and pygeoapi for each query."""
    print("\n| query | mapfinder CPU ms/request | pygeoapi CPU ms/request | ratio |")
    print("|---|---|---|---|")
    for name, (ours, theirs) in named.items():
        m = cpu_per_request(pids["mapfinder"], PORTS["mapfinder"], ours, count)
        p = cpu_per_request(pids["pygeoapi"], PORTS["pygeoapi"], theirs, count)
        print(f"| {name} | {m:.1f} | {p:.1f} | **{p / max(m, 0.01):.1f}×** |", flush=True)


def measure(targets: dict[str, tuple[int, str]], clients: int, seconds: float) -> dict[str, dict]:
    """Interleaved rounds (A, B, A, B …) of each target; req/s and p50/p95 over all rounds."""
    runs: dict[str, list[float]] = {name: [] for name in targets}
    spent: dict[str, float] = {name: 0.0 for name in targets}
    for _ in range(ROUNDS):
        for name, (port, path) in targets.items():
            started = time.perf_counter()
            runs[name].extend(closed_loop(port, path, clients, seconds))
            spent[name] += time.perf_counter() - started
    return {
        name: {
            "rps": len(values) / spent[name],
            "p50": statistics.median(values),
            "p95": statistics.quantiles(values, n=20)[18],
        }
        for name, values in runs.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=4.0, help="per query, server, round and concurrency")
    parser.add_argument("--reuse", action="store_true", help="keep the scratch database when it has the offers")
    parser.add_argument(
        "--part", choices=("api", "ogc", "all"), default="all", help="mapfinder's API, its OGC API or both"
    )
    parser.add_argument(
        "--vary", type=int, default=0, help="ask this many different pages of each query in turn (0: the first)"
    )
    parser.add_argument("--cpu", type=int, default=0, help="only server CPU per request, over this many requests")
    parser.add_argument(
        "--cold", action="store_true", help="mapfinder without its per-data-version cache (MAPFINDER_LISTING_CACHE=off)"
    )
    parser.add_argument("--exact-count", action="store_true", help="mapfinder counts every match as pygeoapi does")
    args = parser.parse_args()
    bin_dir = install_pygeoapi()
    app = create_app(DuelConfig)
    bbox = prepare(app, args.offers, args.reuse)
    with app.app_context():
        db.engine.dispose()
    env = pygeoapi_config(bin_dir)
    ours_env = {
        **os.environ,
        "DATABASE_URL": DuelConfig.SQLALCHEMY_DATABASE_URI,
        "SECRET_KEY": DuelConfig.SECRET_KEY,
        "LOG_LEVEL": "WARNING",
        "MAPFINDER_LISTING_CACHE": "off" if args.cold else "on",
        "MAPFINDER_COUNT_EXACT_UP_TO": "0" if args.exact_count else str(DuelConfig.COUNT_EXACT_UP_TO),
    }
    gunicorn = shutil.which("gunicorn", path=str(ROOT / ".venv" / "bin")) or str(ROOT / ".venv" / "bin" / "gunicorn")
    servers = [
        start(
            "mapfinder",
            [gunicorn, *SERVING, "-b", f"127.0.0.1:{PORTS['mapfinder']}", "wsgi:app"],
            ours_env,
            ROOT,
        ),
        start(
            "pygeoapi",
            [
                str(bin_dir / "gunicorn"),
                *SERVING,
                "-b",
                f"127.0.0.1:{PORTS['pygeoapi']}",
                "pygeoapi.flask_app:APP",
            ],
            env,
            WORK_DIR,
        ),
    ]
    try:
        parts = {
            "api": [("/api/v1/offers", queries(bbox))],
            "ogc": [("/ogc/collections/offers/items", ogc_queries(bbox))],
        }
        for title, named in parts.get(args.part, parts["api"] + parts["ogc"]):
            if args.cpu:
                check_same(named)
                print(f"\n{title} against pygeoapi, {args.offers} offers: server CPU per request ({args.cpu} requests)")
                cpu_table(named, {"mapfinder": servers[0].pid, "pygeoapi": servers[1].pid}, args.cpu)
                continue
            run(title, named, args)
        if args.part != "ogc" and not args.cpu:
            finder(args)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def run(title: str, named: dict[str, tuple[str, str]], args) -> None:
    """One table: mapfinder's ``title`` against pygeoapi on the four queries at each concurrency."""
    check_same(named, args.vary)
    print(
        f"\n{title} against pygeoapi: "
        f"{args.offers} offers, gunicorn {WORKERS} workers each, {ROUNDS} interleaved rounds of "
        f"{args.seconds:g} s per query and concurrency (closed loop); mapfinder's listing cache "
        f"{'off' if args.cold else 'on'}"
        f"{f'; each client walks through {args.vary} pages (offset)' if args.vary else '; the same page each time'}\n"
    )
    print("| query | clients | mapfinder req/s | p50 ms | p95 ms | pygeoapi req/s | p50 ms | p95 ms | ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    for clients in CONCURRENCY:
        for name, (ours, theirs) in named.items():
            for port, path in ((PORTS["mapfinder"], ours), (PORTS["pygeoapi"], theirs)):
                closed_loop(port, path, 2, 0.5)  # warm both
            result = measure(
                {
                    "m": (PORTS["mapfinder"], pages_of(ours, args.vary)),
                    "p": (PORTS["pygeoapi"], pages_of(theirs, args.vary)),
                },
                clients,
                args.seconds,
            )
            m, p = result["m"], result["p"]
            print(
                f"| {name} | {clients} | {m['rps']:.0f} | {m['p50']:.1f} | {m['p95']:.1f} | {p['rps']:.0f} | "
                f"{p['p50']:.1f} | {p['p95']:.1f} | **{m['rps'] / p['rps']:.1f}×** |",
                flush=True,
            )


def finder(args) -> None:
    """mapfinder's finder list and map points next to its API."""
    print("\nmapfinder's finder list and map points next to its API (same filter)\n")
    print("| request | clients | req/s | p50 ms | p95 ms |")
    print("|---|---|---|---|---|")
    for path in FINDER_PATHS.values():
        closed_loop(PORTS["mapfinder"], path, 2, 0.5)  # warm, as the API pages are before they are measured
    for clients in CONCURRENCY:
        targets = {name: (PORTS["mapfinder"], path) for name, path in FINDER_PATHS.items()}
        for name, row in measure(targets, clients, args.seconds).items():
            print(f"| {name} | {clients} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p95']:.1f} |", flush=True)


if __name__ == "__main__":
    main()
