"""The map's points above the single-marker limit: grid clusters, each at the mean of its points, whose counts add
up to the exact number of matches."""

import pytest

from mapfinder import search

TERM = "Clusterprobe"


def points(client, query: str = "") -> dict:
    return client.get(f"/api/v1/offers/points?q={TERM}&zoom=12{query}").json


@pytest.fixture()
def five_offers(make):
    """Three offers a few metres apart (one grid cell at zoom 12, about 1.4 km wide) and two more far off."""
    for lon, lat in ((6.88001, 51.43001), (6.88004, 51.43002), (6.88007, 51.43006), (6.95, 51.40), (6.80, 51.46)):
        make.offer(title=f"Angebot {TERM}", places=[make.place(lon=lon, lat=lat)])


def test_up_to_the_limit_every_match_is_a_point(client, five_offers, monkeypatch):
    monkeypatch.setattr(search, "MAX_MAP_POINTS", 5)
    body = points(client)
    assert body["numberMatched"] == len(body["points"]) == 5
    assert "clusters" not in body


def test_above_the_limit_clusters_sit_at_the_mean_of_their_points(client, five_offers, monkeypatch):
    monkeypatch.setattr(search, "MAX_MAP_POINTS", 4)
    body = points(client)
    assert "points" not in body
    assert sorted(count for _lon, _lat, count in body["clusters"]) == [1, 1, 3]
    assert body["numberMatched"] == 5
    [(lon, lat, _count)] = [cluster for cluster in body["clusters"] if cluster[2] == 3]
    assert (lon, lat) == pytest.approx((6.88004, 51.43003), abs=1e-5)
