"""Outgoing e-mail behind one interface: SMTP when ``MAIL_SERVER`` is configured (Flask-Mail's setting names),
otherwise every message is written to the log so a development instance loses nothing."""

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app, has_request_context, url_for

from .services import find_service

logger = logging.getLogger(__name__)
DEVELOPMENT_URL = "http://127.0.0.1:5000"


@dataclass(frozen=True)
class Mail:
    """One message to one recipient: plain text, optionally an HTML alternative and extra headers."""

    to: str
    subject: str
    body: str
    html: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


class LogMailer:
    """Writes messages to the log (no server configured)."""

    def send(self, mail: Mail, sender: str) -> None:
        """Log the whole message, so a link in it can be followed on a development instance."""
        logger.warning(
            "mail (no MAIL_SERVER configured) from %s to %s: %s\n%s", sender, mail.to, mail.subject, mail.body
        )


@dataclass(frozen=True)
class SmtpMailer:
    """Sends through an SMTP server, with STARTTLS and log-in when configured."""

    server: str
    port: int
    use_tls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = 10.0

    def send(self, mail: Mail, sender: str) -> None:
        """Deliver one message; raises ``smtplib.SMTPException`` or ``OSError`` when the server refuses or is gone."""
        with smtplib.SMTP(self.server, self.port, timeout=self.timeout) as smtp:
            if self.use_tls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(_message(mail, sender))


def _message(mail: Mail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, mail.to, mail.subject
    for name, value in mail.headers:
        message[name] = value
    message.set_content(mail.body)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    return message


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail: from the request (or ``PUBLIC_URL``), or when a command sends it from
    ``PUBLIC_URL`` (a development instance: the address ``make run`` serves)."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=current_app.config.get("PUBLIC_URL") or DEVELOPMENT_URL):
        return url_for(endpoint, _external=True, **values)


def configured_mailer(app) -> LogMailer | SmtpMailer:
    """The registry's factory: the mailer the configuration asks for (built per use, so tests can re-point it)."""
    config = app.config
    if not config.get("MAIL_SERVER"):
        return LogMailer()
    return SmtpMailer(
        config["MAIL_SERVER"],
        int(config.get("MAIL_PORT") or 25),
        bool(config.get("MAIL_USE_TLS")),
        config.get("MAIL_USERNAME") or None,
        config.get("MAIL_PASSWORD") or None,
    )


def send_mail(mail: Mail) -> bool:
    """Send a message with the app's mailer; False (and an error in the log) when it could not be delivered."""
    sender = current_app.config.get("MAIL_DEFAULT_SENDER") or "mapfinder@localhost"
    try:
        find_service("mailer").send(mail, sender)
    except (smtplib.SMTPException, OSError) as error:
        logger.error("mail to %s (%s) not delivered: %s", mail.to, mail.subject, error)
        return False
    return True
