import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse

from decocrm.accounts.choices import Role
from decocrm.sla.choices import OPEN_STATES, ClockState
from decocrm.sla.selectors import clocks_for_subject
from decocrm.sla.sweep import sla_sweep
from leads.choices import AssignmentKind
from leads.models import Lead, SalesRotation
from leads.pool import return_breached_leads
from leads.selectors import lead_pool
from leads.services import (
    LeadPermissionError,
    LeadStateError,
    NoOneOnDutyError,
    PoolRuleError,
    lead_assign,
    lead_assign_round_robin,
    lead_capture,
    lead_claim,
    lead_release_to_pool,
    sales_rotation_set_on_duty,
)
from tests.conftest import skip_or_fail

from .conftest import MONDAY, new_phone


def open_clock(lead):
    """The lead's open clock (a hand-over closes the old one and starts a fresh one: see test_hand_over.py)."""
    return clocks_for_subject(lead).filter(state__in=OPEN_STATES).get()


pytestmark = pytest.mark.django_db
LATER = MONDAY + timedelta(hours=1)


def test_claim_takes_the_lead_its_customer_and_its_clocks(capture, salesperson, colleague):
    lead = capture(salesperson, owner=None, phone="13812345678")
    assert [pool_lead.customer.masked_phone for pool_lead in lead_pool(colleague)] == ["138****5678"]
    lead = lead_claim(lead=lead, by=colleague, at=LATER)
    assert (lead.owner, lead.team, lead.pool_entered_at) == (colleague, colleague.team, None)
    lead.customer.refresh_from_db()
    assert lead.customer.owner == colleague and lead.customer.owned_since == LATER
    assert open_clock(lead).owner == colleague
    assert list(lead.assignments.values_list("kind", "from_owner", "to_owner")) == [
        (AssignmentKind.CAPTURE, None, None), (AssignmentKind.CLAIM, None, colleague.pk)]  # fmt: skip
    assert not lead_pool(colleague).exists()
    with pytest.raises(PoolRuleError, match="already claimed"):
        lead_claim(lead=lead, by=salesperson, at=LATER)


def test_claim_refuses_closed_leads_and_non_sales_roles(capture, salesperson, make_staff):
    lead = capture(salesperson, owner=None)
    with pytest.raises(LeadPermissionError):
        lead_claim(lead=lead, by=make_staff(Role.DESIGNER))
    Lead.objects.filter(pk=lead.pk).update(state="lost", lost_reason="price")
    with pytest.raises(LeadStateError):
        lead_claim(lead=lead, by=salesperson)


def test_daily_claim_cap(capture, salesperson, colleague, settings):
    settings.LEADS_DAILY_CLAIM_CAP = 2
    leads = [capture(salesperson, owner=None) for _ in range(3)]
    lead_claim(lead=leads[0], by=colleague, at=LATER)
    lead_claim(lead=leads[1], by=colleague, at=LATER)
    with pytest.raises(PoolRuleError, match="2 leads today"):
        lead_claim(lead=leads[2], by=colleague, at=LATER)
    lead_claim(lead=leads[2], by=colleague, at=LATER + timedelta(days=1))  # a new day


def test_holding_cap_counts_unsigned_customers(capture, salesperson, colleague, settings):
    settings.LEADS_MAX_PROTECTED_CUSTOMERS = 1
    capture(colleague)
    pool_lead = capture(salesperson, owner=None)
    with pytest.raises(PoolRuleError, match="1 protected customers"):
        lead_claim(lead=pool_lead, by=colleague, at=LATER)
    with pytest.raises(PoolRuleError):
        capture(colleague)  # entering a lead for oneself counts too
    assert Lead.objects.get(pk=pool_lead.pk).owner is None


def test_cool_off_before_the_lapsed_owner_may_reclaim(capture, salesperson, colleague, team_manager, settings):
    settings.LEADS_RECLAIM_COOL_OFF_DAYS = 15
    lead = capture(salesperson)
    lead_release_to_pool(lead=lead, by=team_manager, note="首联超时", at=LATER)
    with pytest.raises(PoolRuleError, match="2026-03-17"):
        lead_claim(lead=lead, by=salesperson, at=LATER + timedelta(days=14))
    assert lead_claim(lead=lead, by=salesperson, at=LATER + timedelta(days=15)).owner == salesperson


@pytest.mark.django_db(transaction=True)
def test_two_salespeople_claiming_at_once_one_wins(make_staff, team):
    if connection.vendor != "postgresql":
        skip_or_fail("the claim race needs PostgreSQL row locks")
    entrant = make_staff(team=team)
    people = [make_staff(team=team) for _ in range(4)]
    for _round in range(3):
        lead = lead_capture(by=entrant, channel="website", name="抢单", phone=new_phone(), owner=None, at=MONDAY)
        barrier = threading.Barrier(len(people))
        winners, refusals, errors = [], [], []

        def claim(person, lead=lead, barrier=barrier, winners=winners, refusals=refusals, errors=errors):
            try:
                barrier.wait()
                winners.append(lead_claim(lead=lead, by=person).owner)
            except PoolRuleError as error:
                refusals.append(str(error))
            except Exception as error:  # surfaced below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=claim, args=(p,)) for p in people]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert errors == []
        assert len(winners) == 1 and len(refusals) == len(people) - 1
        lead.refresh_from_db()
        assert lead.owner == winners[0]
        assert lead.assignments.filter(kind=AssignmentKind.CLAIM).count() == 1
        assert open_clock(lead).owner == winners[0]


def test_manager_reassigns_and_the_new_owner_gets_the_clocks(capture, salesperson, colleague, team_manager, outsider):
    lead = capture(salesperson)
    with pytest.raises(LeadPermissionError):
        lead_assign(lead=lead, owner=colleague, by=salesperson)
    with pytest.raises(LeadPermissionError, match="not in your team"):
        lead_assign(lead=lead, owner=outsider, by=team_manager)
    lead = lead_assign(lead=lead, owner=colleague, by=team_manager, note="休假", at=LATER)
    assert lead.owner == colleague and open_clock(lead).owner == colleague
    with pytest.raises(LeadStateError, match="already owns"):
        lead_assign(lead=lead, owner=colleague, by=team_manager)


def test_another_teams_manager_cannot_touch_the_lead(capture, salesperson, colleague, make_staff):
    from decocrm.accounts.services import team_create

    other_manager = make_staff(Role.MANAGER, team=team_create(name="二部"))
    lead = capture(salesperson)
    with pytest.raises(LeadPermissionError):
        lead_release_to_pool(lead=lead, by=other_manager)
    with pytest.raises(LeadPermissionError):
        lead_assign(lead=lead, owner=colleague, by=other_manager)


def test_release_to_pool_unowns_the_lead_customer_and_pauses_its_clocks(capture, salesperson, team_manager):
    lead = capture(salesperson)
    with pytest.raises(LeadPermissionError):
        lead_release_to_pool(lead=lead, by=salesperson)
    lead = lead_release_to_pool(lead=lead, by=team_manager, at=LATER)
    assert (lead.owner, lead.previous_owner, lead.released_at, lead.pool_entered_at) == (
        None, salesperson, LATER, LATER)  # fmt: skip
    assert lead.team == salesperson.team  # the team that let it lapse still finds it
    lead.customer.refresh_from_db()
    assert lead.customer.owner is None
    assert open_clock(lead).owner is None and open_clock(lead).state == ClockState.PAUSED  # pool time: nobody's
    with pytest.raises(LeadStateError, match="already in the pool"):
        lead_release_to_pool(lead=lead, by=team_manager)


def test_automatic_return_after_a_breached_first_contact_only_when_enabled(capture, salesperson, colleague, settings):
    lead = capture(salesperson)
    quick = capture(salesperson)
    from leads.services import lead_log_contact

    lead_log_contact(lead=quick, by=salesperson, channel="phone", summary="已联系", at=LATER)
    due = clocks_for_subject(lead).get().due_at
    sla_sweep(now=due + timedelta(minutes=5))
    settings.LEADS_AUTO_RETURN_TO_POOL = False
    assert return_breached_leads() == 0
    settings.LEADS_AUTO_RETURN_TO_POOL = True
    assert return_breached_leads() == 1
    lead.refresh_from_db()
    assert lead.owner is None and lead.assignments.last().kind == AssignmentKind.AUTO_RELEASE
    assert Lead.objects.get(pk=quick.pk).owner == salesperson
    assert return_breached_leads() == 0  # idempotent
    lead_claim(lead=lead, by=colleague)  # claimed after the breach: not taken away again
    assert return_breached_leads() == 0
    # The breach stays on the clock the first owner had; the claimer's clock is fresh.
    breached = clocks_for_subject(lead).get(breached_at__isnull=False)
    assert breached.owner == salesperson and breached.state == ClockState.CANCELLED
    assert open_clock(lead).owner == colleague and open_clock(lead).state == ClockState.RUNNING


@pytest.fixture
def on_duty(make_staff, team, team_manager):
    people = [make_staff(team=team) for _ in range(3)]
    for person in people:
        sales_rotation_set_on_duty(user=person, on_duty=True, by=person)
    return people


def test_round_robin_is_fair_and_skips_people_off_duty(capture, on_duty, team_manager):
    off = on_duty[2]
    sales_rotation_set_on_duty(user=off, on_duty=False, by=team_manager)
    counts = Counter(capture(team_manager, round_robin=True).owner for _ in range(7))
    assert set(counts) == set(on_duty[:2])
    assert max(counts.values()) - min(counts.values()) <= 1
    sales_rotation_set_on_duty(user=off, on_duty=True, by=off)
    counts = Counter(capture(team_manager, round_robin=True).owner for _ in range(9))
    assert set(counts) == set(on_duty)
    assert Lead.objects.filter(owner=on_duty[0]).count() + Lead.objects.filter(owner=off).count() > 0


def test_round_robin_order_holds_within_one_clock_tick(capture, on_duty, team_manager):
    import time_machine

    with time_machine.travel(MONDAY, tick=False):
        owners = [capture(team_manager, round_robin=True).owner for _ in range(6)]
    assert owners[:3] == owners[3:] and set(owners) == set(on_duty)


def test_round_robin_for_a_pool_lead_and_nobody_on_duty(capture, salesperson, team_manager, on_duty):
    lead = capture(salesperson, owner=None)
    with pytest.raises(LeadPermissionError):
        lead_assign_round_robin(lead=lead, by=salesperson)
    lead = lead_assign_round_robin(lead=lead, by=team_manager)
    assert lead.owner in on_duty and lead.assignments.last().kind == AssignmentKind.ROUND_ROBIN
    SalesRotation.objects.update(on_duty=False)
    with pytest.raises(NoOneOnDutyError):
        capture(team_manager, round_robin=True)


def test_only_the_person_or_their_manager_changes_duty(salesperson, colleague, outsider):
    with pytest.raises(LeadPermissionError):
        sales_rotation_set_on_duty(user=colleague, on_duty=True, by=salesperson)
    assert sales_rotation_set_on_duty(user=salesperson, on_duty=True, by=salesperson).on_duty


@pytest.mark.django_db(transaction=True)
def test_concurrent_round_robin_assignments_pick_different_people(make_staff, team):
    if connection.vendor != "postgresql":
        skip_or_fail("concurrent rotation needs PostgreSQL's SKIP LOCKED")
    manager = make_staff(Role.MANAGER, company_wide=True)
    people = [make_staff(team=team) for _ in range(4)]
    for person in people:
        sales_rotation_set_on_duty(user=person, on_duty=True, by=person)
    barrier = threading.Barrier(4)
    owners, errors = [], []

    def enter(i):
        try:
            barrier.wait()
            lead = lead_capture(by=manager, channel="walk_in", name=f"到店{i}", phone=new_phone(), round_robin=True)
            owners.append(lead.owner)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=enter, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert sorted(o.pk for o in owners) == sorted(p.pk for p in people)  # four leads, four different people


# --- Issue 7, defect 8: the losers of a claim race see the pool again with a message, not a bare 404


def _english_client(settings, user):
    from django.test import Client

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def test_claiming_a_lead_someone_else_just_claimed_says_so(settings, capture, salesperson, colleague):
    lead = capture(salesperson, owner=None, at=None)
    first, second = _english_client(settings, colleague), _english_client(settings, salesperson)
    assert first.post(reverse("leads:claim", args=[lead.pk]))["Location"] == lead.get_absolute_url()
    response = second.post(reverse("leads:claim", args=[lead.pk]), follow=True)
    assert response.redirect_chain == [(reverse("leads:pool"), 302)]
    assert "Someone else has already claimed this lead." in response.content.decode()
    lead.refresh_from_db()
    assert lead.owner == colleague and lead.assignments.filter(kind=AssignmentKind.CLAIM).count() == 1
    # The winner clicking again lands on their lead; a lead that never was in the pool is still a 404.
    again = first.post(reverse("leads:claim", args=[lead.pk]), follow=True)
    assert (
        again.redirect_chain == [(lead.get_absolute_url(), 302)]
        and "This lead is already yours." in again.content.decode()
    )
    assert second.post(reverse("leads:claim", args=[lead.pk + 1000])).status_code == 404


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_salespeople_clicking_claim_at_once_one_wins_the_others_see_the_pool_with_a_message(settings, make_staff, team):
    if connection.vendor != "postgresql":
        skip_or_fail("the claim race needs PostgreSQL row locks")
    entrant = make_staff(team=team)
    people = [make_staff(team=team) for _ in range(4)]
    lead = lead_capture(by=entrant, channel="website", name="抢单", phone=new_phone(), owner=None)
    clients = [_english_client(settings, person) for person in people]
    barrier = threading.Barrier(len(people))
    answers, errors = {}, []

    def claim(person, client):
        try:
            barrier.wait()
            response = client.post(reverse("leads:claim", args=[lead.pk]), follow=True)
            answers[person.pk] = (response.redirect_chain, response.content.decode())
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=pair) for pair in zip(people, clients, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    lead.refresh_from_db()
    assert lead.owner in people
    assert answers[lead.owner_id][0] == [(lead.get_absolute_url(), 302)]
    for person in people:
        if person != lead.owner:
            chain, page = answers[person.pk]
            assert chain == [(reverse("leads:pool"), 302)] and "Someone else has already claimed this lead." in page
    assert lead.assignments.filter(kind=AssignmentKind.CLAIM).count() == 1
