"""The one write path: validation for every writer, drafts for new content, statuses kept, every change logged."""

import pytest
from sqlalchemy import select

from mapfinder.editing import Actor, OfferInput, ValidationError, archive_offer, publish_offer, save_offer
from mapfinder.models import Category, ChangeLog, LifePhase, OfferStatus, OfferTranslation, TranslationStatus
from mapfinder.schedules import parse_schedule_text

ACTOR = Actor(source="test")


def offer_input(session, make, **fields) -> OfferInput:
    values = {
        "title": "Elterncafé Schreibprobe",
        "phases": [session.scalar(select(LifePhase).limit(1))],
        "categories": [session.scalar(select(Category).limit(1))],
        "places": [make.place()],
        **fields,
    }
    return OfferInput(**values)


def changes_of(session, offer) -> list[ChangeLog]:
    return list(
        session.scalars(
            select(ChangeLog).where(ChangeLog.entity == "offer", ChangeLog.entity_id == offer.id).order_by(ChangeLog.id)
        )
    )


def test_new_content_starts_as_a_draft_and_is_logged(session, make, client):
    offer = save_offer(offer_input(session, make, schedules=parse_schedule_text("montags 9–11")), actor=ACTOR)
    assert offer.status is OfferStatus.DRAFT
    [entry] = changes_of(session, offer)
    assert entry.action == "create" and entry.changes["title"] == [None, "Elterncafé Schreibprobe"]
    assert offer.id not in {
        f["properties"]["offer_id"] for f in client.get("/api/v1/offers?q=Schreibprobe").json["features"]
    }


def test_an_update_records_old_and_new_values_of_changed_fields_only(session, make):
    offer = save_offer(offer_input(session, make), actor=ACTOR)
    save_offer(
        offer_input(
            session,
            make,
            title="Elterncafé Neu",
            places=list(offer.places),
            schedules=parse_schedule_text("dienstags 10:00–12:00"),
        ),
        actor=ACTOR,
        offer=offer,
    )
    update = changes_of(session, offer)[-1]
    assert update.action == "update"
    assert update.changes["title"] == ["Elterncafé Schreibprobe", "Elterncafé Neu"]
    assert update.changes["schedules"] == [[], ["FREQ=WEEKLY;BYDAY=TU 10:00–12:00"]]
    assert "places" not in update.changes


def test_publication_makes_it_visible_at_once_and_archiving_withdraws_it(session, make, client):
    offer = save_offer(offer_input(session, make, title="Sichtbarkeitsprobe"), actor=ACTOR)

    def visible() -> bool:
        features = client.get("/api/v1/offers?q=Sichtbarkeitsprobe").json["features"]
        return offer.id in {f["properties"]["offer_id"] for f in features}

    publish_offer(offer, actor=ACTOR)
    assert visible()
    archive_offer(offer, actor=ACTOR)
    assert not visible()
    assert [entry.action for entry in changes_of(session, offer)] == ["create", "publish", "archive"]


def test_a_rewrite_keeps_the_status_so_an_archived_offer_is_not_republished(session, make):
    offer = save_offer(offer_input(session, make), actor=ACTOR, new_status=OfferStatus.PUBLISHED)
    archive_offer(offer, actor=ACTOR)
    save_offer(
        offer_input(session, make, places=list(offer.places)),
        actor=ACTOR,
        offer=offer,
        new_status=OfferStatus.PUBLISHED,
    )
    assert offer.status is OfferStatus.ARCHIVED


def test_an_offer_at_a_place_keeps_its_id_when_the_offer_is_rewritten(session, make):
    offer = save_offer(offer_input(session, make), actor=ACTOR)
    first_id = offer.at_places[0].id
    second = make.place()
    save_offer(offer_input(session, make, places=[offer.places[0], second]), actor=ACTOR, offer=offer)
    assert offer.at_places[0].id == first_id and len({ap.id for ap in offer.at_places}) == 2


def test_every_broken_rule_is_reported_at_once(session, make):
    with pytest.raises(ValidationError) as caught:
        save_offer(
            offer_input(
                session,
                make,
                title="",
                min_age=9,
                max_age=3,
                languages=["deutsch"],
                website="javascript:alert(1)",
                phases=[],
            ),
            actor=ACTOR,
        )
    assert set(caught.value.errors) == {"title", "max_age", "languages", "website", "phases"}


def test_changing_the_german_title_marks_translations_outdated(session, make):
    offer = save_offer(offer_input(session, make), actor=ACTOR)
    offer.translations.append(OfferTranslation(locale="tr", title="Veli kafesi", description=""))
    session.flush()
    save_offer(
        offer_input(session, make, title="Elterncafé geändert", places=list(offer.places)), actor=ACTOR, offer=offer
    )
    assert offer.translations[0].status is TranslationStatus.OUTDATED
