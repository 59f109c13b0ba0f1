"""Fixtures of the borrowing and retention tests (imported by their modules, so that the archive's other tests keep
their own conftest): team A (its manager and a salesperson, who owns the file), team B (a salesperson and its
manager), the general manager (company-wide) and a second company-wide manager, and the clerk."""

import pytest

from decocrm.accounts.choices import Role
from decocrm.accounts.services import team_set_manager
from tests.factories import TeamFactory

from .borrowing_helpers import file_for


@pytest.fixture
def team_b(db):
    return TeamFactory()


@pytest.fixture
def general_manager(make_staff):
    return make_staff(Role.MANAGER, company_wide=True, username="gm")


@pytest.fixture
def deputy_general_manager(make_staff):
    return make_staff(Role.MANAGER, company_wide=True, username="deputy")


@pytest.fixture
def dept_manager(make_staff, team):
    boss = make_staff(Role.MANAGER, team=team, username="dept_a")
    team_set_manager(team=team, manager=boss)
    return boss


@pytest.fixture
def manager_b(make_staff, team_b):
    boss = make_staff(Role.MANAGER, team=team_b, username="dept_b")
    team_set_manager(team=team_b, manager=boss)
    return boss


@pytest.fixture
def colleague(make_staff, team):
    """Another salesperson of team A (the file's department)."""
    return make_staff(Role.SALES, team=team, username="colleague")


@pytest.fixture
def outsider(make_staff, team_b):
    """After-sales of team B: sees every customer, but the file is another department's."""
    return make_staff(Role.AFTER_SALES, team=team_b, username="outsider")


@pytest.fixture
def clerk(make_staff):
    return make_staff(Role.ARCHIVE_CLERK, username="clerk")


@pytest.fixture
def archive_file(salesperson, general_manager, dept_manager):
    return file_for(salesperson, by=general_manager)
