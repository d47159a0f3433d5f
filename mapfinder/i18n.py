"""Locale choice and translation helpers: ``_`` inside functions, ``_l`` for text built at import time."""
from flask import Flask, current_app, request
from flask_babel import get_locale, gettext, lazy_gettext

from .extensions import babel

_ = gettext
_l = lazy_gettext
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
LOCALE_COOKIE = "mapfinder_lang"


def init_app(app: Flask) -> None:
    """Bind flask-babel with the project's locale selector and catalog folder."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    babel.init_app(app, locale_selector=select_locale)
    app.context_processor(_template_helpers)
    app.add_template_filter(translated_label, "label")


def select_locale() -> str:
    """``?lang=`` first, then the remembered choice, then the browser's preference, then German."""
    supported = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), request.cookies.get(LOCALE_COOKIE)):
        if candidate in supported:
            return candidate
    return request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]


def text_direction(locale: str) -> str:
    """``rtl`` for scripts written right to left, else ``ltr``."""
    return "rtl" if locale.split("_")[0] in RTL_LANGUAGES else "ltr"


def translated_label(item, field: str = "label", locale: str | None = None) -> str:
    """A taxonomy item's text in the reader's locale, falling back to the German source."""
    texts = {translation.locale: getattr(translation, field) for translation in item.translations}
    return texts.get(locale or str(get_locale())) or texts.get("de") or getattr(item, "code", "")


def _template_helpers() -> dict:
    locale = str(get_locale())
    return {"current_locale": locale, "text_direction": text_direction(locale)}


__all__ = ["_", "_l", "select_locale", "text_direction", "translated_label"]
