"""Customers' Celery tasks and their beat entries (registered from CustomersConfig.ready(), as complaints does)."""

from celery import shared_task


@shared_task(acks_late=True)
def notify_cleanup_owners():
    """Beat, daily: each owner hears of their customers to clean up once a month (the first run of each month;
    the dedupe key makes a repeated run, or one after downtime, tell nobody twice)."""
    from .services.cleanup import cleanup_notify_owners

    return cleanup_notify_owners()


def schedule_periodic_tasks(app) -> None:
    app.add_periodic_task(86400.0, notify_cleanup_owners.s(), name="customers-monthly-cleanup", expires=82800)
