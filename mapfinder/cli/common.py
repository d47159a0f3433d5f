"""Shared pieces of the command groups: the data folders and "commit or refuse the whole file"."""

from pathlib import Path

import click
from flask import current_app

from ..extensions import db
from ..importers.records import DataFileError
from ..read_model import analyze, bulk_refresh


def data_dirs() -> tuple[Path, Path]:
    """The project's base-data folder and the folder of the real reference data."""
    return Path(current_app.config["GEODATA_DIR"]), Path(current_app.config["REFERENCE_DATA_DIR"])


def in_transaction(action):
    """Run ``action`` as a bulk load (the read model rebuilt once) and commit, then ``ANALYZE``; a data file error
    rolls everything back and exits with its message."""
    try:
        with bulk_refresh():
            result = action()
        db.session.commit()
    except DataFileError as error:
        db.session.rollback()
        raise click.ClickException(f"nothing loaded: {error}") from error
    analyze()
    return result
