"""Projects' Celery tasks: thin wrappers over services, idempotent (a repeated run does the work once)."""

from celery import shared_task
from django.db import transaction


# Routed to the "pdf" queue and limited there by its name's pattern (decocrm/settings/tasks.py: *.tasks.render_*_pdf).
# A failure (the store or the database away, a stuck rendering) is retried with a growing delay: 1, 2, 4… minutes,
# at most 6 times; the acceptance it follows committed before and is never touched.
@shared_task(
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=60,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=6,
)
def render_acceptance_report_pdf(project_id: int):
    """The completion acceptance report of a completed project, rendered and filed in its customer's archive."""
    from .services.report_filing import acceptance_report_archive

    item = acceptance_report_archive(project_id=project_id)
    return item.pk if item is not None else None


@shared_task(acks_late=True)
def queue_missing_acceptance_reports():
    """Beat, daily (the catch-up behind queue_acceptance_report_pdf): the completed projects whose report is not yet
    filed get their rendering queued again; each run finds what is still missing, so a repeated run files nothing
    twice."""
    from .services.report_filing import projects_missing_their_report

    missing = projects_missing_their_report()
    for project_id in missing:
        render_acceptance_report_pdf.delay(project_id)
    return len(missing)


def schedule_periodic_tasks(app) -> None:
    # Daily rather than at a set hour; a backlog is dropped (expires): the next run finds the same projects.
    app.add_periodic_task(86400.0, queue_missing_acceptance_reports.s(), name="projects-missing-reports", expires=3600)


def queue_acceptance_report_pdf(project) -> None:
    """Queue the report's filing once the completion commits (a rolled-back completion queues nothing). A broker
    that cannot be reached is logged, never turned into an error of the committed completion."""
    transaction.on_commit(lambda: render_acceptance_report_pdf.delay(project.pk), robust=True)
