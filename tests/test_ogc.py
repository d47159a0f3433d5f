"""OGC API – Features under /ogc: the documents, items with the finder's data and visibility, paging, filters,
single features, content negotiation and the standard's exception format for bad input."""

from datetime import date, timedelta

import pytest

from mapfinder.models import OfferStatus


def items(client, collection: str, query: str = "") -> dict:
    response = client.get(f"/ogc/collections/{collection}/items?{query}")
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/geo+json"
    return response.json


def test_landing_page_links_conformance_and_collections(client):
    body = client.get("/ogc").json
    rels = {link["rel"]: link["href"] for link in body["links"]}
    assert rels["conformance"].endswith("/ogc/conformance")
    assert rels["data"].endswith("/ogc/collections")
    classes = client.get("/ogc/conformance").json["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in classes
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in classes


def test_three_collections_with_extent_and_items_link(client):
    body = client.get("/ogc/collections").json
    assert [c["id"] for c in body["collections"]] == ["offers", "places", "districts"]
    for collection in body["collections"]:
        west, south, east, north = collection["extent"]["spatial"]["bbox"][0]
        assert west < east and south < north
        assert any(
            link["rel"] == "items" and link["href"].endswith(f"/ogc/collections/{collection['id']}/items")
            for link in collection["links"]
        )
    assert client.get("/ogc/collections/offers").json["id"] == "offers"


def test_offer_items_are_the_finders_rows_with_the_offer_at_place_id(client, make):
    offer = make.offer(title="OGC Krabbelgruppe")
    hidden = make.offer(title="OGC Entwurf", status=OfferStatus.DRAFT)
    ended = make.offer(title="OGC Vorbei", ends_on=date.today() - timedelta(days=1))
    body = items(client, "offers", "limit=1000")
    api = client.get("/api/v1/offers?limit=1").json
    assert body["numberMatched"] == api["numberMatched"]
    ids = {feature["id"] for feature in body["features"]}
    assert offer.at_places[0].id in ids
    assert not ids & {hidden.at_places[0].id, ended.at_places[0].id}
    [feature] = [f for f in body["features"] if f["id"] == offer.at_places[0].id]
    assert feature["properties"]["title"] == "OGC Krabbelgruppe"
    assert feature["geometry"] == {"type": "Point", "coordinates": [pytest.approx(6.8827), pytest.approx(51.4305)]}


def test_paging_links_walk_every_feature_once(client):
    first = items(client, "offers", "limit=40")
    seen, page, pages = [], first, 0
    while True:
        seen += [feature["id"] for feature in page["features"]]
        assert page["numberReturned"] == len(page["features"])
        following = [link["href"] for link in page["links"] if link["rel"] == "next"]
        if not following:
            break
        page = client.get(following[0].replace("http://localhost", "")).json
        assert any(link["rel"] == "prev" for link in page["links"])
        pages += 1
    assert len(seen) == len(set(seen)) == first["numberMatched"]
    assert pages >= 1
    assert not any(link["rel"] == "prev" for link in first["links"])


def test_filters_phase_category_district_bbox_and_datetime(client, make):
    make.district(slug="ogc-quartier", name="OGC-Quartier")
    inside = make.place(lon=6.9555, lat=51.3555)
    tagged = make.offer(
        title="OGC Senioren",
        phases=("lebenslang",),
        categories=("gesundheit",),
        places=[inside],
        starts_on=date(2030, 1, 1),
        ends_on=date(2030, 6, 30),
    )
    tagged_id = tagged.at_places[0].id

    def ids(query):
        return {feature["id"] for feature in items(client, "offers", f"limit=1000&{query}")["features"]}

    assert tagged_id in ids("phase=lebenslang") and tagged_id not in ids("phase=fruehe-kindheit")
    assert tagged_id in ids("category=gesundheit") and tagged_id not in ids("category=familie")
    assert tagged_id in ids("bbox=6.95,51.35,6.96,51.36")
    assert tagged_id in ids("district=ogc-quartier") and tagged_id not in ids("district=styrum")
    assert tagged_id not in ids("bbox=6.80,51.40,6.85,51.45")
    assert tagged_id in ids("datetime=2030-03-01") and tagged_id in ids("datetime=2030-06-01/..")
    assert tagged_id not in ids("datetime=2031-01-01T00:00:00Z/..")
    assert tagged_id not in ids("datetime=../2029-12-31")


def test_single_feature_and_404s_in_the_exception_format(client, make):
    offer = make.offer(title="OGC Einzeln")
    feature_id = offer.at_places[0].id
    body = client.get(f"/ogc/collections/offers/items/{feature_id}").json
    assert body["id"] == feature_id and body["properties"]["title"] == "OGC Einzeln"
    draft = make.offer(status=OfferStatus.DRAFT)
    for url in (
        f"/ogc/collections/offers/items/{draft.at_places[0].id}",
        "/ogc/collections/offers/items/abc",
        "/ogc/collections/nope",
        "/ogc/collections/nope/items",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert set(response.json) == {"code", "description"}
    place = make.place(name="OGC Einrichtung")
    assert client.get(f"/ogc/collections/places/items/{place.id}").json["properties"]["name"] == "OGC Einrichtung"


def test_districts_collection(client, make):
    make.district(slug="ogc-bezirk", name="OGC-Bezirk")
    body = items(client, "districts", "limit=1000")
    assert "ogc-bezirk" in {feature["id"] for feature in body["features"]}
    assert client.get("/ogc/collections/districts/items/ogc-bezirk").json["properties"]["name"] == "OGC-Bezirk"
    narrow = items(client, "districts", "bbox=6.951,51.351,6.952,51.352")
    assert "ogc-bezirk" in {feature["id"] for feature in narrow["features"]}


@pytest.mark.parametrize(
    "query",
    [
        "bbox=1,2,3",
        "bbox=9,9,1,1",
        "limit=0",
        "limit=x",
        "datetime=yesterday",
        "datetime=2030-02-01/2030-01-01",
        "phase=unbekannt",
        "f=xml",
        "bbox-crs=EPSG:4326",
    ],
)
def test_bad_parameters_are_400_in_the_exception_format(client, query):
    response = client.get(f"/ogc/collections/offers/items?{query}")
    assert response.status_code == 400, query
    assert response.json["code"] == "InvalidParameterValue"
    assert response.json["description"]


def test_limit_above_maximum_is_cut_to_it(client):
    body = items(client, "offers", "limit=5000")
    assert body["numberReturned"] <= 1000


def test_queryables_are_a_json_schema(client):
    response = client.get("/ogc/collections/offers/queryables")
    assert response.mimetype == "application/schema+json"
    assert {"phase", "category", "district"} <= set(response.json["properties"])


def test_html_by_f_and_by_accept_header(client, make):
    make.offer(title="OGC <b>Fett</b>")
    page = client.get("/ogc/collections/offers/items?f=html&q=Fett")
    assert page.mimetype == "text/html"
    assert "OGC &lt;b&gt;Fett&lt;/b&gt;" in page.get_data(as_text=True)
    assert client.get("/ogc", headers={"Accept": "text/html"}).mimetype == "text/html"
    assert client.get("/ogc", headers={"Accept": "*/*"}).mimetype == "application/json"
    missing = client.get("/ogc/collections/nope?f=html")
    assert missing.status_code == 404 and missing.mimetype == "text/html"
