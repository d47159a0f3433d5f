"""The network directory: every network with purpose, coordinator, members, phases and area; demo entries flagged."""

from sqlalchemy import select

from mapfinder.models import District
from mapfinder.networks import networks_for_district


def test_directory_lists_every_network_with_coordinator_and_demo_notice(client):
    page = client.get("/networks").get_data(as_text=True)
    for name in (
        "Netzwerk Frühe Hilfen",
        "Bildungspartnerschaft Styrum",
        "Bildungspartnerschaft Eppinghofen",
        "Netzwerk Übergang Schule–Beruf",
    ):
        assert name in page
    assert "fruehe-hilfen@example.org" in page
    assert "Beispieldaten (Demo)" in page and "tag-demo" in page
    assert "stadtweit" in page


def test_network_page_shows_purpose_members_phases_and_districts(client):
    page = client.get("/networks/bildungspartnerschaft-styrum").get_data(as_text=True)
    assert "Stadtteilkoordination Styrum" in page and "bp-styrum@example.org" in page
    assert "Mitglieder (5)" in page
    assert 'href="/districts/styrum"' in page
    assert "Frühe Kindheit" in page or "Kita" in page
    assert "Beispiel (Demo)" in page


def test_network_page_in_another_language_translates_phase_labels(client):
    page = client.get("/networks/fruehe-hilfen?lang=en").get_data(as_text=True)
    assert '<html lang="en"' in page


def test_unknown_network_is_a_helpful_404(client):
    response = client.get("/networks/gibt-es-nicht")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "gibt-es-nicht" in page and 'href="/networks/fruehe-hilfen"' in page


def test_networks_count_for_sub_districts_and_city_wide_ones_everywhere(session):
    quarter = session.scalar(select(District).where(District.slug == "styrum-sued"))
    active = {item.network.slug: item.city_wide for item in networks_for_district(quarter)}
    assert active["bildungspartnerschaft-styrum"] is False
    assert active["fruehe-hilfen"] is True
    assert "bildungspartnerschaft-eppinghofen" not in active


def test_network_texts_are_marked_german_for_readers_of_other_languages(client):
    page = client.get("/networks?lang=ar").get_data(as_text=True)
    assert '<span lang="de" dir="ltr">' in page and "nur auf Deutsch" not in page
    assert page.count('class="badge translation-badge"') >= 1


def test_german_readers_get_no_german_only_badge(client):
    german = client.get("/networks?lang=de").get_data(as_text=True)
    assert 'class="badge translation-badge"' not in german
