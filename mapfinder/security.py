"""What every request and response passes: security headers, CSRF, session cookies, proxy headers, the public URL
and the refusal to serve production with a development secret key."""

import functools
import logging
import os
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.sansio.utils import host_is_trusted

from .extensions import csrf
from .maps import resolve_tiles

logger = logging.getLogger(__name__)

# Keys that must never sign sessions in production (the shipped development default among them).
WEAK_SECRET_KEYS = frozenset({"", "dev", "dev-only-not-secret", "secret", "change-me", "changeme", "test"})
MIN_SECRET_KEY_LENGTH = 16
PERMISSIONS_POLICY = (
    "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), serial=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), interest-cohort=()"
)


def init_app(app: Flask) -> None:
    """Bind CSRF, the header hook, the session cookie policy and the WSGI middleware of proxies and public URL."""
    check_secret_key(app)
    csrf.init_app(app)
    app.session_interface = SessionInterface()
    app.extensions["mapfinder.csp"] = content_security_policy(
        app.config.get("MAP_TILES", "none"), proxied=app.config.get("TILE_PROXY", False)
    )
    app.after_request(add_security_headers)
    app.wsgi_app = PublicURLMiddleware(
        app.wsgi_app, app.config.get("PUBLIC_URL", ""), app.config.get("ALLOWED_HOSTS") or []
    )
    proxies = int(app.config.get("PROXY_COUNT", 0))
    if proxies:
        # Outermost: the proxy's X-Forwarded-* are applied before the host check and the public URL.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies)
    if not app.config.get("PUBLIC_URL") and is_production(app):
        logger.warning("PUBLIC_URL is not set: absolute links (QR codes, exports) follow the request's Host header")


def is_production(app: Flask) -> bool:
    """Served by a WSGI server such as gunicorn: not the tests, not debug mode, not a ``flask`` command."""
    return not (app.testing or app.debug or os.environ.get("FLASK_RUN_FROM_CLI") == "true")


def check_secret_key(app: Flask) -> None:
    """Refuse to serve production with a missing, default or short secret key (sessions could be forged)."""
    key = app.config.get("SECRET_KEY") or ""
    weak = key in WEAK_SECRET_KEYS or len(key) < MIN_SECRET_KEY_LENGTH
    if weak and is_production(app):
        raise RuntimeError(
            "SECRET_KEY is unset, a development default or shorter than "
            f"{MIN_SECRET_KEY_LENGTH} characters; set a long random SECRET_KEY to serve the app"
        )


def content_security_policy(tiles: str, form_targets: tuple[str, ...] = (), *, proxied: bool = False) -> str:
    """The CSP: scripts only from this app; images also from the configured tile host (shown after consent) unless
    the app's tile proxy serves them; forms lead to this app and, with single sign-on, to the provider
    (``form_targets``: the log-in and log-out redirects).

    Styles only from this app as well: data colours are classes of ``/colours.css`` (``colour_styles``), not
    ``style`` attributes; scripts set styles through the CSSOM, which the policy allows.
    """
    tile_config = None if proxied else resolve_tiles(tiles)
    images = ["'self'", "data:"]
    if tile_config:
        parts = urlsplit(tile_config["url"])
        images.append(f"{parts.scheme}://{parts.hostname}")
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": " ".join(images),
        "object-src": "'none'",
        "base-uri": "'none'",
        "frame-ancestors": "'none'",
        "form-action": " ".join(["'self'", *form_targets]),
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def add_security_headers(response: Response) -> Response:
    """Headers on every response; HSTS only when the request came over HTTPS."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", _policy())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    seconds = int(current_app.config.get("HSTS_SECONDS", 0))
    if request.is_secure and seconds:
        headers.setdefault("Strict-Transport-Security", f"max-age={seconds}")
    return response


def _policy() -> str:
    """The app's CSP, with the single sign-on provider's origins as form targets when it is configured."""
    from .accounts.oidc import form_targets

    targets = form_targets()
    if not targets:
        return current_app.extensions["mapfinder.csp"]
    return _policy_with_form_targets(
        current_app.config.get("MAP_TILES", "none"), targets, bool(current_app.config.get("TILE_PROXY", False))
    )


@functools.lru_cache(maxsize=8)
def _policy_with_form_targets(tiles: str, targets: tuple[str, ...], proxied: bool) -> str:
    return content_security_policy(tiles, targets, proxied=proxied)


class SessionInterface(SecureCookieSessionInterface):
    """The signed-cookie session, marked ``Secure`` whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """``SESSION_COOKIE_SECURE`` or a request over HTTPS (behind the proxy: its X-Forwarded-Proto)."""
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (has_request_context() and request.is_secure)


class PublicURLMiddleware:
    """Trusted hosts and the public URL decide the request's host and scheme, never a client's Host header alone.

    With ``trusted_hosts`` a request for another host gets 400; with ``public_url`` every absolute URL the app
    builds (QR codes, exports) uses that scheme, host and path prefix.
    """

    def __init__(self, wsgi_app, public_url: str, trusted_hosts: list[str]):
        self.wsgi_app, self.trusted_hosts = wsgi_app, [host.lower() for host in trusted_hosts]
        parts = urlsplit(public_url.strip()) if public_url else None
        self.public = (parts.scheme, parts.netloc, parts.path.rstrip("/")) if parts and parts.netloc else None

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        if self.trusted_hosts and not host_is_trusted(host.lower(), self.trusted_hosts):
            response = Response("Unknown host.\n", status=400, mimetype="text/plain")
            return response(environ, start_response)
        if self.public:
            scheme, netloc, prefix = self.public
            environ["wsgi.url_scheme"], environ["HTTP_HOST"] = scheme, netloc
            if prefix and not environ.get("SCRIPT_NAME"):
                environ["SCRIPT_NAME"] = prefix
        return self.wsgi_app(environ, start_response)
