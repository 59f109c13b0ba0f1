"""Appointments (consultation, measurement, proposal review): book, reconfirm, reschedule, mark held.
How a customer's reschedule pauses the design clocks: see design.py."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.core.dates import APPOINTMENT
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.services import clock_pause, clock_resume, open_clock_for

from ..choices import (
    AppointmentKind,
    AppointmentState,
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

# The clocks a customer's reschedule may pause.
DESIGN_CLOCKS = (ClockKind.DESIGN_PROPOSAL, ClockKind.MEASUREMENT_RESULTS)

# Which lead states each kind of appointment may be booked in.
BOOKABLE_IN = {
    AppointmentKind.CONSULTATION: {
        LeadState.NEW, LeadState.CONTACTED, LeadState.QUALIFIED, LeadState.MEASUREMENT_SCHEDULED,
        LeadState.MEASURED, LeadState.PROPOSAL_DELIVERED,
    },
    AppointmentKind.MEASUREMENT: {LeadState.QUALIFIED, LeadState.MEASUREMENT_SCHEDULED},
    AppointmentKind.PROPOSAL_REVIEW: {LeadState.MEASURED, LeadState.PROPOSAL_DELIVERED},
}  # fmt: skip


def _locked_appointment(appointment) -> Appointment:
    return Appointment.objects.select_for_update().get(pk=appointment.pk)


def _require_scheduled(appointment):
    if appointment.state != AppointmentState.SCHEDULED:
        raise LeadStateError(_("This appointment has already been held."))


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
    at=None,
) -> Appointment:
    """Book a consultation, measurement visit or proposal review. Booking the measurement moves a qualified lead
    to measurement_scheduled; a lead has at most one measurement visit booked at a time. The time must fall in
    core.dates.APPOINTMENT (a year back to two years ahead of the booking)."""
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
    appointment.attendees.set(attendees)
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
    return appointment


@transaction.atomic
def appointment_reconfirm(*, appointment: Appointment, by, note: str = "", at=None) -> Appointment:
    """The customer confirmed the time again shortly before the visit (回访确认)."""
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
    return appointment


@transaction.atomic
def appointment_reschedule(
    *, appointment: Appointment, by, scheduled_at, cause: RescheduleCause | str, reason: str, at=None
) -> AppointmentReschedule:
    """Move an appointment, keeping the old time, the reason and whose doing it was. The new time needs a new
    reconfirmation. Caused by the customer: the lead's running design clocks pause until the appointment is held
    (see the module docstring). The new time must fall in core.dates.APPOINTMENT."""
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
