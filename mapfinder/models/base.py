"""Column helpers shared by the models."""

import enum
from datetime import UTC, datetime

from geoalchemy2 import Geometry
from sqlalchemy import DateTime, Enum, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column


def utcnow() -> datetime:
    """Timezone-aware now, the default of every timestamp column."""
    return datetime.now(UTC)


def enum_column(enum_class: type[enum.Enum], **kwargs) -> Enum:
    """A VARCHAR + CHECK enum storing the values (not names), so migrations need no PostgreSQL type juggling."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        name=enum_class.__name__.lower(),
        **kwargs,
    )


def point_column(**kwargs) -> Geometry:
    """A POINT in WGS84 with a GiST index."""
    return Geometry("POINT", srid=4326, spatial_index=True, **kwargs)


def geography_index(table_name: str) -> Index:
    """GiST index on ``geom::geography`` so metre distances (``<->``, ``ST_DWithin``) use an index."""
    return Index(f"ix_{table_name}_geom_geography", text("(geom::geography)"), postgresql_using="gist")


class Timestamped:
    """Creation and update times."""

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class TranslationStatus(enum.Enum):
    """Where a translation comes from, and whether the German source changed since."""

    HUMAN = "human"
    MACHINE = "machine"
    OUTDATED = "outdated"


class TranslationMixin:
    """One locale's text of a translatable record; German is the source and lives on the record itself."""

    locale: Mapped[str] = mapped_column(String(8), primary_key=True)
    status: Mapped[TranslationStatus] = mapped_column(enum_column(TranslationStatus), default=TranslationStatus.HUMAN)
    # Digest of the German text this translation was made from; a different digest marks it outdated.
    source_digest: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
