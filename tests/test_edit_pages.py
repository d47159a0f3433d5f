"""The /edit/ pages: forms that keep values and show messages next to fields, 403 for another organisation's
records, 400 without CSRF token, script tags shown as text, the second of two saves told, places geocoded on save
(outside the city refused with the reason) or placed by hand, review, history and translations."""

import json

import pytest
from geoalchemy2.shape import to_shape

from mapfinder.editing.offer_data import data_from_offer
from mapfinder.editing.workflow import edit_offer
from mapfinder.models import GeocodeStatus, Offer, OfferStatus, Place

from .edit_helpers import sign_in, token_of
from .geocoder_standin import standin, standin_server, use_geocoder  # noqa: F401 (fixtures)
from .test_i18n import translator_url  # noqa: F401 (fixture)
from .test_no_inline_script import audit

SCRIPT = "<script>alert(1)</script> Elterncafé"


def offer_form(place, **fields) -> dict:
    form = {
        "title": "Elterncafé Formularprobe",
        "description": "Treffen für Eltern.",
        "phases": "fruehe-kindheit",
        "categories": "familie",
        "places": str(place.id),
        "languages": ["de", "tr"],
        "schedule-0-days": ["MO", "WE"],
        "schedule-0-rhythm": "weekly",
        "schedule-0-opens": "09:30",
        "schedule-0-closes": "11:00",
        "cost-0-kind": "free",
        "contact-0-email": "cafe@example.org",
        "contact-0-phones": "0208 123; 0208 456",
        "registration_kind": "recommended",
    }
    return form | fields


@pytest.fixture()
def editor(make, client):
    user = make.user()
    user.place = make.place(organization=user.organization, street="Testweg 1", postcode="45468")
    make.session.commit()  # a view's rollback must not take the test's records with it
    sign_in(client, user)
    return user


def post_form(client, path: str, form: dict, token_page: str | None = None):
    return client.post(path, data=form | {"csrf_token": token_of(client, token_page or path)})


def test_an_editor_creates_an_offer_with_schedule_costs_and_contacts(client, session, editor):
    response = post_form(client, "/edit/offers/new", offer_form(editor.place))
    assert response.status_code == 302
    offer = session.get(Offer, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert offer.status is OfferStatus.DRAFT and offer.organization_id == editor.organization_id
    assert offer.schedules[0].byday == "MO,WE" and f"{offer.schedules[0].opens_at:%H:%M}" == "09:30"
    assert [phone.number for phone in offer.contacts[0].phones] == ["0208 123", "0208 456"]
    page = client.get(f"/edit/offers/{offer.id}").get_data(as_text=True)
    assert 'value="09:30"' in page and "Elterncafé Formularprobe" in page
    assert "Elterncafé Formularprobe" in client.get("/edit/").get_data(as_text=True)


def test_bad_input_is_shown_next_to_the_fields_and_every_value_is_kept(client, editor):
    form = offer_form(editor.place, title="", min_age="vier", **{"schedule-0-closes": "08:00"})
    response = post_form(client, "/edit/offers/new", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="title-error"' in page and 'id="min_age-error"' in page and 'id="schedule-0-error"' in page
    assert "Treffen für Eltern." in page and 'value="cafe@example.org"' in page


def test_another_organisations_offer_is_forbidden_and_unchanged(client, session, editor, make):
    other = make.user()
    offer = edit_offer(
        {
            "title": "Fremdes Angebot",
            "phases": ["fruehe-kindheit"],
            "categories": ["familie"],
            "places": [make.place(organization=other.organization).id],
        },
        user=other,
    )
    session.commit()
    assert client.get(f"/edit/offers/{offer.id}").status_code == 403
    token = token_of(client, "/edit/offers/new")
    response = client.post(
        f"/edit/offers/{offer.id}", data=offer_form(editor.place, title="Gekapert", csrf_token=token)
    )
    assert response.status_code == 403
    assert client.post(f"/edit/offers/{offer.id}/archive", data={"csrf_token": token}).status_code == 403
    session.refresh(offer)
    assert offer.title == "Fremdes Angebot" and offer.status is OfferStatus.DRAFT


def test_a_post_without_csrf_token_changes_nothing(client, session, editor):
    response = client.post("/edit/offers/new", data=offer_form(editor.place))
    assert response.status_code == 400
    assert "Elterncafé Formularprobe" not in client.get("/edit/").get_data(as_text=True)


def test_a_script_tag_is_stored_and_shown_as_text(client, session, editor, make):
    response = post_form(client, "/edit/offers/new", offer_form(editor.place, title=SCRIPT))
    offer = session.get(Offer, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert offer.title == SCRIPT
    for path in ("/edit/", f"/edit/offers/{offer.id}", f"/edit/offers/{offer.id}/history"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_second_of_two_editors_is_told_that_the_offer_changed(client, session, editor):
    offer = edit_offer(
        data_from_offer(
            edit_offer(
                {
                    "title": "Gemeinsam",
                    "phases": ["fruehe-kindheit"],
                    "categories": ["familie"],
                    "places": [editor.place.id],
                },
                user=editor,
            )
        ),
        user=editor,
    )
    opened = str(offer.version)
    first = post_form(client, f"/edit/offers/{offer.id}", offer_form(editor.place, title="Erste", version=opened))
    assert first.status_code == 302
    second = post_form(client, f"/edit/offers/{offer.id}", offer_form(editor.place, title="Zweite", version=opened))
    assert second.status_code == 409 and "inzwischen von jemand anderem geändert" in second.get_data(as_text=True)
    assert 'value="Zweite"' in second.get_data(as_text=True)
    session.refresh(offer)
    assert offer.title == "Erste"


def test_review_publish_and_history_with_restore(client, session, editor, make):
    response = post_form(client, "/edit/offers/new", offer_form(editor.place))
    offer_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert (
        post_form(client, f"/edit/offers/{offer_id}/submit", {"version": "1"}, f"/edit/offers/{offer_id}").status_code
        == 302
    )
    reviewer = make.user(role="reviewer")
    sign_in(client, reviewer)
    assert "Elterncafé Formularprobe" in client.get("/edit/").get_data(as_text=True)
    response = post_form(client, f"/edit/offers/{offer_id}/publish", {}, f"/edit/offers/{offer_id}/review")
    assert response.status_code == 302 and session.get(Offer, offer_id).status is OfferStatus.PUBLISHED
    post_form(client, f"/edit/offers/{offer_id}", offer_form(editor.place, title="Elterncafé Geändert"))
    history = client.get(f"/edit/offers/{offer_id}/history").get_data(as_text=True)
    assert "Elterncafé Geändert" in history and "Diese Fassung wiederherstellen" in history
    restore_path = next(part.split('"')[0] for part in history.split('action="') if "/restore/" in part.split('"')[0])
    assert post_form(client, restore_path, {}, f"/edit/offers/{offer_id}/history").status_code == 302
    assert session.get(Offer, offer_id).title == "Elterncafé Formularprobe"


def test_an_editor_may_not_publish(client, session, editor):
    response = post_form(client, "/edit/offers/new", offer_form(editor.place))
    offer_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert post_form(client, f"/edit/offers/{offer_id}/publish", {}, "/edit/").status_code == 403
    assert session.get(Offer, offer_id).status is OfferStatus.DRAFT


def test_a_translation_is_saved_beside_the_german(client, session, editor):
    response = post_form(client, "/edit/offers/new", offer_form(editor.place))
    offer_id = int(response.headers["Location"].rsplit("/", 1)[1])
    path = f"/edit/offers/{offer_id}/translations"
    post_form(client, path, {"locale": "tr", "title": "Ebeveyn kafesi", "description": "Ebeveynler için."})
    page = client.get(path).get_data(as_text=True)
    assert 'value="Ebeveyn kafesi"' in page
    assert [t.status.value for t in session.get(Offer, offer_id).translations] == ["human"]


def test_a_place_outside_the_city_is_refused_with_the_reason(client, editor, use_geocoder):
    use_geocoder("nominatim").answer("outside")
    form = {"name": "Außenstelle", "kind": "familienzentrum", "street": "Marktplatz 1", "postcode": "47051"}
    response = post_form(client, "/edit/places/new", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "außerhalb von Mülheim an der Ruhr" in page
    assert 'value="Außenstelle"' in page


def test_a_place_is_geocoded_on_save_and_a_dragged_marker_is_kept_as_manual(client, session, editor, use_geocoder):
    use_geocoder("nominatim").answer("hit")
    form = {"name": "Neue Stelle", "kind": "familienzentrum", "street": "Sunderweg 90", "postcode": "45472"}
    response = post_form(client, "/edit/places/new", form)
    assert response.status_code == 302
    path = response.headers["Location"]
    place = session.get(Place, int(path.rsplit("/", 1)[1]))
    assert place.geocode_status is GeocodeStatus.OK and place.organization_id == editor.organization_id
    post_form(client, path, form | {"lat": "51.43", "lon": "6.88"})
    session.refresh(place)
    assert place.geocode_status is GeocodeStatus.MANUAL
    assert (round(to_shape(place.geom).x, 2), round(to_shape(place.geom).y, 2)) == (6.88, 51.43)


def test_a_machine_draft_is_asked_for_from_the_configured_translator(
    app, client, session, editor, monkeypatch, translator_url
):
    monkeypatch.setitem(app.config, "TRANSLATOR", "libretranslate")
    monkeypatch.setitem(app.config, "TRANSLATOR_URL", translator_url)
    response = post_form(client, "/edit/offers/new", offer_form(editor.place))
    offer_id = int(response.headers["Location"].rsplit("/", 1)[1])
    path = f"/edit/offers/{offer_id}/translations"
    assert "Maschinellen Entwurf holen" in client.get(path).get_data(as_text=True)
    post_form(client, path, {"locale": "uk", "draft": "1"})
    [translation] = session.get(Offer, offer_id).translations
    assert translation.locale == "uk" and translation.status.value == "machine" and translation.title


def test_the_editing_pages_hold_no_inline_script(client, session, editor, make):
    response = post_form(client, "/edit/offers/new", offer_form(editor.place))
    offer_id = int(response.headers["Location"].rsplit("/", 1)[1])
    paths = [
        "/edit/",
        "/edit/offers/new",
        f"/edit/offers/{offer_id}",
        f"/edit/offers/{offer_id}/history",
        f"/edit/offers/{offer_id}/translations",
        f"/edit/places/{editor.place.id}",
        "/edit/places/new",
    ]
    for path in paths:
        response = client.get(path)
        result = audit(response.get_data(as_text=True))
        assert response.status_code == 200 and not result.problems, (path, result.problems)
        for block in result.json_blocks:
            json.loads(block)
    client.post("/logout", data={"csrf_token": token_of(client, "/edit/")})
    for path in ("/login", "/password/reset"):
        assert not audit(client.get(path).get_data(as_text=True)).problems


def test_an_editor_keeps_the_organisation_profile_but_not_anothers(client, session, editor, make):
    path = f"/edit/organizations/{editor.organization.key}"
    form = {
        "name": "Familienzentrum Sonnenschein",
        "description": "Wir sind für Familien da.",
        "email": "kein-mail",
        "website": "https://example.org",
    }
    response = post_form(client, path, form)
    assert response.status_code == 400 and 'id="email-error"' in response.get_data(as_text=True)
    assert post_form(client, path, form | {"email": "info@example.org"}).status_code == 302
    session.refresh(editor.organization)
    assert editor.organization.name == "Familienzentrum Sonnenschein"
    other = make.organization()
    session.commit()
    assert client.get(f"/edit/organizations/{other.key}").status_code == 403
    response = client.post(f"/edit/organizations/{other.key}", data=form | {"csrf_token": token_of(client, path)})
    assert response.status_code == 403
