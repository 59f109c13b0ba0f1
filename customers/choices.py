from django.db import models
from django.utils.translation import gettext_lazy as _


class CustomerKind(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    COMMERCIAL = "commercial", _("Commercial space")
    PUBLIC_FACILITY = "public_facility", _("Public facility")


class CustomerClass(models.TextChoices):
    POTENTIAL = "potential", _("Potential")
    EXISTING = "existing", _("Existing")
    LOYAL = "loyal", _("Loyal")
    SPECIAL = "special", _("Special")


class KeyTier(models.TextChoices):
    CORE = "core", _("Core key account")
    ORDINARY = "ordinary", _("Ordinary key account")


class Location(models.TextChoices):
    """Derived from the district; after-sales deadlines depend on it (the SLA policies' "location" variant)."""

    URBAN = "urban", _("Urban")
    SUBURBAN = "suburban", _("Suburban")


class SpaceType(models.TextChoices):
    APARTMENT = "apartment", _("Apartment")
    VILLA = "villa", _("Villa")
    OFFICE = "office", _("Office")
    RETAIL = "retail", _("Shop / mall")
    HOTEL = "hotel", _("Hotel")
    RESTAURANT = "restaurant", _("Restaurant")
    SCHOOL = "school", _("School")
    HOSPITAL = "hospital", _("Hospital")
    OTHER = "other", _("Other")


class StylePreference(models.TextChoices):
    MODERN = "modern", _("Modern")
    CHINESE = "chinese", _("New Chinese")
    EUROPEAN = "european", _("European")
    AMERICAN = "american", _("American")
    NORDIC = "nordic", _("Nordic")
    JAPANESE = "japanese", _("Japanese")
    INDUSTRIAL = "industrial", _("Industrial")
    LIGHT_LUXURY = "light_luxury", _("Light luxury")
    OTHER = "other", _("Other")


class SpecialNeed(models.TextChoices):
    ELDERLY = "elderly", _("Elderly in the home")
    CHILDREN = "children", _("Children in the home")
    ECO = "eco", _("Eco-friendly materials")


class IncomeLevel(models.TextChoices):
    LOW = "low", _("Low")
    MIDDLE = "middle", _("Middle")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


class ContactRole(models.TextChoices):
    DECISION_MAKER = "decision_maker", _("Decision maker")
    PURCHASER = "purchaser", _("Purchaser")
    SITE_CONTACT = "site_contact", _("Site contact")
    OTHER = "other", _("Other")


class KeyContactKind(models.TextChoices):
    """How the account manager kept in touch with a key account [004 §12]: a call (or WeChat) or a visit."""

    CALL = "call", _("Call / WeChat")
    VISIT = "visit", _("Visit")


class KeyRequestChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WECHAT = "wechat", _("WeChat")
    EMAIL = "email", _("Email")
    VISIT = "visit", _("In person")
    OTHER = "other", _("Other")


class KeyReviewDecision(models.TextChoices):
    """The December review [004 §5]: the account stays, moves down to ordinary, or leaves the list."""

    KEEP = "keep", _("Keep")
    DOWNGRADE = "downgrade", _("Downgrade to ordinary")
    REMOVE = "remove", _("Remove from key accounts")


class CleanupReason(models.TextChoices):
    """Why a customer is on the clean-up report [seed 001 §2(三): 定期对客户信息进行清理和核对,删除无效信息]."""

    STALE = "stale", _("No contact for months")
    BAD_PHONE = "bad_phone", _("Malformed phone number")
    MISSING = "missing", _("Missing required fields")


class CustomerCloseReason(models.TextChoices):
    """Why a customer was closed from the clean-up report (the record is kept, with its history)."""

    INVALID = "invalid", _("Invalid information")
    DUPLICATE = "duplicate", _("Duplicate of another customer")
    NOT_A_CUSTOMER = "not_a_customer", _("No longer a prospective customer")
