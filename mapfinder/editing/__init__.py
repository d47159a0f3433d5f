"""The one write path: every change of content — a CSV row, a form, a review decision — goes through here, which
validates, checks permissions, geocodes places, assigns districts, keeps translations' status right and records the
change. ``workflow`` adds the editorial steps (review, pending revisions, locking, restore) for signed-in users."""

from .permissions import EditDenied, may_edit
from .service import Actor, OfferInput, archive_offer, publish_offer, save_offer, set_places
from .validation import ValidationError
from .workflow import EditConflict

__all__ = [
    "Actor",
    "EditConflict",
    "EditDenied",
    "OfferInput",
    "ValidationError",
    "archive_offer",
    "may_edit",
    "publish_offer",
    "save_offer",
    "set_places",
]
