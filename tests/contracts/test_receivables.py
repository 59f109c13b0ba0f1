"""Overdue receivables: overdue the day after the due date when not fully received; the receivables page (scoped,
constant queries) and the daily notice to the salesperson and their team's managers, sent once."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.models import PaymentMilestone
from contracts.selectors import overdue_milestones, receivable_totals, receivables
from contracts.services import milestone_record_payment
from contracts.services.receivable_notices import notify_overdue_receivables
from decocrm.accounts.choices import Role
from decocrm.notifications.models import Notification
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db
DUE = date(2026, 3, 10)  # the deposit's due date (tests.contracts.conftest.ready_to_sign)


def test_overdue_from_the_day_after_the_due_date_until_fully_received(signed, salesperson):
    assert not overdue_milestones(DUE).exists()
    (deposit,) = overdue_milestones(date(2026, 3, 11))
    milestone_record_payment(milestone=deposit, by=salesperson, amount="50000", received_on=DUE)
    assert overdue_milestones(date(2026, 3, 11)).get().outstanding == Decimal("5800.00")
    milestone_record_payment(milestone=deposit, by=salesperson, amount="5800", received_on=DUE)
    assert not overdue_milestones(date(2026, 3, 11)).exists()


def test_a_draft_or_terminated_contract_has_no_receivables(draft, salesperson):
    from .conftest import ready_to_sign

    ready_to_sign(draft, salesperson)
    assert not overdue_milestones(date(2026, 12, 1)).exists()


def test_the_lists_are_scoped_like_the_contracts(signed, salesperson, colleague, team_manager, make_staff):
    today = date(2026, 3, 11)
    assert list(receivables(salesperson, today)["overdue"]) == list(overdue_milestones(today))
    assert list(receivables(team_manager, today)["overdue"]) == list(overdue_milestones(today))
    company = make_staff(Role.MANAGER, company_wide=True)
    assert receivables(company, today)["overdue"].count() == 1
    for outsider in (colleague, make_staff(Role.MANAGER), make_staff(Role.DESIGNER)):
        assert not receivables(outsider, today)["overdue"].exists()


def test_due_and_received_this_month(signed, salesperson):
    assert [m.name for m in receivables(salesperson, date(2026, 3, 5))["due"]] == ["定金"]
    deposit = PaymentMilestone.objects.get(contract=signed, name="定金")
    milestone_record_payment(milestone=deposit, by=salesperson, amount="55800", received_on=date(2026, 3, 9))
    lists = receivables(salesperson, date(2026, 3, 20))
    assert [m.name for m in lists["received"]] == ["定金"] and not lists["due"] and not lists["overdue"]
    assert not receivables(salesperson, date(2026, 4, 2))["received"]


def test_the_overdue_notice_goes_once_to_the_salesperson_and_the_team_manager(signed, salesperson, team_manager):
    assert notify_overdue_receivables(today=DUE) == 0
    assert notify_overdue_receivables(today=date(2026, 3, 11)) == 2
    assert set(Notification.objects.values_list("recipient", flat=True)) == {salesperson.pk, team_manager.pk}
    notice = Notification.objects.get(recipient=salesperson)
    assert notice.code == "payment_overdue" and notice.url == signed.get_absolute_url()
    assert notify_overdue_receivables(today=date(2026, 3, 12)) == 0  # a later or repeated run sends nothing again


def test_the_page_runs_the_same_queries_for_1_or_20_rows(client, signed, salesperson, settings):
    settings.FIGURES_TTL = 0  # the totals computed on each view: the queries of a view after a write
    client.force_login(salesperson)
    added = []

    def add_rows(n):
        for _ in range(n):
            added.append(
                PaymentMilestone.objects.create(
                    contract=signed, position=10 + len(added), kind="stage", name=f"逾期{len(added)}", amount=100,
                    due_on=date(2026, 3, 1),
                )
            )  # fmt: skip

    response = assert_constant_queries(client, reverse("contracts:receivables"), add_rows)
    page = response.content.decode()
    # 21 overdue: the first 20 (the oldest due) and the way to all of them
    assert 'id="receivables-overdue"' in page and "逾期19" in page and "定金" not in page
    assert "?section=overdue" in page
    one = client.get(reverse("contracts:receivables"), {"section": "overdue"}).content.decode()
    assert "定金" in one and "逾期0" in one and 'id="receivables-due"' not in one


def test_the_beat_runs_the_notice_task_and_the_task_calls_the_service(signed, salesperson):
    from contracts.tasks import notify_overdue_receivables as task
    from decocrm.celery import app

    entry = app.conf.beat_schedule["contracts-overdue-receivables"]
    assert entry["task"] == "contracts.tasks.notify_overdue_receivables" and entry["options"]["expires"] < 3600
    assert task() == 1  # today (2026-12 or later) the deposit due 2026-03-10 is overdue: its salesperson is told
    assert task() == 0


def test_the_totals_are_kept_between_writes_and_every_write_drops_them(signed, salesperson, django_assert_num_queries):
    """The totals are computed once and kept (decocrm/core/figures.py); a payment recorded, a changed milestone, a
    contract terminated: the next read computes afresh. Without the drop, the second figure would stay 55800."""
    today = date(2026, 3, 11)
    assert receivable_totals(salesperson, today)["overdue"] == {"count": 1, "total": Decimal("55800.00")}
    with django_assert_num_queries(0):
        assert receivable_totals(salesperson, today)["overdue"]["count"] == 1
    deposit = PaymentMilestone.objects.get(contract=signed, name="定金")
    milestone_record_payment(milestone=deposit, by=salesperson, amount="50000", received_on=DUE)
    assert receivable_totals(salesperson, today)["overdue"] == {"count": 1, "total": Decimal("5800.00")}
    PaymentMilestone.objects.filter(pk=deposit.pk).update(received_amount=deposit.amount)  # no signal, no drop
    assert receivable_totals(salesperson, today)["overdue"]["total"] == Decimal("5800.00")  # kept (up to the TTL)
    signed.save()  # any save of the contract drops them
    assert receivable_totals(salesperson, today)["overdue"] == {"count": 0, "total": None}


def test_the_kept_totals_are_each_scope_s_own(signed, salesperson, colleague):
    today = date(2026, 3, 11)
    assert receivable_totals(salesperson, today)["overdue"]["count"] == 1
    assert receivable_totals(colleague, today)["overdue"]["count"] == 0
