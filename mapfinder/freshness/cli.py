"""``flask freshness remind``: the daily reminder run (for cron)."""

import logging

import click
from flask.cli import AppGroup

from ..models.base import utcnow
from .remind import send_reminders

logger = logging.getLogger(__name__)
freshness_cli = AppGroup("freshness", help="Verified-on dates: reminders to editors.")


@freshness_cli.command("remind")
def remind_command() -> None:
    """Mail each organisation's editors one digest of their offers due for a check (never twice per stage)."""
    summary = send_reminders(now=utcnow())
    click.echo(f"{summary.digests} digest(s) for {summary.offers} offer(s), {summary.mails} mail(s) sent")
    for name in summary.without_editors:
        click.echo(f"no active editor, nothing sent: {name}", err=True)
