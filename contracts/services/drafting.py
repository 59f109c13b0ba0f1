"""A contract is drafted from the lead's accepted proposal (its quote is the amount) and completed while a draft:
terms, warranty items (defaults from seed 000 §9, editable before signing), the payment schedule (which always adds
up to the amount, to the fen) and the briefing checklist [seed 000 §7]."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from decocrm.core.dates import PLAN_DATE
from decocrm.core.figures import bump_figures
from decocrm.core.history import record_by
from leads.choices import LeadState, ProposalResponse
from leads.permissions import can_work_lead

from ..choices import DEFAULT_WARRANTY, ContractEvent, ContractState
from ..models import Contract, PaymentMilestone, WarrantyItem
from ..selectors import RECEIVABLE_FIGURES
from .common import ContractPermissionError, ContractStateError, require_draft, workable
from .money import money
from .schedule import schedule_rows

TERM_FIELDS = ("scope", "start_date", "end_date", "quality_standard", "payment_terms", "liability_terms")


@transaction.atomic
def contract_draft(*, lead, by, at=None) -> Contract:
    """The draft contract of a lead whose customer accepted a proposal: its quote is the amount, its construction
    days the planned duration. Refused: no accepted proposal, a live contract already, someone who does not work
    the lead."""
    at = at or timezone.now()
    if not can_work_lead(by, lead):
        raise ContractPermissionError(_("Only the lead's salesperson or a manager drafts its contract."))
    lead = type(lead).objects.select_for_update(of=("self",)).select_related("customer").get(pk=lead.pk)
    if lead.state != LeadState.PROPOSAL_ACCEPTED:
        raise ContractStateError(
            _("A contract is drafted once the customer accepted a proposal (this lead is “%(state)s”).")
            % {"state": lead.get_state_display()}
        )
    proposal = lead.proposals.filter(response=ProposalResponse.ACCEPTED).order_by("-version").first()
    if proposal is None or not proposal.quote_amount:
        raise ContractStateError(_("The lead has no accepted proposal with a quote to draft the contract from."))
    if Contract.objects.filter(lead=lead).exclude(state=ContractState.TERMINATED).exists():
        raise ContractStateError(_("This lead already has a contract."))
    contract = Contract(
        lead=lead,
        proposal=proposal,
        customer=lead.customer,
        owner=lead.owner,
        team=lead.team,
        scope=_proposal_scope(proposal),
        amount=money(proposal.quote_amount),
        state_changed_at=at,
        created_at=at,
        created_by=by,
    )
    contract.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            record_by(contract, by).save()
    except IntegrityError:  # a concurrent draft of the same lead won the unique constraint
        raise ContractStateError(_("This lead already has a contract.")) from None
    Contract.machine.record_start(
        contract, by=by, at=at, event=ContractEvent.DRAFTED, params={"version": proposal.version}
    )
    with translation.override(settings.LANGUAGE_CODE):  # stored text, in the company language
        WarrantyItem.objects.bulk_create(
            WarrantyItem(contract=contract, name=str(name), years=years) for name, years in DEFAULT_WARRANTY
        )
    return contract


def _proposal_scope(proposal) -> str:
    lines = [proposal.style, proposal.layout_notes, proposal.material_list]
    return "\n".join(line for line in lines if line).strip() or str(proposal)


@transaction.atomic
def contract_update_terms(*, contract, by, **fields) -> Contract:
    unknown = set(fields) - set(TERM_FIELDS)
    if unknown:
        raise TypeError(f"not a contract term: {sorted(unknown)}")
    contract = workable(contract, by)
    require_draft(contract)
    for name, value in fields.items():
        setattr(contract, name, value)
    for name in ("start_date", "end_date"):
        if name in fields and fields[name] is not None:
            PLAN_DATE.check(fields[name], field=name, label=Contract._meta.get_field(name).verbose_name)
    if contract.start_date and contract.end_date and contract.end_date < contract.start_date:
        raise ValidationError({"end_date": _("The end date is before the start date.")})
    contract.full_clean(validate_constraints=False)
    record_by(contract, by).save(update_fields=list(fields))
    return contract


@transaction.atomic
def contract_set_warranty_items(*, contract, by, items) -> Contract:
    """Replace the warranty items: `items` is a list of (name, years). At least one; names unique; 1–30 years."""
    contract = workable(contract, by)
    require_draft(contract)
    cleaned, seen = [], set()
    for position, (name, years) in enumerate(items, 1):
        name = (name or "").strip()
        if not name:
            raise ValidationError({"items": _("Row %(row)d: name the warranty item.") % {"row": position}})
        if name in seen:
            raise ValidationError(
                {"items": _("Row %(row)d: “%(name)s” is listed twice.") % {"row": position, "name": name}}
            )
        try:
            years = int(years)
        except (TypeError, ValueError):
            years = 0
        if not 1 <= years <= 30:
            raise ValidationError({"items": _("Row %(row)d: a warranty lasts 1 to 30 years.") % {"row": position}})
        seen.add(name)
        cleaned.append(WarrantyItem(contract=contract, name=name, years=years))
    if not cleaned:
        raise ValidationError({"items": _("A contract has at least one warranty item.")})
    contract.warranty_items.all().delete()
    WarrantyItem.objects.bulk_create(cleaned)
    return contract


@transaction.atomic
def contract_set_schedule(*, contract, by, milestones) -> Contract:
    """Replace the payment schedule. Each milestone: kind, name, amount or percent, due_on (a date) or due_stage (a
    stage's acceptance). The schedule must add up to the contract amount exactly."""
    contract = workable(contract, by)
    require_draft(contract)
    built = schedule_rows(contract, contract.amount, list(milestones))
    contract.milestones.all().delete()
    PaymentMilestone.objects.bulk_create(built)
    bump_figures(RECEIVABLE_FIGURES)  # bulk writes send no signal (apps.drop_receivable_figures)
    return contract


@transaction.atomic
def contract_record_briefing(
    *, contract, by, told_process: bool, told_stage_dates: bool, told_customer_duties: bool,
    told_after_sales_policy: bool, at=None,
) -> Contract:  # fmt: skip
    """What the salesperson told the customer before signing [seed 000 §7]: the process, the stage dates, the
    customer's own duties, the after-sales policy."""
    at = at or timezone.now()
    contract = workable(contract, by)
    require_draft(contract)
    contract.told_process, contract.told_stage_dates = bool(told_process), bool(told_stage_dates)
    contract.told_customer_duties, contract.told_after_sales_policy = (
        bool(told_customer_duties),
        bool(told_after_sales_policy),
    )
    contract.briefed_at, contract.briefed_by = at, by
    record_by(contract, by).save(
        update_fields=[
            "told_process",
            "told_stage_dates",
            "told_customer_duties",
            "told_after_sales_policy",
            "briefed_at",
            "briefed_by",
        ]
    )
    return contract
