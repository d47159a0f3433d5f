"""``/api/v1/openapi.json``: the OpenAPI contract of ``/api/v1``, ``/ogc`` and ``/hsds``."""

from flask import Blueprint, jsonify, request

from .. import openapi
from ..i18n import _

blueprint = Blueprint("openapi", __name__, url_prefix="/api/v1")


@blueprint.get("/openapi.json")
def document():
    """The OpenAPI 3.0 document, with this server's address."""
    response = jsonify(openapi.document(request.host_url.rstrip("/"), _("Offene Daten der Angebotskarte")))
    response.mimetype = "application/vnd.oai.openapi+json"
    return response
