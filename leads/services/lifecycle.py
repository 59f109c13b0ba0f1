"""A lead's life after capture: contacts, screening, won / lost. Clocks start and stop here, in the same
transaction as the event (ENGINEERING.md rule 3)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.services import customer_mark_existing
from decocrm.accounts.selectors import is_manager
from decocrm.sla.choices import ClockKind
from decocrm.sla.services import clock_cancel_all, clock_start, clock_stop

from ..choices import (
    LeadClockKind,
    LeadClockNote,
    LeadState,
    LostReason,
    ReferralRewardStatus,
    RejectReason,
    TransitionEvent,
)
from ..models import ContactLog, Lead
from ..permissions import can_manage_lead, can_work_lead
from .appointments import cancel_reconfirmations
from .common import (
    LeadPermissionError,
    LeadStateError,
    apply_transition,
    check_event_time,
    lock_lead,
    refresh_next_due,
    require_open,
)
from .consultations import cancel_question_clocks


def _workable(lead, by) -> Lead:
    lead = lock_lead(lead)
    require_open(lead)
    if lead.owner_id is None:
        raise LeadPermissionError(_("This lead is in the pool: claim it first."))
    if not can_work_lead(by, lead):
        raise LeadPermissionError(_("This lead belongs to another salesperson."))
    return lead


def _save(lead, *fields):
    lead.full_clean(validate_constraints=False)
    lead.save(update_fields=["state", "state_changed_at", *fields])


@transaction.atomic
def lead_log_contact(*, lead: Lead, by, channel: str, summary: str, next_step: str = "", at=None) -> ContactLog:
    """Record a contact. The first contact of a new lead moves it to contacted and stops the first-contact clock.
    `at` (when the contact took place) may not be in the future nor before the lead was entered."""
    at = at or timezone.now()
    check_event_time(lead, at, label=_("Contact time"))
    lead = _workable(lead, by)
    contact = ContactLog(lead=lead, channel=channel, at=at, summary=summary.strip(), next_step=next_step, by=by)
    contact.full_clean()
    contact.save()
    if lead.state == LeadState.NEW:
        apply_transition(lead, "first_contact", by=by, at=at, event=TransitionEvent.FIRST_CONTACT)
        _save(lead)
        clock_stop(kind=ClockKind.FIRST_CONTACT, subject=lead, at=at, by=by)
        refresh_next_due(lead)
    return contact


@transaction.atomic
def lead_qualify(*, lead: Lead, by, note: str = "", at=None) -> Lead:
    """Screening passed (有效): the measurement-booking clock starts (the design clock starts at the measurement
    visit: services/design.py)."""
    at = at or timezone.now()
    lead = _workable(lead, by)
    apply_transition(lead, "qualify", by=by, at=at, note=note)
    _save(lead)
    clock_start(kind=LeadClockKind.MEASUREMENT_BOOKING, subject=lead, at=at, by=by)
    return refresh_next_due(lead)


@transaction.atomic
def lead_reject(*, lead: Lead, by, reason: RejectReason | str, note: str = "", at=None) -> Lead:
    """Screening failed (无效), with a reason: every open clock is cancelled."""
    at = at or timezone.now()
    if reason not in RejectReason.values:
        raise ValidationError({"reason": _("Choose why the lead is rejected.")})
    lead = _workable(lead, by)
    apply_transition(lead, "reject", by=by, at=at, note=note)
    lead.reject_reason = reason
    _save(lead, "reject_reason")
    clock_cancel_all(subject=lead, code=LeadClockNote.REJECTED, at=at, by=by)
    cancel_reconfirmations(lead, code=LeadClockNote.REJECTED, at=at, by=by)
    cancel_question_clocks(lead, code=LeadClockNote.REJECTED, at=at, by=by)
    return refresh_next_due(lead)


@transaction.atomic
def lead_mark_lost(*, lead: Lead, by, reason: LostReason | str, note: str = "", at=None) -> Lead:
    """The customer went elsewhere (流失), with a reason: every open clock is cancelled."""
    at = at or timezone.now()
    if reason not in LostReason.values:
        raise ValidationError({"reason": _("Choose why the lead was lost.")})
    lead = _workable(lead, by)
    apply_transition(lead, "lose", by=by, at=at, note=note)
    lead.lost_reason = reason
    _save(lead, "lost_reason")
    clock_cancel_all(subject=lead, code=LeadClockNote.LOST, at=at, by=by)
    cancel_reconfirmations(lead, code=LeadClockNote.LOST, at=at, by=by)
    cancel_question_clocks(lead, code=LeadClockNote.LOST, at=at, by=by)
    return refresh_next_due(lead)


@transaction.atomic
def lead_mark_won(*, lead: Lead, by, note: str = "", at=None, event: str = "", params=None) -> Lead:
    """The contract is signed (签约), after the customer accepted a proposal (proposal_accepted): the customer
    becomes an existing one (seed 000 §6: 签订合同, 转为正式合作客户), a referral earns its reward (pending until a
    manager grants it), and any clock still open is cancelled. Until the contracts stage signs contracts, the owner
    marks it by hand. `event`/`params`: what the system says about it."""
    at = at or timezone.now()
    lead = _workable(lead, by)
    apply_transition(lead, "win", by=by, at=at, note=note, event=event, params=params)
    if lead.referred_by_customer_id or lead.referred_by_partner:
        lead.referral_reward_status = ReferralRewardStatus.PENDING
    _save(lead, "referral_reward_status")
    customer_mark_existing(customer=lead.customer, at=at)
    clock_cancel_all(subject=lead, code=LeadClockNote.WON, at=at, by=by)
    cancel_reconfirmations(lead, code=LeadClockNote.WON, at=at, by=by)
    cancel_question_clocks(lead, code=LeadClockNote.WON, at=at, by=by)
    return refresh_next_due(lead)


@transaction.atomic
def lead_grant_referral_reward(*, lead: Lead, by) -> Lead:
    """A manager confirms the referrer's reward was given."""
    lead = lock_lead(lead)
    if not is_manager(by) or not can_manage_lead(by, lead):
        raise LeadPermissionError(_("Only a manager may grant referral rewards."))
    if lead.referral_reward_status != ReferralRewardStatus.PENDING:
        raise LeadStateError(_("Only a pending referral reward can be granted (the referred lead must be won)."))
    lead.referral_reward_status = ReferralRewardStatus.GRANTED
    lead.full_clean(validate_constraints=False)
    lead.save(update_fields=["referral_reward_status"])
    return lead
