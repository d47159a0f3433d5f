"""Map specifications: what a Leaflet map shows, as JSON data that ``static/js/map/render.js`` draws.

A leaf module: it takes plain records (dicts), runs no query of its own (a map without a given centre starts at the
municipality's, from its profile), and returns a JSON-ready *spec* (centre, zoom, basemap with its consent texts,
GeoJSON layers with styles, place markers, bounds to fit). Pages embed the spec
in a ``<script type="application/json">`` block (``templates/_map.html``), so no generated code reaches the page and
the app can send ``Content-Security-Policy: script-src 'self'``. Labels stay plain text: ``|tojson`` escapes them for
the block and the browser writes them with ``textContent``.
"""

import logging
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from flask import current_app, has_app_context, has_request_context, url_for

from .i18n import _

logger = logging.getLogger(__name__)

DEFAULT_STATIC_BASE = "/static"
TILE_PRESETS = {
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap-Mitwirkende (ODbL)"),
    "basemapde": (
        (
            "https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/"
            "GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png"
        ),
        "© basemap.de / BKG (CC BY 4.0)",
    ),
}
OUTLINE_STYLE = {"color": "#1d2330", "weight": 3, "fill": True, "fillColor": "#ffffff", "fillOpacity": 0.55}
LEAFLET_JS = "vendor/leaflet/leaflet.js"
LEAFLET_CSS = ("vendor/leaflet/leaflet.css", "css/map.css")
CLUSTER_JS = "vendor/leaflet.markercluster/leaflet.markercluster.js"
CLUSTER_CSS = (
    "vendor/leaflet.markercluster/MarkerCluster.css",
    "vendor/leaflet.markercluster/MarkerCluster.Default.css",
)


def static_base() -> str:
    """URL prefix of this app's static files (honours a mount point when called inside a request)."""
    if has_request_context():
        return url_for("static", filename="").rstrip("/")
    return DEFAULT_STATIC_BASE


def resolve_tiles(tiles: str) -> dict | None:
    """The tile URL and attribution for ``none``/``osm``/``basemapde``/a URL template; None for no basemap."""
    spec = (tiles or "none").strip()
    if spec.lower() == "none":
        return None
    if spec.lower() in TILE_PRESETS:
        url, attribution = TILE_PRESETS[spec.lower()]
    elif spec.startswith(("https://", "http://")):
        url, attribution = spec, _("Kartenkacheln: %(host)s", host=urlsplit(spec).hostname)
    else:
        logger.warning("unknown MAP_TILES value %r; showing no basemap", spec)
        return None
    return {"url": url, "attribution": attribution, "host": urlsplit(url).hostname}


def basemap_config(tiles: str) -> dict | None:
    """The basemap of a map spec: this app's tile proxy (no consent needed), or the upstream behind the consent."""
    upstream = resolve_tiles(tiles)
    if upstream is None:
        return None
    config = current_app.config if has_app_context() else {}
    if config.get("MAP_TILES_ATTRIBUTION"):
        upstream["attribution"] = config["MAP_TILES_ATTRIBUTION"]
    if config.get("TILE_PROXY", False) and has_request_context():
        template = unquote(url_for("tiles.tile", z="{z}", x="{x}", y="{y}"))
        return {"url": template, "attribution": upstream["attribution"], "host": None, "proxied": True}
    return {**upstream, "texts": consent_texts(upstream["host"])}


def tiles_proxied() -> bool:
    """Whether readers get the basemap from this app (a basemap is configured and the proxy is on)."""
    config = current_app.config
    return bool(config.get("TILE_PROXY", False)) and resolve_tiles(config.get("MAP_TILES", "none")) is not None


def consent_texts(host: str) -> dict:
    """The words of the two-click consent, in the reader's language."""
    return {
        "show": _("Hintergrundkarte anzeigen"),
        "explain": _(
            "Die Hintergrundkarte wird von %(host)s geladen. Dabei erhält dieser Anbieter Ihre IP-Adresse.", host=host
        ),
        "accept": _("Einverstanden, Karte laden"),
        "cancel": _("Abbrechen"),
        "revoke": _("Hintergrundkarte ausblenden"),
    }


def map_texts() -> dict:
    """Names of the map's own controls in the reader's language (Leaflet's are English)."""
    return {"zoomIn": _("Vergrößern"), "zoomOut": _("Verkleinern"), "closePopup": _("Infofenster schließen")}


def base_map(
    *,
    tiles: str = "none",
    key: str = "main",
    label: str | None = None,
    cluster: bool = False,
    location=None,
    zoom_start: int | None = None,
    zoom_snap: float | None = None,
) -> dict:
    """The spec of a map served entirely from this app; a basemap (if any) waits for the reader's consent.

    Without ``location`` the map starts at the municipality's centre and zoom (data, not code).
    """
    if location is None or zoom_start is None:
        centre, zoom = _municipality_view()
        location, zoom_start = location or centre, zoom_start or zoom
    # markercluster needs a maximum zoom on the map itself (there may be no tile layer to define one).
    options = {"minZoom": 10, "maxZoom": 19, **({"zoomSnap": zoom_snap} if zoom_snap else {})}
    return {
        "key": key,
        "label": label or _("Karte"),
        "center": list(location),
        "zoom": zoom_start,
        "options": options,
        "cluster": cluster,
        "tiles": basemap_config(tiles),
        "texts": map_texts(),
        "layers": [],
        "fit": None,
    }


def _municipality_view() -> tuple[tuple[float, float], int]:
    """Centre and zoom of the current municipality (a plain profile, read once per app context)."""
    from .municipality import current_municipality  # imported late: this leaf module needs no models at import

    city = current_municipality()
    return city.centre, city.zoom


def add_place_markers(spec: dict, records: list[dict]) -> None:
    """Circle markers for a handful of records ``{lat, lon, label, colour}``; the map fits them."""
    if records:
        clean = [
            {"lat": r["lat"], "lon": r["lon"], "label": str(r["label"]), "colour": r.get("colour")} for r in records
        ]
        spec["layers"].append({"kind": "places", "records": clean})


def add_outline(spec: dict, geometry: dict | None, *, name: str) -> None:
    """Draw a boundary such as the city limit, not interactive; nothing when there is none."""
    if geometry:
        spec["layers"].append(
            {
                "kind": "geojson",
                "name": name,
                "data": geometry,
                "interactive": False,
                "className": "city-limit",
                "style": OUTLINE_STYLE,
            }
        )


def add_geojson(
    spec: dict, data: dict, *, name: str, style: dict, highlight: dict | None = None, tooltip: str | None = None
) -> None:
    """A GeoJSON layer: ``style`` for every feature, merged with a feature's own ``properties.style``; ``highlight``
    applies on hover; ``tooltip`` names the property whose text a sticky tooltip shows."""
    interactive = bool(highlight or tooltip)
    layer = {"kind": "geojson", "name": name, "data": data, "interactive": interactive, "style": style}
    if highlight:
        layer["highlight"] = highlight
    if tooltip:
        layer["tooltip"] = tooltip
    spec["layers"].append(layer)


def add_labels(spec: dict, records: list[dict]) -> None:
    """Permanent area labels ``{lat, lon, text, detail}`` (phones have no hover): a name and a short figure."""
    if records:
        clean = [
            {"lat": r["lat"], "lon": r["lon"], "text": str(r["text"]), "detail": str(r.get("detail") or "")}
            for r in records
        ]
        spec["layers"].append({"kind": "labels", "records": clean})


def fit_bounds(spec: dict, bounds: list[list[float]] | None) -> None:
    """Show exactly ``[[south, west], [north, east]]`` once the layers are drawn (wins over the markers' own fit)."""
    spec["fit"] = bounds


def geojson_bounds(data: dict) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` of any GeoJSON object; None when it has no coordinates."""
    points = list(_positions(data))
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _positions(node) -> Iterable[tuple[float, float]]:
    if isinstance(node, dict):
        if node.get("type") == "FeatureCollection":
            for feature in node.get("features", []):
                yield from _positions(feature)
        elif node.get("type") == "Feature":
            yield from _positions(node.get("geometry"))
        elif node.get("type") == "GeometryCollection":
            for geometry in node.get("geometries", []):
                yield from _positions(geometry)
        elif "coordinates" in node:
            yield from _positions(node["coordinates"])
    elif isinstance(node, list | tuple):
        if node and isinstance(node[0], int | float):
            yield node[0], node[1]
        else:
            for child in node:
                yield from _positions(child)


def map_assets(*, cluster: bool, base: str | None = None) -> dict:
    """Stylesheets and classic scripts (Leaflet, markercluster) a page with this map loads, all from ``static/``."""
    base = base or static_base()
    css = [*LEAFLET_CSS, *(CLUSTER_CSS if cluster else ())]
    js = [LEAFLET_JS, *([CLUSTER_JS] if cluster else [])]
    return {"css": [f"{base}/{path}" for path in css], "js": [f"{base}/{path}" for path in js]}


def render_parts(spec: dict) -> dict:
    """What ``templates/_map.html`` needs: the element id and label, the assets and the spec for the JSON block."""
    return {
        "id": f"map-{spec['key']}",
        "key": spec["key"],
        "label": spec["label"],
        "assets": map_assets(cluster=spec["cluster"]),
        "spec": spec,
    }
