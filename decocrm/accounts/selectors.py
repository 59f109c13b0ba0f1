from django.utils.translation import gettext as _

from .choices import Role
from .models import StaffChange, Team, User
from .roles import ADMIN_SITE_ROLES


def is_manager(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role == Role.MANAGER)


def is_company_manager(user) -> bool:
    """A manager who sees every team (company_wide), or a superuser."""
    return user.is_authenticated and (user.is_superuser or (user.role == Role.MANAGER and user.company_wide))


def can_change_company_settings(user, perm: str | None = None) -> bool:
    """Company-wide settings (SLA policies, the working-day calendar, districts) are changed by company managers and
    superusers only, and then only with the permission for the change; team managers may read them."""
    return is_company_manager(user) and (perm is None or user.has_perm(perm))


def visible_staff(user):
    """Staff a user may see: company managers see everyone, team managers their team, others themselves."""
    qs = User.objects.filter(is_active=True).select_related("team")
    if is_company_manager(user):
        return qs
    if is_manager(user) and user.team_id:
        return qs.filter(team_id=user.team_id)
    return qs.filter(pk=user.pk)


def visible_teams(user):
    """Company managers see every team; everyone else their own."""
    if is_company_manager(user):
        return Team.objects.all()
    return Team.objects.filter(pk=user.team_id) if user.is_authenticated and user.team_id else Team.objects.none()


def visible_staff_changes(user):
    """The account-change record of the staff a user may see."""
    return StaffChange.objects.filter(staff__in=visible_staff(user))


def assignable_roles(by) -> list[Role]:
    """The roles `by` may give. Manager and archive clerk carry admin-site powers (and the clerk sees every
    customer), so only company managers and superusers give them."""
    if is_company_manager(by):
        return list(Role)
    return [role for role in Role if role not in ADMIN_SITE_ROLES]


def staff_change_refusal(by, user) -> str | None:
    """Why `by` may not change `user`'s role or team, or None if they may.

    Superusers may change anyone. A manager changes only staff they see (a team manager their team, a company
    manager everyone), never their own account, a superuser or a company manager; a team manager also leaves alone
    the staff who hold a role with admin-site powers (managers, archive clerks)."""
    if by.is_superuser:
        return None
    if not (by.is_active and is_manager(by)):
        return _("Only a manager may change a staff member's role or team.")
    if by.pk == user.pk:
        return _("You may not change your own role or team.")
    if user.is_superuser or user.company_wide:
        return _("Only a superuser may change a superuser's or a company manager's account.")
    if not visible_staff(by).filter(pk=user.pk).exists():
        return _("This staff member is not in your team.")
    if not is_company_manager(by) and user.role in ADMIN_SITE_ROLES:
        return _("Only a company manager may change the role or team of a manager or an archive clerk.")
    return None


def can_change_staff(by, user) -> bool:
    return staff_change_refusal(by, user) is None
