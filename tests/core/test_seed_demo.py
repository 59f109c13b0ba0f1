import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from decocrm.accounts.choices import Role
from decocrm.accounts.models import Team, User
from decocrm.core.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_one_user_per_role_and_is_idempotent():
    call_command("seed_demo", force=True)
    counts = (User.objects.count(), Team.objects.count())
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    sales = User.objects.get(username="sales")
    assert sales.check_password(DEMO_PASSWORD)
    assert sales.team.manager.username == "manager"
    assert User.objects.get(username="gm").company_wide

    call_command("seed_demo", force=True)
    assert (User.objects.count(), Team.objects.count()) == counts


@override_settings(DEBUG=False)
def test_seed_demo_refuses_without_debug_or_force():
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("seed_demo")
    assert not User.objects.exists()
