"""Appointments (consultation, measurement, proposal review): book, reconfirm, reschedule, mark held.
How a customer's reschedule pauses the lead's clocks, and the reconfirmation clock of each appointment: design.py."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.core.dates import APPOINTMENT
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.models import SlaPolicy
from decocrm.sla.services import clock_cancel, clock_pause, clock_resume, clock_start, clock_stop, open_clock_for
from decocrm.workdays.deadlines import deadline_before

from ..choices import (
    AppointmentKind,
    AppointmentState,
    LeadClockKind,
    LeadClockNote,
    LeadState,
    RescheduleCause,
    TransitionEvent,
)
from ..models import (
    Appointment,
    AppointmentReschedule,
    Lead,
)
from .common import (
    LeadStateError,
    apply_transition,
    check_event_time,
    refresh_next_due,
)
from .design import _save_lead, _workable
from .designers import assign_designer

# The clocks a customer's reschedule may pause (design.py).
DESIGN_CLOCKS = (LeadClockKind.MEASUREMENT_BOOKING, ClockKind.DESIGN_PROPOSAL, ClockKind.MEASUREMENT_RESULTS)
RECONFIRMATION = LeadClockKind.APPOINTMENT_RECONFIRMATION

# Which lead states each kind of appointment may be booked in.
BOOKABLE_IN = {
    AppointmentKind.CONSULTATION: {
        LeadState.NEW, LeadState.CONTACTED, LeadState.QUALIFIED, LeadState.MEASUREMENT_SCHEDULED,
        LeadState.MEASURED, LeadState.PROPOSAL_DELIVERED, LeadState.PROPOSAL_ACCEPTED,
    },
    AppointmentKind.MEASUREMENT: {LeadState.QUALIFIED, LeadState.MEASUREMENT_SCHEDULED},
    AppointmentKind.PROPOSAL_REVIEW: {LeadState.MEASURED, LeadState.PROPOSAL_DELIVERED},
}  # fmt: skip


def _locked_appointment(appointment) -> Appointment:
    return Appointment.objects.select_for_update().get(pk=appointment.pk)


def _require_scheduled(appointment):
    if appointment.state != AppointmentState.SCHEDULED:
        raise LeadStateError(_("This appointment has already been held."))


def _start_reconfirmation(appointment, *, at, by):
    """The appointment's reconfirmation clock: due N hours (the policy) before it. Not started for an appointment
    already inside that window (booked or moved at short notice: agreeing the time was the confirmation)."""
    policy = SlaPolicy.objects.filter(kind=RECONFIRMATION, active=True).first()
    if policy is None or deadline_before(appointment.scheduled_at, policy.amount, policy.unit).at <= at:
        return None
    return clock_start(kind=RECONFIRMATION, subject=appointment, at=at, anchor_at=appointment.scheduled_at, by=by)


def cancel_reconfirmations(lead, *, code, at, by, params=None):
    """The lead closed (or its appointments no longer stand): cancel the reconfirmation clocks still open on its
    scheduled appointments."""
    for appointment in lead.appointments.filter(state=AppointmentState.SCHEDULED):
        clock_cancel(kind=RECONFIRMATION, subject=appointment, code=code, params=params, at=at, by=by)


# --- Appointments


@transaction.atomic
def appointment_book(
    *,
    lead: Lead,
    by,
    kind: AppointmentKind | str,
    scheduled_at,
    place: str,
    attendees=(),
    customer_attendees: str = "",
    note: str = "",
    designer=None,
    at=None,
) -> Appointment:
    """Book a consultation, measurement visit or proposal review. Booking the measurement moves a qualified lead
    to measurement_scheduled and stops the measurement-booking clock; a lead has at most one measurement visit
    booked at a time. `designer`: for a measurement visit, the designer to assign (the owner or a manager only,
    as lead_assign_designer); the lead's designer joins the visit as an attendee. The appointment's
    reconfirmation clock starts. The time must fall in core.dates.APPOINTMENT (a year back to two years ahead)."""
    at = at or timezone.now()
    check_event_time(lead, at)
    if kind not in AppointmentKind.values:
        raise ValidationError({"kind": _("Choose what the appointment is for.")})
    kind = AppointmentKind(kind)
    lead = _workable(lead, by)
    if lead.state not in BOOKABLE_IN[kind]:
        raise LeadStateError(
            _("A %(kind)s cannot be booked while the lead is “%(state)s”.")
            % {"kind": kind.label.lower(), "state": lead.get_state_display()}
        )
    if (
        kind == AppointmentKind.MEASUREMENT
        and lead.appointments.filter(kind=kind, state=AppointmentState.SCHEDULED).exists()
    ):
        raise LeadStateError(_("A measurement visit is already booked: reschedule it instead."))
    APPOINTMENT.check(scheduled_at, field="scheduled_at", label=_("Time"), now=at)
    if designer is not None:
        if kind != AppointmentKind.MEASUREMENT:
            raise ValidationError({"designer": _("A designer is assigned with the measurement visit.")})
        assign_designer(lead, designer, by=by, at=at)
    appointment = Appointment(
        lead=lead,
        kind=kind,
        scheduled_at=scheduled_at,
        place=place.strip(),
        customer_attendees=customer_attendees.strip(),
        note=note.strip(),
        created_by=by,
        created_at=at,
    )
    appointment.full_clean()
    appointment.save()
    attendees = list(attendees)
    if kind == AppointmentKind.MEASUREMENT and lead.designer_id and lead.designer not in attendees:
        attendees.append(lead.designer)  # the designer measures (seed 001 §4(一))
    appointment.attendees.set(attendees)
    _start_reconfirmation(appointment, at=at, by=by)
    if kind == AppointmentKind.MEASUREMENT and lead.state == LeadState.QUALIFIED:
        when = timezone.localtime(scheduled_at).strftime("%Y-%m-%d %H:%M")
        apply_transition(
            lead,
            "book_measurement",
            by=by,
            at=at,
            event=TransitionEvent.MEASUREMENT_BOOKED,
            params={"when": when},
        )
        _save_lead(lead)
        clock_stop(kind=LeadClockKind.MEASUREMENT_BOOKING, subject=lead, at=at, by=by)
        refresh_next_due(lead)
    return appointment


@transaction.atomic
def appointment_reconfirm(*, appointment: Appointment, by, note: str = "", at=None) -> Appointment:
    """The customer confirmed the time again shortly before the visit (回访确认): its reconfirmation clock stops."""
    at = at or timezone.now()
    check_event_time(appointment.lead, at)
    _workable(appointment.lead, by)
    appointment = _locked_appointment(appointment)
    _require_scheduled(appointment)
    appointment.reconfirmed_at = at
    appointment.reconfirmed_by = by
    appointment.reconfirm_note = note.strip()
    appointment.full_clean()
    appointment.save(update_fields=["reconfirmed_at", "reconfirmed_by", "reconfirm_note"])
    clock_stop(kind=RECONFIRMATION, subject=appointment, at=at, by=by, note=appointment.reconfirm_note)
    return appointment


@transaction.atomic
def appointment_reschedule(
    *, appointment: Appointment, by, scheduled_at, cause: RescheduleCause | str, reason: str, at=None
) -> AppointmentReschedule:
    """Move an appointment, keeping the old time, the reason and whose doing it was. The new time needs a new
    reconfirmation (its clock starts again for the new time). Caused by the customer: the lead's running clocks the
    customer holds up pause until the appointment is held (design.py). The new time must fall in
    core.dates.APPOINTMENT."""
    at = at or timezone.now()
    check_event_time(appointment.lead, at)
    if cause not in RescheduleCause.values:
        raise ValidationError({"cause": _("Say who asked to move the appointment.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the appointment is moved.")})
    lead = _workable(appointment.lead, by)
    appointment = _locked_appointment(appointment)
    _require_scheduled(appointment)
    APPOINTMENT.check(scheduled_at, field="scheduled_at", label=_("New time"), now=at)
    if scheduled_at == appointment.scheduled_at:
        raise ValidationError({"scheduled_at": _("The new time is the same as the current one.")})
    reschedule = AppointmentReschedule(
        appointment=appointment,
        from_time=appointment.scheduled_at,
        to_time=scheduled_at,
        cause=cause,
        reason=reason.strip(),
        by=by,
        at=at,
    )
    reschedule.full_clean()
    reschedule.save()
    appointment.scheduled_at = scheduled_at
    appointment.reconfirmed_at = None
    appointment.reconfirmed_by = None
    appointment.reconfirm_note = ""
    if cause == RescheduleCause.CUSTOMER:
        for kind in DESIGN_CLOCKS:
            clock = open_clock_for(lead, kind)
            if clock is not None and clock.state == ClockState.RUNNING:
                clock_pause(
                    kind=kind,
                    subject=lead,
                    code=LeadClockNote.CUSTOMER_RESCHEDULED,
                    params={"kind": appointment.kind, "reason": reason.strip()},
                    at=at,
                    by=by,
                )
                appointment.paused_clocks = sorted({*appointment.paused_clocks, kind.value})
    appointment.full_clean()
    appointment.save()
    when = timezone.localtime(scheduled_at).strftime("%Y-%m-%d %H:%M")
    code = LeadClockNote.APPOINTMENT_RESCHEDULED
    clock_cancel(kind=RECONFIRMATION, subject=appointment, code=code, params={"when": when}, at=at, by=by)
    _start_reconfirmation(appointment, at=at, by=by)
    refresh_next_due(lead)
    return reschedule


def _hold(appointment, lead, *, by, at):
    """Mark a locked appointment held and resume the clocks its customer reschedules paused."""
    appointment.state = AppointmentState.HELD
    appointment.held_at = at
    for kind in appointment.paused_clocks:
        clock = open_clock_for(lead, kind)
        if clock is not None and clock.state == ClockState.PAUSED:
            clock_resume(kind=kind, subject=lead, at=at, by=by, code=LeadClockNote.RESCHEDULED_HELD)
    appointment.paused_clocks = []
    appointment.full_clean()
    appointment.save()
    clock_cancel(kind=RECONFIRMATION, subject=appointment, code=LeadClockNote.APPOINTMENT_HELD, at=at, by=by)


@transaction.atomic
def appointment_mark_held(*, appointment: Appointment, by, at=None) -> Appointment:
    """A consultation or proposal review took place. (A measurement visit is held by recording its results:
    measurement_record.)"""
    at = at or timezone.now()
    check_event_time(appointment.lead, at)
    lead = _workable(appointment.lead, by)
    appointment = _locked_appointment(appointment)
    _require_scheduled(appointment)
    if not appointment.held_by_marking:
        raise LeadStateError(_("Record the measurement results to close a measurement visit."))
    _hold(appointment, lead, by=by, at=at)
    refresh_next_due(lead)
    return appointment
