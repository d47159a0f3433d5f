"""One set of rules and messages for every writer (CSV importer, forms); messages in the reader's language."""

import re
from urllib.parse import urlsplit

from ..i18n import _

MAX_AGE = 120
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ValidationError(ValueError):
    """Input that breaks a rule; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


class Checks:
    """Collects every problem of one input in one pass."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def fail(self, field: str, message: str) -> None:
        """Record the first problem of a field."""
        self.errors.setdefault(field, message)

    def raise_if_any(self) -> None:
        """Raise ``ValidationError`` when a rule was broken."""
        if self.errors:
            raise ValidationError(self.errors)

    def text(self, field: str, value: str | None, *, required: bool = False, max_length: int = 200) -> None:
        """Present when required, not too long, no control characters."""
        if not value:
            if required:
                self.fail(field, _("Bitte ausfüllen."))
            return
        if len(value) > max_length:
            self.fail(field, _("Höchstens %(max)s Zeichen.", max=max_length))
        if _CONTROL.search(value):
            self.fail(field, _("Enthält unzulässige Steuerzeichen."))

    def ages(self, min_age: int | None, max_age: int | None) -> None:
        """Whole years between 0 and 120, the lower not above the upper."""
        for field, value in (("min_age", min_age), ("max_age", max_age)):
            if value is not None and not 0 <= value <= MAX_AGE:
                self.fail(field, _("Das Alter muss eine ganze Zahl zwischen 0 und %(max)s sein.", max=MAX_AGE))
        if min_age is not None and max_age is not None and min_age > max_age:
            self.fail("max_age", _("Das Höchstalter liegt unter dem Mindestalter."))

    def languages(self, field: str, codes: list[str]) -> None:
        """ISO 639-1 codes (two lower-case letters)."""
        bad = [code for code in codes if not _LANGUAGE.match(code)]
        if bad:
            self.fail(field, _("Unbekannter Sprachcode: %(code)s", code=", ".join(bad)))

    def url(self, field: str, value: str | None) -> None:
        """An http or https address (never ``javascript:`` or a file)."""
        if value and (urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc):
            self.fail(field, _("Bitte eine Webadresse angeben, die mit https:// oder http:// beginnt."))

    def email(self, field: str, value: str | None) -> None:
        """Something that looks like an e-mail address."""
        if value and not _EMAIL.match(value):
            self.fail(field, _("Bitte eine gültige E-Mail-Adresse angeben."))

    def not_empty(self, field: str, values: list) -> None:
        """At least one value chosen."""
        if not values:
            self.fail(field, _("Bitte mindestens einen Eintrag wählen."))
