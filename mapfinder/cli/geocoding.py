"""Command-line interface: ``flask geocode address|pending`` and ``flask import places|offers``."""

import logging
from collections import Counter
from pathlib import Path

import click
from flask.cli import AppGroup

from ..extensions import db
from ..geocoding import PlaceResult, geocode_address, geocode_place, pending_place_ids
from ..importers.records import DataFileError
from ..models import GeocodeStatus, Place
from ..read_model import analyze

logger = logging.getLogger(__name__)
geocode_cli = AppGroup("geocode", help="Geocode an address, or every place still without a point.")
import_cli = AppGroup("import", help="Import places or offers with addresses from a partner's CSV file.")
COMMIT_EVERY = 25  # a long run at one request per second keeps its progress when interrupted
_LISTED_KEYS = 5


@geocode_cli.command("address")
@click.argument("query")
def address_command(query: str) -> None:
    """Print latitude, longitude, precision and provider of one address."""
    outcome = geocode_address(query)
    db.session.commit()  # the cache entry
    if not outcome.found:
        raise click.ClickException(f"no point ({outcome.provider}): {outcome.reason}")
    click.echo(f"latitude:  {outcome.lat:.7f}")
    click.echo(f"longitude: {outcome.lon:.7f}")
    click.echo(f"precision: {outcome.precision}")
    click.echo(f"provider:  {outcome.provider}{' (from cache)' if outcome.from_cache else ''}")


@geocode_cli.command("pending")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Geocode at most N places.")
def pending_command(limit: int | None) -> None:
    """Geocode every place still without a point (pending or failed), then assign its districts."""
    place_ids, results = pending_place_ids(limit), []
    with click.progressbar(place_ids, label="geocoding", show_pos=True) as bar:
        for number, place_id in enumerate(bar, start=1):
            results.append(geocode_place(db.session.get(Place, place_id)))
            if number % COMMIT_EVERY == 0:
                db.session.commit()
    db.session.commit()
    _echo_geocoding_summary(results)


def _echo_geocoding_summary(results: list[PlaceResult]) -> None:
    done = [result for result in results if result.status is GeocodeStatus.OK]
    failed = [result for result in results if result.status is GeocodeStatus.FAILED]
    cached = sum(result.from_cache for result in results)
    click.echo(f"geocode: {len(results)} places: {len(done)} done, {cached} from cache, {len(failed)} failed")
    for reason, count in Counter(result.reason for result in failed).most_common():
        keys = [result.key for result in failed if result.reason == reason]
        more = f" … and {len(keys) - _LISTED_KEYS} more" if len(keys) > _LISTED_KEYS else ""
        click.echo(f"  {count} × {reason} ({', '.join(keys[:_LISTED_KEYS])}{more})")


@import_cli.command("places")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_places_command(path: Path) -> None:
    """Places with addresses (columns: docs/csv-import.md); bad rows are reported, good rows kept."""
    from ..importers.csv_import import import_places_csv

    _run_import(lambda: import_places_csv(path, each=_with_progress))


@import_cli.command("offers")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--publish", is_flag=True, help="Publish new offers at once (default: they start as drafts for review).")
def import_offers_command(path: Path, publish: bool) -> None:
    """Offers referring to places by key or by address (columns: docs/csv-import.md); existing offers keep their
    status, so an archived offer is never republished by a re-import."""
    from ..importers.csv_import import import_offers_csv
    from ..models import OfferStatus

    status = OfferStatus.PUBLISHED if publish else OfferStatus.DRAFT
    _run_import(lambda: import_offers_csv(path, each=_with_progress, new_status=status))


def _with_progress(records):
    """The rows, with a progress bar on the terminal (online geocoding takes about a second a row)."""
    with click.progressbar(records, label="importing", show_pos=True) as bar:
        yield from bar


def _run_import(action) -> None:
    """Import and commit the good rows; exit with status 1 when some rows were bad."""
    try:
        report = action()
    except DataFileError as error:
        db.session.rollback()
        raise click.ClickException(f"nothing imported: {error}") from error
    db.session.commit()
    analyze()
    _echo_import_report(report)
    if report.bad_rows:
        raise SystemExit(1)


def _echo_import_report(report) -> None:
    click.echo(
        f"import: {report.path.name}: {report.rows} rows, {len(report.imported)} imported, {len(report.bad_rows)} bad"
    )
    for error in report.bad_rows:
        click.echo(f"  bad {error.record}, field '{error.field}': {error.problem}")
    _echo_import_geocoding(report)


def _echo_import_geocoding(report) -> None:
    located, failed = report.places_with(GeocodeStatus.OK), report.places_with(GeocodeStatus.FAILED)
    manual = report.places_with(GeocodeStatus.MANUAL)
    cached = sum(result.from_cache for _, result in report.geocoded)
    click.echo(
        f"geocode: {len(located)} places with a point ({cached} from cache), {len(failed)} failed "
        f"(kept without a point), {len(manual)} hand-set kept"
    )
    for where, result in failed:
        click.echo(f"  failed {where}, place {result.key}: {result.reason}")
