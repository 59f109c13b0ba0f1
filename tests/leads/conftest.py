from datetime import datetime
from itertools import count
from zoneinfo import ZoneInfo

import pytest

from decocrm.accounts.choices import Role
from leads.choices import Channel

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)  # an ordinary working week

_phones = count(10000000)


def new_phone():
    return f"139{next(_phones):08d}"


@pytest.fixture
def capture():
    """lead_capture with sensible defaults: a walk-in with a fresh phone on MONDAY."""
    from leads.services import lead_capture

    def make(by, **kwargs):
        kwargs.setdefault("channel", Channel.WALK_IN)
        kwargs.setdefault("name", "张先生")
        kwargs.setdefault("phone", new_phone())
        kwargs.setdefault("at", MONDAY)
        return lead_capture(by=by, **kwargs)

    return make


@pytest.fixture
def colleague(make_staff, team):
    return make_staff(Role.SALES, team=team)


@pytest.fixture
def outsider(make_staff):
    """A salesperson of another team, with their own manager."""
    from decocrm.accounts.services import team_create

    other = team_create(name="其他部")
    return make_staff(Role.SALES, team=other)


@pytest.fixture(autouse=True)
def _english_messages():
    """Service tests read the English source of an error message; the zh-hans catalogue is checked in
    tests/core/test_i18n.py, and pages render in the language the request asks for, whatever this says."""
    from django.utils import translation

    with translation.override("en"):
        yield
