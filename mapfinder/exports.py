"""Exports of the finder's current result as CSV and XLSX, in the reader's language.

The rows come from the finder's own search (``search.search_offers``), so an export always has the finder's count:
one row per offer and place.
"""
import csv
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from openpyxl import Workbook
from openpyxl.styles import Font

from .i18n import _, translated_label
from .input_rules import strip_control_characters
from .localized import localize
from .models import Offer, Place
from .search import OfferFilters, ResultRow, search_offers

logger = logging.getLogger(__name__)

MAX_EXPORT_ROWS = 20_000
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV/formula injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportTable:
    """Column headers in the reader's language and one row per offer and place."""

    headers: list[str]
    rows: list[list]
    number_matched: int

    @property
    def truncated(self) -> bool:
        """True when the finder matched more rows than an export holds."""
        return self.number_matched > len(self.rows)


def export_headers() -> list[str]:
    """The column names in the current locale."""
    return [_("Nr."), _("Titel"), _("Beschreibung"), _("Lebensphasen"), _("Kategorien"), _("Alter von"),
            _("Alter bis"), _("Kosten"), _("Sprachen"), _("Zeiten"), _("Anmeldung"), _("Einrichtung"), _("Adresse"),
            _("Stadtteil"), _("Breitengrad"), _("Längengrad"), _("Entfernung (m)"), _("Telefon"), _("E-Mail"),
            _("Website"), _("Link"), _("Demo")]


def build_export(filters: OfferFilters, *, locale: str, offer_url: Callable[[int], str]) -> ExportTable:
    """The finder's whole result for these filters (no paging), as rows of plain values."""
    result = search_offers(replace(filters, limit=MAX_EXPORT_ROWS, offset=0))
    rows = [export_row(row, result.offers[row.offer_id], result.places.get(row.place_id), locale, offer_url)
            for row in result.rows]
    return ExportTable(export_headers(), rows, result.number_matched)


def _labels(items, locale: str) -> str:
    return ", ".join(translated_label(item, locale=locale) for item in sorted(items, key=lambda i: i.position))


def _cost(offer: Offer) -> str:
    return _("kostenlos") if offer.is_free else (offer.cost or "")


def export_row(row: ResultRow, offer: Offer, place: Place | None, locale: str, offer_url) -> list:
    """One offer at one place as the export's columns."""
    return [
        offer.id, localize(offer, "title", locale).text, localize(offer, "description", locale).text,
        _labels(offer.phases, locale), _labels(offer.categories, locale), offer.min_age, offer.max_age,
        _cost(offer), ", ".join(offer.languages), offer.schedule or "", offer.registration or "",
        place.name if place else "", place.address if place else "",
        place.stadtteil.name if place and place.stadtteil else "", row.lat, row.lon,
        None if row.distance_m is None else round(row.distance_m), offer.contact_phone or "",
        offer.contact_email or "", offer.website or "", offer_url(offer.id), _("ja") if offer.is_demo else "",
    ]


def neutralise_formula(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe, control characters (which XLSX cannot
    hold) are removed; other values pass unchanged."""
    if not isinstance(value, str):
        return value
    value = strip_control_characters(value)
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def write_csv(table: ExportTable) -> bytes:
    """UTF-8 CSV with a byte-order mark (so spreadsheet programs detect the encoding), comma-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.headers)
    writer.writerows([[neutralise_formula(value) for value in row] for row in table.rows])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(table: ExportTable, *, sheet_title: str) -> bytes:
    """An XLSX workbook with one sheet: bold frozen header row, then the rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append(table.headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in table.rows:
        sheet.append([neutralise_formula(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
