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

from .i18n import _
from .input_rules import strip_control_characters
from .presenters import OfferAtPlaceView, present_result
from .search import OfferFilters, search_offers

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
    return [
        _("Nr."),
        _("Titel"),
        _("Beschreibung"),
        _("Lebensphasen"),
        _("Kategorien"),
        _("Alter von"),
        _("Alter bis"),
        _("Kosten"),
        _("Sprachen"),
        _("Zeiten"),
        _("Anmeldung"),
        _("Einrichtung"),
        _("Adresse"),
        _("Stadtteil"),
        _("Breitengrad"),
        _("Längengrad"),
        _("Entfernung (m)"),
        _("Telefon"),
        _("E-Mail"),
        _("Website"),
        _("Link"),
        _("Demo"),
        _("Angebot Nr."),
    ]


def build_export(filters: OfferFilters, *, locale: str, offer_url: Callable[[int], str]) -> ExportTable:
    """The finder's whole result for these filters (no paging), as rows of plain values."""
    result = search_offers(replace(filters, limit=MAX_EXPORT_ROWS, offset=0))
    rows = [export_row(view, offer_url) for view in present_result(result, locale)]
    return ExportTable(export_headers(), rows, result.number_matched)


def _joined(items: list[dict]) -> str:
    return ", ".join(item["label"] for item in items)


def _cost(view: OfferAtPlaceView) -> str:
    return "; ".join([", ".join(view.costs), *(note.text for note in view.cost_notes)]).strip("; ")


def _registration(view: OfferAtPlaceView) -> str:
    parts = [
        view.registration.label,
        view.registration.note.text if view.registration.note else None,
        view.registration.url,
        view.registration.phone,
    ]
    return "; ".join(part for part in parts if part)


def _times(view: OfferAtPlaceView) -> str:
    return "; ".join(" ".join(part for part in (schedule.text, schedule.note) if part) for schedule in view.schedules)


def export_row(view: OfferAtPlaceView, offer_url) -> list:
    """One offer at one place as the export's columns, in the presenter's locale."""
    contact = view.contacts[0] if view.contacts else None
    return [
        view.id,
        view.title.text,
        view.description.text,
        _joined(view.phases),
        _joined(view.categories),
        view.min_age,
        view.max_age,
        _cost(view),
        ", ".join(view.languages),
        _times(view),
        _registration(view),
        view.place_name,
        view.address,
        view.district or "",
        view.lat,
        view.lon,
        None if view.distance_m is None else round(view.distance_m),
        ", ".join(contact.phones) if contact else "",
        (contact.email or "") if contact else "",
        view.website or "",
        offer_url(view.offer_id),
        _("ja") if view.is_demo else "",
        view.offer_id,
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
