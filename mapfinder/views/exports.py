"""Exports of the finder's current result: ``/export.csv`` and ``/export.xlsx`` with the finder's parameters."""

from flask import Blueprint, Response, request, url_for
from flask_babel import get_locale

from ..exports import build_export, write_csv, write_xlsx
from ..i18n import _
from .params import parse_offer_filters

blueprint = Blueprint("exports", __name__)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _offer_url(offer_id: int) -> str:
    return url_for("offers.detail", offer_id=offer_id, _external=True)


def _table():
    return build_export(parse_offer_filters(request.args), locale=str(get_locale()), offer_url=_offer_url)


def _download(body: bytes, mimetype: str, extension: str, table) -> Response:
    headers = {
        "Content-Disposition": f'attachment; filename="angebote.{extension}"',
        "X-Total-Count": str(table.number_matched),
    }
    return Response(body, mimetype=mimetype, headers=headers)


@blueprint.get("/export.csv")
def csv_export():
    """The finder's result as CSV."""
    table = _table()
    return _download(write_csv(table), "text/csv; charset=utf-8", "csv", table)


@blueprint.get("/export.xlsx")
def xlsx_export():
    """The finder's result as a spreadsheet."""
    table = _table()
    return _download(write_xlsx(table, sheet_title=_("Angebote")), XLSX_TYPE, "xlsx", table)
