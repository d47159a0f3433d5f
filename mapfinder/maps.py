"""Folium maps rendered into our own templates: assets from ``static/``, tiles only after the reader consents.

A leaf module: it takes plain records (dicts), never touches the database, and returns folium objects or the
``header``/``html``/``script`` parts of one (DESIGN habit 8). Data never reaches Leaflet as HTML: records are passed
as JSON and the browser-side code writes them with ``textContent``.
"""
import logging
from urllib.parse import urlsplit

import folium
from branca.element import MacroElement
from flask import has_request_context, url_for
from folium.elements import JSCSSMixin
from folium.template import Template

from .i18n import _

logger = logging.getLogger(__name__)

DEFAULT_STATIC_BASE = "/static"
TILE_PRESETS = {
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap-Mitwirkende (ODbL)"),
    "basemapde": (
        "https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/"
        "GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png",
        "© basemap.de / BKG (CC BY 4.0)",
    ),
}


class AppMap(folium.Map):
    """A folium Map that leaves the page's own layout alone (no global ``html, body`` style, no zoom-blocking
    viewport meta) and loads Leaflet from this app."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>#{{ this.get_name() }} { position: relative; width: 100%; height: 100%; }</style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
            <div class="folium-map" id={{ this.get_name()|tojson }} role="region"
                 aria-label={{ this.label|tojson }}></div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, {
                center: {{ this.location|tojson }}, crs: L.CRS.{{ this.crs }}, ...{{ this.options|tojavascript }}
            });
        {% endmacro %}
        """
    )


class MapRegistry(MacroElement):
    """Publishes the Leaflet map as ``window.mapfinderMaps[key]`` and fires ``mapfinder:map`` so page scripts find it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (window.mapfinderMaps = window.mapfinderMaps || {})[{{ this.key|tojson }}] = {{ this._parent.get_name() }};
            document.dispatchEvent(new CustomEvent("mapfinder:map",
                {detail: {key: {{ this.key|tojson }}, map: {{ this._parent.get_name() }}}}));
        {% endmacro %}
        """
    )

    def __init__(self, key: str):
        super().__init__()
        self._name = "MapRegistry"
        self.key = key


class ConsentTiles(JSCSSMixin, MacroElement):
    """A basemap that is requested only after the reader agrees (two clicks, remembered in localStorage)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            mapfinderTileConsent({{ this._parent.get_name() }}, {{ this.config|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, config: dict, static_base: str):
        super().__init__()
        self._name = "ConsentTiles"
        self.config = config
        self.default_js = [("mapfinder_tile_consent", f"{static_base}/js/tile-consent.js")]


class PlaceMarkers(MacroElement):
    """A few circle markers from plain records (offer page); names go in as JSON and out as text."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function (map, records) {
                var bounds = [];
                records.forEach(function (r) {
                    var marker = L.circleMarker([r.lat, r.lon], {radius: 9, color: "#1d2330", weight: 2,
                        fillColor: r.colour || "#0b5cad", fillOpacity: 0.9}).addTo(map);
                    var label = document.createElement("span");
                    label.textContent = r.label;
                    marker.bindTooltip(label);
                    bounds.push([r.lat, r.lon]);
                });
                if (bounds.length > 1) { map.fitBounds(bounds, {padding: [30, 30], maxZoom: 16}); }
                else if (bounds.length === 1) { map.setView(bounds[0], 15); }
            })({{ this._parent.get_name() }}, {{ this.records|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, records: list[dict]):
        super().__init__()
        self._name = "PlaceMarkers"
        self.records = records


class Outline(MacroElement):
    """A plain, non-interactive outline (the city limit) drawn from a GeoJSON geometry."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.geoJSON({{ this.geometry|tojson }}, {interactive: false, className: "city-limit",
                style: {color: "#1d2330", weight: 3, fill: true, fillColor: "#ffffff", fillOpacity: 0.55}})
                .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, geometry: dict, name: str):
        super().__init__()
        self._name = "Outline"
        self.geometry = geometry
        self.label = name


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
    elif spec.startswith("https://") or spec.startswith("http://"):
        url, attribution = spec, _("Kartenkacheln: %(host)s", host=urlsplit(spec).hostname)
    else:
        logger.warning("unknown MAP_TILES value %r; showing no basemap", spec)
        return None
    return {"url": url, "attribution": attribution, "host": urlsplit(url).hostname}


def consent_texts(host: str) -> dict:
    """The words of the two-click consent, in the reader's language."""
    return {
        "show": _("Hintergrundkarte anzeigen"),
        "explain": _("Die Hintergrundkarte wird von %(host)s geladen. Dabei erhält dieser Anbieter Ihre IP-Adresse.",
                     host=host),
        "accept": _("Einverstanden, Karte laden"),
        "cancel": _("Abbrechen"),
        "revoke": _("Hintergrundkarte ausblenden"),
    }


def base_map(*, tiles: str = "none", key: str = "main", label: str | None = None, cluster: bool = False,
             location=None, zoom_start: int | None = None, **kwargs) -> folium.Map:
    """A Leaflet map served entirely from this app; a basemap (if any) waits for the reader's consent.

    Without ``location`` the map starts at the municipality's centre and zoom (data, not code).
    """
    if location is None or zoom_start is None:
        centre, zoom = _municipality_view()
        location, zoom_start = location or centre, zoom_start or zoom
    base = static_base()
    m = AppMap(location=location, zoom_start=zoom_start, tiles=None, **kwargs)
    # markercluster needs a maximum zoom on the map itself (there may be no tile layer to define one).
    m.options.update(max_zoom=19, min_zoom=10)
    m.label = label or _("Karte")
    m.default_js = [("leaflet", f"{base}/vendor/leaflet/leaflet.js")]
    m.default_css = [("leaflet_css", f"{base}/vendor/leaflet/leaflet.css"),
                     ("mapfinder_map_css", f"{base}/css/map.css")]
    _drop_figure_extras(m)
    if cluster:
        add_cluster_assets(m, base)
    tile_config = resolve_tiles(tiles)
    if tile_config:
        tile_config["texts"] = consent_texts(tile_config["host"])
        m.add_child(ConsentTiles(tile_config, base))
    m.add_child(MapRegistry(key))
    return m


def _municipality_view() -> tuple[tuple[float, float], int]:
    """Centre and zoom of the current municipality (a plain profile, read once per app context)."""
    from .municipality import current_municipality  # imported late: this leaf module needs no models at import

    city = current_municipality()
    return city.centre, city.zoom


def add_cluster_assets(m: folium.Map, base: str | None = None) -> None:
    """Load Leaflet.markercluster (from ``static/vendor``) with the map."""
    base = base or static_base()
    m.default_js = [*m.default_js, ("markercluster", f"{base}/vendor/leaflet.markercluster/leaflet.markercluster.js")]
    m.default_css = [*m.default_css,
                     ("markercluster_css", f"{base}/vendor/leaflet.markercluster/MarkerCluster.css"),
                     ("markercluster_default_css", f"{base}/vendor/leaflet.markercluster/MarkerCluster.Default.css")]


def add_place_markers(m: folium.Map, records: list[dict]) -> None:
    """Circle markers for a handful of records ``{lat, lon, label, colour}``; the map fits them."""
    if records:
        m.add_child(PlaceMarkers(records))


def add_outline(m: folium.Map, geometry: dict | None, *, name: str) -> None:
    """Draw a boundary such as the city limit; nothing when there is none."""
    if geometry:
        m.add_child(Outline(geometry, name))


def _drop_figure_extras(m: folium.Map) -> None:
    # Our base template already declares the charset; a second meta in the body-embedded header is noise.
    m.get_root().header._children.pop("meta_http", None)


def render_parts(m: folium.Map) -> dict:
    """``header`` (links, styles), ``html`` (the map div) and ``script`` (JS, without a script tag) of a map."""
    root = m.get_root()
    root.render()
    return {"header": root.header.render(), "html": root.html.render(), "script": root.script.render()}
