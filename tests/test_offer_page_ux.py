"""What a reader of one offer's page relies on: the demo notice speaks of this one offer."""


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
