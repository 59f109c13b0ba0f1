"""The last run of each periodic task that monitoring watches (decocrm.core.models.PeriodicRun).

- `periodic_run_record(name=..., started_at=..., finished_at=...)`: a task wrapper calls it when its run has ended
  well (an upsert: one row per task, whatever the number of workers);
- `periodic_run_last(name)`: the row, read now (health checks and metrics: always fresh);
- `periodic_run_finished_at(name)`: when it last ended, through the shared cache (pages: one cached lookup; the
  recording worker refreshes the cached value, so only a process without the shared cache waits for the TTL).
"""

from datetime import datetime

from django.core.cache import cache

from .models import PeriodicRun

CACHE_TTL = 30  # seconds
HEARTBEAT_RUN = "beat-heartbeat"  # decocrm.core.tasks.heartbeat


def _cache_key(name: str) -> str:
    return f"decocrm:periodic-run:{name}"


def periodic_run_record(*, name: str, started_at: datetime, finished_at: datetime) -> None:
    duration = max((finished_at - started_at).total_seconds(), 0.0)
    # INSERT ... ON CONFLICT (name) DO UPDATE: concurrent workers never race on "create if missing".
    PeriodicRun.objects.bulk_create(
        [PeriodicRun(name=name, started_at=started_at, finished_at=finished_at, duration=duration)],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["started_at", "finished_at", "duration"],
    )
    cache.set(_cache_key(name), {"finished_at": finished_at}, CACHE_TTL)


def periodic_run_last(name: str) -> PeriodicRun | None:
    return PeriodicRun.objects.filter(name=name).first()


def periodic_run_finished_at(name: str) -> datetime | None:
    def read():
        run = periodic_run_last(name)
        return {"finished_at": run.finished_at if run else None}  # a dict, so "never ran" is cached too

    return cache.get_or_set(_cache_key(name), read, CACHE_TTL)["finished_at"]
