"""Keeping ClockOutcomeDay in step with the clocks: a clock counts once, on its deadline's local day, as on time
(met by the deadline) or late (breached, or met late without having been swept as breached)."""

from django.db import connection
from django.db.models import F
from django.utils import timezone

from .choices import ClockState
from .models import ClockOutcomeDay

_UPSERT = """
    INSERT INTO sla_clockoutcomeday (day, kind, owner_id, team_id, on_time, late)
    SELECT {day}, c.kind, COALESCE(c.owner_id, 0), COALESCE(c.team_id, 0), {on_time}, {late}
      FROM {source}
     WHERE {where}
     GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, kind, owner_id, team_id)
    DO UPDATE SET on_time = sla_clockoutcomeday.on_time + excluded.on_time,
                  late = sla_clockoutcomeday.late + excluded.late
"""


def _day_sql():
    """The deadline's local date, as SQL plus its parameters (PostgreSQL passes the time zone as one)."""
    sql, params = connection.ops.datetime_cast_date_sql("c.due_at", (), timezone.get_current_timezone_name())
    return sql, list(params)


def breached_upsert_sql(*, source):
    """Set-based, for the sweep: every clock it just breached (rows of `source`, aliased c) counts late. Returns
    (sql, params), which the sweep runs in the statement that breaches the clocks."""
    day, day_params = _day_sql()
    return _UPSERT.format(day=day, on_time="0", late="COUNT(*)", source=source, where="1 = 1"), day_params


def count_stopped(clock):
    """For clock_stop: met counts on time; met late counts late unless the sweep already counted its breach."""
    if clock.state == ClockState.MET:
        field = "on_time"
    elif clock.state == ClockState.MET_LATE and clock.breached_at is None:
        field = "late"
    else:
        return
    key = {
        "day": timezone.localtime(clock.due_at).date(),
        "kind": clock.kind,
        "owner_id": clock.owner_id or 0,
        "team_id": clock.team_id or 0,
    }
    row, created = ClockOutcomeDay.objects.select_for_update().get_or_create(**key, defaults={field: 1})
    if not created:
        ClockOutcomeDay.objects.filter(pk=row.pk).update(**{field: F(field) + 1})


def rebuild_outcomes():
    """Recompute the whole table from the clocks (after a bulk import or a repair). Returns the rows written."""
    day, day_params = _day_sql()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sla_clockoutcomeday")
        cursor.execute(
            _UPSERT.format(
                day=day,
                on_time="SUM(CASE WHEN c.state = %s THEN 1 ELSE 0 END)",
                late="SUM(CASE WHEN c.state = %s THEN 0 ELSE 1 END)",
                source="sla_clock c",
                # A clock closed after it breached (handed over, cancelled) still counts late for its owner, as the
                # sweep counted it when it breached.
                where="(c.state IN (%s, %s, %s) OR c.breached_at IS NOT NULL)",
            ),
            [*day_params, ClockState.MET, ClockState.MET, ClockState.MET, ClockState.MET_LATE, ClockState.BREACHED],
        )
        rows = cursor.rowcount
    from decocrm.core.figures import bump_figures

    from .reports import OVERDUE_FIGURES

    bump_figures(OVERDUE_FIGURES)  # the dashboard keeps its on-time rates with its counts
    return rows
