"""An issue as a mail: HTML for mail clients (CSS inlined, no remote images, no trackers) with a plain-text part,
and the one-click unsubscribe headers of RFC 8058."""

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import css_inline
from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from markupsafe import Markup

from ..i18n import _, text_direction
from ..mail import DEVELOPMENT_URL, Mail, external_url
from ..models import NewsletterIssue, Subscription
from ..municipality import current_municipality
from .edition import Edition, Preferences, build_edition
from .subscriptions import manage_url, unsubscribe_url

logger = logging.getLogger(__name__)
MAIL_CSS = Path(__file__).with_name("mail.css")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n){2,}")


def preferences_of(subscription: Subscription) -> Preferences:
    """A subscriber's choices as edition preferences."""
    return Preferences(
        tuple(subscription.phases or ()),
        tuple(subscription.districts or ()),
        subscription.professional,
        tuple(current_app.config.get("NEWSLETTER_PROFESSIONAL_CATEGORIES") or ()),
    )


def issue_mail(issue: NewsletterIssue, subscription: Subscription, *, cache: dict | None = None) -> Mail | None:
    """The subscriber's edition as a mail in their language, or None when nothing of the issue is for them
    (``cache``: the issue's items per locale, shared by the mails of one run)."""
    locale = subscription.locale
    with mail_context(locale):
        edition = build_edition(issue, locale, preferences_of(subscription), cache=cache)
        if edition.is_empty:
            return None
        links = {"manage_url": manage_url(subscription), "unsubscribe_url": unsubscribe_url(subscription)}
        subject = _("Newsletter %(network)s: %(period)s", network=_network_name(), period=period_label(issue))
        html = render_mail_html(edition, links)
        text = _BLANK_LINES.sub(
            "\n\n", render_template("newsletter/mail.txt", edition=edition, link=external_url, **links)
        )
    headers = (
        ("List-Unsubscribe", f"<{links['unsubscribe_url']}>"),
        ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
    )
    return Mail(subscription.email, subject, text, html=html, headers=headers)


def render_mail_html(edition: Edition, links: dict) -> str:
    """The HTML part with every style rule inlined (mail clients drop ``<style>`` blocks)."""
    page = render_template(
        "newsletter/mail.html",
        edition=edition,
        link=external_url,
        mail_css=Markup(MAIL_CSS.read_text(encoding="utf-8")),  # the project's own file, not input
        direction=text_direction(edition.locale),
        **links,
    )
    return css_inline.inline(page)


def period_label(issue: NewsletterIssue) -> str:
    """``Q4 2026`` / ``11/2026`` as a reader sees the period."""
    year, _sep, part = issue.slug.partition("-")
    if part.startswith("q"):
        return _("%(quarter)s. Quartal %(year)s", quarter=part[1:], year=year)
    return f"{part}/{year}"


def _network_name() -> str:
    return current_municipality().network_name


@contextmanager
def mail_context(locale: str) -> Iterator[None]:
    """Render in ``locale``; outside a request (a command) in a request context of the public address, so links
    and templates work as on the site."""
    if has_request_context():
        with force_locale(locale):
            yield
        return
    base_url = current_app.config.get("PUBLIC_URL") or DEVELOPMENT_URL
    with current_app.test_request_context(base_url=base_url), force_locale(locale):
        yield
