"""Binds SQLAlchemy and Alembic (Flask-Migrate) to the app."""

import re
from pathlib import Path

from flask import Flask
from geoalchemy2 import alembic_helpers
from sqlalchemy import event

from . import localized, models  # noqa: F401  (tables on the metadata; the outdated-translation listener)
from .extensions import db, migrate

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
_SETTING_NAME = re.compile(r"[a-z_][a-z0-9_.]*")


def init_app(app: Flask) -> None:
    """Connect the database (each new connection gets ``DATABASE_SETTINGS``) and point Flask-Migrate at the
    project's migrations folder."""
    db.init_app(app)
    settings = connection_settings(app.config.get("DATABASE_SETTINGS", []))
    if settings:
        with app.app_context():
            for engine in db.engines.values():
                event.listen(engine, "connect", lambda connection, record: apply_settings(connection, settings))
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))


def connection_settings(items: list[str]) -> list[tuple[str, str]]:
    """``["jit=off", …]`` as (name, value) pairs; a malformed item stops the start with its text."""
    pairs = []
    for item in items:
        name, equals, value = item.partition("=")
        if not equals or not _SETTING_NAME.fullmatch(name.strip()) or not value.strip():
            raise ValueError(f"DATABASE_SETTINGS: expected name=value, got {item!r}")
        pairs.append((name.strip(), value.strip()))
    return pairs


def apply_settings(connection, settings: list[tuple[str, str]]) -> None:
    """Set each setting for the session of a new DBAPI connection (values as parameters, never spliced)."""
    with connection.cursor() as cursor:
        for name, value in settings:
            cursor.execute("SELECT set_config(%s, %s, false)", (name, value))
    connection.commit()


def include_object(obj, name, obj_type, reflected, compare_to) -> bool:
    """What Alembic compares: not PostGIS's own tables (spatial_ref_sys, topology), as GeoAlchemy2 advises."""
    if obj_type == "table" and getattr(obj, "schema", None) in {"topology", "tiger"}:
        return False
    return alembic_helpers.include_object(obj, name, obj_type, reflected, compare_to)
