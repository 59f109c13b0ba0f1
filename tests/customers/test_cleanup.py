"""The clean-up report (customers.cleanup, views.cleanup): stale customers (no contact for N months, counted from the
latest contact logged on their leads), malformed phones, missing fields; scope, filters, counts, constant queries;
and the monthly notice to each owner, once per owner per month."""

from datetime import timedelta
from itertools import count

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from customers.cleanup import months_before, with_cleanup_reasons
from customers.models import Customer
from customers.services import customer_create, district_ensure
from customers.services.cleanup import cleanup_notify_owners
from decocrm.accounts.choices import Role
from decocrm.accounts.services import team_create
from decocrm.notifications.models import Notification
from leads.services import lead_capture, lead_log_contact
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db

_phones = count(30000000)
LONG_AGO = timedelta(days=250)


def phone():
    return f"135{next(_phones):08d}"


def clean_customer(owner, **fields):
    """A customer with every required field, entered today (neither stale nor malformed)."""
    district = district_ensure(name="徐汇区", city="上海", is_urban=True)
    fields = {"name": "整洁客户", "phone": phone(), "address": "漕溪北路1号", "district": district, **fields}
    return customer_create(by=owner, owner=owner, **fields)


def entered(customer, ago):
    Customer.objects.filter(pk=customer.pk).update(created_at=timezone.now() - ago)
    return customer


def flags(customer):
    row = with_cleanup_reasons(Customer.objects.filter(pk=customer.pk)).first()
    if row is None:
        return None
    return {"stale": row.is_stale, "phone": row.has_bad_phone, "missing": row.is_missing_fields}


def test_the_reasons(salesperson):
    assert flags(clean_customer(salesperson)) is None
    assert flags(entered(clean_customer(salesperson), LONG_AGO)) == {"stale": True, "phone": False, "missing": False}
    bad = clean_customer(salesperson)
    Customer.objects.filter(pk=bad.pk).update(phone="12345")
    assert flags(bad) == {"stale": False, "phone": True, "missing": False}
    assert flags(clean_customer(salesperson, address="")) == {"stale": False, "phone": False, "missing": True}


def test_a_contact_logged_on_a_lead_keeps_the_customer_fresh(salesperson):
    lead = lead_capture(by=salesperson, channel="walk_in", name="刘先生", phone=phone(), at=timezone.now() - LONG_AGO)
    district = district_ensure(name="徐汇区", city="上海", is_urban=True)
    Customer.objects.filter(pk=lead.customer_id).update(address="x路1号", district=district)
    entered(lead.customer, LONG_AGO)
    assert flags(lead.customer)["stale"] is True
    recently = timezone.now() - timedelta(days=30)
    lead_log_contact(lead=lead, by=salesperson, channel="phone", summary="约量房", at=recently)
    assert flags(lead.customer) is None


def test_months_before_keeps_the_day_or_takes_the_months_last():
    at = timezone.make_aware(timezone.datetime(2026, 8, 31, 12))
    assert months_before(at, 6).date().isoformat() == "2026-02-28"
    assert months_before(at, 1).date().isoformat() == "2026-07-31"


@pytest.fixture
def spread(salesperson, make_staff, team):
    """Team A: the salesperson's stale customer and a colleague's bad phone; team B: a customer missing fields."""
    colleague = make_staff(Role.SALES, team=team)
    outsider = make_staff(Role.SALES, team=team_create(name="乙部"))
    mine = entered(clean_customer(salesperson, name="我的"), LONG_AGO)
    theirs = clean_customer(colleague, name="同事的")
    Customer.objects.filter(pk=theirs.pk).update(phone="999")
    elsewhere = clean_customer(outsider, name="别组的", address="")
    return mine, theirs, elsewhere


def listed(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("customers:cleanup"), params)
    assert response.status_code == 200
    return {row.pk for row in response.context["page"].object_list}, response


def test_scope(client, spread, salesperson, team_manager, company_manager, make_staff):
    mine, theirs, elsewhere = spread
    assert listed(client, salesperson)[0] == {mine.pk}
    assert listed(client, team_manager)[0] == {mine.pk, theirs.pk}
    rows, response = listed(client, company_manager)
    assert rows == {mine.pk, theirs.pk, elsewhere.pk}
    counts = {reason.value: n for reason, n in response.context["counts"]}
    assert counts == {"stale": 1, "bad_phone": 1, "missing": 1} and response.context["total"] == 3
    assert f'href="{mine.get_absolute_url()}"' in response.content.decode()
    client.force_login(make_staff(Role.DESIGNER))
    assert client.get(reverse("customers:cleanup")).status_code == 403


def test_filter_by_reason_and_a_bad_value(client, spread, company_manager):
    mine, theirs, elsewhere = spread
    assert listed(client, company_manager, reason="bad_phone")[0] == {theirs.pk}
    assert listed(client, company_manager, reason="stale")[0] == {mine.pk}
    rows, _response = listed(client, company_manager, reason="nonsense")  # left out with a message, never a 500
    assert rows == {mine.pk, theirs.pk, elsewhere.pk}


def test_constant_queries(client, company_manager, salesperson):
    client.force_login(company_manager)

    def add(n):
        for _ in range(n):
            clean_customer(salesperson, address="")

    response = assert_constant_queries(client, reverse("customers:cleanup"), add)
    assert len(response.context["page"].object_list) == 20


def test_the_customer_list_links_to_the_report(client, salesperson, make_staff):
    client.force_login(salesperson)
    assert 'id="cleanup-link"' in client.get(reverse("customers:list")).content.decode()
    client.force_login(make_staff(Role.AFTER_SALES))
    assert 'id="cleanup-link"' not in client.get(reverse("customers:list")).content.decode()


def test_the_monthly_notice_goes_once_per_owner_per_month(spread, salesperson):
    mine, theirs, elsewhere = spread
    assert cleanup_notify_owners() == 3
    assert cleanup_notify_owners() == 0  # the same month: nobody told twice
    notice = Notification.objects.get(recipient=salesperson)
    assert notice.params["count"] == 1 and notice.url == reverse("customers:cleanup")
    with time_machine.travel(timezone.now() + timedelta(days=32)):
        assert cleanup_notify_owners() == 3
    assert Notification.objects.filter(recipient=salesperson).count() == 2


def test_the_task_runs_the_service(spread):
    from customers.tasks import notify_cleanup_owners

    assert notify_cleanup_owners.delay().get() == 3
