"""What a key account's care leaves behind [seed 004 §12-15, §5]: contacts (calls and visits) kept by the account
manager, the account's requests with their response and initial solution, and the December review's decision.
Written only by customers.services.key_accounts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import KeyContactKind, KeyRequestChannel, KeyReviewDecision, KeyTier


def _by(verbose_name):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=verbose_name, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip


class KeyAccountContact(models.Model):
    """A call or a visit with a key account. A visit's record is due within 24 hours after it [004 §13]."""

    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.CASCADE, related_name="key_contacts",
        db_index=False,  # the composite index below starts with customer
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20, choices=KeyContactKind.choices)
    at = models.DateTimeField(_("when"))
    by = _by(_("by"))
    note = models.TextField(_("note"), blank=True)
    record = models.TextField(_("visit record"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("key-account contact")
        verbose_name_plural = _("key-account contacts")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["customer", "-at"], name="customers_key_contact_at")]

    def __str__(self):
        return f"{self.customer} · {self.get_kind_display()} {self.at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("customers:detail", args=[self.customer_id])

    @property
    def awaits_record(self) -> bool:
        return self.kind == KeyContactKind.VISIT and self.recorded_at is None


class KeyAccountRequest(models.Model):
    """A key account's need (custom product, delivery change, repair...): answered within 1 hour, an initial solution
    within 24 hours [004 §15]."""

    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.CASCADE, related_name="key_requests",
        db_index=False,
    )  # fmt: skip
    content = models.TextField(_("request"))
    channel = models.CharField(_("channel"), max_length=20, choices=KeyRequestChannel.choices)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = _by(_("recorded by"))
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    responded_by = _by(_("responded by"))
    response = models.TextField(_("response"), blank=True)
    solved_at = models.DateTimeField(_("initial solution at"), null=True, blank=True)
    solved_by = _by(_("solution given by"))
    solution = models.TextField(_("initial solution"), blank=True)

    class Meta:
        verbose_name = _("key-account request")
        verbose_name_plural = _("key-account requests")
        ordering = ["-recorded_at", "-pk"]
        indexes = [
            models.Index(fields=["customer", "-recorded_at"], name="customers_key_request_at"),
            models.Index(fields=["customer"], name="customers_key_request_open", condition=Q(solved_at=None)),
        ]

    def __str__(self):
        return f"{self.customer} · {self.content[:40]}"

    def get_absolute_url(self):
        return reverse("customers:detail", args=[self.customer_id])

    @property
    def is_open(self) -> bool:
        return self.solved_at is None


class KeyAccountReview(models.Model):
    """The year's review decision on one key account (one per account and year; deciding again replaces it)."""

    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.CASCADE, related_name="key_reviews",
        db_index=False,
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"))
    decision = models.CharField(_("decision"), max_length=20, choices=KeyReviewDecision.choices)
    tier_before = models.CharField(_("tier before"), max_length=20, choices=KeyTier.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("decided at"))
    decided_by = _by(_("decided by"))

    class Meta:
        verbose_name = _("key-account review")
        verbose_name_plural = _("key-account reviews")
        ordering = ["-year", "customer"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "year"], name="customers_one_key_review_per_year"),
        ]

    def __str__(self):
        return f"{self.customer} · {self.year} · {self.get_decision_display()}"
