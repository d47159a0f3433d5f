"""The listings' read model: ``offer_search`` (narrow, indexed rows), ``offer_search_text`` (their search text) and
``offer_search_docs`` (display records),
kept by statement triggers on every source table; the ``unaccent`` extension for accent-free search.

Refresh rule: any INSERT, UPDATE or DELETE on a source table refreshes the rows of the offers it touches, in the same
statement (transition tables name them). Bulk loaders may set ``mapfinder.offer_search_deferred = on`` for their
transaction and call ``refresh_offer_search(NULL)`` (all offers) once before committing.

Revision ID: 7c1d2e3f4a5b
Revises: a364e1ee6d88
Create Date: 2026-11-30 05:00:00

"""

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry
from sqlalchemy.dialects import postgresql

revision = "7c1d2e3f4a5b"
down_revision = "a364e1ee6d88"
branch_labels = None
depends_on = None

_SCHEDULE = "to_jsonb(s) - ARRAY['id', 'offer_id', 'offer_at_place_id', 'place_id', 'position']"
_CONTACT = (
    "jsonb_build_object('name', c.name, 'role', c.role, 'email', c.email, 'phones', coalesce(("
    "SELECT jsonb_agg(ph.number ORDER BY ph.position) FROM phones ph WHERE ph.contact_id = c.id), '[]'))"
)

# One row per published offer at a place: what the filters, the order and the presenter need.
REFRESH_FUNCTION = f"""
CREATE FUNCTION refresh_offer_search(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- One refresh at a time: a second writer's DELETE then sees the rows the first one committed.
    PERFORM pg_advisory_xact_lock(7411020);
    IF ids IS NULL THEN
        ids := ARRAY(SELECT id FROM offers);
        DELETE FROM offer_search_docs;
        DELETE FROM offer_search_text;
        DELETE FROM offer_search;
    ELSE
        DELETE FROM offer_search_docs WHERE id IN (SELECT id FROM offer_search WHERE offer_id = ANY(ids));
        DELETE FROM offer_search_text WHERE id IN (SELECT id FROM offer_search WHERE offer_id = ANY(ids));
        DELETE FROM offer_search WHERE offer_id = ANY(ids);
    END IF;
    WITH fresh AS (
    SELECT op.id, o.id AS offer_id, p.id AS place_id, o.title, p.geom,
        coalesce(ph.codes, '{{}}') AS phases, coalesce(ca.codes, '{{}}') AS categories,
        p.bezirk_id, p.stadtteil_id, p.quarter_id, o.min_age, o.max_age, o.is_free, p.barrier_free,
        ARRAY(SELECT DISTINCT lang FROM unnest(coalesce(o.languages, '{{}}') || coalesce(p.languages, '{{}}')) AS lang
              ORDER BY lang) AS languages,
        o.ends_on, o.is_demo,
        to_tsvector('german', unaccent(concat_ws(' ', o.title, o.description, p.name, org.name, porg.name)))
            AS search_vector,
        lower(unaccent(concat_ws(' ', o.title, p.name, org.name, porg.name, pt.texts))) AS search_text,
        jsonb_build_object(
            'title', o.title, 'description', o.description, 'translations', coalesce(tr.records, '[]'),
            'place_name', p.name, 'place_names', coalesce(pt.names, '{{}}'), 'location_type', p.location_type,
            'street', p.street, 'postcode', p.postcode, 'city', p.city, 'languages', to_jsonb(o.languages),
            'schedules', coalesce(
                (SELECT jsonb_agg({_SCHEDULE} ORDER BY s.position) FROM schedules s WHERE s.offer_at_place_id = op.id),
                (SELECT jsonb_agg({_SCHEDULE} ORDER BY s.position) FROM schedules s WHERE s.offer_id = o.id), '[]'),
            'costs', coalesce((SELECT jsonb_agg(jsonb_build_object('kind', co.kind, 'amount', co.amount,
                'currency', co.currency, 'amount_description', co.amount_description) ORDER BY co.position)
                FROM cost_options co WHERE co.offer_id = o.id), '[]'),
            'contacts', coalesce(
                (SELECT jsonb_agg({_CONTACT} ORDER BY c.position) FROM contacts c WHERE c.offer_at_place_id = op.id),
                (SELECT jsonb_agg({_CONTACT} ORDER BY c.position) FROM contacts c WHERE c.offer_id = o.id), '[]'),
            'registration_kind', o.registration_kind, 'registration_url', o.registration_url,
            'registration_phone', o.registration_phone, 'registration_note', o.registration_note,
            'website', o.website, 'note', op.note) AS doc
    FROM offers o
    JOIN offer_places op ON op.offer_id = o.id
    JOIN places p ON p.id = op.place_id
    LEFT JOIN organizations org ON org.id = o.organization_id
    LEFT JOIN organizations porg ON porg.id = p.organization_id
    LEFT JOIN LATERAL (SELECT array_agg(lp.code ORDER BY lp.position) AS codes FROM offer_phases x
                       JOIN life_phases lp ON lp.id = x.life_phase_id WHERE x.offer_id = o.id) ph ON true
    LEFT JOIN LATERAL (SELECT array_agg(cat.code ORDER BY cat.position) AS codes FROM offer_categories x
                       JOIN categories cat ON cat.id = x.category_id WHERE x.offer_id = o.id) ca ON true
    LEFT JOIN LATERAL (SELECT jsonb_agg(jsonb_build_object('locale', t.locale, 'title', t.title,
                                        'description', t.description, 'status', t.status)) AS records
                       FROM offer_translations t WHERE t.offer_id = o.id) tr ON true
    LEFT JOIN LATERAL (SELECT string_agg(x.name, ' ') AS texts, jsonb_object_agg(x.locale, x.name) AS names
                       FROM place_translations x WHERE x.place_id = p.id) pt ON true
    WHERE o.status = 'published' AND o.id = ANY(ids)
    ), searchable AS (
        INSERT INTO offer_search SELECT id, offer_id, place_id, title, geom, phases, categories, bezirk_id,
            stadtteil_id, quarter_id, min_age, max_age, is_free, barrier_free, languages, ends_on, is_demo
            FROM fresh
    ), searchable_text AS (
        INSERT INTO offer_search_text SELECT id, search_vector, search_text FROM fresh
    )
    INSERT INTO offer_search_docs (id, doc) SELECT id, doc FROM fresh;
END $$
"""

# Which offers a changed row of each source table touches: SQL over the transition table ``{rows}``.
AFFECTED_OFFERS = {
    "offers": "SELECT id FROM {rows}",
    "offer_places": "SELECT offer_id FROM {rows}",
    "offer_phases": "SELECT offer_id FROM {rows}",
    "offer_categories": "SELECT offer_id FROM {rows}",
    "offer_translations": "SELECT offer_id FROM {rows}",
    "cost_options": "SELECT offer_id FROM {rows}",
    "schedules": "SELECT offer_id FROM {rows} WHERE offer_id IS NOT NULL UNION "
    "SELECT op.offer_id FROM {rows} r JOIN offer_places op ON op.id = r.offer_at_place_id",
    "contacts": "SELECT offer_id FROM {rows} WHERE offer_id IS NOT NULL UNION "
    "SELECT op.offer_id FROM {rows} r JOIN offer_places op ON op.id = r.offer_at_place_id",
    "phones": "SELECT c.offer_id FROM {rows} r JOIN contacts c ON c.id = r.contact_id WHERE c.offer_id IS NOT NULL "
    "UNION SELECT op.offer_id FROM {rows} r JOIN contacts c ON c.id = r.contact_id "
    "JOIN offer_places op ON op.id = c.offer_at_place_id",
    "places": "SELECT op.offer_id FROM {rows} r JOIN offer_places op ON op.place_id = r.id",
    "place_translations": "SELECT op.offer_id FROM {rows} r JOIN offer_places op ON op.place_id = r.place_id",
    "organizations": "SELECT o.id FROM {rows} r JOIN offers o ON o.organization_id = r.id UNION "
    "SELECT op.offer_id FROM {rows} r JOIN places p ON p.organization_id = r.id "
    "JOIN offer_places op ON op.place_id = p.id",
    "life_phases": "SELECT x.offer_id FROM {rows} r JOIN offer_phases x ON x.life_phase_id = r.id",
    "categories": "SELECT x.offer_id FROM {rows} r JOIN offer_categories x ON x.category_id = r.id",
}

TRIGGER_FUNCTION = """
CREATE FUNCTION offer_search_after_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids integer[];
BEGIN
    IF coalesce(current_setting('mapfinder.offer_search_deferred', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT x) INTO ids FROM ({new}) AS affected(x);
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT x) INTO ids FROM ({old}) AS affected(x);
    ELSE
        SELECT array_agg(DISTINCT x) INTO ids FROM ({new} UNION {old}) AS affected(x);
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM refresh_offer_search(ids);
    END IF;
    RETURN NULL;
END $$
"""

# The data version (migration 67aeb60b81de) also moves with every refresh of the read model and every change of the
# vocabulary, so that it keys everything remembered of the listings (counts, clusters, pages).
BUMPED_TABLES = (
    "offer_search",
    "categories",
    "life_phase_translations",
    "category_translations",
    "district_translations",
)

_EVENTS = {
    "insert": "NEW TABLE AS new_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
}


def upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    _create_tables()
    op.execute(REFRESH_FUNCTION)
    for table, affected in AFFECTED_OFFERS.items():
        op.execute(
            TRIGGER_FUNCTION.format(
                table=table, new=affected.format(rows="new_rows"), old=affected.format(rows="old_rows")
            )
        )
        for event, referencing in _EVENTS.items():
            op.execute(
                f"CREATE TRIGGER offer_search_{event} AFTER {event.upper()} ON {table} "
                f"REFERENCING {referencing} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION offer_search_after_{table}()"
            )
    for table in BUMPED_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_bump_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
        )
    op.execute("SELECT refresh_offer_search(NULL)")


def _create_tables():
    op.create_table(
        "offer_search",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
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
        sa.Column("phases", postgresql.ARRAY(sa.String(length=40)), nullable=False),
        sa.Column("categories", postgresql.ARRAY(sa.String(length=40)), nullable=False),
        sa.Column("bezirk_id", sa.Integer(), nullable=True),
        sa.Column("stadtteil_id", sa.Integer(), nullable=True),
        sa.Column("quarter_id", sa.Integer(), nullable=True),
        sa.Column("min_age", sa.Integer(), nullable=True),
        sa.Column("max_age", sa.Integer(), nullable=True),
        sa.Column("is_free", sa.Boolean(), nullable=False),
        sa.Column("barrier_free", sa.String(length=32), nullable=False),
        sa.Column("languages", postgresql.ARRAY(sa.String(length=8)), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_search")),
    )
    op.create_table(
        "offer_search_text",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("search_vector", postgresql.TSVECTOR(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_search_text")),
    )
    op.create_geospatial_index(
        "idx_offer_search_geom", "offer_search", ["geom"], unique=False, postgresql_using="gist", postgresql_ops={}
    )
    op.create_index(
        "ix_offer_search_geom_geography",
        "offer_search",
        [sa.literal_column("(geom::geography)")],
        unique=False,
        postgresql_using="gist",
    )
    for column in ("offer_id", "place_id"):
        op.create_index(op.f(f"ix_offer_search_{column}"), "offer_search", [column], unique=False)
    op.create_index("ix_offer_search_title_id", "offer_search", ["title", "id"], unique=False)
    for level in ("bezirk", "stadtteil", "quarter"):
        op.create_index(f"ix_offer_search_{level}_title", "offer_search", [f"{level}_id", "title", "id"], unique=False)
    for column in ("phases", "categories", "languages"):
        op.create_index(
            f"ix_offer_search_{column}",
            "offer_search",
            [column],
            unique=False,
            postgresql_using="gin",
            postgresql_with={"fastupdate": "off"},
        )
    op.create_index(
        "ix_offer_search_text_vector", "offer_search_text", ["search_vector"], unique=False, postgresql_using="gin"
    )
    op.create_index(
        "ix_offer_search_text_trgm",
        "offer_search_text",
        ["search_text"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )
    op.create_table(
        "offer_search_docs",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("doc", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_search_docs")),
    )


def downgrade():
    for table in BUMPED_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_bump_data_version ON {table}")
    for table in AFFECTED_OFFERS:
        for event in _EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS offer_search_{event} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS offer_search_after_{table}()")
    op.execute("DROP FUNCTION IF EXISTS refresh_offer_search(integer[])")
    op.drop_table("offer_search_docs")
    op.drop_table("offer_search_text")
    op.drop_table("offer_search")
    # unaccent stays: other schemas of the database may use it.
