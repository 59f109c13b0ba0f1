"""The measurement visit (量房): recorded with rooms, photos and floor plan; results confirmed with the customer."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.sla.choices import ClockKind
from decocrm.sla.services import clock_start, clock_stop, open_clock_for

from ..choices import (
    AppointmentKind,
    AppointmentState,
    LeadState,
    TransitionEvent,
)
from ..models import (
    Appointment,
    Lead,
    MeasurementPhoto,
    MeasurementRoom,
    MeasurementVisit,
)
from ..uploads import PHOTOS, PLANS
from .appointments import _hold
from .common import (
    LeadStateError,
    apply_transition,
    check_event_time,
    refresh_next_due,
)
from .design import DESIGN_CLOCK_KINDS, _save_lead, _screened, _workable, design_clock_owner

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
    held (resuming clocks a customer reschedule paused); the measurement-results and design-proposal clocks start
    from the visit, owned by the lead's designer (design.py). `held_at` may not be in the future nor before the
    lead was entered."""
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
    apply_transition(lead, "measure", by=by, at=at, event=TransitionEvent.MEASURED)
    _save_lead(lead)
    owner = design_clock_owner(lead)
    for kind in DESIGN_CLOCK_KINDS:
        if open_clock_for(lead, kind) is None:  # a lead qualified when the proposal clock started there keeps it
            clock_start(kind=kind, subject=lead, at=held_at, by=by, owner=owner)
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
