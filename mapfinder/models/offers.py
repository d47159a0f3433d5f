"""Offers (Angebote) with their phases, categories and places."""
import enum
from datetime import date, datetime

from sqlalchemy import ARRAY, Column, Date, DateTime, ForeignKey, Index, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Timestamped, TranslationMixin, enum_column
from .municipality import municipality_fk
from .organizations import Organization
from .places import Place
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


offer_places = Table(
    "offer_places",
    db.metadata,
    Column("offer_id", ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", ForeignKey("places.id", ondelete="CASCADE"), primary_key=True, index=True),
)
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
    """A service for people of some ages, at zero or more places; no place means city-wide or online."""

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
    is_free: Mapped[bool] = mapped_column(default=False)
    cost: Mapped[str | None] = mapped_column(String(200))
    languages: Mapped[list[str]] = mapped_column(ARRAY(String(8)), default=list)
    schedule: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    registration: Mapped[str | None] = mapped_column(Text)
    contact_email: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(60))
    website: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[OfferStatus] = mapped_column(enum_column(OfferStatus), default=OfferStatus.PUBLISHED, index=True)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    is_demo: Mapped[bool] = mapped_column(default=False)
    municipality_id: Mapped[int | None] = municipality_fk()
    organization: Mapped[Organization | None] = relationship()
    places: Mapped[list[Place]] = relationship(secondary=offer_places)
    phases: Mapped[list[LifePhase]] = relationship(secondary=offer_phases)
    categories: Mapped[list[Category]] = relationship(secondary=offer_categories)
    translations: Mapped[list["OfferTranslation"]] = relationship(
        back_populates="offer", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Offer {self.id} {self.title!r}>"


class OfferTranslation(TranslationMixin, db.Model):
    """An offer's title and description in one locale other than German."""

    __tablename__ = "offer_translations"
    __table_args__ = (
        Index("ix_offer_translations_title_trgm", "title", postgresql_using="gin",
              postgresql_ops={"title": "gin_trgm_ops"}),
        Index("ix_offer_translations_description_trgm", "description", postgresql_using="gin",
              postgresql_ops={"description": "gin_trgm_ops"}),
    )
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    offer: Mapped[Offer] = relationship(back_populates="translations")
