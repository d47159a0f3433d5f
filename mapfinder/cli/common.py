"""Shared pieces of the command groups: the data folders and "commit or refuse the whole file"."""
from pathlib import Path

import click
from flask import current_app

from ..extensions import db
from ..importers.records import DataFileError


def data_dirs() -> tuple[Path, Path]:
    """The project's base-data folder and the folder of the real reference data."""
    return Path(current_app.config["GEODATA_DIR"]), Path(current_app.config["REFERENCE_DATA_DIR"])


def in_transaction(action):
    """Run ``action`` and commit; a data file error rolls everything back and exits with its message."""
    try:
        result = action()
        db.session.commit()
        return result
    except DataFileError as error:
        db.session.rollback()
        raise click.ClickException(f"nothing loaded: {error}") from error
