"""Providers (Träger, partners) of places and offers."""

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .municipality import municipality_fk


class Organization(db.Model):
    """A provider; editors belong to one."""

    __tablename__ = "organizations"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str | None] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(60))
    is_demo: Mapped[bool] = mapped_column(default=False)
    municipality_id: Mapped[int | None] = municipality_fk()

    def __repr__(self) -> str:
        return f"<Organization {self.key}>"
