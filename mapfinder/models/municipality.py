"""The municipality: everything city-specific (names, centre, outline, geocoder hints, portal links, data files).

The record is loaded from ``geodata/municipalities/<slug>/municipality.toml`` by ``flask geodata load``; content
models point at it through ``municipality_fk()`` (DESIGN habit 14).
"""

from geoalchemy2 import Geometry
from sqlalchemy import ARRAY, Float, ForeignKey, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import Timestamped

# A SQL function (created by the migration): the id of the only municipality, NULL while there is none or several.
# As the server default of every ``municipality_id`` it assigns each new row while one municipality is configured.
DEFAULT_MUNICIPALITY_ID = "default_municipality_id()"
_DEFAULT_NAME_SQL = text("SELECT name FROM municipalities WHERE id = default_municipality_id()")


class Municipality(Timestamped, db.Model):
    """A city the install serves; names in other scripts, map view and geocoder hints live here, not in code."""

    __tablename__ = "municipalities"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    # The German (official) name and the short one people say ("Mülheim"); per locale where the script differs.
    name: Mapped[str] = mapped_column(String(120))
    short_name: Mapped[str] = mapped_column(String(80))
    names: Mapped[dict] = mapped_column(JSONB, default=dict)
    short_names: Mapped[dict] = mapped_column(JSONB, default=dict)
    centre = mapped_column(Geometry("POINT", srid=4326, spatial_index=False), nullable=False)
    zoom: Mapped[int] = mapped_column(default=12)
    # West, south, east, north: a generous box around the city; a coordinate outside it is a typo.
    bounds: Mapped[list[float]] = mapped_column(ARRAY(Float))
    outline = mapped_column(Geometry("MULTIPOLYGON", srid=4326, spatial_index=False), nullable=True)
    postcodes: Mapped[list[str]] = mapped_column(ARRAY(String(10)), default=list)
    address_aliases: Mapped[list[str]] = mapped_column(ARRAY(String(120)), default=list)
    network_name: Mapped[str] = mapped_column(String(120))
    kita_portal_url: Mapped[str | None] = mapped_column(String(300))
    integreat_url: Mapped[str | None] = mapped_column(String(300))
    # The data folder below ``geodata/municipalities`` and the reference files (names in REFERENCE_DATA_DIR).
    data_dir: Mapped[str] = mapped_column(String(200))
    reference_files: Mapped[dict] = mapped_column(JSONB, default=dict)
    # [{"data": "city_limit", "origin": "…", "licence": "…"}, …] for the about page.
    sources: Mapped[list] = mapped_column(JSONB, default=list)

    def __repr__(self) -> str:
        return f"<Municipality {self.slug}>"


def municipality_fk():
    """The ``municipality_id`` column of a content model: set by the database while one municipality exists."""
    return mapped_column(
        ForeignKey("municipalities.id", ondelete="RESTRICT"),
        index=True,
        nullable=True,
        server_default=text(DEFAULT_MUNICIPALITY_ID),
    )


def default_municipality_name(context) -> str:
    """Column default for a city name: the only municipality's name (empty while there is none or several)."""
    return context.connection.scalar(_DEFAULT_NAME_SQL) or ""
