"""The contract page's actions, declared once (decocrm.core.actions): what the salesperson completes on a draft,
signing, and the payments received once signed."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decocrm.core.actions import Action, ActionSet

from . import services
from .choices import ContractState
from .forms import BriefingForm, FileForm, PaymentForm, ScheduleForm, SignForm, TermsForm, WarrantyForm
from .permissions import can_work_contract


def _of_contract(contract) -> dict:
    return {"contract": contract}  # the forms show the contract's current values and its payments


def _works_draft(user, contract) -> bool:
    return contract.state == ContractState.DRAFT and can_work_contract(user, contract)


def _works_signed(user, contract) -> bool:
    return contract.state not in (ContractState.DRAFT, ContractState.TERMINATED) and can_work_contract(user, contract)


def _works(user, contract) -> bool:
    return contract.state != ContractState.TERMINATED and can_work_contract(user, contract)


def _terms(contract, by, data):
    services.contract_update_terms(contract=contract, by=by, **data)
    return _("Terms saved.")


def _warranty(contract, by, data):
    services.contract_set_warranty_items(contract=contract, by=by, items=data["items"])
    return _("Warranty items saved.")


def _schedule(contract, by, data):
    services.contract_set_schedule(contract=contract, by=by, milestones=data["milestones"])
    return _("Payment schedule saved.")


def _briefing(contract, by, data):
    services.contract_record_briefing(contract=contract, by=by, **data)
    return _("Briefing recorded.")


def _file(contract, by, data):
    services.contract_add_file(contract=contract, by=by, kind=data["kind"], upload=data["upload"])
    return _("Document attached.")


def _sign(contract, by, data):
    contract = services.contract_sign(contract=contract, by=by, **data)
    return _("Contract %(number)s signed: the lead is won.") % {"number": contract.number}


def _payment(contract, by, data):
    services.milestone_record_payment(
        milestone=data["milestone"], by=by, amount=data["amount"], received_on=data["received_on"]
    )
    return _("Payment recorded.")


CONTRACT_ACTIONS = ActionSet(
    Action("terms", gettext_lazy("Edit terms"), _terms, TermsForm, allowed=_works_draft, icon="pencil-square",
           style="btn-outline-primary", object_form_kwargs=_of_contract),
    Action("warranty", gettext_lazy("Warranty items"), _warranty, WarrantyForm, allowed=_works_draft,
           icon="shield-check", style="btn-outline-primary", object_form_kwargs=_of_contract),
    Action("schedule", gettext_lazy("Payment schedule"), _schedule, ScheduleForm, allowed=_works_draft,
           icon="cash-stack", style="btn-outline-primary", object_form_kwargs=_of_contract),
    Action("briefing", gettext_lazy("Customer briefed"), _briefing, BriefingForm, allowed=_works_draft,
           icon="chat-square-text", style="btn-outline-primary", object_form_kwargs=_of_contract),
    Action("file", gettext_lazy("Attach a document"), _file, FileForm, allowed=_works, icon="paperclip",
           style="btn-outline-primary", object_form_kwargs=_of_contract),
    Action("sign", gettext_lazy("Sign the contract"), _sign, SignForm, transition="sign", icon="pen",
           style="btn-success", object_form_kwargs=_of_contract,
           confirm=gettext_lazy("Sign this contract? The lead becomes won and the customer a formal one.")),
    Action("payment", gettext_lazy("Record a payment"), _payment, PaymentForm, allowed=_works_signed,
           icon="currency-yen", object_form_kwargs=_of_contract),
    url="contracts:action",
    live="contract-live",
)  # fmt: skip
