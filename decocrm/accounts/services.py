"""Every write to staff and teams goes through here."""

from django.contrib.auth.models import Group
from django.db import transaction

from .choices import Role
from .models import Team, User
from .roles import ADMIN_SITE_ROLES


@transaction.atomic
def staff_set_role(*, user: User, role: Role | str) -> User:
    """Give a staff member one role: the role field, the matching group, and admin-site access if the role needs it."""
    role = Role(role)
    user.groups.remove(*Group.objects.filter(name__in=Role.values))
    user.groups.add(Group.objects.get(name=role.value))
    user.role = role
    user.is_staff = user.is_superuser or role in ADMIN_SITE_ROLES
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def staff_create(
    *,
    username: str,
    password: str,
    role: Role | str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    team: Team | None = None,
    company_wide: bool = False,
) -> User:
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        team=team,
        company_wide=company_wide,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return staff_set_role(user=user, role=role)


@transaction.atomic
def team_create(*, name: str, manager: User | None = None) -> Team:
    team = Team(name=name, manager=manager)
    team.full_clean()
    team.save()
    if manager is not None and manager.team_id != team.pk:
        manager.team = team
        manager.full_clean()
        manager.save(update_fields=["team"])
    return team


@transaction.atomic
def team_set_manager(*, team: Team, manager: User | None) -> Team:
    team.manager = manager
    team.full_clean()
    team.save(update_fields=["manager"])
    return team
