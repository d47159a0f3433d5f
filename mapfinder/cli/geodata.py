"""``flask geodata load|import-districts|import-population``: the municipality's base data and official files."""

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from ..extensions import db
from .common import data_dirs, in_transaction

geodata_cli = AppGroup(
    "geodata",
    help="Load the municipality's base data (geodata/municipalities/) and official boundary or population files.",
)


@geodata_cli.command("load")
@click.option("--demo", is_flag=True, help="Also load the demo offers (flagged as demo data).")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already holds districts.")
def load_command(demo: bool, if_empty: bool) -> None:
    """Load the municipality (MAPFINDER_MUNICIPALITY), taxonomy, districts, population and places (idempotent)."""
    from ..importers.base_data import load_base_data, municipality_profile
    from ..importers.municipality import load_municipality
    from ..models import District

    if if_empty and db.session.scalar(select(func.count(District.id))):
        geodata_dir, reference_dir = data_dirs()
        record = in_transaction(lambda: load_municipality(municipality_profile(geodata_dir), reference_dir))
        click.echo(f"geodata: database already holds base data; municipality {record.slug} updated")
        return
    geodata_dir, reference_dir = data_dirs()
    report = in_transaction(lambda: load_base_data(geodata_dir, reference_dir, demo=demo))
    click.echo(
        f"geodata: municipality {report.municipality}; loaded "
        + ", ".join(f"{name} {count}" for name, count in report.counts.items())
    )
    _echo_agreement("schools in the Stadtteil OpenStreetMap names for them", report.agreement)
    if report.leave_one_out:
        _echo_agreement("the same with each school left out of the seeds in turn", report.leave_one_out)


def _echo_agreement(what: str, agreement) -> None:
    click.echo(f"geodata: {what}: {agreement.matched}/{agreement.total} ({agreement.share:.0%})")
    for mismatch in agreement.mismatches:
        click.echo(f"  mismatch: {mismatch}")


@geodata_cli.command("import-districts")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--level", type=click.Choice(["bezirk", "stadtteil", "quarter"]), required=True)
@click.option("--name-field", required=True, help="The attribute that holds each district's name.")
@click.option("--srid", type=int, default=None, help="Reference system of the file (default: from the file).")
def import_districts_command(path: Path, level: str, name_field: str, srid: int | None) -> None:
    """Replace one level's boundaries with an official GeoJSON or Shapefile, then re-assign every place."""
    from ..districts.official_files import import_district_file

    count = in_transaction(lambda: import_district_file(path, level=level, name_field=name_field, srid=srid))
    click.echo(f"geodata: imported {count} {level} boundaries from {path.name}; places re-assigned")


@geodata_cli.command("import-population")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_population_command(path: Path) -> None:
    """Load real population figures (columns: district, population, optional age_<min>_<max>)."""
    from ..districts.population import import_population_table

    count = in_transaction(lambda: import_population_table(path))
    click.echo(f"geodata: population of {count} districts imported from {path.name}")
