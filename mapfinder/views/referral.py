"""The referral sheet: readers collect offers (in the URL, mirrored in the session), print them or get a PDF."""

from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale

from .. import pdf_render
from ..input_rules import MAX_ID, valid_ids
from ..referral import (
    ISSUER_KEY,
    MAX_OFFERS,
    SESSION_KEY,
    OfferSelection,
    add_offer_id,
    build_sheet,
    format_offer_ids,
    issuer_line,
    issuer_text,
    parse_offer_ids,
    remove_offer_id,
    sheet_stylesheet,
)

blueprint = Blueprint("referral", __name__)
# The finder engineer's offer page, when it exists; the sheet links there from each QR code.
_OFFER_ENDPOINTS = ("offers.detail",)


@blueprint.app_context_processor
def _referral_count() -> dict:
    return {"referral_ids": stored_ids(), "max_offers": MAX_OFFERS}


def stored_ids() -> list[int]:
    """The offers remembered in the session; a forged or stale value counts as none."""
    return valid_ids(session.get(SESSION_KEY), limit=MAX_OFFERS)


def _known_language(code: str | None) -> str | None:
    return code if code in current_app.config["LANGUAGES"] else None


def _client_lang() -> str:
    """The client's language (``?client=``), the sheet's second column; it never changes the interface, which
    follows ``?lang=`` like every page. Without a choice the sheet speaks the interface's language."""
    return _known_language(request.args.get("client")) or str(get_locale())


def offer_url(offer_id: int) -> str:
    """Absolute URL of an offer's page (its QR code), in the client's language."""
    lang = _client_lang()
    for endpoint in _OFFER_ENDPOINTS:
        if endpoint in current_app.view_functions:
            return url_for(endpoint, offer_id=offer_id, lang=lang, _external=True)
    return f"{url_for('public.index', _external=True)}offers/{offer_id}?lang={lang}"


def _issuer() -> str:
    return issuer_text(session.get(ISSUER_KEY))


def _selection() -> OfferSelection:
    """The offers of ``?offers=``, remembered in the session for the next visit."""
    selection = parse_offer_ids(request.args.get("offers"))
    session[SESSION_KEY] = selection.ids
    return selection


def _sheet_url(ids: list[int], **args) -> str:
    return url_for("referral.sheet", offers=format_offer_ids(ids) or None, **args)


@blueprint.get("/referral")
def sheet():
    """The printable sheet; without ``?offers=`` the session's offers are put into the URL."""
    if "offers" not in request.args and stored_ids():
        return redirect(
            _sheet_url(
                stored_ids(),
                client=_known_language(request.args.get("client")),
                lang=_known_language(request.args.get("lang")),
            )
        )
    sheet = build_sheet(_selection(), lang=_client_lang(), offer_url=offer_url, issuer=_issuer())
    return render_template("referral.html", sheet=sheet, issuer=session.get(ISSUER_KEY) or {})


@blueprint.get("/referral.pdf")
def sheet_pdf():
    """The same sheet as an A4 PDF, rendered on the server."""
    sheet = build_sheet(_selection(), lang=_client_lang(), offer_url=offer_url, issuer=_issuer())
    if not sheet.entries:
        return render_template("referral.html", sheet=sheet), 400
    html = render_template(
        "referral_document.html", sheet=sheet, stylesheet=sheet_stylesheet(current_app.static_folder)
    )
    return Response(
        pdf_render.render_pdf(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="angebote-{sheet.lang}.pdf"'},
    )


def _offer_id_from_form() -> int | None:
    value = request.form.get("offer_id", "")
    return int(value) if value.isdigit() and len(value) <= 10 and 0 < int(value) <= MAX_ID else None


def _safe_next(default: str) -> str:
    """A local URL to go back to (never another host)."""
    target = request.form.get("next", "")
    parts = urlsplit(target)
    return target if target.startswith("/") and not target.startswith("//") and not parts.netloc else default


def _after_change(ids: list[int], target: str):
    session[SESSION_KEY] = ids
    if request.accept_mimetypes.best == "application/json":
        return {"count": len(ids), "offers": ids, "url": _sheet_url(ids), "full": len(ids) >= MAX_OFFERS}
    return redirect(target)


def _client_from_form() -> str | None:
    return _known_language(request.form.get("client"))


@blueprint.post("/referral/add")
def add():
    """Put one offer on the sheet and go back to where the reader was."""
    offer_id = _offer_id_from_form()
    ids = stored_ids()
    ids = add_offer_id(ids, offer_id) if offer_id else ids
    return _after_change(ids, _safe_next(_sheet_url(ids)))


@blueprint.post("/referral/remove")
def remove():
    """Take one offer off the sheet."""
    offer_id = _offer_id_from_form()
    ids = stored_ids()
    ids = remove_offer_id(ids, offer_id) if offer_id else ids
    return _after_change(ids, _sheet_url(ids, client=_client_from_form()))


@blueprint.post("/referral/clear")
def clear():
    """Start a new sheet."""
    return _after_change([], _sheet_url([], client=_client_from_form()))


@blueprint.post("/referral/issuer")
def issuer():
    """Remember the professional's name and service for "Ausgestellt von" (this browser session only)."""
    session[ISSUER_KEY] = issuer_line(request.form.get("name"), request.form.get("service"))
    return redirect(_sheet_url(stored_ids(), client=_client_from_form()))
