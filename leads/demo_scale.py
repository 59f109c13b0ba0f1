"""`seed_demo --scale N`: N more generated leads with their customers, transitions, first contacts and clocks, fast.

Set-based, not one service call per lead: rows are generated in Python as plain dicts (plausible lifecycles: a
lead advances stage by stage, with realistic delays and conversion rates, as far as its age allows) and written
with COPY (decocrm.core.bulk; executemany on SQLite); the dependent rows (assignments, contact logs, clock events)
with INSERT ... SELECT from them; then ClockOutcomeDay is rebuilt and Lead.next_due_at refreshed with one UPDATE.

Over 20 salespeople in two teams (销售二部, 销售三部; created if missing, with their managers). Clocks: the
first-contact clock of every lead and the design-proposal clock of every qualified one, in every state (running,
breached, met, met late, cancelled, paused), their warning / breach / escalation already recorded as the sweep
would have done, so the next sweep does not flood everyone with a backlog of notices.
"""

import random
import time as clock_time
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from customers.models import Customer
from customers.phones import mask_phone, phone_digits
from decocrm.accounts.choices import Role
from decocrm.accounts.models import Team, User
from decocrm.accounts.services import staff_set_role, team_create, team_set_manager
from decocrm.core.bulk import allocate_ids, bulk_insert
from decocrm.core.demo import DEMO_PASSWORD
from decocrm.sla.choices import ClockKind, ClockState, EscalationLevel
from decocrm.sla.models import Clock, ClockEvent, SlaPolicy
from decocrm.sla.outcomes import rebuild_outcomes
from decocrm.sla.pending import queue_pending_warnings
from decocrm.workdays.choices import DurationUnit
from decocrm.workdays.deadlines import WorkingCalendar

from .choices import AppointmentKind, Channel, LeadClockKind, LeadClockNote, LeadState, LostReason, RejectReason
from .demo_places import CHANNEL_DETAILS, COMPOUNDS, ensure_districts
from .models import ContactLog, Lead, LeadAssignment, LeadTransition

BATCH = 5000
HISTORY_DAYS = 180
SCALE_TEAMS = {
    "销售二部": ("manager2", "沈", "经理", "a"),
    "销售三部": ("manager3", "韩", "经理", "b"),
}
SALES_PER_TEAM = 10
FAMILY = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤"  # noqa: E501
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建红飞宇浩然子涵梓轩欣怡雨桐一诺思远嘉琪晨曦佳慧俊杰志强文博雅婷"  # noqa: E501
# Mainland mobile prefixes for generated customers (138 is the story set's, 139 the tests').
PREFIXES = ("135", "136", "137", "150", "151", "152", "157", "158", "159", "182", "183", "187", "188", "198")
CHANNEL_WEIGHTS = {
    Channel.SHORT_VIDEO: 22,
    Channel.HOME_PLATFORM: 18,
    Channel.WECHAT: 14,
    Channel.LIVE_STREAM: 6,
    Channel.WEBSITE: 6,
    Channel.EXPO: 8,
    Channel.GROUND_PROMOTION: 5,
    Channel.DEVELOPER_PARTNER: 5,
    Channel.REFERRAL: 8,
    Channel.PUBLIC_TENDER: 1,
    Channel.PHONE: 3,
    Channel.WALK_IN: 4,
}
# Chance to move on from each stage (the rest: closed there, or still open when the lead is young).
ADVANCE = {
    LeadState.NEW: 0.92,
    LeadState.CONTACTED: 0.62,
    LeadState.QUALIFIED: 0.78,
    LeadState.MEASUREMENT_SCHEDULED: 0.9,
    LeadState.MEASURED: 0.85,
    LeadState.PROPOSAL_DELIVERED: 0.5,
    LeadState.PROPOSAL_ACCEPTED: 0.9,
}
NEXT = {
    LeadState.NEW: LeadState.CONTACTED,
    LeadState.CONTACTED: LeadState.QUALIFIED,
    LeadState.QUALIFIED: LeadState.MEASUREMENT_SCHEDULED,
    LeadState.MEASUREMENT_SCHEDULED: LeadState.MEASURED,
    LeadState.MEASURED: LeadState.PROPOSAL_DELIVERED,
    LeadState.PROPOSAL_DELIVERED: LeadState.PROPOSAL_ACCEPTED,
    LeadState.PROPOSAL_ACCEPTED: LeadState.WON,
}
# Typical days from one stage to the next (min, max).
DELAY_DAYS = {
    LeadState.NEW: (0.02, 3.5),
    LeadState.CONTACTED: (0.5, 5),
    LeadState.QUALIFIED: (1, 6),
    LeadState.MEASUREMENT_SCHEDULED: (1, 5),
    LeadState.MEASURED: (2, 8),
    LeadState.PROPOSAL_DELIVERED: (2, 15),
    LeadState.PROPOSAL_ACCEPTED: (1, 7),
}
STALL = 0.04  # a lead nobody worked on: it stays where it is and its clock runs out


def ensure_scale_staff():
    """20 salespeople in two teams with their managers (created once, with the demo password)."""
    password = None
    people = []
    for team_name, (boss_name, family, given, letter) in SCALE_TEAMS.items():
        team = Team.objects.filter(name=team_name).first() or team_create(name=team_name)
        names = [(boss_name, family, given, Role.MANAGER)] + [
            (f"sales-{letter}{i:02d}", FAMILY[(i * 7 + len(letter)) % len(FAMILY)], GIVEN[i * 3 % len(GIVEN)] +
             GIVEN[(i * 5 + 1) % len(GIVEN)], Role.SALES)
            for i in range(1, SALES_PER_TEAM + 1)
        ]  # fmt: skip
        for username, last, first, role in names:
            user = User.objects.filter(username=username).first()
            if user is None:
                password = password or make_password(DEMO_PASSWORD)  # hashed once, not 22 times
                user = User(username=username, last_name=last, first_name=first, team=team, password=password,
                            email=f"{username}@decocrm.local")  # fmt: skip
                user.full_clean()
                user.save()
                staff_set_role(user=user, role=role)
            if role == Role.SALES:
                people.append(user)
        if team.manager_id is None:
            team_set_manager(team=team, manager=User.objects.get(username=boss_name))
    return people, {t.pk: t.manager_id for t in Team.objects.filter(name__in=SCALE_TEAMS)}


class _Deadlines:
    """Deadlines from the working-day calendar, cached by start date (an N-working-day deadline depends only on
    the day it starts)."""

    def __init__(self):
        self.calendar = WorkingCalendar()
        self.cache = {}

    def __call__(self, start, policy):
        if policy.unit != DurationUnit.WORKING_DAYS:
            return self.calendar.deadline_after(start, policy.amount, policy.unit).at
        key = (timezone.localtime(start).date(), policy.pk)
        if key not in self.cache:
            self.cache[key] = self.calendar.deadline_after(start, policy.amount, policy.unit).at
        return self.cache[key]


def _phones(count, rng):
    """`count` canonical mobiles no customer has yet (a fresh, scrambled block of numbers each run)."""
    start = (Customer.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    result, n = [], start * 3
    while len(result) < count:
        block = []
        for _ in range(min(BATCH, count - len(result))):
            prefix, k = PREFIXES[n % len(PREFIXES)], n // len(PREFIXES)
            block.append(f"+86{prefix}{(k * 48271 + 3_141_592) % 100_000_000:08d}")  # 48271 is prime to 10^8
            n += 1
        taken = set(Customer.objects.filter(phone__in=block).values_list("phone", flat=True))
        result += [phone for phone in block if phone not in taken]
    rng.shuffle(result)
    return result


def _lifecycle(rng, created, now):
    """[(state, at), ...] from new onwards, and the reason it closed (rejected / lost)."""
    path, state, at = [(LeadState.NEW, created)], LeadState.NEW, created
    while state in NEXT:
        low, high = DELAY_DAYS[state]
        step_at = at + timedelta(days=rng.uniform(low, high))
        if step_at > now or rng.random() < STALL:
            return path, ""  # still open there
        if rng.random() < ADVANCE[state]:
            state, at = NEXT[state], step_at
            path.append((state, at))
            continue
        if state in (LeadState.NEW, LeadState.CONTACTED):
            if rng.random() < 0.7:
                path.append((LeadState.REJECTED, step_at))
                return path, rng.choice(RejectReason.values)
            return path, ""
        path.append((LeadState.LOST, step_at))
        return path, rng.choice(LostReason.values)
    return path, ""


# Why the demo's paused design clocks wait: the customer moved the proposal review (what the services would store).
REVIEW_MOVED = {"kind": AppointmentKind.PROPOSAL_REVIEW.value, "reason": "客户出差，看方案推迟"}


def _clock(policy, *, started, stop_at, stop_state, due, now, paused_at=None, closed=LeadClockNote.LOST):
    """A clock row in the state the services and the sweep would have left it."""
    warn_at = min(due, max(started, due - policy.warn_before))
    escalate_at = due + policy.escalate_after if policy.escalate_to_company else None
    end = stop_at or now
    clock = {"policy_id": policy.pk, "kind": policy.kind, "unit": policy.unit, "amount": policy.amount,
             "started_at": started, "due_at": due, "warn_at": warn_at, "escalate_at": escalate_at}  # fmt: skip
    if stop_state is not None:
        clock["state"], clock["stopped_at"] = stop_state, stop_at
        if stop_state == ClockState.CANCELLED:
            clock["code"] = closed
    elif paused_at is not None and paused_at < due:
        clock.update(state=ClockState.PAUSED, paused_at=paused_at)
        clock.update(code=LeadClockNote.CUSTOMER_RESCHEDULED, params=REVIEW_MOVED)
    else:
        clock["state"] = ClockState.BREACHED if due <= now else ClockState.RUNNING
    if due <= end and clock["state"] in (ClockState.BREACHED, ClockState.MET_LATE, ClockState.CANCELLED):
        clock["breached_at"], clock["escalation_level"] = due, EscalationLevel.TEAM
        if escalate_at is not None and escalate_at <= end:
            clock["escalation_level"], clock["escalated_at"] = EscalationLevel.COMPANY, escalate_at
    return clock


def _clocks_for(path, created, now, policies, deadlines, rng):
    states = dict(path)
    first, design = policies[ClockKind.FIRST_CONTACT], policies[ClockKind.DESIGN_PROPOSAL]
    booking = policies[LeadClockKind.MEASUREMENT_BOOKING]
    clocks = []
    due = deadlines(created, first)
    contacted = states.get(LeadState.CONTACTED)
    closed_at = states.get(LeadState.REJECTED) or states.get(LeadState.LOST)
    closed = LeadClockNote.REJECTED if LeadState.REJECTED in states else LeadClockNote.LOST
    if contacted:
        stop = (contacted, ClockState.MET if contacted <= due else ClockState.MET_LATE)
    elif closed_at:
        stop = (closed_at, ClockState.CANCELLED)
    else:
        stop = (None, None)
    clocks.append(_clock(first, started=created, stop_at=stop[0], stop_state=stop[1], due=due, now=now, closed=closed))
    # qualified -> measurement booked; the visit -> the first proposal (services/design.py)
    for policy, start, end in ((booking, LeadState.QUALIFIED, LeadState.MEASUREMENT_SCHEDULED),
                               (design, LeadState.MEASURED, LeadState.PROPOSAL_DELIVERED)):  # fmt: skip
        started = states.get(start)
        if not started:
            continue
        due = deadlines(started, policy)
        stopped = states.get(end)
        paused_at = None
        if stopped:
            stop = (stopped, ClockState.MET if stopped <= due else ClockState.MET_LATE)
        elif closed_at:
            stop = (closed_at, ClockState.CANCELLED)
        else:
            stop = (None, None)
            if policy is design and rng.random() < 0.3:  # the customer moved the proposal review
                paused_at = min(started + timedelta(hours=rng.randint(2, 30)), now)
        clocks.append(_clock(policy, started=started, stop_at=stop[0], stop_state=stop[1], due=due, now=now,
                             paused_at=paused_at, closed=closed))  # fmt: skip
    return clocks


def _sql(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _insert_dependents(first_lead, first_clock, lead_ct):
    """Assignments, first contacts and clock events, each one INSERT ... SELECT from the rows just written."""
    lead, assignment, contact = Lead._meta.db_table, LeadAssignment._meta.db_table, ContactLog._meta.db_table
    transition, clock, event = LeadTransition._meta.db_table, Clock._meta.db_table, ClockEvent._meta.db_table
    _sql(f"INSERT INTO {assignment} (lead_id, kind, from_owner_id, to_owner_id, by_id, at, note)"  # noqa: S608
         f" SELECT id, 'capture', NULL, owner_id, created_by_id, created_at, '' FROM {lead} WHERE id >= %s",
         [first_lead])  # fmt: skip
    _sql(f"INSERT INTO {contact} (lead_id, channel, at, summary, next_step, by_id, created_at)"  # noqa: S608
         f" SELECT lead_id, 'phone', at, '首次电话沟通，了解装修需求', '约量房时间', by_id, at FROM {transition}"
         f" WHERE to_state = %s AND lead_id >= %s", [LeadState.CONTACTED, first_lead])  # fmt: skip
    where = f"FROM {clock} WHERE id >= %s AND content_type_id = %s"
    _sql(f"INSERT INTO {event} (clock_id, action, at, by_id, code, params, note)"  # noqa: S608
         f" SELECT id, 'start', started_at, owner_id, '', '{{}}', '' {where}", [first_clock, lead_ct])  # fmt: skip
    _sql(f"INSERT INTO {event} (clock_id, action, at, by_id, code, params, note)"  # noqa: S608
         f" SELECT id, CASE WHEN state = 'cancelled' THEN 'cancel' ELSE 'stop' END, stopped_at, owner_id, code,"
         f" params, note {where} AND stopped_at IS NOT NULL", [first_clock, lead_ct])  # fmt: skip
    _sql(f"INSERT INTO {event} (clock_id, action, at, by_id, code, params, note)"  # noqa: S608
         f" SELECT id, 'pause', paused_at, owner_id, code, params, note {where} AND paused_at IS NOT NULL",
         [first_clock, lead_ct])  # fmt: skip


def _refresh_next_due(first_lead, lead_ct):
    """Lead.next_due_at = the earliest deadline of the lead's running or breached clocks: one UPDATE."""
    lead, clock = Lead._meta.db_table, Clock._meta.db_table
    _sql(f"UPDATE {lead} SET next_due_at = due.at FROM (SELECT object_id, MIN(due_at) AS at FROM {clock}"  # noqa: S608
         f" WHERE content_type_id = %s AND state IN (%s, %s) AND object_id >= %s GROUP BY object_id) due"
         f" WHERE due.object_id = {lead}.id",
         [lead_ct, ClockState.RUNNING, ClockState.BREACHED, first_lead])  # fmt: skip


def _generate(count, rng, now, people, managers, districts, policies):
    """Rows for every table, as dicts, with ids allocated up front so they can point at each other."""
    deadlines = _Deadlines()
    channels, weights = list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values())
    phones = _phones(count, rng)
    customer_ids, lead_ids = allocate_ids(Customer, count), allocate_ids(Lead, count)
    customers, leads, transitions, clocks = [], [], [], []
    for index in range(count):
        # Newer leads are more frequent (the business grows), and the recent weeks hold the open ones.
        created = now - timedelta(days=HISTORY_DAYS * rng.random() ** 1.3, seconds=rng.randint(0, 86399))
        person = people[index % len(people)]
        owner = None if rng.random() < 0.03 else person  # 3 % wait in the pool
        district = rng.choice(districts)
        path, reason = _lifecycle(rng, created, now)
        state, changed = path[-1]
        area = rng.choice([68, 75, 89, 95, 110, 125, 140, 160, 220])
        compound = rng.choice(COMPOUNDS[district.name])
        address = f"{district.name}{compound}{rng.randint(1, 30)}幢{rng.randint(101, 2802)}室"
        customer_id, lead_id, phone = customer_ids[index], lead_ids[index], phones[index]
        name = rng.choice(FAMILY) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        customers.append({
            "id": customer_id, "kind": "residential", "name": name, "phone": phone, "phone_digits": phone_digits(phone),
            "district_id": district.pk, "address": address,
            "owner_id": owner and owner.pk, "owned_since": created if owner else None, "space_type": "apartment",
            "area_m2": area, "layout": rng.choice(["两室一厅", "三室两厅", "三室一厅", "四室两厅"]),
            "budget_min": area * 1000, "budget_max": area * 1000 + rng.choice([50_000, 100_000, 150_000]),
            "customer_class": "existing" if state == LeadState.WON else "potential", "created_at": created,
            "updated_at": changed,
        })  # fmt: skip
        channel = rng.choices(channels, weights)[0]
        leads.append({
            "id": lead_id, "customer_id": customer_id, "channel": channel,
            "channel_detail": rng.choice(CHANNEL_DETAILS[channel]), "owner_id": owner and owner.pk,
            "team_id": person.team_id, "state": state, "reject_reason": reason if state == LeadState.REJECTED else "",
            "lost_reason": reason if state == LeadState.LOST else "",
            "referred_by_partner": "老客户" if channel == Channel.REFERRAL else "",
            "created_by_id": person.pk if owner else managers[person.team_id], "created_at": created,
            "state_changed_at": changed, "pool_entered_at": None if owner else created,
        })  # fmt: skip
        by = person.pk
        transitions += [
            {"lead_id": lead_id, "from_state": path[i - 1][0] if i else "", "to_state": to, "by_id": by, "at": at}
            for i, (to, at) in enumerate(path)
        ]
        label = f"{name} {mask_phone(phone)}"
        for clock in _clocks_for(path, created, now, policies, deadlines, rng):
            clock.update(object_id=lead_id, owner_id=owner and owner.pk, team_id=person.team_id,
                         customer_id=customer_id, subject_label=label, subject_url=f"/leads/{lead_id}/")  # fmt: skip
            clocks.append(clock)
    return customers, leads, transitions, clocks


def seed_scale(count: int, *, log=print, seed: int | None = None) -> int:
    """Add `count` generated leads (and customers, transitions, contacts, clocks). Returns the leads created."""
    started = clock_time.perf_counter()
    now = timezone.now()
    rng = random.Random(seed if seed is not None else count)
    people, managers = ensure_scale_staff()
    districts = list(ensure_districts().values())
    kinds = [ClockKind.FIRST_CONTACT, ClockKind.DESIGN_PROPOSAL, LeadClockKind.MEASUREMENT_BOOKING]
    policies = {p.kind: p for p in SlaPolicy.objects.filter(kind__in=kinds)}
    lead_ct = ContentType.objects.get_for_model(Lead).pk
    customers, leads, transitions, clocks = _generate(count, rng, now, people, managers, districts, policies)
    generated = clock_time.perf_counter()
    clock_ids = allocate_ids(Clock, len(clocks))
    for clock, clock_id in zip(clocks, clock_ids, strict=True):
        clock.update(id=clock_id, content_type_id=lead_ct)
    bulk_insert(Customer, customers)
    bulk_insert(Lead, leads)
    bulk_insert(LeadTransition, transitions)
    bulk_insert(Clock, clocks)
    queue_pending_warnings(now=now)  # those warned already: the ones past their warning time (or pause)
    _insert_dependents(leads[0]["id"], clock_ids[0], lead_ct)
    _refresh_next_due(leads[0]["id"], lead_ct)
    rebuild_outcomes()  # the on-time rates, from the clocks written around the services
    if connection.vendor == "postgresql":
        for model in (Customer, Lead, LeadTransition, LeadAssignment, ContactLog, Clock, ClockEvent):
            _sql(f"ANALYZE {model._meta.db_table}")
    by_state = {}
    for clock in clocks:
        by_state[str(clock["state"])] = by_state.get(str(clock["state"]), 0) + 1
    log(f"Scale: {count} leads, {len(transitions)} transitions, {len(clocks)} clocks {by_state} in "
        f"{clock_time.perf_counter() - started:.1f} s ({generated - started:.1f} s generating)")  # fmt: skip
    return count
