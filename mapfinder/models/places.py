"""Places (Einrichtungen): where offers happen, geocoded into a point and assigned to districts."""

import enum
from datetime import datetime

from sqlalchemy import ARRAY, DateTime, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Timestamped, TranslationMixin, enum_column, geography_index, point_column, utcnow
from .districts import District
from .municipality import default_municipality_name, municipality_fk
from .organizations import Organization
from .schedules import Schedule


class GeocodeStatus(enum.Enum):
    """Where a place's point stands: waiting, found, not found (with a reason), or set by hand."""

    PENDING = "pending"
    OK = "ok"
    FAILED = "failed"
    MANUAL = "manual"


class BarrierFree(enum.Enum):
    """Step-free access, three-valued because 'not known' is common and must not read as 'no'."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class LocationType(enum.Enum):
    """A building with an address, or an online offer's virtual place (no address, no point)."""

    PHYSICAL = "physical"
    VIRTUAL = "virtual"


class Place(Timestamped, db.Model):
    """An institution or venue with an address and, once geocoded, a point."""

    __tablename__ = "places"
    __table_args__ = (geography_index("places"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(60))
    location_type: Mapped[LocationType] = mapped_column(enum_column(LocationType), default=LocationType.PHYSICAL)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str] = mapped_column(String(100), default=default_municipality_name)
    geom = mapped_column(point_column(), nullable=True)
    geocode_status: Mapped[GeocodeStatus] = mapped_column(enum_column(GeocodeStatus), default=GeocodeStatus.PENDING)
    geocode_precision: Mapped[str | None] = mapped_column(String(20))
    geocode_provider: Mapped[str | None] = mapped_column(String(40))
    geocode_reason: Mapped[str | None] = mapped_column(Text)
    geocoded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    bezirk_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id", ondelete="SET NULL"), index=True)
    stadtteil_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id", ondelete="SET NULL"), index=True)
    quarter_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id", ondelete="SET NULL"), index=True)
    barrier_free: Mapped[BarrierFree] = mapped_column(enum_column(BarrierFree), default=BarrierFree.UNKNOWN)
    # German free text on access (ramp, lift, toilet), shown with the fallback notice.
    accessibility_detail: Mapped[str | None] = mapped_column(Text)
    languages: Mapped[list[str]] = mapped_column(ARRAY(String(8)), default=list)
    phone: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(300))
    # School facts from the state's school list; empty for other places.
    school_number: Mapped[str | None] = mapped_column(String(10))
    # The school form's code (a place kind: grundschule, gymnasium, …), from the state list or the school's name.
    school_form: Mapped[str | None] = mapped_column(String(60))
    social_index: Mapped[int | None]
    startchancen: Mapped[bool | None]
    pupils: Mapped[int | None]
    source: Mapped[str | None] = mapped_column(Text)
    is_demo: Mapped[bool] = mapped_column(default=False)
    # Last confirmed as correct (every save through the write path); shown to readers on the place's page.
    verified_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())
    municipality_id: Mapped[int | None] = municipality_fk()
    organization: Mapped[Organization | None] = relationship()
    bezirk: Mapped[District | None] = relationship(foreign_keys=[bezirk_id])
    stadtteil: Mapped[District | None] = relationship(foreign_keys=[stadtteil_id])
    quarter: Mapped[District | None] = relationship(foreign_keys=[quarter_id])
    translations: Mapped[list["PlaceTranslation"]] = relationship(back_populates="place", cascade="all, delete-orphan")
    opening_hours: Mapped[list[Schedule]] = relationship(
        cascade="all, delete-orphan", order_by=Schedule.position, foreign_keys=[Schedule.place_id]
    )

    @property
    def address(self) -> str:
        """The postal address in one line."""
        if self.location_type is LocationType.VIRTUAL:
            return ""
        return ", ".join(part for part in (self.street, f"{self.postcode or ''} {self.city}".strip()) if part)

    def __repr__(self) -> str:
        return f"<Place {self.key}>"


class PlaceTranslation(TranslationMixin, db.Model):
    """A place's name in a locale where it differs from the German one."""

    __tablename__ = "place_translations"
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    place: Mapped[Place] = relationship(back_populates="translations")
