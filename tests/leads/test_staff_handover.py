"""A leaving salesperson's customers and open leads handed over in one action (accounts.services.staff_hand_over
with the customers' and leads' registrations): owners changed, assignments recorded, clocks moved, notices once."""

from datetime import timedelta

import pytest

from customers.models import Customer
from customers.services import customer_create
from decocrm.accounts.choices import Role
from decocrm.accounts.models import StaffHandover
from decocrm.accounts.services import StaffHandoverRefused, staff_hand_over, staff_handover_counts
from decocrm.notifications.models import Notification
from decocrm.sla.choices import OPEN_STATES, ClockKind
from decocrm.sla.selectors import clocks_for_subject
from leads.choices import AssignmentKind
from leads.models import Lead, LeadAssignment

from .conftest import MONDAY

AT = MONDAY + timedelta(hours=1)


@pytest.fixture
def held(capture, salesperson, company_manager):
    """Two open leads (and their customers) and one customer without a lead, all the salesperson's."""
    leads = [capture(salesperson), capture(salesperson)]
    loose = customer_create(by=company_manager, owner=salesperson, name="李女士", phone="13700000001")
    return leads, loose


def test_counts_before(held, salesperson):
    counts = staff_handover_counts(salesperson)
    assert counts["customers"] == 3
    assert counts["leads"] == 2


def test_team_manager_hands_customers_and_leads_to_a_colleague(held, salesperson, colleague, team_manager):
    leads, loose = held
    record = staff_hand_over(leaving=salesperson, by=team_manager, targets={"customers": colleague}, at=AT)

    assert Customer.objects.filter(owner=salesperson).count() == 0
    assert Customer.objects.filter(owner=colleague).count() == 3
    assert Lead.objects.filter(owner=colleague).count() == 2
    assignments = LeadAssignment.objects.filter(kind=AssignmentKind.ASSIGN, to_owner=colleague, by=team_manager)
    assert assignments.count() == 2
    for lead in leads:
        clock = clocks_for_subject(lead).get(kind=ClockKind.FIRST_CONTACT, state__in=OPEN_STATES)
        assert clock.owner_id == colleague.pk
    counts = {row["kind"]: (row["to"], row["count"]) for row in record.moved}
    assert counts == {"customers": (colleague.pk, 3), "leads": (colleague.pk, 2)}
    assert StaffHandover.objects.get().from_user == salesperson
    # One summary notice to the receiver (the lead services tell of each lead on their own).
    summary = Notification.objects.filter(recipient=colleague, code="staff_handover_to_you")
    assert summary.count() == 1
    assert summary.get().params["count"] == 5
    assert record.deactivated is False
    salesperson.refresh_from_db()
    assert salesperson.is_active


def test_a_salesperson_may_not_hand_over(held, salesperson, colleague):
    with pytest.raises(StaffHandoverRefused):
        staff_hand_over(leaving=salesperson, by=colleague, targets={"customers": colleague}, at=AT)
    assert Lead.objects.filter(owner=salesperson).count() == 2


def test_another_teams_manager_may_not(held, salesperson, colleague, make_staff, outsider):
    other_manager = make_staff(Role.MANAGER, team=outsider.team)
    with pytest.raises(StaffHandoverRefused, match="not in your team"):
        staff_hand_over(leaving=salesperson, by=other_manager, targets={"customers": outsider}, at=AT)
    assert Customer.objects.filter(owner=salesperson).count() == 3


def test_a_team_manager_may_not_hand_to_another_team(held, salesperson, team_manager, outsider):
    with pytest.raises(StaffHandoverRefused) as refused:
        staff_hand_over(leaving=salesperson, by=team_manager, targets={"customers": outsider}, at=AT)
    assert refused.value.field == "customers"
    assert Customer.objects.filter(owner=salesperson).count() == 3


def test_not_to_an_inactive_user_nor_the_wrong_role(held, salesperson, colleague, team_manager, make_staff, team):
    colleague.is_active = False
    colleague.save()
    with pytest.raises(StaffHandoverRefused, match="no longer active"):
        staff_hand_over(leaving=salesperson, by=team_manager, targets={"customers": colleague}, at=AT)
    designer = make_staff(Role.DESIGNER, team=team)
    with pytest.raises(StaffHandoverRefused, match="go only to"):
        staff_hand_over(leaving=salesperson, by=team_manager, targets={"customers": designer}, at=AT)
    with pytest.raises(StaffHandoverRefused, match="Choose who receives"):
        staff_hand_over(leaving=salesperson, by=team_manager, targets={}, at=AT)
    assert Customer.objects.filter(owner=salesperson).count() == 3
    assert not StaffHandover.objects.exists()


def test_deactivating_at_the_end_is_recorded(held, salesperson, colleague, company_manager):
    staff_hand_over(leaving=salesperson, by=company_manager, targets={"customers": colleague}, deactivate=True, at=AT)
    salesperson.refresh_from_db()
    assert not salesperson.is_active
    assert salesperson.account_changes.filter(field="is_active", new_value="False", by=company_manager).exists()
