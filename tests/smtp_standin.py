"""A loopback SMTP server (aiosmtpd) that keeps every message it receives, so tests read real mails."""

import email
import email.policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"
PORTS = range(5620, 5630)


class Mailbox:
    """The messages received, oldest first."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        # When set, the server refuses every message after this many (a server failing in the middle of a run).
        self.accept_limit: int | None = None

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls this hook by name
        if self.accept_limit is not None and len(self.messages) >= self.accept_limit:
            return "451 4.3.0 stand-in refuses further messages"
        self.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        """Messages addressed to ``address``."""
        return [message for message in self.messages if message["To"] == address]

    @staticmethod
    def text(message: EmailMessage) -> str:
        """The plain-text body."""
        return message.get_content()


def start_server() -> tuple[Controller, Mailbox]:
    """A running server on the first free port of 5620–5629."""
    mailbox = Mailbox()
    for port in PORTS:
        controller = Controller(mailbox, hostname=HOST, port=port)
        try:
            controller.start()
        except (OSError, RuntimeError):
            continue
        return controller, mailbox
    raise RuntimeError("no free port for the SMTP stand-in in 5620–5629")
