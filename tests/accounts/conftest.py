import pytest

from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from decocrm.accounts.services import team_create, team_set_manager

from ..factories import TEST_PASSWORD


@pytest.fixture
def team_manager(make_staff, team):
    boss = make_staff(Role.MANAGER, team=team)
    team_set_manager(team=team, manager=boss)
    return boss


@pytest.fixture
def member(make_staff, team):
    return make_staff(Role.SALES, team=team)


@pytest.fixture
def other_team(db):
    return team_create(name="其他部")


@pytest.fixture
def outsider(make_staff, other_team):
    return make_staff(Role.SALES, team=other_team)


@pytest.fixture
def company_manager(make_staff):
    return make_staff(Role.MANAGER, company_wide=True)


@pytest.fixture
def root(db):
    return User.objects.create_superuser(username="root", password=TEST_PASSWORD, email="root@example.com")
