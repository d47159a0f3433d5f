"""Who is signed in: a user id and a fingerprint of their password in the signed session cookie, with an absolute
and an idle expiry; a password change ends every other session."""

import functools
import time

from flask import abort, current_app, g, redirect, request, session, url_for

from ..extensions import db
from ..models import User
from ..models.base import utcnow

_KEYS = ("user_id", "user_stamp", "signed_in_at", "seen_at", "sso", "sso_id_token")
_MAX_ID_TOKEN_HINT = 2000


def login_user(user: User, *, id_token: str | None = None) -> None:
    """Start a session for ``user`` (earlier sign-in state is dropped first); ``id_token`` after a single sign-on,
    kept as the provider's log-out hint while the cookie stays well below browsers' 4 KB limit."""
    logout_user()
    now = time.time()
    session.update(user_id=user.id, user_stamp=user.password_stamp, signed_in_at=now, seen_at=now)
    if id_token is not None:
        session["sso"] = True
        if len(id_token) <= _MAX_ID_TOKEN_HINT:
            session["sso_id_token"] = id_token
    session.permanent = True
    user.last_login_at = utcnow()
    g.current_user = user


def signed_on_with_sso() -> tuple[bool, str | None]:
    """Whether this session began with a single sign-on, and the ID token kept for the provider's log-out."""
    return bool(session.get("sso")), session.get("sso_id_token")


def logout_user() -> None:
    """End the session's sign-in; other session content (e.g. the referral sheet) stays."""
    for key in _KEYS:
        session.pop(key, None)
    g.current_user = None


def load_current_user() -> None:
    """Before each request: the signed-in user, or None when there is none or the session expired."""
    g.current_user = None
    user_id = session.get("user_id")
    if user_id is None:
        return
    user = db.session.get(User, user_id)
    if user is None or not user.active or session.get("user_stamp") != user.password_stamp or _expired():
        logout_user()
        return
    session["seen_at"] = time.time()
    g.current_user = user


def _expired() -> bool:
    now, config = time.time(), current_app.config
    too_old = now - session.get("signed_in_at", 0) > config["SESSION_HOURS"] * 3600
    too_idle = now - session.get("seen_at", 0) > config["SESSION_IDLE_MINUTES"] * 60
    return too_old or too_idle


def current_user() -> User | None:
    """The signed-in user of this request, or None."""
    return g.get("current_user")


def login_required(view):
    """Send anonymous visitors to the log-in page (and back here afterwards)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_user() is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


def reviewer_required(view):
    """Only reviewers and admins; others get 403."""

    @functools.wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user().can_review:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
