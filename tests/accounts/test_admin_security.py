"""The user admin is no way to powers (issue 7, defect 1): only superusers grant superuser, admin-site access,
groups, permissions or company-wide view, or set another user's password; a team manager changes only the role
and team of their own team's staff, never their own, through the service that records it."""

import pytest
from django.contrib.auth.models import Group, Permission

from decocrm.accounts.choices import Role, StaffField
from decocrm.accounts.models import StaffChange, User

from ..factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def change_url(user):
    return f"/admin/accounts/user/{user.pk}/change/"


def escalation(user, team, role=None):
    """Django's full user form, filled in to make `user` a company-wide superuser with every group."""
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": "",
        "phone": "",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "company_wide": "on",
        "groups": [g.pk for g in Group.objects.all()],
        "user_permissions": [Permission.objects.get(codename="change_group").pk],
        "team": team.pk,
        "role": role or user.role,
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
        "initial-date_joined_0": "2026-01-05",
        "initial-date_joined_1": "09:00:00",
    }


def powers(user):
    user = User.objects.get(pk=user.pk)
    return {
        "is_superuser": user.is_superuser,
        "is_staff": user.is_staff,
        "company_wide": user.company_wide,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(user.user_permissions.values_list("codename", flat=True)),
        "role": user.role,
        "team": user.team_id,
    }


def test_team_manager_cannot_make_themselves_superuser(client, team_manager, team):
    before = powers(team_manager)
    client.force_login(team_manager)
    response = client.post(change_url(team_manager), escalation(team_manager, team))
    assert response.status_code == 403
    assert powers(team_manager) == before == {**before, "is_superuser": False, "company_wide": False}
    assert not StaffChange.objects.exists()


def test_team_manager_cannot_grant_powers_to_their_staff(client, team_manager, member, team):
    before = powers(member)
    client.force_login(team_manager)
    client.post(change_url(member), escalation(member, team))
    assert powers(member) == before
    assert before["groups"] == ["sales"] and not before["is_staff"] and not before["is_superuser"]


def test_team_manager_form_offers_only_role_and_own_team(client, team_manager, member, other_team):
    client.force_login(team_manager)
    page = client.get(change_url(member)).content.decode()
    assert 'name="role"' in page and 'name="team"' in page
    for field in ("is_superuser", "is_staff", "company_wide", "groups", "user_permissions", "username", "password"):
        assert f'name="{field}"' not in page
    assert "../password/" not in page
    assert other_team.name not in page
    assert f'value="{Role.MANAGER.value}"' not in page and f'value="{Role.ARCHIVE_CLERK.value}"' not in page


def test_team_manager_changes_a_team_members_role_and_it_is_recorded(client, team_manager, member, team):
    client.force_login(team_manager)
    response = client.post(change_url(member), {"role": Role.DESIGNER, "team": team.pk})
    assert response.status_code == 302
    assert powers(member) == {**powers(member), "role": Role.DESIGNER, "groups": ["designer"], "is_staff": False}
    assert set(StaffChange.objects.values_list("field", flat=True)) == {"role", "groups"}  # the group follows
    change = StaffChange.objects.get(field=StaffField.ROLE)
    assert (change.by, change.staff) == (team_manager, member)
    assert (change.old_value, change.new_value) == (Role.SALES, Role.DESIGNER)
    # The record is in the admin, read-only.
    page = client.get("/admin/accounts/staffchange/").content.decode()
    assert str(member) in page and "Designer" in page
    assert client.get(f"/admin/accounts/staffchange/{change.pk}/change/").status_code == 200
    assert client.post(f"/admin/accounts/staffchange/{change.pk}/delete/").status_code == 403


@pytest.mark.parametrize(
    ("role", "team_name", "field"),
    [(Role.MANAGER, None, "role"), (Role.ARCHIVE_CLERK, None, "role"), (Role.SALES, "其他部", "team")],
)
def test_team_manager_cannot_give_powerful_roles_or_move_staff_out(client, team_manager, member, team, other_team,
                                                                   role, team_name, field):  # fmt: skip
    before = powers(member)
    client.force_login(team_manager)
    target = other_team if team_name else team
    response = client.post(change_url(member), {"role": role, "team": target.pk})
    assert response.status_code == 200  # the form again, with the field's error
    assert field in response.context["adminform"].form.errors
    assert powers(member) == before
    assert not StaffChange.objects.exists()


def test_team_manager_cannot_set_passwords(client, team_manager, member, company_manager):
    client.force_login(team_manager)
    for user in (company_manager, member, team_manager):
        url = f"/admin/accounts/user/{user.pk}/password/"
        assert client.get(url).status_code == 403
        response = client.post(url, {"password1": "pwned-Pa55word!", "password2": "pwned-Pa55word!"})
        assert response.status_code == 403
        assert User.objects.get(pk=user.pk).check_password(TEST_PASSWORD)


def test_company_manager_cannot_set_passwords_either(client, company_manager, member):
    client.force_login(company_manager)
    url = f"/admin/accounts/user/{member.pk}/password/"
    response = client.post(url, {"password1": "pwned-Pa55word!", "password2": "pwned-Pa55word!"})
    assert response.status_code == 403
    assert User.objects.get(pk=member.pk).check_password(TEST_PASSWORD)


def test_another_teams_staff_are_out_of_reach(client, team_manager, member, outsider, team):
    client.force_login(team_manager)
    page = client.get("/admin/accounts/user/").content.decode()
    assert member.username in page and outsider.username not in page
    response = client.get(change_url(outsider))
    assert response.status_code == 302 and response.url == "/admin/"
    before = powers(outsider)
    client.post(change_url(outsider), escalation(outsider, team, role=Role.DESIGNER))
    client.post(change_url(outsider), {"role": Role.DESIGNER, "team": team.pk})
    assert powers(outsider) == before


def test_team_manager_cannot_add_delete_or_edit_teams(client, team_manager, member, other_team, team):
    client.force_login(team_manager)
    assert client.get("/admin/accounts/user/add/").status_code == 403
    response = client.post(
        "/admin/accounts/user/add/",
        {"username": "sneaky", "password1": "pwned-Pa55word!", "password2": "pwned-Pa55word!", "role": "manager"},
    )
    assert response.status_code == 403 and not User.objects.filter(username="sneaky").exists()
    assert client.post(f"/admin/accounts/user/{member.pk}/delete/", {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=member.pk).exists()
    page = client.get("/admin/accounts/team/").content.decode()
    assert team.name in page and other_team.name not in page
    client.post(f"/admin/accounts/team/{other_team.pk}/change/", {"name": "被改", "manager": team_manager.pk})
    client.post(f"/admin/accounts/team/{team.pk}/change/", {"name": "被改", "manager": member.pk})
    other_team.refresh_from_db(), team.refresh_from_db()
    assert other_team.name == "其他部" and other_team.manager is None and team.manager == team_manager


def test_managers_never_reach_the_group_admin(client, team_manager, company_manager):
    group = Group.objects.get(name=Role.SALES)
    for user in (team_manager, company_manager):
        client.force_login(user)
        assert client.get("/admin/auth/group/").status_code == 403
        response = client.post(f"/admin/auth/group/{group.pk}/change/", {"name": "sales", "permissions": []})
        assert response.status_code == 403
        assert not User.objects.get(pk=user.pk).has_perm("auth.change_group")
    assert group.permissions.count() == Group.objects.get(name=Role.SALES).permissions.count()


def test_company_manager_manages_roles_and_teams_but_no_powers(client, company_manager, member, other_team,
                                                                team_manager, root):  # fmt: skip
    client.force_login(company_manager)
    page = client.get(change_url(member)).content.decode()
    assert 'name="company_wide"' not in page and 'name="is_superuser"' not in page and 'name="groups"' not in page
    response = client.post(change_url(member), {**escalation(member, other_team), "role": Role.MANAGER})
    assert response.status_code == 302
    member_now = powers(member)
    assert (member_now["role"], member_now["team"], member_now["groups"]) == (Role.MANAGER, other_team.pk, ["manager"])
    assert not member_now["is_superuser"] and not member_now["company_wide"] and not member_now["permissions"]
    assert set(StaffChange.objects.filter(staff=member).values_list("field", flat=True)) == {
        "role", "team", "is_staff", "groups"}  # fmt: skip
    # Themselves, a superuser and another company manager stay out of reach.
    peer = User.objects.get(pk=company_manager.pk)
    for user in (peer, root, User.objects.create(username="gm2", role=Role.MANAGER, company_wide=True)):
        before = powers(user)
        assert client.post(change_url(user), {"role": Role.SALES, "team": other_team.pk}).status_code in (302, 403)
        assert powers(user) == before


def test_superuser_keeps_the_full_admin_and_it_is_recorded(client, root, member, team):
    client.force_login(root)
    response = client.post(change_url(member), escalation(member, team, role=Role.ARCHIVE_CLERK))
    assert response.status_code == 302, response.content.decode()[:3000]
    after = powers(member)
    assert after["is_superuser"] and after["company_wide"] and after["is_staff"]
    assert after["permissions"] == ["change_group"]
    # The role's group follows the role, after the form's groups; capability groups (not roles) stay as granted.
    assert after["groups"] == ["archive_clerk", "general_office", "legal", "quality_control", "sales_head"]
    fields = dict(StaffChange.objects.filter(staff=member, by=root).values_list("field", "new_value"))
    assert fields["is_superuser"] == "True" and fields["company_wide"] == "True"
    assert fields["role"] == Role.ARCHIVE_CLERK and fields["user_permissions"] == "auth.change_group"

    url = f"/admin/accounts/user/{member.pk}/password/"
    response = client.post(url, {"password1": "n3w-Pa55word!", "password2": "n3w-Pa55word!"})
    assert response.status_code == 302
    assert User.objects.get(pk=member.pk).check_password("n3w-Pa55word!")
    assert StaffChange.objects.filter(staff=member, by=root, field=StaffField.PASSWORD).exists()


def test_superuser_adds_staff_with_their_role_recorded(client, root, team):
    client.force_login(root)
    response = client.post(
        "/admin/accounts/user/add/",
        {"username": "newbie", "password1": "n3w-Pa55word!", "password2": "n3w-Pa55word!", "usable_password": "true",
         "role": Role.SALES, "team": team.pk, "phone": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    newbie = User.objects.get(username="newbie")
    assert powers(newbie)["groups"] == ["sales"]
    assert dict(StaffChange.objects.filter(staff=newbie).values_list("field", "new_value"))["role"] == Role.SALES
