"""Appointments, the measurement visit and design proposals of a lead (exported by leads.models)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import AppointmentKind, AppointmentState, ProposalFileKind, ProposalResponse, RescheduleCause
from ..uploads import (
    measurement_upload_to,
    proposal_upload_to,
    validate_photo,
    validate_plan,
    validate_proposal_file,
)

_STAFF = settings.AUTH_USER_MODEL


def _by(verbose_name, **kwargs):
    return models.ForeignKey(
        _STAFF, verbose_name=verbose_name, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", **kwargs
    )


class Appointment(models.Model):
    """A meeting with the customer: consultation, measurement visit or proposal review. Reconfirmed before it
    happens; every change of time is an AppointmentReschedule row."""

    lead = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="appointments", db_index=False)
    kind = models.CharField(_("purpose"), max_length=20, choices=AppointmentKind.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=AppointmentState.choices, default=AppointmentState.SCHEDULED
    )
    scheduled_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=200)
    attendees = models.ManyToManyField(_STAFF, verbose_name=_("our attendees"), blank=True, related_name="+")
    customer_attendees = models.CharField(
        _("customer side"), max_length=200, blank=True, help_text=_("Who comes for the customer, e.g. 张先生和太太.")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    reconfirmed_at = models.DateTimeField(_("reconfirmed at"), null=True, blank=True)
    reconfirmed_by = _by(_("reconfirmed by"))
    reconfirm_note = models.CharField(_("reconfirmation note"), max_length=300, blank=True)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    # Which of the lead's clocks a reschedule by the customer paused; holding the appointment resumes them.
    paused_clocks = models.JSONField(_("clocks paused by its reschedules"), default=list, blank=True)
    created_by = _by(_("booked by"))
    created_at = models.DateTimeField(_("booked at"))

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["scheduled_at", "pk"]
        indexes = [
            models.Index(fields=["lead", "scheduled_at"], name="leads_appointment_lead"),
            # "Today's appointments" on the home page.
            models.Index(fields=["scheduled_at"], name="leads_appointment_due", condition=Q(state="scheduled")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=AppointmentState.HELD) | Q(held_at__isnull=False), name="leads_held_has_time"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.scheduled_at:%Y-%m-%d %H:%M}"

    @property
    def is_scheduled(self):
        return self.state == AppointmentState.SCHEDULED

    @property
    def held_by_marking(self):
        """Whether "took place" closes it: a measurement visit is closed by recording its results instead."""
        return self.kind != AppointmentKind.MEASUREMENT


class AppointmentReschedule(models.Model):
    """One change of an appointment's time: from, to, why, and whose doing it was (a customer's pauses clocks)."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="reschedules")
    from_time = models.DateTimeField(_("was"))
    to_time = models.DateTimeField(_("now"))
    cause = models.CharField(_("caused by"), max_length=20, choices=RescheduleCause.choices)
    reason = models.CharField(_("reason"), max_length=300)
    by = _by(_("recorded by"))
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("appointment reschedule")
        verbose_name_plural = _("appointment reschedules")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_time:%m-%d %H:%M} → {self.to_time:%m-%d %H:%M}"


class MeasurementVisit(models.Model):
    """The measurement visit (量房) and its results; one per lead. Confirming the results with the customer stops
    the measurement-results clock."""

    lead = models.OneToOneField("leads.Lead", on_delete=models.CASCADE, related_name="measurement")
    appointment = models.ForeignKey(
        Appointment, verbose_name=_("appointment"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    held_at = models.DateTimeField(_("measured at"))
    doors_windows = models.TextField(_("doors and windows"), blank=True)
    beams_columns = models.TextField(_("beams and columns"), blank=True)
    lighting = models.CharField(_("lighting"), max_length=300, blank=True)
    ventilation = models.CharField(_("ventilation"), max_length=300, blank=True)
    orientation = models.CharField(_("orientation"), max_length=100, blank=True, help_text=_("e.g. 坐北朝南"))
    notes = models.TextField(_("other notes"), blank=True)
    floor_plan = models.FileField(
        _("original floor plan"),
        upload_to=measurement_upload_to,
        blank=True,
        validators=[validate_plan],
        max_length=200,
        help_text=_("Image, PDF or DWG/DXF, at most 20 MB."),
    )
    # The stored name is random; this is what the uploader called it, the name it downloads under.
    floor_plan_name = models.CharField(_("floor plan file name"), max_length=200, blank=True)
    recorded_by = _by(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"))
    confirmed_at = models.DateTimeField(_("confirmed with the customer at"), null=True, blank=True)
    confirmed_by = _by(_("confirmation recorded by"))
    confirmation_note = models.CharField(
        _("confirmation"), max_length=300, blank=True, help_text=_("Who confirmed and how, e.g. 张先生微信确认.")
    )

    class Meta:
        verbose_name = _("measurement visit")
        verbose_name_plural = _("measurement visits")
        ordering = ["-held_at", "-pk"]

    def __str__(self):
        return f"{self.lead} · {self.held_at:%Y-%m-%d}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


_METRES = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0.01"))]}


class MeasurementRoom(models.Model):
    visit = models.ForeignKey(MeasurementVisit, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("room"), max_length=50)
    length_m = models.DecimalField(_("length (m)"), **_METRES)
    width_m = models.DecimalField(_("width (m)"), **_METRES)
    height_m = models.DecimalField(_("height (m)"), null=True, blank=True, **_METRES)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("measured room")
        verbose_name_plural = _("measured rooms")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    @property
    def area_m2(self):
        return (self.length_m * self.width_m).quantize(Decimal("0.01"))


class MeasurementPhoto(models.Model):
    visit = models.ForeignKey(MeasurementVisit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to=measurement_upload_to, validators=[validate_photo], max_length=200)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("measurement photo")
        verbose_name_plural = _("measurement photos")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name or self.file.name


class DesignProposal(models.Model):
    """One version of the design proposal. Versions count up per lead; delivering the first one stops the
    design-proposal clock, a later one is a revision; the customer's acceptance wins the lead."""

    lead = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="proposals", db_index=False)
    version = models.PositiveSmallIntegerField(_("version"))
    style = models.CharField(_("style"), max_length=100)
    layout_notes = models.TextField(_("layout"), blank=True)
    material_list = models.TextField(_("material list"), blank=True, help_text=_("One material per line."))
    quote_amount = models.DecimalField(
        _("rough quote (CNY)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    construction_days = models.PositiveIntegerField(
        _("estimated construction period (days)"), validators=[MinValueValidator(1)]
    )
    created_by = _by(_("prepared by"))
    created_at = models.DateTimeField(_("prepared at"))
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    delivered_by = _by(_("delivered by"))
    response = models.CharField(
        _("customer's response"), max_length=20, choices=ProposalResponse.choices, default=ProposalResponse.PENDING
    )
    response_note = models.CharField(_("response note"), max_length=500, blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    responded_by = _by(_("response recorded by"))

    class Meta:
        verbose_name = _("design proposal")
        verbose_name_plural = _("design proposals")
        ordering = ["lead", "version"]
        constraints = [
            models.UniqueConstraint(fields=["lead", "version"], name="leads_proposal_version_unique"),
            models.CheckConstraint(
                condition=Q(response=ProposalResponse.PENDING) | Q(delivered_at__isnull=False),
                name="leads_proposal_response_after_delivery",
            ),
        ]

    def __str__(self):
        return f"{self.lead} · v{self.version}"

    @property
    def is_delivered(self):
        return self.delivered_at is not None

    @property
    def quote_display(self):
        """¥186,000.00: amounts in yuan are grouped by thousands whatever the interface language."""
        return f"¥{self.quote_amount:,.2f}"


class ProposalFile(models.Model):
    proposal = models.ForeignKey(DesignProposal, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(
        _("kind"), max_length=20, choices=ProposalFileKind.choices, default=ProposalFileKind.RENDERING
    )
    file = models.FileField(
        _("file"), upload_to=proposal_upload_to, validators=[validate_proposal_file], max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("proposal file")
        verbose_name_plural = _("proposal files")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name or self.file.name
