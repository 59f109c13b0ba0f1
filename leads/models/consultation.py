"""A question the customer asked that could not be answered on the spot (seed 001 §3(二)2, 4): recorded with the
question and how it came in, answered within the consultation-reply clock (leads/clocks.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import ContactChannel
from .lead import Lead


class Consultation(models.Model):
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="consultations", db_index=False)
    question = models.TextField(_("question"), max_length=2000)
    channel = models.CharField(_("asked by"), max_length=20, choices=ContactChannel.choices)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["recorded_at", "pk"]
        indexes = [models.Index(fields=["lead", "recorded_at"], name="leads_consultation_lead")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True) | ~models.Q(answer=""),
                name="leads_consultation_answered_with_text",
            ),
        ]

    def __str__(self):
        return self.question[:60]

    def get_absolute_url(self):
        return self.lead.get_absolute_url()

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def by(self):
        """Who recorded it (what the timeline shows beside the time)."""
        return self.recorded_by
