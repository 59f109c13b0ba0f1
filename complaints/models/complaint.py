from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from decocrm.core.workflow import FSMField, StateMachine, TransitionRecord, transition

from ..choices import (
    CLOSED_STATES,
    COMPLAINT_TEXTS,
    OPEN_STATES,
    REASSIGNABLE_STATES,
    Approval,
    Category,
    Channel,
    ComplaintState,
    Satisfaction,
    Severity,
)
from ..permissions import (
    can_approve_solution,
    can_coordinate_complaint,
    can_handle_complaint,
    can_manage_complaint,
)

S = ComplaintState


def _coordinates(complaint, user) -> bool:
    return can_coordinate_complaint(user, complaint)


def _handles(complaint, user) -> bool:
    return can_handle_complaint(user, complaint)


def _manages(complaint, user) -> bool:
    return can_manage_complaint(user, complaint)


def _approves(complaint, user) -> bool:
    return can_approve_solution(user, complaint)


def _needs_approval(complaint) -> bool:
    return bool(complaint.approval)


def _final_solution(complaint) -> bool:
    """The solution may be told to the customer: approved, or needing no approval."""
    return complaint.state == S.APPROVED or not complaint.approval


def _normal(complaint) -> bool:
    return complaint.severity == Severity.NORMAL


def _unreported_major(complaint) -> bool:
    return complaint.severity == Severity.MAJOR and complaint.reported_at is None


def _revisit_due(complaint) -> bool:
    return not complaint.anonymous and complaint.revisit_done_at is None


class Complaint(models.Model):
    """One complaint, from the central intake to the customer's satisfaction with its handling [seed 001 §7, 002]."""

    # Who complains: a customer on file, or only a name and phone, or nobody named (anonymous: no revisit).
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="complaints",
    )  # fmt: skip
    anonymous = models.BooleanField(_("anonymous"), default=False)
    complainant_name = models.CharField(_("complainant"), max_length=100, blank=True)
    complainant_phone = models.CharField(_("complainant's phone"), max_length=30, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    content = models.TextField(_("what the complaint is about"))
    demand = models.TextField(_("the customer's demand"), blank=True)
    # Against whom
    accused_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member complained about"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="complaints_against",
    )  # fmt: skip
    accused_team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team complained about"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="complaints",
    )  # fmt: skip
    # The team whose managers follow it (the team complained about, else the accused's, the project's or the
    # customer's owner's): the scope of team managers.
    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.NORMAL)
    major_reasons = models.JSONField(_("why major"), default=list, blank=True)
    major_at = models.DateTimeField(_("major since"), null=True, blank=True)
    repeat_of = models.ForeignKey(
        "self", verbose_name=_("repeat of"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("received by"), on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("received at"))
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handler"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="handled_complaints",
    )  # fmt: skip
    # Classification and investigation
    justified = models.BooleanField(_("complaint justified"), null=True, blank=True)
    demand_reasonable = models.BooleanField(_("demand reasonable"), null=True, blank=True)
    category = models.CharField(_("root-cause category"), max_length=20, choices=Category.choices, blank=True)
    investigation = models.TextField(_("investigation report"), blank=True)
    corrective_action = models.TextField(_("corrective action"), blank=True)
    # Solution
    solution = models.TextField(_("solution"), blank=True)
    compensation = models.DecimalField(_("compensation (yuan)"), max_digits=12, decimal_places=2, null=True,
                                       blank=True)  # fmt: skip
    approval = models.CharField(_("approval"), max_length=20, choices=Approval.choices, blank=True, default="")
    solution_at = models.DateTimeField(_("solution proposed at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # Major complaints: the handler's report to management [seed 002 §2.5-2.6]
    management_report = models.TextField(_("report to management"), blank=True)
    reported_at = models.DateTimeField(_("reported to management at"), null=True, blank=True)
    # Feedback, closing, revisit
    feedback = models.TextField(_("customer's reaction"), blank=True)
    fed_back_at = models.DateTimeField(_("fed back at"), null=True, blank=True)
    satisfaction = models.CharField(_("satisfaction with the handling"), max_length=20,
                                    choices=Satisfaction.choices, blank=True)  # fmt: skip
    closing_note = models.TextField(_("closing note"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    revisit_done_at = models.DateTimeField(_("revisited at"), null=True, blank=True)
    # The earliest running or breached deadline of its clocks (next_due.py): the queue's order.
    next_due_at = models.DateTimeField(_("next deadline"), null=True, blank=True)
    state = FSMField(_("state"), max_length=20, choices=ComplaintState.choices, default=ComplaintState.RECEIVED)
    state_changed_at = models.DateTimeField(_("state changed at"))
    created_at = models.DateTimeField(_("created at"))

    machine = StateMachine(
        record="complaints.ComplaintTransition", link="complaint", closed=CLOSED_STATES, texts=COMPLAINT_TEXTS
    )

    # Who changed what, when (the services name the user, decocrm.core.history.record_by): edits on the timeline,
    # every save in the admin's history. The next deadline is derived and left out.
    history = HistoricalRecords(excluded_fields=["next_due_at"], cascade_delete_history=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-pk"]
        permissions = [("receive_major_complaint_warnings", "Receives the warning of every major complaint")]
        constraints = [
            models.CheckConstraint(
                condition=Q(compensation__isnull=True) | Q(compensation__gte=0),
                name="complaints_compensation_not_negative",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(handler__isnull=True) | Q(accused_staff__isnull=True) | ~Q(handler=F("accused_staff")),
                name="complaints_handler_not_accused",
            ),  # fmt: skip
        ]
        indexes = [
            models.Index(fields=["customer", "received_at"], name="complaints_customer_received"),
            models.Index(fields=["team", "state"], name="complaints_team_state"),
            models.Index(fields=["handler", "state"], name="complaints_handler_state"),
            models.Index(fields=["received_at"], name="complaints_received_at"),
            # ASC puts NULLs last on PostgreSQL, as the queue orders (SQLite's indexes take no NULLS LAST).
            models.Index(fields=["next_due_at", "-received_at", "-id"], name="complaints_queue"),
        ]

    def __str__(self):
        return _("Complaint %(number)s") % {"number": self.number}

    def get_absolute_url(self):
        return reverse("complaints:detail", args=[self.pk])

    @property
    def number(self) -> str:
        return f"TS{self.pk:06d}" if self.pk else ""

    @property
    def complainant(self) -> str:
        if self.anonymous:
            return str(_("Anonymous"))
        return self.complainant_name or (self.customer.name if self.customer_id else "")

    @property
    def is_major(self) -> bool:
        return self.severity == Severity.MAJOR

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @transition(field=state, source=S.RECEIVED, target=S.ASSIGNED, permission=_coordinates)
    def assign(self):
        pass

    @transition(field=state, source=list(REASSIGNABLE_STATES), target=None, permission=_coordinates)
    def reassign(self):
        pass

    @transition(field=state, source=S.ASSIGNED, target=S.INVESTIGATING, permission=_handles)
    def start_investigation(self):
        pass

    @transition(field=state, source=S.INVESTIGATING, target=S.SOLUTION_PROPOSED, permission=_handles)
    def propose_solution(self):
        pass

    @transition(field=state, source=S.SOLUTION_PROPOSED, target=S.APPROVED, conditions=[_needs_approval],
                permission=_approves)  # fmt: skip
    def approve(self):
        pass

    @transition(field=state, source=S.SOLUTION_PROPOSED, target=S.INVESTIGATING, conditions=[_needs_approval],
                permission=_approves)  # fmt: skip
    def decline(self):
        pass

    @transition(field=state, source=[S.SOLUTION_PROPOSED, S.APPROVED], target=S.RESOLVED,
                conditions=[_final_solution], permission=_coordinates)  # fmt: skip
    def feed_back(self):
        pass

    @transition(field=state, source=S.RESOLVED, target=S.CLOSED, permission=_coordinates)
    def close(self):
        pass

    @transition(field=state, source=list(OPEN_STATES), target=None, conditions=[_normal], permission=_manages)
    def mark_major(self):
        pass

    @transition(field=state, source=list(OPEN_STATES), target=None, conditions=[_unreported_major],
                permission=_handles)  # fmt: skip
    def report_to_management(self):
        pass

    @transition(field=state, source=S.CLOSED, target=None, conditions=[_revisit_due], permission=_coordinates)
    def revisit(self):
        pass


class ComplaintTransition(TransitionRecord):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="transitions", db_index=False)
    from_state = models.CharField(_("from"), max_length=30, choices=ComplaintState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=30, choices=ComplaintState.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("complaint state change")
        verbose_name_plural = _("complaint state changes")
        indexes = [models.Index(fields=["complaint", "at"], name="complaints_transition_at")]
