"""Partners' CSV files of places and offers with addresses (no coordinates): validated, geocoded, assigned.

Unlike the base-data loaders, each row stands alone: a bad row is reported with its line and reason and the good rows
are kept; a place whose address cannot be geocoded is kept with status ``failed`` and the reason. Rows are committed
in batches, so a crash keeps every earlier batch, and a rerun (rows are upserted by key) continues where it stopped.
"""

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..editing import Actor, ValidationError
from ..editing.places import save_place
from ..extensions import db
from ..geocoding import PlaceResult, geocode_place
from ..geocoding.normalise import house_number_digits, is_city, normalise_address, parse_address, same_address
from ..models import GeocodeStatus, OfferStatus, Organization, Place
from ..municipality import current_municipality
from ..slugs import slugify
from .offers import OfferLookups, offer_values, upsert_offer
from .places import place_contact_fields
from .records import DataFileError, Record, csv_records_or_problems

logger = logging.getLogger(__name__)
RowsWrapper = Callable[[list[Record]], Iterable[Record]]
PLACE_COLUMNS = {"name", "street"}
OFFER_COLUMNS = {"key", "title", "phases", "categories"}
DEFAULT_KIND = "einrichtung"
# Rows per commit: a crash loses at most this many rows' work (online geocoding takes about a second a row).
BATCH_SIZE = 100
_POSTCODE = re.compile(r"\d{5}")


@dataclass
class ImportReport:
    """What an import did: rows read, keys imported, bad rows, and the geocoding result of each place touched."""

    path: Path
    rows: int = 0
    imported: list[str] = field(default_factory=list)
    bad_rows: list[DataFileError] = field(default_factory=list)
    geocoded: list[tuple[str, PlaceResult]] = field(default_factory=list)

    def places_with(self, status: GeocodeStatus) -> list[tuple[str, PlaceResult]]:
        """(line, result) of the places that ended with this status."""
        return [(where, result) for where, result in self.geocoded if result.status is status]


def _all_at_once(records: list[Record]) -> Iterable[Record]:
    return records


def import_places_csv(path: Path, *, each: RowsWrapper = _all_at_once, batch_size: int = BATCH_SIZE) -> ImportReport:
    """Upsert places by key; each row is geocoded unless it keeps its address and point.

    ``each`` wraps the rows, e.g. in a progress bar: geocoding online takes a second a row.
    """
    report, seen = ImportReport(path), {}
    organizations = {org.key: org.id for org in db.session.scalars(select(Organization))}
    rows = _records(path, PLACE_COLUMNS)
    _import_in_batches(report, each(rows), lambda record: _import_place_row(record, organizations, seen), batch_size)
    return report


def import_offers_csv(
    path: Path,
    *,
    each: RowsWrapper = _all_at_once,
    new_status: OfferStatus = OfferStatus.DRAFT,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Upsert offers by key; places are named by key (``places``) or by an address (``address``) that becomes one.
    New offers start with ``new_status`` (a draft for review by default); existing ones keep theirs."""
    report, seen, lookups = ImportReport(path), {}, OfferLookups()
    rows = _records(path, OFFER_COLUMNS)
    _import_in_batches(
        report, each(rows), lambda record: _import_offer_row(record, lookups, seen, new_status), batch_size
    )
    return report


def _import_in_batches(report: ImportReport, rows: Iterable, action: Callable, batch_size: int) -> None:
    """Import row by row, committing every ``batch_size`` rows (and at the end)."""
    for number, record in enumerate(rows, start=1):
        _import_row(report, record, lambda record=record: action(record))
        if number % batch_size == 0:
            db.session.commit()
    db.session.commit()


def _records(path: Path, required: set[str]) -> list[Record | DataFileError]:
    """The rows of the file (or their problems); a missing column refuses the whole file (every row would be bad)."""
    records = csv_records_or_problems(path)
    first = next((record for record in records if isinstance(record, Record)), None)
    missing = sorted(required - set(first.values)) if first else []
    if missing:
        raise DataFileError(path, "line 1", ", ".join(missing), "column missing")
    return records


def _import_row(report: ImportReport, record: Record | DataFileError, action: Callable) -> None:
    """Run one row in a savepoint, so a bad row is undone alone and reported."""
    report.rows += 1
    if isinstance(record, DataFileError):
        report.bad_rows.append(record)
        return
    try:
        with db.session.begin_nested():
            key, result = action()
    except DataFileError as error:
        report.bad_rows.append(error)
        return
    except SQLAlchemyError as error:
        problem = str(getattr(error, "orig", error)).splitlines()[0]
        report.bad_rows.append(record.fail("(row)", f"could not be stored: {problem}"))
        return
    report.imported.append(key)
    if result is not None:
        report.geocoded.append((record.where, result))


def _check_unique(record: Record, key: str, seen: dict[str, str]) -> None:
    if key in seen:
        raise record.fail("key", f"{key!r} appears again (first on {seen[key]})")
    seen[key] = record.where


def _import_place_row(record: Record, organizations: dict[str, int], seen: dict) -> tuple[str, PlaceResult]:
    values = _place_values(record, organizations)
    _check_unique(record, values["key"], seen)
    try:
        place, result = save_place(values, actor=Actor(source=f"CSV import {record.path.name}"))
    except ValidationError as error:
        field, message = next(iter(error.errors.items()))
        raise record.fail(field, str(message)) from None
    return place.key, result or _unchanged(place)


def _unchanged(place: Place) -> PlaceResult:
    """The result for a place that keeps its point (or its reason for having none)."""
    return PlaceResult(place.key, place.geocode_status, reason=place.geocode_reason)


def _place_values(record: Record, organizations: dict[str, int]) -> dict:
    organization = record.text("organization", required=False)
    if organization and organization not in organizations:
        raise record.fail("organization", f"unknown organization {organization!r}")
    name, street = record.text("name"), record.text("street")
    return {
        "key": record.text("key", required=False) or slugify(f"{name} {street}")[:80],
        "name": name,
        "kind": record.text("kind", required=False) or DEFAULT_KIND,
        "organization_id": organizations.get(organization),
        "street": street,
        "postcode": _postcode(record),
        "city": _city(record.text("city", required=False)),
        **place_contact_fields(record),
        "source": record.text("source", required=False) or f"CSV import {record.path.name}",
    }


def _city(name: str | None) -> str:
    """The city as written, the municipality's own spellings (short name, aliases) made its name."""
    city = current_municipality().city_names
    return city.name if not name or is_city(name, city) else name


def _postcode(record: Record) -> str | None:
    postcode = record.text("postcode", required=False)
    if postcode is not None and not _POSTCODE.fullmatch(postcode):
        raise record.fail("postcode", f"not a five-digit postcode: {postcode!r}")
    return postcode


def _import_offer_row(
    record: Record, lookups: OfferLookups, seen: dict, new_status: OfferStatus
) -> tuple[str, PlaceResult | None]:
    values = offer_values(record, lookups)
    _check_unique(record, values.key, seen)
    address, result = record.text("address", required=False), None
    if address:
        place, result = _place_at_address(record, address)
        values.places = [*values.places, *([place] if place not in values.places else [])]
    try:
        upsert_offer(values, actor=Actor(source=f"CSV import {record.path.name}"), new_status=new_status)
    except ValidationError as error:
        field, message = next(iter(error.errors.items()))
        raise record.fail(field, str(message)) from None
    db.session.flush()
    return values.key, result


def _place_at_address(record: Record, address: str) -> tuple[Place, PlaceResult]:
    """The place at this address: a known one (school, earlier import) or a new one, geocoded."""
    place = _find_place(address)
    if place is not None:
        return place, _unchanged(place)
    street, postcode, city = _split_address(record, address)
    key = f"addr-{slugify(normalise_address(address, current_municipality().city_names))}"[:80]
    place = Place(
        key=key,
        street=street,
        postcode=postcode,
        city=city,
        name=record.text("place_name", required=False) or street,
        kind=record.text("place_kind", required=False) or DEFAULT_KIND,
        source=f"CSV import {record.path.name}",
        geocode_status=GeocodeStatus.PENDING,
    )
    db.session.add(place)
    db.session.flush()
    return place, geocode_place(place)


def _find_place(address: str) -> Place | None:
    asked = parse_address(address)
    digits = house_number_digits(asked.number)
    if digits is None:
        return None
    candidates = db.session.scalars(select(Place).where(Place.street.contains(digits)).order_by(Place.id))
    return next((place for place in candidates if same_address(asked, parse_address(place.address))), None)


def _split_address(record: Record, address: str) -> tuple[str, str | None, str]:
    """Street (as the partner spelled it), postcode and city of a one-line address."""
    street, *rest = [chunk.strip() for chunk in address.split(",")]
    if parse_address(street).number is None:
        raise record.fail("address", f"no street and house number in {address!r}")
    match = _POSTCODE.search(" ".join(rest))
    city = _city(re.sub(r"\d{5}", "", " ".join(rest)).strip())
    return street, match.group(0) if match else None, city
