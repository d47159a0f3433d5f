"""Pure address helpers: one canonical spelling per address (the cache key) and its parts (no database, no Flask).

The city is data (``CityNames``, from the municipality record): its name and the spellings partners use for it.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

# Letters partners write in two ways: "ü" also as "ue" or "u" (and so on), so aliases match every variant.
_UMLAUT_VARIANTS = {"ä": "(?:ä|ae|a)", "ö": "(?:ö|oe|o)", "ü": "(?:ü|ue|u)"}


@dataclass(frozen=True)
class CityNames:
    """The city's canonical name and the spellings of it that mean the same city ("Muelheim a.d. Ruhr")."""

    name: str
    aliases: tuple[str, ...] = field(default=())

    @cached_property
    def key(self) -> str:
        """The canonical name as it appears in a normalised address ("castrop rauxel", "… weinstrasse")."""
        return clean_text(self.name)

    @cached_property
    def pattern(self) -> re.Pattern:
        """Any alias (or the name), case-insensitive, tolerant of umlaut spellings, dots and spaces."""
        spellings = sorted(
            {_fold(alias) for alias in (self.name, *self.aliases) if alias.strip()}, key=len, reverse=True
        )
        return re.compile(r"(?<!\w)(?:" + "|".join(map(_alias_regex, spellings)) + r")(?!\w)", re.IGNORECASE)


def _fold(text: str) -> str:
    """An alias spelled as ``clean_text`` sees it when it replaces the city (lower case, 'Str.' → 'strasse')."""
    text = unicodedata.normalize("NFC", text).casefold().replace("ß", "ss")
    return " ".join(_STRASSE_WORD.sub("strasse", _STRASSE.sub("strasse", text)).split())


def _alias_regex(alias: str) -> str:
    parts = []
    for char in alias:
        if char in _UMLAUT_VARIANTS:
            parts.append(_UMLAUT_VARIANTS[char])
        elif char == ".":
            parts.append(r"\.?")
        elif char.isspace():
            parts.append(r"\s*")
        elif char == "/":
            parts.append(r"\s*/\s*")
        elif char in "-–":
            parts.append(r"\s*[-–]?\s*")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


_STRASSE = re.compile(r"(?<=\w)(?:str\.|str\b|straße\b|strasse\b)", re.IGNORECASE)
_STRASSE_WORD = re.compile(r"\b(?:str\.|str\b|straße\b|strasse\b)", re.IGNORECASE)
_POSTCODE = re.compile(r"\b(\d{5})\b")
# "Sunderweg 90", "Am Rathaus 1", "Kaiserstr. 12 a", "Aktienstraße 45-47": a street then a house number.
_STREET_NUMBER = re.compile(
    r"^(?P<street>.*?[^\W\d][^,]*?)\s+(?P<number>\d+(?:\s*[a-z])?(?:\s*[-/]\s*\d+\s*[a-z]?)?)$", re.IGNORECASE
)


@dataclass(frozen=True)
class AddressParts:
    """An address split into street, house number, postcode and city (each normalised, or None)."""

    street: str | None
    number: str | None
    postcode: str | None
    city: str | None


def clean_text(text: str, city: CityNames | None = None) -> str:
    """Unicode-normalised, lower-case, single-spaced text with 'Straße' (and the city, when given) spelled one way."""
    text = unicodedata.normalize("NFC", text).casefold().replace("ß", "ss")
    text = _STRASSE.sub("strasse", text)
    text = _STRASSE_WORD.sub("strasse", text)
    if city is not None:
        text = city.pattern.sub(city.key, text)
    # "Friedrich-Ebert-Straße" = "Friedrich Ebert Straße"; a dash between numbers ("45-47") is a range and stays.
    text = re.sub(r"(?<=[^\W\d])\s*[-–]\s*|\s*[-–]\s*(?=[^\W\d])", " ", text.replace("–", "-"))
    text = re.sub(r"[^\w\s,/-]", " ", text)
    return re.sub(r"\s+", " ", text.replace(" ,", ",")).strip(" ,")


def parse_address(text: str, city: CityNames | None = None) -> AddressParts:
    """Split a one-line German address into its parts; parts that are not there are None.

    With ``city``, any of its spellings becomes its canonical name; without, the city is whatever follows the street.
    """
    cleaned = clean_text(text, city)
    postcode_match = _POSTCODE.search(cleaned)
    postcode = postcode_match.group(1) if postcode_match else None
    chunks = [chunk.strip() for chunk in cleaned.split(",") if chunk.strip()]
    street, number = _street_and_number(chunks[0] if chunks else "")
    named = city.key if city is not None and city.key in cleaned else _other_city(chunks[1:], postcode)
    return AddressParts(street, number, postcode, named)


def _street_and_number(chunk: str) -> tuple[str | None, str | None]:
    match = _STREET_NUMBER.match(_POSTCODE.sub("", chunk).strip())
    if not match:
        return None, None
    number = re.sub(r"\s+", "", match.group("number"))
    return match.group("street").strip(), number


def _other_city(chunks: list[str], postcode: str | None) -> str | None:
    """The city named after the street (postcode removed), when it is not the configured one."""
    for chunk in chunks:
        name = chunk.replace(postcode or "#", "").strip()
        if name and not name.isdigit():
            return name
    return None


def normalise_address(text: str, city: CityNames) -> str:
    """The cache key of an address: canonical spelling, the city added when missing."""
    parts = parse_address(text, city)
    if parts.street is None:
        cleaned = clean_text(text, city)
        return cleaned if parts.city else f"{cleaned}, {city.key}".strip(", ")
    place = " ".join(part for part in (parts.postcode, parts.city or city.key) if part)
    return f"{parts.street} {parts.number}, {place}"


def with_city(query: str, city: CityNames) -> str:
    """The query as sent to a provider: the partner's own spelling, with the city appended when it names none."""
    query = " ".join(query.split())
    return query if parse_address(query, city).city else f"{query}, {city.name}"


def is_city(name: str | None, city: CityNames) -> bool:
    """Whether a city as written ('Muelheim a.d. Ruhr') is one of the spellings of ``city``."""
    return bool(name) and parse_address(f", {name}", city).city == city.key


def same_address(asked: AddressParts, known: AddressParts) -> bool:
    """Whether a known address answers the asked one: street and number equal, postcodes equal when both given."""
    if asked.street is None or asked.number is None:
        return False
    if (_street_key(asked.street), asked.number) != (_street_key(known.street), known.number):
        return False
    return asked.postcode is None or known.postcode is None or asked.postcode == known.postcode


def _street_key(street: str | None) -> str:
    """'Schloß-Straße' and 'Schloßstraße' are one street."""
    return (street or "").replace(" ", "")


def house_number_digits(number: str | None) -> str | None:
    """The leading digits of a house number ('12a' → '12'), used to narrow the gazetteer's candidates."""
    match = re.match(r"\d+", number or "")
    return match.group(0) if match else None
