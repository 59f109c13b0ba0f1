"""Every read of complaints that a user sees, scoped [seed 002 §2.2]: customer relations handle complaints
company-wide and see them all; a team manager the complaints of their team; the company's managers all; a handler
theirs; whoever received one sees it. The staff member complained about never sees the complaints against them
unless they are a manager."""

from django.db.models import Case, DateTimeField, F, IntegerField, OuterRef, Prefetch, Subquery, Value, When

from decocrm.accounts.choices import Role
from decocrm.accounts.selectors import is_manager
from decocrm.core.scopes import Scope
from decocrm.core.timeline import timeline
from decocrm.sla.choices import CLOSED_STATES as CLOSED_CLOCK_STATES
from decocrm.sla.choices import OPEN_STATES as OPEN_CLOCK_STATES
from decocrm.sla.selectors import clocks_for_subject, clocks_of_model

from .choices import ComplaintState, MajorReason
from .models import Complaint, ComplaintEvidence, MonthlyStatistics

COMPLAINT_SCOPE = Scope(owner="handler", team=("team",), assigned=("received_by",), everyone=(Role.CUSTOMER_RELATIONS,))


def visible_complaints(user):
    qs = COMPLAINT_SCOPE.filter(Complaint.objects.select_related("customer", "handler", "accused_staff", "team"), user)
    if user.is_authenticated and not is_manager(user):
        qs = qs.exclude(accused_staff=user)
    return qs


def complaint_queue(user):
    """The queue by deadline: open complaints first, the nearest open clock first (overdue at the top), then the
    newest; closed ones last."""
    next_due = (
        clocks_of_model(Complaint)
        .filter(object_id=OuterRef("pk"), state__in=OPEN_CLOCK_STATES)
        .order_by("due_at")
        .values("due_at")[:1]
    )
    closed = Case(When(state=ComplaintState.CLOSED, then=Value(1)), default=Value(0), output_field=IntegerField())
    return (
        visible_complaints(user)
        .annotate(next_due=Subquery(next_due, output_field=DateTimeField()), is_closed=closed)
        .order_by("is_closed", F("next_due").asc(nulls_last=True), "-received_at", "-pk")
    )


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


def visible_statistics(user):
    from .permissions import can_read_statistics

    return MonthlyStatistics.objects.all() if can_read_statistics(user) else MonthlyStatistics.objects.none()
