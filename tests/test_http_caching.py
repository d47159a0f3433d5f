"""Every JSON answer of /api/v1, /ogc and /hsds: ETag, Cache-Control, 304 on If-None-Match, CORS for GET."""

import pytest

URLS = [
    "/api/v1/offers?limit=3",
    "/api/v1/phases",
    "/ogc/collections/offers/items?limit=3",
    "/ogc/conformance",
    "/hsds/services?per_page=3",
    "/hsds/taxonomies",
]


@pytest.mark.parametrize("url", URLS)
def test_etag_304_cache_control_and_cors(client, url):
    first = client.get(url, headers={"Origin": "https://partner.example"})
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"].startswith("public, max-age=")
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_a_change_of_data_changes_the_etag(client, make):
    before = client.get("/api/v1/offers?q=Etagtest").headers["ETag"]
    make.offer(title="Etagtest Angebot")
    after = client.get("/api/v1/offers?q=Etagtest")
    assert after.headers["ETag"] != before
    assert client.get("/api/v1/offers?q=Etagtest", headers={"If-None-Match": before}).status_code == 200


def test_pages_and_errors_get_no_etag(client):
    assert "ETag" not in client.get("/").headers
    error = client.get("/api/v1/offers?limit=0")
    assert error.status_code == 400 and "ETag" not in error.headers
    assert error.headers["Access-Control-Allow-Origin"] == "*"
