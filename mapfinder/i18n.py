"""Locale choice and translation helpers: ``_`` inside functions, ``_l`` for text built at import time."""

from urllib.parse import urlencode

from babel import Locale
from flask import Flask, Response, current_app, has_request_context, request
from flask_babel import LazyString, get_locale, gettext
from markupsafe import escape

from .extensions import babel

_ = gettext


class PlainLazyString(LazyString):
    """A lazy translation that is plain text: Jinja escapes it like any string (flask-babel's own ``LazyString``
    claims to be HTML, so a value formatted into it, e.g. a request parameter, would reach the page unescaped)."""

    def __html__(self) -> str:
        return str(escape(str(self)))


def _l(string: str, **variables) -> PlainLazyString:
    """``gettext`` evaluated when the text is used (for text built at import time or outside a request)."""
    return PlainLazyString(gettext, string, **variables)


RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
LOCALE_COOKIE = "mapfinder_lang"
LOCALE_COOKIE_MAX_AGE = 365 * 24 * 3600


def init_app(app: Flask) -> None:
    """Bind flask-babel with the project's locale selector and catalog folder."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    babel.init_app(app, locale_selector=select_locale)
    app.context_processor(_template_helpers)
    app.add_template_filter(translated_label, "label")
    app.after_request(remember_locale)


def select_locale() -> str:
    """``?lang=`` first, then the remembered choice, then the browser's preference, then German (also outside a
    request: commands and imports speak the default language)."""
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    for candidate in (request.args.get("lang"), request.cookies.get(LOCALE_COOKIE)):
        if candidate in supported:
            return candidate
    return request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_locale(response: Response) -> Response:
    """A language chosen with ``?lang=`` stays chosen on the next visit (a first-party cookie, no tracking)."""
    chosen = request.args.get("lang")
    if chosen in current_app.config["LANGUAGES"] and request.cookies.get(LOCALE_COOKIE) != chosen:
        response.set_cookie(LOCALE_COOKIE, chosen, max_age=LOCALE_COOKIE_MAX_AGE, samesite="Lax")
    return response


def text_direction(locale: str) -> str:
    """``rtl`` for scripts written right to left, else ``ltr``."""
    return "rtl" if locale.split("_")[0] in RTL_LANGUAGES else "ltr"


def language_name(code: str) -> str:
    """A language's name in that language ("Türkçe", "العربية"), as a switcher shows it."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def url_in_language(code: str) -> str:
    """The current page with all its parameters, in another language."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    return f"{request.path}?{urlencode(args, doseq=True)}"


def translated_label(item, field: str = "label", locale: str | None = None) -> str:
    """A taxonomy item's text in the reader's locale, falling back to the German source."""
    texts = {translation.locale: getattr(translation, field) for translation in item.translations}
    return texts.get(locale or str(get_locale())) or texts.get("de") or getattr(item, "code", "")


def _template_helpers() -> dict:
    locale = str(get_locale())
    return {
        "current_locale": locale,
        "text_direction": text_direction(locale),
        "language_name": language_name,
        "direction_of": text_direction,
        "url_in_language": url_in_language,
        "languages": current_app.config["LANGUAGES"],
    }


__all__ = ["_", "_l", "language_name", "select_locale", "text_direction", "translated_label", "url_in_language"]
