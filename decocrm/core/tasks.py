import logging

from celery import shared_task
from django.utils import timezone

from .import_jobs import IMPORT_TASK, import_job_run
from .runs import HEARTBEAT_RUN, periodic_run_record

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def heartbeat():
    """Beat's proof of life: one log line a minute in the worker log, and its stamp for the metrics (/metrics)."""
    now = timezone.localtime()
    logger.info("DecoCRM heartbeat %s", now.isoformat(timespec="seconds"))
    periodic_run_record(name=HEARTBEAT_RUN, started_at=now, finished_at=now)
    return now.isoformat()


@shared_task(name=IMPORT_TASK, ignore_result=True, acks_late=True, time_limit=30 * 60, soft_time_limit=29 * 60)
def run_import_job(job_id):
    """A large import (decocrm.core.import_jobs): a thin wrapper over the service, which runs a job once."""
    job = import_job_run(job_id=job_id)
    return job.state
