"""/api/v1/offers: every filter alone and combined, district containment, true-metre ordering, pages, bad input."""

import pytest
from flask_babel import refresh
from sqlalchemy import text

from mapfinder.models import BarrierFree, LocationType, OfferStatus

STYRUM = (51.4537, 6.8656)  # lat, lon


def features(client, query: str) -> list[dict]:
    """The features of a successful request."""
    response = client.get(f"/api/v1/offers?{query}")
    assert response.status_code == 200, response.json
    return response.json["features"]


def offer_ids(client, query: str) -> set[int]:
    return {feature["properties"]["offer_id"] for feature in features(client, f"{query}&limit=1000")}


def test_collection_is_geojson_with_counts(client):
    body = client.get("/api/v1/offers?limit=5").json
    assert body["type"] == "FeatureCollection"
    assert body["numberReturned"] == 5 == len(body["features"])
    assert body["numberMatched"] >= 203
    feature = body["features"][0]
    assert feature["geometry"]["type"] == "Point"
    assert set(feature["properties"]) >= {
        "title",
        "phases",
        "categories",
        "district",
        "place",
        "address",
        "free",
        "barrier_free",
        "languages",
        "url",
    }
    assert "distance_m" not in feature["properties"]


def test_offer_at_several_places_gives_one_feature_each_with_its_own_id(client, make):
    places = [make.place(lon=6.88, lat=51.43), make.place(lon=6.90, lat=51.42)]
    several = make.offer(title="Zwei Orte", places=places)
    rows = [f for f in features(client, "q=Zwei Orte") if f["properties"]["offer_id"] == several.id]
    assert sorted(f["id"] for f in rows) == sorted(at_place.id for at_place in several.at_places)
    assert {f["properties"]["place_id"] for f in rows} == {p.id for p in places}


def test_feature_ids_are_unique_over_every_page(client):
    ids = [f["id"] for offset in (0, 1000) for f in features(client, f"limit=1000&offset={offset}")]
    assert ids and len(ids) == len(set(ids))


def test_online_offer_sits_at_a_virtual_place_with_a_null_geometry(client, make):
    virtual = make.place(lon=None, lat=None, location_type=LocationType.VIRTUAL, name="Online")
    online = make.offer(title="Nur online", places=[virtual])
    [feature] = [f for f in features(client, "q=Nur online") if f["properties"]["offer_id"] == online.id]
    assert feature["geometry"] is None and feature["properties"]["location_type"] == "virtual"
    assert feature["properties"]["place"] == "Online" and feature["properties"]["address"] is None


def test_only_published_offers_are_shown(client, make):
    draft = make.offer(title="Entwurf xyz", status=OfferStatus.DRAFT)
    assert draft.id not in offer_ids(client, "q=Entwurf")


def test_phase_filter_matches_only_offers_with_that_phase(client, make):
    mine = make.offer(phases=("geburt",))
    other = make.offer(phases=("jugend",))
    ids = offer_ids(client, "phase=geburt")
    assert mine.id in ids and other.id not in ids
    assert all("geburt" in f["properties"]["phases"] for f in features(client, "phase=geburt&limit=1000"))


def test_repeated_phase_means_any_of_them(client, make):
    a, b = make.offer(phases=("geburt",)), make.offer(phases=("jugend",))
    assert {a.id, b.id} <= offer_ids(client, "phase=geburt&phase=jugend")


def test_category_filter(client, make):
    mine, other = make.offer(categories=("sprache",)), make.offer(categories=("kultur",))
    ids = offer_ids(client, "category=sprache")
    assert mine.id in ids and other.id not in ids


@pytest.mark.parametrize("slug", ["styrum", "rechtsruhr-nord", "linksruhr", "saarn"])
def test_district_filter_returns_only_points_inside_the_polygon(client, session, slug):
    rows = features(client, f"district={slug}&limit=1000")
    assert rows, f"no offers in {slug}"
    for row in rows:
        lon, lat = row["geometry"]["coordinates"]
        inside = session.execute(
            text(
                "SELECT ST_Covers(geom, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)) FROM districts WHERE slug = :slug"
            ),
            {"lon": lon, "lat": lat, "slug": slug},
        ).scalar()
        assert inside, f"{row['properties']['title']} at {lon},{lat} is outside {slug}"


def test_bezirk_includes_its_stadtteile(client, session):
    children = (
        session.execute(
            text(
                "SELECT c.slug FROM districts c JOIN districts p ON p.id = c.parent_id WHERE p.slug = 'rechtsruhr-nord'"
            )
        )
        .scalars()
        .all()
    )
    assert children
    union = set().union(*(offer_ids(client, f"district={child}") for child in children))
    assert offer_ids(client, "district=rechtsruhr-nord") == union


def test_quarter_filter(client, session, make):
    quarter = session.execute(text("SELECT slug FROM districts WHERE level = 'quarter' ORDER BY slug LIMIT 1")).scalar()
    point = session.execute(
        text(
            f"SELECT ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) "
            f"FROM districts WHERE slug = '{quarter}'"
        )
    ).one()
    offer = make.offer(places=[make.place(lon=point[0], lat=point[1])])
    assert offer.id in offer_ids(client, f"district={quarter}")


def test_age_matches_offers_whose_range_holds_it(client, make):
    toddler, teen, open_range = (
        make.offer(min_age=1, max_age=3),
        make.offer(min_age=12, max_age=16),
        make.offer(min_age=None, max_age=None),
    )
    ids = offer_ids(client, "age=2")
    assert toddler.id in ids and open_range.id in ids and teen.id not in ids


def test_free_filter(client, make):
    free, paid = make.offer(is_free=True), make.offer(is_free=False)
    ids = offer_ids(client, "free=true")
    assert free.id in ids and paid.id not in ids
    assert all(f["properties"]["free"] for f in features(client, "free=true&limit=1000"))


def test_barrier_free_filter_looks_at_the_place(client, make):
    step_free = make.offer(places=[make.place(barrier_free=BarrierFree.YES)])
    stairs = make.offer(places=[make.place(barrier_free=BarrierFree.NO)])
    ids = offer_ids(client, "barrier_free=true")
    assert step_free.id in ids and stairs.id not in ids


def test_language_filter(client, make):
    turkish, german = make.offer(languages=["de", "tr"]), make.offer(languages=["de"])
    ids = offer_ids(client, "language=tr")
    assert turkish.id in ids and german.id not in ids


def test_text_search_finds_title_words_and_stems(client, make):
    offer = make.offer(title="Sprachkurse für Eltern", description="Deutsch lernen mit Kinderbetreuung")
    assert offer.id in offer_ids(client, "q=Sprachkurs")
    assert offer.id in offer_ids(client, "q=Kinderbetreuung")
    assert offer.id not in offer_ids(client, "q=Schwimmen")


def test_near_sorts_by_true_metres_and_reports_the_distance(client, session):
    rows = features(client, f"near={STYRUM[0]},{STYRUM[1]}&limit=60")
    distances = [row["properties"]["distance_m"] for row in rows if row["geometry"]]
    assert distances == sorted(distances)
    for row in rows[:10]:
        lon, lat = row["geometry"]["coordinates"]
        metres = session.execute(
            text("SELECT ST_Distance(ST_MakePoint(:lon, :lat)::geography, ST_MakePoint(:x, :y)::geography)"),
            {"lon": lon, "lat": lat, "x": STYRUM[1], "y": STYRUM[0]},
        ).scalar()
        assert row["properties"]["distance_m"] == pytest.approx(metres, abs=0.2)


def test_near_ranks_by_metres_not_degrees(client, make):
    # 0.010° east is ~690 m at 51.4° N; 0.008° north is ~890 m: by degrees the east one is farther, by metres nearer.
    lat, lon = 51.40, 6.95
    east = make.offer(title="Osten", places=[make.place(lon=lon + 0.010, lat=lat)])
    north = make.offer(title="Norden", places=[make.place(lon=lon, lat=lat + 0.008)])
    rows = [
        f["properties"]["offer_id"]
        for f in features(client, f"near={lat},{lon}&radius=1000")
        if f["properties"]["offer_id"] in (east.id, north.id)
    ]
    assert rows == [east.id, north.id]


def test_radius_keeps_only_offers_within_it(client):
    rows = features(client, f"near={STYRUM[0]},{STYRUM[1]}&radius=800&limit=1000")
    assert rows and all(row["properties"]["distance_m"] <= 800 for row in rows)


def test_bbox_keeps_only_points_inside(client):
    rows = features(client, "bbox=6.85,51.42,6.89,51.44&limit=1000")
    assert rows
    for row in rows:
        lon, lat = row["geometry"]["coordinates"]
        assert 6.85 <= lon <= 6.89 and 51.42 <= lat <= 51.44


def test_filters_combine(client, make):
    place = make.place(lon=6.8656, lat=51.4537, barrier_free=BarrierFree.YES, languages=["ar"])
    match = make.offer(
        title="Kombitreffer Elternkurs",
        phases=("fruehe-kindheit",),
        categories=("familie",),
        min_age=1,
        max_age=5,
        is_free=True,
        languages=["de", "ar"],
        places=[place],
    )
    query = (
        "phase=fruehe-kindheit&category=familie&district=styrum&age=2&free=true&barrier_free=true"
        f"&language=ar&q=Elternkurs&near={STYRUM[0]},{STYRUM[1]}&radius=2000&bbox=6.80,51.40,6.95,51.50"
    )
    assert match.id in offer_ids(client, query)
    for changed in ("age=9", "category=kultur", "district=saarn", "language=pl", "q=Schwimmkurs"):
        name = changed.split("=")[0]
        narrowed = "&".join(part for part in query.split("&") if not part.startswith(name + "=")) + "&" + changed
        assert match.id not in offer_ids(client, narrowed), changed


def test_pagination_walks_every_row_once(client):
    total = client.get("/api/v1/offers?limit=1").json["numberMatched"]
    seen = []
    for offset in range(0, total, 50):
        body = client.get(f"/api/v1/offers?limit=50&offset={offset}").json
        assert body["numberMatched"] == total
        seen += [(f["id"], f["properties"]["place_id"]) for f in body["features"]]
    assert len(seen) == total == len(set(seen))
    assert client.get(f"/api/v1/offers?offset={total}").json["numberReturned"] == 0


@pytest.mark.parametrize(
    "query, param",
    [
        ("phase=mondphase", "phase"),
        ("category=nope", "category"),
        ("category=<script>", "category"),
        ("district=atlantis", "district"),
        ("near=51.4", "near"),
        ("near=abc,def", "near"),
        ("near=95,6.8", "near"),
        ("near=51.4,nan", "near"),
        ("near=51.43,6.88&radius=0", "radius"),
        ("near=51.43,6.88&radius=50001", "radius"),
        ("radius=abc", "radius"),
        ("bbox=6.9,51.4,6.8,51.5", "bbox"),
        ("bbox=6.8,51.5,6.9,51.4", "bbox"),
        ("bbox=1,2,3", "bbox"),
        ("limit=1001", "limit"),
        ("limit=0", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("age=-1", "age"),
        ("age=121", "age"),
        ("age=2.5", "age"),
        ("free=maybe", "free"),
        ("barrier_free=perhaps", "barrier_free"),
        ("language=turkish", "language"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, query, param):
    response = client.get(f"/api/v1/offers?{query}")
    assert response.status_code == 400
    assert response.json["error"]["param"] == param
    assert response.json["error"]["message"]


def test_error_message_follows_lang(client):
    german = client.get("/api/v1/offers?age=999&lang=de").json["error"]["message"]
    assert "Alter" in german
    refresh()
    assert client.get("/api/v1/offers?age=999&lang=en").status_code == 400


def test_title_comes_in_the_requested_language_with_german_fallback(client, session, make):
    from mapfinder.models import OfferTranslation

    offer = make.offer(title="Elterncafé Übersetzt")
    offer.translations.append(OfferTranslation(locale="en", title="Parents' café translated"))
    session.flush()
    [english] = [
        f for f in features(client, "q=Elterncafé Übersetzt&lang=en") if f["properties"]["offer_id"] == offer.id
    ]
    refresh()  # the test's app context outlives the request, and flask-babel caches the locale on it
    [turkish] = [
        f for f in features(client, "q=Elterncafé Übersetzt&lang=tr") if f["properties"]["offer_id"] == offer.id
    ]
    assert english["properties"]["title"] == "Parents' café translated"
    assert turkish["properties"]["title"] == "Elterncafé Übersetzt"
