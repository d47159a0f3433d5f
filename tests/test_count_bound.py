"""The count above ``COUNT_EXACT_UP_TO`` (API, OGC, the finder's list): a lower bound under its own name
(``numberMatchedAtLeast``, "more than"), never a wrong ``numberMatched``; next links stay exact, so paging still walks
every feature once."""

import pytest

QUERY = "q=Zählprobe"


@pytest.fixture
def five_matches(make):
    return [make.offer(title=f"Zählprobe {number}") for number in range(5)]


@pytest.fixture
def count_up_to(app, monkeypatch):
    def setting(value: int) -> None:
        monkeypatch.setitem(app.config, "COUNT_EXACT_UP_TO", value)

    return setting


def test_above_the_limit_the_api_says_at_least_not_a_wrong_number(client, five_matches, count_up_to):
    count_up_to(3)
    body = client.get(f"/api/v1/offers?{QUERY}&limit=2").json
    assert "numberMatched" not in body
    assert body["numberMatchedAtLeast"] == 4
    assert body["numberReturned"] == len(body["features"]) == 2


def test_at_or_below_the_limit_the_count_is_exact(client, five_matches, count_up_to):
    count_up_to(5)
    body = client.get(f"/api/v1/offers?{QUERY}&limit=2").json
    assert body["numberMatched"] == 5
    assert "numberMatchedAtLeast" not in body


def test_limit_zero_always_counts_exactly(client, five_matches, count_up_to):
    count_up_to(0)
    body = client.get(f"/api/v1/offers?{QUERY}&limit=2").json
    assert body["numberMatched"] == 5


def test_a_page_that_shows_the_end_gives_the_exact_total(client, five_matches, count_up_to):
    count_up_to(3)
    body = client.get(f"/api/v1/offers?{QUERY}&limit=10").json
    assert body["numberMatched"] == 5


def test_ogc_next_links_walk_every_feature_once_past_the_limit(client, five_matches, count_up_to):
    count_up_to(3)
    page = client.get(f"/ogc/collections/offers/items?{QUERY}&limit=2").json
    seen = []
    while True:
        seen += [feature["id"] for feature in page["features"]]
        following = [link["href"] for link in page["links"] if link["rel"] == "next"]
        if not following:
            break
        page = client.get(following[0].replace("http://localhost", "")).json
    assert sorted(seen) == sorted(offer.at_places[0].id for offer in five_matches)
    assert page["numberMatched"] == 5  # the last page knows the end


@pytest.mark.parametrize(("lang", "text"), [("de", "2 von mehr als 3 Objekten"), ("en", "2 of more than 3 features")])
def test_ogc_html_page_says_more_than(client, five_matches, count_up_to, lang, text):
    count_up_to(3)
    response = client.get(f"/ogc/collections/offers/items?{QUERY}&limit=2&f=html&lang={lang}")
    assert response.status_code == 200
    assert text in response.get_data(as_text=True)


def test_a_radius_count_above_the_limit_is_a_lower_bound_and_exact_below(make, client, count_up_to):
    for number in range(5):
        make.offer(title=f"Umkreisprobe {number}", places=[make.place(lon=6.8656 + number * 0.001, lat=51.4537)])
    make.offer(title="Umkreisprobe weit weg", places=[make.place(lon=6.95, lat=51.40)])
    query = "near=51.4537,6.8656&radius=1000&q=Umkreisprobe&limit=2"
    count_up_to(3)
    body = client.get(f"/api/v1/offers?{query}").json
    assert body["numberMatchedAtLeast"] == 4 and "numberMatched" not in body
    count_up_to(5)
    assert client.get(f"/api/v1/offers?{query}").json["numberMatched"] == 5


def test_the_finder_says_more_than_and_pages_on_until_the_end_is_known(client, make, count_up_to):
    count_up_to(3)  # below a page: the list counts to its page's end (20) and says "more than" above it
    for number in range(22):
        make.offer(title=f"Zählprobe {number:02}")

    first = client.get(f"/results?{QUERY}&lang=en").get_data(as_text=True)
    assert "More than 20 results" in first and "Page 1 of more than 1" in first
    assert 'rel="next"' in first and "22 results" not in first

    last = client.get(f"/results?{QUERY}&lang=en&page=2").get_data(as_text=True)
    assert "22 results" in last and "Page 2 of 2" in last and 'rel="next"' not in last

    count_up_to(0)  # counting always: the exact number from the first page on
    assert "22 results" in client.get(f"/?{QUERY}&lang=en").get_data(as_text=True)
