"""Planning: the gap analysis page, its CSV, and ``GET /api/v1/gaps`` (JSON or CSV)."""

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from flask_babel import get_locale

from .. import catalog, gaps
from ..gaps_map import gap_choropleth_parts, legend_classes
from ..gaps_reasons import rank_reasons
from ..i18n import _
from ..parameters import ParameterError
from ..planning_csv import spreadsheet_csv

blueprint = Blueprint("planning", __name__)


@blueprint.get("/planning")
def page():
    """The gap table, ranked list, choropleth and method for the chosen level, phase, category and distance."""
    choices = gaps.planning_choices()
    try:
        query = gaps.parse_gap_query(request.args)
    except ParameterError as error:
        return render_template(
            "planning.html", error=error, choices=choices, query=gaps.GapQuery(), walk_steps=gaps.WALK_STEPS_M
        ), 400
    table = gaps.gap_table(query)
    return render_template(
        "planning.html", choices=choices, query=query, table=table, walk_steps=gaps.WALK_STEPS_M, **_table_view(table)
    )


def _table_view(table: gaps.GapTable) -> dict:
    sort, descending = request.args.get("sort", "rank"), request.args.get("dir") == "desc"
    scores = {row.slug: {"gap_score": row.gap_score, "rank": row.rank} for row in table.rows}
    features = gaps.district_features(table.query.level)
    names = catalog.district_names(str(get_locale()))
    return {
        "rows": gaps.sort_rows(table.rows, key=sort, descending=descending),
        "sort": sort if sort in gaps.SORT_KEYS else "rank",
        "descending": descending,
        "legend": legend_classes([row.gap_score for row in table.rows]),
        "map_parts": gap_choropleth_parts(features, scores, tiles=current_app.config["MAP_TILES"], names=names),
        "district_names": names,
        "reasons": rank_reasons(table),
    }


@blueprint.get("/planning.csv")
def page_csv():
    """The page's table for spreadsheets in the page's language (``;``, decimal comma, BOM for German)."""
    table, locale = gaps.gap_table(gaps.parse_gap_query(request.args)), str(get_locale())
    body = spreadsheet_csv(table, locale=locale, names=catalog.district_names(locale))
    filename = f"angebotsluecken-{table.query.level}-{table.query.phase}.csv"
    return Response(
        body.encode("utf-8"),
        mimetype="text/csv",
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@blueprint.get("/api/v1/gaps")
def api_gaps():
    """Gap rows as JSON, or CSV with ``format=csv``; a bad parameter is a ``ParameterError`` (400, named)."""
    if request.args.get("format", "json") not in ("json", "csv"):
        raise ParameterError("format", _("Unbekanntes Format. Erlaubt: json, csv."))
    table = gaps.gap_table(gaps.parse_gap_query(request.args))
    return _csv(table) if request.args.get("format") == "csv" else jsonify(_json_body(table))


def _json_body(table: gaps.GapTable) -> dict:
    return {
        "query": {
            "level": table.query.level,
            "phase": table.query.phase,
            "category": table.query.category,
            "walk_m": table.query.walk_m,
        },
        "data_version": {
            "version": table.version,
            "changed_at": table.changed_at.isoformat() if table.changed_at else None,
        },
        "rows": gaps.table_records(table),
    }


def _csv(table: gaps.GapTable) -> Response:
    filename = f"angebotsluecken-{table.query.level}-{table.query.phase}.csv"
    return Response(
        gaps.records_as_csv(gaps.table_records(table)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
