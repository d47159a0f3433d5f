"""Kinds of institution (Kita, Familienzentrum, Grundschule, …): data from geodata/taxonomy/place_kinds.toml."""

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TranslationMixin


class PlaceKind(db.Model):
    """A kind of institution with a plain-language explanation; a school form is a kind below its parent kind."""

    __tablename__ = "place_kinds"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    position: Mapped[int]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("place_kinds.id", ondelete="SET NULL"))
    colour: Mapped[str] = mapped_column(String(7))
    icon: Mapped[str] = mapped_column(String(40))
    # Shown in the directory's kind filter; False for kinds that only label places (e.g. the Schulamt).
    listed: Mapped[bool] = mapped_column(default=True)
    # Its pages link the Kita registration portal when the deployment configures one.
    links_kita_portal: Mapped[bool] = mapped_column(default=False)
    parent: Mapped["PlaceKind | None"] = relationship(remote_side=[id])
    translations: Mapped[list["PlaceKindTranslation"]] = relationship(
        back_populates="kind", cascade="all, delete-orphan", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"<PlaceKind {self.code}>"


class PlaceKindTranslation(TranslationMixin, db.Model):
    """A kind's label, explanation and optional second question ("What is the Offener Ganztag?") in one locale."""

    __tablename__ = "place_kind_translations"
    place_kind_id: Mapped[int] = mapped_column(ForeignKey("place_kinds.id", ondelete="CASCADE"), primary_key=True)
    label: Mapped[str] = mapped_column(String(120))
    explanation: Mapped[str | None] = mapped_column(Text)
    topic_title: Mapped[str | None] = mapped_column(String(200))
    topic_text: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[PlaceKind] = relationship(back_populates="translations")
