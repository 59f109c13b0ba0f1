"""Leads on the clock hooks: next_due_at follows deadlines the engine moves on its own (issue 8: a company day off
moved the first-contact clock from 03-05 to 03-06 and the lead still said 03-05), and the pool return runs from the
sweep's breach listener, with the beat poll as its catch-up; a failed next_due_at listener is logged with its ids and
the beat's reconciliation makes the lead current."""

import logging
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.models import Clock
from decocrm.sla.selectors import clocks_for_subject
from decocrm.sla.sweep import sla_sweep
from decocrm.workdays.services import calendar_override_set
from leads.choices import AssignmentKind
from leads.models import Lead
from leads.next_due import reconcile_next_due, refresh_next_due_many
from leads.pool import return_breached_leads

from .conftest import MONDAY, SHANGHAI

pytestmark = pytest.mark.django_db


def test_a_company_day_off_moves_the_first_contact_deadline_and_the_leads_next_deadline(
    capture, salesperson, company_manager, django_capture_on_commit_callbacks
):
    lead = capture(salesperson)  # Monday 2 March 2026, 10:00 + 3 working days
    [clock] = clocks_for_subject(lead)
    thursday = datetime(2026, 3, 5, 23, 59, 59, 999999, tzinfo=SHANGHAI)
    assert (clock.kind, clock.due_at, Lead.objects.get(pk=lead.pk).next_due_at) == (
        ClockKind.FIRST_CONTACT, thursday, thursday)  # fmt: skip

    # The company closes on Wednesday 4 March; the recompute runs after the calendar change commits.
    with django_capture_on_commit_callbacks(execute=True):
        calendar_override_set(day=date(2026, 3, 4), is_working=False, note="公司团建", by=company_manager)

    friday = thursday + timedelta(days=1)
    clock.refresh_from_db()
    lead.refresh_from_db()
    assert (clock.due_at, lead.next_due_at) == (friday, friday)


def test_next_deadlines_of_many_leads_are_refreshed_in_one_statement(capture, salesperson):
    leads = [capture(salesperson) for _ in range(20)]
    Lead.objects.update(next_due_at=None)
    for group in (leads[:1], leads):
        with CaptureQueriesContext(connection) as queries:
            assert refresh_next_due_many([lead.pk for lead in group]) == len(group)
        assert len(queries) == 1
    due = {c.object_id: c.due_at for c in Clock.objects.filter(state=ClockState.RUNNING)}
    assert {lead.pk: lead.next_due_at for lead in Lead.objects.all()} == due


def test_the_sweeps_breach_listener_returns_the_lead_to_the_pool_at_once(
    capture, salesperson, settings, django_capture_on_commit_callbacks
):
    settings.LEADS_AUTO_RETURN_TO_POOL = True
    late, other = capture(salesperson), capture(salesperson, at=MONDAY + timedelta(days=2))
    due = clocks_for_subject(late).get().due_at
    with django_capture_on_commit_callbacks(execute=True):
        assert sla_sweep(now=due + timedelta(minutes=5)).breached == 1
    late.refresh_from_db()
    assert late.owner is None and late.assignments.last().kind == AssignmentKind.AUTO_RELEASE
    assert Lead.objects.get(pk=other.pk).owner == salesperson  # not breached: stays
    assert return_breached_leads() == 0  # nothing left for the catch-up


def test_a_failed_breach_listener_loses_no_return_the_catch_up_poll_makes_it(
    capture, salesperson, settings, monkeypatch, django_capture_on_commit_callbacks
):
    import leads.pool

    settings.LEADS_AUTO_RETURN_TO_POOL = True
    lead = capture(salesperson)
    due = clocks_for_subject(lead).get().due_at

    def broken(**kwargs):
        raise RuntimeError("worker lost")

    with monkeypatch.context() as patch:
        patch.setattr(leads.pool, "lead_release_to_pool", broken)
        with django_capture_on_commit_callbacks(execute=True):
            assert sla_sweep(now=due + timedelta(minutes=5)).breached == 1  # the sweep itself stands
    assert Lead.objects.get(pk=lead.pk).owner == salesperson
    assert return_breached_leads() == 1  # the beat task's run
    assert Lead.objects.get(pk=lead.pk).owner is None


def test_a_failed_deadline_listener_is_logged_with_its_ids_and_the_catch_up_makes_next_due_current(
    capture, salesperson, company_manager, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    import leads.clocks

    lead, other = capture(salesperson), capture(salesperson)
    [clock] = clocks_for_subject(lead)
    thursday = clock.due_at

    def broken(lead_ids):
        raise RuntimeError("database went away")

    with monkeypatch.context() as patch, caplog.at_level(logging.ERROR, logger="decocrm.sla.hooks"):
        patch.setattr(leads.clocks, "refresh_next_due_many", broken)
        with django_capture_on_commit_callbacks(execute=True):
            calendar_override_set(day=date(2026, 3, 4), is_working=False, note="公司团建", by=company_manager)
    [failure] = [r for r in caplog.records if r.name == "decocrm.sla.hooks"]
    assert "on_deadlines_changed" in failure.getMessage() and failure.exc_info is not None
    assert str(sorted([clock.pk, clocks_for_subject(other).get().pk])) in failure.getMessage()
    assert f"'leads.Lead': {sorted([lead.pk, other.pk])}" in failure.getMessage()
    clock.refresh_from_db()
    friday = thursday + timedelta(days=1)
    assert (clock.due_at, Lead.objects.get(pk=lead.pk).next_due_at) == (friday, thursday)  # stale

    with CaptureQueriesContext(connection) as queries:
        assert reconcile_next_due() == 2
    assert len(queries) == 1
    assert {lead.next_due_at for lead in Lead.objects.all()} == {friday}
    assert reconcile_next_due() == 0  # computed from state: a second run changes nothing


def test_the_catch_up_sets_missing_deadlines_and_clears_those_of_leads_without_a_running_clock(capture, salesperson):
    waiting, closed, current = capture(salesperson), capture(salesperson), capture(salesperson)
    Lead.objects.filter(pk=waiting.pk).update(next_due_at=None)  # as if the process died before the listener
    Clock.objects.filter(object_id=closed.pk).update(state=ClockState.CANCELLED)
    due = clocks_for_subject(waiting).get().due_at
    assert reconcile_next_due() == 2
    assert {lead.pk: lead.next_due_at for lead in Lead.objects.all()} == {
        waiting.pk: due, closed.pk: None, current.pk: clocks_for_subject(current).get().due_at}  # fmt: skip


def test_leads_register_their_beat_entries_and_the_settings_name_no_domain_app():
    import decocrm.settings
    from decocrm.celery import app

    schedule = app.conf.beat_schedule
    assert schedule["leads-reconcile-next-due"]["task"] == "leads.tasks.reconcile_next_due"
    assert schedule["leads-reconcile-next-due"]["options"]["expires"] < 600  # a backlog of ticks is dropped
    assert schedule["leads-return-breached-to-pool"]["task"] == "leads.tasks.return_breached_leads_to_pool"
    settings_package = Path(decocrm.settings.__file__).parent
    assert sorted(p.name for p in settings_package.glob("*.py")) == ["__init__.py", "rules.py", "tasks.py"]
    assert all("leads.tasks" not in path.read_text() for path in settings_package.glob("*.py"))
