"""``flask newsletter generate|send|purge``: the issue of a period, sending it, removing unconfirmed requests."""

from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db

newsletter_cli = AppGroup("newsletter", help="The newsletter: generate issues, send them, purge requests.")


@newsletter_cli.command("generate")
@click.option("--period", help="2026-Q4 (quarter) or 2026-11 (month); default: the current period")
@click.option("--previous", is_flag=True, help="the period before the current one (for a cron job on its first day)")
def generate_command(period: str | None, previous: bool) -> None:
    """Generate the period's issue from the change log (a draft is rebuilt, pins and drops kept)."""
    from ..newsletter.compose import IssueReleased, generate_issue
    from ..newsletter.periods import parse_period, period_of, previous_period

    config, today = current_app.config, date.today()
    try:
        chosen = parse_period(period) if period else period_of(today, config["NEWSLETTER_PERIOD"])
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--period") from error
    if previous:
        chosen = previous_period(chosen, config["NEWSLETTER_PERIOD"])
    try:
        issue = generate_issue(chosen, today=today, soon_days=config["NEWSLETTER_SOON_DAYS"])
    except IssueReleased as error:
        raise click.ClickException(f"issue {error} is released; it is not generated again") from error
    db.session.commit()
    click.echo(f"newsletter: issue {issue.slug} ({issue.period_start} – {issue.period_end}) with {_summary(issue)}")


def _summary(issue) -> str:
    counts: dict[str, int] = {}
    for entry in issue.entries:
        counts[entry.section.value] = counts.get(entry.section.value, 0) + 1
    parts = [f"{counts.get(name, 0)} {name}" for name in ("new", "changed", "ending", "upcoming", "network")]
    return ", ".join(parts) + " entries; edit and release it at /edit/newsletter/" + issue.slug


@newsletter_cli.command("send")
@click.argument("issue_slug")
@click.option("--batch-size", type=click.IntRange(1, 10_000), help="subscribers per batch (default: the setting)")
def send_command(issue_slug: str, batch_size: int | None) -> None:
    """Mail a released issue to every confirmed subscriber; a rerun sends only to those not reached yet."""
    from ..newsletter.sending import NotReleased, find_issue, send_issue

    issue = find_issue(issue_slug)
    if issue is None:
        raise click.ClickException(f"no issue {issue_slug!r}")
    config = current_app.config
    try:
        report = send_issue(
            issue, batch_size=batch_size or config["NEWSLETTER_BATCH_SIZE"], pause=config["NEWSLETTER_BATCH_PAUSE"]
        )
    except NotReleased as error:
        raise click.ClickException(f"issue {error} is not released yet (/edit/newsletter)") from error
    click.echo(
        f"newsletter {issue.slug}: {report.sent} sent, {report.already_sent} sent before, {report.empty} without "
        f"entries for their preferences, {report.uncertain} of unknown outcome (not repeated)"
    )
    if report.stopped:
        raise click.ClickException("the mail server refused a message; run the command again to send the rest")


@newsletter_cli.command("purge")
def purge_command() -> None:
    """Delete subscription requests that were not confirmed in time."""
    from ..newsletter.subscriptions import purge_unconfirmed

    count = purge_unconfirmed()
    db.session.commit()
    click.echo(f"newsletter: {count} unconfirmed requests deleted")
