import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from decocrm.accounts.roles import role_permissions
from decocrm.accounts.selectors import is_company_manager, is_manager, visible_staff
from decocrm.accounts.services import staff_create, staff_set_role, team_create, team_set_manager

pytestmark = pytest.mark.django_db


def test_migrations_create_one_group_per_role_with_its_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    manager_perms = {
        f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=Role.MANAGER).permissions.all()
    }
    assert manager_perms == role_permissions(Role.MANAGER)


@pytest.mark.parametrize("role", list(Role))
def test_staff_create_puts_the_user_in_exactly_their_role_group(role):
    user = staff_create(username=f"u-{role}", password="x-secret-1", role=role)
    assert user.role == role
    assert list(user.groups.values_list("name", flat=True)) == [role.value]
    assert user.check_password("x-secret-1")
    # Only the roles that work in the admin site get into it.
    assert user.is_staff == (role in {Role.MANAGER, Role.ARCHIVE_CLERK})


def test_staff_set_role_moves_the_user_between_groups_and_admin_access():
    user = staff_create(username="mover", password="x-secret-1", role=Role.ARCHIVE_CLERK)
    assert user.is_staff
    staff_set_role(user=user, role=Role.SALES)
    user.refresh_from_db()
    assert user.role == Role.SALES
    assert list(user.groups.values_list("name", flat=True)) == ["sales"]
    assert not user.is_staff
    assert user.has_perm("accounts.view_user") is False


def test_manager_role_grants_its_permissions():
    user = staff_create(username="boss", password="x-secret-1", role=Role.MANAGER)
    user = User.objects.get(pk=user.pk)  # fresh permission cache
    assert user.has_perm("accounts.view_user")
    assert not user.has_perm("accounts.delete_user")


def test_unknown_role_is_refused_and_nothing_is_written():
    with pytest.raises(ValueError):
        staff_create(username="ghost", password="x-secret-1", role="wizard")
    assert not User.objects.filter(username="ghost").exists()


def test_bad_phone_is_a_field_error():
    with pytest.raises(ValidationError) as err:
        staff_create(username="p", password="x-secret-1", role=Role.SALES, phone="call me")
    assert "phone" in err.value.message_dict
    assert not User.objects.filter(username="p").exists()


def test_team_manager_joins_the_team_and_scopes_visible_staff():
    boss = staff_create(username="boss", password="x-secret-1", role=Role.MANAGER)
    team = team_create(name="销售一部", manager=boss)
    boss.refresh_from_db()
    assert boss.team == team
    mine = staff_create(username="mine", password="x-secret-1", role=Role.SALES, team=team)
    other_team = team_create(name="销售二部")
    other = staff_create(username="other", password="x-secret-1", role=Role.SALES, team=other_team)
    gm = staff_create(username="gm", password="x-secret-1", role=Role.MANAGER, company_wide=True)

    assert is_manager(boss) and not is_company_manager(boss)
    assert is_company_manager(gm)
    assert set(visible_staff(boss)) == {boss, mine}
    assert set(visible_staff(gm)) >= {boss, mine, other, gm}
    assert list(visible_staff(mine)) == [mine]

    team_set_manager(team=other_team, manager=gm)
    other_team.refresh_from_db()
    assert other_team.manager == gm
    assert other.team == other_team


def test_duplicate_team_name_is_a_validation_error():
    team_create(name="工程部")
    with pytest.raises(ValidationError) as err:
        team_create(name="工程部")
    assert "name" in err.value.message_dict
