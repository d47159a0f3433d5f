"""Loads the networks of MH/0/25 (coordinators, members, phases, districts) from a CSV data file."""

from pathlib import Path

from sqlalchemy import select

from ..editing import Actor
from ..editing.change_log import record_change
from ..extensions import db
from ..models import District, LifePhase, Network, Organization
from .records import Record, csv_records


def load_network_file(path: Path, *, is_demo: bool) -> int:
    """Upsert networks by key (their URL slug); every row is checked before any is written."""
    organizations = {row.key: row for row in db.session.scalars(select(Organization))}
    phases = {row.code: row for row in db.session.scalars(select(LifePhase))}
    districts = {row.slug: row for row in db.session.scalars(select(District))}
    rows = [_network_values(record, organizations, phases, districts) for record in csv_records(path)]
    actor = Actor(source=f"data file {path.name}")
    for values in rows:
        existing = db.session.scalar(select(Network).where(Network.slug == values["slug"]))
        network = existing or Network()
        before = network_snapshot(network) if existing else {}
        for field, value in values.items():
            setattr(network, field, value)
        network.is_demo = is_demo
        db.session.add(network)
        db.session.flush()
        # The change log feeds the newsletter's "new and changed networks".
        record_change(
            "network", network.id, "update" if existing else "create", before, network_snapshot(network), actor
        )
    db.session.flush()
    return len(rows)


def network_snapshot(network: Network) -> dict:
    """What readers see of a network, as JSON values, for the change log."""
    return {
        "name": network.name,
        "purpose": network.purpose,
        "coordinator": [network.coordinator_name, network.coordinator_email, network.coordinator_phone],
        "organizations": sorted(organization.key for organization in network.organizations),
        "phases": sorted(phase.code for phase in network.phases),
        "districts": sorted(district.slug for district in network.districts),
    }


def _network_values(record: Record, organizations: dict, phases: dict, districts: dict) -> dict:
    return {
        "slug": record.text("key"),
        "name": record.text("name"),
        "purpose": record.text("purpose"),
        "coordinator_name": record.text("coordinator_name", required=False),
        "coordinator_email": record.text("coordinator_email", required=False),
        "coordinator_phone": record.text("coordinator_phone", required=False),
        "organizations": [organizations[key] for key in record.codes("members", set(organizations))],
        "phases": [phases[code] for code in record.codes("phases", set(phases))],
        "districts": [districts[slug] for slug in record.codes("districts", set(districts))],
    }
