import pytest
from django.core.exceptions import ValidationError

from decocrm.accounts.choices import Role
from decocrm.sla.choices import OPEN_STATES
from decocrm.sla.selectors import clocks_for_subject
from leads.choices import AppealDecision, AppealLevel, AppealState, AssignmentKind
from leads.services import (
    LeadCollisionError,
    LeadPermissionError,
    LeadStateError,
    appeal_decide,
    appeal_escalate,
    appeal_open,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def collision(capture, salesperson, colleague):
    capture(salesperson, name="赵女士", phone="13700001111")
    with pytest.raises(LeadCollisionError) as info:
        capture(colleague, name="赵女士", phone="13700001111")
    return info.value.collision


def test_only_the_newcomer_appeals_with_a_reason_and_once_at_a_time(collision, salesperson, colleague):
    with pytest.raises(LeadPermissionError):
        appeal_open(collision=collision, by=salesperson, reason="我的")
    with pytest.raises(ValidationError):
        appeal_open(collision=collision, by=colleague, reason=" ")
    appeal = appeal_open(collision=collision, by=colleague, reason="客户上周在展会找的我")
    assert (appeal.level, appeal.state) == (AppealLevel.DEPARTMENT_MANAGER, AppealState.OPEN)
    with pytest.raises(LeadStateError, match="already pending"):
        appeal_open(collision=collision, by=colleague, reason="再次")


def test_appeal_goes_up_the_chain_and_stops_at_the_general_office(collision, colleague, team_manager):
    appeal = appeal_open(collision=collision, by=colleague, reason="展会")
    appeal = appeal_escalate(appeal=appeal, by=colleague)
    assert (appeal.level, appeal.state) == (AppealLevel.QUALITY_CONTROL, AppealState.ESCALATED)
    with pytest.raises(LeadPermissionError):  # above the department, only company managers decide
        appeal_decide(appeal=appeal, by=team_manager, decision="keep", note="维持")
    appeal = appeal_escalate(appeal=appeal, by=colleague)
    assert appeal.level == AppealLevel.GENERAL_OFFICE
    with pytest.raises(LeadStateError, match="last level"):
        appeal_escalate(appeal=appeal, by=colleague)


def test_keep_changes_nothing_and_is_recorded(collision, colleague, salesperson, team_manager):
    appeal = appeal_open(collision=collision, by=colleague, reason="展会")
    with pytest.raises(LeadPermissionError):
        appeal_decide(appeal=appeal, by=salesperson, decision="keep", note="x")
    with pytest.raises(ValidationError):
        appeal_decide(appeal=appeal, by=team_manager, decision="keep", note="")
    appeal = appeal_decide(appeal=appeal, by=team_manager, decision=AppealDecision.KEEP, note="先录入者为准")
    assert (appeal.state, appeal.decision, appeal.decided_by) == (AppealState.DECIDED, "keep", team_manager)
    collision.customer.refresh_from_db()
    assert collision.customer.owner == salesperson
    with pytest.raises(LeadStateError, match="already been decided"):
        appeal_decide(appeal=appeal, by=team_manager, decision="transfer", note="改判")
    appeal_open(collision=collision, by=colleague, reason="新证据")  # a decided appeal does not block a new one


def test_transfer_moves_the_customer_its_open_lead_and_clocks(collision, colleague, make_staff):
    gm = make_staff(Role.MANAGER, company_wide=True)
    appeal = appeal_open(collision=collision, by=colleague, reason="展会")
    appeal = appeal_escalate(appeal=appeal, by=colleague)
    appeal_decide(appeal=appeal, by=gm, decision="transfer", note="展会登记在先")
    customer = collision.customer
    customer.refresh_from_db()
    lead = customer.leads.get()
    assert customer.owner == colleague and lead.owner == colleague
    assert lead.assignments.last().kind == AssignmentKind.APPEAL_TRANSFER
    # The transferred lead's clock is the new owner's, fresh from the transfer (the hand-over rule).
    assert clocks_for_subject(lead).filter(state__in=OPEN_STATES).get().owner == colleague
