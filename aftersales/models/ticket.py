from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from decocrm.core.workflow import FSMField, StateMachine, TransitionRecord, transition
from decocrm.sla.kinds import clock_kind_label

from ..choices import (
    CLOSED_STATES,
    TICKET_TEXTS,
    AcceptanceMethod,
    Channel,
    Location,
    Nature,
    Severity,
    TicketEvent,
    TicketState,
    WarrantyStatus,
)
from ..permissions import can_work_ticket
from ..uploads import signature_upload_to, ticket_photo_upload_to

_BY = {"on_delete": models.SET_NULL, "null": True, "blank": True, "related_name": "+"}


def _works(ticket, user) -> bool:
    return can_work_ticket(user, ticket)


def _quote_settled(ticket) -> bool:
    """Out of warranty the repair is paid: the customer accepts the quote before anyone is dispatched."""
    return ticket.warranty == WarrantyStatus.IN_WARRANTY or ticket.quote_accepted_at is not None


class RepairTicket(models.Model):
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="repair_tickets"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repair_tickets",
    )
    warranty_item = models.ForeignKey(
        "contracts.WarrantyItem",
        verbose_name=_("warranty item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repair_tickets",
    )
    item = models.CharField(_("item"), max_length=100, help_text=_("What needs repairing, e.g. the bathroom floor."))
    description = models.TextField(_("description"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    requested_at = models.DateTimeField(_("requested at"))
    # The contact person is checked at every intake [seed 002, archive rules].
    contact_checked = models.BooleanField(_("contact person checked"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    location = models.CharField(_("location"), max_length=10, choices=Location.choices, default=Location.URBAN)

    warranty = models.CharField(_("warranty"), max_length=3, choices=WarrantyStatus.choices)
    warranty_ends_on = models.DateField(_("warranty ends on"), null=True, blank=True)
    quote_amount = models.DecimalField(_("quote (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True)
    quote_accepted_at = models.DateTimeField(_("quote accepted at"), null=True, blank=True)

    nature = models.CharField(_("nature"), max_length=20, choices=Nature.choices, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, blank=True)
    plan = models.TextField(_("repair plan"), blank=True)
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)

    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("after-sales staff"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repair_tickets",
    )
    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contacted_at = models.DateTimeField(_("customer contacted at"), null=True, blank=True)
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    customer_notified = models.BooleanField(_("customer notified of the visit"), default=False)
    on_site_at = models.DateTimeField(_("on site at"), null=True, blank=True)
    repaired_at = models.DateTimeField(_("repaired at"), null=True, blank=True)
    repair_report = models.TextField(_("what was done"), blank=True)
    repair_rounds = models.PositiveSmallIntegerField(_("repair rounds"), default=0)

    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    acceptance_method = models.CharField(_("acceptance"), max_length=20, choices=AcceptanceMethod.choices, blank=True)
    accepted_by_name = models.CharField(_("accepted by"), max_length=50, blank=True)
    signature = models.FileField(_("signature"), upload_to=signature_upload_to, blank=True)
    acceptance_note = models.CharField(_("acceptance note"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    revisit_done_at = models.DateTimeField(_("post-repair revisit done at"), null=True, blank=True)

    # The earliest deadline of its running clocks (next_due.py keeps it): "my tickets" sorts on it.
    next_due_at = models.DateTimeField(_("next deadline"), null=True, blank=True, editable=False)
    state = FSMField(_("state"), max_length=20, choices=TicketState.choices, default=TicketState.RECORDED)
    state_changed_at = models.DateTimeField(_("state changed at"))
    created_at = models.DateTimeField(_("created at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), **_BY)

    machine = StateMachine(
        record="aftersales.RepairTicketTransition", link="ticket", closed=CLOSED_STATES, texts=TICKET_TEXTS
    )

    # Who changed what, when (the services name the user, decocrm.core.history.record_by): edits on the timeline,
    # every save in the admin's history. The next deadline is derived and left out.
    history = HistoricalRecords(excluded_fields=["next_due_at"], cascade_delete_history=True)

    class Meta:
        verbose_name = _("repair ticket")
        verbose_name_plural = _("repair tickets")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(contact_checked=True), name="aftersales_contact_checked"),
            models.CheckConstraint(
                condition=Q(quote_amount__isnull=True) | Q(quote_amount__gte=0), name="aftersales_quote_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["technician", "next_due_at"], name="aftersales_technician_due"),
            models.Index(fields=["team", "next_due_at"], name="aftersales_team_due"),
            models.Index(fields=["next_due_at"], condition=~Q(state__in=CLOSED_STATES), name="aftersales_open_due"),
            models.Index(fields=["state"], condition=Q(technician__isnull=True), name="aftersales_unassigned"),
            models.Index(fields=["customer", "-requested_at"], name="aftersales_customer"),
        ]

    def __str__(self):
        return _("Repair %(number)s · %(customer)s") % {"number": self.pk, "customer": self.customer}

    def get_absolute_url(self):
        return reverse("aftersales:detail", args=[self.pk])

    @property
    def next_kind_label(self) -> str:
        """The kind of the next running clock, where selectors.my_tickets annotated it."""
        kind = getattr(self, "next_kind", None)
        return clock_kind_label(kind) if kind else ""

    @property
    def in_warranty(self) -> bool:
        return self.warranty == WarrantyStatus.IN_WARRANTY

    # --- the lifecycle (decocrm.core.workflow): one method per transition

    @transition(field=state, source=TicketState.RECORDED, target=TicketState.ASSESSED, permission=_works)
    def assess(self):
        pass

    @transition(
        field=state,
        source=TicketState.ASSESSED,
        target=TicketState.DISPATCHED,
        conditions=[_quote_settled],
        permission=_works,
    )
    def dispatch(self):
        pass

    @transition(field=state, source=TicketState.DISPATCHED, target=TicketState.ON_SITE, permission=_works)
    def arrive(self):
        pass

    @transition(field=state, source=TicketState.ON_SITE, target=TicketState.REPAIRED, permission=_works)
    def repair(self):
        pass

    @transition(field=state, source=TicketState.REPAIRED, target=TicketState.ACCEPTED, permission=_works)
    def accept(self):
        pass

    @transition(field=state, source=TicketState.REPAIRED, target=TicketState.ON_SITE, permission=_works)
    def repair_again(self):
        pass

    @transition(field=state, source=TicketState.ACCEPTED, target=TicketState.CLOSED, permission=_works)
    def close(self):
        pass

    @transition(
        field=state,
        source=[TicketState.RECORDED, TicketState.ASSESSED, TicketState.DISPATCHED],
        target=TicketState.CANCELLED,
        permission=_works,
    )
    def cancel(self):
        pass


class RepairTicketTransition(TransitionRecord):
    ticket = models.ForeignKey(RepairTicket, on_delete=models.CASCADE, related_name="transitions", db_index=False)
    from_state = models.CharField(_("from"), max_length=30, choices=TicketState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=30, choices=TicketState.choices)
    event = models.CharField(_("event"), max_length=30, choices=TicketEvent.choices, blank=True)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("repair ticket state change")
        verbose_name_plural = _("repair ticket state changes")
        indexes = [models.Index(fields=["ticket", "at"], name="aftersales_transition_at")]


class TicketPhoto(models.Model):
    """A photo of the fault or of the repair, taken with the phone's camera; the state says when."""

    ticket = models.ForeignKey(RepairTicket, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to=ticket_photo_upload_to)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    taken_in = models.CharField(_("taken when"), max_length=20, choices=TicketState.choices)
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), **_BY)

    class Meta:
        verbose_name = _("repair photo")
        verbose_name_plural = _("repair photos")
        ordering = ["ticket", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name or self.file.name

    @property
    def by(self):
        return self.uploaded_by  # the timeline names who added it
