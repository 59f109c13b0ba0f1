"""Complaints' Celery tasks and their beat entries (registered from ComplaintsConfig.ready(), as contracts does)."""

from celery import shared_task


@shared_task(acks_late=True)
def open_monthly_statistics():
    """Beat, hourly: on (or after) the 1st, the past month's statistics report is opened with its clock, once."""
    from .services.statistics import statistics_open_month

    report = statistics_open_month()
    return report.pk if report else None


def schedule_periodic_tasks(app) -> None:
    # Hourly, computed from state: a run repeated, or the first one after downtime, opens each month once.
    app.add_periodic_task(3600.0, open_monthly_statistics.s(), name="complaints-monthly-statistics", expires=3000)
