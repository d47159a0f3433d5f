"""``flask translate extract|update|compile|drafts``: interface catalogs and machine drafts of offer texts."""

import subprocess
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .common import in_transaction

translate_cli = AppGroup("translate", help="Extract, update and compile the interface translations.")
PACKAGE_DIR = Path(__file__).resolve().parent.parent


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
    from ..machine_translation import draft_missing_translations
    from ..services import find_service

    if locale not in current_app.config["LANGUAGES"] or locale == "de":
        raise click.BadParameter(f"{locale!r} is not a configured translation language", param_hint="--locale")
    translator = find_service("translator")
    if translator is None:
        raise click.ClickException("no translator configured (set MAPFINDER_TRANSLATOR and MAPFINDER_TRANSLATOR_URL)")
    count = in_transaction(lambda: draft_missing_translations(translator, locale, limit=limit))
    click.echo(f"translate: {count} machine drafts into {locale}")


@translate_cli.command("compile")
def compile_command() -> None:
    """Compile the catalogs (the set-up does this too; compiled files are not committed)."""
    _pybabel("compile", "-d", "mapfinder/translations")
