"""Aggregates for the overdue dashboard: a fixed handful of queries whatever the number of clocks.

- Overdue and due-today counts come from the open clocks, grouped by kind, person and team: one query (the
  breached clocks' part an index-only scan), kept between writes in the shared cache (decocrm.core.figures).
- On-time rates and the trend come from ClockOutcomeDay (a row per day, kind, owner and team), never from the
  clocks themselves.
"""

import hashlib
from datetime import timedelta

from django.db.models import Count, Q, Sum, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from decocrm.accounts.models import Team, User
from decocrm.core.dates import FILTER_DATE
from decocrm.core.figures import cached_figures, scope_key

from .choices import ClockState
from .kinds import clock_kind_choices
from .models import ClockOutcomeDay


def today_bounds(now=None):
    now = timezone.localtime(now or timezone.now())
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


OVERDUE_FIGURES = "sla-overdue"  # decocrm.core.figures: dropped on every clock saved (apps.py) and by the sweep


def dashboard_figures(user, scoped, chosen: dict, now=None) -> dict:
    """Everything the overdue dashboard shows but its list of breaches: the overdue and due-today counts of the
    scoped clocks (`scoped`: the user's clocks with the filters applied; `chosen`: those filters' values) by kind,
    person and team with their totals, and the on-time rates and trend of the outcome days. Kept between writes
    (decocrm.core.figures) under the scoped query's SQL, the filters, the day and the language: every clock the
    services save drops them (apps.py), and so does a sweep that breached or escalated anything (sweep.sla_sweep:
    its SQL sends no signal). A cold read runs six queries, a warm one none."""
    start, _end = today_bounds(now)
    filters = sorted((name, getattr(value, "pk", value)) for name, value in chosen.items())
    query = hashlib.sha256(f"{scoped.order_by().query}|{filters}".encode()).hexdigest()
    return cached_figures(
        OVERDUE_FIGURES,
        scope_key(user),
        query,
        start.isoformat(),
        translation.get_language(),
        compute=lambda: _dashboard_figures(user, scoped, chosen, now),
    )


def _dashboard_figures(user, scoped, chosen, now):
    kind_labels = dict(clock_kind_choices())
    counts = overdue_counts(scoped, now)
    for row in counts["kind"]:
        row["label"] = str(kind_labels.get(row["kind"], row["kind"]))
    outcomes = outcomes_window(visible_outcomes(user), **chosen)
    # The trend reads a week before the window too, so its rolling rate is whole from the first day shown.
    trend_outcomes = outcomes_window(visible_outcomes(user), **chosen, lead_in_days=ROLLING_DAYS - 1)
    first_day, last_day = window_bounds(due_from=chosen.get("due_from"), due_to=chosen.get("due_to"))
    rates_by_kind = on_time_rates(outcomes, "kind")
    for row in rates_by_kind:
        row["label"] = str(kind_labels.get(row["kind"], row["kind"]))
    return {
        "by_kind": counts["kind"],
        "by_person": counts["owner"],
        "by_team": counts["team"],
        "totals": {
            "breached": sum(row["breached"] for row in counts["kind"]),
            "due_today": sum(row["due_today"] for row in counts["kind"]),
        },
        "rates_by_person": [{**row, "owner_name": str(row["owner_name"])} for row in on_time_rates_by_person(outcomes)],
        "rates_by_kind": rates_by_kind,
        "trend": on_time_trend(trend_outcomes, start=first_day, end=last_day),
    }


def overdue_counts(qs, now=None):
    """{"kind": rows, "owner": rows, "team": rows}; each row has the group's id (and name), breached, due_today."""
    start, end = today_bounds(now)
    return _overdue_counts(qs, start, end)


def _overdue_counts(qs, start, end):
    """One query: the breached clocks (an index-only scan of sla_clock_breach_list) and those due today, each
    grouped by kind, owner and team, in a UNION ALL; the groups (a few hundred at most) are added up here by kind,
    by person and by team, and named with two small queries."""
    base = qs.order_by().values("kind", "owner_id", "team_id")
    breached = base.filter(state=ClockState.BREACHED).annotate(breached=Count("*"), due_today=Value(0))
    due_today = base.filter(state=ClockState.RUNNING, due_at__gte=start, due_at__lt=end).annotate(
        breached=Value(0), due_today=Count("*")
    )
    totals = {"kind": {}, "owner": {}, "team": {}}
    for row in breached.union(due_today, all=True):
        for name, key in (("kind", row["kind"]), ("owner", row["owner_id"]), ("team", row["team_id"])):
            group = totals[name].setdefault(key, {"breached": 0, "due_today": 0})
            group["breached"] += row["breached"]
            group["due_today"] += row["due_today"]
    owners = {
        user["id"]: user
        for user in User.objects.filter(pk__in=[k for k in totals["owner"] if k]).values(
            "id", "username", "last_name", "first_name"
        )
    }
    teams = dict(Team.objects.filter(pk__in=[k for k in totals["team"] if k]).values_list("id", "name"))

    def ordered(groups, row):
        rows = [{**row(key), **counts} for key, counts in groups.items()]
        return sorted(rows, key=lambda r: (-r["breached"], -r["due_today"]))

    def owner_row(pk):
        user = owners.get(pk, {})
        return {
            "owner_id": pk,
            "owner_username": user.get("username"),
            "owner_last_name": user.get("last_name"),
            "owner_first_name": user.get("first_name"),
        }

    return {
        "kind": ordered(totals["kind"], lambda kind: {"kind": kind}),
        "owner": ordered(totals["owner"], owner_row),
        "team": ordered(totals["team"], lambda pk: {"team_id": pk, "team_name": teams.get(pk)}),
    }


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
