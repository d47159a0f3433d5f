"""Initial schema: taxonomy, districts, places, offers, networks, users, geocode cache.

Revision ID: d3ca4b92a319
Revises:
Create Date: 2026-11-24 21:31:14.633575

"""

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "d3ca4b92a319"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.create_table(
        "categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("icon", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categories")),
        sa.UniqueConstraint("code", name=op.f("uq_categories_code")),
    )
    op.create_geospatial_table(
        "districts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "bezirk",
                "stadtteil",
                "quarter",
                name="districtlevel",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column(
            "geom",
            Geometry(
                geometry_type="MULTIPOLYGON",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column("approximate", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("population_estimated", sa.Boolean(), nullable=False),
        sa.Column("population_source", sa.Text(), nullable=True),
        sa.Column("population_by_age", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("age_bands_estimated", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["districts.id"], name=op.f("fk_districts_parent_id_districts"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_districts")),
        sa.UniqueConstraint("slug", name=op.f("uq_districts_slug")),
    )
    op.create_geospatial_index(
        "idx_districts_geom", "districts", ["geom"], unique=False, postgresql_using="gist", postgresql_ops={}
    )
    op.create_index(
        "ix_districts_geom_geography",
        "districts",
        [sa.literal_column("(geom::geography)")],
        unique=False,
        postgresql_using="gist",
    )
    op.create_index(op.f("ix_districts_level"), "districts", ["level"], unique=False)
    op.create_index(op.f("ix_districts_parent_id"), "districts", ["parent_id"], unique=False)
    op.create_geospatial_table(
        "geocode_cache",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("query", sa.String(length=400), nullable=False),
        sa.Column(
            "geom",
            Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
            ),
            nullable=True,
        ),
        sa.Column("provider", sa.String(length=40), nullable=False),
        sa.Column("precision", sa.String(length=20), nullable=True),
        sa.Column("display_name", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_geocode_cache")),
        sa.UniqueConstraint("query", name=op.f("uq_geocode_cache_query")),
    )
    op.create_geospatial_index(
        "idx_geocode_cache_geom", "geocode_cache", ["geom"], unique=False, postgresql_using="gist", postgresql_ops={}
    )
    op.create_table(
        "life_phases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("min_age", sa.Integer(), nullable=False),
        sa.Column("max_age", sa.Integer(), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("icon", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_life_phases")),
        sa.UniqueConstraint("code", name=op.f("uq_life_phases_code")),
    )
    op.create_table(
        "networks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("coordinator_name", sa.String(length=200), nullable=True),
        sa.Column("coordinator_email", sa.String(length=200), nullable=True),
        sa.Column("coordinator_phone", sa.String(length=60), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_networks")),
        sa.UniqueConstraint("slug", name=op.f("uq_networks_slug")),
    )
    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=60), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
        sa.UniqueConstraint("key", name=op.f("uq_organizations_key")),
    )
    op.create_table(
        "category_translations",
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "human",
                "machine",
                "outdated",
                name="translationstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("source_digest", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_category_translations_category_id_categories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("category_id", "locale", name=op.f("pk_category_translations")),
    )
    op.create_table(
        "district_translations",
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "human",
                "machine",
                "outdated",
                name="translationstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("source_digest", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["districts.id"],
            name=op.f("fk_district_translations_district_id_districts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("district_id", "locale", name=op.f("pk_district_translations")),
    )
    op.create_table(
        "life_phase_translations",
        sa.Column("life_phase_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "human",
                "machine",
                "outdated",
                name="translationstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("source_digest", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["life_phase_id"],
            ["life_phases.id"],
            name=op.f("fk_life_phase_translations_life_phase_id_life_phases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("life_phase_id", "locale", name=op.f("pk_life_phase_translations")),
    )
    op.create_table(
        "network_districts",
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["districts.id"],
            name=op.f("fk_network_districts_district_id_districts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_network_districts_network_id_networks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("network_id", "district_id", name=op.f("pk_network_districts")),
    )
    op.create_table(
        "network_organizations",
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["networks.id"],
            name=op.f("fk_network_organizations_network_id_networks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_network_organizations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("network_id", "organization_id", name=op.f("pk_network_organizations")),
    )
    op.create_table(
        "network_phases",
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("life_phase_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["life_phase_id"],
            ["life_phases.id"],
            name=op.f("fk_network_phases_life_phase_id_life_phases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_network_phases_network_id_networks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("network_id", "life_phase_id", name=op.f("pk_network_phases")),
    )
    op.create_geospatial_table(
        "places",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("street", sa.String(length=200), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column(
            "geom",
            Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
            ),
            nullable=True,
        ),
        sa.Column(
            "geocode_status",
            sa.Enum(
                "pending",
                "ok",
                "failed",
                "manual",
                name="geocodestatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("geocode_precision", sa.String(length=20), nullable=True),
        sa.Column("geocode_provider", sa.String(length=40), nullable=True),
        sa.Column("geocode_reason", sa.Text(), nullable=True),
        sa.Column("geocoded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("bezirk_id", sa.Integer(), nullable=True),
        sa.Column("stadtteil_id", sa.Integer(), nullable=True),
        sa.Column("quarter_id", sa.Integer(), nullable=True),
        sa.Column(
            "barrier_free",
            sa.Enum("yes", "no", "unknown", name="barrierfree", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("languages", sa.ARRAY(sa.String(length=8)), nullable=False),
        sa.Column("phone", sa.String(length=60), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("opening_hours", sa.Text(), nullable=True),
        sa.Column("school_number", sa.String(length=10), nullable=True),
        sa.Column("social_index", sa.Integer(), nullable=True),
        sa.Column("startchancen", sa.Boolean(), nullable=True),
        sa.Column("pupils", sa.Integer(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bezirk_id"], ["districts.id"], name=op.f("fk_places_bezirk_id_districts"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_places_organization_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["quarter_id"], ["districts.id"], name=op.f("fk_places_quarter_id_districts"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["stadtteil_id"], ["districts.id"], name=op.f("fk_places_stadtteil_id_districts"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
        sa.UniqueConstraint("key", name=op.f("uq_places_key")),
    )
    op.create_geospatial_index(
        "idx_places_geom", "places", ["geom"], unique=False, postgresql_using="gist", postgresql_ops={}
    )
    op.create_index(op.f("ix_places_bezirk_id"), "places", ["bezirk_id"], unique=False)
    op.create_index(
        "ix_places_geom_geography",
        "places",
        [sa.literal_column("(geom::geography)")],
        unique=False,
        postgresql_using="gist",
    )
    op.create_index(op.f("ix_places_quarter_id"), "places", ["quarter_id"], unique=False)
    op.create_index(op.f("ix_places_stadtteil_id"), "places", ["stadtteil_id"], unique=False)
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column(
            "role",
            sa.Enum("admin", "editor", name="role", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_users_organization_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("min_age", sa.Integer(), nullable=True),
        sa.Column("max_age", sa.Integer(), nullable=True),
        sa.Column("is_free", sa.Boolean(), nullable=False),
        sa.Column("cost", sa.String(length=200), nullable=True),
        sa.Column("languages", sa.ARRAY(sa.String(length=8)), nullable=False),
        sa.Column("schedule", sa.Text(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("registration", sa.Text(), nullable=True),
        sa.Column("contact_email", sa.String(length=200), nullable=True),
        sa.Column("contact_phone", sa.String(length=60), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "review",
                "published",
                "archived",
                name="offerstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_offers_organization_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"], ["users.id"], name=op.f("fk_offers_verified_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
        sa.UniqueConstraint("key", name=op.f("uq_offers_key")),
    )
    op.create_index(op.f("ix_offers_status"), "offers", ["status"], unique=False)
    op.create_table(
        "place_translations",
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "human",
                "machine",
                "outdated",
                name="translationstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("source_digest", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_place_translations_place_id_places"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("place_id", "locale", name=op.f("pk_place_translations")),
    )
    op.create_table(
        "offer_categories",
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_offer_categories_category_id_categories"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_offer_categories_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("offer_id", "category_id", name=op.f("pk_offer_categories")),
    )
    op.create_index(op.f("ix_offer_categories_category_id"), "offer_categories", ["category_id"], unique=False)
    op.create_table(
        "offer_phases",
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("life_phase_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["life_phase_id"],
            ["life_phases.id"],
            name=op.f("fk_offer_phases_life_phase_id_life_phases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_offer_phases_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("offer_id", "life_phase_id", name=op.f("pk_offer_phases")),
    )
    op.create_index(op.f("ix_offer_phases_life_phase_id"), "offer_phases", ["life_phase_id"], unique=False)
    op.create_table(
        "offer_places",
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_offer_places_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_offer_places_place_id_places"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("offer_id", "place_id", name=op.f("pk_offer_places")),
    )
    op.create_index(op.f("ix_offer_places_place_id"), "offer_places", ["place_id"], unique=False)
    op.create_table(
        "offer_translations",
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "human",
                "machine",
                "outdated",
                name="translationstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("source_digest", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_offer_translations_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("offer_id", "locale", name=op.f("pk_offer_translations")),
    )


def downgrade():
    # The postgis extension stays: other schemas of the database may use it.
    op.drop_table("offer_translations")
    op.drop_index(op.f("ix_offer_places_place_id"), table_name="offer_places")
    op.drop_table("offer_places")
    op.drop_index(op.f("ix_offer_phases_life_phase_id"), table_name="offer_phases")
    op.drop_table("offer_phases")
    op.drop_index(op.f("ix_offer_categories_category_id"), table_name="offer_categories")
    op.drop_table("offer_categories")
    op.drop_table("place_translations")
    op.drop_index(op.f("ix_offers_status"), table_name="offers")
    op.drop_table("offers")
    op.drop_table("users")
    op.drop_index(op.f("ix_places_stadtteil_id"), table_name="places")
    op.drop_index(op.f("ix_places_quarter_id"), table_name="places")
    op.drop_index("ix_places_geom_geography", table_name="places", postgresql_using="gist")
    op.drop_index(op.f("ix_places_bezirk_id"), table_name="places")
    op.drop_geospatial_index("idx_places_geom", table_name="places", postgresql_using="gist", column_name="geom")
    op.drop_geospatial_table("places")
    op.drop_table("network_phases")
    op.drop_table("network_organizations")
    op.drop_table("network_districts")
    op.drop_table("life_phase_translations")
    op.drop_table("district_translations")
    op.drop_table("category_translations")
    op.drop_table("organizations")
    op.drop_table("networks")
    op.drop_table("life_phases")
    op.drop_geospatial_index(
        "idx_geocode_cache_geom", table_name="geocode_cache", postgresql_using="gist", column_name="geom"
    )
    op.drop_geospatial_table("geocode_cache")
    op.drop_index(op.f("ix_districts_parent_id"), table_name="districts")
    op.drop_index(op.f("ix_districts_level"), table_name="districts")
    op.drop_index("ix_districts_geom_geography", table_name="districts", postgresql_using="gist")
    op.drop_geospatial_index("idx_districts_geom", table_name="districts", postgresql_using="gist", column_name="geom")
    op.drop_geospatial_table("districts")
    op.drop_table("categories")
