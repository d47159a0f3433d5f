"""Report kinds, states and subjects in the reader's (or moderator's) language."""

from ..i18n import _
from ..models import ReportKind, ReportStatus, ReportSubject


def kind_labels() -> dict[str, str]:
    """What can be wrong, in the form's order."""
    return {
        ReportKind.CLOSED.value: _("Das Angebot oder die Einrichtung gibt es nicht mehr"),
        ReportKind.WRONG_TIME.value: _("Die Zeiten stimmen nicht"),
        ReportKind.WRONG_ADDRESS.value: _("Die Adresse stimmt nicht"),
        ReportKind.WRONG_PHONE.value: _("Die Telefonnummer stimmt nicht"),
        ReportKind.OTHER.value: _("Etwas anderes"),
    }


def status_labels() -> dict[str, str]:
    """The moderation states."""
    return {
        ReportStatus.HELD.value: _("zurückgehalten (enthält einen Link)"),
        ReportStatus.NEW.value: _("neu"),
        ReportStatus.IN_PROGRESS.value: _("in Bearbeitung"),
        ReportStatus.DONE.value: _("erledigt"),
        ReportStatus.REJECTED.value: _("abgelehnt"),
    }


def subject_labels() -> dict[str, str]:
    """What a report is about."""
    return {
        ReportSubject.OFFER.value: _("Angebot"),
        ReportSubject.PLACE.value: _("Einrichtung"),
        ReportSubject.NETWORK.value: _("Netzwerk"),
        ReportSubject.DISTRICT.value: _("Stadtteil"),
        ReportSubject.GENERAL.value: _("Allgemeine Rückmeldung"),
    }


def kind_label(kind: ReportKind) -> str:
    """One kind's label."""
    return kind_labels()[kind.value]


def status_label(status: ReportStatus) -> str:
    """One state's label."""
    return status_labels()[status.value]


def subject_label(subject: ReportSubject) -> str:
    """One subject type's label."""
    return subject_labels()[subject.value]
