"""The lead's designer (seed 001 §4(一)(二)): chosen by the salesperson who owns the lead, or a manager, at
qualification or when the measurement visit is booked. The designer then sees the lead (selectors.LEAD_SCOPE),
joins the measurement visit, records it, prepares and delivers the proposal versions, and owns the design clocks
(design.py); the sales steps (contacts, screening, won / lost, hand-overs) stay with the owner (permissions.py).

The designer is chosen before the measurement: the design clocks start at the visit, owned by the designer of that
moment, and stay with the designer when the lead passes to another salesperson (leads/clocks.py,
design_clock_holder). Changing the designer after the visit is not offered."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.accounts.choices import Role
from decocrm.accounts.selectors import is_manager, visible_staff
from decocrm.sla.services import clock_hand_over

from ..choices import OPEN_STATES, AssignmentKind, LeadState
from ..models import Lead, LeadAssignment
from ..permissions import can_manage_lead, can_work_lead
from .common import LeadPermissionError, LeadStateError, check_event_time, lock_lead, refresh_next_due, require_open
from .hand_over_notices import lead_designer_notices

# When a designer may be chosen or changed: from qualification until the measurement visit takes place.
DESIGNER_ASSIGNABLE_IN = frozenset({LeadState.QUALIFIED, LeadState.MEASUREMENT_SCHEDULED})


def may_assign_designer(user, lead) -> bool:
    """Whether `user` may choose the lead's designer now (the lead's own fields: no query)."""
    return lead.state in DESIGNER_ASSIGNABLE_IN and can_work_lead(user, lead)


def _check_designer(designer):
    if designer is None or designer.role != Role.DESIGNER or not designer.is_active:
        raise ValidationError({"designer": _("Choose an active staff member with the designer role.")})


def _record_designer(lead, designer, *, by, at, note):
    previous = lead.designer
    lead.designer = designer
    lead.full_clean(validate_constraints=False)
    lead.save(update_fields=["designer"])
    row = LeadAssignment(
        lead=lead, kind=AssignmentKind.DESIGNER, from_owner=previous, to_owner=designer, by=by, at=at, note=note[:500]
    )
    row.full_clean()
    row.save()
    lead_designer_notices(lead, row)


def assign_designer(lead, designer, *, by, at, note: str = "") -> bool:
    """Make `designer` the designer of a locked, open lead, recorded on its timeline. False when they already are.
    Refused: someone who does not work the lead (the designer cannot pass the lead on), a lead past the
    measurement, a staff member who is not an active designer."""
    if not can_work_lead(by, lead):
        raise LeadPermissionError(_("Only the lead's salesperson or a manager chooses its designer."))
    if lead.state not in DESIGNER_ASSIGNABLE_IN:
        raise LeadStateError(
            _("A designer is chosen between qualification and the measurement visit (this lead is “%(state)s”).")
            % {"state": lead.get_state_display()}
        )
    _check_designer(designer)
    if lead.designer_id == designer.pk:
        return False
    _record_designer(lead, designer, by=by, at=at, note=note)
    return True


@transaction.atomic
def lead_assign_designer(*, lead: Lead, by, designer, note: str = "", at=None) -> Lead:
    """Choose (or change, before the measurement) the lead's designer."""
    at = at or timezone.now()
    check_event_time(lead, at)
    lead = lock_lead(lead)
    require_open(lead)
    if not assign_designer(lead, designer, by=by, at=at, note=note.strip()):
        raise LeadStateError(_("%(name)s is already the designer of this lead.") % {"name": designer.display_name})
    return lead


# A leaving designer's design goes on after the measurement and after signing (the contract's design changes and
# the project's acceptances are the lead's designer's): the hand-over is the one change of designer that late.
DESIGNER_HANDED_OVER_IN = OPEN_STATES | {LeadState.WON}


@transaction.atomic
def lead_hand_over_designer(*, lead: Lead, by, designer, note: str = "", at=None) -> Lead:
    """A manager gives a (leaving) designer's lead to another designer, at any stage of an open or won lead:
    recorded on its timeline, the designers and the owner told, and the design clocks move to the new designer
    (the owner's clocks stay: clocks.design_clock_holder). Refused: someone who is not the manager of the lead or
    of its designer, a rejected or lost lead, a receiver who is not an active designer."""
    at = at or timezone.now()
    lead = lock_lead(lead)
    may = is_manager(by) and (can_manage_lead(by, lead) or visible_staff(by).filter(pk=lead.designer_id).exists())
    if not may:
        raise LeadPermissionError(_("Only the manager of the lead or of its designer hands its design over."))
    if lead.state not in DESIGNER_HANDED_OVER_IN:
        raise LeadStateError(
            _("This lead is already closed (%(state)s); nothing more can be done with it.")
            % {"state": lead.get_state_display()}
        )
    _check_designer(designer)
    if lead.designer_id == designer.pk:
        raise LeadStateError(_("%(name)s is already the designer of this lead.") % {"name": designer.display_name})
    _record_designer(lead, designer, by=by, at=at, note=note.strip())
    clock_hand_over(subject=lead, to_owner=lead.owner, at=at, by=by)
    return refresh_next_due(lead)
