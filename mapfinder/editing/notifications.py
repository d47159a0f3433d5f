"""Mails about review decisions to the editor who asked for them."""

import logging

from ..i18n import _
from ..mail import Mail, external_url, send_mail
from ..models import Offer, User

logger = logging.getLogger(__name__)


def notify_decision(offer: Offer, *, recipient: User | None, published: bool, comment: str | None = None) -> None:
    """Tell the author that their offer or change was published, or sent back with the reviewer's comment."""
    if recipient is None or not recipient.active:
        logger.info("no one to notify about offer %s", offer.id)
        return
    link = external_url("edit.offer_form", offer_id=offer.id)
    if published:
        subject = _("Veröffentlicht: %(title)s", title=offer.title)
        body = _(
            "Guten Tag,\n\n„%(title)s“ ist jetzt in der Angebotskarte zu sehen.\n\n%(link)s",
            title=offer.title,
            link=link,
        )
    else:
        subject = _("Bitte überarbeiten: %(title)s", title=offer.title)
        body = _(
            "Guten Tag,\n\n„%(title)s“ wurde mit dieser Anmerkung an Sie zurückgegeben:\n\n%(comment)s\n\n"
            "Zum Angebot: %(link)s",
            title=offer.title,
            comment=comment,
            link=link,
        )
    send_mail(Mail(recipient.email, subject, body))
