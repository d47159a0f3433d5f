"""Expensive work is bounded (issue 17): referral sheets hold at most MAX_OFFERS, PDFs are cached by content and
rendered within a time limit, and the planning walking distance takes a few cached steps only."""

import threading
import time

import pytest

from config import TestConfig
from mapfinder import create_app
from mapfinder.errors import ServiceUnavailable
from mapfinder.extensions import db
from mapfinder.gaps import WALK_STEPS_M
from mapfinder.pdf_render import BoundedRenderer
from mapfinder.referral import MAX_OFFERS


def test_a_sheet_holds_at_most_twenty_offers_and_says_so(client, make, csrf):
    assert MAX_OFFERS == 20
    offers = [make.offer() for _ in range(MAX_OFFERS + 2)]
    page = client.get("/referral?offers=" + ",".join(str(offer.id) for offer in offers)).get_data(as_text=True)
    assert "höchstens 20 Angebote" in page
    assert page.count('class="sheet-entry') <= MAX_OFFERS or page.count("referral-remove") == MAX_OFFERS
    response = client.post(
        "/referral/add", data={"offer_id": offers[-1].id, "csrf_token": csrf}, headers={"Accept": "application/json"}
    )
    assert response.get_json()["count"] == MAX_OFFERS and response.get_json()["full"] is True


def test_the_same_sheet_is_rendered_once(app, client, make):
    offers = [make.offer() for _ in range(2)]
    url = f"/referral.pdf?offers={offers[0].id},{offers[1].id}&lang=tr"
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200 and first.mimetype == "application/pdf"
    # WeasyPrint stamps each render with its time: identical bytes mean the second came from the cache.
    assert first.data == second.data


def _renderer(render, **overrides) -> BoundedRenderer:
    settings = {"workers": 1, "timeout": 0.2, "max_pending": 2, "cache_bytes": 1024, **overrides}
    return BoundedRenderer(render, **settings)


def test_a_slow_render_is_a_503_then_served_from_the_cache():
    renderer = _renderer(lambda html: time.sleep(0.5) or html.encode())
    with pytest.raises(ServiceUnavailable):
        renderer.render("<p>slow</p>")
    time.sleep(0.6)  # the render finished in the background
    started = time.monotonic()
    assert renderer.render("<p>slow</p>") == b"<p>slow</p>" and time.monotonic() - started < 0.1


def test_too_many_pending_renders_are_refused_at_once():
    release = threading.Event()
    renderer = _renderer(lambda html: release.wait(5) and html.encode(), max_pending=1, timeout=0.05)
    with pytest.raises(ServiceUnavailable):
        renderer.render("<p>a</p>")  # still running in the background
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable):
        renderer.render("<p>b</p>")
    assert time.monotonic() - started < 0.05  # refused without waiting
    release.set()


def test_the_cache_is_bounded_in_bytes():
    renderer = _renderer(lambda html: html.encode() * 100, cache_bytes=1000)
    for text in ("aaaa", "bbbb", "cccc"):
        renderer.render(text)
    assert renderer.cached("cccc") and not renderer.cached("aaaa")


class FastTimeoutConfig(TestConfig):
    PDF_TIMEOUT = 0.001


def test_the_pdf_route_answers_503_with_retry_after_when_the_time_limit_passes(app):
    impatient = create_app(FastTimeoutConfig)
    try:
        client = impatient.test_client()
        offer_id = client.get("/api/v1/offers?limit=1").get_json()["features"][0]["id"]
        response = client.get(f"/referral.pdf?offers={offer_id}&lang=ar")
        assert response.status_code == 503 and int(response.headers["Retry-After"]) >= 5
        assert "خريطة الخدمات مثقلة" in response.get_data(as_text=True)  # in the reader's language (lang=ar)
    finally:
        with impatient.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("walk", ["600", "100", "5000", "801", "1" * 30])
def test_walking_distance_takes_only_the_steps(client, walk):
    response = client.get(f"/api/v1/gaps?walk_m={walk}")
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "walk_m"
    assert "300, 500, 800, 1000, 1500" in response.get_json()["error"]["message"]
    assert client.get(f"/planning?walk_m={walk}").status_code == 400


def test_every_step_is_offered_and_answers(client):
    assert WALK_STEPS_M == (300, 500, 800, 1000, 1500)
    page = client.get("/planning?walk_m=1000").get_data(as_text=True)
    for step in WALK_STEPS_M:
        assert f'<option value="{step}"' in page
    assert '<option value="1000" selected>' in page
    assert client.get("/api/v1/gaps?walk_m=1500&level=bezirk").get_json()["query"]["walk_m"] == 1500
