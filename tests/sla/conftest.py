from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from decocrm.accounts.choices import Role

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args):
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def subject(team):
    """Any saved model can carry clocks; the SLA engine knows no domain app. A team stands in here."""
    return team


@pytest.fixture
def owner(make_staff, team):
    return make_staff(Role.SALES, team=team, email="owner@example.com")


@pytest.fixture
def team_manager(make_staff, team):
    from decocrm.accounts.services import team_set_manager

    boss = make_staff(Role.MANAGER, team=team, email="boss@example.com")
    team_set_manager(team=team, manager=boss)
    return boss


@pytest.fixture
def company_manager(make_staff):
    return make_staff(Role.MANAGER, company_wide=True, email="gm@example.com")
