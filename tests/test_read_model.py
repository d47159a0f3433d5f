"""The listings' read model (``offer_search``): every write is visible at once, it presents offers exactly as the
ORM does, text search ignores accents and finds places and organisations, the bbox is exact, and an API request
costs at most three SQL statements."""

from contextlib import contextmanager
from decimal import Decimal

from flask_babel import force_locale, refresh
from sqlalchemy import event, select

from mapfinder.editing import Actor, OfferInput, archive_offer, publish_offer, save_offer
from mapfinder.extensions import db
from mapfinder.models import (
    Category,
    CostKind,
    CostOption,
    DistrictTranslation,
    LifePhase,
    OfferAtPlace,
    OfferTranslation,
    PlaceTranslation,
    TranslationStatus,
)
from mapfinder.offer_records import record_from_search
from mapfinder.presenters import Vocabulary, present_record, present_row
from mapfinder.read_model import bulk_refresh
from mapfinder.schedules import parse_schedule_text
from mapfinder.search import OfferFilters, ResultRow, _page_query

ACTOR = Actor(source="test")
STYRUM = (6.8520, 51.4530)  # lon, lat inside Styrum


def api_ids(client, query: str) -> set[int]:
    return {f["properties"]["offer_id"] for f in client.get(f"/api/v1/offers?{query}&limit=1000").json["features"]}


def api_titles(client, query: str) -> set[str]:
    return {f["properties"]["title"] for f in client.get(f"/api/v1/offers?{query}&limit=1000").json["features"]}


def point_ids(client, query: str) -> set[int]:
    return {row[0] for row in client.get(f"/api/v1/offers/points?{query}").json["points"]}


def finder_html(client, query: str) -> str:
    return client.get(f"/results?{query}").get_data(as_text=True)


def test_publication_edit_and_archiving_show_in_finder_and_api_at_once(session, make, client):
    phase, category = session.scalar(select(LifePhase).limit(1)), session.scalar(select(Category).limit(1))
    values = {
        "title": "Lesepatenschaft Sofortprobe",
        "phases": [phase],
        "categories": [category],
        "places": [make.place()],
    }
    offer = save_offer(OfferInput(**values), actor=ACTOR)
    assert offer.id not in api_ids(client, "q=Sofortprobe")  # a draft

    publish_offer(offer, actor=ACTOR)
    assert offer.id in api_ids(client, "q=Sofortprobe")
    assert offer.id in point_ids(client, "q=Sofortprobe")
    assert "Lesepatenschaft Sofortprobe" in finder_html(client, "q=Sofortprobe")

    save_offer(OfferInput(**{**values, "title": "Vorlesestunde Sofortprobe"}), actor=ACTOR, offer=offer)
    assert api_titles(client, "q=Sofortprobe") == {"Vorlesestunde Sofortprobe"}
    html = finder_html(client, "q=Sofortprobe")
    assert "Vorlesestunde Sofortprobe" in html and "Lesepatenschaft" not in html

    archive_offer(offer, actor=ACTOR)
    assert offer.id not in api_ids(client, "q=Sofortprobe")
    assert offer.id not in point_ids(client, "q=Sofortprobe")
    assert "Vorlesestunde Sofortprobe" not in finder_html(client, "q=Sofortprobe")


def test_changes_of_links_places_and_translations_reach_the_listing_at_once(session, make, client):
    offer = make.offer(title="Krabbelgruppe Wanderprobe", phases=("fruehe-kindheit",))
    assert offer.id in api_ids(client, "phase=fruehe-kindheit&q=Wanderprobe")
    offer.phases = list(session.scalars(select(LifePhase).where(LifePhase.code == "grundschule")))
    session.flush()
    assert offer.id not in api_ids(client, "phase=fruehe-kindheit&q=Wanderprobe")
    assert offer.id in api_ids(client, "phase=grundschule&q=Wanderprobe")

    place = offer.places[0]
    place.name = "Familienzentrum Umzugsweg"
    session.flush()
    [feature] = client.get("/api/v1/offers?q=Wanderprobe").json["features"]
    assert feature["properties"]["place"] == "Familienzentrum Umzugsweg"

    session.add(OfferTranslation(offer_id=offer.id, locale="en", title="Crawling group", description=""))
    session.flush()
    refresh()  # the test's long-lived app context would otherwise keep the first request's locale
    [english] = client.get("/api/v1/offers?q=Wanderprobe&lang=en").json["features"]
    assert english["properties"]["title"] == "Crawling group"


def test_a_listing_presents_an_offer_exactly_as_its_own_page_does(session, make):
    organization = make.organization(name="Caritasverband Vergleichsprobe")
    place = make.place(name="Stadtteilbüro Vergleich", organization_id=organization.id)
    session.add(PlaceTranslation(place_id=place.id, locale="uk", name="Бюро району", status=TranslationStatus.HUMAN))
    offer = make.offer(
        title="Deutschkurs Vergleich",
        places=[place],
        schedule="dienstags 10:00–12:00",
        cost="5 €",
        contact_email="kurs@example.org",
        contact_phone="0208 123",
        registration_url="https://example.org/anmelden",
        min_age=16,
    )
    offer.cost_options.append(
        CostOption(position=1, kind=CostKind.REDUCED, amount=Decimal("2.50"), amount_description="mit Mülheim-Pass")
    )
    offer.translations.append(
        OfferTranslation(locale="uk", title="Курс німецької", description="Опис", status=TranslationStatus.MACHINE)
    )
    at_place = session.scalar(select(OfferAtPlace).where(OfferAtPlace.offer_id == offer.id))
    at_place.note = "Eingang im Hof"
    at_place.schedules = [_rule("mittwochs 9–11")]
    session.flush()
    session.expire_all()
    for locale in ("de", "uk", "ar"):
        vocabulary = Vocabulary.load(locale)
        [row] = db.session.execute(_page_query(OfferFilters(q="Vergleich", text_locale=locale))).all()
        with force_locale(locale):
            from_read_model = present_record(record_from_search(row), vocabulary)
        at_place = session.get(OfferAtPlace, row.id)
        from_models = present_row(
            ResultRow(row.id, offer.id, place.id, row.lon, row.lat, None),
            at_place.offer,
            at_place.place,
            at_place,
            vocabulary,
        )
        assert from_read_model == from_models
        assert from_read_model.schedules and from_read_model.note and len(from_read_model.costs) == 2


def _rule(text: str):
    from mapfinder.editing.service import schedule_row

    [rule] = parse_schedule_text(text)
    return schedule_row(rule, 0)


def test_text_search_ignores_accents_and_finds_places_and_organisations(make, client):
    caritas = make.organization(name="Caritasverband Suchprobe e. V.")
    vhs = make.place(name="Heinrich-Thöne-Volkshochschule (VHS) Suchprobe")
    street = make.place(name="Familienzentrum Kettwiger Straße Suchprobe", organization_id=caritas.id)
    at_vhs = make.offer(title="Englisch für Anfänger", places=[vhs])
    cafe = make.offer(title="Elterncafé Suchprobe", places=[street])
    assert at_vhs.id in api_ids(client, "q=VHS")
    assert at_vhs.id in api_ids(client, "q=Volkshochschule")
    assert cafe.id in api_ids(client, "q=Caritas")
    assert cafe.id in api_ids(client, "q=Elterncafe")
    assert cafe.id in api_ids(client, "q=Strasse")
    assert at_vhs.id not in api_ids(client, "q=Caritas")


def test_bbox_is_exact_points_on_the_edge_count_points_outside_do_not(make, client):
    lon, lat = STYRUM
    inside = make.offer(places=[make.place(lon=lon, lat=lat)])
    edge = make.offer(places=[make.place(lon=lon + 0.001, lat=lat)])
    outside = make.offer(places=[make.place(lon=lon + 0.0010001, lat=lat)])
    ids = api_ids(client, f"bbox={lon - 0.001},{lat - 0.001},{lon + 0.001},{lat + 0.001}")
    assert inside.id in ids and edge.id in ids and outside.id not in ids


@contextmanager
def counted_statements():
    statements: list[str] = []
    engine = db.engine

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_an_api_request_costs_at_most_three_statements(make, client):
    for _ in range(3):
        make.offer(phases=("fruehe-kindheit",))
    for query in (
        "phase=fruehe-kindheit&limit=2",
        "phase=fruehe-kindheit&district=styrum&limit=50",
        "bbox=6.80,51.40,6.95,51.50&limit=1000",
        "limit=1000",
        "q=Familie&near=51.45,6.88&radius=5000",
        "q=Familie&limit=1",
    ):
        with counted_statements() as statements:
            assert client.get(f"/api/v1/offers?{query}").status_code == 200
        assert len(statements) <= 3, (query, statements)
    with counted_statements() as statements:
        assert client.get("/api/v1/offers/points?phase=fruehe-kindheit").status_code == 200
    assert len(statements) <= 3


def test_a_bulk_load_rebuilds_the_model_once_at_its_end(session, make, client):
    with bulk_refresh():
        offer = make.offer(title="Massenprobe Nachher")
        assert offer.id not in api_ids(client, "q=Massenprobe")  # paused inside the block
    assert offer.id in api_ids(client, "q=Massenprobe")
    offer.title = "Massenprobe Geändert"
    session.flush()
    assert api_titles(client, "q=Massenprobe") == {"Massenprobe Geändert"}  # live again after it


def test_remembered_pages_and_counts_follow_every_write(session, make, client):
    organization = make.organization(name="Trägerverein Gedächtnisprobe")
    offer = make.offer(title="Spielkreis Erinnerung", places=[make.place(organization_id=organization.id)])
    first = client.get("/api/v1/offers?q=Gedächtnisprobe").json
    assert [f["properties"]["offer_id"] for f in first["features"]] == [offer.id]
    assert client.get("/api/v1/offers?q=Gedächtnisprobe").json == first  # the remembered page, unchanged data

    organization.name = "Trägerverein Umbenannt"
    session.flush()
    assert client.get("/api/v1/offers?q=Gedächtnisprobe").json["numberMatched"] == 0
    assert client.get("/api/v1/offers?q=Umbenannt").json["numberMatched"] == 1

    district = offer.places[0].stadtteil
    before = client.get("/api/v1/offers?q=Umbenannt&lang=en").json["features"][0]["properties"]["district_name"]
    session.add(DistrictTranslation(district_id=district.id, locale="en", name="Test district name"))
    session.flush()
    refresh()
    after = client.get("/api/v1/offers?q=Umbenannt&lang=en").json["features"][0]["properties"]["district_name"]
    assert before == district.name and after == "Test district name"
