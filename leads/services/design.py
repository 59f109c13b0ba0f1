"""Appointments, the measurement visit and design proposals: the middle of a lead's life.

Clock rules (PRODUCT.md, service clocks; ENGINEERING.md rule 3 — same transaction as the event):
- recording the measurement visit starts MEASUREMENT_RESULTS; confirming the results with the customer stops it;
- delivering the first proposal stops DESIGN_PROPOSAL (started by lead_qualify);
- a reschedule caused by the CUSTOMER pauses every running design clock of the lead (DESIGN_PROPOSAL and, after
  the visit, MEASUREMENT_RESULTS) from the moment the reschedule is recorded until the rescheduled appointment is
  held (appointment_mark_held, or recording the measurement visit for a measurement appointment); then they
  resume and the paused time extends their deadlines. A reschedule caused by the company pauses nothing. A clock
  already overdue is not paused (the promise was broken before the customer moved the date). Stopping a paused
  clock (e.g. delivering the proposal before the review is held) resumes it first, so nothing stays paused.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.core.dates import APPOINTMENT
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.services import clock_pause, clock_resume, clock_start, clock_stop, open_clock_for

from ..choices import (
    AppointmentKind,
    AppointmentState,
    LeadState,
    ProposalResponse,
    RescheduleCause,
    TransitionEvent,
)
from ..models import (
    Appointment,
    AppointmentReschedule,
    DesignProposal,
    Lead,
    MeasurementPhoto,
    MeasurementRoom,
    MeasurementVisit,
    ProposalFile,
)
from ..selectors import can_work_lead
from ..uploads import PHOTOS, PLANS, PROPOSAL_FILES
from .common import (
    LeadPermissionError,
    LeadStateError,
    apply_transition,
    check_event_time,
    lock_lead,
    refresh_next_due,
)
from .common import require_open as _require_open
from .lifecycle import lead_mark_won

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


def _workable(lead, by) -> Lead:
    lead = lock_lead(lead)
    _require_open(lead)
    if lead.owner_id is None:
        raise LeadPermissionError(_("This lead is in the pool: claim it first."))
    if not can_work_lead(by, lead):
        raise LeadPermissionError(_("This lead belongs to another salesperson."))
    return lead


def _save_lead(lead):
    lead.full_clean(validate_constraints=False)
    lead.save(update_fields=["state", "state_changed_at"])


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
            LeadState.MEASUREMENT_SCHEDULED,
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
                    reason=_("customer rescheduled the %(kind)s: %(reason)s")
                    % {"kind": appointment.get_kind_display(), "reason": reason.strip()},
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
            clock_resume(kind=kind, subject=lead, at=at, by=by, note=_("rescheduled appointment held"))
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


def _screened(rule, upload, field):
    """What to store for the upload (see decocrm.core.uploads), or a ValidationError on `field` naming the file."""
    try:
        return rule.screen(upload)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


# --- Measurement visit


@transaction.atomic
def measurement_record(
    *,
    lead: Lead,
    by,
    held_at,
    rooms=(),
    doors_windows: str = "",
    beams_columns: str = "",
    lighting: str = "",
    ventilation: str = "",
    orientation: str = "",
    notes: str = "",
    floor_plan=None,
    photos=(),
    at=None,
) -> MeasurementVisit:
    """Record the measurement visit (量房): rooms [{name, length_m, width_m, height_m?, note?}], site notes, the
    original floor plan and photos. measurement_scheduled -> measured; the booked measurement appointment is
    held (resuming clocks a customer reschedule paused); the measurement-results clock starts. `held_at` may not
    be in the future nor before the lead was entered."""
    at = at or timezone.now()
    check_event_time(lead, at)
    check_event_time(lead, held_at, field="held_at", label=_("Measured at"))
    lead = _workable(lead, by)
    if lead.state != LeadState.MEASUREMENT_SCHEDULED:
        raise LeadStateError(
            _("Only a lead with a measurement visit booked can be measured (this one is “%(state)s”).")
            % {"state": lead.get_state_display()}
        )
    if not rooms:
        raise ValidationError({"rooms": _("Record at least one room with its dimensions.")})
    # Checked (images re-encoded) before anything is written: a bad photo leaves no floor plan behind in storage.
    floor_plan = _screened(PLANS, floor_plan, "floor_plan") if floor_plan else None
    photos = [_screened(PHOTOS, upload, "photos") for upload in photos]
    appointment = (
        Appointment.objects.select_for_update()
        .filter(lead=lead, kind=AppointmentKind.MEASUREMENT, state=AppointmentState.SCHEDULED)
        .first()
    )
    visit = MeasurementVisit(
        lead=lead,
        appointment=appointment,
        held_at=held_at,
        doors_windows=doors_windows.strip(),
        beams_columns=beams_columns.strip(),
        lighting=lighting.strip(),
        ventilation=ventilation.strip(),
        orientation=orientation.strip(),
        notes=notes.strip(),
        recorded_by=by,
        recorded_at=at,
    )
    if floor_plan is not None:
        visit.floor_plan = floor_plan
        visit.floor_plan_name = floor_plan.name[:200]
    visit.full_clean()
    visit.save()
    for number, room in enumerate(rooms, start=1):
        row = MeasurementRoom(visit=visit, **room)
        try:
            row.full_clean()
        except ValidationError as error:
            raise ValidationError(
                {"rooms": _("Room %(n)d: %(errors)s") % {"n": number, "errors": "; ".join(error.messages)}}
            ) from error
        row.save()
    for upload in photos:
        photo = MeasurementPhoto(visit=visit, file=upload, original_name=upload.name[:200])
        try:
            photo.full_clean()
        except ValidationError as error:
            raise ValidationError({"photos": error.messages}) from error
        photo.save()
    if appointment is not None:
        _hold(appointment, lead, by=by, at=held_at)
    apply_transition(lead, LeadState.MEASURED, by=by, at=at, event=TransitionEvent.MEASURED)
    _save_lead(lead)
    clock_start(kind=ClockKind.MEASUREMENT_RESULTS, subject=lead, at=held_at, by=by)
    refresh_next_due(lead)
    return visit


@transaction.atomic
def measurement_confirm(*, lead: Lead, by, note: str, at=None) -> MeasurementVisit:
    """The customer confirmed the measured results / floor plan: the measurement-results clock stops."""
    at = at or timezone.now()
    check_event_time(lead, at)
    if not (note or "").strip():
        raise ValidationError({"note": _("Say who confirmed the results and how.")})
    lead = _workable(lead, by)
    visit = MeasurementVisit.objects.select_for_update().filter(lead=lead).first()
    if visit is None:
        raise LeadStateError(_("There is no measurement visit to confirm yet."))
    if visit.is_confirmed:
        raise LeadStateError(_("The measurement results were already confirmed."))
    visit.confirmed_at = at
    visit.confirmed_by = by
    visit.confirmation_note = note.strip()
    visit.full_clean()
    visit.save(update_fields=["confirmed_at", "confirmed_by", "confirmation_note"])
    clock_stop(kind=ClockKind.MEASUREMENT_RESULTS, subject=lead, at=at, by=by, note=note.strip())
    refresh_next_due(lead)
    return visit


# --- Design proposals


@transaction.atomic
def proposal_add(
    *,
    lead: Lead,
    by,
    style: str,
    quote_amount,
    construction_days: int,
    layout_notes: str = "",
    material_list: str = "",
    files=(),
    at=None,
) -> DesignProposal:
    """Prepare the next version of the design proposal (v1, v2, …). One undelivered version at a time; none
    after the customer accepted one. `files`: [(kind, upload)] or uploads (renderings)."""
    at = at or timezone.now()
    check_event_time(lead, at)
    lead = _workable(lead, by)
    if lead.state not in (LeadState.MEASURED, LeadState.PROPOSAL_DELIVERED):
        raise LeadStateError(
            _("A proposal is prepared after the measurement visit (this lead is “%(state)s”).")
            % {"state": lead.get_state_display()}
        )
    versions = lead.proposals.select_for_update()
    if versions.filter(delivered_at__isnull=True).exists():
        raise LeadStateError(_("Deliver the proposal already being prepared before starting another version."))
    latest = versions.aggregate(top=Max("version"))["top"] or 0
    proposal = DesignProposal(
        lead=lead,
        version=latest + 1,
        style=style.strip(),
        layout_notes=layout_notes.strip(),
        material_list=material_list.strip(),
        quote_amount=quote_amount,
        construction_days=construction_days,
        created_by=by,
        created_at=at,
    )
    files = [item if isinstance(item, tuple) else ("rendering", item) for item in files]
    files = [(kind, _screened(PROPOSAL_FILES, upload, "files")) for kind, upload in files]
    proposal.full_clean()
    proposal.save()
    for kind, upload in files:
        row = ProposalFile(proposal=proposal, kind=kind, file=upload, original_name=upload.name[:200])
        try:
            row.full_clean()
        except ValidationError as error:
            raise ValidationError({"files": error.messages}) from error
        row.save()
    return proposal


def _locked_proposal(proposal) -> DesignProposal:
    return DesignProposal.objects.select_for_update().get(pk=proposal.pk)


@transaction.atomic
def proposal_deliver(*, proposal: DesignProposal, by, at=None) -> DesignProposal:
    """Hand the proposal to the customer. The first delivery moves measured -> proposal_delivered and stops the
    design-proposal clock; a later version is recorded as a revision (proposal_delivered -> proposal_delivered)."""
    at = at or timezone.now()
    lead = _workable(proposal.lead, by)
    proposal = _locked_proposal(proposal)
    if proposal.is_delivered:
        raise LeadStateError(_("Version %(v)d was already delivered.") % {"v": proposal.version})
    first = lead.state == LeadState.MEASURED
    event = TransitionEvent.PROPOSAL_DELIVERED if first else TransitionEvent.PROPOSAL_REVISED
    params = {"v": proposal.version}
    apply_transition(lead, LeadState.PROPOSAL_DELIVERED, by=by, at=at, event=event, params=params)
    _save_lead(lead)
    proposal.delivered_at = at
    proposal.delivered_by = by
    proposal.full_clean()
    proposal.save(update_fields=["delivered_at", "delivered_by"])
    # No note on the clock event: the transition beside it says which version, in the reader's language.
    clock_stop(kind=ClockKind.DESIGN_PROPOSAL, subject=lead, at=at, by=by)
    refresh_next_due(lead)
    return proposal


@transaction.atomic
def proposal_record_response(
    *, proposal: DesignProposal, by, response: ProposalResponse | str, note: str = "", at=None
) -> DesignProposal:
    """The customer's answer to the latest delivered version. Accepted: the lead is won (lead_mark_won: the
    customer becomes existing, referral reward pending, open clocks cancelled) and ready for a contract.
    Revision requested: prepare the next version. Rejected: a new version, or mark the lead lost."""
    at = at or timezone.now()
    check_event_time(proposal.lead, at)
    if response not in ProposalResponse.values or response == ProposalResponse.PENDING:
        raise ValidationError({"response": _("Choose the customer's response.")})
    lead = _workable(proposal.lead, by)
    proposal = _locked_proposal(proposal)
    if not proposal.is_delivered:
        raise LeadStateError(_("Deliver the proposal before recording the customer's response."))
    if proposal.response != ProposalResponse.PENDING:
        raise LeadStateError(
            _("The customer already answered version %(v)d (%(response)s).")
            % {"v": proposal.version, "response": proposal.get_response_display()}
        )
    if lead.proposals.filter(version__gt=proposal.version, delivered_at__isnull=False).exists():
        raise LeadStateError(_("A newer version was delivered since; record the response to that one."))
    if response == ProposalResponse.REJECTED and not (note or "").strip():
        raise ValidationError({"note": _("Say why the customer rejected the proposal.")})
    proposal.response = response
    proposal.response_note = (note or "").strip()
    proposal.responded_at = at
    proposal.responded_by = by
    proposal.full_clean()
    proposal.save(update_fields=["response", "response_note", "responded_at", "responded_by"])
    if response == ProposalResponse.ACCEPTED:
        lead_mark_won(lead=lead, by=by, at=at, event=TransitionEvent.PROPOSAL_ACCEPTED, params={"v": proposal.version})
    return proposal
