"""One offer model aligned with HSDS 3: an offer at a place is a record with its own id; schedules, cost options,
contacts and phones are records; registration is structured; places get a location type and an accessibility note;
organizations a description; a change log. Existing German text is converted (what is not a value stays a note).

Revision ID: 5e0f1a2b3c4d
Revises: a752e3b45bec
Create Date: 2026-11-30 05:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from mapfinder.editing.german_text import parse_cost, parse_registration
from mapfinder.schedules.german_text import parse_schedule_text

revision = "5e0f1a2b3c4d"
down_revision = "a752e3b45bec"
branch_labels = None
depends_on = None

DAY_NAMES = {"MO": "Mo", "TU": "Di", "WE": "Mi", "TH": "Do", "FR": "Fr", "SA": "Sa", "SU": "So"}


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade():
    _extend_records()
    _create_tables()
    _convert_data()
    op.drop_column("offers", "cost")
    op.drop_column("offers", "schedule")
    op.drop_column("offers", "registration")
    op.drop_column("offers", "contact_email")
    op.drop_column("offers", "contact_phone")
    op.drop_column("places", "opening_hours")


def _extend_records():
    op.add_column("organizations", sa.Column("description", sa.Text(), nullable=False, server_default=""))
    op.alter_column("organizations", "description", server_default=None)
    op.add_column(
        "places",
        sa.Column(
            "location_type", _enum("locationtype", "physical", "virtual"), nullable=False, server_default="physical"
        ),
    )
    op.alter_column("places", "location_type", server_default=None)
    op.add_column("places", sa.Column("accessibility_detail", sa.Text(), nullable=True))
    op.add_column(
        "offers",
        sa.Column(
            "registration_kind", _enum("registrationkind", "not_needed", "recommended", "required"), nullable=True
        ),
    )
    op.add_column("offers", sa.Column("registration_url", sa.String(length=300), nullable=True))
    op.add_column("offers", sa.Column("registration_phone", sa.String(length=60), nullable=True))
    op.add_column("offers", sa.Column("registration_note", sa.Text(), nullable=True))
    op.drop_constraint("pk_offer_places", "offer_places", type_="primary")
    op.add_column("offer_places", sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False))
    op.create_primary_key("pk_offer_places", "offer_places", ["id"])
    op.create_unique_constraint("uq_offer_places_offer_place", "offer_places", ["offer_id", "place_id"])
    op.create_index(op.f("ix_offer_places_offer_id"), "offer_places", ["offer_id"], unique=False)
    op.add_column("offer_places", sa.Column("note", sa.Text(), nullable=True))


def _create_tables():
    op.create_table(
        "schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=True),
        sa.Column("offer_at_place_id", sa.Integer(), nullable=True),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("freq", _enum("frequency", "WEEKLY", "MONTHLY"), nullable=True),
        sa.Column("interval", sa.Integer(), nullable=False),
        sa.Column("byday", sa.String(length=60), nullable=True),
        sa.Column("bymonthday", sa.String(length=60), nullable=True),
        sa.Column("opens_at", sa.Time(), nullable=True),
        sa.Column("closes_at", sa.Time(), nullable=True),
        sa.Column("dtstart", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "num_nonnulls(offer_id, offer_at_place_id, place_id) = 1", name=op.f("ck_schedules_one_owner")
        ),
        sa.ForeignKeyConstraint(
            ["offer_at_place_id"],
            ["offer_places.id"],
            name=op.f("fk_schedules_offer_at_place_id_offer_places"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_schedules_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_schedules_place_id_places"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedules")),
    )
    for column in ("offer_id", "offer_at_place_id", "place_id"):
        op.create_index(op.f(f"ix_schedules_{column}"), "schedules", [column], unique=False)
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=True),
        sa.Column("offer_at_place_id", sa.Integer(), nullable=True),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("languages", postgresql.ARRAY(sa.String(length=8)), nullable=False),
        sa.CheckConstraint(
            "num_nonnulls(offer_id, offer_at_place_id, place_id, organization_id) = 1",
            name=op.f("ck_contacts_one_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["offer_at_place_id"],
            ["offer_places.id"],
            name=op.f("fk_contacts_offer_at_place_id_offer_places"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_contacts_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_contacts_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_contacts_place_id_places"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    for column in ("offer_id", "offer_at_place_id", "place_id", "organization_id"):
        op.create_index(op.f(f"ix_contacts_{column}"), "contacts", [column], unique=False)
    op.create_table(
        "phones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("kind", _enum("phonekind", "voice", "fax", "text", "cell"), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_phones_contact_id_contacts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phones")),
    )
    op.create_index(op.f("ix_phones_contact_id"), "phones", ["contact_id"], unique=False)
    op.create_table(
        "cost_options",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("costkind", "free", "fee", "reduced"), nullable=False),
        sa.Column("amount", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_description", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_cost_options_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cost_options")),
    )
    op.create_index(op.f("ix_cost_options_offer_id"), "cost_options", ["offer_id"], unique=False)
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_change_log_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    op.create_index("ix_change_log_entity", "change_log", ["entity", "entity_id"], unique=False)
    op.create_index(op.f("ix_change_log_changed_at"), "change_log", ["changed_at"], unique=False)


def _convert_data():
    bind = op.get_bind()
    _give_placeless_offers_a_virtual_place(bind)
    for offer in bind.execute(
        sa.text("SELECT id, schedule, registration, cost, is_free, contact_email, contact_phone FROM offers")
    ).mappings():
        _insert_schedules(bind, "offer_id", offer["id"], offer["schedule"])
        _convert_registration(bind, offer)
        for position, cost in enumerate(parse_cost(offer["cost"], free=offer["is_free"])):
            bind.execute(
                sa.text(
                    "INSERT INTO cost_options (offer_id, position, kind, amount, currency, "
                    "amount_description) VALUES (:o, :p, :k, :a, 'EUR', :d)"
                ),
                {"o": offer["id"], "p": position, "k": cost.kind, "a": cost.amount, "d": cost.note},
            )
        _insert_contact(bind, offer["id"], offer["contact_email"], offer["contact_phone"])
    for place in bind.execute(sa.text("SELECT id, opening_hours FROM places WHERE opening_hours IS NOT NULL")):
        _insert_schedules(bind, "place_id", place.id, place.opening_hours)


def _give_placeless_offers_a_virtual_place(bind):
    """ "No place means online" becomes an explicit virtual place of the offer's organization."""
    rows = bind.execute(
        sa.text(
            "SELECT o.id, o.organization_id FROM offers o WHERE NOT EXISTS "
            "(SELECT 1 FROM offer_places op WHERE op.offer_id = o.id)"
        )
    ).all()
    for offer_id, organization_id in rows:
        key = f"online-{organization_id or 'ohne-traeger'}"
        place_id = bind.scalar(sa.text("SELECT id FROM places WHERE key = :k"), {"k": key}) or bind.scalar(
            sa.text(
                "INSERT INTO places (key, name, kind, location_type, organization_id, city, geocode_status, barrier_free,"
                " languages, is_demo, created_at, updated_at) VALUES (:k, 'Online', 'online', 'virtual', :org, '',"
                " 'pending', 'unknown', '{}', false, now(), now()) RETURNING id"
            ),
            {"k": key, "org": organization_id},
        )
        bind.execute(
            sa.text("INSERT INTO offer_places (offer_id, place_id) VALUES (:o, :p)"), {"o": offer_id, "p": place_id}
        )


def _insert_schedules(bind, owner: str, owner_id: int, text: str | None):
    for position, rule in enumerate(parse_schedule_text(text)):
        bind.execute(
            sa.text(
                f"INSERT INTO schedules ({owner}, position, freq, interval, byday, opens_at, closes_at, notes) "
                "VALUES (:owner, :p, :f, :i, :d, :o, :c, :n)"
            ),
            {
                "owner": owner_id,
                "p": position,
                "f": rule.freq,
                "i": rule.interval,
                "d": ",".join(rule.byday) or None,
                "o": rule.opens_at,
                "c": rule.closes_at,
                "n": rule.notes,
            },
        )


def _convert_registration(bind, offer):
    registration = parse_registration(offer["registration"])
    if registration is not None:
        bind.execute(
            sa.text("UPDATE offers SET registration_kind = :k, registration_note = :n WHERE id = :id"),
            {"k": registration.kind, "n": registration.note, "id": offer["id"]},
        )


def _insert_contact(bind, offer_id: int, email: str | None, phone: str | None):
    if not email and not phone:
        return
    contact_id = bind.scalar(
        sa.text("INSERT INTO contacts (offer_id, position, email, languages) VALUES (:o, 0, :e, '{}') RETURNING id"),
        {"o": offer_id, "e": email},
    )
    if phone:
        bind.execute(
            sa.text("INSERT INTO phones (contact_id, position, number, kind) VALUES (:c, 0, :n, 'voice')"),
            {"c": contact_id, "n": phone},
        )


def downgrade():
    op.add_column("places", sa.Column("opening_hours", sa.Text(), nullable=True))
    op.add_column("offers", sa.Column("contact_phone", sa.String(length=60), nullable=True))
    op.add_column("offers", sa.Column("contact_email", sa.String(length=200), nullable=True))
    op.add_column("offers", sa.Column("registration", sa.Text(), nullable=True))
    op.add_column("offers", sa.Column("schedule", sa.Text(), nullable=True))
    op.add_column("offers", sa.Column("cost", sa.String(length=200), nullable=True))
    _restore_text(op.get_bind())
    op.drop_index(op.f("ix_change_log_changed_at"), table_name="change_log")
    op.drop_index("ix_change_log_entity", table_name="change_log")
    op.drop_table("change_log")
    op.drop_table("cost_options")
    op.drop_table("phones")
    op.drop_table("contacts")
    op.drop_table("schedules")
    op.drop_column("offer_places", "note")
    op.drop_index(op.f("ix_offer_places_offer_id"), table_name="offer_places")
    op.drop_constraint("uq_offer_places_offer_place", "offer_places", type_="unique")
    op.drop_constraint("pk_offer_places", "offer_places", type_="primary")
    op.drop_column("offer_places", "id")
    op.create_primary_key("pk_offer_places", "offer_places", ["offer_id", "place_id"])
    op.drop_column("offers", "registration_note")
    op.drop_column("offers", "registration_phone")
    op.drop_column("offers", "registration_url")
    op.drop_column("offers", "registration_kind")
    op.drop_column("places", "accessibility_detail")
    op.drop_column("places", "location_type")
    op.drop_column("organizations", "description")


def _restore_text(bind):
    """The structured values written back as German text (the form the older schema held)."""
    rules = bind.execute(
        sa.text(
            "SELECT offer_id, place_id, byday, opens_at, closes_at, notes FROM schedules "
            "WHERE offer_id IS NOT NULL OR place_id IS NOT NULL ORDER BY position"
        )
    ).all()
    texts: dict = {}
    for offer_id, place_id, byday, opens, closes, notes in rules:
        days = " und ".join(DAY_NAMES.get(code[-2:], code) for code in (byday or "").split(",") if code)
        hours = f"{opens:%H:%M}–{closes:%H:%M}" if opens and closes else ""
        text = ", ".join(part for part in (" ".join(p for p in (days, hours) if p), notes) if part)
        texts.setdefault(("offers", offer_id) if offer_id else ("places", place_id), []).append(text)
    for (table, record_id), parts in texts.items():
        column = "schedule" if table == "offers" else "opening_hours"
        bind.execute(
            sa.text(f"UPDATE {table} SET {column} = :t WHERE id = :id"), {"t": ", ".join(parts), "id": record_id}
        )
    bind.execute(
        sa.text(
            "UPDATE offers o SET registration = registration_note, cost = (SELECT string_agg("
            "amount_description, '; ') FROM cost_options c WHERE c.offer_id = o.id)"
        )
    )
    bind.execute(
        sa.text(
            "UPDATE offers o SET contact_email = c.email, contact_phone = (SELECT number FROM phones p "
            "WHERE p.contact_id = c.id ORDER BY position LIMIT 1) FROM contacts c WHERE c.offer_id = o.id"
        )
    )
