"""The monthly complaint statistics [seed 002 第二十七条: 每月初10日内填报投诉统计表]: on the 1st a beat task
opens the past month's report, whose clock (customer relations', due by the end of the 10th) stops when it is filed."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from decocrm.sla.services import clock_start, clock_stop

from ..clocks import COMPLAINT_STATISTICS
from ..models import MonthlyStatistics
from ..permissions import can_file_statistics
from .common import ComplaintPermissionError, ComplaintStateError


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1)


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def statistics_holder():
    """Customer relations file the statistics: the longest-serving active member (None: nobody yet)."""
    return User.objects.filter(role=Role.CUSTOMER_RELATIONS, is_active=True).order_by("date_joined", "pk").first()


def statistics_open_month(*, now=None) -> MonthlyStatistics | None:
    """Open the past month's report (idempotent: a second run, or a late one after downtime, opens nothing twice);
    its clock counts from the 1st at midnight whenever the task runs. Returns the report it opened, or None."""
    now = timezone.localtime(now or timezone.now())
    this_month = month_start(now.date())
    month = month_start(this_month - timedelta(days=1))
    if MonthlyStatistics.objects.filter(month=month).exists():
        return None
    try:
        with transaction.atomic():
            report = MonthlyStatistics.objects.create(month=month, created_at=now)
            holder = statistics_holder()
            clock_start(kind=COMPLAINT_STATISTICS, subject=report, at=local_midnight(this_month), owner=holder,
                        team=holder.team if holder else None)  # fmt: skip
    except IntegrityError:  # another run opened it meanwhile
        return None
    return report


@transaction.atomic
def statistics_file(*, report, by, summary="", at=None) -> MonthlyStatistics:
    """File the month's statistics (to the general manager); the clock stops, met or met late."""
    at = at or timezone.now()
    if not can_file_statistics(by):
        raise ComplaintPermissionError(_("Only customer relations or a company manager file the complaint statistics."))
    report = MonthlyStatistics.objects.select_for_update().get(pk=report.pk)
    if report.filed_at is not None:
        raise ComplaintStateError(_("These statistics are already filed."))
    if at < local_midnight(next_month(report.month)):
        raise ValidationError({"at": _("A month's statistics are filed once the month is over.")})
    report.filed_at, report.filed_by, report.summary = at, by, (summary or "").strip()
    report.full_clean()
    report.save()
    clock_stop(kind=COMPLAINT_STATISTICS, subject=report, at=at, by=by)
    return report
