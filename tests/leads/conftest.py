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


# --- Appeals: a collision between two salespeople of one team; quality control (品控中心) and the general office
# (总经办) as the groups superusers fill.


@pytest.fixture
def collision(capture, salesperson, colleague):
    """`salesperson` owns 赵女士; `colleague` (same team) entered her again."""
    from leads.services import LeadCollisionError

    capture(salesperson, name="赵女士", phone="13700001111")
    with pytest.raises(LeadCollisionError) as info:
        capture(colleague, name="赵女士", phone="13700001111")
    return info.value.collision


@pytest.fixture
def quality_control(make_staff):
    from leads.permissions import QUALITY_CONTROL_GROUP

    from .appeal_helpers import put_in_group

    return put_in_group(make_staff(Role.MANAGER, first_name="品控"), QUALITY_CONTROL_GROUP)


@pytest.fixture
def general_office(make_staff):
    from leads.permissions import GENERAL_OFFICE_GROUP

    from .appeal_helpers import put_in_group

    return put_in_group(make_staff(Role.MANAGER, first_name="总经办"), GENERAL_OFFICE_GROUP)
