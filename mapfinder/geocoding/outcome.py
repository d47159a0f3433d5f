"""What a geocoding attempt yields, and the reader-safe reasons for a missing point."""

from dataclasses import dataclass

NOT_FOUND = "No match was found for this address."
NOT_KNOWN_OFFLINE = "No known address matches (offline, only addresses of places already on the map are known)."
OUTSIDE_CITY = "The match lies outside the city limit, so it was rejected as suspicious."
EMPTY_QUERY = "The address is empty."
TIMED_OUT = "The geocoding service did not answer in time."
RATE_LIMITED = "The geocoding service refused further requests for now (rate limit)."
UNAVAILABLE = "The geocoding service is unavailable."
SERVICE_ERROR = "The geocoding service reported an error."
TOO_COARSE = "Only the {precision} was found, not the street; a point that coarse could lie in the wrong district."


@dataclass(frozen=True)
class GeocodeOutcome:
    """A point with its precision and provider, or the reason there is none."""

    lon: float | None
    lat: float | None
    precision: str | None
    provider: str
    reason: str | None  # why there is no point (not found, outside the city, provider error …), reader-safe English
    from_cache: bool

    @property
    def found(self) -> bool:
        """Whether there is a point."""
        return self.lon is not None and self.lat is not None

    @classmethod
    def hit(
        cls, lon: float, lat: float, precision: str, provider: str, *, from_cache: bool = False
    ) -> "GeocodeOutcome":
        """A point."""
        return cls(lon, lat, precision, provider, None, from_cache)

    @classmethod
    def miss(cls, reason: str, provider: str, *, from_cache: bool = False) -> "GeocodeOutcome":
        """No point, and why."""
        return cls(None, None, None, provider, reason, from_cache)
