"""Archive KPIs for managers [seed 002: 档案上交及时率和完整率 into the department heads' assessment; violations per
person per month, 一月内累计违规 doubles the fine]: handover timeliness (the on-time rate of the archive clocks) and
violations (their late clocks) by team, by person and by month, and completeness by team.

Read from the SLA engine's daily outcome rows (decocrm.sla.reports: ClockOutcomeDay, one row per day, kind, owner and
team), scoped like the overdue dashboard (visible_outcomes: a company manager every team, a team manager their team):
a fixed handful of queries whatever the number of clocks."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from decocrm.accounts.models import Team
from decocrm.accounts.selectors import is_manager
from decocrm.sla.reports import on_time_rates, on_time_rates_by_person, visible_outcomes

# The archive clocks: the sales file's handover (contracts starts it), the after-sales file's handover and the
# correction of a defect found in a file (registered by the archive's handover ledger).
ARCHIVE_CLOCK_KINDS = ("archive_handover", "archive_aftersales_file", "archive_defect_fix")
TREND_MONTHS = 12
REPEAT_VIOLATIONS = 2  # from the second violation in a month the fine doubles [seed 002 档案管理 §6]


def can_read_archive_kpis(user) -> bool:
    return is_manager(user)


def month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def months_back(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


@dataclass
class ArchiveKpis:
    month: date
    by_team: list = field(default_factory=list)
    by_person: list = field(default_factory=list)
    by_month: list = field(default_factory=list)
    completeness: dict = field(default_factory=dict)

    def sheet_rows(self):
        """The XLSX rows: section, item, on time, late (violations), on-time rate."""
        for title, rows, name in (
            (_("By team"), self.by_team, "team_name"),
            (_("By person"), self.by_person, "owner_name"),
            (_("By month"), self.by_month, "month_label"),
        ):
            for row in rows:
                yield [title, row[name], row["on_time"], row["late"], row["rate"]]


def archive_outcomes(user, start: date, end: date):
    return visible_outcomes(user).filter(kind__in=ARCHIVE_CLOCK_KINDS, day__gte=start, day__lte=end)


def _with_team_names(rows):
    names = dict(Team.objects.filter(pk__in=[r["team_id"] for r in rows]).values_list("pk", "name"))
    for row in rows:
        row["team_name"] = row["label"] = names.get(row["team_id"]) or _("No team")
    return sorted(rows, key=lambda row: (row["rate"] is None, row["rate"] or 0))


def archive_kpis(user, month: date) -> ArchiveKpis:
    """The month's timeliness by team and by person (late = violations), and the trend of the twelve months ending
    with it. Five queries."""
    outcomes = archive_outcomes(user, month, month_end(month))
    by_person = on_time_rates_by_person(outcomes)
    for row in by_person:
        row["repeat"] = (row["late"] or 0) >= REPEAT_VIOLATIONS
        row["label"] = row["owner_name"]
    by_person.sort(key=lambda row: (-(row["late"] or 0), row["owner_name"]))
    trend = archive_outcomes(user, months_back(month, TREND_MONTHS - 1), month_end(month))
    by_month = on_time_rates(trend.annotate(month=TruncMonth("day")), "month")
    for row in by_month:
        row["month_label"] = row["label"] = row["month"].strftime("%Y-%m")
    return ArchiveKpis(
        month=month,
        by_team=_with_team_names(on_time_rates(outcomes, "team_id")),
        by_person=by_person,
        by_month=by_month,
        completeness=file_completeness_by_team(user),
    )


def file_completeness_by_team(user=None) -> dict:
    """{team name: the share (%) of the required documents received} over the kept files the user sees (all with no
    user), by the team of the customer's owner (files of customers without one under "—"): one aggregate query over
    the checklists' required documents."""
    from django.db.models import Count, Q

    from .choices import FileState
    from .models import ArchiveFile, ArchiveItem
    from .selectors import visible_files

    files = visible_files(user) if user is not None else ArchiveFile.objects.all()
    rows = (
        ArchiveItem.objects.filter(required=True, file__in=files.filter(state=FileState.OPEN).values("pk"))
        .values("file__customer__owner__team__name")
        .annotate(required=Count("pk"), received=Count("pk", filter=Q(received=True)))
        .order_by("file__customer__owner__team__name")
    )
    return {
        row["file__customer__owner__team__name"] or "—": round(100 * row["received"] / row["required"]) for row in rows
    }
