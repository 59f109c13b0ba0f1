from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from customers.choices import CustomerClass
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.selectors import clocks_for_subject
from decocrm.sla.sweep import sla_sweep
from leads.choices import LeadClockKind, LeadState, ReferralRewardStatus
from leads.models import Lead
from leads.services import (
    LeadPermissionError,
    LeadStateError,
    apply_transition,
    lead_grant_referral_reward,
    lead_log_contact,
    lead_mark_lost,
    lead_mark_won,
    lead_qualify,
    lead_reject,
)

from .conftest import MONDAY

pytestmark = pytest.mark.django_db
LATER = MONDAY + timedelta(hours=2)


def clock_states(lead):
    return sorted(clocks_for_subject(lead).values_list("kind", "state"))


def contact(lead, by, at=LATER, **kwargs):
    kwargs.setdefault("summary", "电话沟通，约周六量房")
    return lead_log_contact(lead=lead, by=by, channel="phone", at=at, **kwargs)


def test_first_contact_moves_new_to_contacted_and_stops_the_clock_on_time(capture, salesperson):
    lead = capture(salesperson)
    log = contact(lead, salesperson, next_step="周六上门")
    lead.refresh_from_db()
    assert (lead.state, lead.state_changed_at, lead.next_due_at) == (LeadState.CONTACTED, LATER, None)
    assert (log.by, log.next_step) == (salesperson, "周六上门")
    assert clock_states(lead) == [(ClockKind.FIRST_CONTACT, ClockState.MET)]
    assert list(lead.transitions.values_list("to_state", "by")) == [
        (LeadState.NEW, salesperson.pk), (LeadState.CONTACTED, salesperson.pk)]  # fmt: skip
    contact(lead, salesperson, at=LATER + timedelta(days=1))  # later contacts change no state
    lead.refresh_from_db()
    assert lead.state == LeadState.CONTACTED and lead.contacts.count() == 2 and lead.transitions.count() == 2


def test_first_contact_after_a_breach_is_met_late(capture, salesperson):
    lead = capture(salesperson)
    due = clocks_for_subject(lead).get().due_at
    sla_sweep(now=due + timedelta(minutes=1))
    contact(lead, salesperson, at=due + timedelta(hours=1))
    assert clock_states(lead) == [(ClockKind.FIRST_CONTACT, ClockState.MET_LATE)]


def test_contact_needs_a_summary_and_cannot_be_in_the_future(capture, salesperson):
    from django.utils import timezone

    lead = capture(salesperson)
    with pytest.raises(ValidationError):
        contact(lead, salesperson, summary="  ")
    with pytest.raises(ValidationError, match="future"):
        contact(lead, salesperson, at=timezone.now() + timedelta(hours=1))
    lead.refresh_from_db()
    assert lead.state == LeadState.NEW and not lead.contacts.exists()


def test_qualify_starts_the_measurement_booking_clock_not_the_proposal_clock(capture, salesperson):
    lead = capture(salesperson)
    contact(lead, salesperson)
    lead = lead_qualify(lead=lead, by=salesperson, note="预算真实", at=LATER)
    clock = clocks_for_subject(lead).get(kind=LeadClockKind.MEASUREMENT_BOOKING)
    assert (clock.state, clock.owner, clock.customer_id) == (ClockState.RUNNING, salesperson, lead.customer_id)
    assert clock.due_at.date().isoformat() == "2026-03-05"  # Mon + 3 working days
    assert Lead.objects.get(pk=lead.pk).next_due_at == clock.due_at
    assert not clocks_for_subject(lead).filter(kind=ClockKind.DESIGN_PROPOSAL).exists()  # no proposal before a visit


def test_reject_from_new_cancels_the_first_contact_clock_and_keeps_the_reason(capture, salesperson):
    lead = capture(salesperson)
    lead = lead_reject(lead=lead, by=salesperson, reason="credit", note="失信记录", at=LATER)
    assert (lead.state, lead.reject_reason, lead.next_due_at) == (LeadState.REJECTED, "credit", None)
    assert clock_states(lead) == [(ClockKind.FIRST_CONTACT, ClockState.CANCELLED)]


def test_reject_needs_a_known_reason(capture, salesperson):
    lead = capture(salesperson)
    with pytest.raises(ValidationError):
        lead_reject(lead=lead, by=salesperson, reason="bored")
    assert Lead.objects.get(pk=lead.pk).state == LeadState.NEW


def test_lost_cancels_the_open_clocks(capture, salesperson):
    lead = capture(salesperson)
    contact(lead, salesperson)
    lead_qualify(lead=lead, by=salesperson, at=LATER)
    lead = lead_mark_lost(lead=lead, by=salesperson, reason="competitor", at=LATER)
    assert (lead.state, lead.lost_reason) == (LeadState.LOST, "competitor")
    assert clock_states(lead) == [(ClockKind.FIRST_CONTACT, "met"), (LeadClockKind.MEASUREMENT_BOOKING, "cancelled")]


def _walk_to(lead, by, state):
    """Through the table to `state` (measurement and proposals have their own services in a later issue)."""
    path = [LeadState.CONTACTED, LeadState.QUALIFIED, LeadState.MEASUREMENT_SCHEDULED, LeadState.MEASURED,
            LeadState.PROPOSAL_DELIVERED, LeadState.PROPOSAL_ACCEPTED]  # fmt: skip
    lead = Lead.objects.get(pk=lead.pk)
    for step in path[: path.index(state) + 1]:
        apply_transition(lead, Lead.machine.table()[lead.state][step], by=by, at=LATER)
    lead.save()
    return lead


def test_won_makes_the_customer_existing_and_the_referral_reward_pending(capture, salesperson, team_manager):
    lead = capture(salesperson, channel="referral", referred_by_partner="万科物业")
    delivered = _walk_to(lead, salesperson, LeadState.PROPOSAL_DELIVERED)
    with pytest.raises(LeadStateError):  # won means signed: after the customer accepted a proposal
        lead_mark_won(lead=delivered, by=salesperson, at=LATER)
    lead = Lead.objects.get(pk=lead.pk)
    apply_transition(lead, "accept_proposal", by=salesperson, at=LATER)
    lead.save()
    assert lead.customer.customer_class != CustomerClass.EXISTING  # accepting a proposal is not signing
    with pytest.raises(LeadStateError, match="pending"):
        lead_grant_referral_reward(lead=lead, by=team_manager)
    lead = lead_mark_won(lead=lead, by=salesperson, at=LATER)
    assert lead.state == LeadState.WON and lead.referral_reward_status == ReferralRewardStatus.PENDING
    lead.customer.refresh_from_db()
    assert lead.customer.customer_class == CustomerClass.EXISTING
    with pytest.raises(LeadPermissionError):
        lead_grant_referral_reward(lead=lead, by=salesperson)
    assert lead_grant_referral_reward(lead=lead, by=team_manager).referral_reward_status == "granted"


def test_the_transition_table_is_the_product_lifecycle():
    S = LeadState
    assert {
        S.NEW: {S.CONTACTED, S.REJECTED},
        S.CONTACTED: {S.QUALIFIED, S.REJECTED},
        S.QUALIFIED: {S.MEASUREMENT_SCHEDULED, S.LOST},
        S.MEASUREMENT_SCHEDULED: {S.MEASURED, S.LOST},
        S.MEASURED: {S.PROPOSAL_DELIVERED, S.LOST},
        S.PROPOSAL_DELIVERED: {S.PROPOSAL_DELIVERED, S.PROPOSAL_ACCEPTED, S.LOST},
        S.PROPOSAL_ACCEPTED: {S.WON, S.LOST},  # won means signed (seed 000 §6)
    } == {source: set(targets) for source, targets in Lead.machine.table().items()}
    assert Lead.machine.closed == {S.REJECTED, S.WON, S.LOST}


NAMES = sorted({name for targets in Lead.machine.table().values() for name in targets.values()})
ILLEGAL = [
    (state, name) for state in LeadState for name in NAMES if name not in Lead.machine.table().get(state, {}).values()
]


@pytest.mark.parametrize(("from_state", "name"), ILLEGAL)
def test_every_illegal_transition_is_refused_and_changes_nothing(from_state, name, capture, salesperson):
    lead = capture(salesperson)
    Lead.objects.filter(pk=lead.pk).update(state=from_state, reject_reason="credit", lost_reason="price")
    lead.refresh_from_db()
    with pytest.raises(LeadStateError):
        apply_transition(lead, name, by=salesperson, at=LATER)
    assert Lead.objects.get(pk=lead.pk).state == from_state
    assert lead.transitions.count() == 1


@pytest.mark.parametrize(
    ("state", "service"),
    [
        (LeadState.NEW, lambda lead, by: lead_qualify(lead=lead, by=by)),
        (LeadState.NEW, lambda lead, by: lead_mark_lost(lead=lead, by=by, reason="price")),
        (LeadState.NEW, lambda lead, by: lead_mark_won(lead=lead, by=by)),
        (LeadState.QUALIFIED, lambda lead, by: lead_reject(lead=lead, by=by, reason="mismatch")),
        (LeadState.REJECTED, lambda lead, by: contact(lead, by)),
        (LeadState.WON, lambda lead, by: lead_mark_lost(lead=lead, by=by, reason="price")),
        (LeadState.LOST, lambda lead, by: lead_qualify(lead=lead, by=by)),
    ],
)
def test_services_refuse_illegal_moves(state, service, capture, salesperson):
    lead = capture(salesperson)
    Lead.objects.filter(pk=lead.pk).update(state=state, reject_reason="credit", lost_reason="price")
    with pytest.raises(LeadStateError):
        service(lead, salesperson)
    assert Lead.objects.get(pk=lead.pk).state == state


def test_a_salesperson_cannot_act_on_anothers_lead_but_their_manager_can(
    capture, salesperson, colleague, outsider, team_manager
):
    lead = capture(salesperson)
    for other in (colleague, outsider):
        with pytest.raises(LeadPermissionError, match="another salesperson"):
            contact(lead, other)
        with pytest.raises(LeadPermissionError):
            lead_reject(lead=lead, by=other, reason="credit")
    assert Lead.objects.get(pk=lead.pk).state == LeadState.NEW
    contact(lead, team_manager)  # a manager acts for their team
    assert Lead.objects.get(pk=lead.pk).state == LeadState.CONTACTED


def test_a_pool_lead_must_be_claimed_before_it_is_worked(capture, salesperson):
    lead = capture(salesperson, owner=None)
    with pytest.raises(LeadPermissionError, match="claim it first"):
        contact(lead, salesperson)
