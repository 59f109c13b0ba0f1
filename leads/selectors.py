"""Reads of leads, scoped to the user (ENGINEERING.md rule 4)."""

from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Prefetch, Q
from django.utils import timezone

from customers.phones import phone_as_shown
from customers.selectors import search_customers
from decocrm.accounts.choices import Role
from decocrm.accounts.selectors import holds_permission, managed_team_ids
from decocrm.core.folds import Fold
from decocrm.core.scopes import Scope
from decocrm.sla.choices import OPEN_STATES as OPEN_CLOCK_STATES
from decocrm.sla.selectors import clocks_for_subject, clocks_of_model

from .choices import OPEN_STATES, AppealState, AppointmentState, LeadState, ProposalResponse
from .models import (
    Appeal,
    AppealStep,
    Appointment,
    AppointmentReschedule,
    Collision,
    Consultation,
    DesignProposal,
    Lead,
    MeasurementPhoto,
    MeasurementRoom,
    MeasurementVisit,
    ProposalFile,
)
from .permissions import GENERAL_OFFICE_PERMISSION, QUALITY_CONTROL_PERMISSION, can_design_lead

# Who sees which leads: their owner; the designer assigned to them (seed 001 §4: the lead and its customer's basics,
# on the lead page; the customer's own page stays with the sales side); the owner's team manager (the lead's team:
# a lead returned to the pool stays with the team that let it lapse); company managers all. The pool is read
# through `lead_pool` (masked phones).
LEAD_SCOPE = Scope(owner="owner", team="team", assigned=("designer",))


def visible_leads(user):
    return LEAD_SCOPE.filter(Lead.objects.select_related("customer", "owner"), user)


# Who works the pool (公海): salespeople claim from it, managers give its leads out. The other roles (designers,
# project managers, after-sales, customer relations, archive clerks) never claim a lead, lead_claim refuses them, so
# the waiting customers' names and masked phones are not theirs to browse: the rule books give customer resources to
# the sales side and keep customer data to those who need it (003: 保密原则). Decided in issue 7, defect 10.
# A company whose designers also prospect would add Role.DESIGNER here: the one place both the pool and claiming read.
SELLING_ROLES = (Role.SALES, Role.MANAGER)


def can_use_pool(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in SELLING_ROLES)


def can_capture_leads(user) -> bool:
    """Entering a lead makes its enterer the owner (or hands it out): only the roles that may own leads do it, the
    same as those who work the pool. A project manager who entered one became its owner with no way back to it
    (issue 9)."""
    return can_use_pool(user)


def can_export_leads(user) -> bool:
    """Who downloads the lead list: those who own leads (salespeople, managers), each the rows they see
    (visible_leads), with the sensitive columns only for those who may see them (hidden_fields); every export is
    logged (decocrm.audit)."""
    return can_capture_leads(user)


def lead_pool(user):
    """Open leads without an owner, longest waiting first, for those who work the pool (`can_use_pool`); nobody
    else sees any. Show phones with `masked_phone` until claimed."""
    if not can_use_pool(user):
        return Lead.objects.none()
    return (
        Lead.objects.filter(owner__isnull=True, state__in=OPEN_STATES)
        .select_related("customer", "customer__district")
        .order_by(F("pool_entered_at").asc(nulls_last=True), "pk")
    )


def pool_lead_holder(user, pk):
    """For a pool page that went out of date (someone claimed or was given the lead meanwhile): the id of whoever
    holds lead `pk` now, or None when no such lead has an owner or it was never in the pool (entered into it, or
    returned to it: an assignment to nobody). Says no more than the pool did: that the lead was there and is
    taken; of a lead that never was, nothing (a 404, as for any lead out of scope)."""
    if not user.is_authenticated:
        return None
    pooled = Lead.objects.filter(pk=pk, owner__isnull=False, assignments__to_owner__isnull=True)
    return pooled.values_list("owner_id", flat=True).first()


def lead_phone(lead) -> str:
    """The customer's phone in full for an owned lead, masked (138****5678) while the lead is in the pool."""
    return phone_as_shown(lead.customer.phone, owned=lead.owner_id is not None)


def my_leads_by_deadline(user):
    """The user's open leads (a designer's: those they design): overdue first (most overdue first), then by the
    next deadline; none last."""
    mine = {"designer": user} if user.role == Role.DESIGNER else {"owner": user}
    return (
        Lead.objects.filter(**mine, state__in=OPEN_STATES)
        .select_related("customer")
        .order_by(F("next_due_at").asc(nulls_last=True), "-created_at")
    )


# "Overdue": an open lead whose next deadline has passed. The queryset and the single-lead form of the one rule.
def overdue(qs, now=None):
    return qs.filter(state__in=OPEN_STATES, next_due_at__lt=now or timezone.now())


def is_overdue(lead, now) -> bool:
    return bool(lead.is_open and lead.next_due_at and lead.next_due_at < now)


def search_leads(qs, q: str):
    """Leads by their customer's name, organisation or phone digits (the customers' one search)."""
    return search_customers(qs, q, through="customer")


# The design panel's children, read in their parents' queries (decocrm.core.folds): the page runs as many queries
# whether a lead has no appointment, visit or proposal yet or a long design history.
_USER_FIELDS = ("id", "username", "first_name", "last_name")
ATTENDEES = Fold(
    "attendees",
    Appointment.attendees.through,
    via="appointment",
    fields=("id", "appointment_id", "user_id"),
    related={"user": _USER_FIELDS},
    item="user",
    order_by=("user__username",),
)
RESCHEDULES = Fold(
    "reschedules",
    AppointmentReschedule,
    via="appointment",
    fields=("id", "appointment_id", "from_time", "to_time", "cause", "reason", "by_id", "at"),
    related={"by": _USER_FIELDS},
    order_by=("at", "pk"),
)
ROOMS = Fold(
    "rooms", MeasurementRoom, via="visit", fields=("id", "visit_id", "name", "length_m", "width_m", "height_m", "note")
)
PHOTOS = Fold("photos", MeasurementPhoto, via="visit", fields=("id", "visit_id", "file", "original_name"))
PROPOSAL_FILES = Fold(
    "files", ProposalFile, via="proposal", fields=("id", "proposal_id", "kind", "file", "original_name")
)


def _fold_all(queryset, *folds):
    for fold in folds:
        queryset = fold.annotate(queryset)
    rows = list(queryset)
    for fold in folds:
        fold.attach(rows)
    return rows


def lead_design_context(lead, user) -> dict:
    """What the design panel (leads/design/_panel.html) shows for a lead the user can see: appointments (with our
    attendees and their reschedules), the measurement visit (rooms, photos) and proposal versions (files), plus
    what the user may do. Three queries, whatever the history holds."""
    appointments = lead.appointments.select_related("reconfirmed_by", "created_by")
    appointments = _fold_all(appointments, ATTENDEES, RESCHEDULES)
    visit = MeasurementVisit.objects.filter(lead=lead).select_related("recorded_by", "confirmed_by")
    measurement = next(iter(_fold_all(visit[:1], ROOMS, PHOTOS)), None)
    proposals = DesignProposal.objects.filter(lead=lead).select_related("delivered_by", "responded_by")
    proposals = _fold_all(proposals.order_by("-version"), PROPOSAL_FILES)
    can_work = lead.is_open and can_design_lead(user, lead)  # the design work: owner, managers, the designer
    draft = next((p for p in proposals if not p.is_delivered), None)
    latest_delivered = next((p for p in proposals if p.is_delivered), None)
    state = lead.state
    return {
        "appointments": appointments,
        "upcoming_appointments": [a for a in appointments if a.state == AppointmentState.SCHEDULED],
        "measurement": measurement,
        "proposals": proposals,
        "draft_proposal": draft,
        "latest_delivered_proposal": latest_delivered,
        "can_work": can_work,
        "can_book": can_work,
        "can_record_measurement": can_work and state == LeadState.MEASUREMENT_SCHEDULED and measurement is None,
        "can_confirm_measurement": can_work and measurement is not None and not measurement.is_confirmed,
        "can_add_proposal": can_work and state in (LeadState.MEASURED, LeadState.PROPOSAL_DELIVERED) and draft is None,
        "can_respond": can_work
        and latest_delivered is not None
        and latest_delivered.response == ProposalResponse.PENDING,
    }


# The collision queue: managers see their team's (the owner's or the newcomer's team); company managers all;
# everyone else the collisions they caused.
COLLISION_SCOPE = Scope(owner="attempted_by", team=("owner__team", "attempted_by__team"))


def visible_collisions(user):
    return COLLISION_SCOPE.filter(Collision.objects.select_related("customer", "owner", "attempted_by"), user)


def _appeal_duty(user) -> Q:
    """The pending appeals at `user`'s level(s) (leads.permissions); matches nothing when they have none."""
    duty = Q(pk__in=[])
    teams = managed_team_ids(user)
    if teams:
        duty |= Q(state=AppealState.AT_DEPARTMENT) & (Q(by__team__in=teams) | Q(collision__owner__team__in=teams))
    if holds_permission(user, QUALITY_CONTROL_PERMISSION):
        duty |= Q(state=AppealState.AT_QUALITY_CONTROL)
    if holds_permission(user, GENERAL_OFFICE_PERMISSION):
        duty |= Q(state=AppealState.AT_GENERAL_OFFICE)
    return duty


def _appeals():
    return Appeal.objects.select_related(
        "collision__customer", "collision__owner", "by", "decided_by"
    ).prefetch_related(Prefetch("steps", queryset=AppealStep.objects.select_related("by")))


def _not_a_party(user) -> Q:
    return ~Q(by=user) & ~Q(collision__owner=user)


def appeals_waiting_for(user):
    """The appeals waiting at the user's level, oldest first (never their own dispute)."""
    return _appeals().filter(_appeal_duty(user)).filter(_not_a_party(user)).order_by("state_changed_at", "pk")


def appeal_decisions_to_review(user):
    """Decisions of the level below the user's, which they may send back for review (复议), latest first."""
    states = []
    if holds_permission(user, QUALITY_CONTROL_PERMISSION):
        states.append(AppealState.DECIDED_BY_DEPARTMENT)
    if holds_permission(user, GENERAL_OFFICE_PERMISSION):
        states.append(AppealState.DECIDED_BY_QUALITY_CONTROL)
    return _appeals().filter(state__in=states).filter(_not_a_party(user)).order_by("-state_changed_at", "-pk")


def my_appeals(user):
    """The appeals the user is a party to: filed by them, or against a customer they owned."""
    return _appeals().filter(Q(by=user) | Q(collision__owner=user)).order_by("-state_changed_at", "-pk")


def visible_appeals(user):
    """Every appeal a user may reach: of the collisions they see, those they are a party to, those at their level,
    and (quality control and the general office) the decisions they may review."""
    if not user.is_authenticated:
        return Appeal.objects.none()
    reach = Q(collision__in=visible_collisions(user)) | Q(by=user) | Q(collision__owner=user) | _appeal_duty(user)
    if holds_permission(user, QUALITY_CONTROL_PERMISSION) or holds_permission(user, GENERAL_OFFICE_PERMISSION):
        reach = Q()  # they supervise the rule book company-wide (seed 003 §4.1)
    return Appeal.objects.filter(reach).select_related("collision__customer", "collision__owner", "by")


def my_appointments_on(user, day):
    """The user's scheduled appointments on a local date (home page "today's appointments"): on leads they own
    or where they are one of our attendees, earliest first. One query."""
    if not user.is_authenticated:
        return Appointment.objects.none()
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    return (
        Appointment.objects.filter(
            state=AppointmentState.SCHEDULED,
            scheduled_at__gte=start,
            scheduled_at__lt=start + timedelta(days=1),
            lead__state__in=OPEN_STATES,
        )
        .filter(Q(lead__owner=user) | Q(attendees=user))
        .select_related("lead", "lead__customer")
        .distinct()
        .order_by("scheduled_at", "pk")
    )


def lead_clocks(lead) -> tuple[list, list]:
    """The lead page's clocks, in one query: (the open ones of the lead and of its questions answered later, for
    the clocks card; all of the lead's own, whose events its timeline shows: core.timeline's `subject_clocks`)."""
    own = clocks_for_subject(lead)
    question_ids = [question.pk for question in lead_questions(lead)]
    if question_ids:
        own = own | clocks_of_model(Consultation).filter(object_id__in=question_ids)
    clocks = list(own.order_by("started_at"))
    lead_type = ContentType.objects.get_for_model(Lead).pk
    return (
        [clock for clock in clocks if clock.state in OPEN_CLOCK_STATES],
        [clock for clock in clocks if clock.content_type_id == lead_type and clock.object_id == lead.pk],
    )


def with_questions(leads):
    """Leads with their questions answered later (one query for all), which the lead page's timeline, clocks card and
    answer action read (lead_questions)."""
    questions = Consultation.objects.select_related("recorded_by", "answered_by")
    return leads.prefetch_related(Prefetch("consultations", queryset=questions))


def lead_questions(lead) -> list:
    """The lead's questions answered later, oldest first: the prefetched rows (with_questions) when there are."""
    cached = getattr(lead, "_prefetched_objects_cache", {}).get("consultations")
    if cached is not None:
        return list(cached)
    return list(Consultation.objects.filter(lead=lead).select_related("recorded_by", "answered_by"))
