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


def test_lead_page_with_a_long_design_history_as_company_manager(client, company_manager, salesperson, capture):
    """Issue 13: the lead page of a lead that went through the design work (measurement photos, proposal versions
    with their files, contacts between them) runs as many queries with 1 round of revisions as with 20."""
    from leads.choices import ProposalResponse
    from leads.models import Lead
    from leads.services import measurement_record, proposal_deliver, proposal_record_response
    from tests.uploads import JPEG

    from .design_helpers import ROOMS, VISIT, add_proposal, book_measurement, qualified, upload

    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    photos = [upload(f"site-{n}.jpg", JPEG, "image/jpeg") for n in range(3)]
    measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS, photos=photos, at=VISIT)
    lead = Lead.objects.get(pk=lead.pk)
    rounds = []

    def add(n):
        for _ in range(n):
            at = VISIT + timedelta(hours=2 + 3 * len(rounds))
            files = [upload(f"render-{len(rounds)}.jpg", JPEG, "image/jpeg")]
            proposal = add_proposal(lead, salesperson, at=at, files=files)
            proposal = proposal_deliver(proposal=proposal, by=salesperson, at=at + timedelta(minutes=30))
            proposal_record_response(
                proposal=proposal,
                by=salesperson,
                response=ProposalResponse.REVISION_REQUESTED,
                at=at + timedelta(hours=1),
            )
            lead_log_contact(
                lead=lead, by=salesperson, channel=ContactChannel.WECHAT, summary="改方案", at=at + timedelta(hours=2)
            )
            rounds.append(proposal)

    client.force_login(company_manager)
    response = assert_constant_queries(client, lead.get_absolute_url(), add)
    assert len(response.context["design"]["proposals"]) == 20
    assert len(response.context["design"]["measurement"].photos.all()) == 3
    assert len(response.context["timeline"]) > 60  # each round: a version, its delivery, a contact, clock events
