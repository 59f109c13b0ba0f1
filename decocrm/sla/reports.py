"""Aggregates for the overdue dashboard: a fixed handful of queries whatever the number of clocks.

- Overdue and due-today counts come from the open clocks, grouped by kind, person and team: on PostgreSQL one
  GROUPING SETS query (one scan of the breached clocks), elsewhere one query per grouping.
- On-time rates and the trend come from ClockOutcomeDay (a row per day, kind, owner and team), never from the
  clocks themselves.
"""

from datetime import timedelta

from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.accounts.models import User
from decocrm.core.dates import FILTER_DATE

from .choices import ClockState
from .models import ClockOutcomeDay


def today_bounds(now=None):
    now = timezone.localtime(now or timezone.now())
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def _active(qs, now):
    start, end = today_bounds(now)
    return qs.filter(Q(state=ClockState.BREACHED) | Q(state=ClockState.RUNNING, due_at__gte=start, due_at__lt=end))


def overdue_counts(qs, now=None):
    """{"kind": rows, "owner": rows, "team": rows}; each row has the group's id (and name), breached, due_today."""
    now = now or timezone.now()
    active = _active(qs, now)
    if connection.vendor == "postgresql":
        return _overdue_counts_grouping_sets(active, now)
    start, end = today_bounds(now)
    counts = {
        "breached": Count("id", filter=Q(state=ClockState.BREACHED)),
        "due_today": Count("id", filter=Q(state=ClockState.RUNNING, due_at__gte=start, due_at__lt=end)),
    }
    groups = {
        "kind": ["kind"],
        "owner": ["owner_id", "owner__username", "owner__last_name", "owner__first_name"],
        "team": ["team_id", "team__name"],
    }
    result = {}
    for name, fields in groups.items():
        rows = active.values(*fields).annotate(**counts).order_by("-breached", "-due_today")
        result[name] = [_rename(row) for row in rows]
    return result


def _rename(row):
    return {key.replace("owner__", "owner_").replace("team__", "team_"): value for key, value in row.items()}


def _overdue_counts_grouping_sets(active, now):
    start, end = today_bounds(now)
    inner, params = active.values("kind", "owner_id", "team_id", "state", "due_at").query.sql_with_params()
    sql = f"""
        SELECT GROUPING(c.kind) AS g_kind, GROUPING(c.owner_id) AS g_owner, c.kind, c.owner_id, u.username,
               u.last_name, u.first_name, c.team_id, t.name,
               COUNT(*) FILTER (WHERE c.state = %s) AS breached,
               COUNT(*) FILTER (WHERE c.state = %s AND c.due_at >= %s AND c.due_at < %s) AS due_today
          FROM ({inner}) c
          LEFT JOIN accounts_user u ON u.id = c.owner_id
          LEFT JOIN accounts_team t ON t.id = c.team_id
         GROUP BY GROUPING SETS ((c.kind), (c.owner_id, u.username, u.last_name, u.first_name), (c.team_id, t.name))
         ORDER BY breached DESC, due_today DESC
    """  # noqa: S608 - the inner query is Django's own SQL; values are parameters
    result = {"kind": [], "owner": [], "team": []}
    with connection.cursor() as cursor:
        cursor.execute(sql, [ClockState.BREACHED, ClockState.RUNNING, start, end, *params])
        for g_kind, g_owner, kind, owner_id, username, last, first, team_id, team_name, breached, due in cursor:
            counts = {"breached": breached, "due_today": due}
            if not g_kind:
                result["kind"].append({"kind": kind, **counts})
            elif not g_owner:
                result["owner"].append(
                    {
                        "owner_id": owner_id,
                        "owner_username": username,
                        "owner_last_name": last,
                        "owner_first_name": first,
                        **counts,
                    }
                )
            else:
                result["team"].append({"team_id": team_id, "team_name": team_name, **counts})
    return result


def visible_outcomes(user):
    from decocrm.accounts.selectors import is_company_manager, is_manager

    qs = ClockOutcomeDay.objects.all()
    if is_company_manager(user):
        return qs
    if is_manager(user) and user.team_id:
        return qs.filter(Q(team_id=user.team_id) | Q(owner_id=user.pk))
    return qs.filter(owner_id=user.pk)


ROLLING_DAYS = 7  # the trend's rolling rate: a week, so that a day with one or two clocks does not swing it
MAX_TREND_DAYS = 366  # a longer filter range shows its last year on the chart (the tables cover all of it)


def window_bounds(*, due_from=None, due_to=None, days=30, now=None):
    """The first and last day the on-time rates cover: the filter's dates, else the last `days` days."""
    today = timezone.localtime(now or timezone.now()).date()
    return due_from or today - timedelta(days=days), due_to or today


def outcomes_window(
    outcomes, *, team=None, owner=None, kind=None, due_from=None, due_to=None, days=30, now=None, lead_in_days=0
):
    """The outcome rows behind the on-time rates: the last `days` days (or the filter's date range, within
    FILTER_DATE: a ValidationError names a date outside it). `lead_in_days`: that many days before the window as
    well, for a rolling rate that is whole from the window's first day."""
    FILTER_DATE.check(due_from, field="due_from", label=_("Due from"))
    FILTER_DATE.check(due_to, field="due_to", label=_("Due to"))
    start, end = window_bounds(due_from=due_from, due_to=due_to, days=days, now=now)
    outcomes = outcomes.filter(day__gte=start - timedelta(days=lead_in_days), day__lte=end)
    if team is not None:
        outcomes = outcomes.filter(team_id=team.pk)
    if owner is not None:
        outcomes = outcomes.filter(owner_id=owner.pk)
    if kind:
        outcomes = outcomes.filter(kind=kind)
    return outcomes


def _with_rate(rows):
    for row in rows:
        total = (row["on_time"] or 0) + (row["late"] or 0)
        row["total"] = total
        row["rate"] = round(100 * row["on_time"] / total, 1) if total else None
    return rows


def on_time_rates(outcomes, group_by):
    rows = outcomes.values(group_by).annotate(on_time=Sum("on_time"), late=Sum("late")).order_by(group_by)
    return _with_rate(list(rows))


def on_time_rates_by_person(outcomes):
    rows = on_time_rates(outcomes, "owner_id")
    names = {
        u["id"]: u
        for u in User.objects.filter(pk__in=[r["owner_id"] for r in rows]).values(
            "id", "username", "last_name", "first_name"
        )
    }
    for row in rows:
        user = names.get(row["owner_id"], {})
        row["owner_name"] = (user.get("last_name", "") + user.get("first_name", "")) or user.get("username", "")
        if not row["owner_id"]:
            # Clocks that never had an owner (a new lead waiting for one): the company's miss, not a person's.
            row["owner_name"] = _("In the pool")
    return rows


def on_time_trend(outcomes, *, start, end, rolling_days=ROLLING_DAYS):
    """The trend chart's data, one row per day from `start` to `end` (days without a clock included): the day's
    volume (`total`, clocks met or missed that day), its own rate, and the rate over the `rolling_days` days ending
    that day (`rolling_rate`, over `rolling_total` clocks), which a manager reads as the trend. `outcomes` should
    reach `rolling_days - 1` days before `start` (outcomes_window's lead_in_days); rows outside are not shown.
    One query."""
    start = max(start, end - timedelta(days=MAX_TREND_DAYS - 1))
    by_day = {row["day"]: row for row in on_time_rates(outcomes, "day")}
    rows, window = [], []
    first = start - timedelta(days=rolling_days - 1)
    for offset in range(max((end - first).days + 1, 0)):
        day = first + timedelta(days=offset)
        row = by_day.get(day, {"on_time": 0, "late": 0, "total": 0, "rate": None})
        window = [*window, row][-rolling_days:]
        if day < start:
            continue
        on_time, total = sum(r["on_time"] or 0 for r in window), sum(r["total"] for r in window)
        rows.append(
            {
                "day": day.isoformat(),
                "rate": row["rate"],
                "total": row["total"],
                "rolling_rate": round(100 * on_time / total, 1) if total else None,
                "rolling_total": total,
            }
        )
    return rows
