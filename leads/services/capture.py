"""Entering a lead, with ownership protection (客源保护): a phone or organisation that is already a customer never
becomes a silent duplicate; the attempt is recorded as a collision (撞单) instead."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from customers.models import Customer
from customers.names import normalize_organisation_name
from customers.phones import normalize_phone
from customers.selectors import find_existing_customer
from customers.services import DuplicateCustomerError, customer_create, customer_transfer_ownership
from decocrm.accounts.selectors import is_manager
from decocrm.core.dates import check_happened
from decocrm.core.errors import DomainError
from decocrm.sla.choices import ClockKind
from decocrm.sla.services import clock_start

from ..choices import OPEN_STATES, AssignmentKind, Channel, ContactChannel, LeadState
from ..models import Collision, Lead, LeadAssignment
from ..selectors import can_capture_leads
from .common import LeadPermissionError, LeadStateError, refresh_next_due
from .consultations import record_question
from .edits import lead_update
from .hand_over_notices import lead_hand_over_notices
from .ownership import check_holding_cap, next_on_duty

CAPTURER = object()  # lead_capture's default owner: whoever enters the lead


class RepeatEnquiryError(LeadStateError):
    """The phone or organisation is the capturer's own customer, who has leads already: nothing was created; the
    page shows the customer's open lead (`open_lead`, or None) and asks before a new enquiry is entered
    (`lead_capture(..., confirm_repeat=True)`)."""

    def __init__(self, customer, open_lead, lead_count):
        self.customer, self.open_lead, self.lead_count = customer, open_lead, lead_count
        if open_lead is not None:
            message = _("%(name)s is already your customer and has an open lead.") % {"name": customer.name}
        else:
            message = ngettext(
                "%(name)s is already your customer, with %(count)d earlier lead.",
                "%(name)s is already your customer, with %(count)d earlier leads.",
                lead_count,
            ) % {
                "name": customer.name,
                "count": lead_count,
            }
        super().__init__(message)


class LeadCollisionError(DomainError):
    """The lead matched an existing customer. `collision` is saved (it outlives the failed capture)."""

    def __init__(self, collision):
        self.collision = collision
        if collision.owner_id:
            message = _(
                "%(name)s is already a customer of %(owner)s (since %(since)s). Nothing was created; the attempt "
                "was recorded and you may appeal."
            ) % {
                "name": collision.customer.name,
                "owner": collision.owner.display_name,
                "since": timezone.localtime(collision.owned_since).strftime("%Y-%m-%d")
                if collision.owned_since
                else "-",
            }
        else:
            message = _("%(name)s is already a customer and is in the lead pool: claim it there.") % {
                "name": collision.customer.name
            }
        super().__init__(message)


def lead_capture(
    *,
    by,
    channel: Channel | str,
    name: str,
    phone: str = "",
    is_organisation: bool = False,
    channel_detail: str = "",
    enquiry: str = "",
    referred_by_customer: Customer | None = None,
    referred_by_partner: str = "",
    owner=CAPTURER,
    round_robin: bool = False,
    question: str = "",
    question_channel: str = ContactChannel.PHONE,
    confirm_repeat: bool = False,
    at=None,
    **customer_fields,
) -> Lead:
    """Enter a lead: the customer (new, or the capturer's own existing one) and the lead, which starts the
    first-contact clock.

    owner: CAPTURER (default) = `by`; None = straight into the pool; another user = a manager's assignment.
    round_robin: give it to the next on-duty salesperson instead (walk-in and online leads).
    question: a question that could not be answered on the spot, recorded with its reply clock (consultations.py).
    Raises LeadCollisionError (the Collision saved) when the phone or organisation is someone else's customer, and
    RepeatEnquiryError when it is the capturer's own customer who has leads already, unless `confirm_repeat`: then
    a customer with an open lead gets the new enquiry added to that lead (one open lead per customer), and one
    whose leads are all closed gets a new lead.
    Only the roles that may own leads enter them (selectors.can_capture_leads).

    Not atomic as a whole, on purpose: the capture runs in a transaction (savepoint) that a collision rolls back,
    and the collision record is written after it, so the record stays.
    """
    at = at or timezone.now()
    check_happened(at, field="at", label=_("Time"))
    try:
        with transaction.atomic():
            return _capture(
                by=by,
                channel=channel,
                name=name,
                phone=phone,
                is_organisation=is_organisation,
                channel_detail=channel_detail,
                enquiry=enquiry,
                referred_by_customer=referred_by_customer,
                referred_by_partner=referred_by_partner,
                owner=owner,
                round_robin=round_robin,
                question=(question, question_channel),
                confirm_repeat=confirm_repeat,
                at=at,
                customer_fields=customer_fields,
            )
    except DuplicateCustomerError as duplicate:
        collision = _record_collision(
            duplicate, by=by, at=at, name=name, phone=phone, channel=channel, channel_detail=channel_detail
        )
    raise LeadCollisionError(collision)


@transaction.atomic
def _record_collision(duplicate, *, by, at, name, phone, channel, channel_detail) -> Collision:
    customer = duplicate.customer
    collision = Collision(
        attempted_by=by,
        attempted_at=at,
        customer=customer,
        matched_on=duplicate.matched_on,
        owner_id=customer.owner_id,
        owned_since=customer.owned_since,
        attempted_name=name[:200],
        attempted_phone=customer.phone if duplicate.matched_on == "phone" else "",
        channel=channel,
        channel_detail=channel_detail,
    )
    collision.full_clean()
    collision.save()
    return collision


def _resolve_owner(*, by, owner, round_robin, at):
    if round_robin:
        return next_on_duty(at=at), AssignmentKind.ROUND_ROBIN
    if owner is CAPTURER:
        check_holding_cap(by)
        return by, AssignmentKind.CAPTURE
    if owner is not None and owner.pk != by.pk and not is_manager(by):
        raise LeadPermissionError(_("Only a manager may enter a lead for another salesperson."))
    return owner, AssignmentKind.CAPTURE


def _existing_own_customer(*, by, phone, name, is_organisation, confirm_repeat):
    """(customer, open lead) for the capturer's own customer with this phone / organisation (a repeat enquiry,
    confirmed: else RepeatEnquiryError), DuplicateCustomerError when it is someone else's, (None, None) when it is
    new."""
    canonical = ""
    if phone:
        try:
            canonical = normalize_phone(phone)
        except ValidationError as error:
            raise ValidationError({"phone": error.messages}) from error
    existing, matched_on = find_existing_customer(
        phone=canonical, organisation_name_normalized=normalize_organisation_name(name) if is_organisation else ""
    )
    if existing is None:
        return None, None
    if existing.owner_id != by.pk:
        raise DuplicateCustomerError(existing, matched_on)
    existing = Customer.objects.select_for_update().get(pk=existing.pk)
    leads = list(Lead.objects.filter(customer=existing).only("pk", "state", "customer_id"))
    open_lead = next((lead for lead in leads if lead.state in OPEN_STATES), None)
    if leads and not confirm_repeat:
        raise RepeatEnquiryError(existing, open_lead, len(leads))
    return existing, open_lead


def _add_enquiry(lead, *, by, at, channel, channel_detail, enquiry) -> Lead:
    """A confirmed repeat enquiry of a customer whose lead is open: written into that lead's enquiry (an edit, in
    its history), dated and with where it came from."""
    lead = Lead.objects.get(pk=lead.pk)
    came_from = Channel(channel).label if channel in Channel.values else channel
    if channel_detail:
        came_from = f"{came_from} · {channel_detail}"
    added = f"{timezone.localtime(at):%Y-%m-%d} ({came_from}): {enquiry.strip() or _('a new enquiry')}"
    text = f"{lead.enquiry}\n\n{added}" if lead.enquiry else added
    return lead_update(lead=lead, by=by, enquiry=text)


def _capture(*, by, channel, name, phone, is_organisation, channel_detail, enquiry, referred_by_customer,
             referred_by_partner, owner, round_robin, question, confirm_repeat, at,
             customer_fields) -> Lead:  # fmt: skip
    if not by.is_authenticated:
        raise LeadPermissionError(_("Sign in to enter leads."))
    if not can_capture_leads(by):
        raise LeadPermissionError(_("Only salespeople and managers enter leads."))
    if channel == Channel.REFERRAL and referred_by_customer is None and not referred_by_partner.strip():
        raise ValidationError({"referred_by_partner": _("Say who referred this customer (a customer or a partner).")})
    customer, open_lead = _existing_own_customer(
        by=by, phone=phone, name=name, is_organisation=is_organisation, confirm_repeat=confirm_repeat
    )
    if open_lead is not None:
        return _add_enquiry(open_lead, by=by, at=at, channel=channel, channel_detail=channel_detail, enquiry=enquiry)
    owner, kind = _resolve_owner(by=by, owner=owner, round_robin=round_robin, at=at)
    if customer is None:
        customer = customer_create(
            by=by, owner=owner, at=at, name=name, phone=phone, is_organisation=is_organisation, **customer_fields
        )
    lead = Lead(
        customer=customer,
        channel=channel,
        channel_detail=channel_detail,
        enquiry=enquiry,
        referred_by_customer=referred_by_customer,
        referred_by_partner=referred_by_partner,
        owner=owner,
        team=owner.team if owner else by.team,
        state=LeadState.NEW,
        created_by=by,
        created_at=at,
        state_changed_at=at,
        pool_entered_at=None if owner else at,
    )
    lead.full_clean(validate_constraints=False)  # one open lead per customer: checked above under the row lock
    lead.save()
    Lead.machine.record_start(lead, by=by, at=at)
    assignment = LeadAssignment.objects.create(lead=lead, kind=kind, from_owner=None, to_owner=owner, by=by, at=at)
    lead_hand_over_notices(lead, assignment)  # entered for someone else, or given in rotation: they are told
    if customer.owner_id != (owner.pk if owner else None):
        customer_transfer_ownership(customer=customer, owner=owner, at=at, by=by)
    clock_start(kind=ClockKind.FIRST_CONTACT, subject=lead, at=at, by=by)
    text, channel = question
    if text.strip():
        record_question(lead, by=by, question=text, channel=channel, at=at)
    return refresh_next_due(lead)
