"""The design deadlines as seed 001 §3(三), §4 count them: the measurement booked within its clock from
qualification; the proposal within N working days (default 5) of the measurement visit, never before it exists;
what a customer's reschedule does to each; and the reconfirmation clock of every appointment."""

from datetime import timedelta

import pytest

from decocrm.notifications.models import Notification
from decocrm.sla.choices import ClockAction, ClockKind, ClockState
from decocrm.sla.models import Clock
from decocrm.sla.selectors import clocks_for_subject
from decocrm.sla.sweep import sla_sweep
from leads.choices import LeadClockKind
from leads.models import Lead
from leads.services import (
    appointment_book,
    appointment_mark_held,
    appointment_reconfirm,
    appointment_reschedule,
    lead_assign,
    lead_mark_lost,
    measurement_record,
)

from .design_helpers import ROOMS, VISIT, T, actions, book_measurement, clock, qualified

pytestmark = pytest.mark.django_db
BOOKING, RECONFIRMATION = LeadClockKind.MEASUREMENT_BOOKING, LeadClockKind.APPOINTMENT_RECONFIRMATION


def reconfirmation(appointment):
    return clocks_for_subject(appointment).get(kind=RECONFIRMATION, state__in=("running", "paused", "breached"))


def test_qualifying_starts_the_booking_clock_and_no_proposal_clock(capture, salesperson):
    lead = qualified(capture, salesperson)  # Monday 11:00
    booking = clock(lead, BOOKING)
    assert (booking.state, booking.owner, booking.due_at.date().isoformat()) == ("running", salesperson, "2026-03-05")
    assert not clocks_for_subject(lead).filter(kind=ClockKind.DESIGN_PROPOSAL).exists()
    assert Lead.objects.get(pk=lead.pk).next_due_at == booking.due_at
    book_measurement(lead, salesperson)
    assert clock(lead, BOOKING).state == ClockState.MET
    assert Lead.objects.get(pk=lead.pk).next_due_at is None  # nothing is due until the visit takes place


def test_the_proposal_is_due_five_working_days_after_the_visit(capture, salesperson):
    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS, at=VISIT + timedelta(hours=2))
    proposal = clock(lead, ClockKind.DESIGN_PROPOSAL)
    assert proposal.started_at == VISIT and proposal.owner == salesperson  # no designer: the owner answers
    assert proposal.due_at.date().isoformat() == "2026-03-11"  # Wednesday's visit + 5 working days


def test_a_customer_reschedule_of_the_measurement_pauses_nothing_and_the_design_waits_for_the_visit(
    capture, salesperson
):
    lead = qualified(capture, salesperson)
    appointment = book_measurement(lead, salesperson)
    later = VISIT + timedelta(days=7)
    appointment_reschedule(appointment=appointment, by=salesperson, scheduled_at=later, cause="customer",
                           reason="业主出差", at=T + timedelta(hours=2))  # fmt: skip
    assert appointment.__class__.objects.get(pk=appointment.pk).paused_clocks == []
    assert not clocks_for_subject(lead).filter(state="paused").exists()
    measurement_record(lead=lead, by=salesperson, held_at=later, rooms=ROOMS, at=later + timedelta(hours=1))
    assert clock(lead, ClockKind.DESIGN_PROPOSAL).started_at == later  # the customer's week is not the designer's


def test_a_customer_reschedule_before_the_booking_pauses_the_booking_clock_until_it_is_held(capture, salesperson):
    lead = qualified(capture, salesperson)
    consultation = appointment_book(lead=lead, by=salesperson, kind="consultation", place="门店",
                                    scheduled_at=VISIT, at=T)  # fmt: skip
    due = clock(lead, BOOKING).due_at
    paused_at = T + timedelta(hours=1)
    appointment_reschedule(appointment=consultation, by=salesperson, scheduled_at=VISIT + timedelta(days=1),
                           cause="customer", reason="改天再来", at=paused_at)  # fmt: skip
    assert clock(lead, BOOKING).state == ClockState.PAUSED
    assert consultation.__class__.objects.get(pk=consultation.pk).paused_clocks == [BOOKING]
    held = VISIT + timedelta(days=1)
    appointment_mark_held(appointment=consultation, by=salesperson, at=held)
    booking = clock(lead, BOOKING)
    assert booking.state == ClockState.RUNNING and booking.due_at == due + (held - paused_at)
    assert actions(booking) == [ClockAction.START, ClockAction.PAUSE, ClockAction.RESUME]


def test_a_company_reschedule_pauses_nothing(capture, salesperson):
    lead = qualified(capture, salesperson)
    consultation = appointment_book(lead=lead, by=salesperson, kind="consultation", place="门店",
                                    scheduled_at=VISIT, at=T)  # fmt: skip
    appointment_reschedule(appointment=consultation, by=salesperson, scheduled_at=VISIT + timedelta(days=1),
                           cause="company", reason="设计师请假", at=T + timedelta(hours=1))  # fmt: skip
    assert clock(lead, BOOKING).state == ClockState.RUNNING


def test_each_appointment_is_reconfirmed_24_hours_before_and_the_owner_is_reminded(capture, salesperson):
    lead = qualified(capture, salesperson)
    appointment = book_measurement(lead, salesperson)  # booked Monday 11:00 for Wednesday 10:00
    due = reconfirmation(appointment)
    assert (due.owner, due.anchor_at, due.due_at) == (salesperson, VISIT, VISIT - timedelta(hours=24))
    assert due.subject_url == lead.get_absolute_url()
    sla_sweep(now=due.warn_at + timedelta(minutes=1))
    assert Notification.objects.filter(recipient=salesperson, kind="sla_warning", url=lead.get_absolute_url()).exists()
    appointment_reconfirm(appointment=appointment, by=salesperson, note="电话确认", at=due.due_at - timedelta(hours=1))
    assert Clock.objects.get(pk=due.pk).state == ClockState.MET


def test_moving_an_appointment_restarts_its_reconfirmation_for_the_new_time(capture, salesperson):
    lead = qualified(capture, salesperson)
    appointment = book_measurement(lead, salesperson)
    first = reconfirmation(appointment)
    new_time = VISIT + timedelta(days=3)
    appointment_reschedule(appointment=appointment, by=salesperson, scheduled_at=new_time, cause="customer",
                           reason="改期", at=T + timedelta(hours=1))  # fmt: skip
    assert Clock.objects.get(pk=first.pk).state == ClockState.CANCELLED
    assert reconfirmation(appointment).due_at == new_time - timedelta(hours=24)


def test_no_reconfirmation_clock_inside_the_window_and_holding_or_losing_cancels_it(capture, salesperson):
    lead = qualified(capture, salesperson)
    soon = appointment_book(lead=lead, by=salesperson, kind="consultation", place="门店",
                            scheduled_at=T + timedelta(hours=5), at=T)  # fmt: skip
    assert not clocks_for_subject(soon).exists()  # agreeing a time that close was the confirmation
    review = appointment_book(lead=lead, by=salesperson, kind="consultation", place="门店",
                              scheduled_at=VISIT + timedelta(days=2), at=T)  # fmt: skip
    appointment_mark_held(appointment=review, by=salesperson, at=VISIT)
    assert clocks_for_subject(review).get().state == ClockState.CANCELLED
    visit = book_measurement(lead, salesperson)
    lead_mark_lost(lead=Lead.objects.get(pk=lead.pk), by=salesperson, reason="price", at=T + timedelta(hours=2))
    assert clocks_for_subject(visit).get().state == ClockState.CANCELLED


def test_a_new_owner_takes_over_the_reconfirmations(capture, salesperson, colleague, team_manager):
    lead = qualified(capture, salesperson)
    appointment = book_measurement(lead, salesperson)
    lead_assign(lead=lead, owner=colleague, by=team_manager, at=T + timedelta(hours=1))
    assert reconfirmation(appointment).owner == colleague
    assert reconfirmation(appointment).due_at == VISIT - timedelta(hours=24)


@pytest.fixture
def designer(make_staff):
    from decocrm.accounts.choices import Role

    return make_staff(Role.DESIGNER)


def test_the_design_clocks_stay_with_the_designer_when_the_lead_changes_salesperson(
    capture, salesperson, colleague, team_manager, designer
):
    from leads.services import lead_assign_designer, lead_release_to_pool

    lead = qualified(capture, salesperson)
    lead_assign_designer(lead=lead, by=salesperson, designer=designer, at=T)
    book_measurement(lead, salesperson)
    measurement_record(lead=lead, by=designer, held_at=VISIT, rooms=ROOMS, at=VISIT + timedelta(hours=2))
    proposal_clock = clock(lead, ClockKind.DESIGN_PROPOSAL)
    assert proposal_clock.owner == designer

    lead_assign(lead=Lead.objects.get(pk=lead.pk), owner=colleague, by=team_manager, at=VISIT + timedelta(hours=3))
    for kind in (ClockKind.DESIGN_PROPOSAL, ClockKind.MEASUREMENT_RESULTS):
        kept = clock(lead, kind)  # still the one clock: not closed and started again
        assert (kept.owner, kept.state, kept.started_at) == (designer, ClockState.RUNNING, VISIT)
        assert ClockAction.HAND_OVER not in actions(kept)
    lead_release_to_pool(lead=Lead.objects.get(pk=lead.pk), by=team_manager, at=VISIT + timedelta(hours=4))
    assert clock(lead, ClockKind.DESIGN_PROPOSAL).state == ClockState.RUNNING  # the designer works on


def test_without_a_designer_the_design_clocks_follow_the_new_owner(capture, salesperson, colleague, team_manager):
    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS, at=VISIT + timedelta(hours=2))
    lead_assign(lead=Lead.objects.get(pk=lead.pk), owner=colleague, by=team_manager, at=VISIT + timedelta(hours=3))
    running = clocks_for_subject(lead).filter(kind=ClockKind.DESIGN_PROPOSAL, state=ClockState.RUNNING).get()
    assert running.owner == colleague and running.started_at == VISIT + timedelta(hours=3)
