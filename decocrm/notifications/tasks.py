import logging
from dataclasses import asdict

from celery import shared_task

from .delivery import notifications_deliver_due

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def deliver_notifications() -> dict:
    """Deliver one batch of due notifications; enqueue another run while more are due.

    Enqueued after commit by services.schedule_delivery() and run every minute by beat (which picks up retries).
    Runs may overlap safely: each claims its own rows.
    """
    report = notifications_deliver_due()
    if report.claimed:
        logger.info("Notifications delivered: %s", report)
    if report.more_due:
        deliver_notifications.delay()
    return asdict(report)
