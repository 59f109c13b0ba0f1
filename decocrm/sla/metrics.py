"""The SLA engine's health in Prometheus' text format (/metrics): a custom collector read at scrape time from the
database, so every web process answers the same figures whatever worker did the work (no per-process counters).

    decocrm_sla_sweep_last_run_timestamp_seconds       when the last sweep ended well (Unix time)
    decocrm_sla_sweep_last_duration_seconds            how long it took
    decocrm_sla_sweep_late                             1 when it ended more than SLA_SWEEP_LATE_AFTER ago (or never)
    decocrm_sla_clocks{kind,state}                     running and breached clocks, by kind (0 for a quiet kind)
    decocrm_notifications{channel,state}               notices pending / failed, by channel (email, webhook)
    decocrm_notifications_oldest_undelivered_age_seconds   age of the oldest notice still pending on a channel
    decocrm_beat_heartbeat_timestamp_seconds           beat's last heartbeat (decocrm.core.tasks.heartbeat)
"""

from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from decocrm.core.runs import HEARTBEAT_RUN, periodic_run_last
from decocrm.notifications.choices import DeliveryState
from decocrm.notifications.models import Notification

from .choices import ClockState
from .health import SWEEP_RUN, SweepStatus
from .kinds import clock_kind_choices
from .models import Clock

CLOCK_STATES = (ClockState.RUNNING, ClockState.BREACHED)
CHANNELS = ("email", "webhook")
NOTICE_STATES = (DeliveryState.PENDING, DeliveryState.FAILED)


def _gauge(name, documentation, value=None, labels=None):
    family = GaugeMetricFamily(name, documentation, labels=labels)
    if value is not None:
        family.add_metric([], value)
    return family


class SlaHealthCollector:
    """Four queries per scrape: the sweep's run, the heartbeat's, one GROUP BY of the open clocks, one aggregate
    over the notices."""

    def collect(self):
        yield from self._sweep()
        yield self._clocks()
        yield from self._notices()
        heartbeat = periodic_run_last(HEARTBEAT_RUN)
        yield _gauge(
            "decocrm_beat_heartbeat_timestamp_seconds",
            "When beat's heartbeat task last ran (Unix time).",
            heartbeat.finished_at.timestamp() if heartbeat else None,
        )

    def _sweep(self):
        run = periodic_run_last(SWEEP_RUN)
        status = SweepStatus(last_at=run.finished_at if run else None, now=timezone.now())
        yield _gauge(
            "decocrm_sla_sweep_last_run_timestamp_seconds",
            "When the last SLA sweep ended well (Unix time).",
            status.last_at.timestamp() if status.last_at else None,
        )
        duration = run.duration if run else None
        yield _gauge("decocrm_sla_sweep_last_duration_seconds", "How long the last SLA sweep took.", duration)
        yield _gauge(
            "decocrm_sla_sweep_late", "1 when the last SLA sweep is older than the allowed delay (or none ran).",
            int(status.late),
        )  # fmt: skip

    def _clocks(self):
        family = GaugeMetricFamily("decocrm_sla_clocks", "Service clocks running or breached, by kind.",
                                   labels=["kind", "state"])  # fmt: skip
        counts = dict.fromkeys(((kind, state) for kind, _label in clock_kind_choices() for state in CLOCK_STATES), 0)
        rows = Clock.objects.filter(state__in=CLOCK_STATES).values_list("kind", "state").annotate(n=Count("id"))
        for kind, state, n in rows.order_by():
            counts[(kind, state)] = n
        for (kind, state), n in sorted(counts.items()):
            family.add_metric([kind, str(state)], n)
        return family

    def _notices(self):
        pending = Q(email_state=DeliveryState.PENDING) | Q(webhook_state=DeliveryState.PENDING)
        aggregates = {
            f"{channel}_{state}": Count("id", filter=Q(**{f"{channel}_state": state}))
            for channel in CHANNELS
            for state in NOTICE_STATES
        }
        figures = Notification.objects.aggregate(**aggregates, oldest=Min("created_at", filter=pending))
        family = GaugeMetricFamily("decocrm_notifications", "Notices pending or failed, by delivery channel.",
                                   labels=["channel", "state"])  # fmt: skip
        for channel in CHANNELS:
            for state in NOTICE_STATES:
                family.add_metric([channel, str(state)], figures[f"{channel}_{state}"])
        yield family
        oldest = figures["oldest"]
        yield _gauge(
            "decocrm_notifications_oldest_undelivered_age_seconds",
            "Age of the oldest notice still pending on a channel (0: none).",
            max((timezone.now() - oldest).total_seconds(), 0.0) if oldest else 0.0,
        )


def metrics_text() -> bytes:
    """A fresh registry per scrape: nothing is kept between scrapes, nothing shared between processes."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(SlaHealthCollector())
    return generate_latest(registry)
