"""The first-party basemap: tiles of the configured upstream fetched by the app and kept in a disk cache.

Readers load ``/tiles/<z>/<x>/<y>.png`` from this app, so no third party sees them and no consent is needed
(``MAPFINDER_TILE_PROXY=off`` restores the direct source behind the two-click consent). Only tiles touching the
municipality's box are fetched, so the proxy cannot be used to copy a whole country; the cache has a size limit
(oldest files go first) and an expiry (an expired tile is fetched again, and still served when the upstream is down).
"""

import logging
import math
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from flask import Flask

logger = logging.getLogger(__name__)
MAX_ZOOM = 19
MAX_TILE_BYTES = 2 * 1024 * 1024  # a raster tile is some 10-100 KB
_EXTENSION_KEY = "mapfinder.tile_proxy"
# Image formats a tile may have, by their first bytes; anything else from the upstream (an HTML error page) is refused.
_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg", b"RIFF": "image/webp"}
BBox = tuple[float, float, float, float]


class TileError(Exception):
    """A tile that cannot be served: ``status`` is the HTTP status to answer (400, 404, 502, 504)."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Tile:
    """The bytes of one tile image and their media type."""

    data: bytes
    content_type: str


@dataclass(frozen=True)
class TileSettings:
    """How the proxy reaches the upstream and how much it keeps."""

    url_template: str
    cache_dir: Path
    max_bytes: int
    max_age_seconds: float
    user_agent: str
    timeout: float
    area: BBox


def tile_bounds(z: int, x: int, y: int) -> BBox:
    """West, south, east, north of a Web-Mercator (XYZ) tile in degrees."""
    n = 2**z

    def lat(row: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y)


def check_tile(z: int, x: int, y: int, area: BBox) -> None:
    """Raise ``TileError`` 400 for coordinates no tile has, 404 for a tile outside the served area."""
    if not (0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z):
        raise TileError(400, "no such tile")
    west, south, east, north = tile_bounds(z, x, y)
    a_west, a_south, a_east, a_north = area
    if east < a_west or west > a_east or north < a_south or south > a_north:
        raise TileError(404, "tile outside the served area")


def image_type(data: bytes) -> str | None:
    """The media type of tile bytes by their signature; None when they are no image."""
    return next((kind for magic, kind in _SIGNATURES.items() if data.startswith(magic)), None)


class TileCache:
    """Tiles as files ``<z>/<x>/<y>`` under a folder, limited in total size (the oldest are removed first)."""

    def __init__(self, folder: Path, max_bytes: int):
        self.folder = folder
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._size: int | None = None

    def path(self, z: int, x: int, y: int) -> Path:
        """Where a tile is kept."""
        return self.folder / str(z) / str(x) / str(y)

    def read(self, z: int, x: int, y: int) -> tuple[bytes, float] | None:
        """The cached bytes and their age in seconds, or None."""
        path = self.path(z, x, y)
        try:
            return path.read_bytes(), time.time() - path.stat().st_mtime
        except OSError:
            return None

    def write(self, z: int, x: int, y: int, data: bytes) -> None:
        """Keep a tile (written atomically), then make room if the cache grew past its limit."""
        path = self.path(z, x, y)
        path.parent.mkdir(parents=True, exist_ok=True)
        old = path.stat().st_size if path.exists() else 0
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
        with self._lock:
            self._size = (self._size if self._size is not None else self._measure()) + len(data) - old
            if self._size > self.max_bytes:
                self._prune()

    def _files(self) -> list[Path]:
        return [path for path in self.folder.rglob("*") if path.is_file() and not path.name.startswith(".tmp-")]

    def _measure(self) -> int:
        return sum(path.stat().st_size for path in self._files())

    def _prune(self) -> None:
        """Remove the least recently fetched tiles until the cache fills at most 90 % of its limit."""
        files = sorted(self._files(), key=lambda path: path.stat().st_mtime)
        size = sum(path.stat().st_size for path in files)
        target = self.max_bytes * 0.9
        for path in files:
            if size <= target:
                break
            size -= path.stat().st_size
            path.unlink(missing_ok=True)
        self._size = size
        logger.info("tile cache pruned to %d bytes", size)


class TileProxy:
    """Serves tiles from the cache, fetching missing or expired ones from the upstream."""

    def __init__(self, settings: TileSettings):
        self.settings = settings
        self.cache = TileCache(settings.cache_dir, settings.max_bytes)
        self._http = requests.Session()
        self._http.headers["User-Agent"] = settings.user_agent

    def tile(self, z: int, x: int, y: int) -> Tile:
        """The tile image; ``TileError`` for a bad or foreign tile and when the upstream fails without a copy."""
        check_tile(z, x, y, self.settings.area)
        cached = self.cache.read(z, x, y)
        if cached and cached[1] <= self.settings.max_age_seconds and image_type(cached[0]):
            return Tile(cached[0], image_type(cached[0]))
        try:
            data = self._fetch(z, x, y)
        except TileError as error:
            if cached and image_type(cached[0]) and error.status != 404:
                logger.warning("tile upstream failed (%s); serving an expired copy", error.reason)
                return Tile(cached[0], image_type(cached[0]))
            raise
        self.cache.write(z, x, y, data)
        return Tile(data, image_type(data))

    def _fetch(self, z: int, x: int, y: int) -> bytes:
        url = self.settings.url_template.format(z=z, x=x, y=y, s="a")
        try:
            response = self._http.get(url, timeout=self.settings.timeout)
        except requests.Timeout as error:
            raise TileError(504, f"the tile server did not answer in time ({error.__class__.__name__})") from error
        except requests.RequestException as error:
            raise TileError(502, f"the tile server cannot be reached ({error.__class__.__name__})") from error
        if response.status_code == 404:
            raise TileError(404, "the tile server has no such tile")
        if response.status_code != 200:
            raise TileError(502, f"the tile server answered {response.status_code}")
        if len(response.content) > MAX_TILE_BYTES or not image_type(response.content):
            raise TileError(502, "the tile server answered something that is no image")
        return response.content


def settings_from_config(config, *, url_template: str, user_agent: str, area: BBox) -> TileSettings:
    """Read the ``TILE_*`` keys of a Flask config."""
    return TileSettings(
        url_template=url_template,
        cache_dir=Path(config["TILE_CACHE_DIR"]),
        max_bytes=int(float(config["TILE_CACHE_MB"]) * 1024 * 1024),
        max_age_seconds=float(config["TILE_MAX_AGE_DAYS"]) * 86400,
        user_agent=config.get("TILE_USER_AGENT") or user_agent,
        timeout=float(config["TILE_TIMEOUT"]),
        area=area,
    )


def tile_proxy_service(app: Flask) -> TileProxy | None:
    """The registry's factory: one proxy per configuration; None when no basemap is configured or it is direct."""
    from .maps import resolve_tiles
    from .municipality import current_municipality

    upstream = resolve_tiles(app.config.get("MAP_TILES", "none"))
    if upstream is None or not app.config.get("TILE_PROXY", True):
        return None
    city = current_municipality()
    settings = settings_from_config(
        app.config,
        url_template=upstream["url"],
        user_agent=f"mapfinder ({city.network_name} {city.slug})",
        area=city.bounds,
    )
    proxy = app.extensions.get(_EXTENSION_KEY)
    if proxy is None or proxy.settings != settings:
        proxy = app.extensions[_EXTENSION_KEY] = TileProxy(settings)
    return proxy
