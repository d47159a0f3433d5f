"""``flask export hsds DIR``: the open data as files for a data portal."""

import json
import logging
from pathlib import Path

import click
from flask.cli import AppGroup

from .. import hsds

logger = logging.getLogger(__name__)
export_cli = AppGroup("export", help="Open data as files for a data portal.")


@export_cli.command("hsds")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def export_hsds(directory: Path) -> None:
    """Write every HSDS 3.0 object list (services fully nested) as one JSON file each into DIRECTORY."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, records in hsds.export_records():
        path = directory / f"{name}.json"
        path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
        click.echo(f"{path}: {len(records)}")
