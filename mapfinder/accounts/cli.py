"""``flask users create`` (password from stdin, or an invitation by e-mail) and ``flask users list``."""

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..editing import ValidationError
from ..extensions import db
from ..models import Role, User
from .service import create_user, send_invitation

users_cli = AppGroup("users", help="Accounts of editors, reviewers and administrators.")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\n")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice([role.value for role in Role]), default=Role.EDITOR.value, show_default=True)
@click.option("--organization", "organization_key", help="Key of the organisation (required for editors).")
@click.option("--name", help="The person's name, shown in the history.")
@click.option("--invite", is_flag=True, help="Send an invitation e-mail instead of reading a password from stdin.")
def create_command(email: str, role: str, organization_key: str | None, name: str | None, invite: bool) -> None:
    """Create an account; the password is read from stdin (at least 10 characters) unless --invite is given."""
    password = None if invite else _read_password()
    try:
        user = create_user(email, role=Role(role), organization_key=organization_key, name=name, password=password)
    except ValidationError as error:
        db.session.rollback()
        raise click.ClickException(
            "; ".join(f"{field}: {message}" for field, message in error.errors.items())
        ) from None
    db.session.commit()
    if invite and not send_invitation(user):
        raise click.ClickException(f"account {user.email} created, but the invitation could not be sent (see log)")
    click.echo(f"users: created {user.role.value} {user.email}" + (" and sent an invitation" if invite else ""))


@users_cli.command("list")
def list_command() -> None:
    """Every account with role and organisation."""
    for user in db.session.scalars(select(User).order_by(User.email)):
        organization = user.organization.key if user.organization else "-"
        click.echo(f"{user.email}\t{user.role.value}\t{organization}\t{'active' if user.active else 'inactive'}")
