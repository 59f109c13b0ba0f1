"""Who works a lead: the pool (公海) and its claim rules, a manager's reassignment, the on-duty rotation."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.selectors import protected_customer_count
from decocrm.accounts.models import User
from decocrm.accounts.selectors import is_manager, visible_staff
from decocrm.core.errors import DomainError

from ..choices import OPEN_STATES, AssignmentKind
from ..models import Lead, LeadAssignment, SalesRotation
from ..permissions import can_manage_lead
from ..selectors import SELLING_ROLES
from .common import LeadPermissionError, LeadStateError, give_lead, lock_lead, refresh_next_due, require_open


class PoolRuleError(DomainError):
    """A pool rule refused the claim (cap, cool-off, already claimed)."""


class NoOneOnDutyError(DomainError):
    pass


def check_holding_cap(user):
    cap = settings.LEADS_MAX_PROTECTED_CUSTOMERS
    if protected_customer_count(user) >= cap:
        raise PoolRuleError(
            _("You already hold %(cap)d protected customers, the most allowed. Close or release some first.")
            % {"cap": cap}
        )


def _start_of_today(at):
    local = timezone.localtime(at)
    return datetime.combine(local.date(), time.min, tzinfo=local.tzinfo)


@transaction.atomic
def lead_claim(*, lead: Lead, by: User, at=None) -> Lead:
    """Take a lead from the pool. The first claim wins: one UPDATE ... WHERE owner IS NULL decides, so two people
    clicking at once cannot both get it. Pool rules: the holding cap, the daily claim cap and the cool-off before a
    lapsed owner may reclaim."""
    at = at or timezone.now()
    if not by.is_authenticated or by.role not in SELLING_ROLES:
        raise LeadPermissionError(_("Only salespeople claim leads from the pool."))
    # One salesperson's claims run one at a time, so the caps hold when they click twice.
    User.objects.select_for_update().filter(pk=by.pk).first()
    current = Lead.objects.filter(pk=lead.pk).values("owner_id", "state", "previous_owner_id", "released_at").get()
    if current["state"] not in OPEN_STATES:
        raise LeadStateError(_("This lead is closed."))
    if current["owner_id"] is not None:
        raise PoolRuleError(_("Someone else has already claimed this lead."))
    cool_off = timedelta(days=settings.LEADS_RECLAIM_COOL_OFF_DAYS)
    if current["previous_owner_id"] == by.pk and current["released_at"] and at < current["released_at"] + cool_off:
        until = timezone.localtime(current["released_at"] + cool_off).strftime("%Y-%m-%d")
        raise PoolRuleError(_("You let this lead lapse; you may claim it again from %(date)s.") % {"date": until})
    daily_cap = settings.LEADS_DAILY_CLAIM_CAP
    claimed_today = LeadAssignment.objects.filter(
        to_owner=by, kind=AssignmentKind.CLAIM, at__gte=_start_of_today(at)
    ).count()
    if claimed_today >= daily_cap:
        raise PoolRuleError(_("You have claimed %(cap)d leads today, the most allowed per day.") % {"cap": daily_cap})
    check_holding_cap(by)
    won = Lead.objects.filter(pk=lead.pk, owner__isnull=True, state__in=OPEN_STATES).update(owner=by)
    if not won:
        raise PoolRuleError(_("Someone else has already claimed this lead."))
    lead = lock_lead(lead)
    lead.owner = None  # give_lead records the change from the pool
    give_lead(lead, by, kind=AssignmentKind.CLAIM, by=by, at=at)
    return refresh_next_due(lead)


def _check_assignee(by, owner):
    if owner is None or not owner.is_active or owner.role not in SELLING_ROLES:
        raise LeadPermissionError(_("Leads can be given only to an active salesperson."))
    if not visible_staff(by).filter(pk=owner.pk).exists():
        raise LeadPermissionError(_("%(name)s is not in your team.") % {"name": owner.display_name})


@transaction.atomic
def lead_assign(*, lead: Lead, owner: User, by: User, note: str = "", at=None) -> Lead:
    """A manager gives the lead (from the pool or from someone else) to a salesperson: fresh clocks from now."""
    at = at or timezone.now()
    lead = lock_lead(lead)
    if not is_manager(by) or not can_manage_lead(by, lead):
        raise LeadPermissionError(_("Only the team's manager may reassign this lead."))
    require_open(lead)
    _check_assignee(by, owner)
    if lead.owner_id == owner.pk:
        raise LeadStateError(_("%(name)s already owns this lead.") % {"name": owner.display_name})
    give_lead(lead, owner, kind=AssignmentKind.ASSIGN, by=by, at=at, note=note)
    return refresh_next_due(lead)


@transaction.atomic
def lead_release_to_pool(*, lead: Lead, by: User | None, note: str = "", at=None) -> Lead:
    """Return a lead to the pool: by a manager, or automatically (by=None) after a breached first-contact clock
    when settings.LEADS_AUTO_RETURN_TO_POOL is on. Its clocks wait paused, unowned, until someone takes it and gets
    fresh ones (time in the pool is nobody's breach)."""
    at = at or timezone.now()
    lead = lock_lead(lead)
    if by is not None and (not is_manager(by) or not can_manage_lead(by, lead)):
        raise LeadPermissionError(_("Only the team's manager may return a lead to the pool."))
    require_open(lead)
    if lead.owner_id is None:
        raise LeadStateError(_("This lead is already in the pool."))
    kind = AssignmentKind.RELEASE if by is not None else AssignmentKind.AUTO_RELEASE
    give_lead(lead, None, kind=kind, by=by, at=at, note=note)
    return refresh_next_due(lead)


def next_on_duty(*, at, team=None) -> User:
    """The on-duty salesperson who has waited longest for a lead; their rotation row stays locked until commit.

    SKIP LOCKED: a concurrent assignment that has just taken the longest-waiting person passes to the next one
    instead of waiting and then picking the same person."""
    qs = (
        SalesRotation.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("user", "user__team")
        .filter(on_duty=True, user__is_active=True)
        .order_by(F("last_assigned_at").asc(nulls_first=True), "id")
    )
    if team is not None:
        qs = qs.filter(user__team=team)
    rotation = qs.first()
    if rotation is None:
        raise NoOneOnDutyError(_("Nobody is on duty to receive the lead. Assign it by hand or put it in the pool."))
    # Strictly later than anyone's last turn, so the order holds even when two turns share a clock tick.
    latest = SalesRotation.objects.aggregate(latest=Max("last_assigned_at"))["latest"]
    rotation.last_assigned_at = max(at, latest + timedelta(microseconds=1)) if latest else at
    rotation.save(update_fields=["last_assigned_at"])
    return rotation.user


@transaction.atomic
def lead_assign_round_robin(*, lead: Lead, by: User, team=None, at=None) -> Lead:
    """Give an unowned lead (walk-in, online) to the next on-duty salesperson."""
    at = at or timezone.now()
    lead = lock_lead(lead)
    if not is_manager(by) or not can_manage_lead(by, lead):
        raise LeadPermissionError(_("Only a manager may assign leads in rotation."))
    require_open(lead)
    if lead.owner_id is not None:
        raise LeadStateError(_("This lead already has an owner."))
    owner = next_on_duty(at=at, team=team)
    give_lead(lead, owner, kind=AssignmentKind.ROUND_ROBIN, by=by, at=at)
    return refresh_next_due(lead)


@transaction.atomic
def sales_rotation_set_on_duty(*, user: User, on_duty: bool, by: User) -> SalesRotation:
    """Put a salesperson on or off duty (themselves, or their manager for them)."""
    if by.pk != user.pk and not (is_manager(by) and visible_staff(by).filter(pk=user.pk).exists()):
        raise LeadPermissionError(_("Only the salesperson or their manager may change who is on duty."))
    if user.role not in SELLING_ROLES:
        raise LeadPermissionError(_("Only salespeople take turns for leads."))
    rotation, _created = SalesRotation.objects.select_for_update().get_or_create(user=user)
    rotation.on_duty = on_duty
    rotation.full_clean()
    rotation.save()
    return rotation
