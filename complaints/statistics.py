"""The monthly complaint statistics page's figures [seed 002 §2.8, 第二十七条]: counts by category, severity and team,
the on-time rate of each complaint clock, and a 12-month trend, over the complaints the user sees (customer
relations and company managers: the company; a team manager: their team). A fixed handful of queries whatever the
number of complaints."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.sla.choices import ClockState
from decocrm.sla.kinds import clock_kind_label
from decocrm.sla.selectors import clocks_of_model

from .choices import Category, Severity
from .clocks import COMPLAINT_CLOSURE, COMPLAINT_FEEDBACK, COMPLAINT_SOLUTION, MAJOR_ESCALATION, REVISIT_POST_COMPLAINT
from .models import Complaint
from .selectors import visible_complaints
from .services.statistics import local_midnight, month_start, next_month

CLOCK_KINDS = (COMPLAINT_SOLUTION, MAJOR_ESCALATION, COMPLAINT_FEEDBACK, COMPLAINT_CLOSURE, REVISIT_POST_COMPLAINT)
TREND_MONTHS = 12


def _rate(part, whole):
    return round(100 * part / whole) if whole else None


@dataclass
class MonthReport:
    month: date
    total: int = 0
    major: int = 0
    closed: int = 0
    justified: int = 0
    by_category: list = field(default_factory=list)
    by_severity: list = field(default_factory=list)
    by_team: list = field(default_factory=list)
    on_time: list = field(default_factory=list)
    trend: list = field(default_factory=list)

    def chart_data(self) -> dict:
        return {
            "labels": [row["month"] for row in self.trend],
            "total": [row["total"] for row in self.trend],
            "major": [row["major"] for row in self.trend],
        }

    def sheet_rows(self):
        """(section, item, complaints, on-time %) rows for the XLSX export."""
        yield _("Total"), self.month.strftime("%Y-%m"), self.total, None
        for section, rows in ((_("Category"), self.by_category), (_("Severity"), self.by_severity),
                              (_("Team"), self.by_team)):  # fmt: skip
            for row in rows:
                yield section, row["label"], row["count"], None
        for row in self.on_time:
            yield _("On time"), row["label"], row["due"], row["rate"]
        for row in self.trend:
            yield _("Trend"), row["month"], row["total"], None


def month_report(user, month: date) -> MonthReport:
    start, end = local_midnight(month_start(month)), local_midnight(next_month(month_start(month)))
    base = visible_complaints(user).filter(received_at__gte=start, received_at__lt=end)
    report = MonthReport(month=month_start(month))
    totals = base.aggregate(
        total=Count("pk"),
        major=Count("pk", filter=Q(severity=Severity.MAJOR)),
        closed=Count("pk", filter=Q(state="closed")),
        justified=Count("pk", filter=Q(justified=True)),
    )
    report.total, report.major = totals["total"], totals["major"]
    report.closed, report.justified = totals["closed"], totals["justified"]
    categories = dict(Category.choices)
    for row in base.order_by().values("category").annotate(n=Count("pk")).order_by("-n", "category"):
        label = categories.get(row["category"]) or _("Not classified yet")
        report.by_category.append({"key": row["category"], "label": str(label), "count": row["n"]})
    severities = dict(Severity.choices)
    for row in base.order_by().values("severity").annotate(n=Count("pk")).order_by("severity"):
        report.by_severity.append({"key": row["severity"], "label": str(severities[row["severity"]]),
                                   "count": row["n"]})  # fmt: skip
    for row in base.order_by().values("team_id", "team__name").annotate(n=Count("pk")).order_by("-n", "team__name"):
        report.by_team.append({"key": row["team_id"], "label": row["team__name"] or _("No team"), "count": row["n"]})
    report.on_time = _on_time(base)
    report.trend = _trend(user, month_start(month))
    return report


def _on_time(base) -> list:
    """Per clock kind, over the clocks of the month's complaints: met on time / decided (met, met late, overdue).
    Clocks closed uncounted (handed over, cancelled) are not decided."""
    rows = (
        clocks_of_model(Complaint)
        .filter(object_id__in=base.values("pk"), kind__in=CLOCK_KINDS)
        .order_by()
        .values("kind")
        .annotate(
            met=Count("pk", filter=Q(state=ClockState.MET)),
            late=Count("pk", filter=Q(state__in=(ClockState.MET_LATE, ClockState.BREACHED))),
        )
    )
    found = {row["kind"]: row for row in rows}
    result = []
    for kind in CLOCK_KINDS:
        row = found.get(str(kind), {"met": 0, "late": 0})
        due = row["met"] + row["late"]
        result.append({"kind": str(kind), "label": clock_kind_label(kind), "met": row["met"], "late": row["late"],
                       "due": due, "rate": _rate(row["met"], due)})  # fmt: skip
    return result


def _trend(user, last: date) -> list:
    first = last
    for _step in range(TREND_MONTHS - 1):
        first = month_start(first - timedelta(days=1))
    rows = (
        visible_complaints(user)
        .filter(received_at__gte=local_midnight(first), received_at__lt=local_midnight(next_month(last)))
        .annotate(m=TruncMonth("received_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("m")
        .annotate(total=Count("pk"), major=Count("pk", filter=Q(severity=Severity.MAJOR)))
    )
    found = {timezone.localtime(row["m"]).date() if hasattr(row["m"], "hour") else row["m"]: row for row in rows}
    trend, month = [], first
    while month <= last:
        row = found.get(month, {"total": 0, "major": 0})
        trend.append({"month": month.strftime("%Y-%m"), "total": row["total"], "major": row["major"]})
        month = next_month(month)
    return trend
