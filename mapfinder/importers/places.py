"""Loads places: the real schools of the state's school list, the VHS and the university, and demo places."""

import logging
from pathlib import Path

from shapely.geometry import Point
from sqlalchemy import select

from ..editing import Actor
from ..editing.places import save_place
from ..editing.service import schedule_row
from ..extensions import db
from ..models import BarrierFree, Organization, Place, PlaceKind
from ..schedules import parse_schedule_text
from .records import Record, csv_records

logger = logging.getLogger(__name__)
SCHOOL_SOURCE = "Schulliste MSB NRW / IT.NRW 2024/25, dl-de/by-2.0"
BBox = tuple[float, float, float, float]  # west, south, east, north
_BARRIER_FREE = {member.value for member in BarrierFree}
# The school form (a place kind's code) from words of the state list's "schulform" or the school's name, most
# specific first: "Förderschule Grund-/Hauptschule" is a Förderschule, not a Grundschule.
SCHOOL_FORM_WORDS = (
    ("förderschule", "foerderschule"),
    ("berufskolleg", "berufskolleg"),
    ("waldorf", "waldorfschule"),
    ("gesamtschule", "gesamtschule"),
    ("gymnasium", "gymnasium"),
    ("realschule", "realschule"),
    ("hauptschule", "hauptschule"),
    ("grundschule", "grundschule"),
)
# The directory's kind of each school form; the rest are secondary schools.
_KIND_OF_FORM = {"grundschule": "grundschule", "foerderschule": "foerderschule", "berufskolleg": "berufskolleg"}
SECONDARY_SCHOOL = "weiterfuehrende-schule"


def load_schools(schools_file: Path, *, bounds: BBox) -> int:
    """The records of the state's school list (schools and the Schulamt) with official coordinates."""
    rows = [_school_values(record, bounds) for record in csv_records(schools_file)]
    for values in rows:
        upsert_place(values)
    return len(rows)


def school_form_of(schulform: str | None, name: str | None) -> str | None:
    """The school form's code, read from the state list's school form, else from the school's name."""
    for text in (schulform, name):
        lowered = (text or "").casefold()
        for word, code in SCHOOL_FORM_WORDS:
            if word in lowered:
                return code
    return None


def _is_school(schulform: str) -> bool:
    return not any(word in schulform.casefold() for word in ("keine schule", "behörde", "schulamt"))


def _school_values(record: Record, bounds: BBox) -> dict:
    is_school = _is_school(record.text("schulform"))
    school_form = school_form_of(record.text("schulform"), record.text("name")) if is_school else None
    return {
        "key": f"school-{record.text('schulnummer')}",
        "name": record.text("name"),
        "kind": _KIND_OF_FORM.get(school_form, SECONDARY_SCHOOL) if is_school else "behoerde",
        "school_form": school_form,
        "street": record.text("strasse"),
        "postcode": record.text("plz"),
        "phone": record.text("telefon", required=False),
        "email": record.text("email", required=False),
        "website": record.text("homepage", required=False),
        "school_number": record.text("schulnummer") if is_school else None,
        "social_index": record.integer("sozialindex_2025_26", required=False),
        "startchancen": record.boolean("startchancen_schule", default=False) if is_school else None,
        "pupils": record.integer("schueler_2024_25", required=False),
        "point": _point(record, bounds),
        "precision": "official",
        "provider": "MSB NRW",
        "source": SCHOOL_SOURCE,
    }


def load_place_file(path: Path, *, is_demo: bool, bounds: BBox) -> int:
    """Places of a project data file (a municipality's places/*.csv or geodata/demo/places.csv), inside ``bounds``."""
    organizations = {org.key: org.id for org in db.session.scalars(select(Organization))}
    kinds = set(db.session.scalars(select(PlaceKind.code)))
    rows = [_place_values(record, organizations, kinds, is_demo=is_demo, bounds=bounds) for record in csv_records(path)]
    for values in rows:
        upsert_place(values)
    return len(rows)


def _place_values(
    record: Record, organizations: dict[str, int], kinds: set[str], *, is_demo: bool, bounds: BBox
) -> dict:
    organization = record.text("organization", required=False)
    if organization and organization not in organizations:
        raise record.fail("organization", f"unknown organization {organization!r}")
    if kinds and record.text("kind") not in kinds:
        raise record.fail("kind", f"unknown kind {record.text('kind')!r} (see geodata/taxonomy/place_kinds.toml)")
    return {
        "key": record.text("key"),
        "name": record.text("name"),
        "kind": record.text("kind"),
        "organization_id": organizations.get(organization),
        "street": record.text("street", required=False),
        "postcode": record.text("postcode", required=False),
        **place_contact_fields(record),
        "point": _point(record, bounds),
        "precision": record.text("precision", required=False) or ("demo" if is_demo else "street"),
        "provider": "demo data" if is_demo else "hand-placed",
        "source": record.text("source", required=False) or ("demo data" if is_demo else None),
        "is_demo": is_demo,
    }


def place_contact_fields(record: Record) -> dict:
    """Access, languages and contact of a place row, shared by every place file format."""
    return {
        "barrier_free": BarrierFree(record.choice("barrier_free", _BARRIER_FREE, default="unknown")),
        "languages": record.language_codes("languages"),
        "phone": record.text("phone", required=False),
        "email": record.text("email", required=False),
        "website": record.url("website"),
        "opening_hours": [
            schedule_row(rule, position)
            for position, rule in enumerate(parse_schedule_text(record.text("opening_hours", required=False)))
        ],
    }


def _point(record: Record, bounds: BBox) -> Point:
    """The record's point; outside the municipality's generous box it is a typo (swapped lon/lat, missing digit)."""
    lon, lat = record.decimal("lon"), record.decimal("lat")
    west, south, east, north = bounds
    if not west <= lon <= east:
        raise record.fail("lon", f"{lon} is not a longitude in the city (between {west} and {east})")
    if not south <= lat <= north:
        raise record.fail("lat", f"{lat} is not a latitude in the city (between {south} and {north})")
    return Point(lon, lat)


def upsert_place(values: dict) -> Place:
    """Insert or update a place by key with its known point (a point set by hand on an existing place is kept)."""
    place, _result = save_place(values, actor=Actor(source="base data"))
    return place
