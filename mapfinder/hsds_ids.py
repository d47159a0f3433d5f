"""Stable HSDS ids: uuid5 of one fixed namespace and ``entity:id``, so no column is needed and a record keeps its id
across exports. uuid5 cannot be reversed: an id is found by comparing the UUIDs of the candidates."""

import uuid

from sqlalchemy import Select

from .extensions import db

NAMESPACE = uuid.UUID("6f1c2b7e-3d4a-5e8f-9a0b-1c2d3e4f5a6b")
# The two taxonomies: life phases and categories (entity → German name and description).
TAXONOMIES = {
    "phase": ("Lebensphasen", "Lebensphasen von der Schwangerschaft bis ins Alter."),
    "category": ("Kategorien", "Themen der Angebote."),
}


def uid(entity: str, key) -> str:
    """The stable UUID of one record (``entity`` names its table)."""
    return str(uuid.uuid5(NAMESPACE, f"{entity}:{key}"))


def id_of(record_id: str, entity: str, ids: Select) -> int | None:
    """The integer id whose UUID is ``record_id`` among ``ids``, or None (also for a malformed UUID)."""
    try:
        wanted = str(uuid.UUID(record_id))
    except ValueError:
        return None
    return next((key for key in db.session.scalars(ids) if uid(entity, key) == wanted), None)


def taxonomy_of(taxonomy_id: str) -> str | None:
    """``phase`` or ``category`` for a taxonomy's UUID, or None."""
    return next((entity for entity in TAXONOMIES if uid("taxonomy", entity) == taxonomy_id), None)
