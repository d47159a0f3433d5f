"""The network directory: every network of MH/0/25 and one page per network."""

from flask import Blueprint, render_template

from ..networks import demo_count, find_network, list_networks
from ..place_search import places_of_organizations

blueprint = Blueprint("networks", __name__)


@blueprint.get("/networks")
def index():
    """All networks with purpose, coordinator and scope."""
    networks = list_networks()
    return render_template("networks.html", networks=networks, demo_count=demo_count(networks))


@blueprint.get("/networks/<slug>")
def detail(slug: str):
    """One network; an unknown slug shows the directory with a message and status 404."""
    network = find_network(slug)
    if network is None:
        networks = list_networks()
        return render_template(
            "networks.html", networks=networks, demo_count=demo_count(networks), missing_slug=slug
        ), 404
    member_places = places_of_organizations([organization.id for organization in network.organizations])
    return render_template("network.html", network=network, member_places=member_places)
