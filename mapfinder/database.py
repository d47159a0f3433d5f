"""Binds SQLAlchemy and Alembic (Flask-Migrate) to the app."""

from pathlib import Path

from flask import Flask
from geoalchemy2 import alembic_helpers

from . import localized, models  # noqa: F401  (tables on the metadata; the outdated-translation listener)
from .extensions import db, migrate

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def init_app(app: Flask) -> None:
    """Connect the database and point Flask-Migrate at the project's migrations folder."""
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))


def include_object(obj, name, obj_type, reflected, compare_to) -> bool:
    """What Alembic compares: not PostGIS's own tables (spatial_ref_sys, topology), as GeoAlchemy2 advises."""
    if obj_type == "table" and getattr(obj, "schema", None) in {"topology", "tiger"}:
        return False
    return alembic_helpers.include_object(obj, name, obj_type, reflected, compare_to)
