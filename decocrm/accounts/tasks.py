"""Accounts' Celery tasks and their beat entries (registered from AccountsConfig.ready(), as leads/tasks.py does)."""

from celery import shared_task
from celery.schedules import crontab


@shared_task(acks_late=True)
def clear_expired_sessions():
    """Beat, daily: delete expired sessions. They live in the database (settings.SESSION_ENGINE), one row per sign-in,
    and Django never deletes them by itself: thousands of staff signing in daily leave millions of rows a year."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def schedule_periodic_tasks(app) -> None:
    app.add_periodic_task(
        crontab(hour=3, minute=40), clear_expired_sessions.s(), name="accounts-clear-expired-sessions", expires=6 * 3600
    )
