import pytest

from decocrm.accounts.choices import Role


@pytest.fixture
def colleague(make_staff, team):
    return make_staff(Role.SALES, team=team)


@pytest.fixture(autouse=True)
def _english_messages():
    """Service tests read the English source of an error message; the zh-hans catalogue is checked in
    tests/core/test_i18n.py, and pages render in the language the request asks for, whatever this says."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def sales_head(make_staff, team):
    """The sales department head: a manager in the sales_head capability group (customers.permissions)."""
    from django.contrib.auth.models import Group

    from customers.permissions import SALES_HEAD_GROUP

    head = make_staff(Role.MANAGER, team=team, first_name="销售部长")
    head.groups.add(Group.objects.get(name=SALES_HEAD_GROUP))
    return head
