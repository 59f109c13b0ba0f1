"""The lead's designer (seed 001 §4): chosen by the owner or a manager; then sees the lead and does its design work
(appointments, the measurement, proposals), but none of the sales work."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from decocrm.accounts.choices import Role
from decocrm.sla.choices import ClockKind
from decocrm.sla.selectors import my_open_clocks
from leads.actions import LEAD_ACTIONS
from leads.choices import AssignmentKind, LeadState
from leads.models import Lead
from leads.selectors import lead_design_context, my_leads_by_deadline, visible_leads
from leads.services import (
    LeadPermissionError,
    LeadStateError,
    appointment_book,
    lead_assign,
    lead_assign_designer,
    lead_log_contact,
    lead_mark_lost,
    lead_mark_won,
    lead_release_to_pool,
    measurement_confirm,
    measurement_record,
    proposal_deliver,
    proposal_record_response,
)

from .design_helpers import ROOMS, VISIT, T, add_proposal, book_measurement, clock, qualified

pytestmark = pytest.mark.django_db
AT = T  # the designer is chosen on qualifying


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def designer(make_staff):
    return make_staff(Role.DESIGNER)


@pytest.fixture
def other_designer(make_staff):
    return make_staff(Role.DESIGNER)


def designed(capture, salesperson, designer):
    lead = qualified(capture, salesperson)
    return lead_assign_designer(lead=lead, by=salesperson, designer=designer, at=AT)


def test_the_owner_assigns_a_designer_and_a_manager_changes_them_on_the_timeline(
    capture, salesperson, team_manager, designer, other_designer
):
    lead = designed(capture, salesperson, designer)
    assert Lead.objects.get(pk=lead.pk).designer == designer
    lead_assign_designer(lead=lead, by=team_manager, designer=other_designer, note="换人", at=AT)
    rows = list(lead.assignments.filter(kind=AssignmentKind.DESIGNER).values_list("from_owner", "to_owner", "by"))
    assert rows == [(None, designer.pk, salesperson.pk), (designer.pk, other_designer.pk, team_manager.pk)]
    assert Lead.objects.get(pk=lead.pk).owner == salesperson  # the owner does not change
    with pytest.raises(LeadStateError, match="already the designer"):
        lead_assign_designer(lead=lead, by=salesperson, designer=other_designer, at=AT)


def test_who_and_when_a_designer_may_be_chosen(capture, salesperson, colleague, designer, other_designer):
    lead = qualified(capture, salesperson)
    for by in (colleague, designer):  # another salesperson; a designer does not choose designers
        with pytest.raises(LeadPermissionError):
            lead_assign_designer(lead=lead, by=by, designer=designer, at=AT)
    other_designer.is_active = False
    other_designer.save()
    for staff in (colleague, other_designer):  # not a designer; no longer active
        with pytest.raises(ValidationError) as error:
            lead_assign_designer(lead=lead, by=salesperson, designer=staff, at=AT)
        assert "designer" in error.value.message_dict
    new = capture(salesperson)
    with pytest.raises(LeadStateError, match="between qualification and the measurement"):
        lead_assign_designer(lead=new, by=salesperson, designer=designer)
    book_measurement(lead, salesperson)
    lead_assign_designer(lead=lead, by=salesperson, designer=designer, at=AT)  # when the visit is booked: yes
    measurement_record(lead=lead, by=designer, held_at=VISIT, rooms=ROOMS, at=VISIT + timedelta(hours=1))
    with pytest.raises(LeadStateError, match="between qualification and the measurement"):  # after it: no
        lead_assign_designer(lead=lead, by=salesperson, designer=other_designer)
    assert Lead.objects.get(pk=lead.pk).designer == designer


def test_booking_the_measurement_with_a_designer_assigns_them_and_they_attend(capture, salesperson, designer):
    lead = qualified(capture, salesperson)
    with pytest.raises(ValidationError) as error:
        appointment_book(lead=lead, by=salesperson, kind="consultation", scheduled_at=VISIT, place="门店",
                         designer=designer, at=T)  # fmt: skip
    assert "designer" in error.value.message_dict and not lead.appointments.exists()
    visit = book_measurement(lead, salesperson, designer=designer)
    assert Lead.objects.get(pk=lead.pk).designer == designer
    assert list(visit.attendees.all()) == [designer]


def test_the_designer_books_measures_and_delivers_and_owns_the_design_clocks(capture, salesperson, designer):
    lead = designed(capture, salesperson, designer)
    visit = book_measurement(lead, designer)  # the designer agrees the time with the customer (001 §4(一)1)
    assert list(visit.attendees.all()) == [designer]  # the lead's designer joins the visit
    assert Lead.objects.get(pk=lead.pk).state == LeadState.MEASUREMENT_SCHEDULED
    measurement_record(lead=lead, by=designer, held_at=VISIT, rooms=ROOMS, at=VISIT + timedelta(hours=2))
    for kind in (ClockKind.DESIGN_PROPOSAL, ClockKind.MEASUREMENT_RESULTS):
        assert clock(lead, kind).owner == designer, kind
    assert clock(lead, ClockKind.DESIGN_PROPOSAL).team_id == salesperson.team_id  # the sales team still sees it
    assert {c.kind for c in my_open_clocks(designer)[1]} == {ClockKind.DESIGN_PROPOSAL, ClockKind.MEASUREMENT_RESULTS}
    measurement_confirm(lead=lead, by=designer, note="业主微信确认", at=VISIT + timedelta(hours=3))
    lead.refresh_from_db()
    proposal = add_proposal(lead, designer)
    proposal_deliver(proposal=proposal, by=designer, at=VISIT + timedelta(days=1, hours=1))
    assert clock(lead, ClockKind.DESIGN_PROPOSAL).state == "met"
    proposal_record_response(proposal=proposal, by=designer, response="accepted", at=VISIT + timedelta(days=2))
    assert Lead.objects.get(pk=lead.pk).state == LeadState.PROPOSAL_ACCEPTED
    with pytest.raises(LeadPermissionError):  # signing is the owner's
        lead_mark_won(lead=lead, by=designer)
    lead_mark_won(lead=lead, by=salesperson, at=VISIT + timedelta(days=3))
    assert Lead.objects.get(pk=lead.pk).state == LeadState.WON


def test_the_designer_does_none_of_the_sales_work(capture, salesperson, colleague, designer, other_designer):
    lead = designed(capture, salesperson, designer)
    assert LEAD_ACTIONS.offer(lead, designer) == []  # contact, lost, won, assign, release, designer: none
    assert LEAD_ACTIONS.offer(lead, salesperson)
    for refused in (
        lambda: lead_log_contact(lead=lead, by=designer, channel="phone", summary="x"),
        lambda: lead_mark_lost(lead=lead, by=designer, reason="price"),
        lambda: lead_assign_designer(lead=lead, by=designer, designer=other_designer),
    ):
        with pytest.raises(LeadPermissionError):
            refused()
    for refused in (  # hand-overs are for managers
        lambda: lead_assign(lead=lead, owner=colleague, by=designer),
        lambda: lead_release_to_pool(lead=lead, by=designer),
    ):
        with pytest.raises(LeadPermissionError):
            refused()
    for name in ("reject", "lose", "win", "qualify"):
        assert not Lead.machine.may(lead, name, designer), name
    assert Lead.objects.get(pk=lead.pk).state == LeadState.QUALIFIED


def test_a_designer_sees_only_the_leads_assigned_to_them(capture, salesperson, designer, other_designer):
    mine = designed(capture, salesperson, designer)
    theirs = designed(capture, salesperson, other_designer)
    qualified(capture, salesperson)  # nobody's design yet
    assert list(visible_leads(designer)) == [mine]
    assert list(visible_leads(other_designer)) == [theirs]
    assert [lead.pk for lead in my_leads_by_deadline(designer)] == [mine.pk]
    book_measurement(theirs, other_designer)
    with pytest.raises(LeadPermissionError):  # not assigned: nothing to do on it
        measurement_record(lead=theirs, by=designer, held_at=VISIT, rooms=ROOMS)
    context = lead_design_context(Lead.objects.get(pk=mine.pk), designer)
    assert context["can_book"] and context["can_work"]
    assert not lead_design_context(Lead.objects.get(pk=theirs.pk), designer)["can_work"]


def test_a_designer_of_a_lead_returned_to_the_pool_waits_for_its_next_owner(
    capture, salesperson, team_manager, designer
):
    lead = designed(capture, salesperson, designer)
    lead_release_to_pool(lead=lead, by=team_manager, at=AT)
    with pytest.raises(LeadPermissionError, match="pool"):
        book_measurement(lead, designer)
    assert not lead_design_context(Lead.objects.get(pk=lead.pk), designer)["can_book"]
