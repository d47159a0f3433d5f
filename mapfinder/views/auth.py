"""Log-in (e-mail and password, or single sign-on with the city's account when configured), log-out, password reset
and choosing a password from an invitation or reset link."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for

from ..accounts import oidc, sso
from ..accounts.service import (
    INVITATION,
    RESET,
    LoginRefused,
    authenticate,
    change_password,
    password_problems,
    read_link_token,
    request_password_reset,
)
from ..accounts.session import current_user, login_user, logout_user, signed_on_with_sso
from ..extensions import db
from ..i18n import _

blueprint = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never ``//host`` or another scheme)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("edit.dashboard")


def _login_page(*, email: str = "", next_path: str = "", error: str | None = None, status: int = 200):
    """The log-in page; with the single sign-on button when it is configured."""
    label = None
    if oidc.sso_enabled():
        label = current_app.config.get("OIDC_BUTTON_LABEL") or _("Mit dem Konto der Stadt anmelden")
    page = render_template("auth/login.html", email=email, next=next_path, error=error, sso_label=label)
    return page, status


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    """E-mail and password; throttled per account and address."""
    if request.method == "GET":
        if current_user() is not None:
            return redirect(url_for("edit.dashboard"))
        return _login_page(next_path=request.args.get("next", ""))
    email = request.form.get("email", "")
    try:
        user = authenticate(email, request.form.get("password", ""), address=request.remote_addr or "-")
    except LoginRefused as refused:
        db.session.commit()
        return _login_page(
            email=email, next_path=request.form.get("next", ""), error=refused.message, status=refused.status
        )
    login_user(user)
    db.session.commit()
    return redirect(_safe_next(request.form.get("next")))


@blueprint.post("/login/sso")
def sso_start():
    """Off to the city's provider (404 while single sign-on is not configured); throttled per address."""
    if not oidc.sso_enabled():
        abort(404)
    next_path = request.form.get("next", "")
    try:
        response = sso.start(url_for("auth.sso_callback", _external=True), request.remote_addr or "-")
    except LoginRefused as refused:
        db.session.commit()
        return _login_page(next_path=next_path, error=refused.message, status=refused.status)
    session["sso_next"] = next_path
    return response


@blueprint.get("/login/sso/callback")
def sso_callback():
    """The provider's answer: a verified identity opens its account, anything else ends on the log-in page."""
    if not oidc.sso_enabled():
        abort(404)
    next_path = session.pop("sso_next", "")
    try:
        user, id_token = sso.finish(request.remote_addr or "-")
    except LoginRefused as refused:
        db.session.commit()
        return _login_page(next_path=next_path, error=refused.message, status=refused.status)
    login_user(user, id_token=id_token)
    db.session.commit()
    return redirect(_safe_next(next_path))


@blueprint.post("/logout")
def logout():
    """End the session's sign-in; after a single sign-on also the provider's session, when it offers that."""
    via_sso, id_token = signed_on_with_sso()
    logout_user()
    flash(_("Sie sind abgemeldet."))
    after = url_for("auth.login", _external=True)
    target = oidc.end_session_url(id_token, after) if via_sso and oidc.sso_enabled() else None
    return redirect(target or url_for("auth.login"))


@blueprint.route("/password/reset", methods=["GET", "POST"])
def reset():
    """Ask for a reset link; the answer is the same whether or not the address has an account."""
    sent = request.method == "POST"
    if sent:
        request_password_reset(request.form.get("email", ""))
    return render_template("auth/reset.html", sent=sent)


@blueprint.route("/password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    """Choose a password from an invitation or reset link (valid once, until it expires)."""
    purpose = RESET if request.args.get("purpose") == RESET else INVITATION
    link = read_link_token(token, purpose)
    if link.user is None:
        return render_template("auth/password.html", problem=link.problem, errors={}), 400
    if request.method == "GET":
        return render_template("auth/password.html", problem=None, errors={}, user=link.user)
    password = request.form.get("password", "")
    errors = password_problems(password, request.form.get("password_repeat", ""))
    if errors:
        return render_template("auth/password.html", problem=None, errors=errors, user=link.user), 400
    change_password(link.user, password)
    login_user(link.user)
    db.session.commit()
    flash(_("Ihr Passwort ist gespeichert."))
    return redirect(url_for("edit.dashboard"))
