"""CSV import of places and offers with addresses: each row alone, bad rows reported, failed geocodes kept."""

from sqlalchemy import select

from mapfinder.geocoding import outcome
from mapfinder.models import GeocodeStatus, Offer, Place

from .geocoder_standin import standin, standin_server, use_geocoder  # noqa: F401 (fixtures)

PLACES_HEADER = "key,name,kind,organization,street,postcode,city,barrier_free,languages\n"
OFFERS_HEADER = "key,title,phases,categories,places,address,place_name\n"


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _place(session, key: str) -> Place | None:
    return session.scalar(select(Place).where(Place.key == key))


def test_places_import_keeps_good_rows_reports_bad_ones_and_keeps_failed_geocodes(cli, session, use_geocoder, tmp_path):
    standin = use_geocoder("nominatim")
    standin.answer("empty", when="Nirgendweg")
    path = _write(
        tmp_path,
        "partner.csv",
        PLACES_HEADER
        + (
            "fz-a,Familienzentrum A,familienzentrum,,Eppinghofer Straße 50,45468,,yes,de;tr\n"
            ",ohne Name fehlt nichts,treff,,,45468,,,\n"
            "fz-b,Familienzentrum B,familienzentrum,,Bruchstraße 3,4546,,,\n"
            "fz-c,Familienzentrum C,,,Nirgendweg 1,45468,,,\n"
            "fz-a,Familienzentrum A doppelt,familienzentrum,,Eppinghofer Straße 50,45468,,,\n"
            "fz-d,Familienzentrum D,,traeger-x,Bruchstraße 3,45468,,,\n"
            "fz-e,Familienzentrum E,,,Bruchstraße 5,45468,,vielleicht,\n"
        ),
    )
    result = cli.invoke(args=["import", "places", str(path)])
    assert result.exit_code == 1, result.output
    assert "import: partner.csv: 7 rows, 2 imported, 5 bad" in result.output
    for line in (
        "bad line 3, field 'street': missing",
        "bad line 4, field 'postcode': not a five-digit postcode: '4546'",
        "bad line 6, field 'key': 'fz-a' appears again (first on line 2)",
        "bad line 7, field 'organization': unknown organization 'traeger-x'",
        "bad line 8, field 'barrier_free': 'vielleicht' is not one of no, unknown, yes",
        f"failed line 5, place fz-c: {outcome.NOT_FOUND}",
        "geocode: 1 places with a point (0 from cache), 1 failed (kept without a point), 0 hand-set kept",
    ):
        assert line in result.output
    good, failed = _place(session, "fz-a"), _place(session, "fz-c")
    assert good.geocode_status is GeocodeStatus.OK and good.stadtteil is not None and good.languages == ["de", "tr"]
    assert good.geocode_provider == "nominatim" and good.city == "Mülheim an der Ruhr"
    assert failed.geocode_status is GeocodeStatus.FAILED and failed.geom is None
    assert failed.geocode_reason == outcome.NOT_FOUND and failed.kind == "einrichtung"
    assert _place(session, "fz-b") is None and _place(session, "fz-d") is None


def test_re_import_keeps_a_point_unless_the_address_changed_and_never_a_hand_set_one(
    cli, session, use_geocoder, make, tmp_path
):
    standin = use_geocoder("nominatim")
    manual = make.place(street="Altweg 1", postcode="45468")
    manual.geocode_status = GeocodeStatus.MANUAL
    path = _write(
        tmp_path,
        "again.csv",
        PLACES_HEADER
        + (
            f"{manual.key},Hand gesetzt,treff,,Neuweg 2,45468,,,\n"
            "fz-a,Familienzentrum A,familienzentrum,,Eppinghofer Straße 50,45468,,,\n"
        ),
    )
    cli.invoke(args=["import", "places", str(path)])
    assert len(standin.requests) == 1
    result = cli.invoke(args=["import", "places", str(path)])
    assert result.exit_code == 0 and len(standin.requests) == 1  # nothing changed: no request, not even to the cache
    assert "0 failed (kept without a point), 1 hand-set kept" in result.output
    session.refresh(manual)
    assert manual.geocode_status is GeocodeStatus.MANUAL and manual.street == "Neuweg 2"
    moved = path.read_text(encoding="utf-8").replace("Eppinghofer Straße 50", "Eppinghofer Straße 52")
    _write(tmp_path, "again.csv", moved)
    cli.invoke(args=["import", "places", str(path)])
    assert len(standin.requests) == 2


def test_a_file_without_a_required_column_is_refused_as_a_whole(cli, session, use_geocoder, tmp_path):
    use_geocoder("gazetteer")
    path = _write(tmp_path, "wrong.csv", "key,title\nx,Ohne Straße\n")
    result = cli.invoke(args=["import", "places", str(path)])
    assert result.exit_code != 0
    assert "nothing imported: wrong.csv: line 1, field 'name, street': column missing" in result.output


def test_offers_import_links_places_by_key_or_address(cli, session, use_geocoder, tmp_path):
    standin = use_geocoder("nominatim")
    standin.answer("empty", when="Nirgendweg")
    path = _write(
        tmp_path,
        "offers.csv",
        OFFERS_HEADER
        + (
            "o-key,Per Schlüssel,fruehe-kindheit,familie,fz-innenstadt,,\n"
            'o-school,An der Schule,grundschule,bildung,,"Sunderweg 90, 45472 Mülheim an der Ruhr",\n'
            'o-new,Neuer Ort,jugend,kultur,,"Bruchstraße 3, 45468",Jugendtreff Eppinghofen\n'
            'o-lost,Unbekannter Ort,jugend,kultur,,"Nirgendweg 1, 45468",\n'
            "o-bad,Falsche Phase,mondphase,kultur,,,\n"
            "o-gone,Fehlender Ort,jugend,kultur,gibt-es-nicht,,\n"
            "o-noaddr,Ohne Hausnummer,jugend,kultur,,Irgendwo,\n"
        ),
    )
    result = cli.invoke(args=["import", "offers", str(path)])
    assert result.exit_code == 1, result.output
    assert "import: offers.csv: 7 rows, 4 imported, 3 bad" in result.output
    assert "bad line 6, field 'phases': unknown code(s): mondphase" in result.output
    assert "bad line 7, field 'places': unknown code(s): gibt-es-nicht" in result.output
    assert "bad line 8, field 'address': no street and house number in 'Irgendwo'" in result.output
    offers = {offer.key: offer for offer in session.scalars(select(Offer).where(Offer.key.like("o-%")))}
    assert set(offers) == {"o-key", "o-school", "o-new", "o-lost"}
    assert [place.key for place in offers["o-key"].places] == ["fz-innenstadt"]
    assert offers["o-school"].places[0].key == "school-103780"  # the known school, no new place, no request
    new_place = offers["o-new"].places[0]
    assert new_place.name == "Jugendtreff Eppinghofen" and new_place.geocode_status is GeocodeStatus.OK
    assert new_place.bezirk is not None
    lost = offers["o-lost"].places[0]
    assert lost.geocode_status is GeocodeStatus.FAILED and lost.geocode_reason == outcome.NOT_FOUND
    assert [request.params["q"] for request in standin.requests] == [
        "Bruchstraße 3, 45468 Mülheim an der Ruhr",
        "Nirgendweg 1, 45468 Mülheim an der Ruhr",
    ]


def test_the_documented_examples_import_offline(cli, session, use_geocoder):
    use_geocoder("gazetteer")
    places = cli.invoke(args=["import", "places", "docs/examples/places.csv"])
    assert places.exit_code == 0, places.output
    assert "import: places.csv: 3 rows, 3 imported, 0 bad" in places.output
    offers = cli.invoke(args=["import", "offers", "docs/examples/offers.csv"])
    assert offers.exit_code == 0, offers.output
    assert "import: offers.csv: 3 rows, 3 imported, 0 bad" in offers.output
    assert _place(session, "ogs-sunderplatz").geocode_status is GeocodeStatus.OK
    styrum = _place(session, "familienbuero-styrum")
    assert styrum.geocode_status is GeocodeStatus.FAILED and styrum.geocode_reason == outcome.NOT_KNOWN_OFFLINE
    assert f"failed line 4, place familienbuero-styrum: {outcome.NOT_KNOWN_OFFLINE}" in offers.output
