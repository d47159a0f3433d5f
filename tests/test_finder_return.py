"""'Back to the map' on an offer's page returns to the finder with the reader's filters, and never elsewhere."""

import re

import pytest

from mapfinder.finder_return import back_to_finder


def _back_link(page: str) -> str:
    return re.search(r'<p class="back"><a href="([^"]+)"', page).group(1).replace("&amp;", "&")


def test_result_links_carry_the_filters_back_to_the_finder(client, make):
    offer = make.offer(title="Rückweg-Test", phases=("fruehe-kindheit",))
    page = client.get("/results?phase=fruehe-kindheit&q=R%C3%BCckweg-Test").get_data(as_text=True)
    link = re.search(rf'href="(/offers/{offer.id}[^"]*)"', page).group(1).replace("&amp;", "&")
    assert "from=" in link
    back = _back_link(client.get(link).get_data(as_text=True))
    assert back.startswith("/?") and "phase=fruehe-kindheit" in back and "q=R%C3%BCckweg-Test" in back


def test_offer_page_without_from_goes_back_to_the_plain_finder(client, make):
    offer = make.offer()
    assert _back_link(client.get(f"/offers/{offer.id}").get_data(as_text=True)) == "/"


@pytest.mark.parametrize(
    "raw",
    ["//evil.example/?phase=x", "https://evil.example/?phase=x", "/admin?phase=x", "javascript:alert(1)", "x" * 2000],
)
def test_from_never_leads_away_from_the_finder(raw):
    back = back_to_finder(raw, "/")
    assert back == "/" or (back.startswith("/?") and "evil" not in back and "//" not in back)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("phase=schule&district=styrum", "/?phase=schule&district=styrum"),
        ("/?phase=schule&lang=ar", "/?phase=schule"),
        ("?near=1&radius=2000", "/?near=1&radius=2000"),
    ],
)
def test_from_keeps_the_finder_filters(raw, expected):
    assert back_to_finder(raw, "/") == expected
