"""What a worker would otherwise build on its first requests, built once in the gunicorn master (``preload_app``) so
that every forked worker starts with it: the compiled templates, and the message catalogue and CLDR data (dates,
numbers) of each language. Nothing here touches the database."""

import logging
from datetime import date

from flask import Flask
from flask_babel import force_locale, format_date, format_decimal, get_translations

logger = logging.getLogger(__name__)
TEMPLATE_SUFFIXES = (".html", ".txt", ".xml", ".j2")


def warm_up(app: Flask) -> None:
    """Compile every template and load every language's catalogue and locale data into this process."""
    templates = app.jinja_env.list_templates(filter_func=lambda name: name.endswith(TEMPLATE_SUFFIXES))
    for name in templates:
        app.jinja_env.get_template(name)
    with app.test_request_context():
        for code in app.config["LANGUAGES"]:
            with force_locale(code):
                get_translations()
                format_date(date(2026, 1, 1), format="long")
                format_decimal(1234.5)
    logger.info("warmed up: %d templates, %d languages", len(templates), len(app.config["LANGUAGES"]))
