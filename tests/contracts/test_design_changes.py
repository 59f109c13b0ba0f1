"""Design changes after signing [seed 001 §4(三)]: requested, assessed by the lead's designer, accepted or declined,
a cost carried by a change agreement, the customer's signature with a new drawing version beside the older ones."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from contracts.choices import DesignChangeState
from contracts.models import Contract, DesignChange
from contracts.selectors import visible_contracts
from contracts.services import (
    ContractPermissionError,
    ContractStateError,
    contract_change_agreement,
    design_change_assess,
    design_change_decide,
    design_change_request,
    design_change_sign,
)
from decocrm.accounts.choices import Role
from tests.uploads import pdf_bytes, upload

from .conftest import accepted_lead, signed_contract

pytestmark = pytest.mark.django_db
SIGNED = date(2026, 3, 21)
REQUESTED_AT = datetime(2026, 3, 20, 10, tzinfo=UTC)


@pytest.fixture
def designer(make_staff):
    return make_staff(Role.DESIGNER)


@pytest.fixture
def designed(capture, salesperson, designer):
    """A contract signed from a lead the designer is assigned to."""
    from contracts.services import contract_draft

    from .conftest import DRAFTED_AT

    lead = accepted_lead(capture, salesperson, designer=designer)
    return signed_contract(contract_draft(lead=lead, by=salesperson, at=DRAFTED_AT), salesperson)


def request(contract, by, **overrides):
    fields = {"content": "主卧加衣帽间", "reason": "家里添人", "estimated_cost": "8000", "at": REQUESTED_AT}
    return design_change_request(contract=contract, by=by, **{**fields, **overrides})


def assess(change, by, **overrides):
    fields = {"impact_design": "主卧布局调整", "impact_days": 7, "impact_cost": "8600"}
    return design_change_assess(change=change, by=by, **{**fields, **overrides})


def drawing():
    return upload("v2.pdf", pdf_bytes(), "application/pdf")


def test_the_lead_designer_sees_the_contract_and_others_do_not(designed, designer, make_staff):
    assert visible_contracts(designer).filter(pk=designed.pk).exists()
    assert not visible_contracts(make_staff(Role.DESIGNER)).filter(pk=designed.pk).exists()


def test_the_whole_flow_with_a_cost(designed, salesperson, designer):
    change = request(designed, salesperson)
    assert (change.number, change.state, change.estimated_cost) == (1, DesignChangeState.REQUESTED, Decimal(8000))
    with pytest.raises(ContractStateError, match="assesses the change before"):
        design_change_decide(change=change, by=salesperson, accepted=True)
    change = assess(change, designer)
    assert (change.state, change.impact_days, change.impact_cost) == (DesignChangeState.ASSESSED, 7, Decimal(8600))
    change = design_change_decide(change=change, by=salesperson, accepted=True, note="客户同意")
    with pytest.raises(ContractStateError, match="change agreement first"):
        design_change_sign(change=change, by=salesperson, signed_on=date(2026, 4, 2), drawing=drawing())
    milestones = [
        {"milestone": m.pk, "kind": m.kind, "name": m.name, "amount": m.amount, "due_on": m.due_on,
         "due_stage": m.due_stage}
        for m in designed.milestones.order_by("position")
    ] + [{"kind": "stage", "name": "变更款", "amount": "8600", "due_on": date(2026, 5, 1)}]  # fmt: skip
    agreement = contract_change_agreement(
        contract=designed, by=salesperson, content=change.content, cost_change="8600", extension_days=7,
        milestones=milestones, signed_on=date(2026, 4, 1), company_sealed=True, customer_signed=True,
        design_change=change,
    )  # fmt: skip
    assert agreement.design_change == change and Contract.objects.get(pk=designed.pk).amount == Decimal("194600.00")
    again = {"content": "x", "signed_on": date(2026, 4, 1), "company_sealed": True, "customer_signed": True}
    with pytest.raises(ContractStateError, match="has its change agreement"):
        contract_change_agreement(contract=designed, by=salesperson, design_change=change, **again)
    change = design_change_sign(change=change, by=salesperson, signed_on=SIGNED, drawing=drawing())
    assert (change.state, change.drawing_version, change.customer_signed_on) == (
        DesignChangeState.SIGNED, 2, SIGNED)  # fmt: skip
    with pytest.raises(ContractStateError, match="accepted design change"):
        contract_change_agreement(contract=designed, by=salesperson, design_change=change, **again)


def test_a_change_without_cost_is_signed_and_each_drawing_is_a_new_version(designed, salesperson, designer):
    versions = []
    for _round in range(2):
        change = assess(request(designed, salesperson, estimated_cost="0"), designer, impact_cost="0")
        change = design_change_decide(change=change, by=salesperson, accepted=True)
        versions.append(design_change_sign(change=change, by=salesperson, signed_on=SIGNED, drawing=drawing()))
    assert [c.drawing_version for c in versions] == [2, 3]
    assert all(DesignChange.objects.get(pk=c.pk).drawing for c in versions)  # the older one stays


def test_declined_with_a_reason_and_then_final(designed, salesperson, designer):
    change = assess(request(designed, salesperson), designer)
    with pytest.raises(ValidationError) as refused:
        design_change_decide(change=change, by=salesperson, accepted=False)
    assert "note" in refused.value.message_dict
    change = design_change_decide(change=change, by=salesperson, accepted=False, note="超出预算")
    assert change.state == DesignChangeState.DECLINED
    with pytest.raises(ContractStateError):
        assess(change, designer)
    with pytest.raises(ContractStateError):
        design_change_sign(change=change, by=salesperson, signed_on=SIGNED, drawing=drawing())


def test_who_does_what(designed, salesperson, designer, make_staff, colleague, manager):
    for outsider in (designer, colleague, make_staff(Role.PROJECT_MANAGER)):
        with pytest.raises(ContractPermissionError):
            request(designed, outsider)
    change = request(designed, salesperson)
    for outsider in (make_staff(Role.DESIGNER), colleague, salesperson):
        with pytest.raises(ContractPermissionError):
            assess(change, outsider)
    assert assess(change, manager).assessed_by == manager  # a manager may assess for the designer
    with pytest.raises(ContractPermissionError):
        design_change_decide(change=change, by=designer, accepted=True)


@pytest.mark.parametrize(
    ("step", "overrides", "field"),
    [
        ("request", {"content": ""}, "content"),
        ("request", {"reason": " "}, "reason"),
        ("request", {"estimated_cost": "x"}, "estimated_cost"),
        ("assess", {"impact_design": ""}, "impact_design"),
        ("assess", {"impact_days": 9999}, "impact_days"),
        ("assess", {"impact_cost": "abc"}, "impact_cost"),
    ],
)
def test_bad_input_is_refused(designed, salesperson, designer, step, overrides, field):
    with pytest.raises(ValidationError) as refused:
        if step == "request":
            request(designed, salesperson, **overrides)
        else:
            assess(request(designed, salesperson), designer, **overrides)
    assert field in refused.value.message_dict


def test_the_signature_date_and_drawing_are_checked(designed, salesperson, designer):
    change = design_change_decide(
        change=assess(request(designed, salesperson, estimated_cost="0"), designer, impact_cost="0"),
        by=salesperson, accepted=True,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        design_change_sign(change=change, by=salesperson, signed_on=date(2099, 1, 1), drawing=drawing())
    assert "signed_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        design_change_sign(
            change=change,
            by=salesperson,
            signed_on=SIGNED,
            drawing=upload("x.pdf", b"not a pdf", "application/pdf"),
        )
    assert "drawing" in refused.value.message_dict


def test_no_design_change_on_a_draft(draft, salesperson):
    with pytest.raises(ContractStateError):
        request(draft, salesperson)


def test_a_change_agreement_carries_only_an_accepted_design_change_of_its_contract(designed, salesperson, designer):
    change = request(designed, salesperson)
    agreement = {"content": "x", "signed_on": date(2026, 4, 1), "company_sealed": True, "customer_signed": True}
    with pytest.raises(ContractStateError, match="accepted design change"):
        contract_change_agreement(contract=designed, by=salesperson, design_change=change, **agreement)


def test_every_step_is_a_recorded_transition_on_the_kit_machine(designed, salesperson, designer):
    """The lifecycle is the declared table (decocrm.core.workflow), and each step leaves a row: who, from, to, note;
    the contract's timeline shows them, in the reader's language."""
    from django.utils import translation

    from contracts.timeline import contract_history

    assert DesignChange.machine.table() == {
        "requested": {"assessed": "assess"},
        "assessed": {"assessed": "assess", "accepted": "accept", "declined": "decline"},
        "accepted": {"signed": "sign"},
    }
    change = assess(request(designed, salesperson), designer)
    change = assess(change, designer, impact_days=9)  # revised before the decision: assessed → assessed
    change = design_change_decide(change=change, by=salesperson, accepted=False, note="超出预算")
    steps = list(change.transitions.order_by("at", "pk").values_list("from_state", "to_state", "by", "note"))
    assert steps == [
        ("", "requested", salesperson.pk, ""),
        ("requested", "assessed", designer.pk, ""),
        ("assessed", "assessed", designer.pk, ""),
        ("assessed", "declined", salesperson.pk, "超出预算"),
    ]
    with translation.override("en"):
        design = [e for e in contract_history(designed) if e.kind == "design"]
        assert len(design) == 4 and design[0].obj.event_text == "Requested: 主卧加衣帽间"
    with pytest.raises(ContractStateError, match="“Declined”: that step is not possible"):
        with translation.override("en"):
            design_change_decide(change=change, by=salesperson, accepted=True)
    assert change.transitions.count() == 4  # a refused step records nothing
