"""Projects, quality issues and delay notices as clock subjects: the project manager owns their clocks (the weekly
progress update, the quality issue's response and rectification, the delay notice's lead time)."""

from django.utils.translation import gettext_lazy as _

from decocrm.core.coded_text import CodedTexts
from decocrm.sla.notes import register_clock_event_texts
from decocrm.sla.subjects import register_clock_subject

from .models import DelayNotice, Project, QualityIssue

PROJECT_COMPLETED = "project_completed"
PROJECT_STOPPED = "project_stopped"

PROJECT_CLOCK_TEXTS = CodedTexts(
    {
        PROJECT_COMPLETED: _("project completed"),
        PROJECT_STOPPED: _("project stopped: contract %(number)s terminated"),
    }
)


def project_label(project) -> str:
    return f"{project.contract.number or project.contract_id} · {project.customer.name}"


def register() -> None:
    register_clock_event_texts(PROJECT_CLOCK_TEXTS)
    register_clock_subject(
        Project, owner="manager", team="team", customer="customer_id", label=project_label, url="get_absolute_url"
    )
    for model in (QualityIssue, DelayNotice):
        register_clock_subject(
            model,
            owner=lambda row: row.project.manager,
            team=lambda row: row.project.team,
            customer=lambda row: row.project.customer_id,
            label=lambda row: project_label(row.project),
            url=lambda row: row.project.get_absolute_url(),
        )
