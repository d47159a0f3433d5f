"""The public pages render with the data licences' attribution and the honest notices."""


def test_start_page_shows_counts_and_notices(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in page
    assert "Beispieldaten (Demo)" in page
    assert "angenähert" in page
    assert "Styrum" in page and "Rund um die Geburt" in page


def test_about_page_names_sources_and_licences(client):
    page = client.get("/about").get_data(as_text=True)
    for text in ("dl-de/by-2.0", "GeoBasis-DE / BKG", "OpenStreetMap", "ODbL", "angenähert"):
        assert text in page


def test_every_page_carries_the_attribution(client):
    assert "© OpenStreetMap-Mitwirkende" in client.get("/").get_data(as_text=True)


def test_health_check_reaches_the_database(client):
    assert client.get("/healthz").json == {"status": "ok"}
