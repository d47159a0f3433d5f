"""Outside parts (geocoder, translator, PDF renderer, mailer, tile source) from one registry set up in
``create_app`` (the pattern of Warehouse's ``register_service_factory`` / ``find_service``). Code asks
``find_service("geocoder")``; a test or a deployment registers another factory, e.g. a loopback stand-in."""

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

_EXTENSION_KEY = "mapfinder.services"
Factory = Callable[[Flask], Any]


def init_app(app: Flask) -> None:
    """Register the default factory of every outside part."""
    from .geocoding.service import geocoding_service
    from .machine_translation import configured_translator
    from .tiles import tile_proxy_service

    app.extensions[_EXTENSION_KEY] = {}
    register_service_factory(app, "geocoder", geocoding_service)
    register_service_factory(app, "translator", configured_translator)
    register_service_factory(app, "tiles", tile_proxy_service)


def register_service_factory(app: Flask, name: str, factory: Factory) -> None:
    """Make ``factory(app)`` the source of the service ``name`` (it may cache what it builds)."""
    app.extensions[_EXTENSION_KEY][name] = factory


def find_service(name: str) -> Any:
    """The current app's service ``name``; a factory decides whether it is built once or per configuration."""
    try:
        factory = current_app.extensions[_EXTENSION_KEY][name]
    except KeyError:
        raise LookupError(f"no service {name!r} is registered") from None
    return factory(current_app)
