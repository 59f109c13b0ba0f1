"""Editing what was entered about a lead (channel, its detail, the enquiry, the partner who referred it). Its owner,
state, dates, team, designer and derived fields are never edited here: the lifecycle and ownership services change
them. Each edit is recorded in the lead's history under the user (the lead's timeline shows it)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from decocrm.core.history import record_by

from ..choices import Channel
from ..models import Lead
from ..permissions import can_work_lead
from .common import LeadPermissionError, lock_lead, require_open

LEAD_EDITABLE_FIELDS = ("channel", "channel_detail", "enquiry", "referred_by_partner")


def may_edit_lead(user, lead) -> bool:
    """The owner, and the managers in whose scope the lead is (team manager: their team's; company-wide: all), while
    the lead is open (a closed lead is a record; nothing more is done with it). A lead in the pool is claimed before
    it is worked."""
    return lead.is_open and can_work_lead(user, lead)


@transaction.atomic
def lead_update(*, lead: Lead, by, **changes) -> Lead:
    """Change the fields of LEAD_EDITABLE_FIELDS; anything else is a programming error (TypeError)."""
    unknown = set(changes) - set(LEAD_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable through this service: {', '.join(sorted(unknown))}")
    lead = lock_lead(lead)
    require_open(lead)
    if not may_edit_lead(by, lead):
        raise LeadPermissionError(_("You may not change this lead."))
    for name, value in changes.items():
        setattr(lead, name, value.strip() if isinstance(value, str) else value)
    if lead.channel == Channel.REFERRAL and lead.referred_by_customer_id is None and not lead.referred_by_partner:
        raise ValidationError({"referred_by_partner": _("Say who referred this customer (a customer or a partner).")})
    lead.full_clean(validate_constraints=False)
    record_by(lead, by).save(update_fields=[*changes])
    return lead
