"""Every read of repair tickets that a user sees, scoped: the after-sales staff member it is assigned to (and every
after-sales staff member while it is unassigned), the managers of its team and the company, and the customer's
salesperson (read-only) with their team's manager.

Every read of after-sales a user sees, scoped. After-sales staff and customer relations revisit every customer;
a team manager sees the team's, a company manager all; anyone else their own (the revisits they hold or did, the
revisit clocks they hold)."""

from datetime import timedelta

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from customers.choices import CustomerClass
from customers.models import Customer
from customers.selectors import visible_customers
from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from decocrm.core.scopes import Scope
from decocrm.core.timeline import timeline
from decocrm.sla.choices import CLOSED_STATES as CLOSED_CLOCK_STATES
from decocrm.sla.choices import ClockState
from decocrm.sla.kinds import clock_kind_label
from decocrm.sla.models import Clock
from decocrm.sla.selectors import clocks_for_subject, clocks_of_model
from projects.choices import ProjectState
from projects.models import Project

from .choices import REVISIT_CLOCK_KINDS
from .hooks import revisit_case_counters
from .models import SCORE_FIELDS, RepairTicket, Revisit, RevisitPoint, Survey, TicketPhoto
from .next_due import DEADLINE_STATES
from .permissions import REVISITOR_ROLES
from .revisit_policy import MINIMUM_RATES, revisit_rate

TICKET_SCOPE = Scope(owner="technician", team=("team", "customer__owner__team"), assigned=("customer__owner",))


def visible_tickets(user):
    qs = RepairTicket.objects.select_related("customer", "technician")
    if not user.is_authenticated:
        return qs.none()
    condition = TICKET_SCOPE.q(user, RepairTicket)  # its alternatives through the customer: `pk IN (...)`
    if condition is None:
        return qs
    if user.role == Role.AFTER_SALES:
        condition |= Q(technician__isnull=True)
    return qs.filter(condition)


def my_tickets(user):
    """The tickets this user sees, by their next deadline (RepairTicket.next_due_at, overdue first), those without
    one after them (a closed ticket's deadline is its post-repair revisit). The list shows the open ones unless asked
    (filters.TicketFilter), over a partial index in deadline order. The next clock's kind is read for the rows
    shown only."""
    next_clock = clocks_of_model(RepairTicket).filter(object_id=OuterRef("pk"), state__in=DEADLINE_STATES)
    return (
        visible_tickets(user)
        .annotate(next_kind=Subquery(next_clock.order_by("due_at").values("kind")[:1]))
        .order_by(F("next_due_at").asc(nulls_last=True), "-requested_at", "-pk")
    )


def tickets_for_page(user):
    """Scoped, with everything the ticket page shows in a constant number of queries."""
    return visible_tickets(user).select_related(
        "customer__district", "project__contract", "warranty_item", "team", "recorded_by"
    )


def ticket_page_context(ticket) -> dict:
    photos = TicketPhoto.objects.filter(ticket=ticket).select_related("uploaded_by").order_by("uploaded_at", "pk")
    return {
        "ticket": ticket,
        "photos": photos,
        "clocks": clocks_for_subject(ticket).exclude(state__in=CLOSED_CLOCK_STATES),
        "timeline": timeline(ticket, photos=photos),
    }


def intake_customers():
    """Whom a repair is recorded for: the customers the company built for (a project of theirs exists). Any
    after-sales staff member or manager may record for any of them (one service desk for the company)."""
    return Customer.objects.filter(Exists(Project.objects.filter(customer=OuterRef("pk")))).select_related("district")


def completed_projects(customer):
    return (
        Project.objects.filter(customer=customer, state=ProjectState.COMPLETED)
        .select_related("contract")
        .prefetch_related("contract__warranty_items")
        .order_by("-created_at", "-pk")
    )


REVISIT_SCOPE = Scope(owner="assignee", team="team", assigned=("done_by",), everyone=REVISITOR_ROLES)
REVISIT_CLOCK_SCOPE = Scope(owner="owner", team="team", everyone=REVISITOR_ROLES)
DUE_STATES = (ClockState.RUNNING, ClockState.PAUSED, ClockState.BREACHED)


def visible_revisits(user):
    return REVISIT_SCOPE.filter(Revisit.objects.select_related("customer", "done_by", "assignee"), user)


def due_revisits(user):
    """The revisits due (their clocks open), soonest first: the revisit queue."""
    qs = Clock.objects.filter(kind__in=REVISIT_CLOCK_KINDS, state__in=DUE_STATES).select_related("owner")
    return REVISIT_CLOCK_SCOPE.filter(qs, user).order_by("due_at", "pk")


def recent_revisits(user):
    """The revisits recorded last that the user sees, newest first (under the queue)."""
    return visible_revisits(user).filter(done_at__isnull=False).order_by("-done_at", "-pk")


def open_points_of(user):
    """The raised points this person answers, oldest first."""
    return (
        RevisitPoint.objects.filter(owner=user, answered_at__isnull=True)
        .select_related("revisit__customer")
        .order_by("pk")
    )


def revisit_rates(user, *, months=6, now=None):
    """Revisits done on time against those due, by kind, by the clock's holder and by month of the due date, over
    the last `months` months (clocks due by now, or done already): one aggregate query over the revisit clocks the
    user sees (an index-only scan, migration 0004), grouped by all three and summed here for each table, and the
    holders' names."""
    now = now or timezone.now()
    since = (timezone.localtime(now) - timedelta(days=31 * months)).replace(day=1, hour=0, minute=0, second=0)
    fell_due = Q(due_at__lte=now) | Q(state__in=(ClockState.MET, ClockState.MET_LATE))  # done early counts
    due = REVISIT_CLOCK_SCOPE.filter(
        Clock.objects.filter(fell_due, kind__in=REVISIT_CLOCK_KINDS, due_at__gte=since).exclude(
            state=ClockState.CANCELLED
        ),
        user,
    )
    groups = list(
        due.annotate(month=TruncMonth("due_at"))
        .values("kind", "owner", "month")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(state=ClockState.MET)),
            late=Count("pk", filter=Q(state=ClockState.MET_LATE)),
        )
        .order_by()
    )  # grouped by ids only (no join), so that PostgreSQL hashes the groups instead of sorting every clock
    by_kind = _rates(groups, "kind")
    for row in by_kind:
        row["label"] = clock_kind_label(row["kind"])
    by_person = _rates(groups, "owner")
    names = User.objects.filter(pk__in=[row["owner"] for row in by_person if row["owner"]]).in_bulk()
    for row in by_person:
        holder = names.get(row["owner"])
        row["label"] = (f"{holder.last_name}{holder.first_name}" or holder.username) if holder else "—"
    return {
        "by_kind": by_kind,
        "by_person": by_person,
        "by_month": _rates(groups, "month"),
        "achieved": achieved_revisit_rates(user, since=since),
    }


# The cases a manager counts for the achieved rate: their team's (a company manager's: all).
CASE_SCOPE = Scope(owner=None, team="team")


def closed_tickets_by_month(user, since):
    """The repair tickets closed from `since` on by month of closing, and how many of them were revisited."""
    closed = CASE_SCOPE.filter(RepairTicket.objects.filter(closed_at__gte=since), user)
    return (
        closed.annotate(month=TruncMonth("closed_at"))
        .values("month")
        .annotate(closed=Count("pk"), revisited=Count("pk", filter=Q(revisit_done_at__isnull=False)))
        .order_by("month")
    )


def achieved_revisit_rates(user, *, since):
    """Per kind of case (revisit_policy) and month of closing: revisited cases / closed cases against the policy's
    rate, flagged below it; one aggregate query per kind (hooks.register_revisit_cases)."""
    rows = []
    for kind, (label, counter) in revisit_case_counters().items():
        policy = revisit_rate(kind)
        for row in counter(user, since):
            closed, revisited = row["closed"], row["revisited"]
            rows.append({
                "kind": kind, "label": label, "month": row["month"], "closed": closed, "revisited": revisited,
                "rate": round(100 * revisited / closed) if closed else None, "policy": policy,
                "minimum": MINIMUM_RATES.get(kind), "below": revisited * 100 < policy * closed,
            })  # fmt: skip
    return rows


def _rates(groups, *keys):
    """The groups summed by `keys`, in the keys' order (no holder last, as PostgreSQL sorted NULL), with the rates."""
    sums = {}
    for group in groups:
        key = tuple(group[k] for k in keys)
        row = sums.setdefault(key, {**dict(zip(keys, key, strict=True)), "due": 0, "on_time": 0, "late": 0})
        for figure in ("due", "on_time", "late"):
            row[figure] += group[figure]
    out = []
    for key in sorted(sums, key=lambda key: [(value is None, value if value is not None else 0) for value in key]):
        row = sums[key]
        done = row["on_time"] + row["late"]
        row["missed"] = row["due"] - done
        row["on_time_rate"] = round(100 * row["on_time"] / row["due"])
        row["done_rate"] = round(100 * done / row["due"])
        out.append(row)
    return out


# --- Satisfaction surveys

SURVEY_SCOPE = Scope(owner="created_by", team="team", assigned=("staff",), everyone=REVISITOR_ROLES)


def visible_surveys(user):
    return SURVEY_SCOPE.filter(Survey.objects.select_related("customer", "staff", "created_by"), user)


def _nps(promoters, detractors, answered):
    return round(100 * (promoters - detractors) / answered) if answered else None


def survey_results(user, *, months=12, now=None):
    """Average scores and NPS (promoters 9–10 minus detractors 0–6, in % of answers) of the answered surveys the
    user sees, by whose service, by month and by what was surveyed: three aggregate queries."""
    now = now or timezone.now()
    since = now - timedelta(days=31 * months)
    answered = visible_surveys(user).filter(answered_at__gte=since, answered_at__lte=now)
    figures = {
        "answered": Count("pk"),
        **{f"avg_{name}": Avg(name) for name in SCORE_FIELDS},
        "avg_recommend": Avg("recommend"),
        "promoters": Count("pk", filter=Q(recommend__gte=9)),
        "detractors": Count("pk", filter=Q(recommend__lte=6)),
    }

    def rows(qs, *keys, limit=None):
        out = []
        for row in qs.values(*keys).annotate(**figures).order_by(*keys)[:limit]:
            row["nps"] = _nps(row["promoters"], row["detractors"], row["answered"])
            out.append(row)
        return out

    total = answered.aggregate(**figures)
    total["nps"] = _nps(total["promoters"], total["detractors"], total["answered"])
    by_staff = rows(answered, "staff", "staff__last_name", "staff__first_name", "staff__username")
    for row in by_staff:
        row["label"] = f"{row['staff__last_name'] or ''}{row['staff__first_name'] or ''}" or row["staff__username"]
    return {
        "total": total,
        "by_staff": by_staff,
        "by_month": rows(answered.annotate(month=TruncMonth("answered_at")), "month"),
        "by_about": rows(answered.exclude(about=""), "about", limit=50),
    }


def annual_survey_due(user, *, now=None, limit=20):
    """Formal customers the user sees with no survey created in the last year (at least one a year [seed 001])."""
    now = now or timezone.now()
    recent = Survey.objects.filter(created_at__gte=now - timedelta(days=365)).values("customer_id")
    return (
        visible_customers(user)
        .exclude(customer_class=CustomerClass.POTENTIAL)
        .exclude(pk__in=recent)
        .order_by("pk")[:limit]
    )


def open_tickets_block_close(customer):
    """customers.cleanup.register_close_blocker: a customer with an open repair ticket is not closed."""
    from django.utils.translation import gettext as _

    from .choices import OPEN_STATES

    if RepairTicket.objects.filter(customer_id=customer.pk, state__in=OPEN_STATES).exists():
        return _("a repair ticket is still open")
    return None
