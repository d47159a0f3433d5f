"""mapfinder: the offer map of a municipality's education network (the city is data: geodata/municipalities/)."""

import logging
from pathlib import Path

from flask import Flask

PROJECT_DIR = Path(__file__).resolve().parent.parent


def create_app(config_class) -> Flask:
    """Build the app from a Config class; each subsystem binds itself in its own ``init_app``."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_DIR / "templates"),
        static_folder=str(PROJECT_DIR / "static"),
    )
    app.config.from_object(config_class)
    # JSON (API answers and the specs embedded in pages) as UTF-8, not \uXXXX escapes: an Arabic or Cyrillic label
    # costs 2 bytes instead of 6. `tojson` still escapes <, >, & and ' for embedding in HTML.
    app.json.ensure_ascii = False
    from .html_indentation import StripIndentation

    app.jinja_env.add_extension(StripIndentation)
    logging.basicConfig(level=app.config["LOG_LEVEL"])

    from . import (
        accounts,
        cli,
        database,
        errors,
        feedback,
        freshness,
        http_caching,
        i18n,
        input_rules,
        module_preload,
        municipality,
        pdf_render,
        referral,
        security,
        services,
        views,
    )

    security.init_app(app)
    database.init_app(app)
    i18n.init_app(app)
    municipality.init_app(app)
    module_preload.init_app(app)
    services.init_app(app)
    accounts.init_app(app)
    input_rules.init_app(app)
    errors.init_app(app)
    http_caching.init_app(app)
    pdf_render.init_app(app, referral.render_pdf)
    views.init_app(app)
    feedback.init_app(app)
    cli.init_app(app)
    freshness.init_app(app)
    return app
