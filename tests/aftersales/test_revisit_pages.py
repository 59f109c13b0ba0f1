"""The revisit pages: the queue (soonest first, the points one answers), recording from the phone, the revisit page
with its actions, the rates, the customer panel; constant query counts."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aftersales.models import Revisit
from aftersales.services import revisit_point_answer, revisit_record
from decocrm.sla.models import Clock
from tests.querycount import assert_constant_queries
from tests.uploads import image_bytes, upload

from .conftest import revisit_clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(customer, relations):
    """Due from now (the pages record at the present time)."""
    return revisit_clock(customer, relations, at=timezone.now())


@pytest.fixture(autouse=True)
def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_record_a_revisit_from_the_queue(client, due, relations, after_sales):
    client.force_login(relations)
    queue = client.get(reverse("aftersales:revisits")).content.decode()
    assert "投诉 C-1" in queue and reverse("aftersales:revisit-record", args=[due.pk]) in queue
    url = reverse("aftersales:revisit-record", args=[due.pk])
    form = client.get(url).content.decode()
    assert 'capture="environment"' in form and 'accept="image/*"' in form
    refused = client.post(url, {"method": "on_site", "outcome": "好", "satisfaction": "5"})
    assert refused.status_code == 200 and "needs the customer" in refused.content.decode()
    assert not Revisit.objects.exists()
    answer = client.post(url, {"method": "on_site", "outcome": "好", "satisfaction": "5",
                               "points": "柜门关不严\n地漏返味", "points_owner": after_sales.pk,
                               "signature": upload("s.png", image_bytes(), "image/png")})  # fmt: skip
    revisit = Revisit.objects.get()
    assert answer.status_code == 302 and answer["Location"] == revisit.get_absolute_url()
    page = client.get(revisit.get_absolute_url()).content.decode()
    assert "柜门关不严" in page and 'id="revisit-signature"' in page
    assert client.get(reverse("aftersales:revisit-signature", args=[revisit.pk])).status_code == 200
    assert Clock.objects.get(pk=due.pk).state == "met"
    assert "投诉 C-1" not in client.get(reverse("aftersales:revisits")).content.decode()  # no longer due


def test_the_point_owner_answers_on_the_revisit_page_and_sees_their_points_in_the_queue(client, due, relations,
                                                                                         after_sales):  # fmt: skip
    revisit = revisit_record(by=relations, clock=due, method="phone", outcome="好", satisfaction=3,
                             points=["柜门关不严"], points_owner=after_sales)  # fmt: skip
    client.force_login(after_sales)
    queue = client.get(reverse("aftersales:revisits")).content.decode()
    assert 'id="open-points"' in queue and "柜门关不严" in queue
    point = revisit.points.get()
    action = reverse("aftersales:revisit-action", args=[revisit.pk, "answer"])
    client.post(action, {"answer-point": point.pk, "answer-answer": "已调整", "answer-follow_up": "on"})
    point.refresh_from_db()
    assert point.answer == "已调整" and Revisit.objects.filter(kind="follow_up", state="scheduled").count() == 1
    assert 'id="open-points"' not in client.get(reverse("aftersales:revisits")).content.decode()


def test_the_rates_page_for_managers_only(client, due, relations, team_manager, salesperson):
    revisit_record(by=relations, clock=due, method="phone", outcome="好", satisfaction=4)
    client.force_login(salesperson)
    assert client.get(reverse("aftersales:revisit-rates")).status_code == 403
    client.force_login(team_manager)
    page = client.get(reverse("aftersales:revisit-rates")).content.decode()
    assert "Complaint revisit" in page and 'id="rates-achieved"' in page  # the achieved rate: test_revisit_policy.py


def test_the_customer_page_shows_the_revisits(client, due, customer, relations, salesperson):
    revisit_record(by=relations, clock=due, method="phone", outcome="好", satisfaction=4, points=["门"],
                   points_owner=relations)  # fmt: skip
    client.force_login(salesperson)  # the customer's salesperson held nothing here: sees no revisit
    assert 'id="customer-revisits"' not in client.get(customer.get_absolute_url()).content.decode()
    client.force_login(relations)
    page = client.get(customer.get_absolute_url()).content.decode()
    assert 'id="customer-revisits"' in page and "1 open point" in page


def test_query_counts_do_not_grow(client, capture, salesperson, relations, django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            customer = capture(salesperson).customer
            clock = revisit_clock(customer, relations, label=f"投诉 {customer.pk}")
            revisit_record(by=relations, clock=clock, method="phone", outcome="好", satisfaction=4,
                           points=[f"点 {j}" for j in range(3)], points_owner=relations)  # fmt: skip
            revisit_clock(customer, relations, kind="repair_revisit", label=f"报修 {customer.pk}",
                          at=clock.started_at + timedelta(days=i))  # fmt: skip

    client.force_login(relations)
    counts = {}
    for n in (1, 6):
        add(n if n == 1 else n - 1)
        revisit = Revisit.objects.order_by("-pk").first()
        for name, url in (("queue", reverse("aftersales:revisits")), ("revisit", revisit.get_absolute_url()),
                          ("rates", reverse("aftersales:revisit-rates"))):  # fmt: skip
            client.get(url)  # warm the per-process caches (content types): run alone, the first request reads them
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code in (200, 403)
            counts.setdefault(name, []).append(len(ctx))
    assert all(a == b for a, b in counts.values()), counts
    assert max(counts["queue"]) <= 15 and max(counts["revisit"]) <= 15, counts


def test_the_revisit_page_does_not_grow_with_its_points_and_follow_ups(client, due, relations, after_sales):
    """Every raised point answered with a follow-up revisit: the page of the revisit that raised them (its points,
    their owners and who answered) runs the same queries with 2 points as with 12, in at most 15."""
    revisit = revisit_record(by=relations, clock=due, method="phone", outcome="好", satisfaction=4)

    def add_points(n):
        for point in [revisit.points.create(text=f"点 {i}", owner=after_sales) for i in range(n)]:
            revisit_point_answer(point=point, by=after_sales, answer="已处理", follow_up=True)

    client.force_login(relations)
    assert_constant_queries(client, revisit.get_absolute_url(), add_points, few=2, many=12)
    assert Revisit.objects.filter(from_point__revisit=revisit).count() == 12
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(revisit.get_absolute_url()).content.decode()
    assert page.count("revisit-point ") == 12 and len(ctx) <= 15, len(ctx)
