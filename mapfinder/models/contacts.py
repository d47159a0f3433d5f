"""Contacts, phones and cost options (HSDS ``contact``, ``phone``, ``cost_option``): structured so labels translate."""

import enum
from decimal import Decimal

from sqlalchemy import ARRAY, CheckConstraint, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import enum_column


class Contact(db.Model):
    """A person or desk to ask, with e-mail and phones; belongs to an offer, an offer at a place, or a place."""

    __tablename__ = "contacts"
    __table_args__ = (
        CheckConstraint("num_nonnulls(offer_id, offer_at_place_id, place_id, organization_id) = 1", name="one_owner"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    offer_at_place_id: Mapped[int | None] = mapped_column(ForeignKey("offer_places.id", ondelete="CASCADE"), index=True)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    languages: Mapped[list[str]] = mapped_column(ARRAY(String(8)), default=list)
    phones: Mapped[list["Phone"]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="Phone.position", lazy="selectin"
    )


class PhoneKind(enum.Enum):
    """What the number is for (HSDS ``phone.type``)."""

    VOICE = "voice"
    FAX = "fax"
    TEXT = "text"
    CELL = "cell"


class Phone(db.Model):
    """One number of a contact."""

    __tablename__ = "phones"
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    number: Mapped[str] = mapped_column(String(60))
    kind: Mapped[PhoneKind] = mapped_column(enum_column(PhoneKind), default=PhoneKind.VOICE)
    description: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[Contact] = relationship(back_populates="phones")


class CostKind(enum.Enum):
    """Free of charge, a fee, or a reduced fee (the label translates; the amount is a number)."""

    FREE = "free"
    FEE = "fee"
    REDUCED = "reduced"


class CostOption(db.Model):
    """One price of an offer: kind, optional amount in a currency, and a German note ("pro Termin")."""

    __tablename__ = "cost_options"
    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[CostKind] = mapped_column(enum_column(CostKind), default=CostKind.FEE)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    amount_description: Mapped[str | None] = mapped_column(Text)
