"""Every read of complaints that a user sees, scoped [seed 002 §2.2]: customer relations handle complaints
company-wide and see them all; a team manager the complaints of their team; the company's managers all; a handler
theirs; whoever received one sees it. The staff member complained about never sees the complaints against them
unless they are a manager."""

from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import TruncMonth

from decocrm.accounts.choices import Role
from decocrm.accounts.selectors import is_manager
from decocrm.core.scopes import Scope
from decocrm.core.timeline import timeline
from decocrm.sla.choices import CLOSED_STATES as CLOSED_CLOCK_STATES
from decocrm.sla.selectors import clocks_for_subject

from .choices import MajorReason
from .models import Complaint, ComplaintEvidence

COMPLAINT_SCOPE = Scope(owner="handler", team=("team",), assigned=("received_by",), everyone=(Role.CUSTOMER_RELATIONS,))


def visible_complaints(user):
    qs = COMPLAINT_SCOPE.filter(Complaint.objects.select_related("customer", "handler", "accused_staff", "team"), user)
    if user.is_authenticated and not is_manager(user):
        qs = qs.exclude(accused_staff=user)
    return qs


def complaint_queue(user):
    """The queue by deadline: the nearest running or breached deadline first (overdue at the top; a closed
    complaint whose revisit is due counts by it), then complaints with none, newest first. Served by the
    complaints_queue index."""
    return visible_complaints(user).order_by(F("next_due_at").asc(nulls_last=True), "-received_at", "-pk")


def complaints_for_page(user):
    return (
        visible_complaints(user)
        .select_related("received_by", "accused_team", "project__contract", "approved_by", "repeat_of")
        .prefetch_related(Prefetch("evidence", ComplaintEvidence.objects.select_related("uploaded_by")))
    )


def complaint_page_context(complaint) -> dict:
    labels = dict(MajorReason.choices)
    return {
        "complaint": complaint,
        "major_reason_labels": [labels.get(code, code) for code in complaint.major_reasons],
        "evidence": complaint.evidence.all(),
        "clocks": clocks_for_subject(complaint).exclude(state__in=CLOSED_CLOCK_STATES),
        "timeline": timeline(complaint),
    }


# The cases a manager counts for the achieved revisit rate: their team's (a company manager's: all).
CASE_SCOPE = Scope(owner=None, team="team")


def closed_complaints_by_month(user, since):
    """The named complaints closed from `since` on that the manager `user` counts, by month of closing, and how many
    were revisited: the complaint rows of the achieved revisit rate (aftersales.hooks.register_revisit_cases; an
    anonymous complaint has no revisit and is not counted)."""
    closed = CASE_SCOPE.filter(Complaint.objects.filter(closed_at__gte=since, anonymous=False), user)
    return (
        closed.annotate(month=TruncMonth("closed_at"))
        .values("month")
        .annotate(closed=Count("pk"), revisited=Count("pk", filter=Q(revisit_done_at__isnull=False)))
        .order_by("month")
    )
