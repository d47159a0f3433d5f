#!/usr/bin/env python3
"""Check geodata/taxonomy and geodata/demo for consistency, print coverage counts, exit 1 on any problem.

Stdlib only, so it runs before the app's dependencies are installed:

    python3 scripts/check_demo_data.py [--schools PATH] [--boundary PATH]

Checks: unique keys; every referenced organisation, place, phase and category exists (place keys ``vhs``,
``hrw`` and ``school-<schulnummer>`` are allowed, the Schulnummer is looked up in schulen_muelheim.csv);
labels in all nine languages; colours readable with white text; ages consistent with phases; places inside
the city limit; demo contacts only under example.org / ``0208 000 ...``; coverage per phase, category and
Stadtteil. An offer counts for a Stadtteil through the ``stadtteil`` of its places (for a school place,
the school's ``stadtteil_osm``); an offer at several places in one Stadtteil counts once.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TAXONOMY = ROOT / "geodata" / "taxonomy"
DEMO = ROOT / "geodata" / "demo"
SHARED = ROOT.parent / "shared" / "geodata"

LANGUAGES = ("de", "en", "tr", "ar", "uk", "ru", "pl", "ro", "bg")
STADTTEILE = (
    "Altstadt I",
    "Altstadt II",
    "Styrum",
    "Dümpten",
    "Heißen",
    "Menden-Holthausen",
    "Saarn",
    "Broich",
    "Speldorf",
)
PHASES = ("geburt", "fruehe-kindheit", "grundschule", "jugend", "uebergang", "lebenslang")
CATEGORIES = (
    "beratung",
    "betreuung",
    "bildung",
    "sprache",
    "familie",
    "gesundheit",
    "sport-freizeit",
    "kultur",
    "beruf",
    "inklusion",
    "integration",
    "finanzen",
)
PLACE_KINDS = {
    "familienzentrum",
    "kita",
    "jugendzentrum",
    "beratungsstelle",
    "bibliothek",
    "stadtteilzentrum",
    "sportstaette",
    "gesundheit",
    "bildungstraeger",
    "begegnungsstaette",
}
POSTCODES = {"45468", "45470", "45472", "45473", "45475", "45476", "45478", "45479", "45481"}
FIXED_PLACES = {"vhs", "hrw"}
MIN_PER_STADTTEIL, MIN_PER_PHASE, MIN_PER_CATEGORY = 10, 15, 8
MIN_CONTRAST = 4.5

KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG_RE = re.compile(r"^[a-z]{2}$")
PHONE_RE = re.compile(r"^0208 000 \d{4}$")
EMAIL_RE = re.compile(r"^[a-z0-9.+-]+@example\.org$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
COORD_RE = re.compile(r"^-?\d+\.\d{6}$")
SCHOOL_RE = re.compile(r"^school-(\d{6})$")

problems: list[str] = []


def problem(where: str, text: str) -> None:
    """Record one problem; all are printed at the end."""
    problems.append(f"{where}: {text}")


def read_csv(path: Path, columns: list[str]) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file whose header must be exactly ``columns``."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != columns:
            problem(path.name, f"header {reader.fieldnames} != {columns}")
        return list(reader)


def split(value: str) -> list[str]:
    """A ``;``-separated field as a list, empty field -> []."""
    return [part.strip() for part in value.split(";")] if value.strip() else []


def unique_keys(rows: list[dict[str, str]], where: str) -> dict[str, dict[str, str]]:
    """Index rows by key, reporting duplicates and malformed keys."""
    index: dict[str, dict[str, str]] = {}
    for row in rows:
        key = row["key"]
        if not KEY_RE.match(key):
            problem(where, f"key {key!r} is not a lower-case ASCII id")
        if key in index:
            problem(where, f"duplicate key {key!r}")
        index[key] = row
    return index


# ---------------------------------------------------------------- taxonomy


def contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio of ``colour`` against white."""

    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (lum + 0.05)


def check_translations(table: dict, where: str) -> None:
    """Every language present and non-empty, no unknown language."""
    for lang in LANGUAGES:
        if not str(table.get(lang, "")).strip():
            problem(where, f"missing {lang}")
    for lang in set(table) - set(LANGUAGES):
        problem(where, f"unknown language {lang!r}")


def check_taxonomy_entry(entry: dict, where: str) -> None:
    """Code, colour, icon and labels of one phase or category."""
    colour = str(entry.get("colour", ""))
    if not COLOUR_RE.match(colour):
        problem(where, f"colour {colour!r} is not #rrggbb")
    elif contrast_with_white(colour) < MIN_CONTRAST:
        problem(where, f"colour {colour} has contrast {contrast_with_white(colour):.2f} < {MIN_CONTRAST} with white")
    if not str(entry.get("icon", "")).strip():
        problem(where, "no icon")
    check_translations(entry.get("labels", {}), f"{where} labels")


def load_taxonomy(name: str, table: str, expected: tuple[str, ...]) -> dict[str, dict]:
    """Load phases.toml / categories.toml, check it, and index it by code."""
    entries = tomllib.loads((TAXONOMY / f"{name}.toml").read_text(encoding="utf-8")).get(table, [])
    index: dict[str, dict] = {}
    for entry in entries:
        code = entry.get("code", "")
        if code in index:
            problem(f"{name}.toml", f"duplicate code {code!r}")
        index[code] = entry
        check_taxonomy_entry(entry, f"{name}.toml {code}")
    if sorted(index) != sorted(expected):
        problem(f"{name}.toml", f"codes {sorted(index)} != {sorted(expected)}")
    orders = [entry.get("order") for entry in entries]
    if len(set(orders)) != len(orders):
        problem(f"{name}.toml", "order values are not unique")
    return index


def check_phases(phases: dict[str, dict]) -> None:
    """Phase-only fields: age range and descriptions."""
    for code, phase in phases.items():
        lo, hi = phase.get("min_age"), phase.get("max_age")
        if not (isinstance(lo, int) and isinstance(hi, int) and 0 <= lo <= hi <= 120):
            problem(f"phases.toml {code}", f"bad age range {lo}–{hi}")
        check_translations(phase.get("descriptions", {}), f"phases.toml {code} descriptions")


# ---------------------------------------------------------------- reference data


def load_schools(path: Path) -> dict[str, str]:
    """Schulnummer -> Stadtteil (OSM) from schulen_muelheim.csv."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["schulnummer"]: row["stadtteil_osm"] for row in csv.DictReader(fh)}


def load_boundary(path: Path) -> list[list[float]]:
    """Outer ring of the city limit (first polygon of the first feature)."""
    geometry = json.loads(path.read_text(encoding="utf-8"))["features"][0]["geometry"]
    coords = geometry["coordinates"]
    return coords[0] if geometry["type"] == "Polygon" else coords[0][0]


def inside(ring: list[list[float]], lon: float, lat: float) -> bool:
    """Even-odd point-in-polygon test in lon/lat (fine for a city-sized ring)."""
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


# ---------------------------------------------------------------- demo data


def check_contacts(row: dict[str, str], where: str, email: str, phone: str) -> None:
    """Demo contacts must be fictional-safe."""
    if row[email] and not EMAIL_RE.match(row[email]):
        problem(where, f"e-mail {row[email]!r} is not under example.org")
    if row[phone] and not PHONE_RE.match(row[phone]):
        problem(where, f"phone {row[phone]!r} is not of the form '0208 000 nnnn'")


def check_languages(value: str, where: str, *, required: bool) -> None:
    """``;``-separated ISO 639-1 codes."""
    codes = split(value)
    if required and not codes:
        problem(where, "no languages")
    for code in codes:
        if not LANG_RE.match(code):
            problem(where, f"language {code!r} is not an ISO 639-1 code")
    if len(set(codes)) != len(codes):
        problem(where, "duplicate language")


def check_organizations(orgs: dict[str, dict[str, str]]) -> None:
    """Name and website of each organisation."""
    for key, org in orgs.items():
        if not org["name"].strip() or not org["kind"].strip():
            problem(f"organizations.csv {key}", "name or kind empty")
        if org["website"] and not org["website"].startswith("https://"):
            problem(f"organizations.csv {key}", "website must be empty or https://")


def check_place(place: dict[str, str], orgs: dict, ring: list[list[float]] | None) -> None:
    """One row of places.csv."""
    where = f"places.csv {place['key']}"
    if place["key"] in FIXED_PLACES or SCHOOL_RE.match(place["key"]):
        problem(where, "key is reserved for places that come from elsewhere")
    if place["organization"] not in orgs:
        problem(where, f"unknown organization {place['organization']!r}")
    if place["kind"] not in PLACE_KINDS:
        problem(where, f"unknown kind {place['kind']!r}")
    if place["stadtteil"] not in STADTTEILE:
        problem(where, f"unknown Stadtteil {place['stadtteil']!r}")
    if place["postcode"] not in POSTCODES:
        problem(where, f"postcode {place['postcode']!r} is not a Mülheim postcode")
    if place["barrier_free"] not in {"yes", "no", "unknown"}:
        problem(where, f"barrier_free {place['barrier_free']!r}")
    if not place["name"].strip() or not place["street"].strip():
        problem(where, "name or street empty")
    check_languages(place["languages"], where, required=True)
    check_contacts(place, where, "email", "phone")
    check_coordinates(place, where, ring)


def check_coordinates(place: dict[str, str], where: str, ring: list[list[float]] | None) -> None:
    """Six decimals, and inside the city limit when the boundary file is available."""
    if not (COORD_RE.match(place["lon"]) and COORD_RE.match(place["lat"])):
        problem(where, f"lon/lat {place['lon']},{place['lat']} not given with 6 decimals")
        return
    if ring is not None and not inside(ring, float(place["lon"]), float(place["lat"])):
        problem(where, f"{place['lon']},{place['lat']} lies outside the city limit")


def parse_age(value: str, where: str) -> int | None:
    """An age in years, or None for an empty field."""
    if not value.strip():
        return None
    if not value.isdigit() or not 0 <= int(value) <= 120:
        problem(where, f"age {value!r} is not an integer 0–120")
        return None
    return int(value)


def check_ages(offer: dict[str, str], phases: dict[str, dict], where: str) -> None:
    """Age range well formed and overlapping every phase it is filed under."""
    lo, hi = parse_age(offer["min_age"], where), parse_age(offer["max_age"], where)
    if (lo is None) != (hi is None):
        problem(where, "give both min_age and max_age, or neither (all ages)")
        return
    if lo is None:
        return
    if lo > hi:
        problem(where, f"min_age {lo} > max_age {hi}")
    for code in split(offer["phases"]):
        phase = phases.get(code)
        if phase and not (lo <= phase["max_age"] and hi >= phase["min_age"]):
            problem(where, f"ages {lo}–{hi} do not overlap phase {code} ({phase['min_age']}–{phase['max_age']})")


def check_codes(value: str, known: dict, where: str, what: str, most: int) -> None:
    """1..most known codes, no duplicates."""
    codes = split(value)
    if not 1 <= len(codes) <= most:
        problem(where, f"{len(codes)} {what} (expected 1–{most})")
    if len(set(codes)) != len(codes):
        problem(where, f"duplicate {what}")
    for code in codes:
        if code not in known:
            problem(where, f"unknown {what[:-1]} {code!r}")


def check_place_refs(offer: dict[str, str], places: dict, schools: dict[str, str], where: str) -> None:
    """Every place key of an offer resolves."""
    keys = split(offer["places"])
    if len(set(keys)) != len(keys):
        problem(where, "duplicate place")
    for key in keys:
        school = SCHOOL_RE.match(key)
        if school and school.group(1) not in schools:
            problem(where, f"unknown Schulnummer in {key!r}")
        elif not school and key not in places and key not in FIXED_PLACES:
            problem(where, f"unknown place {key!r}")


def check_offer(offer: dict[str, str], ctx: dict) -> None:
    """One row of offers.csv."""
    where = f"offers.csv {offer['key']}"
    if not offer["title"].strip() or len(offer["title"]) > 80:
        problem(where, f"title empty or longer than 80 characters ({len(offer['title'])})")
    if not offer["description"].strip():
        problem(where, "description empty")
    check_codes(offer["phases"], ctx["phases"], where, "phases", 2)
    check_codes(offer["categories"], ctx["categories"], where, "categories", 3)
    check_ages(offer, ctx["phases"], where)
    if offer["free"] not in {"true", "false"}:
        problem(where, f"free {offer['free']!r} is not true/false")
    if offer["free"] == "false" and not offer["cost"].strip():
        problem(where, "not free but no cost given")
    if offer["organization"] not in ctx["orgs"]:
        problem(where, f"unknown organization {offer['organization']!r}")
    if not offer["schedule"].strip() or not offer["registration"].strip():
        problem(where, "schedule or registration empty")
    check_languages(offer["languages"], where, required=True)
    check_place_refs(offer, ctx["places"], ctx["schools"], where)
    check_contacts(offer, where, "contact_email", "contact_phone")


# ---------------------------------------------------------------- coverage


def offer_stadtteile(offer: dict[str, str], places: dict, schools: dict[str, str]) -> set[str]:
    """Stadtteile an offer is present in, through its places."""
    found = set()
    for key in split(offer["places"]):
        school = SCHOOL_RE.match(key)
        if key in places:
            found.add(places[key]["stadtteil"])
        elif school and schools.get(school.group(1)):
            found.add(schools[school.group(1)])
    return found


def coverage(offers: list[dict[str, str]], places: dict, schools: dict[str, str]) -> dict[str, Counter]:
    """Offer counts per phase, category and Stadtteil."""
    counts = {"phase": Counter(), "category": Counter(), "stadtteil": Counter()}
    for offer in offers:
        counts["phase"].update(split(offer["phases"]))
        counts["category"].update(split(offer["categories"]))
        counts["stadtteil"].update(offer_stadtteile(offer, places, schools))
    return counts


def report_coverage(counts: dict[str, Counter], offers: list[dict[str, str]]) -> None:
    """Print the counts and flag anything under its minimum."""
    for what, names, minimum in (
        ("phase", PHASES, MIN_PER_PHASE),
        ("category", CATEGORIES, MIN_PER_CATEGORY),
        ("stadtteil", STADTTEILE, MIN_PER_STADTTEIL),
    ):
        print(f"offers per {what} (minimum {minimum}):")
        for name in names:
            n = counts[what][name]
            print(f"  {name:<20} {n:4d}{'  <-- too few' if n < minimum else ''}")
            if n < minimum:
                problem("coverage", f"{what} {name}: {n} offers < {minimum}")
    several = sum(len(split(o["places"])) > 1 for o in offers)
    none = sum(not split(o["places"]) for o in offers)
    print(f"offers at several places: {several}; without a place (city-wide/online): {none}")


# ---------------------------------------------------------------- main


def parse_args() -> argparse.Namespace:
    """Command-line options: where the shared reference files are."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--schools",
        type=Path,
        default=SHARED / "schulen_muelheim.csv",
        help="schulen_muelheim.csv (default: ../shared/geodata/ beside the checkout)",
    )
    parser.add_argument(
        "--boundary",
        type=Path,
        default=SHARED / "muelheim_city_boundary_vg250.geojson",
        help="city limit GeoJSON; the inside-the-city test is skipped if it is missing",
    )
    return parser.parse_args()


def main() -> int:
    """Run every check, print counts and problems; 0 when clean."""
    args = parse_args()
    if not args.schools.is_file():
        print(f"schools file not found: {args.schools} (pass --schools PATH)", file=sys.stderr)
        return 2
    schools = load_schools(args.schools)
    ring = load_boundary(args.boundary) if args.boundary.is_file() else None
    if ring is None:
        print(f"note: {args.boundary} not found, inside-the-city test skipped")

    phases = load_taxonomy("phases", "phase", PHASES)
    check_phases(phases)
    categories = load_taxonomy("categories", "category", CATEGORIES)
    orgs = unique_keys(read_csv(DEMO / "organizations.csv", ["key", "name", "kind", "website"]), "organizations.csv")
    check_organizations(orgs)
    places = unique_keys(
        read_csv(
            DEMO / "places.csv",
            [
                "key",
                "name",
                "kind",
                "organization",
                "street",
                "postcode",
                "stadtteil",
                "lon",
                "lat",
                "barrier_free",
                "languages",
                "phone",
                "email",
                "website",
                "opening_hours",
            ],
        ),
        "places.csv",
    )
    for place in places.values():
        check_place(place, orgs, ring)
    offer_rows = read_csv(
        DEMO / "offers.csv",
        [
            "key",
            "title",
            "description",
            "phases",
            "categories",
            "min_age",
            "max_age",
            "free",
            "cost",
            "languages",
            "schedule",
            "registration",
            "organization",
            "places",
            "contact_email",
            "contact_phone",
        ],
    )
    unique_keys(offer_rows, "offers.csv")
    ctx = {"phases": phases, "categories": categories, "orgs": orgs, "places": places, "schools": schools}
    for offer in offer_rows:
        check_offer(offer, ctx)

    print(
        f"{len(phases)} phases, {len(categories)} categories, {len(orgs)} organisations, "
        f"{len(places)} places, {len(offer_rows)} offers"
    )
    report_coverage(coverage(offer_rows, places, schools), offer_rows)
    for line in problems:
        print(f"PROBLEM {line}", file=sys.stderr)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
