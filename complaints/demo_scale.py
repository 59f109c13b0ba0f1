"""`seed_demo --scale N`: N more generated complaints, fast, for the benchmark (bench/complaints.py).

Set-based (decocrm.core.bulk: COPY on PostgreSQL): complaints received over the past year by customer relations, about
the existing teams and customers, older ones closed, recent ones open in every state, 8 % major; each with its first
history row and its solution and closure clocks in the state the services and the sweep would have left them (closed
complaints' clocks met or met late, open ones running or breached with the breach already recorded, so the next
sweep sends no backlog of notices)."""

import random
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from customers.models import Customer
from decocrm.accounts.choices import Role
from decocrm.accounts.models import Team, User
from decocrm.core.bulk import allocate_ids, bulk_insert
from decocrm.sla.choices import ClockKind, ClockState, EscalationLevel
from decocrm.sla.models import Clock, SlaPolicy
from decocrm.sla.pending import queue_pending_warnings

from .choices import Category, Channel, ComplaintState, Satisfaction, Severity
from .models import Complaint, ComplaintTransition

OPEN = [s for s in ComplaintState if s != ComplaintState.CLOSED]
LATE_SHARE = 0.15


def _clock(policy, *, complaint, started, due, stopped, now, label, url):
    clock = {"policy_id": policy.pk, "kind": policy.kind, "unit": policy.unit, "amount": policy.amount,
             "content_type_id": complaint["ct"], "object_id": complaint["id"], "subject_label": label,
             "subject_url": url, "owner_id": complaint["handler_id"] or complaint["received_by_id"],
             "team_id": complaint["team_id"], "customer_id": complaint["customer_id"], "started_at": started,
             "due_at": due, "warn_at": min(due, max(started, due - policy.warn_before)), "sequence": 1}  # fmt: skip
    end = stopped or now
    if stopped is not None:
        clock["state"], clock["stopped_at"] = (ClockState.MET if stopped <= due else ClockState.MET_LATE), stopped
    else:
        clock["state"] = ClockState.BREACHED if due <= now else ClockState.RUNNING
    if due <= end and clock["state"] in (ClockState.BREACHED, ClockState.MET_LATE):
        clock["breached_at"], clock["escalation_level"] = due, EscalationLevel.TEAM
    return clock


def seed_scale(count: int, *, log=print, seed=None) -> int:
    rng = random.Random(seed)
    now = timezone.now()
    relations = list(User.objects.filter(role=Role.CUSTOMER_RELATIONS, is_active=True).values_list("pk", flat=True))
    handler_roles = [Role.CUSTOMER_RELATIONS, Role.AFTER_SALES, Role.SALES]
    handlers = list(User.objects.filter(is_active=True, role__in=handler_roles).values_list("pk", flat=True))
    teams = list(Team.objects.values_list("pk", flat=True))
    customers = list(Customer.objects.values_list("pk", flat=True)[:20000])
    if not relations or not teams:
        log("Complaints scale: no customer relations staff or teams; nothing generated.")
        return 0
    policies = {p.kind: p for p in SlaPolicy.objects.filter(kind__in=[ClockKind.COMPLAINT_SOLUTION,
                                                                       ClockKind.COMPLAINT_CLOSURE])}  # fmt: skip
    ct = ContentType.objects.get_for_model(Complaint).pk
    ids = allocate_ids(Complaint, count)
    complaints, transitions, clocks = [], [], []
    for pk in ids:
        received = now - timedelta(days=rng.uniform(0, 365))
        age = (now - received).days
        state = ComplaintState.CLOSED if age > 10 or rng.random() < 0.3 else rng.choice(OPEN)
        handler = None if state == ComplaintState.RECEIVED else rng.choice(handlers)
        major = rng.random() < 0.08
        done = state not in (ComplaintState.RECEIVED, ComplaintState.ASSIGNED, ComplaintState.INVESTIGATING)
        solved = received + timedelta(hours=rng.uniform(2, 40 if rng.random() < LATE_SHARE else 20))
        closed = received + timedelta(days=rng.uniform(1, 9 if rng.random() < LATE_SHARE else 6.5))
        closed = min(closed, now) if state == ComplaintState.CLOSED else None
        row = {
            "id": pk, "ct": ct, "customer_id": rng.choice(customers) if customers and rng.random() < 0.8 else None,
            "complainant_name": "业主", "channel": rng.choice(Channel.values), "content": f"生成的投诉 {pk}",
            "demand": "尽快处理", "team_id": rng.choice(teams), "accused_team_id": None,
            "severity": Severity.MAJOR if major else Severity.NORMAL, "major_reasons": ["media"] if major else [],
            "major_at": received if major else None, "received_by_id": rng.choice(relations), "received_at": received,
            "handler_id": handler, "category": rng.choice(Category.values) if done else "",
            "justified": True if done else None, "demand_reasonable": True if done else None,
            "investigation": "核实" if done else "", "solution": "处理" if done else "",
            "solution_at": solved if done else None, "approval": "", "satisfaction": "",
            "state": state, "state_changed_at": closed or received, "created_at": received, "closed_at": closed,
        }  # fmt: skip
        if state == ComplaintState.CLOSED:
            row["satisfaction"] = rng.choice(Satisfaction.values)
            row["fed_back_at"] = closed
        row["accused_team_id"] = row["team_id"]
        complaints.append(row)
        transitions.append({"complaint_id": pk, "from_state": "", "to_state": state, "by_id": row["received_by_id"],
                            "at": received, "event": "recorded", "params": {}})  # fmt: skip
        label, url = f"TS{pk:06d} · 业主", f"/complaints/{pk}/"
        solution = policies.get(ClockKind.COMPLAINT_SOLUTION)
        if solution is not None:
            clocks.append(_clock(solution, complaint=row, started=received, due=received + timedelta(days=1),
                                 stopped=solved if done else None, now=now, label=label, url=url))  # fmt: skip
        closure = policies.get(ClockKind.COMPLAINT_CLOSURE)
        if closure is not None:
            clocks.append(_clock(closure, complaint=row, started=received, due=received + timedelta(days=7),
                                 stopped=closed, now=now, label=label, url=url))  # fmt: skip
    due = {}
    for clock in clocks:
        if clock["state"] in (ClockState.RUNNING, ClockState.BREACHED):
            pk = clock["object_id"]
            due[pk] = min(due.get(pk, clock["due_at"]), clock["due_at"])
    for row in complaints:
        row.pop("ct")
        row["next_due_at"] = due.get(row["id"])
    bulk_insert(Complaint, complaints)
    bulk_insert(ComplaintTransition, transitions)
    bulk_insert(Clock, clocks)
    queue_pending_warnings(now=now)  # those warned already: the ones past their warning time
    log(f"Complaints scale: {count} complaints, {len(clocks)} clocks generated.")
    return count
