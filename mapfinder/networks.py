"""Network service: the networks of MH/0/25 and which of them are active in a district."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .extensions import db
from .models import District, Network


@dataclass(frozen=True)
class ActiveNetwork:
    """A network as listed for a district: city-wide (no districts of its own) or tied to some."""

    network: Network
    city_wide: bool


def _with_relations(query):
    return query.options(
        selectinload(Network.organizations), selectinload(Network.phases), selectinload(Network.districts)
    )


def list_networks() -> list[Network]:
    """Every network, by name, with members, phases and districts loaded."""
    return list(db.session.scalars(_with_relations(select(Network)).order_by(Network.name)))


def find_network(slug: str) -> Network | None:
    """The network with this slug, or None."""
    return db.session.scalar(_with_relations(select(Network)).where(Network.slug == slug))


def district_family_ids(district: District) -> set[int]:
    """The district, the districts above it and those below it: a network there is active here."""
    ids = {district.id}
    parent = district.parent
    while parent is not None:
        ids.add(parent.id)
        parent = parent.parent
    ids.update(child.id for child in _descendants(district))
    return ids


def _descendants(district: District) -> list[District]:
    found = []
    for child in district.children:
        found.extend([child, *_descendants(child)])
    return found


def networks_for_district(district: District) -> list[ActiveNetwork]:
    """Networks tied to this district (or one above or below it) first, then the city-wide ones."""
    family = district_family_ids(district)
    local, city_wide = [], []
    for network in list_networks():
        if not network.districts:
            city_wide.append(ActiveNetwork(network, city_wide=True))
        elif family & {item.id for item in network.districts}:
            local.append(ActiveNetwork(network, city_wide=False))
    return local + city_wide


def demo_count(networks: list[Network]) -> int:
    """How many of the networks are demo entries."""
    return sum(1 for network in networks if network.is_demo)
