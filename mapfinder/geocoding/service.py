"""The geocoding service: cache first, then the configured provider, then the city-limit check, then the cache again."""

import logging

from ..municipality import MunicipalityProfile, current_municipality
from . import outcome
from .cache import read_cache, store_hit, store_miss
from .city_limit import city_bbox, is_inside_city
from .gazetteer import Gazetteer
from .normalise import normalise_address, with_city
from .outcome import GeocodeOutcome
from .providers import Answer, BBox, GeocoderSettings, OnlineProvider, ProviderError

logger = logging.getLogger(__name__)
_EXTENSION_KEY = "mapfinder.geocoding"


class GeocodingService:
    """One provider with its rate limiter; lives as long as the app so the limiter spaces every request."""

    def __init__(self, settings: GeocoderSettings):
        self.settings = settings
        self.provider = Gazetteer() if settings.provider == "gazetteer" else OnlineProvider(settings)
        self._bboxes: dict[str, BBox] = {}

    def geocode(self, query: str, municipality: MunicipalityProfile) -> GeocodeOutcome:
        """A point for a one-line address in ``municipality``, from the cache when it was asked before."""
        if not query or not query.strip():
            return GeocodeOutcome.miss(outcome.EMPTY_QUERY, self.provider.name)
        city = municipality.city_names
        key = normalise_address(query, city)
        cached = read_cache(key, self.provider.name, miss_days=self.settings.miss_days)
        return cached or self._ask_provider(key, with_city(query, city), municipality)

    def _ask_provider(self, key: str, query: str, municipality: MunicipalityProfile) -> GeocodeOutcome:
        name = self.provider.name
        try:
            answer = self.provider.lookup(query, self._city_bbox(municipality))
        except ProviderError as error:
            # Not cached: a timeout or an outage says nothing about the address.
            logger.warning("geocoding %r with %s failed: %s", query, name, error)
            return GeocodeOutcome.miss(error.reason, name)
        if answer is None:
            return self._miss(key, outcome.NOT_KNOWN_OFFLINE if name == "gazetteer" else outcome.NOT_FOUND)
        if not is_inside_city(answer.lon, answer.lat, municipality.slug):
            logger.warning(
                "%s placed %r outside the city at %.5f, %.5f (%s); rejected",
                name,
                query,
                answer.lon,
                answer.lat,
                answer.display_name,
            )
            return self._miss(key, outcome.OUTSIDE_CITY, answer.display_name)
        return self._hit(key, answer)

    def _hit(self, key: str, answer: Answer) -> GeocodeOutcome:
        if self.provider.cacheable:
            store_hit(key, answer, self.provider.name)
        return GeocodeOutcome.hit(answer.lon, answer.lat, answer.precision, self.provider.name)

    def _miss(self, key: str, reason: str, display_name: str | None = None) -> GeocodeOutcome:
        if self.provider.cacheable:
            store_miss(key, reason, self.provider.name, display_name)
        return GeocodeOutcome.miss(reason, self.provider.name)

    def _city_bbox(self, municipality: MunicipalityProfile) -> BBox:
        """The city's extent, read once (it only changes with the city limit); its generous box before that."""
        if municipality.slug not in self._bboxes:
            extent = city_bbox(municipality.slug)
            if extent is None:
                return municipality.bounds
            self._bboxes[municipality.slug] = extent
        return self._bboxes[municipality.slug]


def geocoding_service(app) -> GeocodingService:
    """The registry's factory: one service per app and configuration (rebuilt when the configuration changes),
    so its rate limiter spaces every request of the app. An empty user agent names the municipality."""
    city = current_municipality()
    settings = GeocoderSettings.from_config(
        app.config, default_user_agent=f"mapfinder ({city.network_name} {city.slug})"
    )
    service = app.extensions.get(_EXTENSION_KEY)
    if service is None or service.settings != settings:
        service = app.extensions[_EXTENSION_KEY] = GeocodingService(settings)
    return service


def current_service() -> GeocodingService:
    """The app's geocoder, from the registry of outside parts."""
    from ..services import find_service

    return find_service("geocoder")


def geocode_in_municipality(query: str) -> GeocodeOutcome:
    """Geocode with the app's service in the current municipality (its names, outline and bounds)."""
    return current_service().geocode(query, current_municipality())
