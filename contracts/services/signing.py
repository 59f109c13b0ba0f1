"""Signing [seed 000 §6, §7]: the company seal and the customer's signature recorded, copies to business, finance and
construction, the briefing done, the customer survey form attached, a schedule that adds up to the amount. Signing
gives the contract its number, makes the lead won and the customer formal (leads.lead_mark_won), starts the
archive-handover clock (3 WD; the archive stage stops it) and tells the later stages (hooks.py: `projects` starts
the construction project there)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.core.dates import check_happened
from decocrm.core.history import record_by
from decocrm.sla.choices import ClockKind
from decocrm.sla.services import clock_start
from leads.choices import TransitionEvent
from leads.services import lead_mark_won

from ..choices import ContractEvent, ContractFileKind
from ..hooks import contract_signed_listeners
from ..models import ContractNumber
from .common import ContractStateError, fire, require_draft, workable


def next_contract_number(year: int) -> str:
    """The next number of `year` (settings.CONTRACT_NUMBER_PATTERN): the year's counter row is locked until the
    signing transaction ends, so two signings never share a number and an undone signing leaves no gap."""
    ContractNumber.objects.get_or_create(year=year)
    counter = ContractNumber.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return settings.CONTRACT_NUMBER_PATTERN.format(year=year, seq=counter.last)


def signing_problems(contract) -> list[str]:
    """Why the contract cannot be signed yet (empty: it can). Reads the contract's files, warranty items and
    payments through `.all()`, so a page that prefetched them runs no query here."""
    problems = []
    if not contract.briefed:
        problems.append(
            _(
                "Record that the customer was told the process, the stage dates, their duties and the after-sales "
                "policy."
            )
        )
    if not any(document.kind == ContractFileKind.SURVEY for document in contract.files.all()):
        problems.append(_("Attach the designer's customer survey form."))
    if not contract.warranty_items.all():
        problems.append(_("List the warranty items."))
    if sum(milestone.amount for milestone in contract.milestones.all()) != contract.amount:
        problems.append(_("Set a payment schedule that adds up to the contract amount."))
    if not (contract.start_date and contract.end_date):
        problems.append(_("Give the start and end dates."))
    return problems


@transaction.atomic
def contract_sign(
    *, contract, by, signed_on, company_sealed: bool, customer_signed: bool, copy_to_business: bool,
    copy_to_finance: bool, copy_to_construction: bool, at=None,
) -> "Contract":  # noqa: F821  # fmt: skip
    at = at or timezone.now()
    contract = workable(contract, by)
    require_draft(contract)
    drafted = timezone.localtime(contract.created_at).date()
    check_happened(signed_on, field="signed_on", label=_("Signed on"), now=at)
    if signed_on < drafted:
        raise ValidationError(
            {"signed_on": _("A contract is not signed before it was drafted (%(day)s).") % {"day": drafted}}
        )
    if not (company_sealed and customer_signed):
        raise ValidationError(
            {"customer_signed": _("A contract is signed with the company seal and the customer's signature.")}
        )
    if not (copy_to_business and copy_to_finance and copy_to_construction):
        raise ValidationError({"copy_to_construction": _("Record the copies to business, finance and construction.")})
    problems = signing_problems(contract)
    if problems:
        raise ContractStateError(" ".join(problems))
    contract.number = next_contract_number(signed_on.year)
    contract.signed_on = signed_on
    contract.company_sealed, contract.customer_signed = True, True
    contract.copy_to_business = contract.copy_to_finance = contract.copy_to_construction = True
    fire(contract, "sign", by=by, at=at, event=ContractEvent.SIGNED, params={"number": contract.number})
    contract.full_clean(validate_constraints=False)
    record_by(contract, by).save()
    lead_mark_won(
        lead=contract.lead, by=by, at=at, event=TransitionEvent.CONTRACT_SIGNED, params={"number": contract.number}
    )
    clock_start(kind=ClockKind.ARCHIVE_HANDOVER, subject=contract, at=at, by=by)
    for listener in contract_signed_listeners():
        listener(contract, by=by, at=at)
    return contract
