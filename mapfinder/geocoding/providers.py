"""Online providers over geopy (Nominatim, Photon): rate limit, timeout, retries with back-off, city-bounded search.

No database and no Flask here: the service passes the settings and the city's bounding box in.
"""

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

from geopy import adapters
from geopy.exc import GeocoderRateLimited, GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim, Photon
from geopy.geocoders.base import Geocoder

from . import outcome
from .precision import nominatim_precision, photon_precision

logger = logging.getLogger(__name__)
PROVIDERS = ("gazetteer", "nominatim", "photon")
_GEOCODERS = {"nominatim": Nominatim, "photon": Photon}
_MAX_WAIT = 60.0  # never sleep longer than this between retries, whatever Retry-After says
BBox = tuple[float, float, float, float]  # west, south, east, north


@dataclass(frozen=True)
class GeocoderSettings:
    """The geocoder part of the app configuration."""

    provider: str = "gazetteer"
    url: str = ""
    user_agent: str = "mapfinder"
    timeout: float = 10.0
    min_delay: float = 1.0
    retries: int = 2
    backoff: float = 2.0
    miss_days: int = 30

    @classmethod
    def from_config(cls, config: Mapping, *, default_user_agent: str = "") -> "GeocoderSettings":
        """Read the ``GEOCODER_*`` keys of a Flask config (an empty user agent becomes ``default_user_agent``)."""
        provider = (config.get("GEOCODER") or "gazetteer").strip().lower()
        if provider not in PROVIDERS:
            raise ValueError(f"MAPFINDER_GEOCODER must be one of {', '.join(PROVIDERS)}, not {provider!r}")
        return cls(
            provider=provider,
            url=config.get("GEOCODER_URL") or "",
            user_agent=config.get("GEOCODER_USER_AGENT") or default_user_agent or cls.user_agent,
            timeout=float(config.get("GEOCODER_TIMEOUT", cls.timeout)),
            min_delay=float(config.get("GEOCODER_MIN_DELAY", cls.min_delay)),
            retries=int(config.get("GEOCODER_RETRIES", cls.retries)),
            backoff=float(config.get("GEOCODER_BACKOFF", cls.backoff)),
            miss_days=int(config.get("GEOCODER_MISS_DAYS", cls.miss_days)),
        )


@dataclass(frozen=True)
class Answer:
    """A provider's point for a query."""

    lon: float
    lat: float
    precision: str
    display_name: str | None = None


class ProviderError(Exception):
    """The provider could not answer (timeout, rate limit, outage); the reason is reader-safe."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason} ({detail})" if detail else reason)
        self.reason = reason


def build_geocoder(settings: GeocoderSettings) -> Geocoder:
    """A geopy geocoder for the configured provider; scheme and domain (with any path) come from the URL."""
    geocoder_class = _GEOCODERS[settings.provider]
    options = {"user_agent": settings.user_agent, "timeout": settings.timeout, "adapter_factory": _adapter_factory()}
    if settings.url:
        parts = urlsplit(settings.url if "//" in settings.url else f"https://{settings.url}")
        options |= {"scheme": parts.scheme or "https", "domain": parts.netloc + parts.path.rstrip("/")}
    return geocoder_class(**options)


class OnlineProvider:
    """Nominatim or Photon behind geopy's rate limiter, with retries and exponential back-off."""

    cacheable = True

    def __init__(self, settings: GeocoderSettings, *, sleep: Callable[[float], None] = time.sleep):
        self.name, self.settings, self._sleep = settings.provider, settings, sleep
        self.geocoder = build_geocoder(settings)
        # Retries are done here (with back-off), so the limiter itself only spaces the requests.
        self._geocode = RateLimiter(
            self.geocoder.geocode, min_delay_seconds=settings.min_delay, max_retries=0, swallow_exceptions=False
        )

    def lookup(self, query: str, bbox: BBox | None) -> Answer | None:
        """The best point for ``query`` inside ``bbox``, None when the provider knows none."""
        location = self._with_retries(lambda: self._geocode(query, exactly_one=True, **self._bounds(bbox)))
        if location is None:
            return None
        precision = nominatim_precision(location.raw) if self.name == "nominatim" else photon_precision(location.raw)
        return Answer(location.longitude, location.latitude, precision, location.address)

    def _bounds(self, bbox: BBox | None) -> dict:
        """Search arguments that keep the answer in the city (and in Germany)."""
        if self.name == "photon":
            return {"language": "de", **({"bbox": _corners(bbox)} if bbox else {})}
        bounded = {"viewbox": _corners(bbox), "bounded": True} if bbox else {}
        return {"country_codes": "de", "addressdetails": True, **bounded}

    def _with_retries(self, call: Callable):
        """Call, retrying transient errors after 1, 2, 4 … × backoff seconds (or the server's Retry-After)."""
        for attempt in range(self.settings.retries + 1):
            try:
                return call()
            except GeocoderServiceError as error:
                if not _is_transient(error) or attempt == self.settings.retries:
                    raise ProviderError(_reason_for(error), str(error)) from error
                wait = _wait_seconds(error, attempt, self.settings.backoff)
                logger.warning("%s: %s; retry %d in %.2f s", self.name, error, attempt + 1, wait)
                self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover


def _adapter_factory() -> Callable:
    """geopy's HTTP adapter without retries of its own: urllib3 would silently repeat a 429 that carries Retry-After,
    past the rate limiter; retries happen in ``_with_retries`` only."""
    if adapters.requests_available:
        return partial(adapters.RequestsAdapter, max_retries=0)
    return adapters.URLLibAdapter


def _corners(bbox: BBox) -> list[tuple[float, float]]:
    west, south, east, north = bbox
    return [(north, west), (south, east)]  # geopy takes (lat, lon) pairs


def _is_transient(error: GeocoderServiceError) -> bool:
    """429, 5xx, timeouts and refused connections are worth another try; 4xx and parse errors are not."""
    return isinstance(error, (GeocoderRateLimited, GeocoderUnavailable, GeocoderTimedOut)) or (
        type(error) is GeocoderServiceError
    )


def _wait_seconds(error: GeocoderServiceError, attempt: int, backoff: float) -> float:
    retry_after = getattr(error, "retry_after", None) or 0.0
    return min(_MAX_WAIT, max(float(retry_after), backoff * 2**attempt))


def _reason_for(error: GeocoderServiceError) -> str:
    if isinstance(error, GeocoderRateLimited):
        return outcome.RATE_LIMITED
    # geopy maps HTTP 503/504 to GeocoderTimedOut too (its message names the status code then), and some adapters
    # report a read timeout as unavailable ("Read timed out").
    if "status code" not in str(error) and (isinstance(error, GeocoderTimedOut) or "timed out" in str(error).lower()):
        return outcome.TIMED_OUT
    if isinstance(error, (GeocoderUnavailable, GeocoderTimedOut)):
        return outcome.UNAVAILABLE
    return outcome.SERVICE_ERROR
