"""A real OGC API – Features client: GDAL's ``ogrinfo`` (OAPIF driver, Debian's gdal-bin) against the app served on
loopback. It lists the three collections, reads every feature of ``offers`` page by page and applies a bbox."""

import json
import re
import shutil
import subprocess
import threading
import urllib.request

import pytest
from werkzeug.serving import make_server

OGRINFO = shutil.which("ogrinfo") or "/usr/bin/ogrinfo"
# Only the loopback server: GDAL must never reach another host, and must not cache between runs.
GDAL_ENV = {
    "GDAL_HTTP_TIMEOUT": "60",
    "CPL_VSIL_CURL_USE_CACHE": "NO",
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
    "NO_PROXY": "127.0.0.1",
    "HOME": "/tmp",
}


REQUESTS: list[str] = []


def recording(app):
    """The app as a WSGI callable that notes each request's path and query, to see how GDAL pages."""

    def wsgi(environ, start_response):
        REQUESTS.append(f"{environ['PATH_INFO']}?{environ.get('QUERY_STRING', '')}")
        return app(environ, start_response)

    return wsgi


@pytest.fixture(scope="module")
def served(app):
    """Base URL of the app served in a thread (it sees the committed base and demo data)."""
    server = make_server("127.0.0.1", 0, recording(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def ogrinfo(*args: str) -> str:
    completed = subprocess.run(
        [OGRINFO, "-ro", *args], check=False, capture_output=True, text=True, timeout=300, env=GDAL_ENV
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def api_count(base: str, query: str = "") -> int:
    with urllib.request.urlopen(f"{base}/ogc/collections/offers/items?limit=1&{query}") as response:
        return json.load(response)["numberMatched"]


def test_ogrinfo_lists_the_three_collections(served):
    listing = ogrinfo(f"OAPIF:{served}/ogc")
    layers = re.findall(r"^\d+: (\w+)", listing, flags=re.MULTILINE)
    assert sorted(layers) == ["districts", "offers", "places"]


def test_ogrinfo_reads_every_offer_page_by_page(served):
    # A page size far below the total makes GDAL follow the rel=next links.
    summary = ogrinfo("-so", "-oo", "PAGE_SIZE=50", f"OAPIF:{served}/ogc", "offers")
    total = api_count(served)
    assert total > 100
    REQUESTS.clear()
    listing = ogrinfo("-oo", "PAGE_SIZE=50", "-fields=NO", "-geom=NO", f"OAPIF:{served}/ogc", "offers")
    ids = re.findall(r"^OGRFeature\(offers\):(\d+)$", listing, flags=re.MULTILINE)
    assert len(ids) == len(set(ids)) == total
    pages = [path for path in REQUESTS if path.startswith("/ogc/collections/offers/items?")]
    assert len(pages) >= total // 50, pages
    assert "Geometry: Point" in summary


def test_ogrinfo_applies_a_bbox(served):
    bbox = (6.86, 51.42, 6.90, 51.44)
    expected = api_count(served, "bbox=" + ",".join(map(str, bbox)))
    assert 0 < expected < api_count(served)
    listing = ogrinfo("-so", "-spat", *map(str, bbox), f"OAPIF:{served}/ogc", "offers")
    assert f"Feature Count: {expected}" in listing, listing[-800:]
