"""Open Referral HSDS 3.0 API under ``/hsds``: services, organizations, service_at_locations, taxonomies and
taxonomy terms, paged with HSDS's Page object; errors in the OGC exception format (see ``errors.py``)."""

from flask import Blueprint, abort, jsonify, request, url_for

from .. import hsds
from ..i18n import _
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
    """A page of services; ``full=true`` nests everything, ``search`` and ``organization_id`` filter."""
    page, per_page = _paging()
    return jsonify(
        hsds.services(
            page=page,
            per_page=per_page,
            search=parse_text(request.args, "search"),
            organization_id=request.args.get("organization_id") or None,
            full=parse_flag(request.args, "full"),
        ).as_dict()
    )


@blueprint.get("/services/<service_id>")
def service(service_id: str):
    """One fully nested service."""
    return jsonify(_or_404(hsds.find_service(service_id)))


@blueprint.get("/organizations")
def organizations():
    """A page of organizations."""
    page, per_page = _paging()
    return jsonify(hsds.organizations(page=page, per_page=per_page).as_dict())


@blueprint.get("/organizations/<organization_id>")
def organization(organization_id: str):
    """One organization with its services."""
    return jsonify(_or_404(hsds.find_organization(organization_id)))


@blueprint.get("/service_at_locations")
def service_at_locations():
    """A page of services at locations, optionally in one ``postcode``."""
    page, per_page = _paging()
    postcode = parse_text(request.args, "postcode")
    return jsonify(hsds.service_at_locations(page=page, per_page=per_page, postcode=postcode).as_dict())


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
    """Every life phase and category as a term."""
    page, per_page = _paging()
    return jsonify(hsds.taxonomy_terms(page=page, per_page=per_page).as_dict())


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
