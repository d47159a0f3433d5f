"""The planning choropleth: districts coloured by gap score, a ``maps`` spec (a leaf: plain records in).

The legend is rendered by the page in HTML (``legend_classes``), so it is readable without the map and carries numbers.
"""

from dataclasses import dataclass

from flask_babel import format_decimal
from shapely.geometry import shape

from . import maps
from .i18n import _

# Fixed class limits (not quantiles), so maps of different phases compare; ColorBrewer YlOrRd, colour-blind safe.
SCORE_CLASSES = (
    (0.0, 0.1, "#ffffb2"),
    (0.1, 0.2, "#fecc5c"),
    (0.2, 0.3, "#fd8d3c"),
    (0.3, 0.4, "#f03b20"),
    (0.4, 1.0, "#bd0026"),
)
NO_SCORE_COLOUR = "#d5d9e0"
# Every district has a solid dark outline (at least 3:1 against every fill and the map background, WCAG 1.4.11): the
# lightest classes stand apart by it. An approximate boundary is marked by white dashes drawn on top of that outline.
BASE_STYLE = {"fillOpacity": 0.75, "color": "#1d2330", "weight": 3}
APPROXIMATE_STYLE = {"color": "#ffffff", "weight": 1, "dashArray": "5 5", "fill": False}


@dataclass(frozen=True)
class LegendClass:
    """One legend entry: score range, colour and how many districts fall in it."""

    low: float | None
    high: float | None
    colour: str
    count: int


def score_colour(score: float | None) -> str:
    """Fill colour of a gap score (grey when there is none)."""
    if score is None:
        return NO_SCORE_COLOUR
    for low, high, colour in SCORE_CLASSES:
        if low <= score < high:
            return colour
    return SCORE_CLASSES[-1][2]


def legend_classes(scores: list[float | None]) -> list[LegendClass]:
    """Legend entries with the number of districts in each class, plus one for districts without a score."""
    colours = [score_colour(score) for score in scores]
    entries = [LegendClass(low, high, colour, colours.count(colour)) for low, high, colour in SCORE_CLASSES]
    return entries + [LegendClass(None, None, NO_SCORE_COLOUR, colours.count(NO_SCORE_COLOUR))]


def _score_text(score: float | None) -> str:
    """The score in the reader's number format ("0,312" in German), or why there is none."""
    if score is None:
        return _("kein Bedarfswert: keine Schule mit Sozialindex im Gebiet")
    return _("Lücken-Score %(score)s", score=format_decimal(score, "0.000"))


def _tooltip_text(properties: dict) -> str:
    """Tooltip text (plain: the browser writes it with ``textContent``): name, score and rank."""
    rank = properties.get("rank")
    place = _("Rang %(rank)s", rank=rank) if rank else ""
    return " · ".join(part for part in (properties["name"], _score_text(properties.get("gap_score")), place) if part)


def _label(feature: dict, properties: dict) -> dict:
    """A permanent label inside the area: its name, and its rank and score (or a dash without a score)."""
    point = shape(feature["geometry"]).representative_point()
    score = properties.get("gap_score")
    detail = f"{properties['rank']}. · {format_decimal(score, '0.00')}" if score is not None else "–"
    return {"lat": point.y, "lon": point.x, "text": properties["name"], "detail": detail}


def _feature_style(properties: dict) -> dict:
    """A district's own fill (by score); its outline is the layer's solid one."""
    return {"fillColor": score_colour(properties.get("gap_score"))}


def _approximate_outlines(features: tuple[dict, ...]) -> dict:
    """The boundaries that are approximate, for the dashed layer over the outlines (no properties needed)."""
    approximate = [
        {"type": "Feature", "geometry": feature["geometry"], "properties": {}}
        for feature in features
        if feature["properties"].get("approximate")
    ]
    return {"type": "FeatureCollection", "features": approximate}


def _styled_features(
    features: tuple[dict, ...], scores: dict[str, dict], names: dict[str, str]
) -> tuple[dict, list[dict]]:
    """Features carrying only what the map needs (slug, tooltip label, style), and a permanent label for each."""
    collection, labels = [], []
    for feature in features:
        slug = feature["properties"]["slug"]
        properties = {**feature["properties"], **scores.get(slug, {})}
        properties["name"] = names.get(slug) or properties["name"]
        safe = {"slug": slug, "label": _tooltip_text(properties), "style": _feature_style(properties)}
        collection.append({**feature, "properties": safe})
        labels.append(_label(feature, properties))
    return {"type": "FeatureCollection", "features": collection}, labels


def gap_choropleth_parts(
    features: tuple[dict, ...], scores: dict[str, dict], *, tiles: str = "none", names: dict[str, str] | None = None
) -> dict:
    """The choropleth's map parts (``templates/_map.html``); ``scores`` maps slug → {gap_score, rank}, ``names``
    slug → the name in the reader's language."""
    label = _("Karte der Angebotslücken nach Gebiet")
    spec = maps.base_map(tiles=tiles, key="planning", label=label, zoom_snap=0.25)
    collection, labels = _styled_features(features, scores, names or {})
    maps.add_geojson(spec, collection, name="gaps", style=BASE_STYLE, highlight={"weight": 5}, tooltip="label")
    approximate = _approximate_outlines(features)
    if approximate["features"]:
        maps.add_geojson(spec, approximate, name="gaps-approximate", style=APPROXIMATE_STYLE)
    maps.add_labels(spec, labels)
    maps.fit_bounds(spec, maps.geojson_bounds(collection))
    return maps.render_parts(spec)
