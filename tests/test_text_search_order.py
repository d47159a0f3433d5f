"""A search for words alone is filtered, ordered and paged in the read model's text table (issue 11): it lists in
the same order as every listing, its pages never overlap, ended and withdrawn offers stay out of page and count, and a
new title or a confirmation reorders or brings back an offer at once."""

from datetime import UTC, date, datetime, timedelta

from mapfinder.editing import Actor, OfferInput, save_offer

TERM = "Wortsuchprobe"


def api_page(client, query: str) -> dict:
    return client.get(f"/api/v1/offers?q={TERM}&{query}").json


def titles(page: dict) -> list[str]:
    return [feature["properties"]["title"] for feature in page["features"]]


def test_pages_of_words_alone_follow_the_title_order_without_overlap(make, client):
    for name in ("Emil", "Anton", "Clara", "Berta", "Anton"):  # two offers of the same title: ordered by id
        make.offer(title=f"{name} {TERM}")
    make.offer(title="Anton Andere Probe")  # does not match

    pages = [api_page(client, f"limit=2&offset={offset}") for offset in (0, 2, 4)]

    assert [title for page in pages for title in titles(page)] == [
        f"{name} {TERM}" for name in ("Anton", "Anton", "Berta", "Clara", "Emil")
    ]
    ids = [feature["id"] for page in pages for feature in page["features"]]
    assert len(set(ids)) == 5
    assert [page["numberMatched"] for page in pages] == [5, 5, 5]


def test_words_alone_leave_out_ended_and_withdrawn_offers_in_page_and_count(make, client):
    listed = [make.offer(title=f"{name} {TERM}") for name in ("Anton", "Berta")]
    make.offer(title=f"Abgelaufen {TERM}", ends_on=date.today() - timedelta(days=1))
    make.offer(title=f"Alt {TERM}", verified_at=datetime.now(UTC) - timedelta(days=3 * 365))

    first = api_page(client, "limit=1")  # a full page: the total is counted, not read off the page

    assert titles(first) == [f"Anton {TERM}"]
    assert first["numberMatched"] == len(listed) == 2
    assert titles(api_page(client, "limit=10")) == [f"Anton {TERM}", f"Berta {TERM}"]


def test_a_new_title_or_a_confirmation_shows_in_a_search_for_words_at_once(session, make, client):
    anton = make.offer(title=f"Anton {TERM}")
    make.offer(title=f"Berta {TERM}")
    withdrawn = make.offer(title=f"Clara {TERM}", verified_at=datetime.now(UTC) - timedelta(days=3 * 365))
    assert titles(api_page(client, "limit=10")) == [f"Anton {TERM}", f"Berta {TERM}"]

    save_offer(
        OfferInput(
            title=f"Zeno {TERM}",
            phases=list(anton.phases),
            categories=list(anton.categories),
            places=list(anton.places),
        ),
        actor=Actor(source="test"),
        offer=anton,
    )
    withdrawn.verified_at = datetime.now(UTC)
    session.flush()

    assert titles(api_page(client, "limit=10")) == [f"Berta {TERM}", f"Clara {TERM}", f"Zeno {TERM}"]
    assert api_page(client, "limit=1")["numberMatched"] == 3
