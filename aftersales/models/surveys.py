"""Satisfaction surveys [seed 001, satisfaction; 002]: after completion, after a repair, and at least once a year per
formal customer. Quality, service attitude, schedule and after-sales scored 1–5, the likelihood to recommend 0–10,
suggestions; recorded by staff on a call, or filled in by the customer through a one-time link (only its hash is
kept). A low score asks for a follow-up revisit. Improvement measures name a responsible person. Every write is in
services/surveys.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from customers.models import Customer

from ..choices import SurveyChannel, SurveyKind

_USER = settings.AUTH_USER_MODEL
SCORE_FIELDS = ("quality", "attitude", "schedule", "after_sales")


def _score(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


class Survey(models.Model):
    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="surveys")
    kind = models.CharField(_("kind"), max_length=20, choices=SurveyKind.choices)
    about = models.CharField(_("about"), max_length=200, blank=True, help_text=_("The project or repair surveyed."))
    staff = models.ForeignKey(
        _USER, verbose_name=_("whose service"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text=_("The project manager or technician whose work the customer scores."),
    )  # fmt: skip
    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        _USER, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    # The one-time link: only the hash of its token is kept; a new link replaces the old one.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    link_expires_at = models.DateTimeField(_("link expires at"), null=True, blank=True)

    quality = _score(_("quality"))
    attitude = _score(_("service attitude"))
    schedule = _score(_("schedule"))
    after_sales = _score(_("after-sales"))
    recommend = models.PositiveSmallIntegerField(_("likelihood to recommend (0–10)"), null=True, blank=True)
    suggestions = models.TextField(_("suggestions"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    channel = models.CharField(_("answered"), max_length=10, choices=SurveyChannel.choices, blank=True)
    recorded_by = models.ForeignKey(
        _USER, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    follow_up = models.ForeignKey(
        "aftersales.Revisit", verbose_name=_("follow-up revisit"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-created_at", "-pk"]
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"aftersales_survey_{name}_1_5",
                )
                for name in SCORE_FIELDS
            ),
            models.CheckConstraint(
                condition=Q(recommend__isnull=True) | Q(recommend__lte=10), name="aftersales_survey_recommend_0_10"
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "created_at"], name="aftersales_survey_customer"),
            models.Index(fields=["answered_at"], name="aftersales_survey_answered"),
            # The survey list's order (Meta.ordering), newest first: an index scan of one page, not a sort of all.
            models.Index(fields=["-created_at", "-id"], name="aftersales_survey_newest"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.customer}"

    def get_absolute_url(self):
        return reverse("aftersales:survey", args=[self.pk])

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    @property
    def is_low(self) -> bool:
        """Any dimension at 2 or less, or a recommendation of 6 or less, asks for a follow-up revisit."""
        scores = [getattr(self, name) for name in SCORE_FIELDS]
        return any(s is not None and s <= 2 for s in scores) or (self.recommend is not None and self.recommend <= 6)


class ImprovementMeasure(models.Model):
    """What the company changes because of what customers said, and who is responsible for it."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, null=True, blank=True, related_name="measures"
    )
    text = models.TextField(_("measure"))
    responsible = models.ForeignKey(_USER, verbose_name=_("responsible"), on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_note = models.TextField(_("result"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        _USER, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("improvement measure")
        verbose_name_plural = _("improvement measures")
        ordering = ["done_at", "due_on", "pk"]

    def __str__(self):
        return self.text[:60]
