"""The data version: one row whose counter database triggers bump whenever data behind derived figures changes."""

from datetime import datetime

from sqlalchemy import BigInteger, DateTime
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow

# Tables whose changes invalidate cached figures (the gap analysis); the migration puts a trigger on each.
VERSIONED_TABLES = (
    "offers",
    "offer_places",
    "offer_phases",
    "offer_categories",
    "places",
    "districts",
    "life_phases",
)


class DataVersion(db.Model):
    """Single row (id 1): ``version`` and ``changed_at`` change with every write to a versioned table."""

    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    # clock_timestamp() of the last bump: with it, a version number reused after a rollback is still a new key.
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
