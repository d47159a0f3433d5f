"""All models, importable from one place."""

from .base import TranslationStatus
from .change_log import ChangeLog
from .contacts import Contact, CostKind, CostOption, Phone, PhoneKind
from .data_version import DataVersion
from .districts import District, DistrictLevel, DistrictTranslation
from .feedback import Report, ReportKind, ReportStatus, ReportSubject
from .freshness import FreshnessReminder
from .geocoding import GeocodeCache
from .municipality import Municipality
from .networks import Network
from .newsletter import (
    Delivery,
    DeliveryState,
    EntrySection,
    IssueStatus,
    NewsletterEntry,
    NewsletterIssue,
    Subscription,
)
from .offers import Offer, OfferAtPlace, OfferStatus, OfferTranslation, RegistrationKind
from .organizations import Organization
from .place_kinds import PlaceKind, PlaceKindTranslation
from .places import BarrierFree, GeocodeStatus, LocationType, Place, PlaceTranslation
from .revisions import OfferRevision, RevisionState
from .schedules import Frequency, Schedule
from .search_model import offer_search, offer_search_docs, offer_search_text
from .taxonomy import Category, CategoryTranslation, LifePhase, LifePhaseTranslation
from .users import LoginAttempt, Role, User, UserIdentity

__all__ = [
    "BarrierFree",
    "Category",
    "CategoryTranslation",
    "ChangeLog",
    "Contact",
    "CostKind",
    "CostOption",
    "DataVersion",
    "District",
    "DistrictLevel",
    "DistrictTranslation",
    "Frequency",
    "FreshnessReminder",
    "GeocodeCache",
    "GeocodeStatus",
    "LifePhase",
    "LifePhaseTranslation",
    "LocationType",
    "LoginAttempt",
    "Municipality",
    "Network",
    "NewsletterEntry",
    "NewsletterIssue",
    "Delivery",
    "DeliveryState",
    "EntrySection",
    "IssueStatus",
    "Subscription",
    "Offer",
    "OfferAtPlace",
    "OfferStatus",
    "OfferRevision",
    "OfferTranslation",
    "Organization",
    "Phone",
    "PhoneKind",
    "Place",
    "PlaceKind",
    "PlaceKindTranslation",
    "PlaceTranslation",
    "RegistrationKind",
    "Report",
    "ReportKind",
    "ReportStatus",
    "ReportSubject",
    "RevisionState",
    "Role",
    "Schedule",
    "TranslationStatus",
    "User",
    "UserIdentity",
    "offer_search",
    "offer_search_docs",
    "offer_search_text",
]
