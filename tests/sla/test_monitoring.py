"""The SLA engine's health (issue 14): /metrics in Prometheus' format for company managers and the monitoring token
only, /healthz/sweep that fails when the last sweep is older than 5 minutes, and the overdue dashboard's banner
when the sweep is late."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from decocrm.accounts.choices import Role
from decocrm.accounts.services import team_create
from decocrm.core.models import PeriodicRun
from decocrm.core.runs import HEARTBEAT_RUN
from decocrm.core.tasks import heartbeat
from decocrm.notifications.models import Notification
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.health import SWEEP_RUN
from decocrm.sla.models import Clock
from decocrm.sla.services import clock_start
from decocrm.sla.tasks import sweep_clocks

pytestmark = pytest.mark.django_db
TOKEN = "t" * 40
METRICS = "/metrics"
HEALTH = "/healthz/sweep"


def _samples(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain; version=0.0.4")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


@pytest.fixture
def overdue_world(make_staff, team):
    """Two repair clocks past due, one design clock running well ahead."""
    owner = make_staff(Role.SALES, team=team, email="owner@example.com")
    three_hours_ago = timezone.now() - timedelta(hours=3)
    for n in range(2):
        clock_start(kind=ClockKind.REPAIR_CONTACT, subject=team_create(name=f"客户{n}"), owner=owner,
                    at=three_hours_ago)  # fmt: skip
    clock_start(kind=ClockKind.DESIGN_PROPOSAL, subject=team_create(name="设计"), owner=owner, at=timezone.now())
    return owner


def test_the_metrics_after_a_sweep_match_the_database(client, company_manager, overdue_world):
    sweep_clocks()
    heartbeat()
    failed = Notification.objects.filter(kind="sla_breach").first()
    Notification.objects.filter(pk=failed.pk).update(email_state="failed")
    client.force_login(company_manager)
    values = _samples(client.get(METRICS))

    sweep = PeriodicRun.objects.get(name=SWEEP_RUN)
    assert values[("decocrm_sla_sweep_last_run_timestamp_seconds", ())] == sweep.finished_at.timestamp()
    assert values[("decocrm_sla_sweep_last_duration_seconds", ())] == sweep.duration >= 0
    assert values[("decocrm_sla_sweep_late", ())] == 0
    beat = PeriodicRun.objects.get(name=HEARTBEAT_RUN)
    assert values[("decocrm_beat_heartbeat_timestamp_seconds", ())] == beat.finished_at.timestamp()

    def clocks(kind, state):
        return values[("decocrm_sla_clocks", (("kind", kind), ("state", state)))]

    assert clocks("repair_contact", "breached") == 2 == Clock.objects.filter(state=ClockState.BREACHED).count()
    assert clocks("design_proposal", "running") == 1 and clocks("repair_contact", "running") == 0
    assert clocks("complaint_closure", "breached") == 0  # a quiet kind is there, at 0

    def notices(channel, state):
        return values[("decocrm_notifications", (("channel", channel), ("state", state)))]

    assert Notification.objects.count() == 2  # the owner's two breaches (no team manager, nothing escalated yet)
    for channel in ("email", "webhook"):
        for state in ("pending", "failed"):
            stored = Notification.objects.filter(**{f"{channel}_state": state}).count()
            assert notices(channel, state) == stored, (channel, state)
    assert notices("email", "pending") == 1 and notices("email", "failed") == 1
    oldest = Notification.objects.get(email_state="pending").created_at
    age = values[("decocrm_notifications_oldest_undelivered_age_seconds", ())]
    assert abs(age - (timezone.now() - oldest).total_seconds()) < 5


def test_the_oldest_undelivered_age_follows_only_pending_notices(client, company_manager, overdue_world):
    sweep_clocks()
    Notification.objects.update(email_state="sent", webhook_state="skipped")
    client.force_login(company_manager)
    assert _samples(client.get(METRICS))[("decocrm_notifications_oldest_undelivered_age_seconds", ())] == 0


def test_before_any_sweep_the_metrics_say_late_and_have_no_run(client, company_manager):
    client.force_login(company_manager)
    values = _samples(client.get(METRICS))
    assert values[("decocrm_sla_sweep_late", ())] == 1
    assert ("decocrm_sla_sweep_last_run_timestamp_seconds", ()) not in values


def test_the_metrics_refuse_everyone_but_company_managers(client, make_staff, team, settings):
    settings.METRICS_TOKEN = TOKEN
    assert client.get(METRICS).status_code == 404  # anonymous: nothing to see here
    for role, kwargs in [(Role.SALES, {}), (Role.MANAGER, {}), (Role.ARCHIVE_CLERK, {})]:
        client.force_login(make_staff(role, team=team, **kwargs))
        assert client.get(METRICS).status_code == 403, role
    client.force_login(make_staff(Role.MANAGER, company_wide=True))
    assert client.get(METRICS).status_code == 200


def test_the_token_opens_the_metrics_and_nothing_else_does(client, settings):
    settings.METRICS_TOKEN = TOKEN
    assert client.get(METRICS, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    assert client.get(METRICS, HTTP_AUTHORIZATION=f"bearer {TOKEN}").status_code == 200
    assert client.get(METRICS, HTTP_AUTHORIZATION=f"Bearer {TOKEN}x").status_code == 403
    assert client.get(METRICS, HTTP_AUTHORIZATION=f"Bearer {TOKEN[:-1]}").status_code == 403
    assert client.get(METRICS, HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 404  # not a bearer token
    assert client.post(METRICS, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405
    settings.METRICS_TOKEN = ""  # no token configured: none is accepted
    assert client.get(METRICS, HTTP_AUTHORIZATION="Bearer ").status_code == 404
    assert client.get(METRICS, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 403


def test_the_sweep_health_check_fails_after_five_minutes(client):
    assert client.get(HEALTH).status_code == 503  # never swept
    assert client.get(HEALTH).json()["last_sweep"] is None
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        sweep_clocks()
        response = client.get(HEALTH)
        assert response.status_code == 200 and response.json()["status"] == "ok"
        traveller.shift(timedelta(minutes=5))
        assert client.get(HEALTH).status_code == 200  # exactly 5 minutes: not yet late
        traveller.shift(timedelta(seconds=1))
        response = client.get(HEALTH)
        assert response.status_code == 503 and response.json() == {
            "status": "late", "last_sweep": start.isoformat(), "age_seconds": 301}  # fmt: skip
        sweep_clocks()
        assert client.get(HEALTH).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200  # the web container's check ignores the sweep


def test_the_dashboard_warns_when_the_sweep_is_late(client, company_manager):
    client.force_login(company_manager)
    dashboard = reverse("sla:dashboard")
    assert 'id="sweep-late"' in client.get(dashboard).content.decode()  # never ran
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        sweep_clocks()
        assert 'id="sweep-late"' not in client.get(dashboard).content.decode()
        traveller.shift(timedelta(minutes=6))
        cache.clear()  # what the banner reads is cached for 30 seconds
        page = client.get(dashboard).content.decode()
        assert 'id="sweep-late"' in page and f"{timezone.localtime(start):%Y-%m-%d %H:%M}" in page


def test_a_sweep_refreshes_the_cached_banner_at_once(client, company_manager):
    client.force_login(company_manager)
    dashboard = reverse("sla:dashboard")
    assert 'id="sweep-late"' in client.get(dashboard).content.decode()  # "never ran" is now cached
    sweep_clocks()  # the worker writes the new time into the shared cache
    assert 'id="sweep-late"' not in client.get(dashboard).content.decode()
