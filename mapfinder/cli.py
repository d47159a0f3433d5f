"""Command-line interface: ``flask geodata …``, ``flask demo …``, ``flask translate …``."""
import logging
import subprocess
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from .extensions import db
from .importers.records import DataFileError
from .read_model import analyze, bulk_refresh

logger = logging.getLogger(__name__)
geodata_cli = AppGroup("geodata", help="Load the base data of Mülheim and official boundary or population files.")
demo_cli = AppGroup("demo", help="Demo and benchmark data.")
translate_cli = AppGroup("translate", help="Extract, update and compile the interface translations.")
PACKAGE_DIR = Path(__file__).resolve().parent


def init_app(app: Flask) -> None:
    """Register the command groups."""
    from .commands_geocoding import geocode_cli, import_cli

    for group in (geodata_cli, demo_cli, translate_cli, geocode_cli, import_cli):
        app.cli.add_command(group)


def _dirs() -> tuple[Path, Path]:
    return Path(current_app.config["GEODATA_DIR"]), Path(current_app.config["REFERENCE_DATA_DIR"])


def _in_transaction(action):
    """Run ``action`` and commit; a data file error rolls everything back and exits with its message."""
    try:
        with bulk_refresh():
            result = action()
        db.session.commit()
    except DataFileError as error:
        db.session.rollback()
        raise click.ClickException(f"nothing loaded: {error}") from error
    analyze()
    return result


@geodata_cli.command("load")
@click.option("--demo", is_flag=True, help="Also load the demo offers (flagged as demo data).")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already holds districts.")
def load_command(demo: bool, if_empty: bool) -> None:
    """Load taxonomy, districts, population and places (idempotent)."""
    from .importers.base_data import load_base_data
    from .models import District

    if if_empty and db.session.scalar(select(func.count(District.id))):
        click.echo("geodata: database already holds base data; nothing to do")
        return
    geodata_dir, reference_dir = _dirs()
    report = _in_transaction(lambda: load_base_data(geodata_dir, reference_dir, demo=demo))
    click.echo("geodata: loaded " + ", ".join(f"{name} {count}" for name, count in report.counts.items()))
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
    from .importers.district_files import import_district_file

    count = _in_transaction(lambda: import_district_file(path, level=level, name_field=name_field, srid=srid))
    click.echo(f"geodata: imported {count} {level} boundaries from {path.name}; places re-assigned")


@geodata_cli.command("import-population")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_population_command(path: Path) -> None:
    """Load real population figures (columns: district, population, optional age_<min>_<max>)."""
    from .importers.population import import_population_table

    count = _in_transaction(lambda: import_population_table(path))
    click.echo(f"geodata: population of {count} districts imported from {path.name}")


@demo_cli.command("generate")
@click.option("--offers", "offer_count", type=click.IntRange(1, 1_000_000), required=True)
@click.option("--seed", type=int, default=1, show_default=True)
def generate_command(offer_count: int, seed: int) -> None:
    """Add a reproducible synthetic data set of N offers (for benchmarks), replacing an earlier one."""
    from .importers.synthetic import generate_offers

    count = _in_transaction(lambda: generate_offers(offer_count, seed=seed))
    click.echo(f"demo: generated {count} synthetic offers (seed {seed})")


def _pybabel(*args: str) -> None:
    """Run the pybabel of this interpreter's environment from the project folder."""
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), *args], check=True, cwd=PACKAGE_DIR.parent)


@translate_cli.command("extract")
def extract_command() -> None:
    """Collect the interface texts into mapfinder/translations/messages.pot."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-o", "mapfinder/translations/messages.pot", ".")


@translate_cli.command("update")
def update_command() -> None:
    """Merge the template into every language's catalog (new languages are initialised)."""
    for locale in current_app.config["LANGUAGES"]:
        catalog = PACKAGE_DIR / "translations" / locale / "LC_MESSAGES" / "messages.po"
        verb = "update" if catalog.exists() else "init"
        _pybabel(verb, "-i", "mapfinder/translations/messages.pot", "-d", "mapfinder/translations", "-l", locale)


@translate_cli.command("drafts")
@click.option("--locale", required=True, help="Target language, e.g. ru.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many offers.")
def drafts_command(locale: str, limit: int | None) -> None:
    """Machine drafts of missing offer translations (status `machine`, shown with a notice)."""
    from .machine_translation import configured_translator, draft_missing_translations

    if locale not in current_app.config["LANGUAGES"] or locale == "de":
        raise click.BadParameter(f"{locale!r} is not a configured translation language", param_hint="--locale")
    translator = configured_translator()
    if translator is None:
        raise click.ClickException("no translator configured (set MAPFINDER_TRANSLATOR and MAPFINDER_TRANSLATOR_URL)")
    count = _in_transaction(lambda: draft_missing_translations(translator, locale, limit=limit))
    click.echo(f"translate: {count} machine drafts into {locale}")


@translate_cli.command("compile")
def compile_command() -> None:
    """Compile the catalogs (the set-up does this too; compiled files are not committed)."""
    _pybabel("compile", "-d", "mapfinder/translations")
