import logging

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def heartbeat():
    """Beat's proof of life: one log line a minute in the worker log."""
    now = timezone.localtime()
    logger.info("DecoCRM heartbeat %s", now.isoformat(timespec="seconds"))
    return now.isoformat()
