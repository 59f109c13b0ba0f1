"""Appointments on a lead: booking, reconfirming, rescheduling, and a customer's reschedule pausing the design
clocks until the visit is held."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.selectors import clocks_for_subject
from decocrm.sla.sweep import sla_sweep
from leads.choices import LeadState
from leads.models import Appointment, Lead
from leads.services import (
    LeadStateError,
    appointment_book,
    appointment_mark_held,
    appointment_reconfirm,
    appointment_reschedule,
    proposal_deliver,
)

from .design_helpers import (
    VISIT,
    T,
    add_proposal,
    book_measurement,
    clock,
    measured,
    qualified,
)

pytestmark = pytest.mark.django_db


def test_booking_the_measurement_schedules_it_and_records_the_transition(capture, salesperson, colleague):
    lead = qualified(capture, salesperson)
    appointment = book_measurement(lead, salesperson, attendees=[colleague], customer_attendees="张先生夫妇")
    lead.refresh_from_db()
    assert lead.state == LeadState.MEASUREMENT_SCHEDULED and lead.state_changed_at == T
    assert (appointment.state, appointment.scheduled_at, appointment.created_by) == ("scheduled", VISIT, salesperson)
    assert list(appointment.attendees.all()) == [colleague]
    last = lead.transitions.last()
    assert (last.from_state, last.to_state, last.by) == (LeadState.QUALIFIED, LeadState.MEASUREMENT_SCHEDULED,
                                                         salesperson)  # fmt: skip
    assert (last.event, last.params, last.note) == ("measurement_booked", {"when": "2026-03-04 10:00"}, "")
    assert "2026-03-04 10:00" in last.event_text


def test_a_consultation_changes_no_state_and_a_second_measurement_booking_is_refused(capture, salesperson):
    lead = capture(salesperson)
    appointment_book(lead=lead, by=salesperson, kind="consultation", scheduled_at=VISIT, place="门店", at=T)
    assert Lead.objects.get(pk=lead.pk).state == LeadState.NEW
    with pytest.raises(LeadStateError, match="cannot be booked"):
        book_measurement(lead, salesperson)  # not qualified yet
    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    with pytest.raises(LeadStateError, match="already booked"):
        book_measurement(lead, salesperson)
    with pytest.raises(LeadStateError, match="cannot be booked"):
        appointment_book(lead=lead, by=salesperson, kind="proposal_review", scheduled_at=VISIT, place="门店")
    assert Appointment.objects.filter(lead=lead).count() == 1


def test_booking_needs_a_place_and_a_known_kind(capture, salesperson):
    lead = qualified(capture, salesperson)
    with pytest.raises(ValidationError):
        book_measurement(lead, salesperson, place="  ")
    with pytest.raises(ValidationError, match="what the appointment is for"):
        appointment_book(lead=lead, by=salesperson, kind="party", scheduled_at=VISIT, place="x")
    lead.refresh_from_db()
    assert lead.state == LeadState.QUALIFIED and not lead.appointments.exists()


def test_reconfirm_then_reschedule_clears_the_reconfirmation(capture, salesperson):
    lead = qualified(capture, salesperson)
    appointment = book_measurement(lead, salesperson)
    appointment = appointment_reconfirm(appointment=appointment, by=salesperson, note="电话确认", at=T)
    assert (appointment.reconfirmed_at, appointment.reconfirmed_by, appointment.reconfirm_note) == (
        T, salesperson, "电话确认")  # fmt: skip
    new_time = VISIT + timedelta(days=1)
    row = appointment_reschedule(
        appointment=appointment, by=salesperson, scheduled_at=new_time, cause="company", reason="设计师请假", at=T
    )
    appointment.refresh_from_db()
    assert (row.from_time, row.to_time, row.cause, row.reason) == (VISIT, new_time, "company", "设计师请假")
    assert appointment.scheduled_at == new_time and appointment.reconfirmed_at is None
    # the reconfirmation was met; the new time needs its own
    states = sorted(clocks_for_subject(appointment).values_list("state", flat=True))
    assert states == [ClockState.MET, ClockState.RUNNING]


def test_reschedule_needs_a_reason_a_cause_and_a_new_time(capture, salesperson):
    lead = qualified(capture, salesperson)
    appointment = book_measurement(lead, salesperson)
    for kwargs in (
        {"cause": "customer", "reason": " ", "scheduled_at": VISIT + timedelta(days=1)},
        {"cause": "weather", "reason": "下雨", "scheduled_at": VISIT + timedelta(days=1)},
        {"cause": "customer", "reason": "出差", "scheduled_at": VISIT},
    ):
        with pytest.raises(ValidationError):
            appointment_reschedule(appointment=appointment, by=salesperson, **kwargs)
    assert not appointment.reschedules.exists()
    assert clocks_for_subject(appointment).get().state == ClockState.RUNNING


def test_customer_reschedule_of_a_review_pauses_both_design_clocks_and_holding_it_resumes_them(capture, salesperson):
    lead = measured(capture, salesperson)
    review = appointment_book(lead=lead, by=salesperson, kind="proposal_review", scheduled_at=VISIT + timedelta(
        days=3), place="门店", at=VISIT + timedelta(hours=3))  # fmt: skip
    at = VISIT + timedelta(hours=4)
    appointment_reschedule(appointment=review, by=salesperson, scheduled_at=VISIT + timedelta(days=5),
                           cause="customer", reason="家里有事", at=at)  # fmt: skip
    assert {c.kind: c.state for c in clocks_for_subject(lead).filter(state="paused")} == {
        ClockKind.DESIGN_PROPOSAL: ClockState.PAUSED, ClockKind.MEASUREMENT_RESULTS: ClockState.PAUSED}  # fmt: skip
    appointment_mark_held(appointment=review, by=salesperson, at=VISIT + timedelta(days=5))
    assert set(clocks_for_subject(lead).filter(state="running").values_list("kind", flat=True)) == {
        ClockKind.DESIGN_PROPOSAL, ClockKind.MEASUREMENT_RESULTS}  # fmt: skip
    with pytest.raises(LeadStateError, match="already been held"):
        appointment_mark_held(appointment=review, by=salesperson)


def test_an_overdue_clock_is_not_paused_by_a_customer_reschedule(capture, salesperson):
    lead = measured(capture, salesperson)
    review = appointment_book(lead=lead, by=salesperson, kind="proposal_review", scheduled_at=VISIT + timedelta(
        days=3), place="门店", at=VISIT + timedelta(hours=3))  # fmt: skip
    late = clock(lead, ClockKind.DESIGN_PROPOSAL).due_at + timedelta(minutes=1)
    sla_sweep(now=late)
    appointment_reschedule(appointment=review, by=salesperson, scheduled_at=late + timedelta(days=1),
                           cause="customer", reason="再改期", at=late)  # fmt: skip
    assert clock(lead, ClockKind.DESIGN_PROPOSAL).state == ClockState.BREACHED
    assert Appointment.objects.get(pk=review.pk).paused_clocks == []


def test_delivering_while_the_clock_is_paused_stops_it(capture, salesperson):
    lead = measured(capture, salesperson)
    review = appointment_book(lead=lead, by=salesperson, kind="consultation", scheduled_at=VISIT + timedelta(days=3),
                              place="门店", at=VISIT + timedelta(hours=3))  # fmt: skip
    appointment_reschedule(appointment=review, by=salesperson, scheduled_at=VISIT + timedelta(days=4),
                           cause="customer", reason="改期", at=VISIT + timedelta(hours=4))  # fmt: skip
    proposal = add_proposal(lead, salesperson)
    proposal_deliver(proposal=proposal, by=salesperson, at=VISIT + timedelta(days=1))
    assert clock(lead, ClockKind.DESIGN_PROPOSAL).state == ClockState.MET
    appointment_mark_held(appointment=review, by=salesperson, at=VISIT + timedelta(days=4))  # nothing to resume
    assert clock(lead, ClockKind.MEASUREMENT_RESULTS).state == ClockState.RUNNING


def test_a_measurement_appointment_is_held_by_recording_the_visit(capture, salesperson):
    lead = qualified(capture, salesperson)
    appointment = book_measurement(lead, salesperson)
    with pytest.raises(LeadStateError, match="Record the measurement"):
        appointment_mark_held(appointment=appointment, by=salesperson)
