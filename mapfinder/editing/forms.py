"""Reading the editing forms (a ``MultiDict`` of strings) into form data and field errors; no request, no database.
Field names: plain names, repeated ones for lists (``phases``), and ``<group>-<n>-<field>`` rows
(``schedule-0-days``)."""

import re
from datetime import date, time
from decimal import Decimal, InvalidOperation

from ..i18n import _
from .offer_data import RHYTHMS, empty_data

SCHEDULE_ROWS, COST_ROWS, CONTACT_ROWS = 2, 2, 2
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
COST_KINDS = ("free", "fee", "reduced")
REGISTRATION_KINDS = ("not_needed", "recommended", "required")
_STRIP = ("title", "description", "registration_note", "registration_url", "registration_phone", "website")


def parse_offer_form(form) -> tuple[dict, dict[str, str]]:
    """Form data and the errors of values that could not be read (the service checks the rules)."""
    errors: dict[str, str] = {}
    data = empty_data()
    data.update({name: (form.get(name) or "").strip() or None for name in _STRIP})
    data["title"], data["description"] = data["title"] or "", data["description"] or ""
    data["organization"] = form.get("organization") or None
    data["phases"], data["categories"] = form.getlist("phases"), form.getlist("categories")
    data["languages"] = [code for code in form.getlist("languages") if code]
    data["places"] = _ids(form.getlist("places"), "places", errors)
    kind = form.get("registration_kind") or None
    data["registration_kind"] = kind if kind in REGISTRATION_KINDS else None
    for name in ("min_age", "max_age"):
        data[name] = _integer(form.get(name), name, errors)
    for name in ("starts_on", "ends_on"):
        data[name] = _date(form.get(name), name, errors)
    data["schedules"] = _rows(form, "schedule", _schedule_row, errors)
    data["costs"] = _rows(form, "cost", _cost_row, errors)
    data["contacts"] = _rows(form, "contact", _contact_row, errors)
    return data, errors


def _rows(form, group: str, read, errors: dict) -> list[dict]:
    """Every filled row of a group, in order (empty rows are dropped)."""
    numbers = sorted({int(match.group(1)) for key in form for match in [re.match(rf"^{group}-(\d+)-", key)] if match})
    rows = []
    for number in numbers:
        prefix = f"{group}-{number}"
        row = read(
            lambda name, prefix=prefix: form.get(f"{prefix}-{name}") or "",
            lambda name, prefix=prefix: form.getlist(f"{prefix}-{name}"),
            prefix,
            errors,
        )
        if row:
            rows.append(row)
    return rows


def _schedule_row(value, values, field: str, errors: dict) -> dict | None:
    days = [day for day in values("days") if day in DAYS]
    rhythm = value("rhythm") if value("rhythm") in RHYTHMS else "weekly"
    opens, closes, note = value("opens").strip(), value("closes").strip(), value("note").strip()
    if not (days or opens or closes or note):
        return None
    for text in (opens, closes):
        if text and _clock(text) is None:
            errors.setdefault(field, _("Bitte Uhrzeiten als SS:MM angeben, z. B. 09:30."))
    if opens and closes and _clock(opens) and _clock(closes) and _clock(opens) >= _clock(closes):
        errors.setdefault(field, _("Das Ende liegt vor dem Beginn."))
    if (opens or closes) and not days:
        errors.setdefault(field, _("Bitte mindestens einen Wochentag wählen."))
    return {
        "rhythm": rhythm,
        "days": days,
        "opens": _clock_text(opens),
        "closes": _clock_text(closes),
        "note": note or None,
    }


def _cost_row(value, values, field: str, errors: dict) -> dict | None:
    kind, amount, note = value("kind"), value("amount").strip().replace(",", "."), value("note").strip()
    if kind not in COST_KINDS:
        return None
    if amount:
        try:
            if Decimal(amount) < 0:
                raise InvalidOperation
        except InvalidOperation:
            errors.setdefault(field, _("Bitte einen Betrag in Euro angeben, z. B. 3,50."))
            amount = ""
    return {"kind": kind, "amount": amount or None, "note": note or None}


def _contact_row(value, values, field: str, errors: dict) -> dict | None:
    row = {name: value(name).strip() or None for name in ("name", "role", "email")}
    phones = [phone.strip() for phone in value("phones").split(";") if phone.strip()]
    if not (any(row.values()) or phones):
        return None
    return {**row, "phones": phones}


def _integer(text: str | None, field: str, errors: dict) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit():
        errors[field] = _("Bitte eine ganze Zahl angeben.")
        return None
    return int(text)


def _date(text: str | None, field: str, errors: dict) -> str | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        errors[field] = _("Bitte ein Datum angeben.")
        return None


def _ids(values: list[str], field: str, errors: dict) -> list[int]:
    if not all(value.isdigit() for value in values):
        errors[field] = _("Unbekannter Eintrag: %(values)s", values=", ".join(values))
        return []
    return [int(value) for value in values]


def _clock(text: str) -> time | None:
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return time(int(match.group(1)), int(match.group(2)))


def _clock_text(text: str) -> str | None:
    moment = _clock(text) if text else None
    return f"{moment:%H:%M}" if moment else None
