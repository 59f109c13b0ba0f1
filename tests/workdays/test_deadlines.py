"""Deadlines on the real 2026 calendar (chinesecalendar 1.11.0 data, checked by hand against the package):

Spring Festival: Sat 14 Feb is a make-up working day; 15-23 Feb are off; Sat 28 Feb is a make-up working day.
Mid-Autumn: Fri 25 Sep (and that weekend) off; Sun 20 Sep a make-up working day.
National Day: 1-7 Oct off; Sat 10 Oct a make-up working day.
"""

from datetime import UTC, date, time, timedelta

import pytest

from decocrm.workdays.choices import DurationUnit
from decocrm.workdays.deadlines import Deadline, deadline_after, deadline_before, is_working_day, working_calendar
from decocrm.workdays.services import calendar_override_set

from .conftest import local

pytestmark = pytest.mark.django_db

END = time(23, 59, 59, 999999)
WD = DurationUnit.WORKING_DAYS


def end_of(day):
    return local(day.year, day.month, day.day, END.hour, END.minute, END.second, END.microsecond)


@pytest.mark.parametrize(
    ("start", "amount", "expected"),
    [
        # an ordinary week: Monday 10:00 + 3 -> Thursday
        (local(2026, 3, 2, 10), 3, date(2026, 3, 5)),
        # Saturday: Monday is day 0, so + 3 -> Thursday
        (local(2026, 3, 7, 15), 3, date(2026, 3, 12)),
        # Sunday late evening behaves the same
        (local(2026, 3, 8, 23, 30), 3, date(2026, 3, 12)),
        # Friday + 1 -> Monday
        (local(2026, 3, 6, 9), 1, date(2026, 3, 9)),
        # 0 working days: the end of day 0
        (local(2026, 3, 4, 9), 0, date(2026, 3, 4)),
        (local(2026, 3, 7, 9), 0, date(2026, 3, 9)),
        # Spring Festival: Fri 13 Feb + 1 -> Sat 14 Feb (make-up working day)
        (local(2026, 2, 13, 9), 1, date(2026, 2, 14)),
        # ... + 3 -> 14 Feb, then 15-23 Feb off: Tue 24, Wed 25
        (local(2026, 2, 13, 9), 3, date(2026, 2, 25)),
        # the make-up Saturday is itself day 0
        (local(2026, 2, 14, 10), 1, date(2026, 2, 24)),
        # an event inside the holiday counts from the first working day after it (Tue 24 Feb is day 0)
        (local(2026, 2, 18, 10), 1, date(2026, 2, 25)),
        (local(2026, 2, 23, 10), 0, date(2026, 2, 24)),
        # Fri 27 Feb + 1 -> Sat 28 Feb (make-up working day), + 2 -> Mon 2 Mar
        (local(2026, 2, 27, 10), 1, date(2026, 2, 28)),
        (local(2026, 2, 27, 10), 2, date(2026, 3, 2)),
        # Mid-Autumn: Fri 18 Sep + 1 -> Sun 20 Sep (make-up); Thu 24 Sep + 1 -> Mon 28 Sep
        (local(2026, 9, 18, 10), 1, date(2026, 9, 20)),
        (local(2026, 9, 24, 10), 1, date(2026, 9, 28)),
        # National Day: Wed 30 Sep + 3 -> Thu 8, Fri 9, Sat 10 Oct (make-up)
        (local(2026, 9, 30, 10), 3, date(2026, 10, 10)),
        (local(2026, 9, 30, 10), 4, date(2026, 10, 12)),
        (local(2026, 10, 3, 10), 2, date(2026, 10, 10)),
    ],
)
def test_working_days_on_the_2026_calendar(start, amount, expected):
    assert deadline_after(start, amount, WD) == Deadline(at=end_of(expected), provisional=False)


def test_the_deadline_is_in_local_time_whatever_the_start_zone():
    start = local(2026, 3, 2, 10).astimezone(UTC)  # 02:00 UTC
    at = deadline_after(start, 3, "working_days").at
    assert at == end_of(date(2026, 3, 5))
    assert at.utcoffset() == timedelta(hours=8)


def test_the_local_date_decides_not_the_utc_date():
    # 2026-03-07 01:00 in Shanghai is still Friday 6 March in UTC: the local Saturday counts.
    assert deadline_after(local(2026, 3, 7, 1), 1, WD).at.date() == date(2026, 3, 10)


def test_company_closing_time(settings):
    settings.WORKDAY_CLOSING_TIME = "18:00"
    assert deadline_after(local(2026, 9, 30, 10), 3, WD).at == local(2026, 10, 10, 18, 0)


def test_elapsed_hours_and_days_ignore_the_calendar():
    start = local(2026, 9, 30, 10, 15)
    assert deadline_after(start, 24, DurationUnit.HOURS) == Deadline(local(2026, 10, 1, 10, 15), False)
    assert deadline_after(start, 2, "hours").at == local(2026, 9, 30, 12, 15)
    assert deadline_after(start, 7, DurationUnit.DAYS).at == local(2026, 10, 7, 10, 15)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (local(2026, 1, 15, 9), 1, local(2026, 2, 15, 9)),
        (local(2026, 1, 31, 9), 1, local(2026, 2, 28, 9)),  # clamped to the end of February
        (local(2027, 1, 31, 9), 13, local(2028, 2, 29, 9)),  # leap year
        (local(2026, 11, 30, 18), 3, local(2027, 2, 28, 18)),
        (local(2026, 12, 10, 8), 1, local(2027, 1, 10, 8)),
    ],
)
def test_months_are_calendar_months(start, months, expected):
    assert deadline_after(start, months, DurationUnit.MONTHS) == Deadline(expected, False)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="aware"):
        deadline_after(local(2026, 3, 2).replace(tzinfo=None), 3, WD)
    with pytest.raises(ValueError, match="0 or more"):
        deadline_after(local(2026, 3, 2), -1, WD)
    with pytest.raises(ValueError):
        deadline_after(local(2026, 3, 2), 1, "fortnights")


def test_is_working_day():
    assert is_working_day(date(2026, 2, 14))  # make-up Saturday
    assert not is_working_day(date(2026, 2, 16))  # Spring Festival
    assert not is_working_day(date(2026, 3, 7))  # plain Saturday
    assert is_working_day(date(2026, 3, 9))
    assert is_working_day(date(2026, 10, 10))
    assert not is_working_day(date(2026, 10, 5))


def test_an_override_wins_and_the_cache_follows_it(manager):
    start = local(2026, 3, 2, 10)
    assert deadline_after(start, 3, WD).at.date() == date(2026, 3, 5)
    calendar_override_set(day=date(2026, 3, 3), is_working=False, note="Company outing", by=manager)
    assert deadline_after(start, 3, WD).at.date() == date(2026, 3, 6)
    calendar_override_set(day=date(2026, 3, 7), is_working=True, note="Stock-taking Saturday", by=manager)
    assert deadline_after(start, 4, WD).at.date() == date(2026, 3, 7)
    assert is_working_day(date(2026, 3, 7))
    # an override may also take back a make-up day
    calendar_override_set(day=date(2026, 2, 14), is_working=False, note="Closed", by=manager)
    assert deadline_after(local(2026, 2, 13, 9), 1, WD).at.date() == date(2026, 2, 24)


def test_the_2027_fallback_is_provisional():
    # 29 Dec 2026 + 3: Wed 30, Thu 31, then 1 Jan 2027 (New Year, fallback) and the weekend: Mon 4 Jan.
    assert deadline_after(local(2026, 12, 29, 10), 3, WD) == Deadline(end_of(date(2027, 1, 4)), provisional=True)
    # the same deadline without touching 2027 is not provisional
    assert deadline_after(local(2026, 12, 24, 10), 3, WD) == Deadline(end_of(date(2026, 12, 29)), provisional=False)
    # Spring Festival 2027 by law: eve 5 Feb (Fri) to 8 Feb (Mon); no make-up days known
    assert deadline_after(local(2027, 2, 4, 10), 1, WD) == Deadline(end_of(date(2027, 2, 9)), provisional=True)
    # National Day 2027: 1-3 Oct by law (Fri-Sun); the "observed" 4-5 Oct are guesses and count as working
    assert deadline_after(local(2027, 9, 30, 10), 1, WD).at.date() == date(2027, 10, 4)


def test_a_confirmed_year_is_no_longer_provisional(company_manager):
    from decocrm.workdays.services import calendar_year_confirm

    calendar_year_confirm(year=2027, by=company_manager)
    assert deadline_after(local(2026, 12, 29, 10), 3, WD) == Deadline(end_of(date(2027, 1, 4)), provisional=False)


def test_a_newer_package_takes_over_a_fallback_year(
    package_knows_2027, calendar_changes, django_capture_on_commit_callbacks
):
    assert deadline_after(local(2027, 2, 4, 10), 1, WD) == Deadline(end_of(date(2027, 2, 9)), provisional=True)
    package_knows_2027()  # e.g. pip install chinesecalendar==1.12.0 and a restart
    with django_capture_on_commit_callbacks(execute=True):
        deadline = deadline_after(local(2027, 2, 4, 10), 1, WD)
    # 5-11 Feb off in the new data: Fri 12 Feb is the next working day, and nothing is provisional any more
    assert deadline == Deadline(end_of(date(2027, 2, 12)), provisional=False)
    assert is_working_day(date(2027, 2, 20))  # the published make-up Saturday
    # the listeners hear the range that changed: from 9 Feb (now off) to 1 Oct (the made-up data has no
    # National Day, so the fallback's statutory days after February became working days)
    assert calendar_changes == [(date(2027, 2, 9), date(2027, 10, 1))]


def test_one_query_per_deadline_and_none_per_day(django_assert_num_queries):
    deadline_after(local(2026, 1, 5, 10), 3, WD)  # fills 2026 and warms the cache
    with django_assert_num_queries(1):  # the years' revisions, nothing per day
        assert deadline_after(local(2026, 1, 5, 10), 200, WD).at.date() > date(2026, 10, 1)


def test_a_working_calendar_serves_many_deadlines_without_queries(django_assert_num_queries):
    deadline_after(local(2026, 12, 1, 10), 40, WD)  # fills 2026 and 2027
    with django_assert_num_queries(1):
        calendar = working_calendar()
        ats = [calendar.deadline_after(local(2026, 1, 1, 9) + timedelta(days=i), 5, WD).at for i in range(365)]
    assert ats == sorted(ats)


def test_working_day_after_walks_across_years():
    calendar = working_calendar()
    assert calendar.working_day_after(date(2026, 12, 31), 1) == date(2027, 1, 4)
    with pytest.raises(ValueError):
        calendar.working_day_after(date(2026, 12, 31), -1)


@pytest.mark.parametrize(
    ("anchor", "amount", "expected"),
    [
        # a change effective Friday 13 Mar: 3 working days before -> by the end of Tuesday 10 Mar
        (local(2026, 3, 13, 9), 3, date(2026, 3, 10)),
        # effective Monday 9 Mar: Fri 6, Thu 5, Wed 4
        (local(2026, 3, 9, 9), 3, date(2026, 3, 4)),
        # effective on a Sunday: the working days before it are Fri, Thu, Wed
        (local(2026, 3, 8, 9), 3, date(2026, 3, 4)),
        # effective Thu 8 Oct, right after National Day: Wed 30 Sep, Tue 29 Sep (1-7 Oct are off)
        (local(2026, 10, 8, 9), 2, date(2026, 9, 29)),
        # effective Mon 2 Mar: Sat 28 Feb is a make-up working day
        (local(2026, 3, 2, 9), 1, date(2026, 2, 28)),
        # across the year boundary: effective Mon 5 Jan 2026 -> Sun 4 Jan is a make-up day, then Wed 31 Dec 2025
        (local(2026, 1, 5, 9), 2, date(2025, 12, 31)),
    ],
)
def test_counting_back_from_an_anchor(anchor, amount, expected):
    assert deadline_before(anchor, amount, WD) == Deadline(at=end_of(expected), provisional=False)


def test_counting_back_in_elapsed_units():
    anchor = local(2026, 3, 31, 9)
    assert deadline_before(anchor, 24, DurationUnit.HOURS).at == local(2026, 3, 30, 9)
    assert deadline_before(anchor, 1, DurationUnit.MONTHS).at == local(2026, 2, 28, 9)
    with pytest.raises(ValueError):
        deadline_before(anchor, 0, WD)
