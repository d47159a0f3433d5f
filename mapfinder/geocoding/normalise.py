"""Pure address helpers: one canonical spelling per address (the cache key) and its parts (no database, no Flask)."""
import re
import unicodedata
from dataclasses import dataclass

CITY = "Mülheim an der Ruhr"
# Spellings of the city partners use; all become the canonical name so that they share one cache entry.
_CITY_ALIASES = re.compile(
    r"\bm(?:ü|ue|u)lheim(?:\s*(?:an\s+der|a\.?\s*d\.?|/|a\.?)\s*ruhr)?(?!\w)", re.IGNORECASE
)
_STRASSE = re.compile(r"(?<=\w)(?:str\.|str\b|straße\b|strasse\b)", re.IGNORECASE)
_STRASSE_WORD = re.compile(r"\b(?:str\.|str\b|straße\b|strasse\b)", re.IGNORECASE)
_POSTCODE = re.compile(r"\b(\d{5})\b")
# "Sunderweg 90", "Am Rathaus 1", "Kaiserstr. 12 a", "Aktienstraße 45-47": a street then a house number.
_STREET_NUMBER = re.compile(r"^(?P<street>.*?[^\W\d][^,]*?)\s+(?P<number>\d+(?:\s*[a-z])?(?:\s*[-/]\s*\d+\s*[a-z]?)?)$",
                            re.IGNORECASE)


@dataclass(frozen=True)
class AddressParts:
    """An address split into street, house number, postcode and city (each normalised, or None)."""

    street: str | None
    number: str | None
    postcode: str | None
    city: str | None


def clean_text(text: str) -> str:
    """Unicode-normalised, lower-case, single-spaced text with 'Straße' spelled one way."""
    text = unicodedata.normalize("NFC", text).casefold().replace("ß", "ss")
    text = _STRASSE.sub("strasse", text)
    text = _STRASSE_WORD.sub("strasse", text)
    text = _CITY_ALIASES.sub(CITY.casefold(), text)
    # "Friedrich-Ebert-Straße" = "Friedrich Ebert Straße"; a dash between numbers ("45-47") is a range and stays.
    text = re.sub(r"(?<=[^\W\d])\s*[-–]\s*|\s*[-–]\s*(?=[^\W\d])", " ", text.replace("–", "-"))
    text = re.sub(r"[^\w\s,/-]", " ", text)
    return re.sub(r"\s+", " ", text.replace(" ,", ",")).strip(" ,")


def parse_address(text: str) -> AddressParts:
    """Split a one-line German address into its parts; parts that are not there are None."""
    cleaned = clean_text(text)
    postcode_match = _POSTCODE.search(cleaned)
    postcode = postcode_match.group(1) if postcode_match else None
    chunks = [chunk.strip() for chunk in cleaned.split(",") if chunk.strip()]
    street, number = _street_and_number(chunks[0] if chunks else "")
    city = CITY.casefold() if CITY.casefold() in cleaned else _other_city(chunks[1:], postcode)
    return AddressParts(street, number, postcode, city)


def _street_and_number(chunk: str) -> tuple[str | None, str | None]:
    match = _STREET_NUMBER.match(_POSTCODE.sub("", chunk).strip())
    if not match:
        return None, None
    number = re.sub(r"\s+", "", match.group("number"))
    return match.group("street").strip(), number


def _other_city(chunks: list[str], postcode: str | None) -> str | None:
    """The city named after the street (postcode removed), when it is not Mülheim."""
    for chunk in chunks:
        name = chunk.replace(postcode or "#", "").strip()
        if name and not name.isdigit():
            return name
    return None


def normalise_address(text: str) -> str:
    """The cache key of an address: canonical spelling, the city added when missing."""
    parts = parse_address(text)
    if parts.street is None:
        cleaned = clean_text(text)
        return cleaned if parts.city else f"{cleaned}, {CITY.casefold()}".strip(", ")
    place = " ".join(part for part in (parts.postcode, parts.city or CITY.casefold()) if part)
    return f"{parts.street} {parts.number}, {place}"


def with_city(query: str) -> str:
    """The query as sent to a provider: the partner's own spelling, with the city appended when it names none."""
    query = " ".join(query.split())
    return query if parse_address(query).city else f"{query}, {CITY}"


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
