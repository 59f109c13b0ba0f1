from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.models import Customer
from decocrm.core.workflow import FSMField, StateMachine, TransitionRecord, transition

from ..choices import (
    CLOSED_STATES,
    OPEN_STATES,
    TRANSITION_TEXTS,
    AssignmentKind,
    Channel,
    ContactChannel,
    LeadState,
    LostReason,
    MatchedOn,
    ReferralRewardStatus,
    RejectReason,
    TransitionEvent,
)
from ..permissions import can_design_lead, can_work_lead

_OPEN = Q(state__in=sorted(OPEN_STATES))


def _worked_by(lead, user) -> bool:
    """Who may fire a lead's transitions: its owner, or a manager acting for them."""
    return can_work_lead(user, lead)


def _designed_by(lead, user) -> bool:
    """Who may fire the design steps (measured, proposal delivered / accepted...): the above and the designer."""
    return can_design_lead(user, lead)


class Lead(models.Model):
    """One enquiry of a customer, worked from first contact to won or lost. A customer has at most one open lead."""

    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="leads")
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    channel_detail = models.CharField(
        _("channel detail"), max_length=100, blank=True, help_text=_("Which platform, which expo, which compound.")
    )
    enquiry = models.TextField(_("enquiry"), blank=True)
    referred_by_customer = models.ForeignKey(
        Customer,
        verbose_name=_("referred by customer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_leads",
    )
    referred_by_partner = models.CharField(_("referred by partner"), max_length=100, blank=True)
    referral_reward_status = models.CharField(
        _("referral reward"), max_length=20, choices=ReferralRewardStatus.choices, default=ReferralRewardStatus.NONE
    )

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
        db_index=False,  # the composite indexes below start with owner
        help_text=_("Empty: the lead is in the pool."),
    )
    # The owner's team when the lead was given to them (kept by the services): a team manager's list is one
    # index range, and a lead returned to the pool stays findable by the team that let it lapse.
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
        db_index=False,
    )
    # Who measures and designs (seed 001 §4): set by services.lead_assign_designer; sees the lead, does its design.
    designer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("designer"), on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="designed_leads")  # fmt: skip
    state = FSMField(_("state"), max_length=30, choices=LeadState.choices, default=LeadState.NEW)
    reject_reason = models.CharField(_("reject reason"), max_length=30, choices=RejectReason.choices, blank=True)
    lost_reason = models.CharField(_("lost reason"), max_length=30, choices=LostReason.choices, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"))
    state_changed_at = models.DateTimeField(_("state changed at"))
    # The earliest deadline of the lead's running clocks, kept by the services: "my work" and the overdue filter
    # read this column instead of joining the clocks.
    next_due_at = models.DateTimeField(_("next deadline"), null=True, blank=True)
    pool_entered_at = models.DateTimeField(_("in the pool since"), null=True, blank=True)
    previous_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("previous owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    # Who changed what, when (the services name the user): edits on the lead's timeline, every save in the admin's
    # history. The next deadline is derived (refresh_next_due) and left out.
    history = HistoricalRecords(excluded_fields=["next_due_at"], cascade_delete_history=True)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["customer"], condition=_OPEN, name="leads_one_open_lead_per_customer"),
            models.CheckConstraint(
                condition=~Q(state=LeadState.REJECTED) | ~Q(reject_reason=""), name="leads_rejected_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(state=LeadState.LOST) | ~Q(lost_reason=""), name="leads_lost_has_reason"
            ),
        ]
        indexes = [
            # Lists, newest first: everyone's (company manager), a team's, a salesperson's.
            models.Index(fields=["-created_at", "-id"], name="leads_created"),
            models.Index(fields=["team", "-created_at", "-id"], name="leads_team_created"),
            models.Index(fields=["owner", "-created_at", "-id"], name="leads_owner_created"),
            # "My leads by next deadline" (overdue first) and the overdue filter.
            models.Index(fields=["owner", "next_due_at"], name="leads_owner_due", condition=_OPEN),
            models.Index(fields=["next_due_at"], name="leads_due", condition=_OPEN & Q(next_due_at__isnull=False)),
            # The pool: open leads with no owner, longest waiting first.
            models.Index(fields=["pool_entered_at"], name="leads_pool", condition=_OPEN & Q(owner__isnull=True)),
            # Filters and the funnel / channel reports.
            models.Index(fields=["state", "-created_at"], name="leads_state_created"),
            models.Index(fields=["channel", "-created_at"], name="leads_channel_created"),
        ]

    def __str__(self):
        return self.customer.name if self.customer_id else str(_("lead"))

    def get_absolute_url(self):
        return reverse("leads:detail", args=[self.pk])

    @property
    def is_open(self):
        return self.state in OPEN_STATES

    @property
    def in_pool(self):
        return self.owner_id is None and self.is_open

    # --- The lifecycle (ENGINEERING.md rule 2): the services fire these through `machine`; each action and the
    # page ask the machine what is possible. A state with no transition out of it is closed.
    machine = StateMachine(record="leads.LeadTransition", link="lead", closed=CLOSED_STATES, texts=TRANSITION_TEXTS)

    @transition(field=state, source=LeadState.NEW, target=LeadState.CONTACTED, permission=_worked_by)
    def first_contact(self):
        pass

    @transition(field=state, source=LeadState.CONTACTED, target=LeadState.QUALIFIED, permission=_worked_by)
    def qualify(self):
        pass

    @transition(field=state, source=[LeadState.NEW, LeadState.CONTACTED], target=LeadState.REJECTED,
                permission=_worked_by)  # fmt: skip
    def reject(self):
        pass

    @transition(field=state, source=LeadState.QUALIFIED, target=LeadState.MEASUREMENT_SCHEDULED,
                permission=_designed_by)  # fmt: skip
    def book_measurement(self):
        pass

    @transition(field=state, source=LeadState.MEASUREMENT_SCHEDULED, target=LeadState.MEASURED,
                permission=_designed_by)  # fmt: skip
    def measure(self):
        pass

    @transition(field=state, source=[LeadState.MEASURED, LeadState.PROPOSAL_DELIVERED],
                target=LeadState.PROPOSAL_DELIVERED, permission=_designed_by)  # fmt: skip
    def deliver_proposal(self):
        pass

    @transition(field=state, source=LeadState.PROPOSAL_DELIVERED, target=LeadState.PROPOSAL_ACCEPTED,
                permission=_designed_by)  # fmt: skip
    def accept_proposal(self):
        pass

    # Won means signed (seed 000 §6): signing the contract drafted from the accepted proposal wins the lead
    # (contracts.services.contract_sign calls services.lead_mark_won); there is no manual "Mark won".
    @transition(field=state, source=LeadState.PROPOSAL_ACCEPTED, target=LeadState.WON, permission=_worked_by)
    def win(self):
        pass

    @transition(field=state, source=sorted(OPEN_STATES - {LeadState.NEW, LeadState.CONTACTED}), target=LeadState.LOST,
                permission=_worked_by)  # fmt: skip
    def lose(self):
        pass


class LeadTransition(TransitionRecord):
    """A state change of a lead: who, when, from, to, why (the timeline)."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="transitions", db_index=False)
    from_state = models.CharField(_("from"), max_length=30, choices=LeadState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=30, choices=LeadState.choices)
    event = models.CharField(_("event"), max_length=30, choices=TransitionEvent.choices, blank=True)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("lead state change")
        verbose_name_plural = _("lead state changes")
        indexes = [models.Index(fields=["lead", "at"], name="leads_transition_lead")]


class LeadAssignment(models.Model):
    """Every change of a lead's owner: capture, claim, rotation, reassignment, return to the pool."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="assignments", db_index=False)
    kind = models.CharField(_("kind"), max_length=20, choices=AssignmentKind.choices)
    from_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    to_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("lead assignment")
        verbose_name_plural = _("lead assignments")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["lead", "at"], name="leads_assignment_lead"),
            models.Index(fields=["to_owner", "kind", "at"], name="leads_assignment_claims"),  # the daily claim cap
        ]

    def __str__(self):
        return self.get_kind_display()


class ContactLog(models.Model):
    """A contact with the customer about a lead; the first one stops the first-contact clock."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="contacts", db_index=False)
    channel = models.CharField(_("channel"), max_length=20, choices=ContactChannel.choices)
    at = models.DateTimeField(_("at"))
    summary = models.TextField(_("summary"))
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact log")
        verbose_name_plural = _("contact logs")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["lead", "at"], name="leads_contact_lead")]

    def __str__(self):
        return f"{self.get_channel_display()} {self.at:%Y-%m-%d %H:%M}"


class Collision(models.Model):
    """撞单: someone entered a lead whose phone or organisation is already a customer. Nothing else was created."""

    attempted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    attempted_at = models.DateTimeField(_("at"))
    customer = models.ForeignKey(
        Customer, verbose_name=_("existing customer"), on_delete=models.CASCADE, related_name="collisions"
    )
    matched_on = models.CharField(_("matched on"), max_length=20, choices=MatchedOn.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner at the time"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    owned_since = models.DateTimeField(_("owned since"), null=True, blank=True)
    attempted_name = models.CharField(_("name entered"), max_length=200)
    attempted_phone = models.CharField(_("phone entered"), max_length=30, blank=True)
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    channel_detail = models.CharField(_("channel detail"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("collision")
        verbose_name_plural = _("collisions")
        ordering = ["-attempted_at", "-pk"]
        indexes = [models.Index(fields=["-attempted_at"], name="leads_collision_at")]

    def __str__(self):
        return f"{self.attempted_name} · {self.attempted_at:%Y-%m-%d}"


class SalesRotation(models.Model):
    """Who is on duty for walk-in and online leads, and when each last received one (fair round robin)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("salesperson"), on_delete=models.CASCADE, related_name="sales_rotation"
    )
    on_duty = models.BooleanField(_("on duty"), default=False)
    last_assigned_at = models.DateTimeField(_("last assigned at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sales rotation")
        verbose_name_plural = _("sales rotation")
        ordering = ["user__username"]
        indexes = [
            models.Index(fields=["last_assigned_at", "id"], name="leads_rotation_next", condition=Q(on_duty=True))
        ]

    def __str__(self):
        return str(self.user)
