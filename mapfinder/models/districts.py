"""Districts at three levels: Stadtbezirk → Stadtteil → quarter."""

import enum

from geoalchemy2 import Geometry
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TranslationMixin, enum_column, geography_index
from .municipality import municipality_fk


class DistrictLevel(enum.Enum):
    """The three levels, coarse to fine."""

    BEZIRK = "bezirk"
    STADTTEIL = "stadtteil"
    QUARTER = "quarter"


class District(db.Model):
    """An area of the city with its boundary and population; `approximate` marks derived boundaries."""

    __tablename__ = "districts"
    __table_args__ = (geography_index("districts"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[DistrictLevel] = mapped_column(enum_column(DistrictLevel), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id", ondelete="SET NULL"), index=True)
    geom = mapped_column(Geometry("MULTIPOLYGON", srid=4326, spatial_index=True), nullable=False)
    approximate: Mapped[bool] = mapped_column(default=True)
    source: Mapped[str] = mapped_column(Text)
    population: Mapped[int | None]
    population_estimated: Mapped[bool] = mapped_column(default=True)
    population_source: Mapped[str | None] = mapped_column(Text)
    # Residents per age band, e.g. {"0-2": 412, "3-5": 398, …}; bands are "min-max" in years, "65-" open-ended.
    population_by_age: Mapped[dict | None] = mapped_column(JSONB)
    age_bands_estimated: Mapped[bool] = mapped_column(default=True)
    municipality_id: Mapped[int | None] = municipality_fk()
    parent: Mapped["District | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["District"]] = relationship(back_populates="parent")
    translations: Mapped[list["DistrictTranslation"]] = relationship(
        back_populates="district", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<District {self.level.value}:{self.slug}>"


class DistrictTranslation(TranslationMixin, db.Model):
    """A district's name in a locale whose script or spelling differs from German."""

    __tablename__ = "district_translations"
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    district: Mapped[District] = relationship(back_populates="translations")
