"""Who is told when a lead changes hands (every hand-over goes through common.give_lead, the designer's through
designers.assign_designer): the new owner, the previous one where there is one (the owner it is taken from, or the
one whose lead lapsed into the pool when it is claimed again), and, for a designer, the designer, the one replaced
and the owner when someone else chose. The person who did it is not told of what they did, except a salesperson
who claims a lead: the notice is their reminder of the first contact. A transfer decided on an appeal is told by
the appeal's decision (appeal_notices.py)."""

from ..choices import AssignmentKind
from .notices import LeadNotice, send_notices

_TO_NEW_OWNER = {
    AssignmentKind.CLAIM: LeadNotice.CLAIMED_BY_YOU,
    AssignmentKind.ASSIGN: LeadNotice.GIVEN_TO_YOU,
    AssignmentKind.ROUND_ROBIN: LeadNotice.GIVEN_TO_YOU,
    AssignmentKind.CAPTURE: LeadNotice.GIVEN_TO_YOU,
}


def _name(user) -> str:
    return user.display_name if user is not None else ""


def lead_hand_over_notices(lead, assignment, *, lapsed_owner=None) -> int:
    """Tell the people of one recorded change of owner (`assignment`, a saved LeadAssignment). `lapsed_owner`: who
    held the lead before it went to the pool, for a lead taken out of the pool."""
    if assignment.kind == AssignmentKind.APPEAL_TRANSFER:
        return 0
    by, new, previous = assignment.by, assignment.to_owner, assignment.from_owner
    params = {"customer": lead.customer.name, "by": _name(by), "to": _name(new)}
    send = _sender(lead, assignment, params)
    told = 0
    code = _TO_NEW_OWNER.get(assignment.kind)
    if new is not None and code and (new != by or assignment.kind == AssignmentKind.CLAIM):
        told += send([new.pk], code)
    if previous is not None and previous != new and previous != by:
        if new is not None:
            told += send([previous.pk], LeadNotice.TAKEN_FROM_YOU)
        elif assignment.kind == AssignmentKind.AUTO_RELEASE:
            told += send([previous.pk], LeadNotice.LAPSED_TO_POOL)
        else:
            told += send([previous.pk], LeadNotice.RETURNED_TO_POOL)
    if previous is None and lapsed_owner is not None and lapsed_owner not in (new, by):
        told += send([lapsed_owner.pk], LeadNotice.CLAIMED_FROM_POOL)
    return told


def lead_designer_notices(lead, assignment) -> int:
    """Tell the designer chosen, the designer replaced and the lead's owner when someone else chose."""
    by, new, previous = assignment.by, assignment.to_owner, assignment.from_owner
    params = {"customer": lead.customer.name, "by": _name(by), "to": _name(new)}
    send = _sender(lead, assignment, params)
    told = 0
    if new is not None and new != by:
        told += send([new.pk], LeadNotice.DESIGNER_YOU)
    if previous is not None and previous not in (new, by):
        told += send([previous.pk], LeadNotice.DESIGNER_NO_LONGER)
    if lead.owner_id is not None and lead.owner_id not in {getattr(by, "pk", None), getattr(new, "pk", None)}:
        told += send([lead.owner_id], LeadNotice.DESIGNER_CHOSEN)
    return told


def _sender(lead, assignment, params):
    url = lead.get_absolute_url()

    def send(recipients, code):
        key = f"lead-assignment:{assignment.pk}:{code}"
        return send_notices(recipients, code, url=url, key=key, note=assignment.note, **params)

    return send
