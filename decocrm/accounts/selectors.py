from .choices import Role
from .models import User


def is_manager(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role == Role.MANAGER)


def is_company_manager(user) -> bool:
    """A manager who sees every team (company_wide), or a superuser."""
    return user.is_authenticated and (user.is_superuser or (user.role == Role.MANAGER and user.company_wide))


def visible_staff(user):
    """Staff a user may see: company managers see everyone, team managers their team, others themselves."""
    qs = User.objects.filter(is_active=True).select_related("team")
    if is_company_manager(user):
        return qs
    if is_manager(user) and user.team_id:
        return qs.filter(team_id=user.team_id)
    return qs.filter(pk=user.pk)
