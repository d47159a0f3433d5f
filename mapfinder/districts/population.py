"""Population per district: known Stadtteil figures, honest estimates for the rest, or an imported table."""

import logging
from pathlib import Path

from sqlalchemy import func, select

from ..extensions import db
from ..importers.records import csv_records
from ..models import District, DistrictLevel
from ..slugs import slugify

logger = logging.getLogger(__name__)
# Age bands "min-max" (years, inclusive); "65-" is open-ended. Shares come from the Zensus 2011 (city_totals.csv).
AGE_BANDS = ("0-2", "3-5", "6-17", "18-64", "65-")
IMPORTED = "imported table"


def load_population(stadtteile_file: Path, city_totals_file: Path) -> None:
    """Give every district a population: known figures where the reference data has them, estimates elsewhere."""
    totals = _city_totals(city_totals_file)
    known = _known_stadtteile(stadtteile_file)
    stadtteile = _districts(DistrictLevel.STADTTEIL)
    _set_stadtteile(stadtteile, known, totals["population_zensus_2022"])
    _set_quarters(stadtteile)
    _set_bezirke()
    _set_estimated_age_bands(_age_shares(totals))


def _city_totals(path: Path) -> dict[str, float]:
    return {record.text("indicator"): record.decimal("value") for record in csv_records(path)}


def _age_shares(totals: dict[str, float]) -> dict[str, float]:
    young = totals["share_age_0_2_zensus2011_pct"], totals["share_age_3_5_zensus2011_pct"]
    under18, old = totals["share_age_under18_zensus2011_pct"], totals["share_age_65plus_zensus2011_pct"]
    shares = (*young, under18 - sum(young), 100 - under18 - old, old)
    return {band: share / 100 for band, share in zip(AGE_BANDS, shares)}


def _known_stadtteile(path: Path) -> dict[str, tuple[int, str]]:
    known = {}
    for record in csv_records(path):
        population = record.integer("population", required=False)
        if population is not None:
            source = f"{record.text('population_source')}, {record.text('population_date')}"
            known[slugify(record.text("stadtteil"))] = (population, source)
    return known


def _districts(level: DistrictLevel) -> list[District]:
    return list(db.session.scalars(select(District).where(District.level == level).order_by(District.slug)))


def _area_m2(district: District) -> float:
    return db.session.scalar(select(func.ST_Area(func.geography(District.geom))).where(District.id == district.id))


def _imported(district: District) -> bool:
    return (district.population_source or "").startswith(IMPORTED)


def _set_stadtteile(stadtteile: list[District], known: dict, city_total: float) -> None:
    """Known figures as they are; the city total minus the known ones shared among the rest by area."""
    for district in stadtteile:
        if district.slug in known and not _imported(district):
            district.population, district.population_source = known[district.slug]
            district.population_estimated = False
    unknown = [d for d in stadtteile if d.slug not in known and not _imported(d)]
    rest = city_total - sum(d.population or 0 for d in stadtteile if d not in unknown)
    _share_by_area(unknown, rest, "estimate: city total (Zensus 2022) minus known Stadtteile, shared by area")


def _share_by_area(districts: list[District], total: float, source: str) -> None:
    areas = {district.id: _area_m2(district) for district in districts}
    whole = sum(areas.values()) or 1.0
    for district in districts:
        district.population = round(total * areas[district.id] / whole)
        district.population_estimated, district.population_source = True, source


def _set_quarters(stadtteile: list[District]) -> None:
    """A quarter gets its Stadtteil's population in proportion to its area (a rough estimate, flagged)."""
    for stadtteil in stadtteile:
        quarters = [q for q in stadtteil.children if not _imported(q)]
        _share_by_area(quarters, stadtteil.population or 0, f"estimate: share by area of {stadtteil.name}")


def _set_bezirke() -> None:
    for bezirk in _districts(DistrictLevel.BEZIRK):
        if not _imported(bezirk):
            bezirk.population = sum(child.population or 0 for child in bezirk.children)
            bezirk.population_estimated = any(child.population_estimated for child in bezirk.children)
            bezirk.population_source = "sum of its Stadtteile"


def _set_estimated_age_bands(shares: dict[str, float]) -> None:
    for district in db.session.scalars(select(District)):
        if district.age_bands_estimated and district.population is not None:
            district.population_by_age = {band: round(district.population * s) for band, s in shares.items()}


def import_population_table(path: Path) -> int:
    """Load real figures: columns ``district`` (slug or name), ``population``, optional ``age_<min>_<max>``."""
    by_slug = {district.slug: district for district in db.session.scalars(select(District))}
    updates = [_population_update(record, by_slug) for record in csv_records(path)]
    for district, population, bands in updates:
        district.population, district.population_estimated = population, False
        district.population_source = f"{IMPORTED} {path.name}"
        if bands:
            district.population_by_age, district.age_bands_estimated = bands, False
    db.session.flush()
    return len(updates)


def _population_update(record, by_slug: dict) -> tuple[District, int, dict[str, int]]:
    district = by_slug.get(slugify(record.text("district")))
    if district is None:
        raise record.fail("district", f"unknown district {record.text('district')!r}")
    bands = {}
    for field in record.values:
        if field.startswith("age_"):
            low, _, high = field[4:].partition("_")
            bands[f"{low}-{'' if high == 'plus' else high}"] = record.integer(field)
    return district, record.integer("population"), bands
