"""Derive the approximate district polygons and print their plausibility figures.

Usage (from the repository root):  python scripts/derive_districts.py /work/shared/geodata [--geojson OUT]
Prints per level the count, per Stadtteil the area in km² against the known area, and the Stadtteil agreement of the
OSM-labelled schools, in-sample and leave-one-out. With --geojson the three levels are written as one GeoJSON file.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from mapfinder.districts import boundaries  # noqa: E402  (needs the repo root on sys.path first)

SEEDS = REPO_ROOT / "geodata" / "municipalities" / "muelheim-an-der-ruhr" / "districts" / "seeds.csv"
CITY_LIMITS = ("muelheim_city_boundary_dvg2_nrw.geojson", "muelheim_city_boundary_vg250.geojson")


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse the command line: the shared geodata folder and an optional GeoJSON output file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("geodata", type=Path, help="folder with the city limit, schools and Stadtteil CSV")
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="quarter seeds CSV (default: %(default)s)")
    parser.add_argument("--geojson", type=Path, help="write all derived districts to this GeoJSON file")
    return parser.parse_args(argv)


def find_city_limit(geodata: Path) -> Path:
    """Return the preferred city limit file: DVG2 NRW, falling back to VG250."""
    for name in CITY_LIMITS:
        if (geodata / name).exists():
            return geodata / name
    raise SystemExit(f"no city limit file in {geodata}")


def read_known_areas(geodata: Path) -> dict[str, float]:
    """Read the known Stadtteil areas (km²) from stadtteile_muelheim.csv; unknown ones are left out."""
    with open(geodata / "stadtteile_muelheim.csv", encoding="utf-8") as handle:
        return {row["stadtteil"]: float(row["area_km2"]) for row in csv.DictReader(handle) if row["area_km2"]}


def print_counts(districts: list[boundaries.DistrictShape]) -> None:
    """Print how many districts each level has."""
    for level in boundaries.LEVELS:
        names = [district.name for district in districts if district.level == level]
        print(f"{level:10s} {len(names):3d}  {', '.join(names)}")


def print_areas(districts, city_limit, known: dict[str, float]) -> None:
    """Print each Stadtteil's derived area against its known area, and the city total."""
    print(f"\n{'Stadtteil':20s} {'derived km²':>11s} {'known km²':>10s} {'diff':>7s}")
    for district in (d for d in districts if d.level == "stadtteil"):
        area = boundaries.metric_area_km2(district.geometry)
        reference = known.get(district.name)
        diff = f"{(area / reference - 1) * 100:+6.1f}%" if reference else ""
        print(f"{district.name:20s} {area:11.2f} {reference or '':>10} {diff:>7s}")
    unknown = sum(
        boundaries.metric_area_km2(d.geometry) for d in districts if d.level == "stadtteil" and d.name not in known
    )
    city = boundaries.metric_area_km2(city_limit)
    print(f"{'(unknown ones)':20s} {unknown:11.2f} {city - sum(known.values()):10.2f}   (city minus known)")
    print(f"{'city limit':20s} {city:11.2f} {91.26:10.2f}   (geodesic, README)")


def print_agreement(label: str, agreement: boundaries.Agreement) -> None:
    """Print one agreement figure and its mismatches."""
    print(f"{label}: {agreement.matched}/{agreement.total} = {agreement.share:.1%}")
    for mismatch in agreement.mismatches:
        print(f"    {mismatch}")


def write_geojson(path: Path, districts: list[boundaries.DistrictShape]) -> None:
    """Write all districts as one GeoJSON FeatureCollection (EPSG:4326), flagged approximate."""
    features = [
        {
            "type": "Feature",
            "geometry": district.geometry.__geo_interface__,
            "properties": {
                "slug": district.slug,
                "name": district.name,
                "level": district.level,
                "parent_slug": district.parent_slug,
                "approximate": True,
            },
        }
        for district in districts
    ]
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), encoding="utf-8"
    )
    print(f"\nwrote {len(features)} districts to {path}")


def main(argv: list[str]) -> None:
    """Derive the districts and print counts, areas and agreement figures."""
    args = parse_args(argv)
    city_limit = boundaries.read_city_limit(find_city_limit(args.geodata))
    seeds = boundaries.read_seeds(args.seeds)
    schools = boundaries.read_labelled_schools(args.geodata / "schulen_muelheim.csv")
    districts = boundaries.derive_districts(city_limit, seeds, schools)
    print_counts(districts)
    print_areas(districts, city_limit, read_known_areas(args.geodata))
    print()
    print_agreement("Stadtteil agreement (in sample)", boundaries.stadtteil_agreement(districts, schools))
    print_agreement(
        "Stadtteil agreement (leave-one-out)", boundaries.leave_one_out_agreement(city_limit, seeds, schools)
    )
    if args.geojson:
        write_geojson(args.geojson, districts)


if __name__ == "__main__":
    main(sys.argv[1:])
