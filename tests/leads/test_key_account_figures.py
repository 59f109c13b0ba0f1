"""The key-account criteria from the leads' records (leads.key_account_figures through customers.figures): the first
won lead dates the cooperation, the accepted proposals of the last 12 months make the annual amount, and the rank is
among the key accounts."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine

from customers.choices import KeyTier
from customers.figures import key_account_figures
from customers.services import customer_set_key_account
from leads.services import lead_mark_won, proposal_deliver, proposal_record_response

from .conftest import MONDAY
from .design_helpers import VISIT, add_proposal, measured

pytestmark = pytest.mark.django_db


def won_customer(capture, by, amount, phone):
    lead = measured(capture, by, phone=phone)
    proposal = add_proposal(lead, by, quote_amount=Decimal(amount))
    proposal_deliver(proposal=proposal, by=by, at=VISIT + timedelta(days=1))
    proposal_record_response(proposal=proposal, by=by, response="accepted", at=VISIT + timedelta(days=2))
    lead_mark_won(lead=lead, by=by, at=VISIT + timedelta(days=3))
    return lead.customer


def test_figures_come_from_won_leads_and_accepted_proposals(capture, salesperson, company_manager, settings):
    settings.KEY_ACCOUNT_MIN_ANNUAL_AMOUNT = 200000
    big = won_customer(capture, salesperson, "300000.00", "13900000001")
    small = won_customer(capture, salesperson, "100000.00", "13900000002")
    for customer in (big, small):
        customer_set_key_account(customer=customer, by=company_manager, is_key_account=True, tier=KeyTier.CORE,
                                 account_manager=salesperson)  # fmt: skip
    with time_machine.travel(MONDAY + timedelta(days=800), tick=False):
        figures = key_account_figures([big, small])
    assert figures[big.pk].annual_amount == 0  # accepted more than 12 months before
    with time_machine.travel(MONDAY + timedelta(days=30), tick=False):
        figures = key_account_figures([big, small])
    assert figures[big.pk].annual_amount == Decimal("300000.00") and figures[big.pk].meets_amount
    assert figures[small.pk].annual_amount == Decimal("100000.00") and not figures[small.pk].meets_amount
    assert (figures[big.pk].rank, figures[small.pk].rank, figures[big.pk].ranked) == (1, 2, 2)
    assert figures[big.pk].in_core_share and not figures[small.pk].in_core_share
    assert figures[big.pk].cooperating_since == VISIT + timedelta(days=3)
    assert not figures[big.pk].meets_years  # a month of cooperation, the rule asks for two years
    with time_machine.travel(MONDAY + timedelta(days=800), tick=False):
        assert key_account_figures([big])[big.pk].meets_years
