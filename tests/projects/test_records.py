"""Weekly progress updates, delay notices counted back on the working-day calendar, quality issues and their clocks
(issue 10, seed 000 §8)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.models import Clock
from decocrm.sla.selectors import clocks_for_subject
from decocrm.sla.sweep import sla_sweep
from projects.models import DelayNotice, Project, Stage
from projects.services import (
    ProjectPermissionError,
    ProjectStateError,
    delay_notice_give,
    progress_update_post,
    quality_issue_confirm,
    quality_issue_raise,
    quality_issue_rectify,
    quality_issue_respond,
)

from .conftest import FIRST_DAY, local
from .helpers import evening, start

pytestmark = pytest.mark.django_db
STARTED_AT = evening(FIRST_DAY)


@pytest.fixture
def working(approved, pm):
    start(Stage.objects.get(project=approved, code="demolition"), pm)
    return Project.objects.get(pk=approved.pk)


def weekly(project):
    return list(clocks_for_subject(project).filter(kind=ClockKind.PROGRESS_UPDATE).order_by("sequence"))


# --- weekly progress updates


def test_each_update_stops_the_weekly_clock_and_starts_the_next(working, pm):
    from tests.uploads import image_bytes, upload

    at = STARTED_AT + timedelta(days=5)
    update = progress_update_post(project=working, by=pm, text="拆除完成", percent_complete=10, at=at,
                                  photos=[upload("wall.jpg", image_bytes("JPEG"), "image/jpeg")])  # fmt: skip
    assert [p.original_name for p in update.photos.all()] == ["wall.jpg"]
    first, second = weekly(working)
    assert (first.state, first.stopped_at) == (ClockState.MET, at)
    assert (second.state, second.sequence, second.due_at) == (ClockState.RUNNING, 2, at + timedelta(days=7))
    assert Project.objects.get(pk=working.pk).percent_complete == 10


def test_a_missed_week_is_a_breach_then_met_late(working, pm):
    with time_machine.travel(STARTED_AT + timedelta(days=7, hours=1), tick=False):
        sla_sweep()
        (clock,) = weekly(working)
        assert clock.state == ClockState.BREACHED
        progress_update_post(project=working, by=pm, text="水电开槽", percent_complete=15)
    first, second = weekly(working)
    assert (first.state, second.state) == (ClockState.MET_LATE, ClockState.RUNNING)


def test_updates_only_while_the_work_is_in_progress_by_who_runs_it(approved, working, pm, salesperson):
    with pytest.raises(ProjectPermissionError):
        progress_update_post(project=working, by=salesperson, text="x", percent_complete=5, at=STARTED_AT)
    with pytest.raises(ValidationError):
        progress_update_post(project=working, by=pm, text=" ", percent_complete=5, at=STARTED_AT)
    with pytest.raises(ValidationError):
        progress_update_post(project=working, by=pm, text="x", percent_complete=101, at=STARTED_AT)
    progress_update_post(project=working, by=pm, text="x", percent_complete=20, at=STARTED_AT + timedelta(hours=1))
    with pytest.raises(ValidationError, match="20%"):  # progress does not go back
        progress_update_post(project=working, by=pm, text="x", percent_complete=10, at=STARTED_AT + timedelta(hours=2))


def test_no_update_before_work_starts(approved, pm):
    with pytest.raises(ProjectStateError, match="in progress"):
        progress_update_post(project=approved, by=pm, text="x", percent_complete=0, at=STARTED_AT)


# --- delay notices: 3 working days ahead, counted back on the working-day calendar


def notice(project, by, effective_on, at, **kwargs):
    fields = {"what_changes": "瓷砖到货延迟，泥瓦顺延", "cause": "supply", "effective_on": effective_on}
    return delay_notice_give(project=project, by=by, at=at, **{**fields, **kwargs})


def test_a_delay_notice_counts_back_over_a_made_up_saturday(working, pm):
    """Effective Mon 11 May 2026: Sat 9 May is a made-up working day (Labour Day), so the 3 working days before are
    9, 8, 7 May: the notice is due by the end of Thursday 7 May (not Wednesday 6 May)."""
    in_time = notice(working, pm, date(2026, 5, 11), local(2026, 5, 7, 17))
    assert (in_time.in_time, in_time.due_by.date()) == (True, date(2026, 5, 7))
    late = notice(working, pm, date(2026, 5, 11), local(2026, 5, 8, 9), cause="weather")
    assert late.in_time is False
    (clock,) = clocks_for_subject(late)
    assert (clock.kind, clock.state) == (ClockKind.DELAY_NOTICE, ClockState.MET_LATE)  # the breach, on record


def test_a_delay_notice_counts_back_over_the_labour_day_holiday(working, pm):
    """Effective Wed 6 May 2026: 1-5 May are holidays, so the 3 working days before are 30, 29, 28 April."""
    assert notice(working, pm, date(2026, 5, 6), local(2026, 4, 28, 20)).in_time
    late = notice(working, pm, date(2026, 5, 6), local(2026, 4, 29, 9))
    assert (late.in_time, late.due_by.date()) == (False, date(2026, 4, 28))


def test_every_delay_and_its_cause_is_kept_and_the_new_dates_apply(working, pm):
    masonry = Stage.objects.get(project=working, code="masonry")
    notice(working, pm, date(2026, 4, 6), local(2026, 3, 30, 9), stage=masonry, cause="customer",
           cause_detail="业主更换瓷砖款式", new_start=date(2026, 4, 13), new_end=date(2026, 4, 24))  # fmt: skip
    notice(working, pm, date(2026, 6, 29), local(2026, 6, 1, 9), cause="weather", new_end=date(2026, 7, 10))
    assert list(DelayNotice.objects.filter(project=working).values_list("cause", flat=True)) == ["customer", "weather"]
    masonry.refresh_from_db()
    assert (masonry.planned_start, masonry.planned_end) == (date(2026, 4, 13), date(2026, 4, 24))
    assert Project.objects.get(pk=working.pk).planned_end == date(2026, 7, 10)


def test_a_delay_notice_refusals(working, pm, salesperson):
    with pytest.raises(ProjectPermissionError):
        notice(working, salesperson, date(2026, 5, 11), local(2026, 5, 1, 9))
    with pytest.raises(ValidationError):
        notice(working, pm, date(2026, 5, 11), local(2026, 5, 1, 9), what_changes=" ")
    with pytest.raises(ValidationError):
        notice(working, pm, date(2026, 5, 11), local(2026, 5, 1, 9), new_start=date(2026, 5, 20),
               new_end=date(2026, 5, 12))  # fmt: skip
    assert not DelayNotice.objects.exists() and not Clock.objects.filter(kind=ClockKind.DELAY_NOTICE).exists()


# --- quality issues: answered in 24 h, rectified in 7 working days, confirmed


def test_a_quality_issue_is_answered_rectified_and_confirmed_on_its_clocks(working, pm):
    raised_at = local(2026, 4, 29, 10)  # Wednesday before Labour Day
    issue = quality_issue_raise(project=working, by=pm, description="客厅墙面开裂", at=raised_at)
    (response,) = clocks_for_subject(issue)
    assert (response.kind, response.due_at, response.owner) == (ClockKind.QUALITY_RESPONSE,
                                                                raised_at + timedelta(hours=24), pm)  # fmt: skip
    with pytest.raises(ProjectStateError, match="Answer the customer first"):
        quality_issue_rectify(issue=issue, by=pm, rectification="x", at=raised_at + timedelta(hours=2))
    quality_issue_respond(issue=issue, by=pm, response="明日上门查看", at=raised_at + timedelta(hours=3))
    response, rectification = clocks_for_subject(issue).order_by("started_at", "pk")
    assert response.state == ClockState.MET
    # 7 working days from Wed 29 April: 30 Apr, 6, 7, 8, 9 (made-up Saturday), 11, 12 May
    assert (rectification.kind, rectification.due_at.date()) == (ClockKind.QUALITY_RECTIFICATION, date(2026, 5, 12))
    with pytest.raises(ProjectStateError, match="already been answered"):
        quality_issue_respond(issue=issue, by=pm, response="x", at=raised_at + timedelta(hours=4))
    with pytest.raises(ProjectStateError, match="Only a rectified issue"):
        quality_issue_confirm(issue=issue, by=pm, at=raised_at + timedelta(hours=4))
    quality_issue_rectify(issue=issue, by=pm, rectification="铲除重做", at=local(2026, 5, 13, 10))
    rectification.refresh_from_db()
    assert rectification.state == ClockState.MET_LATE
    issue = quality_issue_confirm(issue=issue, by=pm, at=local(2026, 5, 13, 16))
    assert issue.status == "confirmed"
    with pytest.raises(ProjectStateError, match="already confirmed"):
        quality_issue_confirm(issue=issue, by=pm, at=local(2026, 5, 13, 17))


def test_quality_issues_are_recorded_by_who_runs_the_project_during_the_works(approved, pm, salesperson):
    with pytest.raises(ProjectStateError, match="in progress"):
        quality_issue_raise(project=approved, by=pm, description="x", at=STARTED_AT)
    start(Stage.objects.get(project=approved, code="demolition"), pm)
    with pytest.raises(ProjectPermissionError):
        quality_issue_raise(project=approved, by=salesperson, description="x", at=STARTED_AT)
    issue = quality_issue_raise(project=approved, by=pm, description="x", at=STARTED_AT)
    with pytest.raises(ProjectPermissionError):
        quality_issue_respond(issue=issue, by=salesperson, response="y", at=STARTED_AT + timedelta(hours=1))
