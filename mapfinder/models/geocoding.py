"""The geocoding cache: a normalised address asked once is never asked again."""

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import point_column, utcnow


class GeocodeCache(db.Model):
    """The answer of a provider for one normalised address; a miss is cached too (geom empty, reason set)."""

    __tablename__ = "geocode_cache"
    id: Mapped[int] = mapped_column(primary_key=True)
    query: Mapped[str] = mapped_column(String(400), unique=True)
    geom = mapped_column(point_column(), nullable=True)
    provider: Mapped[str] = mapped_column(String(40))
    precision: Mapped[str | None] = mapped_column(String(20))
    display_name: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
