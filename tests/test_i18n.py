"""Language choice, right-to-left, content fallback to German, outdated and machine translations."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask_babel import refresh

from mapfinder.localized import localize, offer_digest
from mapfinder.models import OfferTranslation, TranslationStatus


def test_arabic_reads_right_to_left(client):
    page = client.get("/?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page


def test_chosen_language_is_remembered(client):
    client.get("/?lang=uk")
    refresh()  # forget the locale cached in the test's app context: only the cookie may carry the choice
    assert '<html lang="uk" dir="ltr">' in client.get("/").get_data(as_text=True)


def test_browser_preference_applies_without_a_choice(client):
    page = client.get("/", headers={"Accept-Language": "tr-TR,tr;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="tr"' in page


def test_unknown_language_falls_back_to_german(client):
    assert '<html lang="de"' in client.get("/?lang=xx", headers={"Accept-Language": "fi"}).get_data(as_text=True)


def test_switcher_names_languages_in_themselves_and_keeps_parameters(client):
    page = client.get("/about?phase=jugend&phase=uebergang&lang=de").get_data(as_text=True)
    for name in ("Deutsch", "English", "Türkçe", "العربية", "Українська", "Русский", "Polski", "Română", "Български"):
        assert name in page
    assert 'href="/about?phase=jugend&amp;phase=uebergang&amp;lang=tr"' in page


def test_missing_translation_falls_back_to_german(make):
    offer = make.offer(title="Elterncafé", description="Offener Treff")
    shown = localize(offer, "title", "ru")
    assert (shown.text, shown.lang, shown.fallback, shown.notice_needed) == ("Elterncafé", "de", True, True)


def test_human_translation_is_shown_without_notice(make, session):
    offer = make.offer(title="Elterncafé")
    offer.translations.append(OfferTranslation(locale="tr", title="Ebeveyn kafesi", source_digest=offer_digest(offer)))
    session.flush()
    shown = localize(offer, "title", "tr")
    assert (shown.text, shown.lang, shown.notice_needed) == ("Ebeveyn kafesi", "tr", False)


def test_editing_the_german_marks_translations_outdated(make, session):
    offer = make.offer(title="Elterncafé")
    offer.translations.append(OfferTranslation(locale="en", title="Parents' café", source_digest=offer_digest(offer)))
    session.flush()
    offer.title = "Elterncafé (neu: donnerstags)"
    session.flush()
    assert offer.translations[0].status is TranslationStatus.OUTDATED
    assert localize(offer, "title", "en").notice_needed


def test_a_change_elsewhere_keeps_translations_current(make, session):
    offer = make.offer(title="Elterncafé")
    offer.translations.append(OfferTranslation(locale="en", title="Parents' café", source_digest=offer_digest(offer)))
    session.flush()
    offer.cost = "2 €"
    session.flush()
    assert offer.translations[0].status is TranslationStatus.HUMAN


class _LibreTranslateStandIn(BaseHTTPRequestHandler):
    """Speaks LibreTranslate's POST /translate on loopback; 'translates' by tagging each text."""

    requests: list = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(body)
        answer = json.dumps({"translatedText": [f"[{body['target']}] {text}" for text in body["q"]]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture()
def translator_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _LibreTranslateStandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _LibreTranslateStandIn.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_machine_drafts_are_marked_machine(app, cli, make, monkeypatch, translator_url, session):
    monkeypatch.setitem(app.config, "TRANSLATOR", "libretranslate")
    monkeypatch.setitem(app.config, "TRANSLATOR_URL", translator_url)
    make.offer(), make.offer()  # the demo offers all have Romanian translations by people
    result = cli.invoke(args=["translate", "drafts", "--locale", "ro", "--limit", "2"])
    assert result.exit_code == 0, result.output
    drafted = session.query(OfferTranslation).filter_by(locale="ro", status=TranslationStatus.MACHINE).all()
    assert len(drafted) == 2  # besides the demo data's human translations
    assert drafted[0].title.startswith("[ro] ")
    assert _LibreTranslateStandIn.requests[0]["source"] == "de"


def test_no_translator_configured_means_no_drafts(cli):
    result = cli.invoke(args=["translate", "drafts", "--locale", "ro"])
    assert result.exit_code != 0 and "no translator configured" in result.output


def test_text_search_matches_the_readers_language_and_german(client, make, session):
    offer = make.offer(title="Elterncafé am Dienstag")
    offer.translations.append(
        OfferTranslation(locale="tr", title="Salı günü veli kahvesi", source_digest=offer_digest(offer))
    )
    session.flush()

    def found(query: str, lang: str) -> bool:
        refresh()  # the test's long-lived app context would otherwise keep the first request's locale
        features = client.get(f"/api/v1/offers?q={query}&lang={lang}&limit=1000").json["features"]
        return offer.id in {feature["properties"]["offer_id"] for feature in features}

    assert found("kahvesi", "tr")
    assert found("Elterncafé", "tr")
    assert not found("kahvesi", "de")


@pytest.fixture()
def translated_offer(make, session):
    """An offer with a human Turkish translation and none in Russian."""
    offer = make.offer(title="Spielgruppe Sonnenblume", description="Offene Gruppe für Kleinkinder.")
    offer.translations.append(
        OfferTranslation(
            locale="tr",
            title="Ayçiçeği oyun grubu",
            description="Küçük çocuklar için açık grup.",
            source_digest=offer_digest(offer),
        )
    )
    session.flush()
    return offer


def _page(client, url: str) -> str:
    refresh()
    return client.get(url).get_data(as_text=True)


def test_offer_page_shows_the_translation_without_notice(client, translated_offer):
    page = _page(client, f"/offers/{translated_offer.id}?lang=tr")
    assert '<span lang="tr" dir="ltr">Ayçiçeği oyun grubu</span>' in page
    assert "Küçük çocuklar için açık grup." in page
    assert "notice-translation" not in page


def test_offer_page_falls_back_to_german_with_lang_and_notice(client, translated_offer):
    page = _page(client, f"/offers/{translated_offer.id}?lang=ru")
    assert '<span lang="de" dir="ltr">Spielgruppe Sonnenblume</span>' in page
    assert "Эта услуга ещё не переведена на ваш язык" in page


def test_offer_page_says_when_a_translation_is_outdated(client, translated_offer, session):
    translated_offer.description = "Offene Gruppe für Kleinkinder, jetzt auch freitags."
    session.flush()
    page = _page(client, f"/offers/{translated_offer.id}?lang=tr")
    assert "Çeviri güncel olmayabilir" in page


def test_finder_list_marks_untranslated_titles(client, translated_offer):
    page = _page(client, "/?q=Sonnenblume&lang=ru")
    assert '<span lang="de" dir="ltr">Spielgruppe Sonnenblume</span>' in page
    assert "только на немецком" in page


def test_api_returns_content_in_lang_with_the_same_fallback(client, translated_offer):
    def feature(lang: str) -> dict:
        refresh()
        features = client.get(f"/api/v1/offers?q=Sonnenblume&lang={lang}").json["features"]
        return next(f["properties"] for f in features if f["properties"]["offer_id"] == translated_offer.id)

    assert (feature("tr")["title"], feature("tr")["title_lang"], feature("tr")["translation"]) == (
        "Ayçiçeği oyun grubu",
        "tr",
        "human",
    )
    assert (feature("ru")["title"], feature("ru")["title_lang"], feature("ru")["translation"]) == (
        "Spielgruppe Sonnenblume",
        "de",
        "fallback",
    )


def test_api_error_messages_follow_lang(client):
    refresh()
    english = client.get("/api/v1/offers?age=200&lang=en").json["error"]
    refresh()
    german = client.get("/api/v1/offers?age=200&lang=de").json["error"]
    assert english["param"] == german["param"] == "age"
    assert english["message"] != german["message"] and "Alter" in german["message"]


def test_map_tooltips_use_the_readers_language(client, translated_offer):
    refresh()
    points = client.get("/api/v1/offers/points?q=Sonnenblume&lang=tr").json["points"]
    assert ["Ayçiçeği oyun grubu"] == [point[5] for point in points if point[0] == translated_offer.id]
