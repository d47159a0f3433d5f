"""Accounts: log-in with e-mail and password, sessions that expire, throttled guessing, invitations and password
resets by e-mail with expiring signed links, and the ``flask users`` commands."""

from flask import Flask

from .session import current_user, load_current_user, login_required, reviewer_required


def init_app(app: Flask) -> None:
    """Register the mailer, load the signed-in user for every request, offer it to templates, add the commands."""
    from ..mail import configured_mailer
    from ..services import register_service_factory
    from .cli import users_cli
    from .oidc import configured_provider

    register_service_factory(app, "mailer", configured_mailer)
    register_service_factory(app, "sso", configured_provider)
    app.before_request(load_current_user)
    app.context_processor(lambda: {"current_user": current_user()})
    app.cli.add_command(users_cli)


__all__ = ["current_user", "login_required", "reviewer_required"]
