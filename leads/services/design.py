"""Appointments, the measurement visit and design proposals: the middle of a lead's life. The services live in
appointments.py, measurement.py and proposals.py; this module holds what they share.

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
from django.utils.translation import gettext as _

from ..models import Lead
from ..permissions import can_work_lead
from .common import LeadPermissionError, lock_lead
from .common import require_open as _require_open


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


def _screened(rule, upload, field):
    """What to store for the upload (see decocrm.core.uploads), or a ValidationError on `field` naming the file."""
    try:
        return rule.screen(upload)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
