"""The one write path: every change of content — a CSV row, a form, a review decision — goes through here, which
validates, geocodes places, assigns districts, keeps translations' status right and records the change."""
from .service import Actor, OfferInput, archive_offer, publish_offer, save_offer, set_places
from .validation import ValidationError

__all__ = ["Actor", "OfferInput", "ValidationError", "archive_offer", "publish_offer", "save_offer", "set_places"]
