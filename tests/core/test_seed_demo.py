import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from decocrm.accounts.choices import Role
from decocrm.accounts.models import Team, User
from decocrm.core.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_one_user_per_role_and_is_idempotent():
    call_command("seed_demo", force=True)
    counts = (User.objects.count(), Team.objects.count())
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    sales = User.objects.get(username="sales")
    assert sales.check_password(DEMO_PASSWORD)
    assert sales.team.manager.username == "manager"
    assert User.objects.get(username="gm").company_wide

    call_command("seed_demo", force=True)
    assert (User.objects.count(), Team.objects.count()) == counts


@override_settings(DEBUG=False)
def test_seed_demo_refuses_without_debug_or_force():
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_fills_leads_in_every_state_and_stays_idempotent():
    from customers.models import Customer, District
    from decocrm.notifications.models import Notification
    from decocrm.sla.models import Clock
    from leads.choices import AppealState, LeadState
    from leads.models import Appeal, Lead

    call_command("seed_demo", force=True)
    assert set(Lead.objects.values_list("state", flat=True)) == set(LeadState.values)
    assert Lead.objects.filter(owner__isnull=True).count() >= 2  # the pool
    assert {"sales", "sales2"} <= set(Lead.objects.values_list("owner__username", flat=True))
    assert Appeal.objects.filter(by__username="sales2").count() == 3
    # Appeals waiting at every level of the chain, and decided at every level.
    assert set(Appeal.objects.values_list("state", flat=True)) == set(AppealState)
    names = list(Customer.objects.values_list("name", flat=True))
    assert len(names) >= 40 and all(any("\u4e00" <= ch <= "\u9fff" for ch in name) for name in names)
    assert District.objects.filter(is_urban=True).exists() and District.objects.filter(is_urban=False).exists()
    assert Customer.objects.filter(district__isnull=False).count() == len(names)
    assert len(set(Lead.objects.values_list("channel", flat=True))) >= 10
    clock_states = set(Clock.objects.values_list("state", flat=True))
    assert {"running", "breached", "met", "met_late", "paused"} <= clock_states
    # The sweep ran: the demo salespeople and their manager have something in the bell.
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {"sales", "sales2", "manager"} <= told
    assert Lead.objects.filter(owner__username="sales", next_due_at__isnull=False).exists()
    # Questions answered later, with their reply clocks (issue 9).
    assert (
        Clock.objects.filter(kind="consultation_reply").count()
        >= Lead.objects.filter(consultations__isnull=False).count()
        > 0
    )

    counts = (Customer.objects.count(), Lead.objects.count(), Clock.objects.count(), Notification.objects.count())
    call_command("seed_demo", force=True)
    assert (
        Customer.objects.count(),
        Lead.objects.count(),
        Clock.objects.count(),
        Notification.objects.count(),
    ) == counts


def test_seed_demo_scale_adds_leads_with_clocks_in_every_state_quickly():
    import time

    from django.contrib.contenttypes.models import ContentType

    from customers.models import Customer
    from decocrm.sla.models import Clock, ClockOutcomeDay
    from leads.models import ContactLog, Lead, LeadAssignment, LeadTransition

    call_command("seed_demo", force=True)
    before = Lead.objects.count(), Customer.objects.count()
    started = time.perf_counter()
    call_command("seed_demo", force=True, scale=200)
    assert time.perf_counter() - started < 30
    assert (Lead.objects.count(), Customer.objects.count()) == (before[0] + 200, before[1] + 200)
    new = Lead.objects.filter(pk__in=list(Lead.objects.order_by("-pk").values_list("pk", flat=True)[:200]))
    owners = User.objects.filter(pk__in=new.values("owner_id"))
    assert owners.count() == 20 and owners.values("team").distinct().count() == 2
    lead_ct = ContentType.objects.get_for_model(Lead)
    clocks = Clock.objects.filter(content_type=lead_ct, object_id__in=new.values("pk"))
    assert {"running", "breached", "met", "met_late", "cancelled"} <= set(clocks.values_list("state", flat=True))
    assert LeadTransition.objects.filter(lead__in=new).count() >= 200
    assert LeadAssignment.objects.filter(lead__in=new).count() == 200
    assert ContactLog.objects.filter(lead__in=new).exists()
    assert ClockOutcomeDay.objects.exists()
    # next_due_at = the earliest running / breached deadline, for every generated lead.
    for lead in new.filter(next_due_at__isnull=False)[:20]:
        due = clocks.filter(object_id=lead.pk, state__in=["running", "breached"]).order_by("due_at").first()
        assert due is not None and due.due_at == lead.next_due_at
    assert not new.filter(next_due_at__isnull=True, pk__in=clocks.filter(state="running").values("object_id"))
    # Phones are unique and valid; a second run adds 200 more without a clash.
    call_command("seed_demo", force=True, scale=200)
    assert Lead.objects.count() == before[0] + 400
