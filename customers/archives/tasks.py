"""The archive's Celery tasks and their beat entries (scheduled from ArchivesConfig.ready(), as complaints does):
thin wrappers over services, computed from state, so a repeated run or the first one after downtime does each
thing once (the notices' dedupe keys)."""

from celery import shared_task


@shared_task(acks_late=True)
def notify_overdue_borrowings():
    """Beat, hourly: the borrower and the clerk of every file out past its due date are told, once per borrowing."""
    from .services.borrowing import notify_overdue_borrowings as notify

    return notify()


@shared_task(acks_late=True)
def fill_missing_retention():
    """Beat, daily: a file without its keep-until date gets it (from its last activity)."""
    from .services.retention import fill_missing_retention as fill

    return fill()


def schedule_periodic_tasks(app) -> None:
    # Hourly rather than once at a set hour: the first run of a day (or after downtime) sends the day's notices,
    # the others find them sent. A backlog is dropped (expires): the next run does the same work.
    app.add_periodic_task(3600.0, notify_overdue_borrowings.s(), name="archives-overdue-borrowings", expires=3000)
    app.add_periodic_task(86400.0, fill_missing_retention.s(), name="archives-fill-retention", expires=3600)
