"""Offers (Angebote) with their phases, categories and places."""

import enum
from datetime import date, datetime

from sqlalchemy import (
    ARRAY,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Timestamped, TranslationMixin, enum_column, utcnow
from .contacts import Contact, CostOption
from .municipality import municipality_fk
from .organizations import Organization
from .places import Place
from .schedules import Schedule
from .taxonomy import Category, LifePhase

# Written as PostgreSQL prints it back, so that Alembic's comparison of model and database finds no difference.
FULLTEXT_EXPRESSION = (
    "to_tsvector('german'::regconfig, (COALESCE(title, ''::character varying)::text || ' '::text)"
    " || COALESCE(description, ''::text))"
)


class OfferStatus(enum.Enum):
    """Editorial life cycle; only published offers are shown to readers."""

    DRAFT = "draft"
    REVIEW = "review"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class RegistrationKind(enum.Enum):
    """Whether one must sign up; the label translates, details go to the link, phone or a German note."""

    NOT_NEEDED = "not_needed"
    RECOMMENDED = "recommended"
    REQUIRED = "required"


class OfferAtPlace(db.Model):
    """An offer at one place (HSDS ``service_at_location``): its own id is the id of a map feature or list entry,
    and it carries what differs between places: schedules, contacts and a short note."""

    __tablename__ = "offer_places"
    __table_args__ = (UniqueConstraint("offer_id", "place_id", name="uq_offer_places_offer_place"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    offer: Mapped["Offer"] = relationship(back_populates="at_places")
    place: Mapped[Place] = relationship()
    schedules: Mapped[list[Schedule]] = relationship(
        cascade="all, delete-orphan", order_by=Schedule.position, foreign_keys=[Schedule.offer_at_place_id]
    )
    contacts: Mapped[list[Contact]] = relationship(
        cascade="all, delete-orphan", order_by=Contact.position, foreign_keys=[Contact.offer_at_place_id]
    )

    def __repr__(self) -> str:
        return f"<OfferAtPlace {self.id} offer={self.offer_id} place={self.place_id}>"


offer_places = OfferAtPlace.__table__
offer_phases = Table(
    "offer_phases",
    db.metadata,
    Column("offer_id", ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True),
    Column("life_phase_id", ForeignKey("life_phases.id", ondelete="CASCADE"), primary_key=True, index=True),
)
offer_categories = Table(
    "offer_categories",
    db.metadata,
    Column("offer_id", ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Offer(Timestamped, db.Model):
    """A service (HSDS ``service``) for people of some ages, at one or more places (an online offer at a virtual
    place); what differs per place lives on its ``OfferAtPlace``."""

    __tablename__ = "offers"
    __table_args__ = (
        # The expression of ``search.offer_text_vector``: German full text over title and description.
        Index("ix_offers_fulltext", text(FULLTEXT_EXPRESSION), postgresql_using="gin"),
        # Substring search (ILIKE '%…%') on titles, for word parts and names full text does not stem.
        Index("ix_offers_title_trgm", "title", postgresql_using="gin", postgresql_ops={"title": "gin_trgm_ops"}),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(80), unique=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    # Derived from the cost options by the editing service (every option free), kept for the finder's filter.
    is_free: Mapped[bool] = mapped_column(default=False)
    languages: Mapped[list[str]] = mapped_column(ARRAY(String(8)), default=list)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    registration_kind: Mapped[RegistrationKind | None] = mapped_column(enum_column(RegistrationKind))
    registration_url: Mapped[str | None] = mapped_column(String(300))
    registration_phone: Mapped[str | None] = mapped_column(String(60))
    registration_note: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[OfferStatus] = mapped_column(enum_column(OfferStatus), default=OfferStatus.DRAFT, index=True)
    # Last confirmed as correct (any save, a publication or an editor's one-click confirmation); its age reminds
    # editors, warns readers and finally withdraws the offer from the finder (``mapfinder.freshness``).
    verified_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    is_demo: Mapped[bool] = mapped_column(default=False)
    # Optimistic locking: every write raises it; a form saved against an older version is refused.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # The reviewer's last word when sending the offer back (shown to the editor).
    review_comment: Mapped[str | None] = mapped_column(Text)
    municipality_id: Mapped[int | None] = municipality_fk()
    organization: Mapped[Organization | None] = relationship()
    at_places: Mapped[list[OfferAtPlace]] = relationship(
        back_populates="offer", cascade="all, delete-orphan", order_by=OfferAtPlace.id
    )
    # The places alone, for reading; writers use ``editing.set_places`` so an OfferAtPlace that stays keeps its id.
    places: AssociationProxy[list[Place]] = association_proxy(
        "at_places", "place", creator=lambda place: OfferAtPlace(place=place)
    )
    schedules: Mapped[list[Schedule]] = relationship(
        cascade="all, delete-orphan", order_by=Schedule.position, foreign_keys=[Schedule.offer_id]
    )
    cost_options: Mapped[list[CostOption]] = relationship(cascade="all, delete-orphan", order_by=CostOption.position)
    contacts: Mapped[list[Contact]] = relationship(
        cascade="all, delete-orphan", order_by=Contact.position, foreign_keys=[Contact.offer_id]
    )
    phases: Mapped[list[LifePhase]] = relationship(secondary=offer_phases)
    categories: Mapped[list[Category]] = relationship(secondary=offer_categories)
    translations: Mapped[list["OfferTranslation"]] = relationship(back_populates="offer", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Offer {self.id} {self.title!r}>"


class OfferTranslation(TranslationMixin, db.Model):
    """An offer's title and description in one locale other than German."""

    __tablename__ = "offer_translations"
    __table_args__ = (
        Index(
            "ix_offer_translations_title_trgm",
            "title",
            postgresql_using="gin",
            postgresql_ops={"title": "gin_trgm_ops"},
        ),
        Index(
            "ix_offer_translations_description_trgm",
            "description",
            postgresql_using="gin",
            postgresql_ops={"description": "gin_trgm_ops"},
        ),
    )
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    offer: Mapped[Offer] = relationship(back_populates="translations")
