import logging

from celery import shared_task
from django.utils import timezone

from .services import calendar_warn_admins, calendar_years_refresh

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def calendar_daily_check():
    """Daily (beat): refill this and next year if a newer package knows them; tell admins about a provisional
    year (from 1 November for next year). Idempotent: notices are deduplicated per admin and year."""
    today = timezone.localdate()
    calendar_years_refresh(today=today)
    sent = calendar_warn_admins(today=today)
    if sent:
        logger.warning("Working-day calendar: %s notices about an unconfirmed year stored.", sent)
    return sent
