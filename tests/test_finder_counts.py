"""The finder's filter counts (``/results/counts``): the list fragment answers without them and the page's script asks
for them after it, with the list's filters and the point the list resolved. They are the counts the full page shows,
each without its own filter, current after every write; bad input is named in the reader's language with a 400."""

import re

from flask import g
from flask_babel import refresh

from .test_read_model import counted_statements

TERM = "Zählseite"


def counts(client, query: str = ""):
    return client.get(f"/results/counts?q={TERM}{query}")


def shown_counts(html: str) -> dict[tuple[str, str], int]:
    """The numbers beside the filter choices of a full finder page, by (kind, code)."""
    return {
        tuple(key.split(":")): int(number) for key, number in re.findall(r'data-count="([a-z]+:[a-z-]+)">(\d+)<', html)
    }


def test_the_counts_are_the_full_pages_each_without_its_own_filter(client, make):
    make.offer(title=f"A {TERM}", phases=("geburt",), categories=("familie",))
    make.offer(title=f"B {TERM}", phases=("geburt", "jugend"), categories=("sprache",))
    make.offer(title=f"C {TERM}", phases=("jugend",), categories=("familie",))

    response = counts(client, "&phase=geburt&category=familie")

    assert response.status_code == 200
    body = response.get_json()
    assert body == {"phase": {"geburt": 1, "jugend": 1}, "category": {"familie": 1, "sprache": 1}, "demo": 0}
    page = client.get(f"/?q={TERM}&phase=geburt&category=familie").get_data(as_text=True)
    shown = shown_counts(page)
    assert shown[("phase", "geburt")] == 1 and shown[("category", "sprache")] == 1
    assert all(body[kind].get(code, 0) == number for (kind, code), number in shown.items())


def test_the_list_answers_without_the_counts_in_at_most_three_statements(client, make):
    make.offer(title=f"A {TERM}", phases=("geburt",))
    client.get(f"/results?q={TERM}")  # the vocabulary and the read model are loaded once per process
    with counted_statements() as statements:
        fragment = client.get(f"/results?q={TERM}&phase=geburt")
    assert fragment.status_code == 200 and "1 Ergebnis" in fragment.get_data(as_text=True)
    assert len(statements) <= 3, statements


def test_a_new_offer_is_counted_at_once(client, make):
    make.offer(title=f"A {TERM}", phases=("geburt",))
    assert counts(client).get_json()["phase"] == {"geburt": 1}
    make.offer(title=f"B {TERM}", phases=("jugend",), is_demo=True)
    after = counts(client).get_json()
    assert after["phase"] == {"geburt": 1, "jugend": 1} and after["demo"] == 1


def test_the_point_the_list_resolved_bounds_the_counts(client, make):
    make.offer(title=f"Nah {TERM}", phases=("geburt",), places=[make.place(lon=6.8827, lat=51.4305)])
    make.offer(title=f"Fern {TERM}", phases=("jugend",), places=[make.place(lon=6.8400, lat=51.4700)])
    assert counts(client, "&near=51.4305,6.8827&radius=500").get_json()["phase"] == {"geburt": 1}
    assert counts(client, "&address=Egal&near=51.4305,6.8827&radius=500").get_json()["phase"] == {"geburt": 1}


def test_bad_input_is_named_in_the_readers_language_and_the_other_filters_still_count(client, make):
    make.offer(title=f"A {TERM}", phases=("geburt",), categories=("familie",))
    response = counts(client, "&phase=gibt-es-nicht&category=familie&lang=en")
    assert response.status_code == 400
    body = response.get_json()
    assert body["phase"] == {"geburt": 1} and body["category"] == {"familie": 1}
    assert [error["parameter"] for error in body["errors"]] == ["phase"]
    assert "Unknown" in body["errors"][0]["message"] and "gibt-es-nicht" in body["errors"][0]["message"]
    g.pop("dropped_parameters")  # the test's long-lived app context would carry it into the next request
    refresh()

    nul = client.get("/results/counts?q=a%00b")
    assert nul.status_code == 400 and nul.get_json()["errors"][0]["parameter"] == "q"
