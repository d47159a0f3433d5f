"""All models, importable from one place."""
from .base import TranslationStatus
from .data_version import DataVersion
from .districts import District, DistrictLevel, DistrictTranslation
from .geocoding import GeocodeCache
from .municipality import Municipality
from .networks import Network
from .offers import Offer, OfferStatus, OfferTranslation
from .organizations import Organization
from .places import BarrierFree, GeocodeStatus, Place, PlaceTranslation
from .taxonomy import Category, CategoryTranslation, LifePhase, LifePhaseTranslation
from .users import Role, User

__all__ = [
    "BarrierFree", "Category", "CategoryTranslation", "DataVersion", "District", "DistrictLevel", "DistrictTranslation",
    "GeocodeCache", "GeocodeStatus", "LifePhase", "LifePhaseTranslation", "Municipality", "Network", "Offer", "OfferStatus",
    "OfferTranslation", "Organization", "Place", "PlaceTranslation", "Role", "TranslationStatus", "User",
]
