"""The work staff_hand_over used to leave behind (issue 12, seed 002): a leaving salesperson's open contracts and key
accounts, a leaving designer's leads before and after signing (the contract's design changes are assessed by the
lead's designer). Each moves through its app's services (contracts/handover.py, customers/handover.py,
leads/handover.py): everything points at the receiver, the clocks follow, the receivers are told, the hand-over is
recorded, and a refusal anywhere moves nothing."""

from datetime import timedelta

import pytest

from contracts.models import Contract
from contracts.permissions import can_assess_design_change
from contracts.services import contract_draft, design_change_request
from customers.models import Customer
from customers.services.key_accounts import customer_set_key_account
from decocrm.accounts.choices import Role
from decocrm.accounts.models import StaffHandover
from decocrm.accounts.services import StaffHandoverRefused, staff_hand_over, staff_handover_counts
from decocrm.core.errors import DomainError
from decocrm.notifications.models import Notification
from decocrm.sla.choices import OPEN_STATES, ClockKind
from decocrm.sla.models import Clock
from decocrm.sla.selectors import clocks_for_subject
from leads.choices import AssignmentKind, LeadState
from leads.models import Lead, LeadAssignment
from tests.leads.design_helpers import measured

from .conftest import DRAFTED_AT, SIGNED_AT, accepted_lead, signed_contract

AT = SIGNED_AT + timedelta(days=1)
SUMMARY = "staff_handover_to_you"


def open_clocks_of(user):
    return Clock.objects.filter(owner=user, state__in=OPEN_STATES)


# --- a leaving salesperson: customers, leads, contracts, key accounts


@pytest.fixture
def seller_world(capture, salesperson, company_manager):
    """The salesperson's signed contract (its customer a core key account they keep) and an open lead."""
    lead = accepted_lead(capture, salesperson)
    contract = signed_contract(contract_draft(lead=lead, by=salesperson, at=DRAFTED_AT), salesperson)
    customer_set_key_account(customer=contract.customer, by=company_manager, is_key_account=True, tier="core",
                             account_manager=salesperson, at=SIGNED_AT)  # fmt: skip
    open_lead = capture(salesperson)
    return contract, open_lead


def test_a_leaving_salesperson_hands_over_contracts_and_key_accounts(
    seller_world, salesperson, colleague, company_manager
):
    contract, open_lead = seller_world
    counts = staff_handover_counts(salesperson)
    assert (counts["customers"], counts["leads"], counts["contracts"], counts["key_accounts"]) == (2, 1, 1, 1)
    assert clocks_for_subject(contract).filter(kind=ClockKind.ARCHIVE_HANDOVER, owner=salesperson).exists()

    record = staff_hand_over(
        leaving=salesperson, by=company_manager, at=AT,
        targets={"customers": colleague, "contracts": colleague, "key_accounts": colleague},
    )  # fmt: skip

    contract = Contract.objects.get(pk=contract.pk)
    assert (contract.owner, contract.team_id) == (colleague, colleague.team_id)
    customer = Customer.objects.get(pk=contract.customer_id)
    assert (customer.owner, customer.account_manager, customer.key_tier) == (colleague, colleague, "core")
    assert Lead.objects.get(pk=open_lead.pk).owner == colleague
    # Every clock the salesperson held now runs for the receiver: the archive handover, the key-account cadence.
    assert not open_clocks_of(salesperson).exists()
    assert clocks_for_subject(contract).get(kind=ClockKind.ARCHIVE_HANDOVER, state__in=OPEN_STATES).owner == colleague
    assert (
        clocks_for_subject(customer).get(kind=ClockKind.KEY_ACCOUNT_CONTACT, state__in=OPEN_STATES).owner == colleague
    )
    # Recorded (the contract's history names who moved it), one summary notice to the receiver.
    moved = {row["kind"]: (row["to"], row["count"]) for row in record.moved}
    assert moved["contracts"] == (colleague.pk, 1) and moved["key_accounts"] == (colleague.pk, 1)
    assert contract.history.latest().history_user == company_manager
    assert StaffHandover.objects.get().from_user == salesperson
    notice = Notification.objects.get(recipient=colleague, code=SUMMARY)
    assert notice.params["count"] == record.total == 5


def test_a_refusal_in_any_kind_moves_nothing(seller_world, salesperson, colleague, team_manager):
    """The team manager may hand over customers and contracts, but only the sales department head and management
    choose who keeps a key account: refused, and the customers, leads and contracts moved before it go back."""
    contract, open_lead = seller_world
    with pytest.raises(DomainError, match="key accounts"):
        staff_hand_over(
            leaving=salesperson, by=team_manager, at=AT,
            targets={"customers": colleague, "contracts": colleague, "key_accounts": colleague},
        )  # fmt: skip
    assert Contract.objects.get(pk=contract.pk).owner == salesperson
    assert Customer.objects.filter(owner=salesperson).count() == 2
    assert Customer.objects.get(pk=contract.customer_id).account_manager == salesperson
    assert Lead.objects.get(pk=open_lead.pk).owner == salesperson
    assert not StaffHandover.objects.exists()
    assert not Notification.objects.filter(recipient=colleague).exists()
    assert not open_clocks_of(colleague).exists()


def test_contracts_go_only_to_a_salesperson_or_manager(
    seller_world, salesperson, colleague, company_manager, make_staff
):
    designer = make_staff(Role.DESIGNER, team=salesperson.team)
    with pytest.raises(StaffHandoverRefused) as refused:
        staff_hand_over(
            leaving=salesperson, by=company_manager, at=AT,
            targets={"customers": colleague, "contracts": designer, "key_accounts": colleague},
        )  # fmt: skip
    assert refused.value.field == "contracts"
    assert Contract.objects.get().owner == salesperson


# --- a leaving designer: open leads (measurement, proposals) and signed customers (design changes, acceptances)


@pytest.fixture
def designer(make_staff, team):
    return make_staff(Role.DESIGNER, team=team)


@pytest.fixture
def successor(make_staff, team):
    return make_staff(Role.DESIGNER, team=team)


@pytest.fixture
def designer_world(capture, salesperson, designer):
    """A measured lead awaiting its proposal (design clocks running for the designer) and a signed customer with a
    design change waiting for the designer's assessment."""
    open_lead = measured(capture, salesperson, designer=designer)
    won = accepted_lead(capture, salesperson, designer=designer)
    contract = signed_contract(contract_draft(lead=won, by=salesperson, at=DRAFTED_AT), salesperson)
    change = design_change_request(contract=contract, by=salesperson, content="主卧改衣帽间", reason="家人增加",
                                   at=SIGNED_AT + timedelta(hours=1))  # fmt: skip
    return open_lead, contract, change


def test_a_leaving_designer_hands_over_open_and_signed_designs(
    designer_world, designer, successor, team_manager, salesperson
):
    open_lead, contract, change = designer_world
    counts = staff_handover_counts(designer)
    assert (counts["designs"], counts["signed_designs"]) == (1, 1)
    assert clocks_for_subject(open_lead).filter(kind=ClockKind.DESIGN_PROPOSAL, owner=designer).exists()

    record = staff_hand_over(
        leaving=designer, by=team_manager, targets={"designs": successor, "signed_designs": successor}, at=AT
    )

    assert Lead.objects.get(pk=open_lead.pk).designer == successor
    contract = Contract.objects.select_related("lead").get(pk=contract.pk)
    won = contract.lead
    assert (won.state, won.designer) == (LeadState.WON, successor)
    assert can_assess_design_change(successor, contract) and not can_assess_design_change(designer, contract)
    # The design clocks follow the new designer; the salesperson's own clocks stay theirs.
    assert not open_clocks_of(designer).exists()
    proposal_clock = clocks_for_subject(open_lead).get(kind=ClockKind.DESIGN_PROPOSAL, state__in=OPEN_STATES)
    assert proposal_clock.owner == successor
    # Recorded on each lead's timeline and in the hand-over; the new designer told of each lead and once in sum.
    rows = LeadAssignment.objects.filter(kind=AssignmentKind.DESIGNER, from_owner=designer, to_owner=successor)
    assert rows.count() == 2 and set(rows.values_list("by", flat=True)) == {team_manager.pk}
    assert {row["kind"]: row["count"] for row in record.moved} == {"designs": 1, "signed_designs": 1}
    assert Notification.objects.filter(recipient=successor, code="lead_designer_you").count() == 2
    assert Notification.objects.get(recipient=successor, code=SUMMARY).params["count"] == 2
    assert staff_handover_counts(designer) == dict.fromkeys(staff_handover_counts(designer), 0)


def test_a_designers_work_goes_only_to_a_designer_and_a_refusal_moves_nothing(
    designer_world, designer, team_manager, salesperson, successor
):
    open_lead, contract, _change = designer_world
    with pytest.raises(StaffHandoverRefused) as refused:
        staff_hand_over(
            leaving=designer, by=team_manager, targets={"designs": successor, "signed_designs": salesperson}, at=AT
        )
    assert refused.value.field == "signed_designs"
    assert Lead.objects.get(pk=open_lead.pk).designer == designer
    assert Lead.objects.get(pk=contract.lead_id).designer == designer
    assert not LeadAssignment.objects.filter(to_owner=successor).exists()
    assert open_clocks_of(designer).filter(kind=ClockKind.DESIGN_PROPOSAL).exists()
