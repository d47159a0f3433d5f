"""The public newsletter: archive, one issue, subscription with double opt-in, the subscriber's page and the
one-click unsubscribe of RFC 8058 (the only POST here without a CSRF token: the signed link is the authority)."""

from dataclasses import asdict

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import get_locale

from ..extensions import csrf, db
from ..newsletter import pages, subscriptions
from ..newsletter.render import period_label

blueprint = Blueprint("newsletter", __name__, url_prefix="/newsletter")
blueprint.add_app_template_global(period_label, "newsletter_period")


def _locale() -> str:
    return str(get_locale())


def _invalid_link():
    return render_template("newsletter/invalid.html"), 404


@blueprint.get("")
def archive():
    """Every released issue, newest first."""
    return render_template("newsletter/archive.html", issues=pages.released_issues())


@blueprint.get("/<slug>")
def issue(slug: str):
    """One released issue in the reader's language (German stand-ins marked)."""
    edition = pages.released_edition(slug, _locale())
    if edition is None:
        abort(404)
    return render_template("newsletter/issue.html", edition=edition)


@blueprint.get("/subscribe")
def subscribe_form():
    """The subscription form."""
    form = pages.subscribe_form(_locale(), current_app.config["LANGUAGES"])
    return render_template("newsletter/subscribe.html", form=form)


@blueprint.post("/subscribe")
def subscribe():
    """Record a request and answer the same whether the address is known or not."""
    form = pages.subscribe_form(_locale(), current_app.config["LANGUAGES"])
    values, errors = subscriptions.parse_form(
        request.form, phases=form.phase_codes, districts=form.district_slugs, locales=form.locales
    )
    if errors:
        form.values, form.errors = asdict(values), errors
        return render_template("newsletter/subscribe.html", form=form), 400
    subscriptions.request_subscription(values)
    db.session.commit()
    return render_template("newsletter/requested.html")


@blueprint.get("/confirm/<token>")
def confirm_page(token: str):
    """The confirmation link: a button confirms (a mail scanner following the link confirms nothing)."""
    subscription = subscriptions.pending_by_token(token)
    if subscription is None:
        return _invalid_link()
    return render_template("newsletter/confirm.html", token=token, confirmed=subscription.confirmed_at is not None)


@blueprint.post("/confirm/<token>")
def confirm(token: str):
    """Confirm the subscription."""
    subscription = subscriptions.confirm(token)
    if subscription is None:
        return _invalid_link()
    db.session.commit()
    manage_url = subscriptions.manage_url(subscription)
    return render_template("newsletter/confirmed.html", manage_url=manage_url)


@blueprint.get("/manage/<token>")
def manage(token: str):
    """What is stored about the subscriber, with a button that deletes it."""
    subscription = subscriptions.by_manage_token(token)
    if subscription is None:
        return _invalid_link()
    return render_template("newsletter/manage.html", page=pages.subscriber_page(subscription, _locale()), token=token)


@blueprint.post("/manage/<token>/delete")
def delete(token: str):
    """Delete the subscription and everything stored with it."""
    if not subscriptions.delete_subscription(token):
        return _invalid_link()
    db.session.commit()
    return render_template("newsletter/deleted.html")


@blueprint.get("/unsubscribe/<token>")
def unsubscribe_page(token: str):
    """The unsubscribe link opened in a browser: one button."""
    if subscriptions.by_manage_token(token) is None:
        return _invalid_link()
    return render_template("newsletter/unsubscribe.html", token=token)


@blueprint.post("/unsubscribe/<token>")
@csrf.exempt
def unsubscribe(token: str):
    """One-click unsubscribe (RFC 8058): a mail client POSTs ``List-Unsubscribe=One-Click`` without a session."""
    if not subscriptions.delete_subscription(token):
        return _invalid_link()
    db.session.commit()
    return render_template("newsletter/deleted.html")
