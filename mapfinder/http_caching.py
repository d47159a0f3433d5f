"""Conditional GET and cross-origin reads for the JSON APIs (``/api/v1``, ``/ogc``, ``/hsds``): every successful
JSON answer carries an ``ETag`` and ``Cache-Control``, an ``If-None-Match`` that matches gets 304 without a body,
and any origin may read it (CORS, GET only: the APIs change nothing)."""

import logging

from flask import Flask, Request, Response, request

logger = logging.getLogger(__name__)

API_PREFIXES = ("/api/v1", "/ogc", "/hsds")
MAX_AGE_SECONDS = 60


def init_app(app: Flask) -> None:
    """Register the response hook."""
    app.after_request(conditional_json)


def _is_api_json(req: Request, response: Response) -> bool:
    return (
        req.method in ("GET", "HEAD")
        and req.path.startswith(API_PREFIXES)
        and (response.mimetype or "").endswith("json")
        and not response.is_streamed
    )


def conditional_json(response: Response) -> Response:
    """ETag, Cache-Control, Vary and CORS on API JSON; 304 when the client already has this version."""
    if not _is_api_json(request, response):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag"
    if response.status_code != 200:
        return response
    # The body depends on the language (lang=, the remembered choice, the browser's) and the format asked for.
    response.vary.update(("Accept", "Accept-Language", "Cookie"))
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    response.add_etag()
    return response.make_conditional(request)


FEED_MAX_AGE_SECONDS = 300


def conditional_feed(response: Response, *, last_modified=None) -> Response:
    """Conditional GET for a feed or calendar: ETag of the body, ``Last-Modified`` of its newest entry,
    Cache-Control and CORS (feed readers in the browser); 304 when the client already has this version."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    response.vary.update(("Accept-Language", "Cookie"))
    response.headers["Cache-Control"] = f"public, max-age={FEED_MAX_AGE_SECONDS}"
    if last_modified is not None:
        response.last_modified = last_modified
    response.add_etag()
    return response.make_conditional(request)
