from django.db.models import Q
from django.utils.translation import gettext as _

from .choices import Role
from .models import StaffChange, StaffHandover, Team, User
from .roles import ADMIN_SITE_ROLES


def is_manager(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role == Role.MANAGER)


def is_company_manager(user) -> bool:
    """A manager who sees every team (company_wide), or a superuser."""
    return user.is_authenticated and (user.is_superuser or (user.role == Role.MANAGER and user.company_wide))


def _granted(permission: str) -> Q:
    app_label, _dot, codename = permission.partition(".")
    direct = Q(user_permissions__content_type__app_label=app_label, user_permissions__codename=codename)
    grouped = Q(groups__permissions__content_type__app_label=app_label, groups__permissions__codename=codename)
    return direct | grouped


def permission_holders(permission: str):
    """Active staff granted `permission` ("app_label.codename") directly or through a group (a capability group,
    roles.register_capability_group). Unlike `has_perm`, a superuser holds it only when granted it: a duty such as
    "quality control" is a person's, not every superuser's."""
    return User.objects.filter(is_active=True).filter(_granted(permission)).distinct()


def holds_permission(user, permission: str) -> bool:
    """Whether `user` is one of `permission_holders(permission)`; remembered on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return False
    cache = user.__dict__.setdefault("_granted_permissions", {})
    if permission not in cache:
        cache[permission] = permission_holders(permission).filter(pk=user.pk).exists()
    return cache[permission]


def team_managers(team_ids):
    """The managers of these teams: each team's named manager and the members whose role is manager (active)."""
    team_ids = [pk for pk in team_ids if pk is not None]
    return (
        User.objects.filter(is_active=True)
        .filter(Q(managed_teams__in=team_ids) | Q(role=Role.MANAGER, team_id__in=team_ids))
        .distinct()
    )


def managed_team_ids(user) -> frozenset[int]:
    """The teams `user` manages (named as their manager, or a manager who belongs to the team); remembered on the
    user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if "_managed_team_ids" not in user.__dict__:
        ids = set(Team.objects.filter(manager=user).values_list("pk", flat=True))
        if user.role == Role.MANAGER and user.team_id:
            ids.add(user.team_id)
        user.__dict__["_managed_team_ids"] = frozenset(ids)
    return user.__dict__["_managed_team_ids"]


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


def staff_handover_refusal(by, user) -> str | None:
    """Why `by` may not hand over `user`'s work, or None if they may: a company manager (or superuser) anyone's but
    their own, a team manager their own team's staff other than managers and archive clerks; a superuser's work
    only a superuser. Unlike visible_staff, a deactivated member is still handed over (they may have left already)."""
    if not by.is_authenticated or not by.is_active or not is_manager(by):
        return _("Only a manager may hand over a staff member's work.")
    if by.pk == user.pk:
        return _("You may not hand over your own work.")
    if by.is_superuser:
        return None
    if user.is_superuser:
        return _("Only a superuser may hand over a superuser's work.")
    if is_company_manager(by):
        return None
    if by.team_id is None or user.team_id != by.team_id:
        return _("This staff member is not in your team.")
    if user.role in ADMIN_SITE_ROLES or user.company_wide:
        return _("Only a company manager may hand over the work of a manager or an archive clerk.")
    return None


def handover_staff(by):
    """Staff whose work `by` may hand over (active or not), for the page's choice."""
    qs = User.objects.select_related("team").exclude(pk=by.pk)
    if by.is_superuser:
        return qs
    qs = qs.filter(is_superuser=False)
    if is_company_manager(by):
        return qs
    if not is_manager(by) or by.team_id is None:
        return qs.none()
    return qs.filter(team_id=by.team_id, company_wide=False).exclude(role__in=ADMIN_SITE_ROLES)


def visible_staff_handovers(user):
    """Hand-over records: company managers see all, team managers those of their team's staff, others none."""
    qs = StaffHandover.objects.select_related("by", "from_user", "from_user__team")
    if is_company_manager(user):
        return qs
    if is_manager(user) and user.team_id:
        return qs.filter(from_user__team_id=user.team_id)
    return qs.none()
