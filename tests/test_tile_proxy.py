"""The first-party basemap: tiles fetched from the configured upstream (a loopback stand-in speaking HTTP), cached on
disk with a size limit and an expiry, served from the app's origin; bad coordinates and upstream failures answered
with clear statuses, never a 500."""

import json
import os
import re
import time

from mapfinder.security import content_security_policy

from .tile_standin import png_pixel, tile_server, tile_standin  # noqa: F401 (fixtures)

MUELHEIM = "/tiles/14/8505/5453.png"  # the city centre at zoom 14
UPSTREAM = "/14/8505/5453.png"


def test_a_tile_is_fetched_once_then_served_from_the_disk_cache(client, tile_standin):
    first = client.get(MUELHEIM)
    assert first.status_code == 200 and first.mimetype == "image/png"
    assert first.data == png_pixel() and "max-age" in first.headers["Cache-Control"]
    for _ in range(3):
        assert client.get(MUELHEIM).data == png_pixel()
    assert tile_standin.hits[UPSTREAM] == 1, "the cache did not answer the repeated requests"
    assert tile_standin.user_agents[0].startswith("mapfinder (")


def test_an_expired_tile_is_fetched_again_and_kept_when_the_upstream_fails(client, tile_standin, app, monkeypatch):
    client.get(MUELHEIM)
    monkeypatch.setitem(app.config, "TILE_MAX_AGE_DAYS", 1)
    tile_file = os.path.join(app.config["TILE_CACHE_DIR"], "14", "8505", "5453")
    two_days_ago = time.time() - 2 * 86400
    os.utime(tile_file, (two_days_ago, two_days_ago))
    tile_standin.body = png_pixel((10, 20, 30))
    assert client.get(MUELHEIM).data == png_pixel((10, 20, 30))
    assert tile_standin.hits[UPSTREAM] == 2
    os.utime(tile_file, (two_days_ago, two_days_ago))
    tile_standin.status = 503
    stale = client.get(MUELHEIM)
    assert stale.status_code == 200 and stale.data == png_pixel((10, 20, 30)), "an expired copy beats no map"


def test_the_cache_stays_within_its_size_limit(client, tile_standin, app, monkeypatch):
    tile_standin.body = png_pixel() + b"\0" * 4000  # trailing bytes: still a PNG by its signature
    monkeypatch.setitem(app.config, "TILE_CACHE_MB", 10_000 / 1024 / 1024)  # room for two of these tiles
    for x in range(8500, 8506):
        assert client.get(f"/tiles/14/{x}/5453.png").status_code == 200
    files = [name for _, _, names in os.walk(app.config["TILE_CACHE_DIR"]) for name in names]
    assert len(files) == 2, files
    assert client.get("/tiles/14/8505/5453.png").status_code == 200
    assert tile_standin.hits["/14/8505/5453.png"] == 1, "the newest tile was pruned instead of the oldest"
    assert tile_standin.hits["/14/8500/5453.png"] == 1


def test_nonsense_coordinates_are_400_and_foreign_tiles_404_without_asking_upstream(client, tile_standin):
    for path in ("/tiles/abc/1/2.png", "/tiles/14/-1/5453.png", "/tiles/20/1/1.png", "/tiles/3/8/1.png"):
        response = client.get(path, headers={"Accept-Language": "de"})
        assert response.status_code == 400, path
        assert "ganze Zahlen" in response.get_data(as_text=True)
    assert client.get("/tiles/14/8801/5374.png").status_code == 404  # Berlin: not this city's map
    assert not tile_standin.hits


def test_upstream_errors_are_502_and_a_timeout_504_in_the_readers_language(client, tile_standin):
    tile_standin.status = 500
    broken = client.get(MUELHEIM, headers={"Accept-Language": "tr"})
    assert broken.status_code == 502 and broken.mimetype == "text/plain"
    assert "Harita sunucusuna" in broken.get_data(as_text=True)
    tile_standin.status, tile_standin.body = 200, b"<html>maintenance</html>"
    assert client.get(MUELHEIM).status_code == 502, "a page that is no image must not become a tile"
    tile_standin.body, tile_standin.delay = png_pixel(), 1.5
    slow = client.get(MUELHEIM)
    assert slow.status_code == 504 and "zamanında yanıt vermedi" in slow.get_data(as_text=True)


def test_unreachable_upstream_is_502(client, tile_standin, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAP_TILES", "http://127.0.0.1:9/{z}/{x}/{y}.png")  # discard port: refused
    assert client.get(MUELHEIM).status_code == 502


def test_maps_use_the_proxy_with_the_upstream_attribution_and_no_consent(client, tile_standin, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAP_TILES_ATTRIBUTION", "© Stand-in Kacheln")
    page = client.get("/").get_data(as_text=True)
    spec = json.loads(re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S).group(1))
    tiles = _find_tiles(spec)
    assert tiles == {
        "url": "/tiles/{z}/{x}/{y}.png",
        "attribution": "© Stand-in Kacheln",
        "host": None,
        "proxied": True,
    }
    assert "127.0.0.1" not in page, "the upstream's address must not reach the reader"


def test_without_a_basemap_or_with_the_direct_source_there_is_no_proxy(client, tile_standin, app, monkeypatch):
    monkeypatch.setitem(app.config, "TILE_PROXY", False)
    assert client.get(MUELHEIM).status_code == 404
    monkeypatch.setitem(app.config, "TILE_PROXY", True)
    monkeypatch.setitem(app.config, "MAP_TILES", "none")
    assert client.get(MUELHEIM).status_code == 404
    assert not tile_standin.hits


def test_the_proxied_basemap_needs_no_foreign_image_source():
    assert "img-src 'self' data:;" in content_security_policy("basemapde", proxied=True)


def test_the_privacy_statement_says_the_tile_host_never_sees_the_reader(client, tile_standin, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAP_TILES", "basemapde")
    page = client.get("/datenschutz", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert 'data-proxied-tile-host="sgx.geodatenzentrum.de"' in page and "data-tile-host" not in page
    assert "erfährt Ihre IP-Adresse also nicht" in page


def _find_tiles(node):
    if isinstance(node, dict):
        if "tiles" in node and node["tiles"]:
            return node["tiles"]
        values = node.values()
    elif isinstance(node, list):
        values = node
    else:
        return None
    return next((found for found in map(_find_tiles, values) if found), None)
