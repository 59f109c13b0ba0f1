"""Every write of projects (ENGINEERING.md rule 1)."""

from .common import ProjectPermissionError, ProjectStateError
from .planning import (
    on_contract_signed,
    project_assign_manager,
    project_plan_stages,
    project_review_schedule,
    project_start,
    project_submit_schedule,
)
from .records import (
    delay_notice_give,
    progress_update_post,
    quality_issue_confirm,
    quality_issue_raise,
    quality_issue_rectify,
    quality_issue_respond,
)
from .stages import acceptance_record, stage_start, start_refusal
from .stopping import on_contract_terminated, project_stop

__all__ = [
    "ProjectPermissionError",
    "ProjectStateError",
    "acceptance_record",
    "delay_notice_give",
    "on_contract_signed",
    "on_contract_terminated",
    "progress_update_post",
    "project_assign_manager",
    "project_plan_stages",
    "project_review_schedule",
    "project_start",
    "project_stop",
    "project_submit_schedule",
    "quality_issue_confirm",
    "quality_issue_raise",
    "quality_issue_rectify",
    "quality_issue_respond",
    "stage_start",
    "start_refusal",
]
