"""Outside parts come from one registry: code asks for a service by name, a deployment or test swaps the factory."""

import pytest

from mapfinder.geocoding import geocode_address
from mapfinder.geocoding.providers import GeocoderSettings
from mapfinder.geocoding.service import GeocodingService
from mapfinder.services import find_service, register_service_factory

from .geocoder_standin import standin, standin_server  # noqa: F401 (fixtures)


def test_the_geocoder_comes_from_the_registry_and_can_be_replaced(app, session, standin):
    settings = GeocoderSettings.from_config(
        {**app.config, "GEOCODER": "nominatim", "GEOCODER_URL": standin.url, "GEOCODER_MIN_DELAY": 0}
    )
    replacement = GeocodingService(settings)
    default = app.extensions["mapfinder.services"]["geocoder"]
    with app.app_context():
        register_service_factory(app, "geocoder", lambda _app: replacement)
        try:
            assert find_service("geocoder") is replacement
            geocode_address("Teststraße 7, 45468 Mülheim an der Ruhr")
        finally:
            register_service_factory(app, "geocoder", default)
    assert standin.requests, "the geocode went to the registered service's provider"


def test_an_unknown_service_is_a_clear_error(app):
    with app.app_context(), pytest.raises(LookupError, match="no service 'teleporter'"):
        find_service("teleporter")
