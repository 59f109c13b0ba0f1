"""Every read of after-sales a user sees, scoped. After-sales staff and customer relations revisit every customer;
a team manager sees the team's, a company manager all; anyone else their own (the revisits they hold or did, the
revisit clocks they hold)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from decocrm.core.scopes import Scope
from decocrm.sla.choices import ClockState
from decocrm.sla.kinds import clock_kind_label
from decocrm.sla.models import Clock

from .choices import REVISIT_CLOCK_KINDS
from .models import Revisit, RevisitPoint
from .permissions import REVISITOR_ROLES

REVISIT_SCOPE = Scope(owner="assignee", team="team", assigned=("done_by",), everyone=REVISITOR_ROLES)
REVISIT_CLOCK_SCOPE = Scope(owner="owner", team="team", everyone=REVISITOR_ROLES)
DUE_STATES = (ClockState.RUNNING, ClockState.PAUSED, ClockState.BREACHED)


def visible_revisits(user):
    return REVISIT_SCOPE.filter(Revisit.objects.select_related("customer", "done_by", "assignee"), user)


def due_revisits(user):
    """The revisits due (their clocks open), soonest first: the revisit queue."""
    qs = Clock.objects.filter(kind__in=REVISIT_CLOCK_KINDS, state__in=DUE_STATES).select_related("owner")
    return REVISIT_CLOCK_SCOPE.filter(qs, user).order_by("due_at", "pk")


def open_points_of(user):
    """The raised points this person answers, oldest first."""
    return (
        RevisitPoint.objects.filter(owner=user, answered_at__isnull=True)
        .select_related("revisit__customer")
        .order_by("pk")
    )


def revisit_rates(user, *, months=6, now=None):
    """Revisits done on time against those due, by kind, by the clock's holder and by month of the due date, over
    the last `months` months (clocks due by now, or done already): three aggregate queries over the revisit clocks
    the user sees."""
    now = now or timezone.now()
    since = (timezone.localtime(now) - timedelta(days=31 * months)).replace(day=1, hour=0, minute=0, second=0)
    fell_due = Q(due_at__lte=now) | Q(state__in=(ClockState.MET, ClockState.MET_LATE))  # done early counts
    due = REVISIT_CLOCK_SCOPE.filter(
        Clock.objects.filter(fell_due, kind__in=REVISIT_CLOCK_KINDS, due_at__gte=since).exclude(
            state=ClockState.CANCELLED
        ),
        user,
    )
    by_kind = _rates(due, "kind")
    for row in by_kind:
        row["label"] = clock_kind_label(row["kind"])
    by_person = _rates(due, "owner", "owner__first_name", "owner__last_name", "owner__username")
    for row in by_person:
        row["label"] = f"{row['owner__last_name']}{row['owner__first_name']}" or row["owner__username"] or "—"
    return {
        "by_kind": by_kind,
        "by_person": by_person,
        "by_month": _rates(due.annotate(month=TruncMonth("due_at")), "month"),
    }


def _rates(due, *keys):
    figures = {
        "due": Count("pk"),
        "on_time": Count("pk", filter=Q(state=ClockState.MET)),
        "late": Count("pk", filter=Q(state=ClockState.MET_LATE)),
    }
    out = []
    for row in due.values(*keys).annotate(**figures).order_by(*keys):
        done = row["on_time"] + row["late"]
        row["missed"] = row["due"] - done
        row["on_time_rate"] = round(100 * row["on_time"] / row["due"])
        row["done_rate"] = round(100 * done / row["due"])
        out.append(row)
    return out
