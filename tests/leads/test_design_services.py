from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from customers.choices import CustomerClass
from decocrm.sla.choices import ClockAction, ClockKind, ClockState
from decocrm.sla.models import ClockEvent
from decocrm.sla.selectors import clocks_for_subject
from decocrm.sla.sweep import sla_sweep
from leads.choices import AppointmentState, LeadState, ProposalResponse
from leads.models import Appointment, DesignProposal, Lead, MeasurementVisit
from leads.services import (
    LeadPermissionError,
    LeadStateError,
    appointment_book,
    appointment_mark_held,
    appointment_reconfirm,
    appointment_reschedule,
    lead_mark_lost,
    measurement_confirm,
    measurement_record,
    proposal_deliver,
    proposal_record_response,
)

from .design_helpers import (
    DWG,
    PNG,
    ROOMS,
    VISIT,
    T,
    add_proposal,
    book_measurement,
    delivered,
    measured,
    qualified,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def clock(lead, kind):
    return clocks_for_subject(lead).get(kind=kind)


def actions(clock_):
    return list(ClockEvent.objects.filter(clock=clock_).order_by("at", "pk").values_list("action", flat=True))


# --- Appointments


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
    # a company reschedule pauses nothing
    assert clock(lead, ClockKind.DESIGN_PROPOSAL).state == ClockState.RUNNING


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
    assert clock(lead, ClockKind.DESIGN_PROPOSAL).state == ClockState.RUNNING


def test_customer_reschedule_pauses_the_proposal_clock_until_the_visit_is_recorded(capture, salesperson):
    lead = qualified(capture, salesperson)
    proposal_clock = clock(lead, ClockKind.DESIGN_PROPOSAL)
    due_before = proposal_clock.due_at
    appointment = book_measurement(lead, salesperson)
    paused_at = T + timedelta(hours=1)
    new_time = VISIT + timedelta(days=2)
    appointment_reschedule(
        appointment=appointment, by=salesperson, scheduled_at=new_time, cause="customer", reason="业主出差",
        at=paused_at)  # fmt: skip
    proposal_clock.refresh_from_db()
    assert proposal_clock.state == ClockState.PAUSED and proposal_clock.paused_at == paused_at
    assert Appointment.objects.get(pk=appointment.pk).paused_clocks == ["design_proposal"]
    assert Lead.objects.get(pk=lead.pk).next_due_at is None  # a paused clock is not a deadline
    # a second customer reschedule while paused: still paused, nothing paused twice
    appointment_reschedule(
        appointment=appointment, by=salesperson, scheduled_at=new_time + timedelta(hours=2), cause="customer",
        reason="改到下午", at=paused_at + timedelta(hours=1))  # fmt: skip
    measurement_record(lead=lead, by=salesperson, held_at=new_time, rooms=ROOMS, at=new_time + timedelta(hours=3))
    proposal_clock.refresh_from_db()
    assert proposal_clock.state == ClockState.RUNNING
    assert proposal_clock.due_at == due_before + (new_time - paused_at)  # paused time extends the deadline
    assert actions(proposal_clock) == [ClockAction.START, ClockAction.PAUSE, ClockAction.RESUME]
    appointment.refresh_from_db()
    assert (appointment.state, appointment.held_at, appointment.paused_clocks) == ("held", new_time, [])
    assert Lead.objects.get(pk=lead.pk).next_due_at == clock(lead, ClockKind.MEASUREMENT_RESULTS).due_at


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
    lead = qualified(capture, salesperson)
    appointment = book_measurement(lead, salesperson)
    late = clock(lead, ClockKind.DESIGN_PROPOSAL).due_at + timedelta(minutes=1)
    sla_sweep(now=late)
    appointment_reschedule(appointment=appointment, by=salesperson, scheduled_at=late + timedelta(days=1),
                           cause="customer", reason="再改期", at=late)  # fmt: skip
    assert clock(lead, ClockKind.DESIGN_PROPOSAL).state == ClockState.BREACHED
    assert Appointment.objects.get(pk=appointment.pk).paused_clocks == []


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


# --- Measurement


def test_recording_the_visit_measures_the_lead_and_starts_the_results_clock(capture, salesperson):
    lead = qualified(capture, salesperson)
    appointment = book_measurement(lead, salesperson)
    visit = measurement_record(
        lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS, doors_windows="南向落地窗 2.4×2.1",
        beams_columns="客厅横梁 下沉 40cm", orientation="坐北朝南", floor_plan=upload("原始户型.pdf"),
        photos=[upload("a.png", PNG, "image/png"), upload("b.png", PNG, "image/png")], at=VISIT + timedelta(hours=2),
    )  # fmt: skip
    lead.refresh_from_db()
    assert lead.state == LeadState.MEASURED and visit.appointment == appointment
    assert [(r.name, r.area_m2) for r in visit.rooms.all()] == [("客厅", Decimal("20.80")), ("主卧", Decimal("14.00"))]
    assert visit.photos.count() == 2 and visit.floor_plan.name.endswith(".pdf")
    assert visit.floor_plan.name.startswith(f"leads/{lead.pk}/measurement/")
    results = clock(lead, ClockKind.MEASUREMENT_RESULTS)
    assert (results.state, results.started_at, results.owner) == (ClockState.RUNNING, VISIT, salesperson)
    assert results.due_at.date().isoformat() == "2026-03-09"  # Wed + 3 working days
    assert lead.next_due_at == min(results.due_at, clock(lead, ClockKind.DESIGN_PROPOSAL).due_at)
    assert lead.transitions.last().to_state == LeadState.MEASURED


def test_confirming_the_results_stops_the_clock_once(capture, salesperson):
    lead = measured(capture, salesperson)
    visit = measurement_confirm(lead=lead, by=salesperson, note="张先生微信确认户型图", at=VISIT + timedelta(days=1))
    assert (visit.confirmed_by, visit.confirmation_note) == (salesperson, "张先生微信确认户型图")
    assert clock(lead, ClockKind.MEASUREMENT_RESULTS).state == ClockState.MET
    with pytest.raises(LeadStateError, match="already confirmed"):
        measurement_confirm(lead=lead, by=salesperson, note="again")
    with pytest.raises(ValidationError):
        measurement_confirm(lead=qualified(capture, salesperson), by=salesperson, note=" ")


def test_confirming_late_is_met_late_and_without_a_visit_is_refused(capture, salesperson):
    lead = measured(capture, salesperson)
    due = clock(lead, ClockKind.MEASUREMENT_RESULTS).due_at
    measurement_confirm(lead=lead, by=salesperson, note="确认", at=due + timedelta(hours=1))
    assert clock(lead, ClockKind.MEASUREMENT_RESULTS).state == ClockState.MET_LATE
    with pytest.raises(LeadStateError, match="no measurement visit"):
        measurement_confirm(lead=qualified(capture, salesperson), by=salesperson, note="确认")


def test_measurement_is_refused_before_booking_and_twice(capture, salesperson):
    lead = qualified(capture, salesperson)
    with pytest.raises(LeadStateError, match="measurement visit booked"):
        measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS)
    book_measurement(lead, salesperson)
    measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS)
    with pytest.raises(LeadStateError):
        measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS)
    assert MeasurementVisit.objects.filter(lead=lead).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"rooms": []}, "at least one room"),
        ({"rooms": [{"name": "厨房", "length_m": Decimal("0"), "width_m": Decimal("2")}]}, "Room 1"),
        ({"floor_plan": upload("plan.exe", b"MZ\x90\x00")}, "not an accepted file type"),
        ({"floor_plan": upload("plan.pdf", PNG)}, "does not look like"),
        ({"photos": [upload("site.pdf")]}, "not an accepted file type"),
    ],
)
def test_bad_measurement_input_changes_nothing(capture, salesperson, kwargs, match):
    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    kwargs.setdefault("rooms", ROOMS)
    with pytest.raises(ValidationError, match=match):
        measurement_record(lead=lead, by=salesperson, held_at=VISIT, **kwargs)
    lead.refresh_from_db()
    assert lead.state == LeadState.MEASUREMENT_SCHEDULED and not MeasurementVisit.objects.filter(lead=lead).exists()
    assert not clocks_for_subject(lead).filter(kind=ClockKind.MEASUREMENT_RESULTS).exists()


def test_uploads_over_the_size_limit_are_refused_with_the_limit(capture, salesperson, settings):
    settings.LEADS_MAX_UPLOAD_MB = 1
    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    big = upload("plan.dwg", DWG + b"\x00" * (1024 * 1024))
    with pytest.raises(ValidationError, match="at most 1 MB"):
        measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS, floor_plan=big)
    visit = measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS, floor_plan=upload("p.dwg", DWG))
    assert visit.floor_plan.name.endswith(".dwg")


def test_a_visit_cannot_be_recorded_in_the_future(capture, salesperson):
    from django.utils import timezone

    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    with pytest.raises(ValidationError, match="Measured at cannot be in the future"):
        measurement_record(lead=lead, by=salesperson, held_at=timezone.now() + timedelta(days=1), rooms=ROOMS)


# --- Proposals


def test_first_delivery_moves_to_proposal_delivered_and_stops_the_proposal_clock(capture, salesperson):
    lead = measured(capture, salesperson)
    files = [upload("客厅.png", PNG, "image/png"), ("floor_plan", upload("plan.pdf"))]
    proposal = add_proposal(lead, salesperson, material_list="东鹏瓷砖\n多乐士乳胶漆", files=files)
    assert (proposal.version, proposal.response, proposal.delivered_at) == (1, "pending", None)
    assert sorted(proposal.files.values_list("kind", flat=True)) == ["floor_plan", "rendering"]
    assert Lead.objects.get(pk=lead.pk).state == LeadState.MEASURED  # prepared, not yet delivered
    at = VISIT + timedelta(days=1, hours=1)
    proposal_deliver(proposal=proposal, by=salesperson, at=at)
    lead.refresh_from_db()
    assert lead.state == LeadState.PROPOSAL_DELIVERED
    assert clock(lead, ClockKind.DESIGN_PROPOSAL).state == ClockState.MET
    last = lead.transitions.last()
    assert (last.event, last.params, last.note) == ("proposal_delivered", {"v": 1}, "")
    assert last.event_text == "proposal v1 delivered"
    assert lead.next_due_at == clock(lead, ClockKind.MEASUREMENT_RESULTS).due_at


def test_a_revision_is_a_new_version_recorded_on_the_timeline(capture, salesperson):
    lead, v1 = delivered(capture, salesperson)
    with pytest.raises(LeadStateError, match="already delivered"):
        proposal_deliver(proposal=v1, by=salesperson)
    proposal_record_response(proposal=v1, by=salesperson, response="revision_requested", note="厨房改开放式")
    v2 = add_proposal(lead, salesperson, style="新中式")
    with pytest.raises(LeadStateError, match="being prepared"):
        add_proposal(lead, salesperson)
    proposal_deliver(proposal=v2, by=salesperson, at=VISIT + timedelta(days=3))
    lead.refresh_from_db()
    assert lead.state == LeadState.PROPOSAL_DELIVERED and v2.version == 2
    last = lead.transitions.last()
    assert (last.from_state, last.to_state, last.event_text) == ("proposal_delivered", "proposal_delivered",
                                                                 "revised proposal v2 delivered")  # fmt: skip


def test_acceptance_wins_the_lead_and_cancels_the_remaining_clocks(capture, salesperson):
    lead, proposal = delivered(capture, salesperson, channel="referral", referred_by_partner="万科物业")
    at = VISIT + timedelta(days=2)
    proposal = proposal_record_response(proposal=proposal, by=salesperson, response="accepted", note="签字确认", at=at)
    lead.refresh_from_db()
    assert (proposal.response, proposal.responded_at, proposal.responded_by) == ("accepted", at, salesperson)
    assert lead.state == LeadState.WON and lead.referral_reward_status == "pending"
    assert lead.transitions.last().event_text == "proposal v1 accepted"
    assert lead.customer.customer_class == CustomerClass.EXISTING
    assert clock(lead, ClockKind.MEASUREMENT_RESULTS).state == ClockState.CANCELLED
    with pytest.raises(LeadStateError, match="closed"):
        add_proposal(lead, salesperson)


def test_response_rules(capture, salesperson):
    lead = measured(capture, salesperson)
    draft = add_proposal(lead, salesperson)
    with pytest.raises(LeadStateError, match="Deliver the proposal"):
        proposal_record_response(proposal=draft, by=salesperson, response="accepted")
    proposal_deliver(proposal=draft, by=salesperson, at=VISIT + timedelta(days=1))
    with pytest.raises(ValidationError):
        proposal_record_response(proposal=draft, by=salesperson, response="pending")
    with pytest.raises(ValidationError, match="why"):
        proposal_record_response(proposal=draft, by=salesperson, response="rejected", note="")
    proposal_record_response(proposal=draft, by=salesperson, response="rejected", note="预算超了")
    with pytest.raises(LeadStateError, match="already answered"):
        proposal_record_response(proposal=draft, by=salesperson, response="accepted")
    assert Lead.objects.get(pk=lead.pk).state == LeadState.PROPOSAL_DELIVERED


def test_only_the_latest_delivered_version_can_be_answered(capture, salesperson):
    lead, v1 = delivered(capture, salesperson)
    v2 = add_proposal(lead, salesperson)
    proposal_deliver(proposal=v2, by=salesperson, at=VISIT + timedelta(days=2))
    with pytest.raises(LeadStateError, match="newer version"):
        proposal_record_response(proposal=v1, by=salesperson, response="accepted")
    assert DesignProposal.objects.get(pk=v1.pk).response == ProposalResponse.PENDING


def test_no_proposal_before_measurement_and_bad_numbers_are_refused(capture, salesperson):
    with pytest.raises(LeadStateError, match="after the measurement"):
        add_proposal(qualified(capture, salesperson), salesperson)
    lead = measured(capture, salesperson)
    with pytest.raises(ValidationError):
        add_proposal(lead, salesperson, quote_amount=Decimal("-1"))
    with pytest.raises(ValidationError):
        add_proposal(lead, salesperson, construction_days=0)
    with pytest.raises(ValidationError, match="not an accepted file type"):
        add_proposal(lead, salesperson, files=[upload("x.docx", b"PK\x03\x04")])
    assert not lead.proposals.exists()


def test_nothing_can_be_done_on_a_lost_lead(capture, salesperson):
    lead = qualified(capture, salesperson)
    appointment = book_measurement(lead, salesperson)
    lead_mark_lost(lead=lead, by=salesperson, reason="price")
    for action in (
        lambda: appointment_reconfirm(appointment=appointment, by=salesperson),
        lambda: appointment_reschedule(
            appointment=appointment,
            by=salesperson,
            scheduled_at=VISIT + timedelta(days=1),
            cause="customer",
            reason="x",
        ),  # fmt: skip
        lambda: measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS),
        lambda: appointment_book(lead=lead, by=salesperson, kind="consultation", scheduled_at=VISIT, place="x"),
    ):
        with pytest.raises(LeadStateError, match="closed"):
            action()
    assert Appointment.objects.get(pk=appointment.pk).state == AppointmentState.SCHEDULED


# --- Permissions


def test_another_salesperson_cannot_touch_the_lead_but_the_team_manager_can(
    capture, salesperson, colleague, outsider, team_manager
):
    lead = qualified(capture, salesperson)
    appointment = book_measurement(lead, salesperson)
    for other in (colleague, outsider):
        with pytest.raises(LeadPermissionError, match="another salesperson"):
            appointment_reconfirm(appointment=appointment, by=other)
        with pytest.raises(LeadPermissionError):
            appointment_reschedule(appointment=appointment, by=other, scheduled_at=VISIT + timedelta(days=1),
                                   cause="customer", reason="x")  # fmt: skip
        with pytest.raises(LeadPermissionError):
            measurement_record(lead=lead, by=other, held_at=VISIT, rooms=ROOMS)
    assert clock(lead, ClockKind.DESIGN_PROPOSAL).state == ClockState.RUNNING
    measurement_record(lead=lead, by=team_manager, held_at=VISIT, rooms=ROOMS)
    lead.refresh_from_db()
    proposal = add_proposal(lead, salesperson)
    for other in (colleague, outsider):
        with pytest.raises(LeadPermissionError):
            proposal_deliver(proposal=proposal, by=other)
        with pytest.raises(LeadPermissionError):
            measurement_confirm(lead=lead, by=other, note="x")
        with pytest.raises(LeadPermissionError):
            add_proposal(lead, other)
    assert Lead.objects.get(pk=lead.pk).state == LeadState.MEASURED


def test_a_pool_lead_must_be_claimed_first(capture, salesperson):
    lead = capture(salesperson, owner=None)
    with pytest.raises(LeadPermissionError, match="claim it first"):
        appointment_book(lead=lead, by=salesperson, kind="consultation", scheduled_at=VISIT, place="门店")
