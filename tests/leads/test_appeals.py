"""The appeal chain as seed 003 §5 writes it: filed with the department manager, who decides or escalates to
quality control with a reason; quality control decides or escalates to the general office; no level skipped, nobody
acting above or below their level, the parties never; the level above a decision may order a review (复议)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from decocrm.accounts.choices import Role
from decocrm.accounts.services import team_create, team_set_manager
from decocrm.sla.choices import OPEN_STATES
from decocrm.sla.selectors import clocks_for_subject
from leads.choices import AppealDecision, AppealEvent, AppealLevel, AppealState, AssignmentKind
from leads.models import Appeal
from leads.services import (
    LeadPermissionError,
    LeadStateError,
    appeal_decide,
    appeal_escalate,
    appeal_open,
    appeal_order_review,
)

from .conftest import MONDAY

pytestmark = pytest.mark.django_db
S = AppealState
T = MONDAY + timedelta(hours=2)


def _at(hours):
    return T + timedelta(hours=hours)


@pytest.fixture
def appeal(collision, colleague, team_manager):
    return appeal_open(collision=collision, by=colleague, reason="客户上周在展会找的我", at=T)


@pytest.fixture
def at_quality_control(appeal, team_manager, quality_control):
    return appeal_escalate(appeal=appeal, by=team_manager, reason="双方各执一词", at=_at(1))


@pytest.fixture
def at_general_office(at_quality_control, quality_control, general_office):
    return appeal_escalate(appeal=at_quality_control, by=quality_control, reason="涉及两个部门", at=_at(2))


def test_the_declared_chain_has_no_skip_and_no_way_down():
    table = Appeal.machine.table()
    assert table[S.AT_DEPARTMENT] == {
        S.AT_QUALITY_CONTROL: "escalate_to_quality_control",
        S.DECIDED_BY_DEPARTMENT: "decide_at_department",
    }
    assert table[S.AT_QUALITY_CONTROL] == {
        S.AT_GENERAL_OFFICE: "escalate_to_general_office",
        S.DECIDED_BY_QUALITY_CONTROL: "decide_at_quality_control",
    }
    assert table[S.AT_GENERAL_OFFICE] == {S.DECIDED_BY_GENERAL_OFFICE: "decide_at_general_office"}
    assert table[S.DECIDED_BY_DEPARTMENT] == {S.AT_DEPARTMENT: "review_department_decision"}
    assert table[S.DECIDED_BY_QUALITY_CONTROL] == {S.AT_QUALITY_CONTROL: "review_quality_control_decision"}
    assert S.DECIDED_BY_GENERAL_OFFICE not in table  # final


def test_only_the_newcomer_files_with_a_reason_once(collision, salesperson, colleague, team_manager):
    with pytest.raises(LeadPermissionError):
        appeal_open(collision=collision, by=salesperson, reason="我的", at=T)
    with pytest.raises(ValidationError):
        appeal_open(collision=collision, by=colleague, reason=" ", at=T)
    appeal = appeal_open(collision=collision, by=colleague, reason="客户上周在展会找的我", at=T)
    assert (appeal.state, appeal.level) == (S.AT_DEPARTMENT, AppealLevel.DEPARTMENT_MANAGER)
    step = appeal.steps.get()
    assert (step.event, step.from_state, step.to_state, step.by) == ("filed", "", S.AT_DEPARTMENT, colleague)
    assert step.at == T
    with pytest.raises(LeadStateError, match="already pending"):
        appeal_open(collision=collision, by=colleague, reason="再次", at=T)
    appeal_decide(appeal=appeal, by=team_manager, decision="keep", note="先录入者为准", at=_at(1))
    with pytest.raises(LeadStateError, match="only the level above"):  # no new start at the bottom of the chain
        appeal_open(collision=collision, by=colleague, reason="新证据", at=_at(2))


def test_no_department_manager_no_appeal(collision, colleague):
    with pytest.raises(LeadStateError, match="(?i)department manager"):
        appeal_open(collision=collision, by=colleague, reason="展会", at=T)
    assert not Appeal.objects.exists()


def test_the_appellant_and_the_owner_never_escalate_or_decide(appeal, colleague, salesperson, team):
    team_set_manager(team=team, manager=salesperson)  # even the owner who manages the team: a party
    for party in (colleague, salesperson):
        with pytest.raises(LeadPermissionError, match="party"):
            appeal_escalate(appeal=appeal, by=party, reason="快点", at=_at(1))
        with pytest.raises(LeadPermissionError, match="party"):
            appeal_decide(appeal=appeal, by=party, decision="transfer", note="我的", at=_at(1))
    assert Appeal.objects.get().state == S.AT_DEPARTMENT


def test_at_the_department_only_its_manager_acts(appeal, team_manager, quality_control, general_office, make_staff):
    company_manager = make_staff(Role.MANAGER, company_wide=True)
    superuser = make_staff(Role.MANAGER)
    superuser.is_superuser = True
    superuser.save()
    other_team_manager = make_staff(Role.MANAGER, team=team_create(name="销售二部"))
    for outsider in (company_manager, superuser, other_team_manager, quality_control, general_office):
        with pytest.raises(LeadPermissionError, match="(?i)department manager"):
            appeal_decide(appeal=appeal, by=outsider, decision="keep", note="维持", at=_at(1))
        with pytest.raises(LeadPermissionError, match="(?i)department manager"):
            appeal_escalate(appeal=appeal, by=outsider, reason="上报", at=_at(1))
    with pytest.raises(ValidationError) as no_reason:
        appeal_escalate(appeal=appeal, by=team_manager, reason="  ", at=_at(1))
    assert "reason" in no_reason.value.message_dict
    assert Appeal.objects.get().state == S.AT_DEPARTMENT


def test_the_owners_department_manager_settles_it_too(capture, salesperson, make_staff):
    """Seed 003 §5.1(1): each goes to their own department manager, who settle it together (协商)."""
    other = team_create(name="网销部")
    newcomer, their_manager = make_staff(Role.SALES, team=other), make_staff(Role.MANAGER, team=other)
    capture(salesperson, name="钱先生", phone="13700002222")
    from leads.services import LeadCollisionError

    with pytest.raises(LeadCollisionError) as info:
        capture(newcomer, name="钱先生", phone="13700002222")
    owners_manager = make_staff(Role.MANAGER, team=salesperson.team)
    appeal = appeal_open(collision=info.value.collision, by=newcomer, reason="网上先咨询的我", at=T)
    appeal = appeal_decide(appeal=appeal, by=owners_manager, decision="keep", note="协商后维持", at=_at(1))
    assert appeal.state == S.DECIDED_BY_DEPARTMENT
    assert their_manager.pk != owners_manager.pk


def test_escalation_goes_one_level_with_its_reason(at_quality_control, team_manager, general_office):
    appeal = at_quality_control
    assert (appeal.state, appeal.level) == (S.AT_QUALITY_CONTROL, AppealLevel.QUALITY_CONTROL)
    step = appeal.steps.last()
    assert (step.event, step.by, step.note, step.params) == ("escalated", team_manager, "双方各执一词", {"level": 2})
    # The department manager has passed it on: no longer theirs, in either direction.
    for name, call in (("decide", appeal_decide), ("escalate", appeal_escalate)):
        kwargs = {"decision": "keep", "note": "x"} if name == "decide" else {"reason": "x"}
        with pytest.raises(LeadPermissionError, match="(?i)quality control"):
            call(appeal=appeal, by=team_manager, at=_at(2), **kwargs)
        with pytest.raises(LeadPermissionError, match="(?i)quality control"):  # nor the level above, before its turn
            call(appeal=appeal, by=general_office, at=_at(2), **kwargs)


def test_nobody_to_escalate_to_refuses_the_escalation(appeal, team_manager):
    with pytest.raises(LeadStateError, match="superuser"):
        appeal_escalate(appeal=appeal, by=team_manager, reason="上报", at=_at(1))
    assert Appeal.objects.get().state == S.AT_DEPARTMENT


def test_the_general_office_decides_last(at_general_office, quality_control, general_office, team_manager):
    appeal = at_general_office
    assert appeal.state == S.AT_GENERAL_OFFICE
    for below in (quality_control, team_manager):
        with pytest.raises(LeadPermissionError, match="(?i)general office"):
            appeal_decide(appeal=appeal, by=below, decision="keep", note="x", at=_at(3))
    with pytest.raises(LeadStateError, match="last level"):
        appeal_escalate(appeal=appeal, by=general_office, reason="再上", at=_at(3))
    appeal = appeal_decide(appeal=appeal, by=general_office, decision="keep", note="终审维持", at=_at(3))
    assert appeal.state == S.DECIDED_BY_GENERAL_OFFICE
    with pytest.raises(LeadStateError, match="final"):
        appeal_order_review(appeal=appeal, by=general_office, reason="再议", at=_at(4))


def test_keep_changes_nothing_and_a_decision_is_final_at_its_level(appeal, team_manager, salesperson, collision):
    with pytest.raises(ValidationError):
        appeal_decide(appeal=appeal, by=team_manager, decision="keep", note="", at=_at(1))
    with pytest.raises(ValidationError):
        appeal_decide(appeal=appeal, by=team_manager, decision="maybe", note="x", at=_at(1))
    appeal = appeal_decide(appeal=appeal, by=team_manager, decision=AppealDecision.KEEP, note="先录入者为准", at=_at(1))
    assert (appeal.state, appeal.decision, appeal.decided_by) == (S.DECIDED_BY_DEPARTMENT, "keep", team_manager)
    assert appeal.steps.last().params == {"decision": "keep"}
    collision.customer.refresh_from_db()
    assert collision.customer.owner == salesperson
    with pytest.raises(LeadStateError, match="already been decided"):
        appeal_decide(appeal=appeal, by=team_manager, decision="transfer", note="改判", at=_at(2))
    with pytest.raises(LeadStateError, match="review"):
        appeal_escalate(appeal=appeal, by=team_manager, reason="上报", at=_at(2))


def test_transfer_moves_the_customer_its_open_lead_and_clocks(at_quality_control, quality_control, colleague):
    appeal_decide(appeal=at_quality_control, by=quality_control, decision="transfer", note="展会登记在先", at=_at(2))
    customer = at_quality_control.collision.customer
    customer.refresh_from_db()
    lead = customer.leads.get()
    assert customer.owner == colleague and lead.owner == colleague
    assert lead.assignments.last().kind == AssignmentKind.APPEAL_TRANSFER
    assert clocks_for_subject(lead).filter(state__in=OPEN_STATES).get().owner == colleague


def test_review_sends_a_decision_back_to_its_level(appeal, team_manager, quality_control, general_office):
    appeal = appeal_decide(appeal=appeal, by=team_manager, decision="keep", note="维持", at=_at(1))
    with pytest.raises(LeadPermissionError, match="(?i)quality control"):  # not the decider, not two levels up
        appeal_order_review(appeal=appeal, by=team_manager, reason="重看", at=_at(2))
    with pytest.raises(LeadPermissionError, match="(?i)quality control"):
        appeal_order_review(appeal=appeal, by=general_office, reason="重看", at=_at(2))
    with pytest.raises(ValidationError):
        appeal_order_review(appeal=appeal, by=quality_control, reason="", at=_at(2))
    appeal = appeal_order_review(appeal=appeal, by=quality_control, reason="证据未核实", at=_at(2))
    assert (appeal.state, appeal.decision, appeal.decided_by) == (S.AT_DEPARTMENT, "", None)
    events = list(appeal.steps.values_list("event", "by", "note"))
    assert events == [
        (AppealEvent.FILED, appeal.by_id, ""),
        (AppealEvent.DECIDED, team_manager.pk, "维持"),
        (AppealEvent.REVIEW_ORDERED, quality_control.pk, "证据未核实"),
    ]
    with pytest.raises(LeadStateError, match="still waiting"):
        appeal_order_review(appeal=appeal, by=quality_control, reason="再看", at=_at(3))
    appeal = appeal_decide(appeal=appeal, by=team_manager, decision="transfer", note="核实后改判", at=_at(3))
    assert appeal.state == S.DECIDED_BY_DEPARTMENT


def test_the_general_office_reviews_quality_controls_decision(at_quality_control, quality_control, general_office):
    appeal = appeal_decide(appeal=at_quality_control, by=quality_control, decision="keep", note="维持", at=_at(2))
    with pytest.raises(LeadPermissionError, match="(?i)general office"):
        appeal_order_review(appeal=appeal, by=quality_control, reason="自己重看", at=_at(3))
    appeal = appeal_order_review(appeal=appeal, by=general_office, reason="复议", at=_at(3))
    assert appeal.state == S.AT_QUALITY_CONTROL


def test_a_review_that_overturns_a_transfer_gives_the_customer_back(
    appeal, team_manager, quality_control, salesperson, colleague
):
    appeal = appeal_decide(appeal=appeal, by=team_manager, decision="transfer", note="给新人", at=_at(1))
    customer = appeal.collision.customer
    customer.refresh_from_db()
    assert customer.owner == colleague
    appeal = appeal_order_review(appeal=appeal, by=quality_control, reason="未协商", at=_at(2))
    appeal_decide(appeal=appeal, by=team_manager, decision="keep", note="协商后维持原主", at=_at(3))
    customer.refresh_from_db()
    assert customer.owner == salesperson and customer.leads.get().owner == salesperson


def test_a_step_cannot_be_dated_before_the_last_one(appeal, team_manager):
    with pytest.raises(ValidationError):
        appeal_decide(appeal=appeal, by=team_manager, decision="keep", note="x", at=T - timedelta(hours=1))
