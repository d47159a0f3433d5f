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
    result = cli.invoke(args=["translate", "drafts", "--locale", "ro", "--limit", "2"])
    assert result.exit_code == 0, result.output
    drafted = session.query(OfferTranslation).filter_by(locale="ro").all()
    assert len(drafted) == 2 and all(t.status is TranslationStatus.MACHINE for t in drafted)
    assert drafted[0].title.startswith("[ro] ")
    assert _LibreTranslateStandIn.requests[0]["source"] == "de"


def test_no_translator_configured_means_no_drafts(cli):
    result = cli.invoke(args=["translate", "drafts", "--locale", "ro"])
    assert result.exit_code != 0 and "no translator configured" in result.output


def test_text_search_matches_the_readers_language_and_german(client, make, session):
    offer = make.offer(title="Elterncafé am Dienstag")
    offer.translations.append(OfferTranslation(locale="tr", title="Salı günü veli kahvesi",
                                               source_digest=offer_digest(offer)))
    session.flush()

    def found(query: str, lang: str) -> bool:
        refresh()  # the test's long-lived app context would otherwise keep the first request's locale
        features = client.get(f"/api/v1/offers?q={query}&lang={lang}&limit=1000").json["features"]
        return offer.id in {feature["id"] for feature in features}

    assert found("kahvesi", "tr")
    assert found("Elterncafé", "tr")
    assert not found("kahvesi", "de")
