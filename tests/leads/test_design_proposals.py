"""Design proposals: delivery stops the proposal clock, revisions are new versions, the customer's response wins
or keeps the lead; bad numbers and files are refused."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from customers.choices import CustomerClass
from decocrm.sla.choices import ClockKind, ClockState
from leads.choices import LeadState, ProposalResponse
from leads.models import DesignProposal, Lead
from leads.services import (
    LeadStateError,
    lead_mark_won,
    proposal_deliver,
    proposal_record_response,
)

from .design_helpers import (
    PNG,
    VISIT,
    add_proposal,
    clock,
    delivered,
    measured,
    qualified,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_first_delivery_moves_to_proposal_delivered_and_stops_the_proposal_clock(capture, salesperson):
    lead = measured(capture, salesperson)
    files = [upload("客厅.png", PNG, "image/png"), ("floor_plan", upload("plan.pdf"))]
    proposal = add_proposal(lead, salesperson, material_list="东鹏瓷砖\n多乐士乳胶漆", files=files)
    assert (proposal.version, proposal.response, proposal.delivered_at) == (1, "pending", None)
    assert sorted(proposal.files.values_list("kind", flat=True)) == ["floor_plan", "rendering"]
    assert Lead.objects.get(pk=lead.pk).state == LeadState.MEASURED  # prepared, not yet delivered
    at = VISIT + timedelta(days=1, hours=1)
    proposal_deliver(proposal=proposal, by=salesperson, at=at)
    lead.refresh_from_db()
    assert lead.state == LeadState.PROPOSAL_DELIVERED
    assert clock(lead, ClockKind.DESIGN_PROPOSAL).state == ClockState.MET
    last = lead.transitions.last()
    assert (last.event, last.params, last.note) == ("proposal_delivered", {"v": 1}, "")
    assert last.event_text == "proposal v1 delivered"
    assert lead.next_due_at == clock(lead, ClockKind.MEASUREMENT_RESULTS).due_at


def test_a_revision_is_a_new_version_recorded_on_the_timeline(capture, salesperson):
    lead, v1 = delivered(capture, salesperson)
    with pytest.raises(LeadStateError, match="already delivered"):
        proposal_deliver(proposal=v1, by=salesperson)
    proposal_record_response(proposal=v1, by=salesperson, response="revision_requested", note="厨房改开放式")
    v2 = add_proposal(lead, salesperson, style="新中式")
    with pytest.raises(LeadStateError, match="being prepared"):
        add_proposal(lead, salesperson)
    proposal_deliver(proposal=v2, by=salesperson, at=VISIT + timedelta(days=3))
    lead.refresh_from_db()
    assert lead.state == LeadState.PROPOSAL_DELIVERED and v2.version == 2
    last = lead.transitions.last()
    assert (last.from_state, last.to_state, last.event_text) == ("proposal_delivered", "proposal_delivered",
                                                                 "revised proposal v2 delivered")  # fmt: skip


def test_acceptance_awaits_the_contract_and_signing_wins_the_lead(capture, salesperson):
    lead, proposal = delivered(capture, salesperson, channel="referral", referred_by_partner="万科物业")
    at = VISIT + timedelta(days=2)
    proposal = proposal_record_response(proposal=proposal, by=salesperson, response="accepted", note="签字确认", at=at)
    lead.refresh_from_db()
    assert (proposal.response, proposal.responded_at, proposal.responded_by) == ("accepted", at, salesperson)
    # 方案已接受 / 待签约: not won, the customer not yet a formal one (seed 000 §6)
    assert lead.state == LeadState.PROPOSAL_ACCEPTED and lead.is_open and lead.referral_reward_status == "none"
    assert lead.transitions.last().event_text == "proposal v1 accepted"
    assert lead.customer.customer_class != CustomerClass.EXISTING
    assert clock(lead, ClockKind.MEASUREMENT_RESULTS).state == ClockState.RUNNING
    with pytest.raises(LeadStateError, match="after the measurement visit"):
        add_proposal(lead, salesperson)
    lead = lead_mark_won(lead=lead, by=salesperson, note="合同已签", at=at + timedelta(days=1))
    assert lead.state == LeadState.WON and lead.referral_reward_status == "pending"
    lead.customer.refresh_from_db()
    assert lead.customer.customer_class == CustomerClass.EXISTING
    assert clock(lead, ClockKind.MEASUREMENT_RESULTS).state == ClockState.CANCELLED
    with pytest.raises(LeadStateError, match="closed"):
        add_proposal(lead, salesperson)


def test_response_rules(capture, salesperson):
    lead = measured(capture, salesperson)
    draft = add_proposal(lead, salesperson)
    with pytest.raises(LeadStateError, match="Deliver the proposal"):
        proposal_record_response(proposal=draft, by=salesperson, response="accepted")
    proposal_deliver(proposal=draft, by=salesperson, at=VISIT + timedelta(days=1))
    with pytest.raises(ValidationError):
        proposal_record_response(proposal=draft, by=salesperson, response="pending")
    with pytest.raises(ValidationError, match="why"):
        proposal_record_response(proposal=draft, by=salesperson, response="rejected", note="")
    proposal_record_response(proposal=draft, by=salesperson, response="rejected", note="预算超了")
    with pytest.raises(LeadStateError, match="already answered"):
        proposal_record_response(proposal=draft, by=salesperson, response="accepted")
    assert Lead.objects.get(pk=lead.pk).state == LeadState.PROPOSAL_DELIVERED


def test_only_the_latest_delivered_version_can_be_answered(capture, salesperson):
    lead, v1 = delivered(capture, salesperson)
    v2 = add_proposal(lead, salesperson)
    proposal_deliver(proposal=v2, by=salesperson, at=VISIT + timedelta(days=2))
    with pytest.raises(LeadStateError, match="newer version"):
        proposal_record_response(proposal=v1, by=salesperson, response="accepted")
    assert DesignProposal.objects.get(pk=v1.pk).response == ProposalResponse.PENDING


def test_no_proposal_before_measurement_and_bad_numbers_are_refused(capture, salesperson):
    with pytest.raises(LeadStateError, match="after the measurement"):
        add_proposal(qualified(capture, salesperson), salesperson)
    lead = measured(capture, salesperson)
    with pytest.raises(ValidationError):
        add_proposal(lead, salesperson, quote_amount=Decimal("-1"))
    with pytest.raises(ValidationError):
        add_proposal(lead, salesperson, construction_days=0)
    with pytest.raises(ValidationError, match="not an accepted file type"):
        add_proposal(lead, salesperson, files=[upload("x.docx", b"PK\x03\x04")])
    assert not lead.proposals.exists()
