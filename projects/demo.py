"""The projects demo (registered with seed_demo, decocrm.core.demo): every project signing started that has no
project manager yet gets the demo PM (`pm`), its stages planned evenly over the contract's dates and its schedule
filed, so the team's manager can approve or return it from the project page. Idempotent."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from decocrm.accounts.choices import Role

from . import services
from .choices import ProjectState
from .models import Project


def even_dates(project) -> dict:
    """{stage code: (start, end)}: the stages one after another over the project's planned dates."""
    stages = list(project.stages.all())
    span = (project.planned_end - project.planned_start).days + 1
    dates = {}
    for index, stage in enumerate(stages):
        start = project.planned_start + timedelta(days=span * index // len(stages))
        end = project.planned_start + timedelta(days=max(span * (index + 1) // len(stages) - 1, 0))
        dates[stage.code] = (start, max(start, end))
    return dates


@transaction.atomic
def seed(*, scale=0, log=print):
    if scale:
        return
    users = get_user_model().objects
    pm = users.filter(username="pm", role=Role.PROJECT_MANAGER).first()
    boss = users.filter(role=Role.MANAGER, company_wide=True, is_active=True).first()
    if pm is None or boss is None:
        return
    filed = 0
    for project in Project.objects.filter(state=ProjectState.PLANNING, manager__isnull=True):
        services.project_assign_manager(project=project, manager=pm, by=boss)
        services.project_plan_stages(project=project, by=pm, dates=even_dates(project), workers="吴工长班组")
        services.project_submit_schedule(project=project, by=pm)
        filed += 1
    log(f"Projects demo: {filed} schedules filed for review ({Project.objects.count()} projects in all).")
