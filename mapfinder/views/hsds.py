"""Open Referral HSDS 3.0 API under ``/hsds``: services, organizations, service_at_locations, taxonomies and
taxonomy terms, paged with HSDS's Page object; errors in the OGC exception format (see ``errors.py``)."""

from flask import Blueprint, abort, jsonify, request, url_for

from .. import hsds
from ..i18n import _
from .hsds_params import parse_hsds_filters, parse_uuid
from .params import parse_flag, parse_int, parse_text

blueprint = Blueprint("hsds", __name__, url_prefix="/hsds")


@blueprint.get("/")
def root():
    """Which HSDS version this is and where its API description lives."""
    return jsonify(
        {
            "version": "3.0",
            "profile": "https://openreferral.org/",
            "openapi_url": url_for("openapi.document", _external=True),
        }
    )


@blueprint.get("/services")
def services():
    """A page of services; ``full=true`` nests everything; filters of the HSDS API reference."""
    page, per_page = _paging()
    filters = parse_hsds_filters(request.args)
    full = parse_flag(request.args, "full")
    return jsonify(hsds.services(page=page, per_page=per_page, filters=filters, full=full).as_dict())


@blueprint.get("/services/<service_id>")
def service(service_id: str):
    """One fully nested service."""
    return jsonify(_or_404(hsds.find_service(service_id)))


@blueprint.get("/organizations")
def organizations():
    """A page of organizations, optionally matching ``search``."""
    page, per_page = _paging()
    search = parse_text(request.args, "search")
    return jsonify(hsds.organizations(page=page, per_page=per_page, search=search).as_dict())


@blueprint.get("/organizations/<organization_id>")
def organization(organization_id: str):
    """One organization with its services."""
    return jsonify(_or_404(hsds.find_organization(organization_id)))


@blueprint.get("/service_at_locations")
def service_at_locations():
    """A page of services at locations; the service filters, ``postcode`` and ``proximity``."""
    page, per_page = _paging()
    filters = parse_hsds_filters(request.args, locations=True)
    return jsonify(hsds.service_at_locations(page=page, per_page=per_page, filters=filters).as_dict())


@blueprint.get("/service_at_locations/<record_id>")
def service_at_location(record_id: str):
    """One service at one location."""
    return jsonify(_or_404(hsds.find_service_at_location(record_id)))


@blueprint.get("/taxonomies")
def taxonomies():
    """The life phases and the categories."""
    return jsonify(hsds.taxonomies().as_dict())


@blueprint.get("/taxonomy_terms")
def taxonomy_terms():
    """Every life phase and category as a term, optionally of one taxonomy or matching ``search``."""
    page, per_page = _paging()
    search = parse_text(request.args, "search")
    taxonomy_id = parse_uuid(request.args, "taxonomy_id")
    return jsonify(hsds.taxonomy_terms(page=page, per_page=per_page, search=search, taxonomy_id=taxonomy_id).as_dict())


def _paging() -> tuple[int, int]:
    page = parse_int(request.args, "page", 1, 1_000_000, _("page muss eine ganze Zahl ab 1 sein."))
    per_page = parse_int(
        request.args,
        "per_page",
        1,
        hsds.MAX_PER_PAGE,
        _("per_page muss zwischen 1 und %(max)s liegen.", max=hsds.MAX_PER_PAGE),
    )
    return page or 1, per_page or 50


def _or_404(record: dict | None) -> dict:
    if record is None:
        abort(404)
    return record
