import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from customers.models import Customer
from decocrm.sla.choices import ClockAction, ClockKind, ClockState
from decocrm.sla.selectors import clocks_for_subject
from leads.choices import AssignmentKind, Channel, LeadState
from leads.models import Collision, Lead
from leads.services import LeadCollisionError, LeadPermissionError, lead_capture
from tests.conftest import skip_or_fail

from .conftest import MONDAY, new_phone

pytestmark = pytest.mark.django_db


def test_capture_creates_customer_and_lead_and_starts_the_first_contact_clock(capture, salesperson):
    lead = capture(salesperson, name="王女士", phone="138 1234 5678", channel=Channel.HOME_PLATFORM,
                   channel_detail="土巴兔", area_m2="98.5", special_needs=["elderly"])  # fmt: skip
    customer = lead.customer
    assert (customer.phone, customer.phone_digits) == ("+8613812345678", "13812345678")
    assert customer.owner == salesperson and customer.owned_since == MONDAY
    assert (lead.owner, lead.team, lead.state, lead.created_by) == (salesperson, salesperson.team, "new", salesperson)
    assert list(lead.transitions.values_list("from_state", "to_state")) == [("", LeadState.NEW)]
    assert list(lead.assignments.values_list("kind", "to_owner")) == [(AssignmentKind.CAPTURE, salesperson.pk)]
    [clock] = clocks_for_subject(lead)
    assert (clock.kind, clock.state, clock.owner, clock.customer_id) == (
        ClockKind.FIRST_CONTACT, ClockState.RUNNING, salesperson, customer.pk)  # fmt: skip
    assert clock.subject_label == "王女士 138****5678"
    assert clock.subject_url == f"/leads/{lead.pk}/"
    assert lead.next_due_at == clock.due_at
    assert Lead.objects.get(pk=lead.pk).next_due_at == clock.due_at


def test_capture_into_the_pool(capture, salesperson):
    lead = capture(salesperson, owner=None)
    assert lead.owner is None and lead.pool_entered_at == MONDAY and lead.customer.owner is None
    assert clocks_for_subject(lead).get().owner is None


def test_only_a_manager_captures_for_someone_else(capture, salesperson, colleague, team_manager):
    with pytest.raises(LeadPermissionError):
        capture(salesperson, owner=colleague)
    lead = capture(team_manager, owner=colleague)
    assert lead.owner == colleague and lead.customer.owner == colleague


def test_referral_needs_a_referrer(capture, salesperson):
    with pytest.raises(ValidationError) as info:
        capture(salesperson, channel=Channel.REFERRAL)
    assert "referred_by_partner" in info.value.message_dict
    lead = capture(salesperson, channel=Channel.REFERRAL, referred_by_partner="碧桂园物业")
    assert lead.referred_by_partner == "碧桂园物业"


def test_bad_phone_creates_nothing(capture, salesperson):
    with pytest.raises(ValidationError) as info:
        capture(salesperson, phone="12345")
    assert "phone" in info.value.message_dict
    assert not Customer.objects.exists() and not Lead.objects.exists()


def test_same_phone_in_another_form_is_a_collision_recorded_with_the_owner(capture, salesperson, colleague):
    first = capture(salesperson, name="李先生", phone="13912345678")
    with pytest.raises(LeadCollisionError) as info:
        capture(colleague, name="李生", phone="+86 139-1234-5678", channel=Channel.WECHAT)
    collision = info.value.collision
    assert Collision.objects.get() == collision
    assert (collision.customer, collision.matched_on, collision.owner, collision.owned_since) == (
        first.customer, "phone", salesperson, MONDAY)  # fmt: skip
    assert (collision.attempted_by, collision.attempted_name, collision.channel) == (colleague, "李生", "wechat")
    assert salesperson.display_name in str(info.value) and "2026-03-02" in str(info.value)
    assert Customer.objects.count() == 1 and Lead.objects.count() == 1  # nothing else was created
    assert first.customer.owner == salesperson


def test_same_organisation_in_another_spelling_is_a_collision(capture, salesperson, colleague):
    capture(salesperson, name="ＡＢＣ装饰（上海）有限公司", is_organisation=True, phone="")
    with pytest.raises(LeadCollisionError) as info:
        capture(colleague, name="abc 装饰(上海)有限公司", is_organisation=True, phone="")
    assert info.value.collision.matched_on == "organisation"
    assert Customer.objects.count() == 1


def test_collision_with_a_pool_customer_says_claim_it(capture, salesperson, colleague):
    capture(salesperson, phone="13912345670", owner=None)
    with pytest.raises(LeadCollisionError, match="lead pool"):
        capture(colleague, phone="13912345670")


def test_the_owner_may_open_a_new_lead_for_their_own_customer_once_the_old_one_closed(capture, salesperson):
    """Issue 9: re-entering one's own customer is asked about (RepeatEnquiryError), never silent; confirmed, a
    customer whose leads are closed gets a new lead."""
    from leads.services import RepeatEnquiryError, lead_log_contact, lead_reject

    first = capture(salesperson, phone="13912345671")
    with pytest.raises(RepeatEnquiryError, match="already your customer and has an open lead") as asked:
        capture(salesperson, phone="13912345671")
    assert (asked.value.open_lead.pk, asked.value.lead_count) == (first.pk, 1)
    lead_log_contact(lead=first, by=salesperson, channel="phone", summary="无需求", at=MONDAY)
    lead_reject(lead=first, by=salesperson, reason="no_real_demand", at=MONDAY)
    with pytest.raises(RepeatEnquiryError, match="1 earlier lead") as asked:
        capture(salesperson, phone="13912345671")
    assert asked.value.open_lead is None
    assert Lead.objects.filter(customer=first.customer).count() == 1
    second = capture(salesperson, phone="13912345671", confirm_repeat=True)
    assert second.customer == first.customer and second.pk != first.pk
    assert not Collision.objects.exists()


def test_a_confirmed_repeat_enquiry_is_added_to_the_open_lead(capture, salesperson):
    from leads.services import RepeatEnquiryError

    first = capture(salesperson, phone="13912345672", enquiry="三室两厅")
    with pytest.raises(RepeatEnquiryError):
        capture(salesperson, name="张先生", is_organisation=False, phone="139 1234 5672", enquiry="加一间书房")
    same = capture(salesperson, phone="13912345672", enquiry="加一间书房", channel=Channel.PHONE, confirm_repeat=True)
    assert same.pk == first.pk
    assert Lead.objects.filter(customer=first.customer).count() == 1
    assert same.enquiry.startswith("三室两厅\n\n2026-") and same.enquiry.endswith("加一间书房")
    [edit] = same.history.filter(history_type="~")
    assert edit.history_user == salesperson


def test_an_own_organisation_in_another_spelling_is_asked_about_too(capture, salesperson):
    from leads.services import RepeatEnquiryError

    first = capture(salesperson, name="ＡＢＣ装饰（上海）有限公司", is_organisation=True, phone="")
    with pytest.raises(RepeatEnquiryError) as asked:
        capture(salesperson, name="abc 装饰(上海)有限公司", is_organisation=True, phone="")
    assert asked.value.open_lead.pk == first.pk and not Collision.objects.exists()


@pytest.mark.parametrize("role", ["designer", "project_manager", "after_sales", "customer_relations", "archive_clerk"])
def test_only_roles_that_may_own_leads_capture(capture, make_staff, team, role):
    with pytest.raises(LeadPermissionError, match="Only salespeople and managers"):
        capture(make_staff(role, team=team))
    assert not Lead.objects.exists() and not Customer.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_people_entering_the_same_phone_at_once_make_one_customer_and_one_collision(make_staff, team):
    if connection.vendor != "postgresql":
        skip_or_fail("concurrent entry needs PostgreSQL's unique index waits")
    people = [make_staff(team=team), make_staff(team=team)]
    phone = new_phone()
    barrier = threading.Barrier(2)
    leads, collisions, errors = [], [], []

    def enter(person):
        try:
            barrier.wait()
            leads.append(lead_capture(by=person, channel=Channel.WALK_IN, name="并发", phone=phone, at=MONDAY))
        except LeadCollisionError as error:
            collisions.append(error.collision)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    for _round in range(5):  # several rounds: the race must be lost cleanly whichever way it goes
        phone = new_phone()
        leads.clear(), collisions.clear()
        threads = [threading.Thread(target=enter, args=(p,)) for p in people]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert errors == []
        assert len(leads) == 1 and len(collisions) == 1
        assert Customer.objects.filter(phone=f"+86{phone}").count() == 1
        assert collisions[0].customer_id == leads[0].customer_id
        assert collisions[0].attempted_by != leads[0].owner
    assert Lead.objects.count() == 5


def test_first_contact_clock_is_recorded_as_started(capture, salesperson):
    lead = capture(salesperson)
    clock = clocks_for_subject(lead).get()
    assert list(clock.events.values_list("action", "by")) == [(ClockAction.START, salesperson.pk)]
