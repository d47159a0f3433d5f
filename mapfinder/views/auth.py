"""Log-in, log-out, password reset and choosing a password from an invitation or reset link."""

from flask import Blueprint, flash, redirect, render_template, request, url_for

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
from ..accounts.session import current_user, login_user, logout_user
from ..extensions import db
from ..i18n import _

blueprint = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never ``//host`` or another scheme)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("edit.dashboard")


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    """E-mail and password; throttled per account and address."""
    if request.method == "GET":
        if current_user() is not None:
            return redirect(url_for("edit.dashboard"))
        return render_template("auth/login.html", email="", next=request.args.get("next", ""), error=None)
    email = request.form.get("email", "")
    try:
        user = authenticate(email, request.form.get("password", ""), address=request.remote_addr or "-")
    except LoginRefused as refused:
        db.session.commit()
        page = render_template("auth/login.html", email=email, next=request.form.get("next", ""), error=refused.message)
        return page, refused.status
    login_user(user)
    db.session.commit()
    return redirect(_safe_next(request.form.get("next")))


@blueprint.post("/logout")
def logout():
    """End the session's sign-in."""
    logout_user()
    flash(_("Sie sind abgemeldet."))
    return redirect(url_for("auth.login"))


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
