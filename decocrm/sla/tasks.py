from datetime import date

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from decocrm.core.runs import periodic_run_record

from . import services
from .health import SWEEP_RUN
from .sweep import sla_sweep


@shared_task(ignore_result=True)
def sweep_clocks():
    """Beat runs this every minute (with an expiry, so a backlog of ticks is dropped, not replayed). A run that
    ended well is recorded: the health check, the metrics and the dashboard's banner tell when the sweep is late."""
    started_at = timezone.now()
    result = sla_sweep()
    periodic_run_record(name=SWEEP_RUN, started_at=started_at, finished_at=timezone.now())
    return result.as_dict()


@shared_task(ignore_result=True, acks_late=True)
def recompute_deadlines(changed_from: str, changed_to: str):
    return services.recompute_deadlines(
        changed_from=date.fromisoformat(changed_from), changed_to=date.fromisoformat(changed_to)
    )


def enqueue_recompute(changed_from: date, changed_to: date):
    """Calendar listener (registered in SlaConfig.ready): recompute after the calendar change commits."""
    transaction.on_commit(lambda: recompute_deadlines.delay(changed_from.isoformat(), changed_to.isoformat()))
