"""``flask feedback purge``: delete readers' e-mail and IP addresses after the configured period (for cron)."""

import click
from flask.cli import AppGroup

from ..extensions import db
from .service import purge_personal_data

feedback_cli = AppGroup("feedback", help="Readers' reports.")


@feedback_cli.command("purge")
@click.option("--days", type=click.IntRange(min=0), default=None, help="Override FEEDBACK_RETENTION_DAYS.")
def purge(days: int | None) -> None:
    """Delete e-mail and IP address of reports older than the retention period; the reports stay."""
    count = purge_personal_data(days=days)
    db.session.commit()
    click.echo(f"personal data deleted from {count} report(s)")
