"""A leaving project manager's open projects (decocrm/accounts/handover.py), each through project_assign_manager
(which checks who may and tells the new project manager and the one replaced). The project's running clocks, and
those of its open quality issues and delay notices, are the project manager's: they follow the new one
(sla.services.clock_hand_over)."""

from django.utils.translation import gettext_lazy as _

from decocrm.accounts.choices import Role
from decocrm.accounts.handover import register_staff_handover
from decocrm.sla.services import clock_hand_over

from .choices import CLOSED_STATES
from .models import Project
from .services.planning import project_assign_manager

HANDOVER_ROLES = (Role.PROJECT_MANAGER,)


def managed_project_count(user) -> int:
    return Project.objects.filter(manager=user).exclude(state__in=CLOSED_STATES).count()


def hand_over_projects(*, from_user, to_user, by, at) -> int:
    projects = list(Project.objects.filter(manager=from_user).exclude(state__in=CLOSED_STATES).order_by("pk"))
    for project in projects:
        project = project_assign_manager(project=project, manager=to_user, by=by, at=at)
        for subject in (project, *project.quality_issues.all(), *project.delays.all()):
            clock_hand_over(subject=subject, to_owner=to_user, at=at, by=by)
    return len(projects)


def register() -> None:
    register_staff_handover(
        "projects", _("Open projects (as project manager)"), count=managed_project_count,
        hand_over=hand_over_projects, roles=HANDOVER_ROLES, order=30,
    )  # fmt: skip
