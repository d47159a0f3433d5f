"""Input rules in one place: no control characters in any parameter, ids within the database's range, and the
session's contents checked before use.

A control character in a query parameter is dropped on pages (the page names it and answers 400, the reader's other
parameters still apply); the APIs (``/api``, ``/ogc``, ``/hsds``) and downloads answer 400 naming it; in a path or a
form it is refused with 400.
"""

import logging
import re
from dataclasses import dataclass

from flask import Flask, g, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

from .i18n import _
from .parameters import ParameterError

logger = logging.getLogger(__name__)

# PostgreSQL ``integer`` (every primary key): a larger id names nothing and must not reach the database.
MAX_ID = 2**31 - 1
# C0 controls but tab, line feed and carriage return (which are whitespace), and DEL. PostgreSQL refuses NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DOWNLOAD_SUFFIXES = (".csv", ".xlsx", ".pdf")
# Feeds (Atom, iCalendar) are read by programs: a bad parameter is a 400 in the API's JSON, never dropped.
FEED_SUFFIXES = (".atom", ".ics")


@dataclass(frozen=True)
class DroppedParameter:
    """A query parameter a page ignored, and why."""

    name: str
    message: str


def init_app(app: Flask) -> None:
    """Bound integer URLs, check every request's values, and let pages name what they dropped."""
    # Before the blueprints register their routes, so every ``<int:…>`` gets the bound.
    app.url_map.converters["int"] = DatabaseIntConverter
    app.before_request(check_request_values)
    app.after_request(mark_dropped_parameters)
    app.context_processor(lambda: {"dropped_parameters": g.get("dropped_parameters", [])})


class DatabaseIntConverter(IntegerConverter):
    """``<int:…>`` limited to the database's integer range: a larger id is a 404, not a database error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def has_control_characters(value: str) -> bool:
    """True when ``value`` holds NUL or another control character (tab and line breaks excepted)."""
    return bool(_CONTROL.search(value))


def strip_control_characters(value: str) -> str:
    """``value`` without control characters (tab and line breaks kept)."""
    return _CONTROL.sub("", value)


def valid_ids(value, *, limit: int) -> list[int]:
    """A stored list of ids (e.g. from the session) if it is one: distinct ints in [1, MAX_ID], at most ``limit``;
    anything else (a forged or stale value) is an empty list."""
    if not isinstance(value, list) or len(value) > limit:
        return []
    ids = [item for item in value if type(item) is int and 0 < item <= MAX_ID]
    return list(dict.fromkeys(ids)) if len(ids) == len(value) else []


def _control_message(name: str) -> str:
    return _(
        "Der Parameter „%(name)s“ enthält unzulässige Steuerzeichen und wurde ignoriert.",
        name=strip_control_characters(name)[:40],
    )


# The JSON APIs (also the open-data APIs, whose HTML views are pages of their data) answer a bad value with 400.
_API_PREFIXES = ("/api/", "/ogc", "/hsds")


def _plain_answer() -> bool:
    """The APIs and downloads answer a bad value with 400; pages drop it and go on."""
    return request.path.startswith(_API_PREFIXES) or request.path.endswith(DOWNLOAD_SUFFIXES + FEED_SUFFIXES)


def check_request_values() -> None:
    """Refuse control characters in the path and form; drop them from a page's query (named on the page)."""
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str) and has_control_characters(value):
            raise ParameterError(name, _control_message(name))
    for name, value in request.form.items(multi=True):
        if has_control_characters(name) or has_control_characters(value):
            raise ParameterError(name, _control_message(name))
    bad = [
        name
        for name, values in request.args.lists()
        if has_control_characters(name) or any(has_control_characters(value) for value in values)
    ]
    if not bad:
        return
    if _plain_answer():
        raise ParameterError(strip_control_characters(bad[0]), _control_message(bad[0]))
    request.args = ImmutableMultiDict(
        [(name, value) for name, value in request.args.items(multi=True) if name not in bad]
    )
    g.dropped_parameters = [
        DroppedParameter(strip_control_characters(name)[:40], _control_message(name)) for name in bad
    ]
    logger.info("dropped parameters with control characters: %s", g.dropped_parameters)


def drop_parameters(errors) -> None:
    """Name bad parameters a page went on without (shown at the top of the page; the response becomes a 400)."""
    dropped = g.setdefault("dropped_parameters", [])
    dropped.extend(DroppedParameter(error.param, error.message) for error in errors)


def mark_dropped_parameters(response):
    """A page that had to drop a parameter answers 400 (the caller's input was bad), with the page itself."""
    if g.get("dropped_parameters") and response.status_code == 200:
        response.status_code = 400
    return response
