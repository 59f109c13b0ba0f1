"""Projects' Celery tasks: thin wrappers over services, idempotent (a repeated run does the work once)."""

from celery import shared_task


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
