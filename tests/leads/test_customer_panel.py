"""The leads' panel on the customer page: only the leads the viewer may open, and a query count that does not grow
with the customer's leads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.choices import KeyTier
from customers.services import customer_set_key_account
from leads.choices import RejectReason
from leads.services import lead_reject

from .conftest import new_phone

pytestmark = pytest.mark.django_db


def _customer_page(client, user, customer_id):
    client.force_login(user)
    response = client.get(reverse("customers:detail", args=[customer_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_panel_lists_only_the_leads_the_viewer_may_open(
    client, capture, salesperson, colleague, team_manager, company_manager
):
    lead = capture(colleague)
    customer_set_key_account(
        customer=lead.customer, by=company_manager, is_key_account=True, tier=KeyTier.CORE, account_manager=salesperson
    )
    lead_url = reverse("leads:detail", args=[lead.pk])
    # The key account's manager sees the customer, but the lead is the colleague's: no link to a page that is a 404.
    page = _customer_page(client, salesperson, lead.customer_id)
    assert 'id="customer-leads"' in page and lead_url not in page
    assert client.get(lead_url).status_code == 404
    assert lead_url in _customer_page(client, colleague, lead.customer_id)
    assert lead_url in _customer_page(client, team_manager, lead.customer_id)


def _repeat_enquiries(capture, owner, lead, count):
    """`count` more leads of the same customer: each earlier one rejected, then a new enquiry on the same phone."""
    phone = lead.customer.phone
    for _ in range(count):
        lead_reject(lead=lead, by=owner, reason=RejectReason.NO_REAL_DEMAND)
        lead = capture(owner, phone=phone, at=None, confirm_repeat=True)  # asked, then confirmed (issue 9)
    return lead


def test_the_customer_page_runs_the_same_queries_with_one_lead_and_with_five(client, capture, team_manager):
    lead = capture(team_manager, phone=new_phone(), at=None)
    client.force_login(team_manager)
    url = reverse("customers:detail", args=[lead.customer_id])
    client.get(url)  # warm the session and the caches

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        return page, queries

    page, one = page_queries()
    assert page.count("data-lead=") == 1
    _repeat_enquiries(capture, team_manager, lead, 4)
    page, five = page_queries()
    assert page.count("data-lead=") == 5
    assert len(five) == len(one), "\n".join(q["sql"] for q in five.captured_queries)
