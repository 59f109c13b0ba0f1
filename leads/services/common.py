"""Building blocks the lead services share (and the measurement / proposal services of later issues use)."""

from django.utils.translation import gettext as _

from customers.services import customer_transfer_ownership
from decocrm.core.dates import check_happened
from decocrm.core.errors import DomainError
from decocrm.core.workflow import TransitionRefused
from decocrm.sla.services import clock_hand_over

from ..choices import OPEN_STATES, AppointmentState
from ..models import Lead, LeadAssignment
from ..next_due import refresh_next_due_many
from .hand_over_notices import lead_hand_over_notices


class LeadStateError(DomainError):
    pass


class LeadPermissionError(DomainError):
    pass


def lock_lead(lead) -> Lead:
    """The lead's row, locked for the rest of the transaction, read fresh."""
    return Lead.objects.select_for_update(of=("self",)).select_related("customer", "owner", "designer").get(pk=lead.pk)


def require_open(lead):
    if lead.state not in OPEN_STATES:
        raise LeadStateError(
            _("This lead is already closed (%(state)s); nothing more can be done with it.")
            % {"state": lead.get_state_display()}
        )


def check_event_time(lead, value, *, field="at", label=None):
    """When something happened to the lead (a contact, a visit, a delivery, a transition): not in the future and
    not before the lead was entered (core.dates: a stray year-1 date would make the lead unreadable)."""
    check_happened(
        value,
        field=field,
        label=label or _("Time"),
        not_before=lead.created_at,
        since=_("the lead was entered"),
    )


def apply_transition(lead, name, *, by, at, note="", event="", params=None) -> Lead:
    """Fire transition `name` of the lead's state machine (models.Lead: `first_contact`, `qualify`, …) on a locked
    lead and record it: `event` and `params` for what the system says (choices.TRANSITION_TEXTS, rendered when
    read), `note` for what a person typed. The caller has checked who may do it and saves the other fields it
    changes."""
    check_event_time(lead, at)
    try:
        Lead.machine.fire(lead, name, by=by, at=at, note=note, event=event, params=params)
    except TransitionRefused as refused:
        raise LeadStateError(refused.message) from None
    return lead


def refresh_next_due(lead) -> Lead:
    """Keep Lead.next_due_at = the earliest deadline of its running (or breached) clocks, in this transaction
    (the clock listeners in leads/clocks.py do the same after the engine moves a deadline on its own)."""
    refresh_next_due_many([lead.pk])
    lead.next_due_at = Lead.objects.values_list("next_due_at", flat=True).get(pk=lead.pk)
    return lead


def give_lead(lead, owner, *, kind, by, at, note="") -> Lead:
    """Hand a locked lead to `owner` (None: to the pool): the lead and its customer's protection move together, the
    change is recorded and told (hand_over_notices.py), and its clocks follow the hand-over rule
    (sla.services.clock_hand_over: the new owner gets fresh clocks from now, a breach stays with whoever had it)."""
    check_event_time(lead, at)
    previous = lead.owner
    lapsed = lead.previous_owner if previous is None and owner is not None else None  # out of the pool
    lead.owner = owner
    if owner is not None:
        lead.team = owner.team
        lead.pool_entered_at = None
    else:
        lead.pool_entered_at = at
        lead.previous_owner = previous
        lead.released_at = at
    lead.full_clean(validate_constraints=False)
    lead.save(update_fields=["owner", "team", "pool_entered_at", "previous_owner", "released_at"])
    assignment = LeadAssignment(
        lead=lead, kind=kind, from_owner=previous, to_owner=owner, by=by, at=at, note=note[:500]
    )
    assignment.full_clean()
    assignment.save()
    lead_hand_over_notices(lead, assignment, lapsed_owner=lapsed)
    customer_transfer_ownership(customer=lead.customer, owner=owner, at=at, by=by)
    clock_hand_over(subject=lead, to_owner=owner, at=at, by=by)
    for appointment in lead.appointments.filter(state=AppointmentState.SCHEDULED):  # their reconfirmation clocks
        clock_hand_over(subject=appointment, to_owner=owner, at=at, by=by)
    for consultation in lead.consultations.filter(answered_at__isnull=True):  # their reply clocks
        clock_hand_over(subject=consultation, to_owner=owner, at=at, by=by)
    return lead
