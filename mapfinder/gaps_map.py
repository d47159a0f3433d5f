"""The planning choropleth: districts coloured by gap score, built on ``maps.base_map`` (a leaf: plain records in).

The legend is rendered by the page in HTML (``legend_classes``), so it is readable without the map and carries numbers.
"""
from dataclasses import dataclass

import folium
from markupsafe import escape

from .i18n import _
from .maps import base_map, render_parts

# Fixed class limits (not quantiles), so maps of different phases compare; ColorBrewer YlOrRd, colour-blind safe.
SCORE_CLASSES = (
    (0.0, 0.1, "#ffffb2"),
    (0.1, 0.2, "#fecc5c"),
    (0.2, 0.3, "#fd8d3c"),
    (0.3, 0.4, "#f03b20"),
    (0.4, 1.0, "#bd0026"),
)
NO_SCORE_COLOUR = "#d5d9e0"


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


def _tooltip_text(properties: dict) -> str:
    """Escaped tooltip: folium's GeoJsonTooltip writes values as HTML, so names must not reach it raw."""
    score = properties.get("gap_score")
    figure = _("Lücken-Score %(score)s", score=f"{score:.3f}") if score is not None else _("kein Lücken-Score")
    rank = properties.get("rank")
    place = _("Rang %(rank)s", rank=rank) if rank else ""
    return str(escape(" · ".join(part for part in (properties["name"], figure, place) if part)))


def _styled_features(features: tuple[dict, ...], scores: dict[str, dict]) -> dict:
    """Features carrying only safe properties: raw names stay out, because the data ends up inside a <script>."""
    collection = []
    for feature in features:
        properties = {**feature["properties"], **scores.get(feature["properties"]["slug"], {})}
        safe = {"slug": str(escape(properties["slug"])), "approximate": properties.get("approximate", False),
                "label": _tooltip_text(properties), "fill": score_colour(properties.get("gap_score"))}
        collection.append({**feature, "properties": safe})
    return {"type": "FeatureCollection", "features": collection}


def _style(feature: dict) -> dict:
    dashed = "6 4" if feature["properties"].get("approximate") else None
    return {"fillColor": feature["properties"]["fill"], "fillOpacity": 0.75, "color": "#1d2330", "weight": 1.5,
            "dashArray": dashed}


def gap_choropleth_parts(features: tuple[dict, ...], scores: dict[str, dict], *, tiles: str = "none") -> dict:
    """``header``/``html``/``script`` of the choropleth; ``scores`` maps slug → {gap_score, rank}."""
    label = _("Karte der Angebotslücken nach Gebiet")
    m = base_map(tiles=tiles, key="planning", label=label, zoom_snap=0.25)
    layer = folium.GeoJson(
        _styled_features(features, scores),
        name="gaps",
        style_function=_style,
        highlight_function=lambda feature: {"weight": 3},
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
    )
    layer.add_to(m)
    if features:
        m.fit_bounds(layer.get_bounds())
    return render_parts(m)
