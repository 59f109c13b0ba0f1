"""The contract page's actions, declared once (decocrm.core.actions): what the salesperson completes on a draft,
signing, and the payments received once signed."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decocrm.core.actions import Action, ActionSet

from . import services
from .choices import ContractState, DesignChangeState
from .forms import (
    BriefingForm,
    ChangeAgreementForm,
    DesignAssessForm,
    DesignChangeRequestForm,
    DesignDecideForm,
    DesignSignForm,
    FileForm,
    PaymentForm,
    ScheduleForm,
    SignForm,
    TerminationForm,
    TermsForm,
    WarrantyForm,
)
from .permissions import can_assess_design_change, can_work_contract
from .services.agreements import CHANGEABLE


def _of_contract(contract) -> dict:
    return {"contract": contract}  # the forms show the contract's current values and its payments


def _works_draft(user, contract) -> bool:
    return contract.state == ContractState.DRAFT and can_work_contract(user, contract)


def _works_signed(user, contract) -> bool:
    return contract.state not in (ContractState.DRAFT, ContractState.TERMINATED) and can_work_contract(user, contract)


def _works(user, contract) -> bool:
    return contract.state != ContractState.TERMINATED and can_work_contract(user, contract)


def _works_changeable(user, contract) -> bool:
    return contract.state in CHANGEABLE and can_work_contract(user, contract)


def _has_changes(*states):
    """Some design change of the contract is in one of `states` (reads the prefetched design changes)."""
    return lambda contract: any(change.state in states for change in contract.design_changes.all())


_to_assess = _has_changes(DesignChangeState.REQUESTED, DesignChangeState.ASSESSED)
_to_decide = _has_changes(DesignChangeState.ASSESSED)
_to_sign = _has_changes(DesignChangeState.ACCEPTED)


def _assesses(user, contract) -> bool:
    return contract.state in CHANGEABLE and _to_assess(contract) and can_assess_design_change(user, contract)


def _decides(user, contract) -> bool:
    return _works_changeable(user, contract) and _to_decide(contract)


def _signs_design(user, contract) -> bool:
    return _works_changeable(user, contract) and _to_sign(contract)


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


def _change(contract, by, data):
    agreement = services.contract_change_agreement(contract=contract, by=by, **data)
    return _("Change agreement %(number)d recorded: the contract now comes to ¥%(amount)s.") % {
        "number": agreement.number,
        "amount": agreement.amount_after,
    }


def _terminate(contract, by, data):
    services.contract_terminate(contract=contract, by=by, **data)
    return _("The contract is terminated by mutual agreement.")


def _design_request(contract, by, data):
    change = services.design_change_request(contract=contract, by=by, **data)
    return _("Design change %(number)d recorded: the designer assesses it.") % {"number": change.number}


def _design_assess(contract, by, data):
    services.design_change_assess(
        change=data["change"], by=by, impact_design=data["impact_design"], impact_days=data["impact_days"],
        impact_cost=data["impact_cost"],
    )  # fmt: skip
    return _("Assessment saved.")


def _design_decide(contract, by, data):
    accepted = data["decision"] == "accept"
    services.design_change_decide(change=data["change"], by=by, accepted=accepted, note=data["note"])
    return _("Design change accepted.") if accepted else _("Design change declined.")


def _design_sign(contract, by, data):
    change = services.design_change_sign(
        change=data["change"], by=by, signed_on=data["signed_on"], drawing=data["drawing"]
    )
    return _("The customer signed the changed design: drawing version %(version)d kept.") % {
        "version": change.drawing_version
    }


CONTRACT_ACTIONS = ActionSet(
    Action("terms", gettext_lazy("Edit terms"), _terms, TermsForm, allowed=_works_draft, icon="pencil-square",
           style="btn-outline-primary", object_form_kwargs=_of_contract),
    Action("warranty", gettext_lazy("Warranty items"), _warranty, WarrantyForm, allowed=_works_draft,
           icon="shield-check", style="btn-outline-primary", object_form_kwargs=_of_contract),
    Action("schedule", gettext_lazy("Payment schedule"), _schedule, ScheduleForm, allowed=_works_draft,
           icon="cash-stack", style="btn-outline-primary", object_form_kwargs=_of_contract, lazy=True),
    Action("briefing", gettext_lazy("Customer briefed"), _briefing, BriefingForm, allowed=_works_draft,
           icon="chat-square-text", style="btn-outline-primary", object_form_kwargs=_of_contract),
    Action("file", gettext_lazy("Attach a document"), _file, FileForm, allowed=_works, icon="paperclip",
           style="btn-outline-primary", object_form_kwargs=_of_contract, lazy=True),
    Action("sign", gettext_lazy("Sign the contract"), _sign, SignForm, transition="sign", icon="pen",
           style="btn-success", object_form_kwargs=_of_contract,
           confirm=gettext_lazy("Sign this contract? The lead becomes won and the customer a formal one.")),
    Action("payment", gettext_lazy("Record a payment"), _payment, PaymentForm, allowed=_works_signed,
           icon="currency-yen", object_form_kwargs=_of_contract, lazy=True),
    Action("design-request", gettext_lazy("Design change request"), _design_request, DesignChangeRequestForm,
           allowed=_works_changeable, icon="pencil-square", style="btn-outline-primary",
           object_form_kwargs=_of_contract, lazy=True),
    Action("design-assess", gettext_lazy("Assess a design change"), _design_assess, DesignAssessForm,
           allowed=_assesses, icon="clipboard-check", style="btn-outline-primary", object_form_kwargs=_of_contract,
           lazy=True),
    Action("design-decide", gettext_lazy("Decide a design change"), _design_decide, DesignDecideForm,
           allowed=_decides, icon="check2-square", style="btn-outline-primary", object_form_kwargs=_of_contract,
           lazy=True),
    Action("design-sign", gettext_lazy("Customer signs the changed design"), _design_sign, DesignSignForm,
           allowed=_signs_design, icon="pen", style="btn-outline-primary", object_form_kwargs=_of_contract,
           lazy=True),
    Action("change", gettext_lazy("Change agreement"), _change, ChangeAgreementForm, allowed=_works_changeable,
           icon="file-diff", style="btn-outline-primary", object_form_kwargs=_of_contract, lazy=True),
    Action("terminate", gettext_lazy("Terminate by agreement"), _terminate, TerminationForm, transition="terminate",
           icon="x-octagon", style="btn-outline-danger", object_form_kwargs=_of_contract, lazy=True,
           confirm=gettext_lazy("Terminate this contract? Both parties signed the termination agreement.")),
    url="contracts:action",
    live="contract-live",
)  # fmt: skip
