"""The referral sheet: offers chosen in the URL or session, German beside the client's language, QR codes, PDF."""

import re
import subprocess

import pytest

from mapfinder.models import OfferStatus, OfferTranslation, TranslationStatus
from mapfinder.referral import MAX_OFFERS, SESSION_KEY, parse_offer_ids


@pytest.mark.parametrize(
    ("raw", "ids", "invalid"),
    [
        ("1,2,3", [1, 2, 3], []),
        ("3, 1,3", [3, 1], []),
        ("1,abc,-4,0,2.5", [1], ["abc", "-4", "0", "2.5"]),
        ("", [], []),
        (None, [], []),
        ("99999999999", [], ["99999999999"]),
    ],
)
def test_offer_ids_are_parsed_strictly(raw, ids, invalid):
    selection = parse_offer_ids(raw)
    assert selection.ids == ids and selection.invalid == invalid


def test_at_most_a_sheet_full_of_offers():
    selection = parse_offer_ids(",".join(str(n) for n in range(1, MAX_OFFERS + 10)))
    assert len(selection.ids) == MAX_OFFERS and selection.truncated


def column(page: str, lang: str) -> str:
    """The text of every sheet column in ``lang``."""
    return " ".join(re.findall(rf'<td class="sheet-col" lang="{lang}"[^>]*>(.*?)</td>', page, flags=re.DOTALL))


def test_sheet_shows_german_and_turkish_side_by_side(client, make):
    offers = [
        make.offer(
            title=f"Sprachcafé {n}",
            description="Gemeinsam Deutsch sprechen.",
            is_free=True,
            schedule="dienstags 10–12 Uhr",
            min_age=0,
            max_age=3,
        )
        for n in range(3)
    ]
    ids = ",".join(str(offer.id) for offer in offers)
    page = client.get(f"/referral?offers={ids}&client=tr").get_data(as_text=True)
    german, turkish = column(page, "de"), column(page, "tr")
    assert "Sprachcafé 0" in german and "Frühe Kindheit" in german and "Kosten" in german
    assert "Erken çocukluk" in turkish  # the phase in Turkish
    assert "Türkçe" in turkish  # the fallback notice names the language in Turkish
    assert 'lang="de"' in turkish  # the German title inside the Turkish column says it is German
    assert page.count('class="sheet-offer"') == 3
    assert page.count("<svg") >= 3 and f"/offers/{offers[0].id}?lang=tr" in page


def test_a_translated_offer_shows_its_translation_without_a_notice(client, make, session):
    offer = make.offer(title="Elterncafé", description="Austausch bei Kaffee.")
    offer.translations.append(
        OfferTranslation(
            locale="tr", title="Veli kafesi", description="Kahve eşliğinde sohbet.", status=TranslationStatus.HUMAN
        )
    )
    session.flush()
    page = client.get(f"/referral?offers={offer.id}&client=tr").get_data(as_text=True)
    turkish = column(page, "tr")
    assert "Veli kafesi" in turkish and "Kahve eşliğinde sohbet." in turkish
    assert "sheet-fallback" not in turkish
    assert "Elterncafé" in column(page, "de")


def test_arabic_column_reads_right_to_left(client, make):
    offer = make.offer()
    page = client.get(f"/referral?offers={offer.id}&client=ar").get_data(as_text=True)
    assert '<td class="sheet-col" lang="ar" dir="rtl">' in page


def test_client_language_changes_the_second_column_not_the_interface(client, make):
    offer = make.offer(min_age=0, max_age=3)
    response = client.get(f"/referral?offers={offer.id}&client=ar")
    page = response.get_data(as_text=True)
    assert '<td class="sheet-col" lang="ar" dir="rtl">' in page and "الطفولة المبكرة" in column(page, "ar")
    assert re.search(r'<html[^>]* lang="de"', page) and 'dir="rtl"' not in page.split("<body", 1)[0]
    assert "Empfehlungsblatt" in page.split("<main", 1)[-1]  # the professional's interface stays German
    assert "mapfinder_lang" not in response.headers.get("Set-Cookie", "")
    pdf_link = re.search(r'href="([^"]*/referral\.pdf[^"]*)"', page).group(1)
    assert "client=ar" in pdf_link and "lang=" not in pdf_link


def test_interface_language_and_client_language_are_independent(client, make):
    offer = make.offer()
    page = client.get(f"/referral?offers={offer.id}&lang=en&client=tr").get_data(as_text=True)
    assert re.search(r'<html[^>]* lang="en"', page) and "Referral sheet" in page
    assert '<td class="sheet-col" lang="tr"' in page and '<td class="sheet-col" lang="en"' not in page


def test_german_sheet_has_one_column(client, make):
    offer = make.offer()
    page = client.get(f"/referral?offers={offer.id}&client=de").get_data(as_text=True)
    assert "is-bilingual" not in page and page.count('<td class="sheet-col"') == 2  # header + one offer


@pytest.mark.parametrize(
    "query", ["offers=abc", "offers=1,,x;DROP", "offers=999999999", "offers=9999999999", "offers="]
)
def test_bad_offer_ids_get_a_clear_message_not_an_error(client, query):
    response = client.get(f"/referral?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "notice-error" in page or "Noch keine Angebote" in page


def test_unpublished_offer_is_reported_missing(client, make):
    offer = make.offer(status=OfferStatus.DRAFT)
    page = client.get(f"/referral?offers={offer.id}").get_data(as_text=True)
    assert "gibt es nicht (mehr)" in page and str(offer.id) in page


def test_offers_added_are_kept_in_the_session_and_put_into_the_url(client, make, csrf):
    offers = [make.offer() for _ in range(3)]
    for offer in offers:
        response = client.post(
            "/referral/add", data={"csrf_token": csrf, "offer_id": offer.id, "next": "/districts/styrum"}
        )
        assert response.status_code == 302 and response.location.endswith("/districts/styrum")
    response = client.get("/referral?client=tr")
    assert response.status_code == 302
    assert f"offers={offers[0].id},{offers[1].id},{offers[2].id}" in response.location
    assert "client=tr" in response.location and "lang=" not in response.location
    with client.session_transaction() as flask_session:
        assert flask_session[SESSION_KEY] == [offer.id for offer in offers]


def test_adding_by_script_answers_json_and_never_redirects_elsewhere(client, make, csrf):
    offer = make.offer()
    response = client.post(
        "/referral/add", data={"csrf_token": csrf, "offer_id": offer.id}, headers={"Accept": "application/json"}
    )
    assert response.json["count"] == 1 and response.json["offers"] == [offer.id]
    response = client.post(
        "/referral/add", data={"csrf_token": csrf, "offer_id": offer.id, "next": "https://evil.example/"}
    )
    assert response.location.startswith("/referral")
    response = client.post("/referral/add", data={"csrf_token": csrf, "offer_id": "x", "next": "//evil.example/"})
    assert response.location.startswith("/referral")


def test_remove_and_clear(client, make, csrf):
    first, second = make.offer(), make.offer()
    client.get(f"/referral?offers={first.id},{second.id}")
    response = client.post("/referral/remove", data={"csrf_token": csrf, "offer_id": first.id, "client": "tr"})
    assert f"offers={second.id}" in response.location and "client=tr" in response.location
    client.post("/referral/clear", data={"csrf_token": csrf})
    with client.session_transaction() as flask_session:
        assert flask_session[SESSION_KEY] == []


def test_pdf_has_pages_and_renders_to_an_image(client, make, tmp_path):
    offers = [make.offer(description="Ein Angebot mit Beschreibung. " * 5) for _ in range(4)]
    ids = ",".join(str(offer.id) for offer in offers)
    response = client.get(f"/referral.pdf?offers={ids}&client=ar")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(response.data)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 1
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    assert list(tmp_path.glob("page-*.png"))


def test_pdf_without_valid_offers_is_a_400_with_a_message(client):
    response = client.get("/referral.pdf?offers=nonsense")
    assert response.status_code == 400
    assert "keine Angebotsnummern" in response.get_data(as_text=True)


def test_add_button_appears_on_district_pages(client):
    page = client.get("/districts/eppinghofen").get_data(as_text=True)
    assert 'action="/referral/add"' in page and 'form="referral-add"' in page and "Zum Empfehlungsblatt" in page


def test_issuer_is_remembered_and_printed_under_issued_by(client, make, csrf, tmp_path):
    offer = make.offer()
    client.get(f"/referral?offers={offer.id}")
    response = client.post(
        "/referral/issuer",
        data={"csrf_token": csrf, "name": "  Aylin   Demir ", "service": "Jugendamt <Styrum>", "client": "ar"},
    )
    assert response.status_code == 302 and "client=ar" in response.location
    page = client.get(f"/referral?offers={offer.id}&client=ar").get_data(as_text=True)
    assert '<bdi class="sheet-issuer">Aylin Demir, Jugendamt &lt;Styrum&gt;</bdi>' in page
    assert 'value="Aylin Demir"' in page  # the form shows what is remembered
    pdf = client.get(f"/referral.pdf?offers={offer.id}&client=ar")
    (tmp_path / "sheet.pdf").write_bytes(pdf.data)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "sheet.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Aylin Demir, Jugendamt <Styrum>" in text


def test_issuer_form_needs_the_csrf_token(client):
    assert client.post("/referral/issuer", data={"name": "X"}).status_code == 400


@pytest.mark.parametrize(
    ("ages", "german"),
    [((0, 1), "0 bis 1 Jahr"), ((0, 3), "0 bis 3 Jahre"), ((1, None), "ab 1 Jahr"), ((None, 1), "bis 1 Jahr")],
)
def test_ages_are_singular_for_one_year(client, make, ages, german):
    offer = make.offer(min_age=ages[0], max_age=ages[1])
    page = client.get(f"/referral?offers={offer.id}").get_data(as_text=True)
    assert german in column(page, "de")


def test_russian_age_takes_the_form_for_one(client, make):
    offer = make.offer(min_age=0, max_age=1)
    page = client.get(f"/referral?offers={offer.id}&client=ru").get_data(as_text=True)
    assert "от 0 до 1 года" in column(page, "ru")
