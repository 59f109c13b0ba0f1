"""The automatic return to the pool (settings.LEADS_AUTO_RETURN_TO_POOL).

Two doors, one rule: the clock engine's breach listener (leads/clocks.py) passes the leads whose first-contact clock
the sweep just breached, right after the sweep commits; the beat task (leads/tasks.py) runs the same rule over every
lead as a catch-up, so a listener that failed, or a sweep that breached more than BATCH leads, loses no return."""

import logging

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext as _

from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.selectors import clocks_of_model

from .choices import OPEN_STATES
from .models import Lead, LeadAssignment
from .services import LeadStateError, lead_release_to_pool

logger = logging.getLogger(__name__)
BATCH = 500


def leads_to_return(now=None):
    """Owned open leads whose first-contact clock is breached and whose owner has held them since before the breach
    (a lead claimed after its clock ran out is not taken away again)."""
    breached = clocks_of_model(Lead).filter(
        object_id=OuterRef("pk"), kind=ClockKind.FIRST_CONTACT, state=ClockState.BREACHED
    )
    return (
        Lead.objects.filter(owner__isnull=False, state__in=OPEN_STATES)
        .annotate(breached_at=Subquery(breached.values("breached_at")[:1]))
        .filter(breached_at__isnull=False)
        .exclude(Exists(LeadAssignment.objects.filter(lead=OuterRef("pk"), at__gte=OuterRef("breached_at"))))
    )


def return_breached_leads(*, lead_ids=None) -> int:
    """Each lead in its own transaction (a lock held briefly); a lead changed meanwhile is skipped.
    lead_ids: only these leads (the breach listener); None: any lead (the catch-up)."""
    if not settings.LEADS_AUTO_RETURN_TO_POOL:
        return 0
    candidates = leads_to_return()
    if lead_ids is not None:
        candidates = candidates.filter(pk__in=list(lead_ids))
    returned = 0
    for lead in candidates.only("pk")[:BATCH]:
        try:
            lead_release_to_pool(lead=lead, by=None, note=_("first-contact deadline missed"))
        except LeadStateError:
            continue
        returned += 1
    if returned:
        logger.info("returned %d leads with a breached first-contact clock to the pool", returned)
    return returned
