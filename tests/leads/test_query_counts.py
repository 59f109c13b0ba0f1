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
    """Issue 13: the lead page runs as many queries for a lead with no design history yet (no appointment, no
    measurement visit, no proposal) as for one that went through it all: an appointment with our attendee, moved
    once; a measurement visit with rooms and photos; 20 proposal versions with their files; contacts between them.
    (A prefetch per kind of child ran only when there were parents: five more queries once the history existed.)"""
    from leads.choices import ProposalResponse, RescheduleCause
    from leads.models import Lead
    from leads.services import appointment_reschedule, measurement_record, proposal_deliver, proposal_record_response
    from tests.uploads import JPEG

    from .design_helpers import ROOMS, VISIT, add_proposal, book_measurement, qualified, upload

    lead = qualified(capture, salesperson)
    rounds = []

    def add(n):
        if n and not rounds:  # the design history starts: a visit booked with us attending, moved, then held
            appointment = book_measurement(lead, salesperson, when=VISIT - timedelta(hours=1), attendees=[salesperson])
            appointment_reschedule(
                appointment=appointment,
                by=salesperson,
                scheduled_at=VISIT,
                cause=RescheduleCause.CUSTOMER,
                reason="客户改时间",
                at=VISIT - timedelta(days=1),
            )
            photos = [upload(f"site-{n}.jpg", JPEG, "image/jpeg") for n in range(3)]
            measured = Lead.objects.get(pk=lead.pk)
            measurement_record(lead=measured, by=salesperson, held_at=VISIT, rooms=ROOMS, photos=photos, at=VISIT)
        for _ in range(n):
            at = VISIT + timedelta(hours=2 + 3 * len(rounds))
            files = [upload(f"render-{len(rounds)}.jpg", JPEG, "image/jpeg")]
            proposal = add_proposal(Lead.objects.get(pk=lead.pk), salesperson, at=at, files=files)
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
    response = assert_constant_queries(client, lead.get_absolute_url(), add, few=0)
    design = response.context["design"]
    assert len(design["proposals"]) == 20
    assert [len(p.files.all()) for p in design["proposals"]] == [1] * 20
    assert len(design["measurement"].photos.all()) == 3
    assert [room.length_m for room in design["measurement"].rooms.all()] == [room["length_m"] for room in ROOMS]
    (appointment,) = design["appointments"]
    assert list(appointment.attendees.all()) == [salesperson]
    (move,) = appointment.reschedules.all()
    assert (move.to_time, move.reason, move.by) == (VISIT, "客户改时间", salesperson)
    page = response.content.decode()
    assert "客户改时间" in page and str(salesperson) in page and "render-19.jpg" in page and "5.20" in page
    assert len(response.context["timeline"]) > 60  # each round: a version, its delivery, a contact, clock events
