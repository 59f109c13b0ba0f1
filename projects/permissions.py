"""Who may act on a project: predicates on its own fields (no query). The project manager runs it; the managers of
its team (or the company) may act for them and review the schedule; the contract's salesperson follows it."""

from decocrm.accounts.selectors import is_company_manager, is_manager


def can_manage_project(user, project) -> bool:
    if is_company_manager(user):
        return True
    return is_manager(user) and user.team_id is not None and project.team_id == user.team_id


def can_run_project(user, project) -> bool:
    if not user.is_authenticated:
        return False
    return project.manager_id == user.pk or can_manage_project(user, project)
