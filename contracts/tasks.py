"""Contracts' Celery tasks and their beat entries (registered from ContractsConfig.ready(), as leads does)."""

from celery import shared_task


@shared_task(acks_late=True)
def notify_overdue_receivables():
    """Beat, daily: the payments overdue since yesterday are told to their salesperson and managers, once."""
    from .services.receivable_notices import notify_overdue_receivables

    return notify_overdue_receivables()


def schedule_periodic_tasks(app) -> None:
    # Hourly is enough for "the day after the due date", and catches up after downtime: each notice goes once.
    app.add_periodic_task(3600.0, notify_overdue_receivables.s(), name="contracts-overdue-receivables", expires=3000)
