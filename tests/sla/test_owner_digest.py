"""More than OWNER_DIGEST_ABOVE of one owner's clocks in one step of one sweep: one notice that counts them, not a
notice (and an email) per clock; the other owners of the same sweep keep theirs."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from decocrm.accounts.choices import Role
from decocrm.notifications.models import Notification
from decocrm.sla.choices import ClockState
from decocrm.sla.models import Clock
from decocrm.sla.sweep import OWNER_DIGEST_ABOVE, sla_sweep

from .test_sweep import MONDAY, _clocks_due_at_two_moments

pytestmark = pytest.mark.django_db

AT = MONDAY + timedelta(hours=1, minutes=40)  # the early clocks past due, the others past their warning time


def codes(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("code", flat=True))


def test_an_owner_with_many_clocks_in_one_sweep_gets_one_notice_per_step(owner, team, team_manager, make_staff):
    few = make_staff(Role.SALES, team=team, email="few@example.com")
    many = OWNER_DIGEST_ABOVE + 1
    soon, late = _clocks_due_at_two_moments(owner, team, many)
    _clocks_due_at_two_moments(few, team, 2)

    r = sla_sweep(now=AT)
    assert (r.warned, r.breached) == (many + 2, many + 2)
    assert Clock.objects.filter(pk__in=late, state=ClockState.BREACHED).count() == many
    # the owner of many: one "due soon" and one "overdue", each counting this step's clocks; the other owner a notice
    # per clock; the team manager the one digest of the team's breaches
    assert codes(owner) == ["sla_due_soon_mine", "sla_overdue_mine"]
    assert codes(few) == ["sla_due_soon"] * 2 + ["sla_overdue"] * 2
    assert Notification.objects.filter(recipient=team_manager).count() == 1
    assert r.notified == 2 + 4 + 1

    warned = Notification.objects.get(recipient=owner, code="sla_due_soon_mine")
    overdue = Notification.objects.get(recipient=owner, code="sla_overdue_mine")
    assert (warned.kind, warned.level, warned.params) == ("sla_warning", 0, {"count": many})
    assert (overdue.kind, overdue.level, overdue.params) == ("sla_breach", 1, {"count": many})
    assert warned.url == overdue.url == reverse("sla:mine")
    # one per owner, step and sweep (the sweep's moment), apart from the team managers' digests
    assert overdue.dedupe_key.startswith(f"sla:breach-owner-digest:{owner.pk}:2026-03-02T11:40")
    assert warned.dedupe_key.startswith(f"sla:warn-owner-digest:{owner.pk}:2026-03-02T11:40")
    assert warned.email_state == "pending"  # one email, not `many`
    with translation.override("en"):
        assert overdue.shown == (
            f"Now overdue, of your items: {many}",
            "Too many at once for a notice each: open My deadlines for the list, overdue first.",
        )
    with translation.override("zh-hans"):
        assert overdue.shown_title == f"您的事项新增逾期：{many}"

    # exactly once: again at the same moment and a minute later, nothing more
    for again in (AT, AT + timedelta(minutes=1)):
        assert sla_sweep(now=again).as_dict() == {"warned": 0, "breached": 0, "escalated": 0, "notified": 0}
    assert Notification.objects.count() == 2 + 4 + 1


def test_at_the_limit_each_clock_keeps_its_own_notice(owner, team, team_manager):
    _clocks_due_at_two_moments(owner, team, OWNER_DIGEST_ABOVE)
    sla_sweep(now=AT)
    assert codes(owner) == ["sla_due_soon"] * OWNER_DIGEST_ABOVE + ["sla_overdue"] * OWNER_DIGEST_ABOVE


def test_only_the_clocks_whose_policy_tells_the_owner_are_counted(owner, team, team_manager):
    from decocrm.sla.models import SlaPolicy

    soon, late = _clocks_due_at_two_moments(owner, team, OWNER_DIGEST_ABOVE + 1)
    # one of the breaching clocks' policy no longer tells the owner: OWNER_DIGEST_ABOVE left, a notice each
    unit = Clock.objects.get(pk=late[0]).unit
    quiet = SlaPolicy.objects.create(kind="quiet_for_test", amount=1, unit=unit, notify_owner=False)
    Clock.objects.filter(pk=late[0]).update(policy=quiet)
    sla_sweep(now=AT)
    assert codes(owner) == ["sla_due_soon_mine"] + ["sla_overdue"] * OWNER_DIGEST_ABOVE


def test_the_digest_links_to_my_deadlines_which_counts_them_all(client, owner, team, team_manager, monkeypatch):
    from decocrm.sla import views

    monkeypatch.setattr(views, "MINE_SHOWN", 5)  # a short list, the headings still count every clock
    many = OWNER_DIGEST_ABOVE + 1
    _clocks_due_at_two_moments(owner, team, many)
    sla_sweep(now=AT)
    client.force_login(owner)
    link = Notification.objects.get(recipient=owner, code="sla_overdue_mine").url
    with translation.override("en"):
        page = client.get(link, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"({many})" in page  # overdue: all of them, though 5 are listed
    assert 'id="overdue-shown"' in page and page.count('class="list-group-item') == 5


def test_my_deadlines_runs_as_many_queries_whatever_the_number_of_clocks(client, owner, team, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from decocrm.sla import views

    monkeypatch.setattr(views, "MINE_SHOWN", 5)
    client.force_login(owner)
    counts, total = {}, 0
    for day, pairs in enumerate((1, 1, 2, 3)):  # 2, 4, 8 and 14 running clocks
        _clocks_due_at_two_moments(owner, team, pairs, start=MONDAY + timedelta(days=day))
        total += 2 * pairs
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("sla:mine"))
        counts[total] = len(queries)
        assert response.context["upcoming_total"] + response.context["overdue_total"] == total
        assert len(response.context["upcoming"]) == min(total, 5)
    assert counts[2] == counts[4]  # a short list counts itself
    assert counts[8] == counts[14] == counts[2] + 1  # a full one: one counting query more, whatever the number
