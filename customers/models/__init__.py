from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from decocrm.audit.encryption import BlindIndexField, EncryptedCharField

from ..choices import (
    ContactRole,
    CustomerClass,
    CustomerCloseReason,
    CustomerKind,
    IncomeLevel,
    KeyTier,
    Location,
    SpaceType,
    SpecialNeed,
    StylePreference,
)
from ..phones import mask_phone, phone_as_shown

# Fields only managers see (PRODUCT.md, "Archives and confidentiality"): views, exports and admin drop them for
# everyone else through `selectors.can_see_sensitive`.
SENSITIVE_FIELDS = ("occupation", "income_level", "id_number")


class District(models.Model):
    """A district of the company's service area; whether it counts as urban sets after-sales deadlines."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    city = models.CharField(_("city"), max_length=50, blank=True)
    is_urban = models.BooleanField(_("urban"), default=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["city", "name"]

    def __str__(self):
        return f"{self.city}{self.name}" if self.city else self.name


class Customer(models.Model):
    """One person or organisation: one canonical phone (or one organisation name) is one customer (客源保护)."""

    kind = models.CharField(_("kind"), max_length=20, choices=CustomerKind.choices, default=CustomerKind.RESIDENTIAL)
    customer_class = models.CharField(
        _("class"), max_length=20, choices=CustomerClass.choices, default=CustomerClass.POTENTIAL
    )
    is_organisation = models.BooleanField(_("organisation"), default=False)
    name = models.CharField(_("name"), max_length=200, help_text=_("The person's or the company's name."))
    # NFKC, case-folded, without spaces and punctuation: "ＡＢＣ 装饰（上海）" and "abc装饰上海" are one company.
    organisation_name_normalized = models.CharField(_("normalised organisation name"), max_length=200, blank=True)
    phone = models.CharField(
        _("phone"), max_length=30, blank=True, help_text=_("Canonical form: +8613812345678 or +86-21-12345678.")
    )
    phone_digits = models.CharField(_("phone digits"), max_length=20, blank=True, editable=False)
    email = models.EmailField(_("email"), blank=True)
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_customers",
        help_text=_("The salesperson this customer is protected for; empty = in the lead pool."),
    )
    owned_since = models.DateTimeField(_("owned since"), null=True, blank=True)

    is_key_account = models.BooleanField(_("key account"), default=False)
    key_tier = models.CharField(_("key-account tier"), max_length=20, choices=KeyTier.choices, blank=True)
    account_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account manager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_accounts",
    )

    # Needs
    space_type = models.CharField(_("space type"), max_length=20, choices=SpaceType.choices, blank=True)
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=9, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    layout = models.CharField(_("layout"), max_length=100, blank=True, help_text=_("e.g. 3 bedrooms, 2 living rooms"))
    style_preference = models.CharField(
        _("style preference"), max_length=20, choices=StylePreference.choices, blank=True
    )
    budget_min = models.DecimalField(
        _("budget from (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_max = models.DecimalField(
        _("budget up to (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    expected_start = models.DateField(_("expected start"), null=True, blank=True)
    special_needs = models.JSONField(_("special needs"), default=list, blank=True)

    # Background: sensitive (SENSITIVE_FIELDS)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    income_level = models.CharField(_("income level"), max_length=20, choices=IncomeLevel.choices, blank=True)
    # Encrypted at rest; searched by exact match only, through the blind index (decocrm/audit/encryption.py).
    id_number = EncryptedCharField(_("ID number"), max_length=30, blank=True)
    id_number_index = BlindIndexField(_("ID number index"), source="id_number")

    # Closed from the clean-up report when the record is no longer a customer [seed 001 §2(三)]: kept (with its
    # history), out of the report and the customer list's default view; reopened by whoever may edit it.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    close_reason = models.CharField(_("close reason"), max_length=20, choices=CustomerCloseReason.choices, blank=True)
    close_note = models.CharField(_("close note"), max_length=300, blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Who changed what, when (the services name the user): the customer page's changes card and the admin's history.
    # Derived fields are left out: the services recompute them from the fields kept here.
    history = HistoricalRecords(
        excluded_fields=["phone_digits", "organisation_name_normalized", "id_number_index", "updated_at"],
        cascade_delete_history=True,
    )

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["-created_at", "-pk"]
        # The sales department head (a capability group, customers.permissions) and management [004 §5].
        permissions = [("mark_key_accounts", _("Can mark and review key accounts"))]
        constraints = [
            # The database, not a check-then-insert, makes one phone one customer (concurrent entry included).
            models.UniqueConstraint(fields=["phone"], condition=~Q(phone=""), name="customers_one_customer_per_phone"),
            models.UniqueConstraint(
                fields=["organisation_name_normalized"],
                condition=~Q(organisation_name_normalized=""),
                name="customers_one_customer_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_min__lte=models.F("budget_max")),
                name="customers_budget_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(is_key_account=False) | Q(account_manager__isnull=False),
                name="customers_key_account_has_manager",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="customers_owner_created"),
            models.Index(fields=["-created_at"], name="customers_created"),
            models.Index(fields=["account_manager"], name="customers_key_accounts", condition=Q(is_key_account=True)),
            # Partial-digit and name search use pg_trgm GIN indexes created by migration 0002 (PostgreSQL only).
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("customers:detail", args=[self.pk])

    @property
    def location(self) -> str:
        """urban / suburban from the district; "" when the district is unknown (policies then use their default)."""
        if self.district is None:
            return ""
        return Location.URBAN if self.district.is_urban else Location.SUBURBAN

    def get_location_display(self) -> str:
        """The location in the reader's language (urban / suburban are codes, not words to show)."""
        return Location(self.location).label if self.location else ""

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def shown_phone(self) -> str:
        """In full when owned, masked while in the pool (customers.phones.phone_as_shown)."""
        return phone_as_shown(self.phone, owned=self.owner_id is not None)

    def get_special_needs_display(self):
        labels = dict(SpecialNeed.choices)
        return [labels.get(value, value) for value in self.special_needs or []]

    def clean(self):
        errors = {}
        if not isinstance(self.special_needs, list) or any(v not in SpecialNeed.values for v in self.special_needs):
            errors["special_needs"] = _("Choose special needs from: %(choices)s.") % {
                "choices": ", ".join(SpecialNeed.values)
            }
        if not self.phone and not self.is_organisation:
            errors["phone"] = _("A person needs a phone number.")
        if self.is_key_account and not self.key_tier:
            errors["key_tier"] = _("Choose the key-account tier.")
        if self.is_key_account and self.account_manager_id is None:
            errors["account_manager"] = _("A key account needs an account manager.")
        if not self.is_key_account and (self.key_tier or self.account_manager_id):
            errors["is_key_account"] = _("Only key accounts have a tier and an account manager.")
        if self.budget_min is not None and self.budget_max is not None and self.budget_min > self.budget_max:
            errors["budget_max"] = _("The upper budget must not be below the lower one.")
        if errors:
            raise ValidationError(errors)


class ContactPerson(models.Model):
    """A contact at an organisation. Decision makers' contacts are sensitive (only managers see them)."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=20, choices=ContactRole.choices, default=ContactRole.OTHER)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_sensitive = models.BooleanField(_("sensitive"), default=False, help_text=_("Only managers see this contact."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["customer", "pk"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


from .key_accounts import KeyAccountContact, KeyAccountRequest, KeyAccountReview  # noqa: E402

__all__ = [
    "SENSITIVE_FIELDS",
    "ContactPerson",
    "Customer",
    "District",
    "KeyAccountContact",
    "KeyAccountRequest",
    "KeyAccountReview",
]
