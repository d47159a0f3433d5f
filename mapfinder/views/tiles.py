"""The basemap's tiles, served from this app's origin (``mapfinder/tiles.py`` fetches and caches them)."""

from flask import Blueprint, Response, abort

from ..errors import error_response
from ..i18n import _
from ..services import find_service
from ..tiles import TileError

blueprint = Blueprint("tiles", __name__, url_prefix="/tiles")
TILE_MAX_AGE = 86400  # browsers keep a tile for a day; the disk cache decides how old the upstream copy may be


@blueprint.get("/<z>/<x>/<y>.png")
def tile(z: str, x: str, y: str):
    """One tile of the configured basemap; 404 when the app serves none (no basemap, or a direct source)."""
    proxy = find_service("tiles")
    if proxy is None:
        abort(404)
    try:
        found = proxy.tile(*_coordinates(z, x, y))
    except TileError as error:
        return error_response(error.status, message=_messages().get(error.status))
    response = Response(found.data, mimetype=found.content_type)
    response.headers["Cache-Control"] = f"public, max-age={TILE_MAX_AGE}"
    return response


def _coordinates(*values: str) -> tuple[int, ...]:
    if not all(value.isdigit() and len(value) <= 7 for value in values):
        raise TileError(400, "tile coordinates must be whole numbers")
    return tuple(int(value) for value in values)


def _messages() -> dict[int, str]:
    return {
        400: _("Diese Kartenkachel gibt es nicht: Zoomstufe, x und y müssen passende ganze Zahlen sein."),
        404: _("Für diese Stelle gibt es keine Kartenkachel."),
        502: _("Der Kartenserver ist gerade nicht erreichbar. Die Karte zeigt Bezirke und Einrichtungen ohne Straßen."),
        504: _("Der Kartenserver hat nicht rechtzeitig geantwortet. Bitte laden Sie die Karte später neu."),
    }
