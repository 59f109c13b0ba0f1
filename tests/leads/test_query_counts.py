"""The lead list, the lead page and the home page run as many queries with 20 rows as with 1 (tests/querycount.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from leads.choices import ContactChannel
from leads.services import lead_log_contact
from tests.querycount import assert_constant_queries

from .conftest import MONDAY

pytestmark = pytest.mark.django_db


def _leads_of(capture, owner):
    made = []

    def add(n):
        for _ in range(n):
            made.append(capture(owner, name=f"客户{len(made)}"))

    return add, made


def test_lead_list(client, team_manager, salesperson, capture):
    add, made = _leads_of(capture, salesperson)
    client.force_login(team_manager)
    page = assert_constant_queries(client, reverse("leads:list"), add).content.decode()
    assert all(f"客户{i}" in page for i in range(len(made)))


def test_lead_page_with_its_contacts(client, salesperson, capture):
    lead = capture(salesperson)
    contacts = []

    def add(n):
        for _ in range(n):
            at = MONDAY + timedelta(minutes=len(contacts) + 1)
            contact = lead_log_contact(lead=lead, by=salesperson, channel=ContactChannel.PHONE, summary="回访", at=at)
            contacts.append(contact)

    client.force_login(salesperson)
    assert_constant_queries(client, lead.get_absolute_url(), add)


def test_home_page_with_my_leads_and_clocks(client, salesperson, capture):
    add, _ = _leads_of(capture, salesperson)
    client.force_login(salesperson)
    page = assert_constant_queries(client, reverse("home"), add).content.decode()
    assert 'id="my-leads"' in page
    assert sum(f"客户{i}<" in page for i in range(20)) == 8, page
