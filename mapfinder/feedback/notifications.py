"""Mails about reports: to the organisation's editors (or the Bildungsbüro) when one arrives, and the moderator's
reply to the reader, in the reader's language."""

import logging

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from ..extensions import db
from ..i18n import _
from ..mail import Mail, external_url, send_mail
from ..models import Report, Role, User
from .labels import kind_label, status_label, subject_label

logger = logging.getLogger(__name__)


def recipients_of(report: Report) -> list[str]:
    """The organisation's active editors; the Bildungsbüro (reviewers and admins) when there are none."""
    active = select(User.email).where(User.active.is_(True)).order_by(User.email)
    if report.organization_id is not None:
        editors = list(db.session.scalars(active.where(User.organization_id == report.organization_id)))
        if editors:
            return editors
    return list(db.session.scalars(active.where(User.role.in_([Role.REVIEWER, Role.ADMIN]))))


def notify_new_report(report: Report) -> int:
    """Tell whoever handles the report that it arrived (in the portal's default language); the mails sent."""
    recipients = recipients_of(report)
    if not recipients:
        logger.warning("report %s: nobody to notify", report.reference)
        return 0
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        mail_subject = _("Neue Meldung %(reference)s: %(title)s", reference=report.reference, title=_title(report))
        body = _(
            "Guten Tag,\n\nzu „%(title)s“ (%(subject)s) ist eine Meldung eingegangen.\n\nWas stimmt nicht: "
            "%(kind)s\n\n%(text)s\n\nZur Meldung: %(link)s",
            title=_title(report),
            subject=subject_label(report.subject_type),
            kind=kind_label(report.kind),
            text=report.text,
            link=external_url("moderation.report_detail", report_id=report.id),
        )
    return sum(send_mail(Mail(address, mail_subject, body)) for address in recipients)


def send_reply(report: Report) -> bool:
    """The moderator's reply to the reader, framed in the language the reader wrote in."""
    if not report.email or not report.reply:
        return False
    with force_locale(report.language):
        mail_subject = _("Ihre Meldung %(reference)s", reference=report.reference)
        body = _(
            "Guten Tag,\n\nvielen Dank für Ihre Meldung %(reference)s zu „%(title)s“. Sie ist jetzt "
            "abgeschlossen (%(status)s). Die Redaktion schreibt Ihnen:\n\n%(reply)s\n\n"
            "Bitte antworten Sie nicht auf diese E-Mail. Eine neue Meldung können Sie hier schicken: %(link)s",
            reference=report.reference,
            title=_title(report),
            status=status_label(report.status),
            reply=report.reply,
            link=external_url("feedback.general"),
        )
    return send_mail(Mail(report.email, mail_subject, body))


def _title(report: Report) -> str:
    return report.subject_title or subject_label(report.subject_type)
