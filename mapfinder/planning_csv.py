"""The planning table as a CSV for spreadsheets in the reader's language: German Excel and LibreOffice open it with
a double click (``;`` between fields where the decimal sign is a comma, UTF-8 with a byte order mark, headers in the
page's language). The machine-readable CSV of ``/api/v1/gaps?format=csv`` stays in ``gaps.records_as_csv``."""

import csv
import io

from babel.numbers import format_decimal, get_decimal_symbol

from .gaps import GapRow, GapTable
from .i18n import _

BOM = "\ufeff"


def _level_label(level: str) -> str:
    return {"bezirk": _("Stadtbezirk"), "stadtteil": _("Stadtteil"), "quarter": _("Quartier")}[level]


def _columns(table: GapTable) -> list[tuple[str, str]]:
    """(row attribute, header) in the order of the page's table, then the two caveat flags."""
    return [
        ("rank", _("Rang")),
        ("name", _level_label(table.query.level)),
        ("offers", _("Angebote")),
        ("residents", _("Einwohner:innen der Altersgruppe")),
        ("per_1000", _("Angebote je 1.000")),
        ("reach_share", _("Fläche in %(walk)s m erreichbar", walk=table.query.walk_m)),
        ("nearest_m", _("Mitte → nächstes Angebot (m)")),
        ("need_index", _("Sozialindex Ø (Schulen)")),
        ("startchancen_schools", _("Startchancen-Schulen")),
        ("gap_score", _("Lücken-Score")),
        ("residents_estimated", _("geschätzt")),
        ("boundary_approximate", _("Grenze angenähert")),
    ]


def delimiter_for(locale: str) -> str:
    """``;`` where the decimal sign is a comma (German spreadsheets split on it), ``,`` elsewhere."""
    return ";" if get_decimal_symbol(locale) == "," else ","


def spreadsheet_value(value, locale: str) -> str:
    """A cell: numbers with the locale's decimal sign and no grouping, yes/no in words, missing values empty."""
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, float):
        return format_decimal(value, format="0.###", locale=locale)
    return "" if value is None else str(value)


def spreadsheet_csv(table: GapTable, *, locale: str, names: dict[str, str]) -> str:
    """The table's rows as spreadsheet CSV text (with BOM); ``names`` are the areas' names in ``locale``."""
    columns = _columns(table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter_for(locale), lineterminator="\r\n")
    writer.writerow(header for _key, header in columns)
    writer.writerows([_cell(row, key, locale, names) for key, _header in columns] for row in table.rows)
    return BOM + buffer.getvalue()


def _cell(row: GapRow, key: str, locale: str, names: dict[str, str]) -> str:
    if key == "name":
        return names.get(row.slug, row.name)
    return spreadsheet_value(getattr(row, key), locale)
