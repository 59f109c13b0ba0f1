"""Appointments, the measurement visit and design proposals: the middle of a lead's life. The services live in
appointments.py, measurement.py and proposals.py; this module holds what they share.

Who: the owner, their managers and the lead's assigned designer (permissions.can_design_lead); the designer is
chosen by the owner or a manager (designers.lead_assign_designer) and owns the design clocks.

Clock rules (seed 001 §3(三), §4; ENGINEERING.md rule 3 — same transaction as the event; see also leads/clocks.py):
- qualifying the lead starts MEASUREMENT_BOOKING; booking the measurement visit stops it;
- recording the measurement visit starts MEASUREMENT_RESULTS and DESIGN_PROPOSAL (counted from the visit, so a
  proposal is never due before the measurement exists); confirming the results with the customer stops the first,
  delivering the first proposal version stops the second; both belong to the designer when the lead has one;
- booking an appointment starts its APPOINTMENT_RECONFIRMATION clock (due N hours before it; not started when the
  appointment is already that close); reconfirming stops it; moving the appointment cancels it and starts it for
  the new time; holding the appointment, or the lead closing, cancels what is left;
- a reschedule caused by the CUSTOMER pauses every running clock of the lead the customer's date holds up
  (MEASUREMENT_BOOKING, DESIGN_PROPOSAL, MEASUREMENT_RESULTS) from the moment the reschedule is recorded until the
  rescheduled appointment is held (appointment_mark_held, or recording the measurement visit for a measurement
  appointment); then they resume and the paused time extends their deadlines. Moving the measurement visit itself
  pauses nothing of the design: the design clocks start only when the visit takes place, so the customer's delay
  never counts against the designer, and MEASUREMENT_BOOKING stopped when the visit was first booked. A reschedule
  caused by the company pauses nothing. A clock already overdue is not paused (the promise was broken before the
  customer moved the date). Stopping a paused clock (e.g. delivering the proposal before the review is held)
  resumes it first, so nothing stays paused.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from decocrm.sla.choices import ClockKind

from ..models import Lead
from ..permissions import can_design_lead
from .common import LeadPermissionError, lock_lead
from .common import require_open as _require_open

# The clocks of the design work: owned by the lead's designer when it has one.
DESIGN_CLOCK_KINDS = (ClockKind.DESIGN_PROPOSAL, ClockKind.MEASUREMENT_RESULTS)


def design_clock_owner(lead):
    """Who answers for the design clocks: the designer, else the owner (the lead's declared clock owner)."""
    return lead.designer if lead.designer_id else lead.owner


def _workable(lead, by) -> Lead:
    lead = lock_lead(lead)
    _require_open(lead)
    if lead.owner_id is None:
        raise LeadPermissionError(_("This lead is in the pool: claim it first."))
    if not can_design_lead(by, lead):
        raise LeadPermissionError(_("This lead belongs to another salesperson."))
    return lead


def _save_lead(lead):
    lead.full_clean(validate_constraints=False)
    lead.save(update_fields=["state", "state_changed_at"])


def _screened(rule, upload, field):
    """What to store for the upload (see decocrm.core.uploads), or a ValidationError on `field` naming the file."""
    try:
        return rule.screen(upload)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
