"""staff_change_role_team: every permission boundary, and the record it leaves."""

import pytest

from decocrm.accounts.choices import Role
from decocrm.accounts.models import StaffChange, User
from decocrm.accounts.services import (
    StaffChangeRefused,
    staff_change_role_team,
    staff_record_password_change,
    team_create,
)

pytestmark = pytest.mark.django_db


def role_team(user):
    user = User.objects.get(pk=user.pk)
    return user.role, user.team_id, sorted(user.groups.values_list("name", flat=True)), user.is_staff


def test_team_manager_changes_a_members_role_recorded(team_manager, member, team):
    staff_change_role_team(user=member, by=team_manager, role=Role.DESIGNER, team=team)
    assert role_team(member) == (Role.DESIGNER, team.pk, ["designer"], False)
    rows = {r.field: r for r in StaffChange.objects.filter(staff=member)}
    assert set(rows) == {"role", "groups"}
    assert (rows["role"].by, rows["role"].old_value, rows["role"].new_value) == (team_manager, "sales", "designer")
    assert rows["role"].at is not None


def test_nothing_changed_records_nothing(team_manager, member, team):
    staff_change_role_team(user=member, by=team_manager, role=Role.SALES, team=team)
    assert not StaffChange.objects.exists()


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("self", None),
        ("other team", None),
        ("superuser", None),
        ("company manager", None),
        ("deputy manager", None),
        ("make manager", "role"),
        ("make clerk", "role"),
        ("move out", "team"),
        ("no team", "team"),
        ("not a role", "role"),
    ],
)
def test_team_manager_boundaries(case, field, team_manager, member, outsider, other_team, team, make_staff, root,
                                 company_manager):  # fmt: skip
    user, role, new_team = member, Role.SALES, team
    if case == "self":
        user, role = team_manager, Role.MANAGER
    elif case == "other team":
        user, new_team = outsider, team
    elif case == "superuser":
        root.team = team
        root.save()
        user = root
    elif case == "company manager":
        user = company_manager
        User.objects.filter(pk=user.pk).update(team=team)
    elif case == "deputy manager":
        user, role = make_staff(Role.MANAGER, team=team), Role.SALES
    elif case == "make manager":
        role = Role.MANAGER
    elif case == "make clerk":
        role = Role.ARCHIVE_CLERK
    elif case == "move out":
        new_team = other_team
    elif case == "no team":
        new_team = None
    elif case == "not a role":
        role = "wizard"
    before = role_team(user)
    with pytest.raises(StaffChangeRefused) as refusal:
        staff_change_role_team(user=user, by=team_manager, role=role, team=new_team)
    assert refusal.value.field == field and str(refusal.value)
    assert role_team(user) == before
    assert not StaffChange.objects.exists()


def test_staff_who_are_not_managers_change_nobody(member, make_staff, team):
    colleague = make_staff(Role.SALES, team=team)
    clerk = make_staff(Role.ARCHIVE_CLERK, team=team)
    for by in (member, clerk):
        with pytest.raises(StaffChangeRefused):
            staff_change_role_team(user=colleague, by=by, role=Role.DESIGNER, team=team)
    assert role_team(colleague)[0] == Role.SALES


def test_an_inactive_manager_changes_nobody(team_manager, member, team):
    User.objects.filter(pk=team_manager.pk).update(is_active=False)
    with pytest.raises(StaffChangeRefused):
        staff_change_role_team(user=member, by=User.objects.get(pk=team_manager.pk), role=Role.DESIGNER, team=team)


def test_company_manager_appoints_and_moves_staff(company_manager, member, other_team):
    staff_change_role_team(user=member, by=company_manager, role=Role.MANAGER, team=other_team)
    assert role_team(member) == (Role.MANAGER, other_team.pk, ["manager"], True)
    assert set(StaffChange.objects.filter(by=company_manager).values_list("field", flat=True)) == {
        "role", "team", "groups", "is_staff"}  # fmt: skip
    staff_change_role_team(user=member, by=company_manager, role=Role.SALES, team=None)
    assert role_team(member) == (Role.SALES, None, ["sales"], False)


def test_company_manager_leaves_peers_superusers_and_themselves_alone(company_manager, make_staff, root, team):
    peer = make_staff(Role.MANAGER, company_wide=True)
    stray_flag = make_staff(Role.SALES, team=team, company_wide=True)  # would become company-wide as a manager
    for user in (peer, root, company_manager, stray_flag):
        with pytest.raises(StaffChangeRefused):
            staff_change_role_team(user=user, by=company_manager, role=Role.MANAGER, team=team)
    assert not StaffChange.objects.exists()


def test_superuser_changes_anyone(root, company_manager):
    team = team_create(name="总部")
    staff_change_role_team(user=company_manager, by=root, role=Role.SALES, team=team)
    assert role_team(company_manager)[:2] == (Role.SALES, team.pk)


def test_only_superusers_set_another_users_password(company_manager, member, root):
    with pytest.raises(StaffChangeRefused):
        staff_record_password_change(staff=member, by=company_manager)
    staff_record_password_change(staff=member, by=member)
    staff_record_password_change(staff=member, by=root)
    assert StaffChange.objects.filter(staff=member, field="password").count() == 2
