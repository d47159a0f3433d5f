"""Command-line interface, one module per command group: ``flask geodata``, ``demo``, ``translate``, ``geocode``,
``import``, ``export`` and ``newsletter``."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the command groups."""
    from .demo import demo_cli
    from .export import export_cli
    from .geocoding import geocode_cli, import_cli
    from .geodata import geodata_cli
    from .newsletter import newsletter_cli
    from .translate import translate_cli

    for group in (geodata_cli, demo_cli, translate_cli, geocode_cli, import_cli, export_cli, newsletter_cli):
        app.cli.add_command(group)
