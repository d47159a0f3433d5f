"""`flask geodata load`: the whole base data (and optionally the demo data) in one transaction."""
import logging
from dataclasses import dataclass
from pathlib import Path

from ..districts.boundaries import (
    Agreement, leave_one_out_agreement, read_city_limit, read_labelled_schools, read_seeds, stadtteil_agreement,
)
from ..districts import assign_places_to_districts, district_shapes
from ..districts.derived import CITY_LIMIT_FILE, SCHOOLS_FILE, load_derived_districts
from .networks import load_network_file
from .offers import load_offer_file, load_organizations
from .places import load_place_file, load_schools
from ..districts.population import load_population
from .taxonomy import load_taxonomy
from .translations import load_district_names, load_offer_translations

logger = logging.getLogger(__name__)


@dataclass
class LoadReport:
    """What one load wrote, and how well the districts agree with OpenStreetMap's names for the schools."""

    counts: dict[str, int]
    agreement: Agreement
    # The same check with each school left out of the seeds in turn: the honest figure for derived boundaries.
    leave_one_out: Agreement | None


def load_base_data(geodata_dir: Path, reference_dir: Path, *, demo: bool) -> LoadReport:
    """Load taxonomy, districts, population, places and (with ``demo``) the demo offers; idempotent."""
    counts = load_taxonomy(geodata_dir / "taxonomy")
    seeds_file = geodata_dir / "districts" / "seeds.csv"
    counts["districts"] = load_derived_districts(reference_dir, seeds_file)
    load_population(reference_dir)
    counts["organizations"] = load_organizations(geodata_dir / "places" / "organizations.csv", is_demo=False)
    counts["schools"] = load_schools(reference_dir)
    counts["institutions"] = load_place_file(geodata_dir / "places" / "institutions.csv", is_demo=False)
    counts["district_names"] = load_district_names(geodata_dir / "taxonomy" / "district_names.toml")
    if demo:
        counts.update(load_demo_data(geodata_dir / "demo"))
    assign_places_to_districts()
    cross_check = _leave_one_out(reference_dir, seeds_file) if counts["districts"] else None
    return LoadReport(counts, school_agreement(reference_dir), cross_check)


def load_demo_data(demo_dir: Path) -> dict[str, int]:
    """The demo organizations, places, offers and networks (each flagged as demo data)."""
    return {
        "demo_organizations": load_organizations(demo_dir / "organizations.csv", is_demo=True),
        "demo_places": load_place_file(demo_dir / "places.csv", is_demo=True),
        "demo_offers": load_offer_file(demo_dir / "offers.csv", is_demo=True),
        "demo_networks": load_network_file(demo_dir / "networks.csv", is_demo=True),
        "demo_offer_translations": load_offer_translations(demo_dir / "offer_translations.csv"),
    }


def school_agreement(reference_dir: Path) -> Agreement:
    """Share of schools lying in the Stadtteil that OpenStreetMap names for them, with the stored districts."""
    return stadtteil_agreement(district_shapes(), read_labelled_schools(reference_dir / SCHOOLS_FILE))


def _leave_one_out(reference_dir: Path, seeds_file: Path) -> Agreement:
    return leave_one_out_agreement(
        read_city_limit(reference_dir / CITY_LIMIT_FILE),
        read_seeds(seeds_file),
        read_labelled_schools(reference_dir / SCHOOLS_FILE),
    )
