"""Key accounts [seed 004]: marking them (the sales department head and management, customers.permissions), the
account manager's contact cadence, visit records, the account's requests and the December review. Each service
starts and stops its clocks in its own transaction (customers.clocks says which clock runs on what)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.accounts.models import User
from decocrm.core.dates import check_happened
from decocrm.core.errors import DomainError
from decocrm.core.history import record_by
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.services import clock_cancel, clock_hand_over, clock_start, clock_stop, open_clock_for

from ..choices import KeyContactKind, KeyReviewDecision, KeyTier
from ..clocks import KEY_ACCOUNT_UNMARKED, KEY_TIER_CHANGED
from ..models import Customer, KeyAccountContact, KeyAccountRequest, KeyAccountReview
from ..permissions import can_keep_key_account, can_mark_key_accounts
from ..selectors import key_account_count
from .errors import CustomerPermissionError


class KeyAccountCapError(DomainError):
    pass


class KeyAccountStateError(DomainError):
    pass


def _check_marker(by):
    if not can_mark_key_accounts(by):
        raise CustomerPermissionError(_("Only the sales department head and management may mark key accounts."))


def _check_keeper(by, customer):
    if not customer.is_key_account:
        raise KeyAccountStateError(_("This customer is not a key account."))
    if not can_keep_key_account(by, customer):
        raise CustomerPermissionError(_("Only the account manager and their managers keep this key account."))


def _check_text(value, field):
    if not (value or "").strip():
        raise ValidationError({field: _("This field is required.")})
    return value.strip()


@transaction.atomic
def customer_set_key_account(
    *, customer: Customer, by: User, is_key_account: bool, tier: str = "", account_manager: User | None = None, at=None
) -> Customer:
    """Mark or unmark a key account, or change its tier or account manager. An account manager holds at most
    settings.KEY_ACCOUNTS_PER_MANAGER [004 §9]. Marking starts the contact cadence clock for the account manager;
    a new account manager takes the open clocks over (from now, clocks.hand_over); unmarking cancels the cadence
    (requests already recorded keep their clocks: the account still awaits the answer)."""
    _check_marker(by)
    at = at or timezone.now()
    customer = Customer.objects.select_for_update(of=("self",)).get(pk=customer.pk)
    was_key, previous_manager_id, previous_tier = (
        customer.is_key_account,
        customer.account_manager_id,
        customer.key_tier,
    )
    if is_key_account:
        if account_manager is None:
            raise ValidationError({"account_manager": _("A key account needs an account manager.")})
        if tier not in KeyTier.values:
            raise ValidationError({"key_tier": _("Choose the key-account tier.")})
        if not account_manager.is_active:
            raise ValidationError({"account_manager": _("Choose an active staff member.")})
        # The account manager's row serialises concurrent markings, so two of them cannot both take place 15.
        account_manager = User.objects.select_for_update().get(pk=account_manager.pk)
        cap = settings.KEY_ACCOUNTS_PER_MANAGER
        held = key_account_count(account_manager)
        if customer.is_key_account and customer.account_manager_id == account_manager.pk:
            held -= 1  # changing the tier of one they already manage
        if held >= cap:
            raise KeyAccountCapError(
                _("%(manager)s already manages %(cap)d key accounts, the most allowed. Choose another account manager.")
                % {"manager": account_manager.display_name, "cap": cap}
            )
        customer.is_key_account, customer.key_tier, customer.account_manager = True, tier, account_manager
    else:
        if not was_key:
            raise KeyAccountStateError(_("This customer is not a key account."))
        customer.is_key_account, customer.key_tier, customer.account_manager = False, "", None
    customer.full_clean(validate_constraints=False)
    record_by(customer, by).save()  # the change history names who marked it
    if is_key_account and not was_key:
        clock_start(kind=ClockKind.KEY_ACCOUNT_CONTACT, subject=customer, at=at, by=by)
    elif is_key_account and previous_manager_id != account_manager.pk:
        clock_hand_over(subject=customer, to_owner=account_manager, at=at, by=by)
        for request in KeyAccountRequest.objects.filter(customer=customer, solved_at=None):
            clock_hand_over(subject=request, to_owner=account_manager, at=at, by=by)
    elif is_key_account and previous_tier != tier:
        _recount_cadence(customer, at=at, by=by)
    elif not is_key_account:
        clock_cancel(kind=ClockKind.KEY_ACCOUNT_CONTACT, subject=customer, code=KEY_ACCOUNT_UNMARKED, at=at, by=by)
    return customer


def _recount_cadence(customer, *, at, by):
    """The tier changed under the same account manager: the running contact deadline is counted again with the new
    tier's cadence from the same start (the last contact), so a core account is due a week after it, not two. A
    clock already overdue stays as it is (its breach is on record); the next occurrence takes the new cadence."""
    running = open_clock_for(customer, ClockKind.KEY_ACCOUNT_CONTACT)
    if running is None:
        clock_start(kind=ClockKind.KEY_ACCOUNT_CONTACT, subject=customer, at=at, by=by)
        return
    if running.state != ClockState.RUNNING:  # already overdue (counted late) or paused: the next one uses the tier
        return
    started_at, sequence = running.started_at, running.sequence
    clock_cancel(kind=ClockKind.KEY_ACCOUNT_CONTACT, subject=customer, code=KEY_TIER_CHANGED, at=at, by=by)
    clock_start(kind=ClockKind.KEY_ACCOUNT_CONTACT, subject=customer, at=started_at, by=by, sequence=sequence)


@transaction.atomic
def key_account_log_contact(
    *, customer: Customer, by: User, kind: str, at=None, note: str = "", record: str = ""
) -> KeyAccountContact:
    """A call or a visit with the key account [004 §12]. It stops the running contact clock (met or late) and the
    next one starts from the contact; a contact from before the running clock started is recorded only. A visit
    starts its record clock (24 h from the visit [004 §13]), stopped at once when the record comes with it."""
    now = timezone.now()
    at = at or now
    customer = Customer.objects.select_for_update(of=("self",)).select_related("owner").get(pk=customer.pk)
    _check_keeper(by, customer)
    if kind not in KeyContactKind.values:
        raise ValidationError({"kind": _("Choose a call or a visit.")})
    # Not in the future; a customer may be older than its record here, so no lower bound but the company's floor.
    check_happened(at, field="at", label=_("Contact time"))
    record = (record or "").strip()
    if record and kind != KeyContactKind.VISIT:
        raise ValidationError({"record": _("Only a visit has a visit record.")})
    contact = KeyAccountContact(customer=customer, kind=kind, at=at, by=by, note=(note or "").strip())
    if record:
        contact.record, contact.recorded_at = record, now
    contact.full_clean()
    contact.save()
    running = open_clock_for(customer, ClockKind.KEY_ACCOUNT_CONTACT)
    if running is None:
        clock_start(kind=ClockKind.KEY_ACCOUNT_CONTACT, subject=customer, at=at, by=by)
    elif at >= running.started_at:
        clock_stop(kind=ClockKind.KEY_ACCOUNT_CONTACT, subject=customer, at=at, by=by)
    if kind == KeyContactKind.VISIT:
        clock_start(kind=ClockKind.VISIT_RECORD, subject=contact, at=at, by=by)
        if record:
            clock_stop(kind=ClockKind.VISIT_RECORD, subject=contact, at=now, by=by)
    return contact


@transaction.atomic
def key_account_record_visit(*, contact: KeyAccountContact, by: User, record: str) -> KeyAccountContact:
    """The visit's record, entered after it (within 24 hours [004 §13]): stops the visit-record clock."""
    contact = KeyAccountContact.objects.select_for_update(of=("self",)).select_related("customer").get(pk=contact.pk)
    _check_keeper(by, contact.customer)
    if contact.kind != KeyContactKind.VISIT:
        raise KeyAccountStateError(_("Only a visit has a visit record."))
    if contact.recorded_at is not None:
        raise KeyAccountStateError(_("This visit's record was already entered."))
    contact.record, contact.recorded_at = _check_text(record, "record"), timezone.now()
    contact.full_clean()
    contact.save()
    clock_stop(kind=ClockKind.VISIT_RECORD, subject=contact, at=contact.recorded_at, by=by)
    return contact


@transaction.atomic
def key_account_request_record(
    *, customer: Customer, by: User, content: str, channel: str, at=None
) -> KeyAccountRequest:
    """A key account's request [004 §15]: the response is due in 1 hour, an initial solution in 24."""
    at = at or timezone.now()
    customer = Customer.objects.select_for_update(of=("self",)).select_related("owner").get(pk=customer.pk)
    _check_keeper(by, customer)
    request = KeyAccountRequest(
        customer=customer, content=_check_text(content, "content"), channel=channel, recorded_at=at, recorded_by=by
    )
    request.full_clean()
    request.save()
    clock_start(kind=ClockKind.KEY_ACCOUNT_RESPONSE, subject=request, at=at, by=by)
    clock_start(kind=ClockKind.KEY_ACCOUNT_SOLUTION, subject=request, at=at, by=by)
    return request


def _locked_request(request, by):
    request = (
        KeyAccountRequest.objects.select_for_update(of=("self",)).select_related("customer__owner").get(pk=request.pk)
    )
    _check_keeper(by, request.customer)
    return request


@transaction.atomic
def key_account_request_respond(*, request: KeyAccountRequest, by: User, response: str, at=None) -> KeyAccountRequest:
    """The account manager answered the request: stops the 1-hour response clock."""
    at = at or timezone.now()
    request = _locked_request(request, by)
    if request.responded_at is not None:
        raise KeyAccountStateError(_("This request was already answered."))
    request.response, request.responded_at, request.responded_by = _check_text(response, "response"), at, by
    request.full_clean()
    request.save()
    clock_stop(kind=ClockKind.KEY_ACCOUNT_RESPONSE, subject=request, at=at, by=by)
    return request


@transaction.atomic
def key_account_request_solve(*, request: KeyAccountRequest, by: User, solution: str, at=None) -> KeyAccountRequest:
    """The initial solution given: stops the 24-hour solution clock. A solution given before any response is the
    response too (both clocks stop)."""
    at = at or timezone.now()
    request = _locked_request(request, by)
    if request.solved_at is not None:
        raise KeyAccountStateError(_("This request already has its initial solution."))
    request.solution, request.solved_at, request.solved_by = _check_text(solution, "solution"), at, by
    if request.responded_at is None:
        request.response, request.responded_at, request.responded_by = request.solution, at, by
        clock_stop(kind=ClockKind.KEY_ACCOUNT_RESPONSE, subject=request, at=at, by=by)
    request.full_clean()
    request.save()
    clock_stop(kind=ClockKind.KEY_ACCOUNT_SOLUTION, subject=request, at=at, by=by)
    return request


@transaction.atomic
def key_account_review_decide(
    *, customer: Customer, by: User, decision: str, note: str = "", at=None
) -> KeyAccountReview:
    """The year's review decision [004 §5]: keep, downgrade a core account to ordinary, or remove it from the key
    accounts (which cancels its cadence). One decision per account and year; deciding again replaces it."""
    _check_marker(by)
    at = at or timezone.now()
    customer = Customer.objects.select_for_update(of=("self",)).get(pk=customer.pk)
    if not customer.is_key_account:
        raise KeyAccountStateError(_("This customer is not a key account."))
    if decision not in KeyReviewDecision.values:
        raise ValidationError({"decision": _("Choose keep, downgrade or remove.")})
    if decision == KeyReviewDecision.DOWNGRADE and customer.key_tier != KeyTier.CORE:
        raise KeyAccountStateError(_("Only a core key account can be downgraded."))
    year = timezone.localtime(at).year
    review = KeyAccountReview.objects.filter(customer=customer, year=year).first() or KeyAccountReview(
        customer=customer, year=year
    )
    review.decision, review.note, review.tier_before = decision, (note or "").strip(), customer.key_tier
    review.decided_at, review.decided_by = at, by
    review.full_clean(validate_constraints=False)  # one per year: found above, under the customer's lock
    review.save()
    if decision == KeyReviewDecision.DOWNGRADE:
        customer_set_key_account(
            customer=customer, by=by, is_key_account=True, tier=KeyTier.ORDINARY,
            account_manager=customer.account_manager, at=at,
        )  # fmt: skip
    elif decision == KeyReviewDecision.REMOVE:
        customer_set_key_account(customer=customer, by=by, is_key_account=False, at=at)
    return review
