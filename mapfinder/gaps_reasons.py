"""Why a district ranks where it does on the planning page: one plain sentence per top row, comparing its need and
its supply with the middle of all scored districts, and saying when the figure rests on an estimated population."""

from statistics import median

from flask_babel import format_decimal, format_percent

from .gaps import GapRow, GapTable
from .i18n import _

TOP_ROWS = 3


def rank_reasons(table: GapTable, *, top: int = TOP_ROWS) -> dict[str, str]:
    """Slug → the reason sentence, for the ``top`` ranked rows."""
    scored = [row for row in table.rows if row.gap_score is not None]
    if not scored:
        return {}
    middle = _middles(scored)
    return {row.slug: reason(row, middle) for row in scored[:top]}


def _middles(rows: list[GapRow]) -> dict[str, float | None]:
    per_1000 = [row.per_1000 for row in rows if row.per_1000 is not None]
    return {
        "need": median(row.need_index for row in rows),
        "per_1000": median(per_1000) if per_1000 else None,
        "reach": median(row.reach_share for row in rows),
    }


def _supply_low(row: GapRow, middle: dict) -> bool:
    fewer = row.per_1000 is not None and middle["per_1000"] is not None and row.per_1000 < middle["per_1000"]
    return fewer or row.reach_share < middle["reach"]


def reason(row: GapRow, middle: dict) -> str:
    """One sentence: high need, little supply, both or neither, with the figures and the middle of all districts."""
    need_high, supply_low = row.need_index > middle["need"], _supply_low(row, middle)
    figures = {
        "need": format_decimal(row.need_index, "0.0"),
        "need_mid": format_decimal(middle["need"], "0.0"),
        "per_1000": format_decimal(row.per_1000, "0.0") if row.per_1000 is not None else "–",
        "per_mid": format_decimal(middle["per_1000"], "0.0") if middle["per_1000"] is not None else "–",
        "share": format_percent(row.reach_share),
        "share_mid": format_percent(middle["reach"]),
    }
    sentence = _sentence(need_high, supply_low, figures)
    if row.residents_estimated:
        sentence += " " + _("Die Angebote je 1.000 beruhen auf einer geschätzten Einwohnerzahl.")
    return sentence


def _sentence(need_high: bool, supply_low: bool, figures: dict) -> str:
    if need_high and supply_low:
        return _(
            "Hoher Bedarf bei wenig Angebot: Sozialindex Ø %(need)s (Mitte aller Gebiete %(need_mid)s), "
            "%(per_1000)s Angebote je 1.000 (Mitte %(per_mid)s), %(share)s der Fläche erreichbar "
            "(Mitte %(share_mid)s).",
            **figures,
        )
    if need_high:
        return _(
            "Vor allem hoher Bedarf: Sozialindex Ø %(need)s (Mitte aller Gebiete %(need_mid)s); das Angebot liegt "
            "nicht unter der Mitte.",
            **figures,
        )
    if supply_low:
        return _(
            "Vor allem wenig Angebot: %(per_1000)s Angebote je 1.000 (Mitte aller Gebiete %(per_mid)s), %(share)s der "
            "Fläche erreichbar (Mitte %(share_mid)s); der Bedarf liegt nicht über der Mitte.",
            **figures,
        )
    return _("Bedarf und Angebot liegen beide nahe der Mitte aller Gebiete; erst zusammen ergeben sie diesen Rang.")
