"""The clocks' "due soon" warnings still to send (models.ClockWarning): added with the clock, moved with its warning
time, taken by the sweep's warn step (sweep.py)."""

from django.db import connection

from .choices import ClockState
from .models import ClockWarning


def warning_add(clock):
    """A clock just started: its warning waits for the sweep."""
    ClockWarning.objects.create(clock=clock, warn_at=clock.warn_at)


def warning_move(clock):
    """The clock's warning time moved (a resume, a recompute): its pending warning, if it was not sent yet, follows."""
    ClockWarning.objects.filter(clock=clock).update(warn_at=clock.warn_at)


def queue_pending_warnings(*, now) -> int:
    """For code that writes clock rows in bulk around clock_start (the demo's and the benchmarks' seeding): every open
    clock without a pending warning gets one if its warning time is still ahead of `now` (a paused clock's: of its
    pause); those whose time passed count as warned. One statement; returns the rows added."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO sla_clockwarning (clock_id, warn_at) SELECT c.id, c.warn_at FROM sla_clock c"
            " WHERE c.state IN (%s, %s) AND c.warn_at > COALESCE(c.paused_at, %s)"
            " AND NOT EXISTS (SELECT 1 FROM sla_clockwarning q WHERE q.clock_id = c.id)",
            [ClockState.RUNNING.value, ClockState.PAUSED.value, connection.ops.adapt_datetimefield_value(now)],
        )
        return cursor.rowcount
