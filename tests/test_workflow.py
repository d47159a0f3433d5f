"""The editorial workflow in the service: permissions by organisation, draft → review → published, pending
revisions that readers do not see until approval, optimistic locking, send-back mails and restore."""

import pytest
from sqlalchemy import select

from mapfinder.editing import EditConflict, EditDenied, ValidationError
from mapfinder.editing.offer_data import data_from_offer
from mapfinder.editing.workflow import edit_offer, pending_revision, publish, restore, send_back, submit_offer
from mapfinder.models import ChangeLog, OfferRevision, OfferStatus, RevisionState


def form_data(place, **fields) -> dict:
    return {
        "title": "Sprachcafé Workflowprobe",
        "description": "Deutsch üben bei Tee.",
        "phases": ["lebenslang"],
        "categories": ["sprache"],
        "places": [place.id],
        "languages": ["de", "ar"],
        "schedules": [{"rhythm": "weekly", "days": ["TU", "TH"], "opens": "10:00", "closes": "12:00"}],
        "costs": [{"kind": "free"}],
        **fields,
    }


def titles_in_api(client, text: str) -> set[str]:
    features = client.get(f"/api/v1/offers?q={text}").json["features"]
    return {feature["properties"]["title"] for feature in features}


@pytest.fixture()
def team(make):
    """An editor with a place of their organisation, a reviewer, and an editor of another organisation."""
    editor = make.user()
    return {
        "editor": editor,
        "place": make.place(organization=editor.organization),
        "reviewer": make.user(role="reviewer"),
        "stranger": make.user(),
    }


def test_an_editor_creates_drafts_only_for_their_own_organisation(session, team):
    offer = edit_offer(form_data(team["place"], organization="someone-else"), user=team["editor"])
    assert offer.status is OfferStatus.DRAFT and offer.organization == team["editor"].organization
    assert [s.byday for s in offer.schedules] == ["TU,TH"] and offer.is_free


def test_another_organisations_editor_changes_nothing(session, team, make):
    offer = edit_offer(form_data(team["place"]), user=team["editor"])
    with pytest.raises(EditDenied):
        edit_offer(form_data(team["place"], title="Übernommen"), user=team["stranger"], offer=offer)
    with pytest.raises(EditDenied):
        submit_offer(offer, user=team["stranger"])
    assert offer.title == "Sprachcafé Workflowprobe" and offer.status is OfferStatus.DRAFT


def test_editors_cannot_publish_or_attach_another_organisations_place(session, team, make):
    offer = edit_offer(form_data(team["place"]), user=team["editor"])
    with pytest.raises(EditDenied):
        publish(offer, user=team["editor"])
    with pytest.raises(ValidationError) as caught:
        edit_offer(form_data(make.place(organization=make.organization())), user=team["editor"], offer=offer)
    assert set(caught.value.errors) == {"places"}


def test_submitted_offer_is_hidden_until_a_reviewer_publishes_it(session, team, client):
    offer = edit_offer(form_data(team["place"]), user=team["editor"])
    submit_offer(offer, user=team["editor"])
    assert offer.status is OfferStatus.REVIEW
    assert "Sprachcafé Workflowprobe" not in titles_in_api(client, "Workflowprobe")
    publish(offer, user=team["reviewer"])
    assert "Sprachcafé Workflowprobe" in titles_in_api(client, "Workflowprobe")
    assert offer.verified_by_id == team["reviewer"].id


def test_a_change_to_a_published_offer_waits_for_approval(session, team, client):
    offer = edit_offer(form_data(team["place"]), user=team["editor"])
    publish(offer, user=team["reviewer"])
    edit_offer(
        form_data(team["place"], title="Sprachcafé Workflowprobe neu"),
        user=team["editor"],
        offer=offer,
        expected_version=offer.version,
    )
    assert pending_revision(offer).data["title"] == "Sprachcafé Workflowprobe neu"
    assert titles_in_api(client, "Workflowprobe") == {"Sprachcafé Workflowprobe"}
    publish(offer, user=team["reviewer"])
    assert titles_in_api(client, "Workflowprobe") == {"Sprachcafé Workflowprobe neu"}
    assert pending_revision(offer) is None


def test_the_second_of_two_saves_on_the_same_version_is_refused(session, team):
    offer = edit_offer(form_data(team["place"]), user=team["editor"])
    opened_at = offer.version
    colleague = team["editor"]
    edit_offer(form_data(team["place"], title="Erste Fassung"), user=colleague, offer=offer, expected_version=opened_at)
    with pytest.raises(EditConflict):
        edit_offer(
            form_data(team["place"], title="Zweite Fassung"),
            user=team["editor"],
            offer=offer,
            expected_version=opened_at,
        )
    assert offer.title == "Erste Fassung"


def test_sending_back_returns_a_draft_with_the_comment_and_mails_the_editor(session, team, mailbox):
    offer = edit_offer(form_data(team["place"]), user=team["editor"])
    submit_offer(offer, user=team["editor"])
    with pytest.raises(ValidationError):
        send_back(offer, user=team["reviewer"], comment="  ")
    send_back(offer, user=team["reviewer"], comment="Bitte die Uhrzeit prüfen.")
    assert offer.status is OfferStatus.DRAFT and offer.review_comment == "Bitte die Uhrzeit prüfen."
    [message] = mailbox.to(team["editor"].email)
    assert "Bitte die Uhrzeit prüfen." in mailbox.text(message)


def test_a_rejected_change_leaves_the_published_offer_alone(session, team):
    offer = edit_offer(form_data(team["place"]), user=team["editor"])
    publish(offer, user=team["reviewer"])
    edit_offer(form_data(team["place"], title="Abgelehnt"), user=team["editor"], offer=offer)
    send_back(offer, user=team["reviewer"], comment="So nicht.")
    assert offer.title == "Sprachcafé Workflowprobe" and offer.status is OfferStatus.PUBLISHED
    assert pending_revision(offer) is None


def test_an_earlier_version_is_restored_from_the_history(session, team):
    offer = edit_offer(form_data(team["place"]), user=team["reviewer"])
    first = session.scalar(select(OfferRevision).where(OfferRevision.offer_id == offer.id))
    edit_offer(form_data(team["place"], title="Zwischenstand", min_age=18), user=team["reviewer"], offer=offer)
    restore(offer, first.id, user=team["reviewer"], expected_version=offer.version)
    assert offer.title == "Sprachcafé Workflowprobe" and offer.min_age is None
    actions = list(
        session.scalars(
            select(ChangeLog.action)
            .where(ChangeLog.entity_id == offer.id, ChangeLog.entity == "offer")
            .order_by(ChangeLog.id)
        )
    )
    assert actions == ["create", "update", "update"]
    assert first.state is RevisionState.APPLIED and first.change_id is not None


def test_form_data_round_trips_through_an_offer(session, team):
    data = form_data(
        team["place"],
        schedules=[
            {"rhythm": "monthly-1", "days": ["MO"], "opens": "09:00", "closes": "11:00", "note": "im Saal"},
            {"rhythm": "biweekly", "days": ["FR"], "opens": None, "closes": None, "note": None},
        ],
        contacts=[{"name": "Frau A.", "role": None, "email": "a@example.org", "phones": ["0208 1234"]}],
    )
    offer = edit_offer(data, user=team["editor"])
    again = data_from_offer(offer)
    assert again["schedules"] == data["schedules"] and again["contacts"] == data["contacts"]
