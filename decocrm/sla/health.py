"""Is the SLA sweep keeping up? Its last run (recorded by tasks.sweep_clocks in decocrm.core.runs) against
settings.SLA_SWEEP_LATE_AFTER (5 minutes): read fresh by the health check (/healthz/sweep) and the metrics,
through the shared cache by the managers' dashboard (one cached lookup per page)."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from decocrm.core.runs import periodic_run_finished_at, periodic_run_last

SWEEP_RUN = "sla-sweep"


@dataclass(frozen=True)
class SweepStatus:
    last_at: datetime | None  # when the last sweep ended well; None: never
    now: datetime

    @property
    def age_seconds(self) -> float | None:
        return None if self.last_at is None else max((self.now - self.last_at).total_seconds(), 0.0)

    @property
    def late(self) -> bool:
        return self.last_at is None or self.now - self.last_at > settings.SLA_SWEEP_LATE_AFTER


def sweep_status(*, cached: bool = False) -> SweepStatus:
    """`cached`: for pages (may be CACHE_TTL seconds old); the health check and the metrics read the row."""
    if cached:
        last_at = periodic_run_finished_at(SWEEP_RUN)
    else:
        run = periodic_run_last(SWEEP_RUN)
        last_at = run.finished_at if run else None
    return SweepStatus(last_at=last_at, now=timezone.now())
