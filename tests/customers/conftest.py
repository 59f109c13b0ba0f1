import pytest

from decocrm.accounts.choices import Role


@pytest.fixture
def colleague(make_staff, team):
    return make_staff(Role.SALES, team=team)
