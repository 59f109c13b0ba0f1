"""Every read of projects that a user sees, scoped: its project manager, the contract's salesperson, the lead's
designer, the team's managers and the company managers."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from contracts.models import Contract
from customers.models import Customer
from decocrm.accounts.choices import Role
from decocrm.core.scopes import Scope
from decocrm.core.timeline import timeline
from decocrm.sla.choices import OPEN_STATES, ClockKind
from decocrm.sla.selectors import clocks_for_page, clocks_of_model

from .choices import CLOSED_STATES as PROJECT_CLOSED_STATES
from .choices import AcceptanceResult, ProjectState
from .models import Acceptance, AcceptancePhoto, DelayNotice, ProgressUpdate, Project, QualityIssue, Stage

RECENT_UPDATES = 5

PROJECT_SCOPE = Scope(owner="manager", team="team", assigned=("contract__owner", "contract__lead__designer"))


def visible_projects(user):
    return PROJECT_SCOPE.filter(Project.objects.select_related("customer", "contract", "manager"), user)


def _current_stage(field):
    """The first stage under way or blocked (what the next acceptance is of)."""
    current = Stage.objects.filter(project=OuterRef("pk"), actual_start__isnull=False).exclude(
        last_result=AcceptanceResult.PASSED
    )
    return Subquery(current.order_by("position").values(field)[:1])


def my_projects(user, *, now=None):
    """The projects this user sees, the ones needing the PM first: a blocked stage, then an overdue weekly update,
    then by the planned end of the stage under way (the next acceptance); completed ones last."""
    now = now or timezone.now()
    overdue = clocks_of_model(Project).filter(
        object_id=OuterRef("pk"), kind=ClockKind.PROGRESS_UPDATE, state__in=OPEN_STATES, due_at__lt=now
    )
    blocked = Stage.objects.filter(project=OuterRef("pk"), last_result=AcceptanceResult.FAILED)
    # The customer and the contract are read for the page's rows only (prefetched): joined into the sorting query,
    # PostgreSQL hashes both whole tables before the sort (it expects most projects to pass the scope's OR).
    return (
        visible_projects(user)
        .select_related(None)
        .select_related("manager")
        .prefetch_related(
            Prefetch("customer", Customer.objects.only("name")),
            Prefetch("contract", Contract.objects.only("number")),
        )
        .annotate(
            blocked=Exists(blocked),
            update_overdue=Exists(overdue),
            done=Q(state__in=PROJECT_CLOSED_STATES),
            next_stage=_current_stage("name"),
            next_due=_current_stage("planned_end"),
            rectify_by=_current_stage("rectify_by"),
        )
        .order_by("done", "-blocked", "-update_overdue", F("next_due").asc(nulls_last=True), "-created_at", "-pk")
    )


def projects_for_page(user):
    """Scoped, with everything the project page shows in a constant number of queries."""
    return (
        visible_projects(user)
        .select_related("team", "care_handover__given_by")
        .prefetch_related(
            "stages",
            Prefetch("quality_issues", QualityIssue.objects.order_by("-raised_at", "-pk")),
            Prefetch("delays", DelayNotice.objects.select_related("stage", "given_by").order_by("-given_at", "-pk")),
        )
    )


def project_page_context(project) -> dict:
    stages = list(project.stages.all())
    acceptances = list(Acceptance.objects.filter(stage__project=project).order_by("-recorded_at", "-pk"))
    # Each acceptance's stage is one of the project's, already read; its photos are read in one query and handed
    # out by hand (photo_list): a prefetch builds a manager and a queryset per acceptance, a third of the list's cost.
    by_pk, photos = {stage.pk: stage for stage in stages}, defaultdict(list)
    for photo in AcceptancePhoto.objects.filter(acceptance__in=[a.pk for a in acceptances]) if acceptances else ():
        photos[photo.acceptance_id].append(photo)
    for acceptance in acceptances:
        acceptance.stage, acceptance.photo_list = by_pk[acceptance.stage_id], photos[acceptance.pk]
    updates = (
        ProgressUpdate.objects.filter(project=project)
        .select_related("posted_by")
        .prefetch_related("photos")
        .order_by("-posted_at", "-pk")[:RECENT_UPDATES]
    )
    open_clocks, all_clocks = clocks_for_page(project)
    return {
        "project": project,
        "stages": stages,
        "today_percent": today_position(project, timezone.localdate()),
        "acceptances": acceptances,
        "updates": updates,
        "delays": project.delays.all(),
        "issues": project.quality_issues.all(),
        "clocks": open_clocks,
        "timeline": timeline(project, subject_clocks=all_clocks),
        "archived_report": _archived_report(project),
    }


def _archived_report(project):
    """The acceptance report filed in the customer's archive (one query, on a completed project's page only)."""
    from .services.report_filing import archived_acceptance_report

    return archived_acceptance_report(project) if project.state == ProjectState.COMPLETED else None


def today_position(project, today):
    """Where today falls on the planned span, in percent (None outside it)."""
    span = (project.planned_end - project.planned_start).days
    if span <= 0 or not project.planned_start <= today <= project.planned_end:
        return None
    return round(100 * (today - project.planned_start).days / span)


def schedule_reviewers(project):
    """Who may review the project's schedule (permissions.can_manage_project): the active managers of its team and
    the company-wide managers."""
    team = Q(team_id=project.team_id) if project.team_id else Q(pk__in=[])
    return get_user_model().objects.filter(is_active=True, role=Role.MANAGER).filter(Q(company_wide=True) | team)
