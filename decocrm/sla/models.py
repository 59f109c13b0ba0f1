from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from decocrm.workdays.choices import DurationUnit

from .choices import OPEN_STATES, ClockAction, ClockState, EscalationLevel
from .kinds import clock_kind_choices, clock_kind_label
from .notes import render_clock_note


class SlaPolicy(models.Model):
    """How one kind of service clock runs. Clocks copy what they need at start, so an edit applies to clocks
    started after it."""

    kind = models.CharField(_("clock kind"), max_length=40, choices=clock_kind_choices, unique=True)
    amount = models.PositiveIntegerField(_("duration"))
    unit = models.CharField(_("unit"), max_length=20, choices=DurationUnit.choices)
    variant_attribute = models.CharField(
        _("varies by"),
        max_length=40,
        blank=True,
        help_text=_("An attribute of the clock's object that changes the duration, e.g. location or tier."),
    )
    variants = models.JSONField(
        _("duration by attribute value"),
        default=dict,
        blank=True,
        help_text=_('e.g. {"urban": 24, "suburban": 48}; values not listed use the duration above.'),
    )
    counts_back = models.BooleanField(
        _("counts back from an anchor"),
        default=False,
        help_text=_("The deadline lies the duration before a given date (e.g. a delay notice before it takes effect)."),
    )
    warn_before = models.DurationField(_("warn before the deadline"), default=timedelta(hours=4))
    notify_owner = models.BooleanField(_("tell the owner on breach"), default=True)
    notify_team_manager = models.BooleanField(_("tell the team manager on breach"), default=True)
    escalate_after = models.DurationField(
        _("escalate to company managers after"),
        default=timedelta(hours=24),
        help_text=_("How long a clock may stay breached before the company's managers are told."),
    )
    escalate_to_company = models.BooleanField(_("escalate to company managers"), default=True)
    recurring = models.BooleanField(_("recurring"), default=False, help_text=_("Stopping it starts the next one."))
    active = models.BooleanField(_("active"), default=True)
    source = models.CharField(_("rule source"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["kind"]

    def __str__(self):
        return str(self.get_kind_display())

    def clean(self):
        if self.variants and not isinstance(self.variants, dict):
            raise ValidationError({"variants": _("Enter an object mapping values to durations.")})
        for value, amount in (self.variants or {}).items():
            if not isinstance(amount, int) or amount <= 0:
                raise ValidationError(
                    {"variants": _("Duration for %(value)s must be a positive whole number.") % {"value": value}}
                )
        if self.variants and not self.variant_attribute:
            raise ValidationError({"variant_attribute": _("Say which attribute the durations vary by.")})
        if self.amount == 0:
            raise ValidationError({"amount": _("The duration must be at least 1.")})

    def amount_for(self, attrs):
        """The duration for an object with these attributes (e.g. {"location": "suburban"})."""
        if self.variant_attribute:
            value = (attrs or {}).get(self.variant_attribute)
            if value is not None and str(value) in self.variants:
                return int(self.variants[str(value)])
        return self.amount


class ClockNoteFields(models.Model):
    """Why a clock was paused, cancelled, handed over…: what the system said as a code plus parameters (rendered in
    the reader's language, notes.py) and what a person typed, as typed."""

    code = models.CharField(_("reason"), max_length=40, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def system_text(self) -> str:
        """The system's sentence in the active language ("" when only a person wrote)."""
        return render_clock_note(self.code, self.params)

    @property
    def text(self) -> str:
        """The system's sentence and the person's note, for places with room for one line."""
        return " · ".join(part for part in (self.system_text, self.note) if part)


class Clock(ClockNoteFields):
    """One service promise running against one business object."""

    # Foreign keys carry no index of their own: the composite indexes below serve every lookup. Each index whose
    # predicate a changed row matches costs the sweep's UPDATE a write per row (a clock changing state is never a
    # HOT update), so no index here is only for the sweep's convenience (bench/README.md, the catch-up sweep).
    policy = models.ForeignKey(
        SlaPolicy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="clocks", db_index=False
    )
    kind = models.CharField(_("clock kind"), max_length=40, choices=clock_kind_choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, db_index=False)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    subject_label = models.CharField(_("subject"), max_length=200)
    subject_url = models.CharField(_("link"), max_length=500, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clocks",
        db_index=False,
    )
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clocks",
        db_index=False,
    )
    # The customer is kept as a plain id: the SLA engine never depends on a domain app.
    customer_id = models.PositiveBigIntegerField(_("customer id"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=ClockState.choices, default=ClockState.RUNNING)
    sequence = models.PositiveIntegerField(_("occurrence"), default=1)

    # What the policy said at start (a later policy edit does not move this clock).
    amount = models.PositiveIntegerField(_("duration"))
    unit = models.CharField(_("unit"), max_length=20, choices=DurationUnit.choices)
    started_at = models.DateTimeField(_("started at"))
    anchor_at = models.DateTimeField(_("anchor"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"))
    warn_at = models.DateTimeField(_("warn at"))
    escalate_at = models.DateTimeField(_("escalate at"), null=True, blank=True)
    provisional = models.BooleanField(
        _("provisional"), default=False, help_text=_("Computed on a calendar year not yet confirmed.")
    )

    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    paused_seconds = models.PositiveBigIntegerField(_("paused for (s)"), default=0)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached at"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation"), choices=EscalationLevel.choices, default=EscalationLevel.NONE
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("service clock")
        verbose_name_plural = _("service clocks")
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind"],
                condition=Q(state__in=OPEN_STATES),
                name="sla_one_open_clock_per_subject_and_kind",
            ),
            models.CheckConstraint(condition=Q(due_at__gte=models.F("warn_at")), name="sla_warn_not_after_due"),
        ]
        indexes = [
            # The sweep's breach and escalation scans, each a small partial index (its warnings: ClockWarning).
            models.Index(fields=["due_at"], name="sla_clock_to_breach", condition=Q(state="running")),
            models.Index(
                fields=["escalate_at"], name="sla_clock_to_escalate", condition=Q(state="breached", escalation_level=1)
            ),
            # Dashboards and "my clocks".
            # The breached clocks in the list's order; the dashboard's counts read it alone (index-only scan).
            models.Index(
                fields=["due_at"],
                name="sla_clock_breach_list",
                condition=Q(state="breached"),
                include=["kind", "owner", "team"],
            ),
            models.Index(fields=["state", "owner", "due_at"], name="sla_clock_state_owner"),
            models.Index(fields=["state", "team", "due_at"], name="sla_clock_state_team"),
            models.Index(fields=["content_type", "object_id"], name="sla_clock_subject"),
            models.Index(fields=["customer_id"], name="sla_clock_customer"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.subject_label}"

    def get_kind_display(self):  # Django's rebuilds the choices of the callable on every call (kinds.py)
        return clock_kind_label(self.kind)

    @property
    def is_open(self):
        return self.state in OPEN_STATES

    @property
    def paused_for(self):
        return timedelta(seconds=self.paused_seconds)


class ClockWarning(models.Model):
    """A clock whose "due soon" notice is still to come. The sweep's warn step deletes the rows whose time came and
    tells the owners of those clocks still running and not yet due: it writes no clock row, whose every index a
    changed clock would enter (bench/README.md, the catch-up sweep). Started with the clock; `warn_at` is never later
    than the clock's own (a row that is early waits until the clock's warn_at; a paused clock's row waits for the
    resume); a closed clock's row goes, without a notice, when its time comes."""

    clock = models.OneToOneField(Clock, on_delete=models.CASCADE, primary_key=True, related_name="+")
    warn_at = models.DateTimeField(_("warn at"))

    class Meta:
        verbose_name = _("warning to send")
        verbose_name_plural = _("warnings to send")
        indexes = [models.Index(fields=["warn_at"], name="sla_warning_due")]

    def __str__(self):
        return f"{self.clock_id} {self.warn_at:%Y-%m-%d %H:%M}"


class ClockEvent(ClockNoteFields):
    """The clock's own timeline: start, pause, resume, stop, cancel, recompute (the sweep's breach and escalation
    moments are the clock's breached_at / escalated_at; its warnings are notices)."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=ClockAction.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("clock event")
        verbose_name_plural = _("clock events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class ClockOutcomeDay(models.Model):
    """On-time and late counts per deadline day, clock kind, owner and team: the on-time rates read this small table,
    not millions of clocks. Kept by the services (a clock met) and the sweep (a clock breached), in the same
    transaction; `manage.py sla_rebuild_outcomes` recomputes it from the clocks. 0 = no owner / no team."""

    day = models.DateField(_("deadline day"))
    kind = models.CharField(_("clock kind"), max_length=40, choices=clock_kind_choices)
    owner_id = models.BigIntegerField(_("owner id"), default=0)
    team_id = models.BigIntegerField(_("team id"), default=0)
    on_time = models.PositiveIntegerField(_("on time"), default=0)
    late = models.PositiveIntegerField(_("late"), default=0)

    class Meta:
        verbose_name = _("daily clock outcome")
        verbose_name_plural = _("daily clock outcomes")
        constraints = [
            models.UniqueConstraint(fields=["day", "kind", "owner_id", "team_id"], name="sla_outcome_one_row_per_key")
        ]

    def __str__(self):
        return f"{self.day} {self.kind} {self.on_time}/{self.on_time + self.late}"
