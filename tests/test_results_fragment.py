"""The finder's list fragment (``/results``) is remembered per data version, query, language and referral sheet:
whatever changes one of them shows at once, and bad input is never remembered as a good answer."""

from flask import g
from flask_babel import refresh

TERM = "Fragmentprobe"


def fragment(client, query: str = ""):
    return client.get(f"/results?q={TERM}{query}")


def test_an_offer_added_to_the_sheet_shows_as_added_in_the_list(client, make, csrf):
    offer = make.offer(title=f"Lesecafé {TERM}")
    before = fragment(client).get_data(as_text=True)
    assert "Zum Empfehlungsblatt" in before and "Auf dem Empfehlungsblatt" not in before
    client.post("/referral/add", data={"csrf_token": csrf, "offer_id": offer.id})
    assert "Auf dem Empfehlungsblatt" in fragment(client).get_data(as_text=True)


def test_an_edit_shows_in_the_list_at_once(client, make, session):
    offer = make.offer(title=f"Lesecafé {TERM}")
    assert "Lesecafé" in fragment(client).get_data(as_text=True)
    offer.title = f"Erzählcafé {TERM}"
    session.flush()
    page = fragment(client).get_data(as_text=True)
    assert "Erzählcafé" in page and "Lesecafé" not in page


def test_each_language_gets_its_own_list(client, make):
    make.offer(title=f"Lesecafé {TERM}")
    assert "1 Ergebnis" in fragment(client, "&lang=de").get_data(as_text=True)
    refresh()  # the test's long-lived app context would otherwise keep the first request's locale
    assert "1 sonuç" in fragment(client, "&lang=tr").get_data(as_text=True).lower()


def test_a_bad_parameter_is_answered_with_400_every_time(client, make):
    make.offer(title=f"Lesecafé {TERM}")
    for _ in range(2):
        response = fragment(client, "&phase=gibt-es-nicht")
        assert response.status_code == 400
        assert "gibt-es-nicht" in response.get_data(as_text=True)
        g.pop("dropped_parameters")  # the test's long-lived app context would carry it into the next request
    assert fragment(client).status_code == 200
