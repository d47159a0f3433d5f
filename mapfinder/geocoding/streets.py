"""Street names for suggestions while a reader types an address: the streets the app knows a point on (its places).

These are the streets the "near" search can place without an online geocoder (``fallback.py`` finds a known point on
them), so a suggestion always leads somewhere. Matching is by prefix, of the whole name or of one of its words, and
tolerant of case, accents, umlaut spellings ("Duesseldorfer", "Dusseldorfer") and "Straße"/"Strasse"/"Str.".
"""

import logging
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select

from ..catalog import vocabulary_snapshot
from ..count_cache import remembered
from ..extensions import db
from ..models import Place
from .fallback import street_name_sql

logger = logging.getLogger(__name__)
MAX_SUGGESTIONS = 10
_UMLAUT_PAIRS = (("ae", "a"), ("oe", "o"), ("ue", "u"))
# "Bülowstr." → "Bülowstraße", "Friedrich-Ebert-Str." → "Friedrich-Ebert-Straße" (the written-out spelling is shown).
_STR_SUFFIX = re.compile(r"(?<=[^\W\d])str\.?$")
_STR_WORD = re.compile(r"\bStr\.?$")


@dataclass(frozen=True)
class StreetSuggestion:
    """A known street and the postcode most of its places have (None when none is recorded)."""

    name: str
    postcode: str | None

    def as_json(self) -> dict:
        """The API's record of a street."""
        return {"name": self.name, "postcode": self.postcode}


def street_key(text: str) -> str:
    """What two spellings of a street share: lower case, no accents, ß/ä/ö/ü as ss/a/o/u, 'str.' as 'strasse', no
    spaces, dashes or dots ("Friedrich-Ebert-Str." and "friedrich ebert strasse" → "friedrichebertstrasse")."""
    return "".join(_words(text))


def written_out(name: str) -> str:
    """A street name with an abbreviated 'Str.' at its end written out."""
    name = " ".join(name.split())
    return _STR_WORD.sub("Straße", _STR_SUFFIX.sub("straße", name))


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", written_out(text).casefold().replace("ß", "ss"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    for spelled, plain in _UMLAUT_PAIRS:
        text = text.replace(spelled, plain)
    return [word for word in re.split(r"[\W_]+", text) if word]


def matches(query_key: str, name: str) -> int | None:
    """How well ``name`` fits what was typed: 0 when the name starts with it, 1 when one of its words does."""
    words = _words(name)
    if "".join(words).startswith(query_key):
        return 0
    if any("".join(words[index:]).startswith(query_key) for index in range(1, len(words))):
        return 1
    return None


def suggest_streets(query: str, *, limit: int = MAX_SUGGESTIONS) -> list[StreetSuggestion]:
    """Up to ``limit`` known streets matching the start of ``query`` (whole name first, then by a word, A–Z)."""
    asked = street_key(query)
    if not asked:
        return []
    ranked = []
    # Read once per data version (places are versioned): a keystroke costs the version statement, not a scan.
    streets = remembered(vocabulary_snapshot("de"), (), "known-streets", known_streets)
    for key, (name, postcode) in streets.items():
        rank = matches(asked, name)
        if rank is not None:
            ranked.append((rank, key, StreetSuggestion(name, postcode)))
    ranked.sort(key=lambda item: item[:2])
    return [suggestion for _rank, _key, suggestion in ranked[:limit]]


def known_streets() -> dict[str, tuple[str, str | None]]:
    """Street key → (name as shown, its most frequent postcode), over every place with a point."""
    name = street_name_sql().label("name")
    rows = db.session.execute(
        select(name, Place.postcode, func.count().label("places"))
        .where(Place.geom.is_not(None), Place.street.is_not(None))
        .group_by(name, Place.postcode)
    )
    best: dict[str, tuple[int, bool, str, str | None]] = {}
    for row in rows:
        shown = written_out(row.name)
        key = street_key(shown)
        if not key or key.isdigit():
            continue
        # The most places decide the postcode; a spelling written out in the data wins over an expanded one.
        candidate = (row.places, shown == " ".join(row.name.split()), shown, row.postcode)
        if key not in best or candidate[:2] > best[key][:2]:
            best[key] = candidate
    return {key: (shown, postcode) for key, (_count, _plain, shown, postcode) in best.items()}
