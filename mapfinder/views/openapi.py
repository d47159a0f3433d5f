"""``/api/v1/openapi.json``: the OpenAPI contract of ``/api/v1``, ``/ogc`` and ``/hsds``; ``/api/v1/docs``: the
same as a browsable page."""

from flask import Blueprint, jsonify, render_template, request

from .. import openapi
from ..i18n import _
from ..pages.api_docs import api_reference

blueprint = Blueprint("openapi", __name__, url_prefix="/api/v1")


@blueprint.get("/openapi.json")
def document():
    """The OpenAPI 3.0 document, with this server's address."""
    response = jsonify(openapi.document(request.host_url.rstrip("/"), _("Offene Daten der Angebotskarte")))
    response.mimetype = "application/vnd.oai.openapi+json"
    return response


@blueprint.get("/docs")
def docs():
    """The contract as a reference page rendered by the app (no script, nothing from another host)."""
    document = openapi.document(request.host_url.rstrip("/"), _("Offene Daten der Angebotskarte"))
    return render_template("api_docs.html", reference=api_reference(document))
