"""The proxied basemap in a real browser: streets appear without a consent click, every tile comes from this app's
origin (the upstream is a loopback stand-in), and the upstream's attribution is shown."""

import pytest

from ..tile_standin import tile_server, tile_standin  # noqa: F401 (fixtures)
from .conftest import open_page

pytestmark = pytest.mark.browser


def test_the_finder_map_shows_proxied_tiles_without_consent(browser, live_server, foreign_requests, tile_standin):
    page = open_page(browser, foreign_requests)
    tile_urls: list[str] = []
    page.on("response", lambda response: tile_urls.append(response.url) if "/tiles/" in response.url else None)
    page.goto(live_server + "/?lang=de")
    page.wait_for_selector(".leaflet-tile-loaded", state="attached")
    page.wait_for_load_state("networkidle")
    assert page.locator(".tile-consent").count() == 0, "a first-party basemap needs no consent"
    assert tile_urls and all(url.startswith(live_server + "/tiles/") for url in tile_urls)
    assert sum(tile_standin.hits.values()) >= 1
    assert "Kartenkacheln: 127.0.0.1" in page.text_content(".leaflet-control-attribution")
    page.context.close()
    assert not foreign_requests
