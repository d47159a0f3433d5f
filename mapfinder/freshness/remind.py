"""Reminder digests (``flask freshness remind``, run daily by cron): each organisation's editors get one mail
listing its offers whose confirmation reached the reminder age, each with a link that confirms it (a signed,
expiring link to a page with the button) and one to its edit form. Idempotent: every offer is named once per
confirmation and stage (due, stale, withdrawn), recorded in ``freshness_reminders``."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import format_date, ngettext
from sqlalchemy import or_, select

from ..extensions import db
from ..i18n import _
from ..mail import Mail, external_url, send_mail
from ..models import FreshnessReminder, Offer, OfferStatus, Organization, Role, User
from .ages import Ages, Freshness, cutoff, freshness_of
from .confirm import confirm_token

logger = logging.getLogger(__name__)


@dataclass
class RemindSummary:
    """What one run did."""

    digests: int = 0
    offers: int = 0
    mails: int = 0
    without_editors: list[str] = field(default_factory=list)


def due_offers(*, now: datetime, ages: Ages) -> list[tuple[Offer, Freshness]]:
    """Published, not ended offers at the reminder age or older that no reminder has named in their stage yet."""
    candidates = db.session.scalars(
        select(Offer)
        .where(
            Offer.status == OfferStatus.PUBLISHED,
            Offer.verified_at < cutoff(now, ages.remind),
            or_(Offer.ends_on.is_(None), Offer.ends_on >= now.date()),
            Offer.organization_id.is_not(None),
        )
        .order_by(Offer.verified_at, Offer.id)
    )
    staged = [(offer, freshness_of(offer.verified_at, now=now, ages=ages)) for offer in candidates]
    sent = _sent_keys([offer.id for offer, _stage in staged])
    return [(offer, stage) for offer, stage in staged if (offer.id, offer.verified_at, stage.value) not in sent]


def _sent_keys(offer_ids: list[int]) -> set[tuple]:
    rows = db.session.execute(
        select(FreshnessReminder.offer_id, FreshnessReminder.verified_at, FreshnessReminder.stage).where(
            FreshnessReminder.offer_id.in_(offer_ids)
        )
    )
    return {tuple(row) for row in rows}


def send_reminders(*, now: datetime, ages: Ages | None = None) -> RemindSummary:
    """Mail every organisation with offers due one digest per active editor; commits per organisation."""
    ages = ages or Ages.configured()
    by_organization: dict[int, list[tuple[Offer, Freshness]]] = defaultdict(list)
    for offer, stage in due_offers(now=now, ages=ages):
        by_organization[offer.organization_id].append((offer, stage))
    summary = RemindSummary()
    for organization_id, items in by_organization.items():
        _remind_organization(db.session.get(Organization, organization_id), items, ages, summary, now)
    return summary


def _remind_organization(organization: Organization, items, ages: Ages, summary: RemindSummary, now) -> None:
    editors = _editors(organization)
    if not editors:
        logger.warning("organisation %s has offers due but no active editor", organization.key)
        summary.without_editors.append(organization.name)
        return
    delivered = sum(send_mail(digest_mail(organization, editor, items, ages)) for editor in editors)
    if not delivered:
        logger.error("no reminder for organisation %s could be delivered; trying again next run", organization.key)
        return
    for offer, stage in items:
        db.session.add(FreshnessReminder(offer_id=offer.id, verified_at=offer.verified_at, stage=stage.value))
    db.session.commit()
    summary.digests += 1
    summary.offers += len(items)
    summary.mails += delivered


def _editors(organization: Organization) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.organization_id == organization.id, User.role == Role.EDITOR, User.active)
            .order_by(User.id)
        )
    )


def digest_mail(organization: Organization, editor: User, items, ages: Ages) -> Mail:
    """One editor's digest: the organisation's due offers, each with its confirm and edit links."""
    subject = ngettext(
        "Bitte prüfen: %(num)s Angebot von %(organization)s",
        "Bitte prüfen: %(num)s Angebote von %(organization)s",
        len(items),
        organization=organization.name,
    )
    intro = _(
        "Guten Tag,\n\ndiese Angebote von %(organization)s wurden seit mindestens %(months)s Monaten nicht "
        "bestätigt. Bitte prüfen Sie, ob sie noch stimmen. Stimmt alles, genügt ein Klick auf „Bestätigen“; "
        "sonst ändern Sie das Angebot im Formular.\n\nNach %(notice)s Monaten sehen Leserinnen und Leser einen "
        "Hinweis, nach %(withdraw)s Monaten erscheint das Angebot nicht mehr in der Angebotskarte, bis es "
        "bestätigt wird. Gelöscht wird nichts.",
        organization=organization.name,
        months=ages.remind,
        notice=ages.notice,
        withdraw=ages.withdraw,
    )
    entries = [_entry(offer, stage, editor) for offer, stage in items]
    return Mail(editor.email, subject, "\n\n".join([intro, *entries]))


def _entry(offer: Offer, stage: Freshness, editor: User) -> str:
    state = {
        Freshness.STALE: _("Leserinnen und Leser sehen einen Hinweis"),
        Freshness.WITHDRAWN: _("nicht mehr in der Angebotskarte"),
    }.get(stage)
    heading = _(
        "„%(title)s“, zuletzt geprüft am %(date)s", title=offer.title, date=format_date(offer.verified_at, "long")
    )
    lines = [f"{heading} ({state})" if state else heading]
    lines.append(
        _("Bestätigen: %(link)s", link=external_url("freshness.confirm_link", token=confirm_token(offer, editor)))
    )
    lines.append(_("Bearbeiten: %(link)s", link=external_url("edit.offer_form", offer_id=offer.id)))
    return "\n".join(lines)
