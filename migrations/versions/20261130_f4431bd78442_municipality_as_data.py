"""Municipality as data: a ``municipalities`` table and a ``municipality_id`` on organizations, places, offers,
districts and networks, set by the database (``default_municipality_id()``) while exactly one municipality exists.

Backfill: when the database already holds content, the record is created from the one folder in
``geodata/municipalities`` (name, slug, centre, bounds …; ``flask geodata load`` completes it) and every existing
row is assigned to it. Without content, ``flask geodata load`` creates the record before it writes any rows.

Revision ID: f4431bd78442
Revises: 5e0f1a2b3c4d
Create Date: 2026-11-30 04:09:28.283006

"""

import json
import logging
import tomllib
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "f4431bd78442"
down_revision = "5e0f1a2b3c4d"
branch_labels = None
depends_on = None

logger = logging.getLogger("alembic.runtime.migration")
# Kept here (not imported from the models) so the migration stays what it was when written.
CONTENT_TABLES = ("organizations", "places", "offers", "districts", "networks")
MUNICIPALITIES_DIR = Path(__file__).resolve().parents[2] / "geodata" / "municipalities"
DEFAULT_FUNCTION = """
CREATE FUNCTION default_municipality_id() RETURNS integer LANGUAGE sql STABLE AS
$$ SELECT CASE WHEN count(*) = 1 THEN min(id) END FROM municipalities $$
"""
INSERT_RECORD = sa.text("""
INSERT INTO municipalities (slug, name, short_name, names, short_names, centre, zoom, bounds, postcodes,
    address_aliases, network_name, kita_portal_url, integreat_url, data_dir, reference_files, sources,
    created_at, updated_at)
VALUES (:slug, :name, :short_name, CAST(:names AS jsonb), CAST(:short_names AS jsonb),
    ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), :zoom, :bounds, :postcodes, :aliases, :network_name,
    NULLIF(:kita, ''), NULLIF(:integreat, ''), :data_dir, '{}'::jsonb, '[]'::jsonb, now(), now())
""")


def upgrade():
    op.create_geospatial_table(
        "municipalities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("short_name", sa.String(length=80), nullable=False),
        sa.Column("names", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("short_names", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "centre",
            Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column("zoom", sa.Integer(), nullable=False),
        sa.Column("bounds", sa.ARRAY(sa.Float()), nullable=False),
        sa.Column(
            "outline",
            Geometry(
                geometry_type="MULTIPOLYGON",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
            ),
            nullable=True,
        ),
        sa.Column("postcodes", sa.ARRAY(sa.String(length=10)), nullable=False),
        sa.Column("address_aliases", sa.ARRAY(sa.String(length=120)), nullable=False),
        sa.Column("network_name", sa.String(length=120), nullable=False),
        sa.Column("kita_portal_url", sa.String(length=300), nullable=True),
        sa.Column("integreat_url", sa.String(length=300), nullable=True),
        sa.Column("data_dir", sa.String(length=200), nullable=False),
        sa.Column("reference_files", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("sources", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_municipalities")),
        sa.UniqueConstraint("slug", name=op.f("uq_municipalities_slug")),
    )
    op.execute(DEFAULT_FUNCTION)
    op.add_column(
        "districts",
        sa.Column("municipality_id", sa.Integer(), server_default=sa.text("default_municipality_id()"), nullable=True),
    )
    op.create_index(op.f("ix_districts_municipality_id"), "districts", ["municipality_id"], unique=False)
    op.create_foreign_key(
        op.f("fk_districts_municipality_id_municipalities"),
        "districts",
        "municipalities",
        ["municipality_id"],
        ["id"],
        ondelete="RESTRICT",
    )
    op.add_column(
        "offers",
        sa.Column("municipality_id", sa.Integer(), server_default=sa.text("default_municipality_id()"), nullable=True),
    )
    op.create_index(op.f("ix_offers_municipality_id"), "offers", ["municipality_id"], unique=False)
    op.create_foreign_key(
        op.f("fk_offers_municipality_id_municipalities"),
        "offers",
        "municipalities",
        ["municipality_id"],
        ["id"],
        ondelete="RESTRICT",
    )
    op.add_column(
        "organizations",
        sa.Column("municipality_id", sa.Integer(), server_default=sa.text("default_municipality_id()"), nullable=True),
    )
    op.create_index(op.f("ix_organizations_municipality_id"), "organizations", ["municipality_id"], unique=False)
    op.create_foreign_key(
        op.f("fk_organizations_municipality_id_municipalities"),
        "organizations",
        "municipalities",
        ["municipality_id"],
        ["id"],
        ondelete="RESTRICT",
    )
    op.add_column(
        "places",
        sa.Column("municipality_id", sa.Integer(), server_default=sa.text("default_municipality_id()"), nullable=True),
    )
    op.create_index(op.f("ix_places_municipality_id"), "places", ["municipality_id"], unique=False)
    op.create_foreign_key(
        op.f("fk_places_municipality_id_municipalities"),
        "places",
        "municipalities",
        ["municipality_id"],
        ["id"],
        ondelete="RESTRICT",
    )
    op.add_column(
        "networks",
        sa.Column("municipality_id", sa.Integer(), server_default=sa.text("default_municipality_id()"), nullable=True),
    )
    op.create_index(op.f("ix_networks_municipality_id"), "networks", ["municipality_id"], unique=False)
    op.create_foreign_key(
        op.f("fk_networks_municipality_id_municipalities"),
        "networks",
        "municipalities",
        ["municipality_id"],
        ["id"],
        ondelete="RESTRICT",
    )
    _backfill()


def _backfill() -> None:
    """Existing content gets the municipality of the one data folder."""
    connection = op.get_bind()
    if not any(connection.scalar(sa.text(f"SELECT EXISTS (SELECT 1 FROM {table})")) for table in CONTENT_TABLES):
        return
    folders = sorted(MUNICIPALITIES_DIR.glob("*/municipality.toml"))
    if len(folders) != 1:
        logger.warning(
            "municipality backfill skipped: %d data folders; `flask geodata load` assigns the rows", len(folders)
        )
        return
    connection.execute(INSERT_RECORD, _record_values(folders[0]))
    for table in CONTENT_TABLES:
        connection.execute(
            sa.text(f"UPDATE {table} SET municipality_id = default_municipality_id() WHERE municipality_id IS NULL")
        )


def _record_values(path: Path) -> dict:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    view, geocoding, portals = data["map"], data.get("geocoding", {}), data.get("portals", {})
    return {
        "slug": data["slug"],
        "name": data["name"],
        "short_name": data["short_name"],
        "names": json.dumps(data.get("names", {})),
        "short_names": json.dumps(data.get("short_names", {})),
        "lat": view["centre"][0],
        "lon": view["centre"][1],
        "zoom": view["zoom"],
        "bounds": [float(value) for value in view["bounds"]],
        "postcodes": geocoding.get("postcodes", []),
        "aliases": geocoding.get("aliases", []),
        "network_name": data["network_name"],
        "kita": portals.get("kita", ""),
        "integreat": portals.get("integreat", ""),
        "data_dir": path.parent.name,
    }


def downgrade():
    op.drop_constraint(op.f("fk_networks_municipality_id_municipalities"), "networks", type_="foreignkey")
    op.drop_index(op.f("ix_networks_municipality_id"), table_name="networks")
    op.drop_column("networks", "municipality_id")
    op.drop_constraint(op.f("fk_places_municipality_id_municipalities"), "places", type_="foreignkey")
    op.drop_index(op.f("ix_places_municipality_id"), table_name="places")
    op.drop_column("places", "municipality_id")
    op.drop_constraint(op.f("fk_organizations_municipality_id_municipalities"), "organizations", type_="foreignkey")
    op.drop_index(op.f("ix_organizations_municipality_id"), table_name="organizations")
    op.drop_column("organizations", "municipality_id")
    op.drop_constraint(op.f("fk_offers_municipality_id_municipalities"), "offers", type_="foreignkey")
    op.drop_index(op.f("ix_offers_municipality_id"), table_name="offers")
    op.drop_column("offers", "municipality_id")
    op.drop_constraint(op.f("fk_districts_municipality_id_municipalities"), "districts", type_="foreignkey")
    op.drop_index(op.f("ix_districts_municipality_id"), table_name="districts")
    op.drop_column("districts", "municipality_id")
    op.execute("DROP FUNCTION IF EXISTS default_municipality_id()")
    op.drop_geospatial_table("municipalities")
