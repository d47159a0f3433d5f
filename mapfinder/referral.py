"""The referral sheet: chosen offers side by side in German and the client's language, with a QR code each,
as HTML for the browser and as a PDF rendered on the server (WeasyPrint, from the same HTML)."""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import segno
from babel import Locale
from flask_babel import force_locale, ngettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from weasyprint import HTML

from .extensions import db
from .i18n import _, text_direction
from .input_rules import MAX_ID
from .localized import SOURCE_LOCALE, LocalizedText
from .models import Offer, OfferAtPlace, Place
from .presenters import ContactView, Registration, Vocabulary, present_row
from .schedules.formatting import FormattedSchedule
from .search import ResultRow, visible_offer

logger = logging.getLogger(__name__)

# A sheet stays printable and its PDF renders in a few seconds (30 offers took up to 32 s).
MAX_OFFERS = 20
SESSION_KEY = "referral_offers"
ISSUER_KEY = "referral_issuer"
MAX_ISSUER_LENGTH = 120
_ID_PATTERN = re.compile(r"[1-9][0-9]{0,9}")


@dataclass(frozen=True)
class OfferSelection:
    """Offer ids read from ``?offers=``, in order and without repeats, and the tokens that were not ids."""

    ids: list[int]
    invalid: list[str]
    truncated: bool = False


@dataclass(frozen=True)
class SheetColumn:
    """One offer in one language: the labels in that language, the texts translated or German with a flag."""

    lang: str
    dir: str
    labels: dict[str, LocalizedText]
    title: LocalizedText
    description: LocalizedText
    phases: str
    ages: LocalizedText
    cost: LocalizedText
    cost_notes: list[LocalizedText]
    times: list[FormattedSchedule]
    registration: Registration
    languages: str
    fallback_notice: LocalizedText | None


@dataclass(frozen=True)
class SheetEntry:
    """One offer on the sheet: its columns (German first), places, contact and the QR code of its page."""

    offer: Offer
    columns: list[SheetColumn]
    places: list[Place]
    contacts: list[ContactView]
    url: str
    qr_svg: str


@dataclass
class Sheet:
    """The whole sheet; ``missing`` are ids that name no published offer."""

    lang: str
    dir: str
    language_label: str
    entries: list[SheetEntry] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    truncated: bool = False
    issued_on: date = field(default_factory=date.today)
    header: list[dict] = field(default_factory=list)
    issuer: str = ""

    @property
    def bilingual(self) -> bool:
        """True when the client's language is not German."""
        return self.lang != SOURCE_LOCALE

    @property
    def ids(self) -> list[int]:
        """The offers actually on the sheet."""
        return [entry.offer.id for entry in self.entries]


def parse_offer_ids(raw: str | None) -> OfferSelection:
    """``"3,1,3,x"`` → ids [3, 1] and invalid ["x"]; at most ``MAX_OFFERS`` ids."""
    ids, invalid = [], []
    for token in (part.strip() for part in (raw or "").replace(" ", ",").split(",")):
        if not token:
            continue
        if not _ID_PATTERN.fullmatch(token) or int(token) > MAX_ID:
            invalid.append(token[:40])
        elif int(token) not in ids:
            ids.append(int(token))
    return OfferSelection(ids[:MAX_OFFERS], invalid, truncated=len(ids) > MAX_OFFERS)


def issuer_line(name: str | None, service: str | None) -> dict[str, str]:
    """The professional's name and service as typed (trimmed, one line each, bounded length)."""

    def clean(value: str | None) -> str:
        return " ".join((value or "").split())[:MAX_ISSUER_LENGTH]

    return {"name": clean(name), "service": clean(service)}


def issuer_text(issuer: dict | None) -> str:
    """ "Name, Service" for the sheet; a forged or missing session value reads as nothing."""
    if not isinstance(issuer, dict):
        return ""
    parts = [issuer.get("name"), issuer.get("service")]
    return ", ".join(part for part in parts if isinstance(part, str) and part)[: 2 * MAX_ISSUER_LENGTH + 2]


def format_offer_ids(ids: list[int]) -> str:
    """The ``?offers=`` value of a list of ids."""
    return ",".join(str(offer_id) for offer_id in ids)


def add_offer_id(ids: list[int], offer_id: int) -> list[int]:
    """The ids with one more at the end (no repeats, at most ``MAX_OFFERS``)."""
    return ids if offer_id in ids or len(ids) >= MAX_OFFERS else [*ids, offer_id]


def remove_offer_id(ids: list[int], offer_id: int) -> list[int]:
    """The ids without one."""
    return [existing for existing in ids if existing != offer_id]


def load_sheet_offers(ids: list[int]) -> dict[int, Offer]:
    """Published offers with these ids, with what the sheet shows of them."""
    query = (
        select(Offer)
        .where(Offer.id.in_(ids), visible_offer())
        .options(
            selectinload(Offer.phases),
            selectinload(Offer.categories),
            selectinload(Offer.translations),
            selectinload(Offer.schedules),
            selectinload(Offer.cost_options),
            selectinload(Offer.contacts),
            selectinload(Offer.at_places).selectinload(OfferAtPlace.place),
        )
    )
    return {offer.id: offer for offer in db.session.scalars(query)}


def build_sheet(selection: OfferSelection, *, lang: str, offer_url: Callable[[int], str], issuer: str = "") -> Sheet:
    """The sheet for these offers in German and ``lang``; ``offer_url`` makes the link behind each QR code;
    ``issuer`` is the professional and service named under "Ausgestellt von"."""
    offers = load_sheet_offers(selection.ids)
    languages = [SOURCE_LOCALE] if lang == SOURCE_LOCALE else [SOURCE_LOCALE, lang]
    sheet = Sheet(
        lang=lang,
        dir=text_direction(lang),
        language_label=language_in(lang, SOURCE_LOCALE),
        invalid=selection.invalid,
        truncated=selection.truncated,
        missing=[offer_id for offer_id in selection.ids if offer_id not in offers],
        header=[sheet_header(code) for code in languages],
        issuer=issuer,
    )
    vocabularies = [Vocabulary.load(code) for code in languages]
    for offer_id in selection.ids:
        if offer_id in offers:
            url, offer = offer_url(offer_id), offers[offer_id]
            columns = [offer_column(offer, vocabulary) for vocabulary in vocabularies]
            contacts = [ContactView(c.email, [p.number for p in c.phones], c.name, c.role) for c in offer.contacts]
            sheet.entries.append(SheetEntry(offer, columns, list(offer.places), contacts, url, qr_svg(url)))
    return sheet


def language_in(code: str, display_locale: str) -> str:
    """The name of language ``code`` in ``display_locale`` ("Türkisch" in German, "Türkçe" in Turkish)."""
    return Locale.parse(display_locale).languages.get(code) or code


def texts_in(lang: str, make: Callable[[], dict[str, str]]) -> dict[str, LocalizedText]:
    """``make()``'s interface texts in ``lang``; a text the catalog does not translate yet is marked German."""
    with force_locale(SOURCE_LOCALE):
        german = make()
    with force_locale(lang):
        local = make()
    return {
        key: LocalizedText(
            text,
            lang if lang == SOURCE_LOCALE or text != german[key] else SOURCE_LOCALE,
            None,
            fallback=lang != SOURCE_LOCALE and text == german[key],
        )
        for key, text in local.items()
    }


def _header_texts() -> dict[str, str]:
    return {
        "title": _("Empfohlene Angebote für Sie"),
        "intro": _(
            "Diese Angebote hat Ihnen eine Fachkraft herausgesucht. Scannen Sie den QR-Code, um mehr zu "
            "erfahren, oder rufen Sie an."
        ),
        "german_note": _("Hinweise der Anbieter stehen im deutschen Original."),
        "issued": _("Ausgestellt am"),
        "by": _("Ausgestellt von"),
    }


def sheet_header(lang: str) -> dict:
    """The sheet's heading and notes in one language."""
    return {"lang": lang, "dir": text_direction(lang), **texts_in(lang, _header_texts)}


def _label_texts() -> dict[str, str]:
    return {
        "what": _("Worum es geht"),
        "who": _("Für wen"),
        "cost": _("Kosten"),
        "times": _("Wann"),
        "registration": _("Anmeldung"),
        "languages": _("Sprachen"),
        "address": _("Adresse"),
        "contact": _("Kontakt"),
        "qr": _("Mehr Informationen"),
    }


def offer_column(offer: Offer, vocabulary: Vocabulary) -> SheetColumn:
    """One offer's texts and labels in the vocabulary's language (the presenter's view of its first place),
    German (and marked so) where no translation exists."""
    lang, at_place = vocabulary.locale, offer.at_places[0]
    view = present_row(
        ResultRow(at_place.id, offer.id, at_place.place_id, None, None, None),
        offer,
        at_place.place,
        at_place,
        vocabulary,
    )
    texts = texts_in(lang, lambda: _offer_texts(offer, lang))
    cost = LocalizedText(", ".join(view.costs), lang, None, fallback=False) if view.costs else texts["cost"]
    return SheetColumn(
        lang=lang,
        dir=text_direction(lang),
        labels=texts_in(lang, _label_texts),
        title=view.title,
        description=view.description,
        phases=", ".join(phase["label"] for phase in view.phases),
        ages=texts["ages"],
        cost=cost,
        cost_notes=view.cost_notes,
        times=view.schedules,
        registration=view.registration,
        languages=", ".join(language_in(code, lang) for code in offer.languages),
        fallback_notice=texts["fallback"] if view.title.fallback or view.description.fallback else None,
    )


def _offer_texts(offer: Offer, lang: str) -> dict[str, str]:
    return {
        "ages": age_text(offer),
        "cost": _("keine Angabe"),
        "fallback": _(
            "Zu diesem Angebot gibt es noch keinen Text auf %(language)s; hier steht das deutsche Original.",
            language=language_in(lang, lang),
        ),
    }


def age_text(offer: Offer) -> str:
    """The age range in the current locale."""
    low, high = offer.min_age, offer.max_age
    if low is not None and high is not None:
        return ngettext("%(min)s bis %(num)s Jahr", "%(min)s bis %(num)s Jahre", high, min=low)
    if low is not None:
        return ngettext("ab %(num)s Jahr", "ab %(num)s Jahren", low)
    if high is not None:
        return ngettext("bis %(num)s Jahr", "bis %(num)s Jahre", high)
    return _("alle Altersgruppen")


def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url`` that scales with CSS (viewBox, no fixed size)."""
    return segno.make(url, error="m").svg_inline(scale=4, border=2, omitsize=True, title=url)


def sheet_stylesheet(static_folder: str) -> str:
    """The print CSS, inlined into the PDF's HTML so WeasyPrint fetches nothing."""
    return (Path(static_folder) / "css" / "print.css").read_text(encoding="utf-8")


def _refuse_fetch(url: str, *args, **kwargs):
    # The PDF is built from inline CSS and SVG only; an offer's text must never make the server fetch a URL.
    raise ValueError(f"refusing to fetch {url!r} while rendering a PDF")


def render_pdf(html: str) -> bytes:
    """The sheet's HTML as an A4 PDF."""
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
