from datetime import date, datetime
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from chinese_calendar.constants import holidays as package_holidays
from chinese_calendar.constants import workdays as package_workdays

from decocrm.workdays import deadlines, sources
from decocrm.workdays.services import register_calendar_listener, unregister_calendar_listener

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args):
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _fresh_caches():
    deadlines.clear_cache()
    sources.package_knows.cache_clear()
    yield
    deadlines.clear_cache()
    sources.package_knows.cache_clear()


@pytest.fixture
def calendar_changes():
    """Records every (changed_from, changed_to) the calendar listeners are called with."""
    calls = []

    def listener(changed_from, changed_to):
        calls.append((changed_from, changed_to))

    register_calendar_listener(listener)
    yield calls
    unregister_calendar_listener(listener)


@pytest.fixture
def manager(company_manager):
    """Who edits the calendar: a company manager (it holds for the whole company; team managers only read it)."""
    return company_manager


@pytest.fixture
def package_knows_2027(monkeypatch):
    """Simulates a chinese_calendar release that knows 2027 (made-up data: 1 Jan, 5-11 Feb off, Sat 20 Feb worked).

    Adds 2027 to the package's own tables, so the code under test sees what a newer release would give.
    """

    def install():
        spring = chinese_calendar.Holiday.spring_festival.value
        for day in [date(2027, 1, 1), *(date(2027, 2, d) for d in range(5, 12))]:
            monkeypatch.setitem(package_holidays, day, spring if day.month == 2 else "New Year's Day")
        monkeypatch.setitem(package_workdays, date(2027, 2, 20), spring)  # a Saturday made up
        sources.package_knows.cache_clear()

    return install
