"""`flask geodata load`: the whole base data (and optionally the demo data) in one transaction."""

import logging
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from ..districts import assign_places_to_districts, district_shapes
from ..districts.boundaries import (
    Agreement,
    leave_one_out_agreement,
    read_city_limit,
    read_labelled_schools,
    read_seeds,
    stadtteil_agreement,
)
from ..districts.derived import load_derived_districts
from ..districts.population import load_population
from ..municipality import MUNICIPALITIES_FOLDER, MunicipalityProfile, only_municipality_slug, read_profile
from .municipality import data_file, load_municipality, reference_file
from .networks import load_network_file
from .offers import load_offer_file, load_organizations
from .place_kinds import load_place_kinds
from .places import load_place_file, load_schools
from .taxonomy import load_taxonomy
from .translations import load_district_names, load_offer_translations

logger = logging.getLogger(__name__)


@dataclass
class LoadReport:
    """What one load wrote, and how well the districts agree with OpenStreetMap's names for the schools."""

    municipality: str  # the slug
    counts: dict[str, int]
    agreement: Agreement
    # The same check with each school left out of the seeds in turn: the honest figure for derived boundaries.
    leave_one_out: Agreement | None


@dataclass(frozen=True)
class BaseFiles:
    """The files one municipality's base data comes from, named in its ``municipality.toml``."""

    city_limit: Path
    schools: Path
    stadtteile: Path
    city_totals: Path
    seeds: Path
    district_names: Path
    organizations: Path
    institutions: Path
    demo: Path

    @classmethod
    def of(cls, profile: MunicipalityProfile, geodata_dir: Path, reference_dir: Path) -> "BaseFiles":
        """Resolve the reference files (in ``reference_dir``) and the project's data files (in ``geodata_dir``)."""
        reference = {
            kind: reference_file(profile, kind, reference_dir)
            for kind in ("city_limit", "schools", "stadtteile", "city_totals")
        }
        data = {
            kind: data_file(profile, kind, geodata_dir)
            for kind in ("district_seeds", "district_names", "organizations", "institutions", "demo")
        }
        return cls(**reference, seeds=data.pop("district_seeds"), **data)


def municipality_profile(geodata_dir: Path, slug: str | None = None) -> MunicipalityProfile:
    """The profile in ``geodata/municipalities/<slug>``: the given slug, the configured one, or the only one."""
    slug = slug or current_app.config.get("MUNICIPALITY") or only_municipality_slug(geodata_dir)
    return read_profile(geodata_dir / MUNICIPALITIES_FOLDER / slug)


def load_base_data(
    geodata_dir: Path, reference_dir: Path, *, demo: bool, municipality: str | None = None
) -> LoadReport:
    """Load the municipality, taxonomy, districts, population, places and (with ``demo``) the demo offers;
    idempotent."""
    profile = municipality_profile(geodata_dir, municipality)
    files = BaseFiles.of(profile, geodata_dir, reference_dir)
    load_municipality(profile, reference_dir)
    counts = load_taxonomy(geodata_dir / "taxonomy")
    counts["place_kinds"] = load_place_kinds(geodata_dir / "taxonomy")
    counts["districts"] = load_derived_districts(files.city_limit, files.seeds, files.schools)
    load_population(files.stadtteile, files.city_totals)
    counts["organizations"] = load_organizations(files.organizations, is_demo=False)
    counts["schools"] = load_schools(files.schools, bounds=profile.bounds)
    counts["institutions"] = load_place_file(files.institutions, is_demo=False, bounds=profile.bounds)
    counts["district_names"] = load_district_names(files.district_names)
    if demo:
        counts.update(load_demo_data(files.demo, bounds=profile.bounds))
    assign_places_to_districts()
    cross_check = _leave_one_out(files) if counts["districts"] else None
    return LoadReport(profile.slug, counts, school_agreement(files.schools), cross_check)


def load_demo_data(demo_dir: Path, *, bounds: tuple[float, float, float, float]) -> dict[str, int]:
    """The demo organizations, places, offers and networks (each flagged as demo data)."""
    return {
        "demo_organizations": load_organizations(demo_dir / "organizations.csv", is_demo=True),
        "demo_places": load_place_file(demo_dir / "places.csv", is_demo=True, bounds=bounds),
        "demo_offers": load_offer_file(demo_dir / "offers.csv", is_demo=True),
        "demo_networks": load_network_file(demo_dir / "networks.csv", is_demo=True),
        "demo_offer_translations": load_offer_translations(demo_dir / "offer_translations.csv"),
    }


def school_agreement(schools_file: Path) -> Agreement:
    """Share of schools lying in the Stadtteil that OpenStreetMap names for them, with the stored districts."""
    return stadtteil_agreement(district_shapes(), read_labelled_schools(schools_file))


def _leave_one_out(files: BaseFiles) -> Agreement:
    return leave_one_out_agreement(
        read_city_limit(files.city_limit), read_seeds(files.seeds), read_labelled_schools(files.schools)
    )
