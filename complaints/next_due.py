"""A complaint's next deadline (Complaint.next_due_at), read from its clocks: the earliest running or breached one,
the queue's order (an index serves it, so the queue's first page is not a sort of every complaint). The services
keep it current in their own transaction; the clock listener (registered in ComplaintsConfig.ready()) after the
engine moves a deadline on its own (a calendar change) or a clock is stopped or cancelled outside the services."""

from django.db.models import Min, OuterRef, Subquery

from decocrm.sla.choices import ClockState
from decocrm.sla.selectors import clocks_of_model

from .models import Complaint

DEADLINE_STATES = (ClockState.RUNNING, ClockState.BREACHED)


def refresh_next_due_many(complaint_ids) -> int:
    earliest = (
        clocks_of_model(Complaint)
        .filter(object_id=OuterRef("pk"), state__in=DEADLINE_STATES)
        .order_by()
        .values("object_id")
        .annotate(at=Min("due_at"))
        .values("at")
    )
    return Complaint.objects.filter(pk__in=list(complaint_ids)).update(next_due_at=Subquery(earliest))


def refresh_next_due(complaint):
    refresh_next_due_many([complaint.pk])
    complaint.next_due_at = Complaint.objects.filter(pk=complaint.pk).values_list("next_due_at", flat=True).first()
    return complaint


def on_deadlines_changed(change):
    refresh_next_due_many(change.ids_of(Complaint))
