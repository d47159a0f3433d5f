"""District pages show, for each offer, what a family checks first: the age range, whether it is free, and whether
each place is barrier-free — in the reader's language."""

import re

from mapfinder.models import BarrierFree

STYRUM = (6.8656, 51.4537)


def _item(page: str, offer_id: int) -> str:
    match = re.search(rf'<li class="offer-item" data-offer-id="{offer_id}">(.*?)</li>', page, re.S)
    assert match, f"offer {offer_id} not listed"
    return match.group(1)


def test_each_offer_shows_age_free_and_barrier_free(client, make):
    ramp = make.place(lon=STYRUM[0], lat=STYRUM[1], barrier_free=BarrierFree.YES)
    stairs = make.place(lon=STYRUM[0] + 0.001, lat=STYRUM[1], barrier_free=BarrierFree.NO)
    free = make.offer(title="Faktenprobe frei", places=[ramp], min_age=0, max_age=3, is_free=True)
    paid = make.offer(title="Faktenprobe Kurs", places=[stairs], min_age=6, max_age=None, is_free=False)
    page = client.get("/districts/styrum?lang=de").get_data(as_text=True)
    first, second = _item(page, free.id), _item(page, paid.id)
    assert "Alter 0–3" in first and "kostenlos" in first and 'fact-barrier-free">barrierefrei<' in first
    assert "Alter 6–…" in second and "kostenlos" not in second and "nicht barrierefrei" in second


def test_the_facts_are_in_the_readers_language(client, make):
    ramp = make.place(lon=STYRUM[0], lat=STYRUM[1], barrier_free=BarrierFree.YES)
    offer = make.offer(title="Faktenprobe", places=[ramp], min_age=0, max_age=3, is_free=True)
    item = _item(client.get("/districts/styrum?lang=tr").get_data(as_text=True), offer.id)
    assert "ücretsiz" in item.lower() or "Ücretsiz" in item
    assert "engelli erişimine uygun" in item


def test_an_age_range_keeps_its_order_in_arabic(client, make):
    """ "0–3" between two numbers would read "3–0" in a right-to-left line; the range is isolated left to right."""
    offer = make.offer(title="Faktenprobe", places=[make.place(lon=STYRUM[0], lat=STYRUM[1])], min_age=0, max_age=3)
    item = _item(client.get("/districts/styrum?lang=ar").get_data(as_text=True), offer.id)
    assert "\u20660–3\u2069" in item
