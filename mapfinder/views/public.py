"""Public pages: the start page and the page on data sources and licences."""
from flask import Blueprint, render_template
from sqlalchemy import text

from ..extensions import db
from ..overview import build_overview

blueprint = Blueprint("public", __name__)


@blueprint.get("/")
def index():
    """Start page: what there is, per life phase and per Stadtteil."""
    return render_template("index.html", overview=build_overview())


@blueprint.get("/about")
def about():
    """Data sources, licences and the approximate-boundaries notice."""
    return render_template("about.html")


@blueprint.get("/healthz")
def health():
    """Liveness and database reachability for the load balancer."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
