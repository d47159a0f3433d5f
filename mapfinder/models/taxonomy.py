"""Life phases and categories: the taxonomy, loaded from geodata/taxonomy/*.toml."""

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TranslationMixin


class LifePhase(db.Model):
    """A phase of life, from pregnancy to old age, with the ages it covers."""

    __tablename__ = "life_phases"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int]
    min_age: Mapped[int]
    max_age: Mapped[int]
    colour: Mapped[str] = mapped_column(String(7))
    icon: Mapped[str] = mapped_column(String(40))
    translations: Mapped[list["LifePhaseTranslation"]] = relationship(
        back_populates="phase", cascade="all, delete-orphan", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"<LifePhase {self.code}>"


class LifePhaseTranslation(TranslationMixin, db.Model):
    """A life phase's label and description in one locale (German included)."""

    __tablename__ = "life_phase_translations"
    life_phase_id: Mapped[int] = mapped_column(ForeignKey("life_phases.id", ondelete="CASCADE"), primary_key=True)
    label: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)
    phase: Mapped[LifePhase] = relationship(back_populates="translations")


class Category(db.Model):
    """A kind of offer (Beratung, Betreuung, …) with its marker colour and icon."""

    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int]
    colour: Mapped[str] = mapped_column(String(7))
    icon: Mapped[str] = mapped_column(String(40))
    translations: Mapped[list["CategoryTranslation"]] = relationship(
        back_populates="category", cascade="all, delete-orphan", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"<Category {self.code}>"


class CategoryTranslation(TranslationMixin, db.Model):
    """A category's label in one locale (German included)."""

    __tablename__ = "category_translations"
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True)
    label: Mapped[str] = mapped_column(String(120))
    category: Mapped[Category] = relationship(back_populates="translations")
