"""Bad input gets a 4xx and a message, never a 500 (issue 17): control characters, huge ids, forged sessions,
control characters in stored data."""

import io
import json

import pytest
from openpyxl import load_workbook

from mapfinder.input_rules import has_control_characters, strip_control_characters, valid_ids
from mapfinder.referral import MAX_OFFERS, SESSION_KEY


@pytest.mark.parametrize(
    "path",
    [
        "/?q=a%00b",
        "/?q=a%01b",
        "/planning?phase=a%00b",
        "/planning?level=%00",
        "/planning?category=x%1f",
        "/districts?x=%00",
        "/referral?offers=%00",
        "/about?lang=de%00",
    ],
)
def test_a_control_character_on_a_page_is_named_and_dropped(client, path):
    response = client.get(path, headers={"Accept-Language": "de"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "unzulässige Steuerzeichen" in page or "Steuerzeichen" in page
    assert "\x00" not in page and "\x01" not in page


def test_the_finder_keeps_the_readers_other_filters(client, make):
    offer = make.offer(title="Krabbelgruppe Steuerzeichen", phases=("fruehe-kindheit",))
    response = client.get("/?q=a%00b&phase=fruehe-kindheit&district=eppinghofen")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "„q“" in page and offer.title in page
    assert 'value="fruehe-kindheit" checked' in page or "fruehe-kindheit" in page


def test_the_finders_fragment_answers_400_without_the_bad_filter(client):
    response = client.get("/results?q=a%00b")
    assert response.status_code == 400 and "results-heading" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/districts/a%00b", "/networks/a%00b", "/districts/%01"])
def test_a_control_character_in_a_path_is_a_400_page(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "Steuerzeichen" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path, param",
    [
        ("/api/v1/offers?q=a%00b", "q"),
        ("/api/v1/offers/points?district=%00", "district"),
        ("/api/v1/gaps?phase=a%00b", "phase"),
        ("/api/v1/offers?lang=%00", "lang"),
    ],
)
def test_the_api_answers_a_control_character_with_json(client, path, param):
    response = client.get(path)
    assert response.status_code == 400
    assert response.get_json()["error"]["param"] == param


@pytest.mark.parametrize(
    "path", ["/export.csv?q=%00", "/export.xlsx?district=%00", "/planning.csv?phase=%00", "/referral.pdf?offers=%00"]
)
def test_downloads_answer_a_control_character_with_text(client, path):
    response = client.get(path)
    assert response.status_code == 400 and response.mimetype == "text/plain"


@pytest.mark.parametrize("path", ["/offers/2147483648", "/offers/99999999999999999999", "/offers/0"])
def test_ids_beyond_the_database_range_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.get_data(as_text=True)


def test_a_huge_id_on_the_referral_sheet_is_reported_not_an_error(client):
    response = client.get("/referral?offers=9999999999,2147483648")
    assert response.status_code == 200
    assert "9999999999" in response.get_data(as_text=True)
    assert client.get("/referral.pdf?offers=9999999999").status_code == 400


@pytest.mark.parametrize("forged", [5, None, "abc", [1, "x"], [True], {"a": 1}, [2**40], list(range(1, 100))])
def test_a_forged_session_value_counts_as_an_empty_sheet(client, make, csrf, forged):
    offer = make.offer()
    with client.session_transaction() as flask_session:
        flask_session[SESSION_KEY] = forged
    assert client.get("/").status_code == 200
    assert client.get("/referral").status_code in (200, 302)
    response = client.post(
        "/referral/add", data={"offer_id": offer.id, "csrf_token": csrf}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200 and response.get_json()["offers"] == [offer.id]
    with client.session_transaction() as flask_session:
        flask_session[SESSION_KEY] = forged
    for path in ("/referral/remove", "/referral/clear"):
        assert client.post(path, data={"offer_id": offer.id, "csrf_token": csrf}).status_code == 302


def test_a_form_value_with_a_control_character_is_refused(client, make, csrf):
    offer = make.offer()
    response = client.post("/referral/add", data={"offer_id": offer.id, "next": "/\x00", "csrf_token": csrf})
    assert response.status_code == 400


def test_an_offer_with_control_characters_exports_cleanly(client, make):
    offer = make.offer(title="Kurs\x01 mit\x0b Steuerzeichen", description="Zeile\x1f eins\nZeile zwei")
    response = client.get(f"/export.xlsx?q={offer.title[:4]}&district=eppinghofen")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    titles = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert "Kurs mit Steuerzeichen" in titles
    csv_text = client.get("/export.csv?district=eppinghofen").get_data(as_text=True)
    assert "Kurs mit Steuerzeichen" in csv_text and "\x01" not in csv_text


def test_the_finder_page_escapes_and_survives_stored_control_characters(client, make):
    make.offer(title="Kurs\x01 am Abend")
    assert client.get("/?district=eppinghofen").status_code == 200
    assert client.get("/api/v1/offers?district=eppinghofen").status_code == 200
    json.dumps(client.get("/api/v1/offers?district=eppinghofen").get_json())


def test_rules():
    assert has_control_characters("a\x00b") and has_control_characters("\x7f") and has_control_characters("\x0b")
    assert not has_control_characters("Zeile\neins\tzwei\r") and not has_control_characters("Straße \u2028")
    assert strip_control_characters("a\x00b\x01c\n") == "abc\n"
    assert valid_ids([3, 1, 3], limit=MAX_OFFERS) == [3, 1]
    for forged in (5, None, "abc", [1, "x"], [True], [0], [-1], [2**31], {"a": 1}):
        assert valid_ids(forged, limit=MAX_OFFERS) == []
    assert valid_ids(list(range(1, MAX_OFFERS + 1)), limit=MAX_OFFERS) == list(range(1, MAX_OFFERS + 1))
    assert valid_ids(list(range(1, MAX_OFFERS + 2)), limit=MAX_OFFERS) == []
