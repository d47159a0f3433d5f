"""Data colours as one stylesheet: swatches and marker glyphs carry a class such as ``colour-1565c0`` instead of a
``style`` attribute, so the Content-Security-Policy can say ``style-src 'self'`` and pages stay smaller.

The colours come from the vocabulary tables (life phases, categories, kinds of place) and from the fixed colours of
the maps and legends; ``stylesheet()`` lists each once.
"""

import hashlib
import re

from sqlalchemy import select, union

from .extensions import db
from .gaps_map import NO_SCORE_COLOUR, SCORE_CLASSES
from .models import Category, LifePhase, PlaceKind
from .pages.district import INSIDE_COLOUR, NEARBY_COLOUR
from .place_presenter import FALLBACK_COLOUR

_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
FIXED_COLOURS = (
    *(colour for _low, _high, colour in SCORE_CLASSES),
    NO_SCORE_COLOUR,
    FALLBACK_COLOUR,
    INSIDE_COLOUR,
    NEARBY_COLOUR,
)


def colour_class(colour: str | None) -> str:
    """The class that paints an element's background in ``colour`` (``""`` for anything but ``#rrggbb``)."""
    if not colour or not _HEX_COLOUR.fullmatch(colour):
        return ""
    return f"colour-{colour[1:].lower()}"


def known_colours() -> list[str]:
    """Every colour a page may ask for, lower-case and sorted."""
    in_data = db.session.scalars(
        union(select(LifePhase.colour), select(Category.colour), select(PlaceKind.colour))
    ).all()
    colours = {colour.lower() for colour in (*in_data, *FIXED_COLOURS) if colour and _HEX_COLOUR.fullmatch(colour)}
    return sorted(colours)


def stylesheet() -> tuple[str, str]:
    """The stylesheet and its entity tag."""
    css = "".join(f".{colour_class(colour)}{{background-color:{colour}}}\n" for colour in known_colours())
    return css, hashlib.sha256(css.encode()).hexdigest()[:20]
