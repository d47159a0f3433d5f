"""The finder lists by life phase (in the order of life), then title; the API keeps its stable title order; with an
address both list the nearest first."""

import re

from sqlalchemy import select

from mapfinder.models import LifePhase

TERM = "Reihenfolgeprobe"


def finder_titles(client, query: str = "") -> list[str]:
    page = client.get(f"/results?q={TERM}{query}").get_data(as_text=True)
    return re.findall(r">([^<>]*) " + TERM + "<", page)


def api_titles(client) -> list[str]:
    features = client.get(f"/api/v1/offers?q={TERM}").json["features"]
    return [feature["properties"]["title"].removesuffix(" " + TERM) for feature in features]


def make_offers(make):
    make.offer(title=f"Anton {TERM}", phases=("jugend",))
    make.offer(title=f"Zora {TERM}", phases=("geburt",))
    make.offer(title=f"Berta {TERM}", phases=("geburt", "jugend"))
    make.offer(title=f"Mia {TERM}", phases=("fruehe-kindheit",))
    make.offer(title=f"Ohne {TERM}", phases=())


def test_finder_lists_by_life_phase_then_title(session, make, client):
    make_offers(make)
    # An offer counts under its first phase in life; one without a phase comes last.
    assert finder_titles(client) == ["Berta", "Zora", "Mia", "Anton", "Ohne"]


def test_api_keeps_its_title_order(session, make, client):
    make_offers(make)
    assert api_titles(client) == ["Anton", "Berta", "Mia", "Ohne", "Zora"]


def test_reordering_the_life_phases_reorders_the_finder_at_once(session, make, client):
    make_offers(make)
    phases = {phase.code: phase for phase in session.scalars(select(LifePhase))}
    phases["jugend"].position, phases["geburt"].position = phases["geburt"].position, phases["jugend"].position
    session.flush()
    assert finder_titles(client) == ["Anton", "Berta", "Mia", "Zora", "Ohne"]


def test_nearest_first_with_an_address(session, make, client):
    far = make.place(lon=6.95, lat=51.40)
    near = make.place(lon=6.8830, lat=51.4306)
    make.offer(title=f"Geburt weit {TERM}", phases=("geburt",), places=[far])
    make.offer(title=f"Jugend nah {TERM}", phases=("jugend",), places=[near])
    assert finder_titles(client, "&near=51.4305,6.8827") == ["Jugend nah", "Geburt weit"]


def test_with_one_life_phase_chosen_the_finder_lists_by_title(session, make, client):
    make_offers(make)
    assert finder_titles(client, "&phase=jugend") == ["Anton", "Berta"]
