"""Networks of MH/0/25 (Frühe Hilfen, Bildungspartnerschaften, …) with their coordinators and members."""

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .districts import District
from .municipality import municipality_fk
from .organizations import Organization
from .taxonomy import LifePhase

network_organizations = Table(
    "network_organizations",
    db.metadata,
    Column("network_id", ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
)
network_phases = Table(
    "network_phases",
    db.metadata,
    Column("network_id", ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True),
    Column("life_phase_id", ForeignKey("life_phases.id", ondelete="CASCADE"), primary_key=True),
)
network_districts = Table(
    "network_districts",
    db.metadata,
    Column("network_id", ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True),
    Column("district_id", ForeignKey("districts.id", ondelete="CASCADE"), primary_key=True),
)


class Network(db.Model):
    """A cooperation of organisations around a phase or district, with a coordinator to contact."""

    __tablename__ = "networks"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    coordinator_name: Mapped[str | None] = mapped_column(String(200))
    coordinator_email: Mapped[str | None] = mapped_column(String(200))
    coordinator_phone: Mapped[str | None] = mapped_column(String(60))
    is_demo: Mapped[bool] = mapped_column(default=False)
    municipality_id: Mapped[int | None] = municipality_fk()
    organizations: Mapped[list[Organization]] = relationship(secondary=network_organizations)
    phases: Mapped[list[LifePhase]] = relationship(secondary=network_phases)
    districts: Mapped[list[District]] = relationship(secondary=network_districts)
