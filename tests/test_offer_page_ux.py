"""What a reader relies on beyond the finder: the demo notice of one offer, a description and a favicon."""

import re


def test_demo_offer_page_says_this_offer_is_an_example(client, make):
    offer = make.offer(is_demo=True)
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert "Dieses Angebot ist ein Beispiel (Demo)" in page and "der gezeigten Angebote" not in page


def test_demo_notice_is_translated(client, make):
    offer = make.offer(is_demo=True)
    turkish = client.get(f"/offers/{offer.id}?lang=tr").get_data(as_text=True)
    assert "Bu hizmet bir örnektir (demo)" in turkish


def test_real_offer_page_has_no_demo_notice(client, make):
    offer = make.offer()
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert "notice-demo" not in page


def test_pages_have_a_translated_description_and_a_favicon_served_by_the_app(client):
    page = client.get("/?lang=tr").get_data(as_text=True)
    assert '<meta name="description" content="' in page and "hamilelikten yaşlılığa" in page
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
    assert icon.startswith("/static/") and client.get(icon).status_code == 200
