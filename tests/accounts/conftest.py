import pytest

from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from decocrm.accounts.services import team_create

from ..factories import TEST_PASSWORD


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
def root(db):
    return User.objects.create_superuser(username="root", password=TEST_PASSWORD, email="root@example.com")
