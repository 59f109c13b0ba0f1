from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import AcceptanceNode, AcceptanceResult, DelayCause, QualityIssueState
from ..uploads import acceptance_photo_upload_to, progress_photo_upload_to
from .project import Project, Stage

_BY = {"on_delete": models.SET_NULL, "null": True, "blank": True, "related_name": "+"}


class Acceptance(models.Model):
    """A stage's acceptance by the customer, the designer and the project manager [seed 000 §8]. A failed one gives
    a rectification deadline and blocks the next stage until a re-inspection passes."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="acceptances")
    node = models.CharField(_("acceptance"), max_length=20, choices=AcceptanceNode.choices)
    held_on = models.DateField(_("held on"))
    customer_attended = models.BooleanField(_("customer attended"), default=False)
    designer_attended = models.BooleanField(_("designer attended"), default=False)
    manager_attended = models.BooleanField(_("project manager attended"), default=False)
    other_attendees = models.CharField(_("other attendees"), max_length=200, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=AcceptanceResult.choices)
    issues = models.TextField(_("issues found"), blank=True)
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)
    reinspection = models.BooleanField(_("re-inspection"), default=False)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), **_BY)

    class Meta:
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        ordering = ["stage", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(result=AcceptanceResult.FAILED) | Q(rectify_by__isnull=False),
                name="projects_failed_acceptance_has_deadline",
            ),
        ]

    def __str__(self):
        return f"{self.stage} · {self.get_result_display()}"


class CareHandover(models.Model):
    """At completion the customer is given the care manual and taught the daily care of the finished work (walls,
    floors, furniture) [seed 000 §8]: recorded with the completion acceptance, shown on the acceptance report."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="care_handover")
    manual_handed_over = models.BooleanField(_("care manual handed over"), default=False)
    training_given = models.BooleanField(_("care training given"), default=False)
    given_on = models.DateField(_("handed over on"))
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handed over by"), **_BY)
    received_by = models.CharField(_("received by (customer's side)"), max_length=100)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("care handover")
        verbose_name_plural = _("care handovers")
        constraints = [
            models.CheckConstraint(
                condition=Q(manual_handed_over=True, training_given=True), name="projects_care_handover_complete"
            ),
        ]

    def __str__(self):
        return f"{self.project_id} · {self.given_on} · {self.received_by}"


class AcceptancePhoto(models.Model):
    acceptance = models.ForeignKey(Acceptance, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to=acceptance_photo_upload_to)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("acceptance photo")
        verbose_name_plural = _("acceptance photos")
        ordering = ["acceptance", "pk"]

    def __str__(self):
        return self.original_name or self.file.name


class ProgressUpdate(models.Model):
    """The weekly word to the customer: what was done, how far along, photos [seed 000 §8]."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("progress"))
    percent_complete = models.PositiveSmallIntegerField(_("percent complete"))
    posted_at = models.DateTimeField(_("posted at"))
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("posted by"), **_BY)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["project", "-posted_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(percent_complete__lte=100), name="projects_update_percent"),
        ]
        indexes = [models.Index(fields=["project", "posted_at"], name="projects_update_at")]

    def __str__(self):
        return f"{self.project_id} · {self.percent_complete}%"


class ProgressPhoto(models.Model):
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to=progress_photo_upload_to)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("progress photo")
        verbose_name_plural = _("progress photos")
        ordering = ["update", "pk"]

    def __str__(self):
        return self.original_name or self.file.name


class DelayNotice(models.Model):
    """A delay or change told to the customer: what changes, why, the new dates. Given at least 3 working days
    before it takes effect; a later one is kept as a breach of that promise. Every one is kept (settlement)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="delays")
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.SET_NULL, null=True, blank=True)
    what_changes = models.TextField(_("what changes"))
    cause = models.CharField(_("cause"), max_length=10, choices=DelayCause.choices)
    cause_detail = models.CharField(_("cause in detail"), max_length=300, blank=True)
    effective_on = models.DateField(_("takes effect on"))
    new_start = models.DateField(_("new start"), null=True, blank=True)
    new_end = models.DateField(_("new end"), null=True, blank=True)
    given_at = models.DateTimeField(_("given at"))
    due_by = models.DateTimeField(_("due by"), null=True, blank=True)
    in_time = models.BooleanField(_("given in time"))
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("given by"), **_BY)

    class Meta:
        verbose_name = _("delay notice")
        verbose_name_plural = _("delay notices")
        ordering = ["project", "given_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_start__isnull=True) | Q(new_end__isnull=True) | Q(new_end__gte=models.F("new_start")),
                name="projects_delay_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.project_id} · {self.get_cause_display()} · {self.effective_on}"


class QualityIssue(models.Model):
    """A quality problem the customer raised during the works: answered within 24 h, rectified within 7 working
    days, and confirmed by the customer [seed 000 §8]."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="quality_issues")
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.SET_NULL, null=True, blank=True)
    description = models.TextField(_("what the customer reported"))
    raised_at = models.DateTimeField(_("raised at"))
    response = models.TextField(_("response"), blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    rectification = models.TextField(_("rectification"), blank=True)
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed by the customer at"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), **_BY)

    class Meta:
        verbose_name = _("quality issue")
        verbose_name_plural = _("quality issues")
        ordering = ["project", "-raised_at", "-pk"]

    def __str__(self):
        return f"{self.project_id} · {self.description[:40]}"

    @property
    def status(self) -> str:
        """Read from its moments (never written)."""
        if self.confirmed_at:
            return QualityIssueState.CONFIRMED
        if self.rectified_at:
            return QualityIssueState.RECTIFIED
        return QualityIssueState.RESPONDED if self.responded_at else QualityIssueState.RAISED

    def get_status_display(self) -> str:
        return QualityIssueState(self.status).label
