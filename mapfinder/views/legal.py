"""The legal and accessibility pages: statement, Leichte Sprache, sign language, Impressum, privacy."""

from flask import Blueprint, abort, current_app, render_template, send_file

from ..legal import compliance_level, legal_details, sign_language_file
from ..maps import resolve_tiles, tiles_proxied

blueprint = Blueprint("legal", __name__)


@blueprint.get("/barrierefreiheit")
def accessibility():
    """Erklärung zur Barrierefreiheit (BITV 2.0 § 7, BITV NRW)."""
    details = legal_details()
    return render_template(
        "legal/accessibility.html",
        legal=details,
        compliance=compliance_level(details),
        has_video=sign_language_file(details) is not None,
    )


@blueprint.get("/leichte-sprache")
def easy_language():
    """The portal explained in Leichte Sprache (German only)."""
    return render_template("legal/easy_language.html", legal=legal_details())


@blueprint.get("/gebaerdensprache")
def sign_language():
    """The same content for a video in Deutsche Gebärdensprache, or how to get it otherwise."""
    details = legal_details()
    return render_template(
        "legal/sign_language.html",
        legal=details,
        has_video=sign_language_file(details) is not None,
        has_captions=sign_language_file(details, "captions") is not None,
    )


@blueprint.get("/gebaerdensprache/video")
def sign_language_video():
    """The configured sign-language video, served by this app (range requests, so readers can seek)."""
    return _send_sign_language_file("video")


@blueprint.get("/gebaerdensprache/untertitel")
def sign_language_captions():
    """The video's WebVTT subtitles, if configured."""
    return _send_sign_language_file("captions")


def _send_sign_language_file(key: str):
    path = sign_language_file(legal_details(), key)
    if path is None:
        abort(404)
    mimetype = "text/vtt" if key == "captions" else None
    return send_file(path, mimetype=mimetype, conditional=True)


@blueprint.get("/impressum")
def imprint():
    """Impressum (§ 5 DDG, § 18 MStV)."""
    return render_template("legal/imprint.html", legal=legal_details())


@blueprint.get("/datenschutz")
def privacy():
    """Datenschutzerklärung: what is stored, how long, on what legal basis."""
    tiles = resolve_tiles(current_app.config["MAP_TILES"])
    host = tiles["host"] if tiles else None
    proxied = tiles_proxied()
    return render_template(
        "legal/privacy.html",
        legal=legal_details(),
        tile_host=None if proxied else host,
        proxied_tile_host=host if proxied else None,
    )
