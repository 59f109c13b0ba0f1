"""Change agreements (amount, end date and payment schedule changed at once; money received never lost) and
termination agreements (only by mutual agreement; the contract's clocks cancelled), issue 10."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from contracts.choices import ContractState
from contracts.models import ChangeAgreement, Contract, ContractTransition, PaymentMilestone, TerminationAgreement
from contracts.services import (
    ContractPermissionError,
    ContractStateError,
    contract_change_agreement,
    contract_terminate,
    milestone_record_payment,
)
from decocrm.accounts.choices import Role
from decocrm.core.timeline import timeline
from decocrm.sla.choices import ClockState
from decocrm.sla.selectors import clocks_for_subject

pytestmark = pytest.mark.django_db
AGREED_ON = date(2026, 4, 1)


def rows_of(contract):
    return list(contract.milestones.order_by("position"))


def revised(contract, *amounts, keep=True):
    """Rows revising the current schedule position by position (amounts given), extra amounts as new rows."""
    current = rows_of(contract)
    rows = []
    for position, amount in enumerate(amounts):
        old = current[position] if keep and position < len(current) else None
        rows.append({
            "milestone": old.pk if old else None, "kind": old.kind if old else "stage",
            "name": old.name if old else f"增项款{position}", "amount": amount,
            "due_on": old.due_on if old else date(2026, 5, 1), "due_stage": old.due_stage if old else "",
        })  # fmt: skip
    return rows


def change(contract, by, **overrides):
    fields = {
        "content": "厨房改为开放式", "signed_on": AGREED_ON, "company_sealed": True, "customer_signed": True,
    }  # fmt: skip
    return contract_change_agreement(contract=contract, by=by, **{**fields, **overrides})


def test_a_change_agreement_moves_amount_end_date_and_schedule_together(signed, salesperson):
    agreement = change(
        signed, salesperson, cost_change="12000.50", extension_days=10,
        milestones=revised(signed, "55800", "74400", "55800", "12000.50"),
    )  # fmt: skip
    contract = Contract.objects.get(pk=signed.pk)
    assert contract.amount == Decimal("198000.50") and contract.end_date == date(2026, 7, 10)
    assert (agreement.number, agreement.amount_before, agreement.amount_after) == (
        1, Decimal("186000.00"), Decimal("198000.50"))  # fmt: skip
    assert sum(m.amount for m in rows_of(contract)) == contract.amount
    assert [m.position for m in rows_of(contract)] == [1, 2, 3, 4]
    second = change(contract, salesperson, content="取消吊顶", cost_change="-500", milestones=revised(
        contract, "55800", "74400", "55300", "12000.50"))  # fmt: skip
    assert second.number == 2 and Contract.objects.get(pk=signed.pk).amount == Decimal("197500.50")
    assert {entry.kind for entry in timeline(contract)} >= {"change"}


def test_a_change_of_no_cost_may_keep_the_schedule(signed, salesperson):
    change(signed, salesperson, extension_days=5)
    contract = Contract.objects.get(pk=signed.pk)
    assert (contract.amount, contract.end_date) == (Decimal("186000.00"), date(2026, 7, 5))


def test_a_cost_change_needs_a_schedule_adding_up_to_the_new_amount(signed, salesperson):
    with pytest.raises(ValidationError, match="revised payment schedule"):
        change(signed, salesperson, cost_change="1000")
    with pytest.raises(ValidationError, match="not the contract's ¥187000.00"):
        change(signed, salesperson, cost_change="1000", milestones=revised(signed, "55800", "74400", "55800"))
    assert not ChangeAgreement.objects.exists()
    assert Contract.objects.get(pk=signed.pk).amount == Decimal("186000.00")


def test_money_received_is_never_lost(signed, salesperson):
    deposit = rows_of(signed)[0]
    milestone_record_payment(milestone=deposit, by=salesperson, amount="50000", received_on=date(2026, 3, 10))
    with pytest.raises(ValidationError, match="already received"):  # cut below what was received
        change(signed, salesperson, cost_change="-10000", milestones=revised(signed, "45800", "74400", "55800"))
    rows = revised(signed, "55800", "74400", "55800")[1:] + [
        {"kind": "deposit", "name": "新定金", "amount": "55800", "due_on": date(2026, 3, 10)}
    ]
    with pytest.raises(ValidationError, match="cannot be removed"):
        change(signed, salesperson, milestones=rows)
    # Moved and renamed, the deposit keeps its money
    rows = revised(signed, "55800", "74400", "55800")
    rows[0]["name"], rows = "定金（已付部分）", [rows[1], rows[0], rows[2]]
    change(signed, salesperson, milestones=rows)
    kept = PaymentMilestone.objects.get(pk=deposit.pk)
    assert (kept.position, kept.received_amount, kept.received_on) == (2, Decimal("50000.00"), date(2026, 3, 10))


def test_a_row_cannot_name_another_contracts_payment(signed, salesperson, accepted):
    foreign = PaymentMilestone.objects.create(
        contract=Contract.objects.create(
            lead=signed.lead, proposal=signed.proposal, customer=signed.customer, owner=salesperson,
            state=ContractState.TERMINATED, state_changed_at=signed.created_at, scope="x", amount=1,
            created_at=signed.created_at,
        ), position=1, kind="final", name="x", amount=1, due_stage="completion",
    )  # fmt: skip
    rows = revised(signed, "55800", "74400", "55800")
    rows[0]["milestone"] = foreign.pk
    with pytest.raises(ValidationError, match="not a payment of this contract"):
        change(signed, salesperson, milestones=rows)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"content": " "}, "content"),
        ({"customer_signed": False}, "customer_signed"),
        ({"company_sealed": False}, "customer_signed"),
        ({"signed_on": date(2026, 3, 1)}, "signed_on"),  # before the contract was signed
        ({"signed_on": date(2099, 1, 1)}, "signed_on"),
        ({"extension_days": -1}, "extension_days"),
        ({"cost_change": "-186000", "milestones": [{"name": "x", "amount": "1", "due_stage": "a"}]}, "cost_change"),
        ({"cost_change": "abc"}, "cost_change"),
    ],
)
def test_a_change_agreement_refuses_bad_input(signed, salesperson, overrides, field):
    with pytest.raises(ValidationError) as refused:
        change(signed, salesperson, **overrides)
    assert field in refused.value.message_dict
    assert not ChangeAgreement.objects.exists()


def test_only_a_signed_or_building_contract_changes(draft, salesperson):
    with pytest.raises(ContractStateError, match="Only a signed contract"):
        change(draft, salesperson)


def test_only_who_works_the_contract_changes_or_terminates_it(signed, colleague, make_staff, manager):
    for outsider in (colleague, make_staff(Role.DESIGNER)):
        with pytest.raises(ContractPermissionError):
            change(signed, outsider)
        with pytest.raises(ContractPermissionError):
            terminate(signed, outsider)
    assert change(signed, manager).created_by == manager


def terminate(contract, by, **overrides):
    fields = {
        "reason": "客户出国", "liability": "双方互不追究", "settlement_amount": "3000", "signed_on": AGREED_ON,
        "company_sealed": True, "customer_signed": True,
    }  # fmt: skip
    return contract_terminate(contract=contract, by=by, **{**fields, **overrides})


def test_termination_by_mutual_agreement_ends_the_contract_and_its_clocks(signed, salesperson):
    assert clocks_for_subject(signed).filter(state=ClockState.RUNNING).exists()  # the archive handover
    agreement = terminate(signed, salesperson)
    contract = Contract.objects.get(pk=signed.pk)
    assert contract.state == ContractState.TERMINATED and agreement.settlement_amount == Decimal("3000.00")
    assert not clocks_for_subject(contract).filter(state=ClockState.RUNNING).exists()
    last = ContractTransition.objects.filter(contract=contract).latest("at", "pk")
    assert (last.to_state, last.event, last.note) == (ContractState.TERMINATED, "terminated", "客户出国")
    with pytest.raises(ContractStateError):
        terminate(contract, salesperson)
    with pytest.raises(ContractStateError):
        change(contract, salesperson)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"customer_signed": False}, "customer_signed"),  # only by mutual agreement
        ({"company_sealed": False}, "customer_signed"),
        ({"reason": ""}, "reason"),
        ({"liability": " "}, "liability"),
        ({"settlement_amount": "-1"}, "settlement_amount"),
        ({"signed_on": date(2099, 1, 1)}, "signed_on"),
    ],
)
def test_a_termination_refuses_bad_input(signed, salesperson, overrides, field):
    with pytest.raises(ValidationError) as refused:
        terminate(signed, salesperson, **overrides)
    assert field in refused.value.message_dict
    assert Contract.objects.get(pk=signed.pk).state == ContractState.SIGNED
    assert not TerminationAgreement.objects.exists()


def test_a_draft_is_not_terminated(draft, salesperson):
    with pytest.raises(ContractStateError):
        terminate(draft, salesperson)
