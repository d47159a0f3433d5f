"""Request parameters of the HSDS API → ``HsdsFilters``; a bad value raises ``ParameterError`` (a 400)."""

import re
import uuid
from datetime import UTC, datetime

from werkzeug.datastructures import MultiDict

from ..hsds_filters import HsdsFilters
from ..i18n import _
from ..parameters import ParameterError
from ..search import MAX_RADIUS_M
from .params import parse_int, parse_text

_POSTCODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z -]{0,9}$")


def parse_hsds_filters(args: MultiDict, *, locations: bool = False) -> HsdsFilters:
    """The filters of ``/hsds/services`` (``locations``: also ``postcode`` and ``proximity`` of
    ``/hsds/service_at_locations``)."""
    postcode = parse_postcode(args) if locations else None
    proximity = parse_proximity(args, postcode) if locations else None
    return HsdsFilters(
        search=parse_text(args, "search"),
        organization_id=parse_uuid(args, "organization_id"),
        taxonomy_term_id=parse_uuid(args, "taxonomy_term_id"),
        taxonomy_id=parse_uuid(args, "taxonomy_id"),
        modified_after=parse_modified_after(args),
        postcode=postcode,
        proximity=proximity,
    )


def parse_uuid(args: MultiDict, name: str) -> str | None:
    """A record's UUID in its canonical form, or None when absent."""
    value = (args.get(name) or "").strip()
    if not value:
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ParameterError(
            name, _("Erwartet: eine UUID, z. B. %(example)s.", example="6f1c2b7e-3d4a-5e8f-9a0b-1c2d3e4f5a6b")
        ) from None


def parse_modified_after(args: MultiDict) -> datetime | None:
    """An ISO 8601 date (its start, UTC) or date and time (UTC when it names no offset)."""
    value = (args.get("modified_after") or "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise ParameterError(
            "modified_after",
            _("Erwartet: ein Datum oder Zeitpunkt nach ISO 8601, z. B. 2026-01-31 oder 2026-01-31T12:00:00Z."),
        ) from None
    return moment


def parse_postcode(args: MultiDict) -> str | None:
    """A postcode: letters, digits, spaces and hyphens, at most ten characters."""
    value = " ".join((args.get("postcode") or "").split())
    if value and not _POSTCODE.match(value):
        raise ParameterError("postcode", _("Ungültige Postleitzahl; erwartet: z. B. 45468."))
    return value or None


def parse_proximity(args: MultiDict, postcode: str | None) -> int | None:
    """Metres around the centroid of ``postcode`` (which it needs)."""
    metres = parse_int(
        args,
        "proximity",
        1,
        MAX_RADIUS_M,
        _("proximity muss eine ganze Zahl von Metern zwischen 1 und %(max)s sein.", max=MAX_RADIUS_M),
    )
    if metres is not None and postcode is None:
        raise ParameterError("proximity", _("proximity gilt nur zusammen mit postcode (Meter um deren Mitte)."))
    return metres
