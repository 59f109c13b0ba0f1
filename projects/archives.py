"""What projects tell the customer archive (customers.archives.hooks): which customers reached construction (a
project started) and completion (a project completed), so that their files ask for those stages' documents; the
customer's projects in their transaction history."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.archives.choices import DocumentStage
from customers.archives.hooks import register_archive_history_source, register_archive_stage, register_system_document

from .choices import ProjectState
from .models import Project

STARTED = [ProjectState.IN_PROGRESS, ProjectState.COMPLETED]
# The completion acceptance report the software renders and files (services/report_filing.py), on the kind the
# archive seeds for it.
COMPLETION_REPORT = "completion_report"


def construction_reached(customer_ids) -> set:
    qs = Project.objects.filter(customer_id__in=customer_ids, state__in=STARTED)
    return set(qs.values_list("customer_id", flat=True))


def completion_reached(customer_ids) -> set:
    qs = Project.objects.filter(customer_id__in=customer_ids, state=ProjectState.COMPLETED)
    return set(qs.values_list("customer_id", flat=True))


def project_history(customer) -> list[tuple]:
    return [
        (project.created_at, _("Project: %(state)s") % {"state": project.get_state_display()},
         project.get_absolute_url())
        for project in Project.objects.filter(customer=customer).order_by("-created_at")[:50]
    ]  # fmt: skip


def register() -> None:
    register_archive_stage(DocumentStage.CONSTRUCTION, reached=construction_reached)
    register_archive_stage(DocumentStage.COMPLETION, reached=completion_reached)
    register_archive_history_source(project_history)
    register_system_document(
        COMPLETION_REPORT,
        gettext_lazy("Completion acceptance report (filed when the final acceptance passes)"),
        seeded_kind="竣工验收报告",
    )
