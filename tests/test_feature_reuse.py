"""Presented features are kept by row version and vocabulary content, not by data version: after an edit, only the
edited offer is presented anew, and what a reader sees is never older than the data."""

import pytest

from mapfinder import catalog, geojson
from mapfinder.extensions import db
from mapfinder.models import Offer

from .committed import organization_with_offer, remove_organization_with_offer

TAGS = ("amsel", "drossel", "fink")


@pytest.fixture()
def three_offers(app):
    """Three committed published offers (titles "Elterncafé <Name> <tag>"), removed after the test."""
    with app.app_context():
        ids = [organization_with_offer("reuse", tag, "Wiedergabe")[2] for tag in TAGS]
        db.session.commit()
        ids = [offer.id for offer in ids]
        db.session.remove()
    yield ids
    with app.app_context():
        for tag in TAGS:
            remove_organization_with_offer("reuse", tag)
        db.session.remove()


@pytest.fixture()
def presented(monkeypatch) -> list[int]:
    """Offer ids the GeoJSON presenter presents (rather than reuses), in order."""
    calls: list[int] = []
    present = geojson.present_record

    def counting(record, vocabulary):
        calls.append(record.offer_id)
        return present(record, vocabulary)

    monkeypatch.setattr(geojson, "present_record", counting)
    return calls


def titles(client) -> list[str]:
    response = client.get("/api/v1/offers?q=Wiedergabe")
    assert response.status_code == 200
    return sorted(feature["properties"]["title"] for feature in response.json["features"])


def test_after_an_edit_only_the_edited_offer_is_presented_anew(app, three_offers, presented):
    client = app.test_client()  # the app's own sessions: committed data, as in production
    assert titles(client) == [f"Elterncafé Wiedergabe {tag}" for tag in TAGS]
    assert sorted(presented) == sorted(three_offers)
    presented.clear()
    with app.app_context():
        db.session.get(Offer, three_offers[1]).title = "Elterncafé Wiedergabe neu"
        db.session.commit()
        db.session.remove()
    assert titles(client) == ["Elterncafé Wiedergabe amsel", "Elterncafé Wiedergabe fink", "Elterncafé Wiedergabe neu"]
    assert presented == [three_offers[1]]


def test_a_transaction_that_wrote_reads_its_own_edits_every_time(client, make, session):
    offer = make.offer(title="Eigenlese eins")
    assert [f["properties"]["title"] for f in client.get("/api/v1/offers?q=Eigenlese").json["features"]] == [
        "Eigenlese eins"
    ]
    # Rewritten in the same transaction, the row keeps its xmin: only the transaction's stamp tells the versions apart.
    offer.title = "Eigenlese zwei"
    session.flush()
    assert [f["properties"]["title"] for f in client.get("/api/v1/offers?q=Eigenlese").json["features"]] == [
        "Eigenlese zwei"
    ]


def row(kind: str, code: str, label: str, **fields):
    values = {"kind": kind, "id": 1, "code": code, "label": label, "position": 1, "colour": None, "icon": None}
    values.update({"min_age": None, "max_age": None, "level": "stadtteil", "parent_id": None})
    values.update({"approximate": False, "german": label, **fields})
    return type("Row", (), values)


def test_the_vocabulary_fingerprint_follows_content_not_version():
    rows = [row("phase", "geburt", "Geburt"), row("district", "styrum", "Styrum")]
    first = catalog._parse_snapshot("de", rows, (1, "a", ""), "2026-11-30")
    later = catalog._parse_snapshot("de", rows, (2, "b", ""), "2026-12-01")
    renamed = catalog._parse_snapshot("de", [rows[0], row("district", "styrum", "Styrum-Nord")], (2, "b", ""), "")
    english = catalog._parse_snapshot("en", rows, (1, "a", ""), "2026-11-30")
    assert first.content_key == later.content_key
    assert len({first.content_key, renamed.content_key, english.content_key}) == 3
