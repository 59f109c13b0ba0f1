"""What projects tell the customer archive (customers.archives.hooks): which customers reached construction (a
project started) and completion (a project completed), so that their files ask for those stages' documents; the
customer's projects in their transaction history."""

from django.utils.translation import gettext as _

from customers.archives.choices import DocumentStage
from customers.archives.hooks import register_archive_history_source, register_archive_stage

from .choices import ProjectState
from .models import Project

STARTED = [ProjectState.IN_PROGRESS, ProjectState.COMPLETED]


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
