"""Contracts drafted from the accepted proposal, completed while a draft, signed (issue 10): every rule and refusal."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from contracts.choices import ContractState
from contracts.hooks import _SIGNED, register_contract_signed_listener
from contracts.models import Contract, ContractTransition
from contracts.services import (
    ContractPermissionError,
    ContractStateError,
    contract_draft,
    contract_set_schedule,
    contract_set_warranty_items,
    contract_sign,
    contract_update_terms,
    milestone_record_payment,
)
from contracts.services.drafting import money
from customers.choices import CustomerClass
from decocrm.accounts.choices import Role
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.selectors import clocks_for_subject
from leads.choices import LeadState

from .conftest import DRAFTED_AT, SIGNED_ON, accepted_lead, ready_to_sign

pytestmark = pytest.mark.django_db
SIGNED_AT = DRAFTED_AT + timedelta(days=3)


def sign(contract, by, **overrides):
    fields = {
        "signed_on": SIGNED_ON, "company_sealed": True, "customer_signed": True, "copy_to_business": True,
        "copy_to_finance": True, "copy_to_construction": True, "at": SIGNED_AT,
    }  # fmt: skip
    return contract_sign(contract=contract, by=by, **{**fields, **overrides})


# --- drafting


def test_a_draft_takes_the_accepted_quote_the_warranty_defaults_and_the_lead_owner(draft, accepted, salesperson):
    assert (draft.state, draft.amount, draft.owner, draft.customer) == (
        ContractState.DRAFT, Decimal("186000.00"), salesperson, accepted.customer)  # fmt: skip
    assert isinstance(draft.amount, Decimal) and draft.number is None
    assert sorted(draft.warranty_items.values_list("years", flat=True)) == [2, 5]  # seed 000 §9
    (start,) = ContractTransition.objects.filter(contract=draft)
    assert (start.from_state, start.to_state, start.params) == ("", ContractState.DRAFT, {"version": 1})


def test_no_draft_without_an_accepted_proposal(capture, salesperson):
    from tests.leads.design_helpers import delivered

    lead, _proposal = delivered(capture, salesperson)  # delivered, not yet accepted
    with pytest.raises(ContractStateError, match="accepted a proposal"):
        contract_draft(lead=lead, by=salesperson, at=DRAFTED_AT)
    assert not Contract.objects.exists()


def test_one_live_contract_per_lead(draft, accepted, salesperson):
    with pytest.raises(ContractStateError, match="already has a contract"):
        contract_draft(lead=accepted, by=salesperson, at=DRAFTED_AT)


def test_only_who_works_the_lead_drafts(accepted, colleague, make_staff, manager):
    for outsider in (colleague, make_staff(Role.DESIGNER), make_staff(Role.PROJECT_MANAGER)):
        with pytest.raises(ContractPermissionError):
            contract_draft(lead=accepted, by=outsider, at=DRAFTED_AT)
    assert contract_draft(lead=accepted, by=manager, at=DRAFTED_AT).owner == accepted.owner  # acting for them


def test_terms_dates_in_order_and_in_a_sane_window(draft, salesperson):
    with pytest.raises(ValidationError) as refused:
        contract_update_terms(contract=draft, by=salesperson, start_date=date(2026, 5, 1), end_date=date(2026, 4, 1))
    assert "end_date" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        contract_update_terms(contract=draft, by=salesperson, start_date=date(1, 1, 1))
    assert "start_date" in refused.value.message_dict


# --- money and the schedule


@pytest.mark.parametrize(
    ("typed", "stored"), [("12800.5", Decimal("12800.50")), ("0.015", Decimal("0.02")), (12.345, Decimal("12.35"))]
)
def test_money_is_decimal_to_the_fen(typed, stored):
    assert money(typed) == stored


@pytest.mark.parametrize("typed", ["0", "-5", "abc", None, "NaN"])
def test_money_refuses_what_is_not_a_positive_amount(typed):
    with pytest.raises(ValidationError):
        money(typed)


def test_percentages_that_add_up_to_100_give_exactly_the_amount(draft, salesperson):
    thirds = [{"name": f"第{n}期", "percent": "33.33", "due_on": date(2026, 4, n)} for n in (1, 2)]
    thirds.append({"name": "尾款", "percent": "33.34", "due_stage": "completion"})
    contract_set_schedule(contract=draft, by=salesperson, milestones=thirds)
    amounts = list(draft.milestones.values_list("amount", flat=True))
    assert amounts == [Decimal("61993.80"), Decimal("61993.80"), Decimal("62012.40")]
    assert sum(amounts) == draft.amount


def test_a_schedule_that_does_not_add_up_is_refused_and_the_old_one_kept(draft, salesperson):
    ready_to_sign(draft, salesperson)
    before = list(draft.milestones.values_list("amount", flat=True))
    with pytest.raises(ValidationError, match="add up to"):
        contract_set_schedule(
            contract=draft, by=salesperson, milestones=[{"name": "定金", "amount": "50000", "due_on": date(2026, 4, 1)}]
        )
    assert list(draft.milestones.values_list("amount", flat=True)) == before


@pytest.mark.parametrize(
    "row",
    [
        {"name": "定金", "amount": "186000"},  # due on nothing
        {"name": "定金", "amount": "186000", "due_on": date(2026, 4, 1), "due_stage": "completion"},  # both
        {"name": "定金", "percent": "150", "due_on": date(2026, 4, 1)},
        {"name": "", "amount": "186000", "due_on": date(2026, 4, 1)},
        {"name": "定金", "amount": "186000", "due_on": date(1, 1, 1)},
    ],
)
def test_each_bad_milestone_is_named(draft, salesperson, row):
    with pytest.raises(ValidationError) as refused:
        contract_set_schedule(contract=draft, by=salesperson, milestones=[row])
    assert "milestones" in refused.value.message_dict


@pytest.mark.parametrize(
    "items", [[], [("基础装修", 2), ("基础装修", 3)], [("防水", 0)], [("防水", 31)], [("", 2)], [("防水", "x")]]
)
def test_warranty_items_are_checked(draft, salesperson, items):
    with pytest.raises(ValidationError):
        contract_set_warranty_items(contract=draft, by=salesperson, items=items)
    assert draft.warranty_items.count() == 2


def test_warranty_items_are_editable_before_signing(draft, salesperson):
    contract_set_warranty_items(contract=draft, by=salesperson, items=[("基础装修", 3), ("防水工程", 5), ("电路", 2)])
    assert draft.warranty_items.count() == 3


# --- signing


def test_signing_numbers_the_contract_wins_the_lead_makes_the_customer_formal_and_starts_the_archive_clock(
    draft, salesperson, accepted
):
    called = []

    def listener(contract, *, by, at):
        called.append((contract, by, at))

    register_contract_signed_listener(listener)
    try:
        contract = sign(ready_to_sign(draft, salesperson), salesperson)
    finally:
        _SIGNED.remove(listener)
    contract.refresh_from_db()
    assert (contract.state, contract.number, contract.signed_on) == (ContractState.SIGNED, "DC-2026-0001", SIGNED_ON)
    assert called == [(contract, salesperson, SIGNED_AT)]
    accepted.refresh_from_db()
    assert accepted.state == LeadState.WON
    assert accepted.transitions.last().event == "contract_signed"
    assert accepted.customer.customer_class == CustomerClass.EXISTING  # seed 000 §6: 转为正式合作客户
    (clock,) = clocks_for_subject(contract).filter(kind=ClockKind.ARCHIVE_HANDOVER)
    assert (clock.state, clock.owner) == (ClockState.RUNNING, salesperson)


def test_signing_lists_what_is_missing_and_changes_nothing(draft, salesperson, accepted):
    with pytest.raises(ContractStateError) as refused:
        sign(draft, salesperson)
    message = str(refused.value)
    for missing in ("after-sales policy", "survey form", "payment schedule", "start and end dates"):
        assert missing in message
    draft.refresh_from_db()
    accepted.refresh_from_db()
    assert (draft.state, draft.number, accepted.state) == (ContractState.DRAFT, None, LeadState.PROPOSAL_ACCEPTED)


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"company_sealed": False}, "customer_signed"),
        ({"customer_signed": False}, "customer_signed"),
        ({"copy_to_finance": False}, "copy_to_construction"),
        ({"signed_on": date(2026, 3, 1)}, "signed_on"),  # before the draft
        ({"signed_on": date(2027, 1, 1)}, "signed_on"),  # in the future
    ],
)
def test_signing_needs_seal_signature_copies_and_a_believable_date(draft, salesperson, override, field):
    with pytest.raises(ValidationError) as refused:
        sign(ready_to_sign(draft, salesperson), salesperson, **override)
    assert field in refused.value.message_dict
    assert Contract.objects.get().number is None


def test_a_signed_contract_is_not_signed_again_nor_redrafted(draft, salesperson):
    contract = sign(ready_to_sign(draft, salesperson), salesperson)
    with pytest.raises(ContractStateError):
        sign(contract, salesperson)
    with pytest.raises(ContractStateError):
        contract_set_schedule(
            contract=contract, by=salesperson, milestones=[{"name": "x", "percent": "100", "due_on": date(2026, 4, 1)}]
        )


def test_numbers_are_gap_free_when_a_signing_is_undone(capture, salesperson, draft):
    second = contract_draft(lead=accepted_lead(capture, salesperson), by=salesperson, at=DRAFTED_AT)

    def refuse(contract, **kwargs):
        raise ContractStateError("the construction stage refused")

    register_contract_signed_listener(refuse)
    try:
        with pytest.raises(ContractStateError):
            sign(ready_to_sign(draft, salesperson), salesperson)
    finally:
        _SIGNED.remove(refuse)
    assert Contract.objects.get(pk=draft.pk).number is None
    assert sign(ready_to_sign(second, salesperson), salesperson).number == "DC-2026-0001"  # no gap left
    assert sign(Contract.objects.get(pk=draft.pk), salesperson).number == "DC-2026-0002"


def test_another_salesperson_may_not_sign(draft, salesperson, colleague):
    ready_to_sign(draft, salesperson)
    with pytest.raises(ContractPermissionError):
        sign(draft, colleague)


# --- payments


def test_payments_are_recorded_in_parts_never_beyond_what_is_due(draft, salesperson):
    contract = sign(ready_to_sign(draft, salesperson), salesperson)
    deposit = contract.milestones.get(position=1)  # 30 % of 186,000 = 55,800
    milestone_record_payment(milestone=deposit, by=salesperson, amount="50000", received_on=SIGNED_ON, at=SIGNED_AT)
    deposit = milestone_record_payment(
        milestone=deposit, by=salesperson, amount="5800.00", received_on=SIGNED_ON, at=SIGNED_AT
    )
    assert (deposit.received_amount, deposit.outstanding) == (Decimal("55800.00"), Decimal("0.00"))
    with pytest.raises(ValidationError, match="outstanding"):
        milestone_record_payment(milestone=deposit, by=salesperson, amount="0.01", received_on=SIGNED_ON, at=SIGNED_AT)


def test_no_payment_on_a_draft(draft, salesperson):
    ready_to_sign(draft, salesperson)
    with pytest.raises(ContractStateError):
        milestone_record_payment(
            milestone=draft.milestones.first(), by=salesperson, amount="100", received_on=SIGNED_ON, at=SIGNED_AT
        )
