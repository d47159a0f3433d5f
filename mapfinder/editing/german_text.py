"""Partners' German free text for registration and cost, read into structured values; what is not a value stays
as the German note, so nothing is lost (used by the CSV importers and the data migration)."""

import re
from dataclasses import dataclass
from decimal import Decimal

_NOT_NEEDED = re.compile(r"\bohne\s+(?:anmeldung|termin)\b|\bkeine\s+anmeldung\b|\boffen für alle\b", re.IGNORECASE)
_RECOMMENDED = re.compile(r"\berwünscht\b|\bempfohlen\b|\bwird gebeten\b", re.IGNORECASE)
_REQUIRED = re.compile(
    r"anmeldung|termin|buchung|registrierung|zulassung|aufnahme|anfrage|vorgespräch|"
    r"beratungsgespräch|einladung|erforderlich|notwendig|nötig",
    re.IGNORECASE,
)
# The plain statements of the kind itself: they need no note beside the translated label.
_PLAIN = {
    "ohne anmeldung",
    "anmeldung erwünscht",
    "anmeldung erforderlich",
    "termin erforderlich",
    "termin erwünscht",
    "anmeldung nötig",
    "anmeldung notwendig",
    "keine anmeldung",
}
_AMOUNT = re.compile(r"(\d+(?:[.,]\d{1,2})?)\s*(?:€|euro\b)", re.IGNORECASE)
_FREE = re.compile(r"^(?:kostenlos|kostenfrei|gebührenfrei|frei|gratis|0\s*€)$", re.IGNORECASE)


@dataclass(frozen=True)
class RegistrationValues:
    """Whether one must sign up (``not_needed`` / ``recommended`` / ``required`` / None unknown) and a note."""

    kind: str | None
    note: str | None


@dataclass(frozen=True)
class CostValues:
    """One cost option: ``free`` / ``fee`` / ``reduced``, an amount in euro where the text names one, a note."""

    kind: str
    amount: Decimal | None
    note: str | None


def parse_registration(text: str | None) -> RegistrationValues | None:
    """``"Anmeldung erwünscht"`` → recommended; ``"Anmeldung über die Schule"`` → required with that note."""
    text = " ".join((text or "").split())
    if not text:
        return None
    if _NOT_NEEDED.search(text):
        kind = "not_needed"
    elif _RECOMMENDED.search(text):
        kind = "recommended"
    elif _REQUIRED.search(text):
        kind = "required"
    else:
        kind = None
    return RegistrationValues(kind, None if text.casefold() in _PLAIN else text)


def parse_cost(text: str | None, *, free: bool) -> list[CostValues]:
    """The cost options of an offer from its "free" flag and German cost text."""
    text = " ".join((text or "").split())
    if not text:
        return [CostValues("free", None, None)] if free else []
    if _FREE.match(text):
        return [CostValues("free", None, None)]
    amount = _AMOUNT.search(text)
    value = Decimal(amount.group(1).replace(",", ".")) if amount else None
    options = [CostValues("fee", value, text)]
    if free:
        options.insert(0, CostValues("free", None, None))
    return options
