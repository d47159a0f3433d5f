"""The legal pages (accessibility statement, Leichte Sprache, sign language, Impressum, privacy): in every interface
language, with the German marked as binding, the deployment's details from MAPFINDER_LEGAL_FILE, marked placeholders
for what a deployment has not filled in, and a link to each of them in every page's footer."""

import pytest
from flask_babel import refresh

from config import TestConfig

LEGAL_PAGES = ["/barrierefreiheit", "/leichte-sprache", "/gebaerdensprache", "/impressum", "/datenschutz"]
BINDING_PAGES = ["/barrierefreiheit", "/impressum", "/datenschutz"]
GERMAN_ONLY_PAGES = ["/leichte-sprache", "/gebaerdensprache"]
LEGAL_TOML = """
[provider]
name = "Stadt Prüfhausen"
legal_form = "Gebietskörperschaft des öffentlichen Rechts"
represented_by = "Erika Musterfrau <b>Oberbürgermeisterin</b>"
office = "Amt für Bildung"
street = "Rathausplatz 7"
postcode = "12345"
city = "Prüfhausen"
phone = "0123 456789"
email = "impressum@pruefhausen.example"
vat_id = ""
supervisory_authority = "Bezirksregierung Prüfstadt"

[editorial]
name = "Max Mustermann"
address = "Rathausplatz 7, 12345 Prüfhausen"

[privacy]
data_protection_officer = "Datenschutzbeauftragte der Stadt Prüfhausen"
data_protection_email = "datenschutz@pruefhausen.example"
server_log_days = 7
supervisory_authority = "Landesdatenschutzbehörde Prüfland"
supervisory_url = "https://datenschutz.pruefland.example"
updated_on = 2026-10-01

[accessibility]
status = "partial"
assessed_on = 2026-09-15
created_on = "2026-09-16"
reviewed_on = 2026-10-02
contact_office = "Bildungsbüro Prüfhausen"
contact_email = "barrierefrei@pruefhausen.example"
contact_phone = "0123 98765"
contact_address = "Postfach 1, 12340 Prüfhausen"
ombudsstelle_name = "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen"
ombudsstelle_url = "https://ombudsstelle.example/barrierefrei"
ombudsstelle_email = "ombud@ombudsstelle.example"

[sign_language]
video = "dgs.mp4"
captions = "dgs.vtt"
"""
VIDEO_BYTES = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 8


@pytest.fixture()
def legal_file(app, tmp_path, monkeypatch):
    """A deployment file of a made-up town (never the committed Mülheim file) and an empty video folder."""
    path = tmp_path / "legal.toml"
    path.write_text(LEGAL_TOML, encoding="utf-8")
    media = tmp_path / "media"
    media.mkdir()
    monkeypatch.setitem(app.config, "LEGAL_FILE", str(path))
    monkeypatch.setitem(app.config, "SIGN_LANGUAGE_DIR", str(media))
    return path


@pytest.fixture()
def video(legal_file):
    """The configured sign-language video and its subtitles, present in the video folder."""
    media = legal_file.parent / "media"
    (media / "dgs.mp4").write_bytes(VIDEO_BYTES)
    (media / "dgs.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nHallo\n", encoding="utf-8")
    return media / "dgs.mp4"


def _get(client, path: str, locale: str) -> str:
    refresh()  # the test's app context would otherwise keep the first request's locale
    response = client.get(f"{path}?lang={locale}")
    assert response.status_code == 200, (path, locale)
    return response.get_data(as_text=True)


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


@pytest.mark.parametrize("locale", TestConfig.LANGUAGES)
def test_every_legal_page_renders_in_every_language_with_the_binding_german_note(client, legal_file, locale):
    direction = "rtl" if locale == "ar" else "ltr"
    for path in LEGAL_PAGES:
        page = _get(client, path, locale)
        assert f'<html lang="{locale}" dir="{direction}">' in page, path
    for path in BINDING_PAGES:
        note = _main(_get(client, path, locale)).split("data-binding-note>", 1)[1].split("</p>", 1)[0]
        if locale == "de":
            assert "Verbindlich ist diese deutsche Fassung." in note
        else:
            assert "Verbindlich ist" not in note, "the note must be in the reader's language"
            assert f'href="{path}?lang=de" hreflang="de" lang="de">Deutsche Fassung</a>' in note


@pytest.mark.parametrize("locale", TestConfig.LANGUAGES)
def test_easy_language_and_sign_language_stay_german_with_a_translated_note(client, legal_file, locale):
    for path in GERMAN_ONLY_PAGES:
        main = _main(_get(client, path, locale))
        assert 'lang="de" dir="ltr">' in main.split('class="legal-page ', 1)[1][:60]
        assert "Die Angebots-Karte ist eine Internet-Seite." in main
        assert "Das Netzwerk heißt: MH/0/25." in main and "Es gibt 9 Sprachen." in main
        assert ("data-german-only" in main) is (locale != "de"), path


def test_statement_has_what_bitv_requires_with_the_configured_details(client, legal_file):
    main = _main(_get(client, "/barrierefreiheit", "de"))
    assert 'data-compliance="partial"' in main and "teilweise vereinbar" in main
    assert "Nicht barrierefreie Inhalte" in main and "Alternative:" in main
    assert "am 16. September 2026 erstellt und zuletzt am 2. Oktober 2026 überprüft" in main
    assert "Selbstbewertung vom 15. September 2026" in main
    assert "Bildungsbüro Prüfhausen" in main and "Postfach 1, 12340 Prüfhausen" in main
    assert 'href="mailto:barrierefrei@pruefhausen.example"' in main and 'href="tel:012398765"' in main
    assert "innerhalb eines Monats" in main and "Formular für Rückmeldungen" in main
    assert 'href="/feedback/" data-feedback-form' in main
    assert 'href="https://ombudsstelle.example/barrierefrei" dir="ltr"' in main and "ombud@ombudsstelle.example" in main
    assert "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen" in main


def test_statement_in_english_keeps_german_names_marked_german(client, legal_file):
    main = _main(_get(client, "/barrierefreiheit", "en"))
    assert "Accessibility statement" in main and "partially compliant" in main
    assert "prepared on September 16, 2026" in main
    assert '<span lang="de" dir="ltr">Bildungsbüro Prüfhausen</span>' in main
    assert '<span lang="de" dir="ltr">Ombudsstelle für barrierefreie Informationstechnik' in main


def test_imprint_names_provider_representative_and_editor_escaped(client, legal_file):
    main = _main(_get(client, "/impressum", "de"))
    assert "§ 5 Digitale-Dienste-Gesetz" in main and "§ 18 Absatz 2 Medienstaatsvertrag" in main
    for text in (
        "Stadt Prüfhausen",
        "Amt für Bildung",
        "Rathausplatz 7",
        "12345",
        "Bezirksregierung Prüfstadt",
        "Max Mustermann",
        'href="mailto:impressum@pruefhausen.example"',
    ):
        assert text in main, text
    assert "Erika Musterfrau &lt;b&gt;Oberbürgermeisterin&lt;/b&gt;" in main
    assert "<b>Oberbürgermeisterin</b>" not in main


def test_an_empty_value_is_a_marked_placeholder_in_the_readers_language(client, legal_file):
    vat = _main(_get(client, "/impressum", "de")).split("Umsatzsteuer-Identifikationsnummer</dt><dd>", 1)[1]
    assert vat.startswith('<span class="placeholder" data-placeholder lang="de" dir="ltr">[wird bei der Inbetriebnahme')
    vat = _main(_get(client, "/impressum", "ar")).split("</dt><dd>")[6]
    assert vat.startswith('<span class="placeholder" data-placeholder lang="ar" dir="rtl">[ستُضاف')


def test_privacy_statement_names_cookies_logs_retention_and_legal_bases(client, legal_file):
    main = _main(_get(client, "/datenschutz", "de"))
    for text in (
        "mapfinder_lang",
        "<code>session</code>",
        "Empfehlungsblatt",
        "IP-Adresse",
        "nach 7 Tagen gelöscht",
        "Art. 6 Abs. 1 Buchst. e DSGVO",
        "§ 25 Abs. 2 Nr. 2",
        "TDDDG",
        "Art. 15 DSGVO",
        "Datenschutzbeauftragte der Stadt Prüfhausen",
        "datenschutz@pruefhausen.example",
        "Landesdatenschutzbehörde Prüfland",
        "Stand: 1. Oktober 2026",
        "Rückmeldungen",
        "Newsletter",
    ):
        assert text in main, text
    assert "data-tile-host" not in main, "no basemap configured: no third party is named"


def test_privacy_statement_names_a_configured_tile_host_and_the_consent(client, legal_file, monkeypatch, app):
    monkeypatch.setitem(app.config, "MAP_TILES", "https://tiles.example.org/{z}/{x}/{y}.png")
    monkeypatch.setitem(app.config, "TILE_PROXY", False)  # direct from the tile host, behind the consent
    main = _main(_get(client, "/datenschutz", "de"))
    assert 'data-tile-host="tiles.example.org"' in main
    assert "erst dann erhält dieser Anbieter Ihre IP-Adresse" in main and "Art. 6 Abs. 1 Buchst. a DSGVO" in main


def test_without_a_video_the_sign_language_page_says_how_to_get_the_information(client, legal_file):
    main = _main(_get(client, "/gebaerdensprache", "de"))
    assert "<video" not in main and "data-no-video" in main
    assert "Das Video gibt es noch nicht" in main and "barrierefrei@pruefhausen.example" in main
    assert client.get("/gebaerdensprache/video").status_code == 404
    statement = _main(_get(client, "/barrierefreiheit", "de"))
    assert "Das Video in Deutscher Gebärdensprache ist noch nicht fertig." in statement


def test_a_configured_video_is_shown_and_served_by_the_app(client, video):
    main = _main(_get(client, "/gebaerdensprache", "de"))
    assert '<source src="/gebaerdensprache/video">' in main
    assert 'src="/gebaerdensprache/untertitel"' in main and "data-no-video" not in main
    response = client.get("/gebaerdensprache/video")
    assert response.status_code == 200 and response.mimetype == "video/mp4"
    assert response.get_data() == VIDEO_BYTES
    partial = client.get("/gebaerdensprache/video", headers={"Range": "bytes=0-99"})
    assert partial.status_code == 206 and partial.get_data() == VIDEO_BYTES[:100]
    captions = client.get("/gebaerdensprache/untertitel")
    assert captions.mimetype == "text/vtt" and captions.get_data(as_text=True).startswith("WEBVTT")
    assert "noch nicht fertig" not in _main(_get(client, "/barrierefreiheit", "de"))


def test_a_video_name_cannot_leave_the_video_folder(client, legal_file):
    legal_file.write_text(LEGAL_TOML.replace('video = "dgs.mp4"', 'video = "../legal.toml"'), encoding="utf-8")
    assert client.get("/gebaerdensprache/video").status_code == 404
    assert "data-no-video" in _get(client, "/gebaerdensprache", "de")


def test_a_missing_or_broken_file_shows_placeholders_not_an_error(client, legal_file, app, monkeypatch):
    legal_file.write_text("[provider\nname = ", encoding="utf-8")
    assert "data-placeholder" in _get(client, "/impressum", "de")
    monkeypatch.setitem(app.config, "LEGAL_FILE", str(legal_file.parent / "gibt-es-nicht.toml"))
    for path in LEGAL_PAGES:
        assert "data-placeholder" in _get(client, path, "de"), path


def test_the_committed_deployment_file_invents_nobody(client):
    """Mülheim's file names the city and public bodies; people, addresses and phone numbers are still to be filled."""
    main = _main(_get(client, "/impressum", "de"))
    assert "Stadt Mülheim an der Ruhr" in main
    assert main.count("data-placeholder") >= 6
    assert "[Straße und Hausnummer: wird bei der Inbetriebnahme ergänzt]" in main
    assert "[Name: wird bei der Inbetriebnahme ergänzt]" in main


@pytest.mark.parametrize("locale", ["de", "tr", "ar"])
def test_every_page_links_the_legal_pages_in_its_footer(client, legal_file, locale):
    pages = [
        "/",
        "/districts",
        "/districts/styrum",
        "/networks",
        "/networks/fruehe-hilfen",
        "/planning",
        "/about",
        "/referral",
        *LEGAL_PAGES,
    ]
    for path in pages:
        page = _get(client, path, locale)
        footer = page[page.index('<footer class="site-footer">') :]
        for target in LEGAL_PAGES:
            assert f'href="{target}"' in footer, (path, target)


def test_only_web_addresses_from_the_file_become_links(client, legal_file):
    legal_file.write_text(
        LEGAL_TOML.replace("https://datenschutz.pruefland.example", "javascript:alert(1)"), encoding="utf-8"
    )
    main = _main(_get(client, "/datenschutz", "de"))
    assert 'href="javascript:' not in main and "javascript:alert(1)" in main
