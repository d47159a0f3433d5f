"""Request parameters → ``OfferFilters``, shared by the API and the finder page; bad input raises ``ParameterError``."""

import math
import re

from flask_babel import get_locale
from werkzeug.datastructures import MultiDict

from ..i18n import _
from ..parameters import ParameterError, ParameterReader
from ..search import MAX_AGE, MAX_LIMIT, MAX_RADIUS_M, OfferFilters

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
MAX_Q = 200


def parse_offer_filters(
    args: MultiDict, *, default_limit: int = 50, reader: ParameterReader | None = None
) -> OfferFilters:
    """Read every filter parameter; raise ``ParameterError`` naming the first bad one, or, with a collecting
    ``reader``, record every bad one and leave its filter out (one pass)."""
    read = (reader or ParameterReader()).read
    radius_message = _("Der Radius muss zwischen 1 und %(max)s Metern liegen.", max=MAX_RADIUS_M)
    age_message = _("Das Alter muss eine ganze Zahl zwischen 0 und %(max)s sein.", max=MAX_AGE)
    limit_message = _("limit muss zwischen 1 und %(max)s liegen.", max=MAX_LIMIT)
    return OfferFilters(
        phases=read(lambda: parse_codes(args, "phase"), ()),
        categories=read(lambda: parse_codes(args, "category"), ()),
        district=read(lambda: parse_slug(args, "district"), None),
        q=read(lambda: parse_text(args, "q"), None),
        near=read(lambda: parse_near(args.get("near")), None),
        radius=read(lambda: parse_int(args, "radius", 1, MAX_RADIUS_M, radius_message), None),
        age=read(lambda: parse_int(args, "age", 0, MAX_AGE, age_message), None),
        free=read(lambda: parse_flag(args, "free"), False),
        barrier_free=read(lambda: parse_flag(args, "barrier_free"), False),
        language=read(lambda: parse_language(args), None),
        bbox=read(lambda: parse_bbox(args.get("bbox")), None),
        limit=read(lambda: parse_int(args, "limit", 1, MAX_LIMIT, limit_message), None) or default_limit,
        offset=read(lambda: parse_int(args, "offset", 0, 10_000_000, _("offset muss eine ganze Zahl ab 0 sein.")), None)
        or 0,
        text_locale=str(get_locale()),
    )


def parse_codes(args: MultiDict, name: str) -> tuple[str, ...]:
    """Repeatable or comma-separated codes, order kept, duplicates dropped."""
    codes = [code.strip() for value in args.getlist(name) for code in value.split(",") if code.strip()]
    for code in codes:
        if not _CODE.match(code):
            raise ParameterError(name, _("Unbekannter Code: %(code)s", code=code[:60]))
    return tuple(dict.fromkeys(codes))


def parse_slug(args: MultiDict, name: str) -> str | None:
    """One slug or nothing."""
    value = (args.get(name) or "").strip()
    if value and not _CODE.match(value):
        raise ParameterError(name, _("Unbekannter Bezirk, Stadtteil oder Quartier: %(slug)s", slug=value[:60]))
    return value or None


def parse_text(args: MultiDict, name: str) -> str | None:
    """Free text, trimmed, at most ``MAX_Q`` characters."""
    value = " ".join((args.get(name) or "").split())
    if len(value) > MAX_Q:
        raise ParameterError(name, _("Der Suchtext darf höchstens %(max)s Zeichen lang sein.", max=MAX_Q))
    return value or None


def parse_int(args: MultiDict, name: str, low: int, high: int, message: str) -> int | None:
    """An integer within [low, high], or None when absent."""
    value = (args.get(name) or "").strip()
    if not value:
        return None
    if not re.fullmatch(r"[+-]?\d{1,9}", value) or not low <= int(value) <= high:
        raise ParameterError(name, message)
    return int(value)


def parse_flag(args: MultiDict, name: str) -> bool:
    """``true``/``1``/``yes``/``on`` is set; absent or ``false`` is not."""
    value = (args.get(name) or "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ParameterError(name, _("Erwartet: true oder false."))


def parse_language(args: MultiDict) -> str | None:
    """An ISO 639-1 code (two letters)."""
    value = (args.get("language") or "").strip().lower()
    if value and not _LANGUAGE.match(value):
        raise ParameterError("language", _("Erwartet: ein Sprachcode nach ISO 639-1, z. B. tr."))
    return value or None


def _floats(value: str, count: int) -> list[float] | None:
    parts = value.split(",")
    if len(parts) != count:
        return None
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        return None
    return numbers if all(math.isfinite(number) for number in numbers) else None


def parse_near(value: str | None) -> tuple[float, float] | None:
    """``LAT,LON`` in degrees."""
    if not value or not value.strip():
        return None
    numbers = _floats(value.strip(), 2)
    if not numbers or not (-90 <= numbers[0] <= 90 and -180 <= numbers[1] <= 180):
        raise ParameterError("near", _("Ungültige Koordinaten; erwartet: Breite,Länge, z. B. 51.43,6.88."))
    return numbers[0], numbers[1]


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``minLon,minLat,maxLon,maxLat`` with min below max."""
    if not value or not value.strip():
        return None
    numbers = _floats(value.strip(), 4)
    valid = numbers and -180 <= numbers[0] < numbers[2] <= 180 and -90 <= numbers[1] < numbers[3] <= 90
    if not valid:
        raise ParameterError("bbox", _("Ungültige bbox; erwartet: minLon,minLat,maxLon,maxLat mit min < max."))
    return tuple(numbers)
