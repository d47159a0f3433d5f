"""The geocode cache: a point is kept for good; a miss is kept for ``miss_days`` and then asked again."""

from datetime import datetime, timedelta

from geoalchemy2.shape import from_shape
from shapely.geometry import Point
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from ..extensions import db
from ..models import GeocodeCache
from ..models.base import utcnow
from .outcome import GeocodeOutcome
from .providers import Answer

MAX_KEY_LENGTH = 400  # the width of geocode_cache.query; longer queries are simply not cached


def read_cache(key: str, provider: str, *, miss_days: int) -> GeocodeOutcome | None:
    """The cached outcome for a normalised address: any point, or a fresh miss of the same provider."""
    row = db.session.execute(
        select(
            GeocodeCache.provider,
            GeocodeCache.precision,
            GeocodeCache.reason,
            GeocodeCache.created_at,
            func.ST_X(GeocodeCache.geom).label("lon"),
            func.ST_Y(GeocodeCache.geom).label("lat"),
        ).where(GeocodeCache.query == key)
    ).first()
    if row is None:
        return None
    if row.lon is not None:
        return GeocodeOutcome.hit(row.lon, row.lat, row.precision, row.provider, from_cache=True)
    if is_fresh_miss(row.provider, row.created_at, provider=provider, miss_days=miss_days, now=utcnow()):
        return GeocodeOutcome.miss(row.reason, row.provider, from_cache=True)
    return None


def is_fresh_miss(cached_provider: str, cached_at: datetime, *, provider: str, miss_days: int, now: datetime) -> bool:
    """A miss counts only for the provider that missed (another may know the address) and only for a while."""
    return cached_provider == provider and now - cached_at < timedelta(days=miss_days)


def store_hit(key: str, answer: Answer, provider: str) -> None:
    """Remember a point for this address."""
    geom = from_shape(Point(answer.lon, answer.lat), srid=4326)
    _upsert(
        key, geom=geom, provider=provider, precision=answer.precision, display_name=answer.display_name, reason=None
    )


def store_miss(key: str, reason: str, provider: str, display_name: str | None = None) -> None:
    """Remember that this provider has no (acceptable) point for this address, and why."""
    _upsert(key, geom=None, provider=provider, precision=None, display_name=display_name, reason=reason)


def _upsert(key: str, **values) -> None:
    """Insert or replace the entry; ON CONFLICT makes two concurrent runs safe."""
    if len(key) > MAX_KEY_LENGTH:
        return
    values["created_at"] = utcnow()
    statement = insert(GeocodeCache).values(query=key, **values)
    db.session.execute(statement.on_conflict_do_update(index_elements=[GeocodeCache.query], set_=values))
