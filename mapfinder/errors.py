"""Error responses, once per format: JSON for the API and ``/healthz``, plain text for downloads, and a page in
the portal's layout and the reader's language for everyone else. A database outage is a 503 with Retry-After."""

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db
from .i18n import _
from .input_rules import DOWNLOAD_SUFFIXES, FEED_SUFFIXES
from .parameters import ParameterError

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 15
HANDLED_STATUS = (400, 403, 404, 405, 413, 429, 500)


class ServiceUnavailable(Exception):
    """Work the server cannot do right now (e.g. every PDF renderer busy); ask the client to retry later."""

    def __init__(self, retry_after: int = RETRY_AFTER_SECONDS):
        super().__init__("service unavailable")
        self.retry_after = retry_after


def init_app(app: Flask) -> None:
    """Register the handlers app-wide: the one place where each error becomes a response in each format."""
    for status in HANDLED_STATUS:
        app.register_error_handler(status, http_error)
    app.register_error_handler(ParameterError, input_rejected)
    app.register_error_handler(CSRFError, csrf_failed)
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(PoolTimeout, database_unavailable)
    app.register_error_handler(ServiceUnavailable, service_unavailable)
    app.register_error_handler(DBAPIError, database_error)
    # Registered after the database's own teardown, so it runs first (Flask runs teardowns in reverse order).
    app.teardown_appcontext(release_session)


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Ungültige Anfrage"), _("Die Anfrage enthält Angaben, die wir nicht verarbeiten können.")),
        403: (_("Zugriff verweigert"), _("Diese Seite dürfen Sie nicht aufrufen.")),
        404: (
            _("Seite nicht gefunden"),
            _("Diese Seite gibt es nicht (mehr). Vielleicht hilft die Suche auf der Startseite weiter."),
        ),
        405: (_("Ungültige Anfrage"), _("Diese Seite kann so nicht aufgerufen werden.")),
        413: (_("Anfrage zu groß"), _("Die gesendeten Daten sind zu umfangreich.")),
        429: (_("Zu viele Anfragen"), _("Bitte warten Sie einen Moment und versuchen Sie es dann erneut.")),
        500: (
            _("Interner Fehler"),
            _("Auf unserer Seite ist ein Fehler aufgetreten. Bitte versuchen Sie es später noch einmal."),
        ),
        503: (
            _("Vorübergehend nicht erreichbar"),
            _(
                "Die Angebotskarte ist gerade überlastet oder wird gewartet. "
                "Bitte versuchen Sie es in einigen Sekunden erneut."
            ),
        ),
    }


# The open-data APIs answer errors in the OGC API exception format ``{"code", "description"}``.
OPEN_DATA_PREFIXES = ("/ogc", "/hsds")
_OGC_CODES = {400: "InvalidParameterValue", 404: "NotFound", 405: "MethodNotAllowed", 503: "ServiceUnavailable"}


def _format() -> str:
    """``ogc`` for the open-data APIs, ``json`` for the API, the feeds and the health check, ``text`` for downloads,
    else ``html`` (also for the open-data APIs when HTML is asked for)."""
    path = request.path
    if path.startswith(OPEN_DATA_PREFIXES):
        return "html" if _open_data_html() else "ogc"
    if path.startswith("/api/") or path.endswith(FEED_SUFFIXES) or path == "/healthz":
        return "json"
    if request.accept_mimetypes.best == "application/json":
        return "json"
    return "text" if path.endswith(DOWNLOAD_SUFFIXES) or path.startswith("/tiles/") else "html"


def _open_data_html() -> bool:
    chosen = request.args.get("f")
    if chosen:
        return chosen == "html"
    best = request.accept_mimetypes.best_match(["application/geo+json", "application/json", "text/html"])
    return best == "text/html"


def error_response(status: int, *, message: str | None = None, param: str | None = None) -> Response:
    """The error in the caller's format: ``{"error": {"param", "message"}}``, a line of text, or a page."""
    title, explanation = _titles().get(status, _titles()[500])
    text = message or explanation
    kind = _format()
    if kind == "ogc":
        response = jsonify(
            {"code": _OGC_CODES.get(status, "ServerError"), "description": f"{param}: {text}" if param else text}
        )
    elif kind == "json":
        response = jsonify({"error": {"param": param, "message": text}, "status": status})
    elif kind == "text":
        response = Response(f"{param}: {text}\n" if param else f"{text}\n", mimetype="text/plain")
    else:
        response = Response(
            render_template(
                "errors/error.html", status=status, title=title, explanation=explanation, message=message, param=param
            )
        )
    response.status_code = status
    return response


def http_error(error: HTTPException) -> Response:
    """404, 405, 500 … in the portal's layout (or JSON/text)."""
    status = error.code or 500
    if isinstance(error, InternalServerError):
        logger.error("internal error on %s", request.path, exc_info=error.original_exception)
    return error_response(status)


def input_rejected(error: ParameterError) -> Response:
    """A bad parameter, once for every format: JSON for the API, a line of text for downloads, else a page."""
    return error_response(400, message=error.message, param=error.param)


def csrf_failed(error: CSRFError) -> Response:
    """A form posted without this site's token: from another site, or an old page whose session has ended."""
    logger.info("CSRF check failed on %s: %s", request.path, error.description)
    return error_response(
        400,
        message=_(
            "Das Formular ist abgelaufen oder kam nicht von dieser Seite. Bitte laden "
            "Sie die Seite neu und versuchen Sie es noch einmal."
        ),
    )


def _with_retry_after(response: Response, seconds: int) -> Response:
    response.headers["Retry-After"] = str(seconds)
    return response


def database_unavailable(error: Exception) -> Response:
    """The database cannot be reached (down, restarting, pool exhausted): 503, retry shortly; no page queries it."""
    logger.warning("database unavailable on %s: %s", request.path, str(error).splitlines()[0] if str(error) else error)
    _forget_session()
    return _with_retry_after(error_response(503), RETRY_AFTER_SECONDS)


def database_error(error: DBAPIError) -> Response:
    """Another driver error: a lost connection is an outage (503); anything else is a bug (500)."""
    if error.connection_invalidated:
        return database_unavailable(error)
    logger.error("database error on %s", request.path, exc_info=error)
    _forget_session()
    return error_response(500)


def service_unavailable(error: ServiceUnavailable) -> Response:
    """Busy (e.g. PDF rendering): 503 with Retry-After."""
    return _with_retry_after(error_response(503), error.retry_after)


def _forget_session() -> None:
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the session is removed at teardown anyway
        logger.debug("rollback after a database error failed", exc_info=True)


def release_session(exc: BaseException | None) -> None:
    """End the request's session; a connection the database dropped meanwhile must not turn an answered request
    into a 500 (its rollback fails), so the broken session is discarded instead (the pool replaces the connection)."""
    try:
        db.session.remove()
    except DBAPIError as error:
        logger.warning("discarding a session whose connection was lost: %s", str(error).splitlines()[0])
        db.session.registry.clear()
