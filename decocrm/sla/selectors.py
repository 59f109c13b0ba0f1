"""Reads of service clocks, scoped to the user."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from decocrm.core.scopes import Scope
from decocrm.core.timeline import entries_of

from .choices import CLOSED_STATES, ClockState
from .models import Clock, ClockEvent
from .subjects import clock_subject_for

ACTIVE_STATES = (ClockState.RUNNING, ClockState.BREACHED)


# Company managers see every clock; team managers their team's; everyone else their own.
CLOCK_SCOPE = Scope(owner="owner", team="team")


def visible_clocks(user):
    return CLOCK_SCOPE.filter(Clock.objects.all(), user)


def my_open_clocks(user, *, limit=8):
    """What is due next for this user: overdue first (most overdue first), then by deadline."""
    base = Clock.objects.filter(owner=user, state__in=ACTIVE_STATES).only(
        "id", "kind", "state", "subject_label", "subject_url", "due_at", "provisional"
    )
    overdue = list(base.filter(state=ClockState.BREACHED).order_by("due_at")[:limit])
    upcoming = list(base.filter(state=ClockState.RUNNING).order_by("due_at")[: max(limit - len(overdue), 0)])
    return overdue, upcoming


def my_deadlines(user, *, shown) -> dict:
    """My deadlines: at most `shown` of the user's clocks, overdue first (my_open_clocks), and how many there are of
    each; the counting query runs only when the list is full (a catch-up's digest leads here with thousands)."""
    overdue, upcoming = my_open_clocks(user, limit=shown)
    totals = {"overdue": len(overdue), "upcoming": len(upcoming)}
    if len(overdue) + len(upcoming) >= shown:
        totals = Clock.objects.filter(owner=user, state__in=ACTIVE_STATES).aggregate(
            overdue=Count("id", filter=Q(state=ClockState.BREACHED)),
            upcoming=Count("id", filter=Q(state=ClockState.RUNNING)),
        )
    return {
        "overdue": overdue,
        "upcoming": upcoming,
        "overdue_total": totals["overdue"],
        "upcoming_total": totals["upcoming"],
    }


def clocks_for_subject(subject):
    return clocks_of_model(type(subject)).filter(object_id=subject.pk).order_by("started_at")


def clocks_of_model(model):
    """The clocks whose subjects are objects of `model`: correlate on object_id (e.g. OuterRef("pk")) to read a
    subject's clocks set-based, without each app writing the content-type join."""
    ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return Clock.objects.filter(content_type=ct)


def clocks_for_page(subject) -> tuple[list, list]:
    """The subject's clocks read once for its page: (the open ones, for the clocks card; all of them, for its
    timeline: `timeline(subject, subject_clocks=all_of_them)` reads their events without reading them again, and
    nothing when there are none)."""
    clocks = list(clocks_for_subject(subject))
    return [clock for clock in clocks if clock.state not in CLOSED_STATES], clocks


def clock_event_entries(subject, *, subject_clocks=None, **context):
    """The timeline source shared by every clock subject (core.timeline): its clocks' events. Nothing (and no
    query) for an object whose model carries no clocks, or whose clocks the page passes (`subject_clocks`, from
    clocks_for_page) and are none."""
    if clock_subject_for(subject) is None:
        return []
    if subject_clocks is None:
        events = ClockEvent.objects.filter(clock__in=clocks_for_subject(subject)).select_related("clock", "by")
        return entries_of(events, "clock", "sla/timeline/clock.html")
    if not subject_clocks:
        return []
    clocks = {clock.pk: clock for clock in subject_clocks}
    events = list(ClockEvent.objects.filter(clock_id__in=clocks).select_related("by"))
    for event in events:
        event.clock = clocks[event.clock_id]
    return entries_of(events, "clock", "sla/timeline/clock.html")
