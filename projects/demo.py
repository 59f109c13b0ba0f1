"""The projects demo (registered with seed_demo, decocrm.core.demo): every project signing started that has no
project manager yet gets the demo PM (`pm`), its stages planned evenly over the contract's dates, and is played by
its contract's plot (contracts/demo.py PLOTS): left in planning, its schedule filed, returned or approved by the
team's manager, under way with a failed hidden-works acceptance awaiting its re-inspection and weekly updates
overdue, or completed — every stage accepted, site photos, the care handover and the acceptance report. A
terminated contract's project is stopped already. Idempotent: a project with a PM is left as it is."""

import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from contracts.demo import PLOTS, evening
from decocrm.accounts.choices import Role
from decocrm.sla.sweep import sla_sweep

from . import services
from .choices import ProjectState
from .models import Project

PLOT_BY_AGE = {days: plot for plot, days in PLOTS}
ALL_THERE = {"customer_attended": True, "designer_attended": True, "manager_attended": True}


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


def site_photo(name, color):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _review(project, pm, boss, plot, at):
    services.project_submit_schedule(project=project, by=pm, at=at)
    if plot == "returned":
        services.project_review_schedule(
            project=project, by=boss, approve=False, note="水电与木工工期重叠，请错开后再报", at=at + timedelta(hours=2)
        )
    elif plot != "submitted":
        services.project_review_schedule(
            project=project, by=boss, approve=True, note="同意", at=at + timedelta(hours=2)
        )


def _accept(stage, pm, day, **fields):
    return services.acceptance_record(stage=stage, by=pm, held_on=day, at=evening(day), **{**ALL_THERE, **fields})


def _work(project, pm, dates, *, complete: bool):
    """Start and accept the stages on their planned dates, a weekly update at each acceptance; the hidden works
    with photos. complete=False: the hidden-works acceptance fails (re-inspection pending) and the updates stop."""
    today = timezone.localdate()
    stages = list(project.stages.all())
    for number, stage in enumerate(stages, start=1):
        start, end = dates[stage.code]
        services.stage_start(stage=stage, by=pm, started_on=start, at=evening(start))
        photos = [site_photo(f"{stage.code}.png", (120, 90 + 10 * number, 60))] if stage.code == "hidden_works" else []
        if not complete and stage.code == "hidden_works":
            _accept(stage, pm, end, result="failed", issues="卫生间闭水试验渗漏，需重做防水",
                    rectify_by=today + timedelta(days=3), photos=photos, designer_attended=False)  # fmt: skip
            return
        last = number == len(stages)
        care = {"care_manual": True, "care_training": True, "care_received_by": f"{project.customer.name}（业主）",
                "care_note": "讲解了墙面、木地板、定制柜的日常保养"} if last else {}  # fmt: skip
        _accept(stage, pm, end, result="passed", photos=photos, **care)
        if not last:
            services.progress_update_post(
                project=project, by=pm, text=f"{stage.name}完成并验收，下周进入下一阶段",
                percent_complete=round(100 * number / len(stages)), at=evening(end) + timedelta(hours=1),
                photos=[site_photo("progress.png", (60, 120, 160))] if number == 1 else [],
            )  # fmt: skip


def _under_way_extras(project, pm):
    """The project blocked at its hidden works: a quality issue answered, a delay notice given late (a breach)."""
    first_start = project.actual_start
    issue = services.quality_issue_raise(
        project=project, by=pm, description="客厅墙面有裂缝", at=evening(first_start + timedelta(days=12))
    )
    services.quality_issue_respond(
        issue=issue,
        by=pm,
        response="明日派泥工查看并修补",
        at=evening(first_start + timedelta(days=12)) + timedelta(hours=2),
    )
    effective = timezone.localdate() + timedelta(days=1)
    services.delay_notice_give(
        project=project, by=pm, what_changes="防水返工，泥瓦阶段顺延一周", cause="company",
        cause_detail="闭水试验未通过", effective_on=effective, new_end=project.planned_end + timedelta(days=7),
    )  # fmt: skip


@transaction.atomic
def seed(*, scale=0, log=print):
    if scale:
        return
    users = get_user_model().objects
    pm = users.filter(username="pm", role=Role.PROJECT_MANAGER).first()
    boss = users.filter(username="manager", role=Role.MANAGER, is_active=True).first()
    boss = boss or users.filter(role=Role.MANAGER, company_wide=True, is_active=True).first()
    if pm is None or boss is None:
        return
    today, played = timezone.localdate(), {}
    fresh = Project.objects.filter(state=ProjectState.PLANNING, manager__isnull=True).select_related("contract")
    for project in fresh.order_by("contract__created_at", "pk"):
        plot = PLOT_BY_AGE.get((today - timezone.localdate(project.contract.created_at)).days, "submitted")
        at = evening(project.contract.signed_on) + timedelta(hours=1)
        services.project_assign_manager(project=project, manager=pm, by=boss, at=at)
        dates = even_dates(project)
        services.project_plan_stages(project=project, by=pm, dates=dates, workers="吴工长班组", inspector="质检 钱工")
        if plot != "planning":
            _review(project, pm, boss, plot, at + timedelta(hours=1))
        if plot in ("completed", "construction"):
            _work(project, pm, dates, complete=plot == "completed")
        if plot == "construction":
            _under_way_extras(Project.objects.get(pk=project.pk), pm)
        played[plot] = played.get(plot, 0) + 1
    if played:
        sla_sweep(now=timezone.now())  # the overdue updates and the late notice show as breaches at once
    log(f"Projects demo: {played} ({Project.objects.count()} projects in all).")
