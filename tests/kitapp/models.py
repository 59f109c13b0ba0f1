"""A repair ticket: the smallest object with a state machine (decocrm.core.workflow), a service clock, a timeline
and a customer panel. Its lifecycle: open → resolved | cancelled."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from customers.models import Customer
from decocrm.accounts.selectors import is_company_manager, is_manager
from decocrm.core.workflow import FSMField, StateMachine, TransitionRecord, transition

from .choices import CLOSED_STATES, TicketState


def worked_by(ticket, user) -> bool:
    """Its owner works a ticket; the manager of its team, or a company manager, may act for them (the same people
    selectors.TICKET_SCOPE lets see it). No query: the machine asks this for every button (django-fsm calls
    `permission(instance, user)`)."""
    if not user.is_authenticated:
        return False
    if user.pk == ticket.owner_id or is_company_manager(user):
        return True
    return is_manager(user) and user.team_id is not None and user.team_id == ticket.team_id


class Ticket(models.Model):
    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT,
                              related_name="+")  # fmt: skip
    team = models.ForeignKey("accounts.Team", verbose_name=_("team"), on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+")  # fmt: skip
    subject = models.CharField(_("subject"), max_length=200)
    solution = models.TextField(_("solution"), blank=True)
    state = FSMField(_("state"), max_length=30, choices=TicketState.choices, default=TicketState.OPEN)
    opened_at = models.DateTimeField(_("opened at"))
    state_changed_at = models.DateTimeField(_("state changed at"))

    machine = StateMachine(record="kitapp.TicketTransition", link="ticket", closed=CLOSED_STATES)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("kitapp:detail", args=[self.pk])

    @transition(field=state, source=TicketState.OPEN, target=TicketState.RESOLVED, permission=worked_by)
    def resolve(self):
        pass

    @transition(field=state, source=TicketState.OPEN, target=TicketState.CANCELLED, permission=worked_by)
    def cancel(self):
        pass


class TicketTransition(TransitionRecord):
    """A state change of a ticket (the timeline)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=30, choices=TicketState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=30, choices=TicketState.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("ticket state change")
        verbose_name_plural = _("ticket state changes")
