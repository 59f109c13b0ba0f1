"""The after-sales world of bench/aftersales.py, set-based: on top of the contracts world (bench/contracts_seed.py,
whose completed projects give the customers, warranty items and first revisits), every row written with
INSERT ... SELECT in PostgreSQL. No service is called: the rows are what the services would have left, in
plausible states by age.

- Repair tickets over the completed projects' customers and `--staff` after-sales staff (as-01 ...), two years of
  them, oldest first: those of the last three days in every open state (one in three recorded ones unassigned),
  one in 25 of the last two months stuck open, one in 33 cancelled, the rest closed. Their transitions, two photos
  from the visit on, and their clocks (contact 2 h, on site 24 / 48 h by location, result fed back 24 h, the
  post-repair revisit a month after closing): met, met late, running or breached by their timestamps; each
  ticket's next deadline (RepairTicket.next_due_at) from them.
- Revisits, each with its clock: the first revisit of every completed project (a clock on its contract), the
  post-repair revisit of closed tickets and the post-complaint revisit of closed complaints, done for nine in ten
  by customer relations (cs-01 ..., and `service`), signed off when older than two weeks; one in four raised one to
  three points, answered unless recent; follow-up revisits (their own clock, scheduled when recent, a few
  cancelled) make up the rest of `revisits`.
- Complaints: the complaints app's own generator (complaints.demo_scale.seed_scale: a year of them, older ones
  closed, 8 % major, with their clocks), and the post-complaint revisit clock of every closed one with a customer.
- Surveys after completion, after a repair and annual, four in five answered (one in 17 low).
- One ticket of as-01 with many photos and repair rounds, and one revisit of `service` with the most points, each
  answered with a follow-up (`heavy`), to time the pages at their worst.
"""

import importlib.util
import time
from datetime import timedelta
from pathlib import Path

_spec = importlib.util.spec_from_file_location("bench_contracts_seed", Path(__file__).with_name("contracts_seed.py"))
world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(world)  # the contracts world under it, and its _sql / _table

STAFF_PREFIX = "as-"
RELATIONS_PREFIX = "cs-"
HEAVY_PHOTOS = 40
HEAVY_ROUNDS = 8
HEAVY_POINTS = 20  # services.revisits.MAX_POINTS
_sql, _table = world._sql, world._table


def ensure_staff(prefix, count, role, team_name, family):
    from django.contrib.auth.hashers import make_password

    from decocrm.accounts.models import Team, User
    from decocrm.accounts.services import staff_set_role
    from decocrm.core.demo import DEMO_PASSWORD

    team = Team.objects.get(name=team_name)  # seed_demo's
    password, users = None, []
    for n in range(1, count + 1):
        username = f"{prefix}{n:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            password = password or make_password(DEMO_PASSWORD)
            user = User(username=username, last_name=family, first_name=f"员{n:02d}", team=team, password=password,
                        email=f"{username}@decocrm.local")  # fmt: skip
            user.save()
            staff_set_role(user=user, role=role)
        users.append(user)
    return users


def _policy(kind):
    from decocrm.sla.models import SlaPolicy

    return SlaPolicy.objects.get(kind=kind)


def _ct(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


def _clocks(kind, *, source, ct, oid, start, due, done, cancelled="false", label, url, owner, team, customer, params):
    """One clock of `kind` per row of `source` (an SQL FROM ... WHERE), its state from its timestamps: stopped
    (met by the deadline, or late), cancelled, else breached or running by now."""
    from decocrm.sla.models import Clock

    policy = _policy(kind)
    return _sql(f"""INSERT INTO {_table(Clock)} (policy_id, kind, content_type_id, object_id, subject_label,
             subject_url, owner_id, team_id, customer_id, state, sequence, amount, unit, started_at, due_at, warn_at,
             escalate_at, provisional, paused_seconds, stopped_at, breached_at, escalation_level, code, params, note)
         SELECT {policy.pk}, '{kind}', {ct}, oid, label, url, owner, team, customer,
             CASE WHEN cancelled THEN 'cancelled' WHEN done IS NOT NULL AND done <= due THEN 'met'
                  WHEN done IS NOT NULL THEN 'met_late' WHEN due <= %(now)s THEN 'breached' ELSE 'running' END,
             1, {policy.amount}, '{policy.unit}', start, due, due - %(warn)s,
             CASE WHEN done IS NULL AND NOT cancelled AND due <= %(now)s THEN due + %(escalate)s END, false, 0,
             CASE WHEN cancelled THEN start + interval '1 hour' ELSE done END,
             CASE WHEN NOT cancelled AND due <= COALESCE(done, %(now)s) THEN due END, 0, '', '{{}}'::jsonb, ''
         FROM (SELECT s.oid, s.label, s.url, s.owner, s.team, s.customer, s.start, s.due,
                 CASE WHEN s.done <= %(now)s THEN s.done END AS done, s.cancelled
               FROM (SELECT {oid} AS oid, {label} AS label, {url} AS url, {owner} AS owner, {team} AS team,
                         {customer} AS customer, {start} AS start, {due} AS due, {done} AS done,
                         {cancelled} AS cancelled {source}) s) c
         """, {**params, "warn": policy.warn_before, "escalate": policy.escalate_after})  # fmt: skip


def _tickets(count, staff, team_id, now):
    """`count` repair tickets over the completed projects, oldest first, with their transitions and photos."""
    from aftersales.models import RepairTicket, RepairTicketTransition, TicketPhoto
    from contracts.models import WarrantyItem
    from customers.models import Customer
    from projects.models import Project

    ticket = _table(RepairTicket)
    _sql(f"""CREATE TEMP TABLE bench_completed ON COMMIT DROP AS
         SELECT row_number() OVER (ORDER BY p.id) - 1 AS n, p.id AS project_id, p.customer_id, w.id AS item_id,
             w.ends_on, c.name AS customer_name, c.phone
         FROM {_table(Project)} p JOIN {_table(WarrantyItem)} w ON w.contract_id = p.contract_id AND w.years = 2
             JOIN {_table(Customer)} c ON c.id = p.customer_id
         WHERE p.state = 'completed'""")  # fmt: skip
    first = _max_id(RepairTicket) + 1
    staff_ids = "ARRAY[" + ",".join(str(u.pk) for u in staff) + "]"
    params = {"now": now, "n": count}
    # step: 0 recorded, 1 assessed, 2 dispatched, 3 on site, 4 repaired, 5 accepted, 6 closed; -1 cancelled
    _sql(f"""INSERT INTO {ticket} (customer_id, project_id, warranty_item_id, item, description, channel,
             requested_at, contact_checked, contact_name, contact_phone, location, warranty, warranty_ends_on,
             quote_amount, quote_accepted_at, nature, severity, plan, assessed_at, technician_id, team_id,
             contacted_at, appointment_at, customer_notified, on_site_at, repaired_at, repair_report, repair_rounds,
             accepted_at, acceptance_method, accepted_by_name, signature, acceptance_note, closed_at,
             revisit_done_at, next_due_at, state, state_changed_at, created_at, recorded_by_id)
         SELECT customer_id, project_id, item_id, (ARRAY['卫生间地面渗水','客厅墙面开裂','橱柜门下沉','阳台地漏返味',
                 '主卧插座不通电','厨房瓷砖空鼓','次卧门锁损坏','墙面涂料起皮'])[1 + g %% 8],
             '客户来电反映问题，需上门查看', (ARRAY['call','wechat','visit','revisit'])[1 + g %% 4], r, true,
             customer_name, phone, CASE WHEN g %% 4 = 0 THEN 'suburban' ELSE 'urban' END,
             CASE WHEN outw THEN 'out' ELSE 'in' END, ends_on,
             CASE WHEN outw AND step >= 1 THEN 300 END,
             CASE WHEN outw AND step >= 2 THEN r + interval '3 hours' END,
             CASE WHEN step >= 1 OR step = -1 THEN (ARRAY['waterproofing','crack','plumbing','electrical','carpentry',
                 'finish','tiling','other'])[1 + g %% 8] ELSE '' END,
             CASE WHEN step >= 1 OR step = -1 THEN (ARRAY['minor','ordinary','serious'])[1 + g %% 3] ELSE '' END,
             CASE WHEN step >= 1 OR step = -1 THEN '上门检查后维修' ELSE '' END,
             CASE WHEN step >= 1 OR step = -1 THEN r + interval '2 hours' END,
             tech, CASE WHEN tech IS NOT NULL THEN {int(team_id)} END,
             CASE WHEN step >= 1 OR step = -1 OR g %% 2 = 0 THEN r + (g %% 3 + 1) * interval '50 minutes' END,
             CASE WHEN step >= 2 THEN r + interval '20 hours' END, step >= 2,
             CASE WHEN step >= 3 THEN r + (18 + g %% 40) * interval '1 hour' END,
             CASE WHEN step >= 4 THEN r + (21 + g %% 40) * interval '1 hour' END,
             CASE WHEN step >= 4 THEN '已修复' ELSE '' END, CASE WHEN step >= 4 THEN 1 ELSE 0 END,
             CASE WHEN step >= 5 THEN r + (21 + g %% 40 + g %% 30) * interval '1 hour' END,
             CASE WHEN step >= 5 THEN 'confirmation' ELSE '' END,
             CASE WHEN step >= 5 THEN customer_name ELSE '' END, '', '',
             CASE WHEN step >= 6 THEN r + (22 + g %% 40 + g %% 30) * interval '1 hour' END,
             CASE WHEN step >= 6 AND g %% 10 <> 3 AND r + (22 + g %% 40 + g %% 30) * interval '1 hour'
                      + (20 + g %% 15) * interval '1 day' <= %(now)s
                  THEN r + (22 + g %% 40 + g %% 30) * interval '1 hour' + (20 + g %% 15) * interval '1 day' END,
             NULL, (ARRAY['cancelled','recorded','assessed','dispatched','on_site','repaired','accepted',
                 'closed'])[step + 2],
             r + GREATEST(step, 0) * interval '3 hours', r, COALESCE(tech, {staff[0].pk})
         FROM (SELECT g, r, step, customer_id, project_id, item_id, ends_on, customer_name, phone,
                   r::date > ends_on AS outw,
                   CASE WHEN step = 0 AND g %% 3 = 0 THEN NULL ELSE ({staff_ids})[1 + g %% {len(staff)}] END AS tech
               FROM (SELECT g, r, b.*,
                         CASE WHEN r > %(now)s - interval '3 days' THEN g %% 6
                              WHEN g %% 33 = 1 THEN -1
                              WHEN r > %(now)s - interval '60 days' AND g %% 25 = 0 THEN g %% 5
                              ELSE 6 END AS step
                     FROM (SELECT g, %(now)s - (%(n)s - g) * interval '720 days' / %(n)s
                                 - (g %% 600) * interval '1 minute' - interval '10 minutes' AS r
                           FROM generate_series(1, %(n)s) g) t
                     JOIN bench_completed b ON b.n = t.g %% (SELECT count(*) FROM bench_completed)) s) x
         """, params)  # fmt: skip
    mine = f"{ticket}.id >= {int(first)}"
    states = "ARRAY['recorded','assessed','dispatched','on_site','repaired','accepted','closed']"
    _sql(f"""INSERT INTO {_table(RepairTicketTransition)} (ticket_id, from_state, to_state, event, by_id, at, params,
             note)
         SELECT id, '', 'recorded', 'recorded', recorded_by_id, requested_at,
             jsonb_build_object('channel', channel, 'warranty', warranty), '' FROM {ticket} WHERE {mine}
         UNION ALL
         SELECT id, ({states})[s], ({states})[s + 1], '', technician_id, requested_at + s * interval '3 hours', '{{}}',
             '' FROM {ticket}, generate_series(1, 6) s
         WHERE {mine} AND state <> 'cancelled' AND array_position({states}, state::text) > s
         UNION ALL
         SELECT id, 'recorded', 'cancelled', '', technician_id, state_changed_at, '{{}}', '客户已自行处理'
         FROM {ticket} WHERE {mine} AND state = 'cancelled'""")  # fmt: skip
    _sql(f"""INSERT INTO {_table(TicketPhoto)} (ticket_id, file, original_name, taken_in, uploaded_at, uploaded_by_id)
         SELECT id, 'aftersales/bench/' || id || '-' || k || '.jpg', 'IMG_' || k || '.jpg',
             CASE k WHEN 1 THEN 'on_site' ELSE 'repaired' END, COALESCE(repaired_at, on_site_at), technician_id
         FROM {ticket}, generate_series(1, 2) k
         WHERE {mine} AND on_site_at IS NOT NULL AND (k = 1 OR repaired_at IS NOT NULL)""")  # fmt: skip
    return first


def _ticket_clocks(first, now):
    from aftersales.models import RepairTicket
    from customers.models import Customer

    ticket, customer = _table(RepairTicket), _table(Customer)
    ct = _ct(RepairTicket)
    common = {
        "ct": ct, "oid": "t.id", "label": "'#' || t.id || ' ' || c.name || ' · ' || t.item",
        "url": "'/aftersales/' || t.id || '/'", "owner": "t.technician_id", "team": "t.team_id",
        "customer": "t.customer_id", "params": {"now": now},
    }  # fmt: skip
    source = f"FROM {ticket} t JOIN {customer} c ON c.id = t.customer_id WHERE t.id >= {int(first)}"
    n = _clocks("repair_contact", source=source, start="t.requested_at",
                due="t.requested_at + interval '2 hours'", done="t.contacted_at",
                cancelled="t.state = 'cancelled' AND t.contacted_at IS NULL", **common)  # fmt: skip
    n += _clocks("repair_on_site", source=source, start="t.requested_at",
                 due="t.requested_at + CASE t.location WHEN 'suburban' THEN interval '48 hours' "
                     "ELSE interval '24 hours' END", done="t.on_site_at",
                 cancelled="t.state = 'cancelled'", **common)  # fmt: skip
    n += _clocks("repair_feedback", source=source + " AND t.repaired_at IS NOT NULL", start="t.repaired_at",
                 due="t.repaired_at + interval '24 hours'", done="t.accepted_at", **common)  # fmt: skip
    n += _clocks("repair_revisit", source=source + " AND t.closed_at IS NOT NULL", start="t.closed_at",
                 due="t.closed_at + interval '1 month'", done="t.revisit_done_at", **common)  # fmt: skip
    _sql(f"""UPDATE {ticket} t SET next_due_at = m.at
         FROM (SELECT object_id, MIN(due_at) AS at FROM sla_clock WHERE content_type_id = %s
               AND state IN ('running', 'breached') GROUP BY object_id) m
         WHERE t.id = m.object_id AND t.id >= %s""", [ct, first])  # fmt: skip
    return n


def _first_revisit_clocks(now):
    """The first revisit of every completed generated project: a clock on its contract, a month after the end."""
    from contracts.models import Contract
    from customers.models import Customer
    from projects.models import Project

    c, p, cu = _table(Contract), _table(Project), _table(Customer)
    source = (f"FROM {c} k JOIN {p} p ON p.contract_id = k.id JOIN {cu} cu ON cu.id = k.customer_id "
              f"WHERE k.number LIKE 'DC-B%%' AND p.state = 'completed' AND p.actual_end IS NOT NULL")  # fmt: skip
    return _clocks(
        "first_revisit", source=source, ct=_ct(Contract), oid="k.id", start="p.actual_end + time '17:00'",
        due="p.actual_end + time '17:00' + interval '1 month'",
        done="CASE WHEN k.id %% 10 <> 3 THEN p.actual_end + time '17:00' + (18 + k.id %% 15) * interval '1 day' END",
        label="k.number || ' · ' || cu.name", url="'/contracts/' || k.id || '/'", owner="k.owner_id",
        team="k.team_id", customer="k.customer_id", params={"now": now},
    )  # fmt: skip


def _complaint_revisit_clocks(now):
    """The post-complaint revisit of every closed generated complaint with a customer: 3 days after closing."""
    from complaints.models import Complaint

    complaint = _table(Complaint)
    return _clocks(
        "complaint_revisit", ct=_ct(Complaint), oid="k.id",
        source=f"FROM {complaint} k WHERE k.state = 'closed' AND k.closed_at IS NOT NULL AND k.customer_id IS NOT NULL",
        start="k.closed_at", due="k.closed_at + interval '3 days'",
        done="CASE WHEN k.id %% 10 <> 3 THEN k.closed_at + (k.id %% 4) * interval '1 day' END",
        label="'TS' || lpad(k.id::text, 6, '0') || ' · ' || k.complainant_name", url="'/complaints/' || k.id || '/'",
        owner="COALESCE(k.handler_id, k.received_by_id)", team="k.team_id", customer="k.customer_id",
        params={"now": now},
    )  # fmt: skip


def _revisits_of_clocks(first_clock, relations, gm, now):
    """The revisit that met each first / post-repair revisit clock, by customer relations, with its steps."""
    from aftersales.models import Revisit
    from decocrm.sla.models import Clock

    revisit = _table(Revisit)
    cs = "ARRAY[" + ",".join(str(u.pk) for u in relations) + "]"
    _sql(f"""INSERT INTO {revisit} (customer_id, kind, state, state_changed_at, clock_id, subject_label, subject_url,
             reason, assignee_id, team_id, method, outcome, satisfaction, signature, done_at, done_by_id,
             signed_off_at, signed_off_by_id, created_at, created_by_id)
         SELECT customer_id,
             CASE kind WHEN 'first_revisit' THEN 'first' WHEN 'repair_revisit' THEN 'post_repair'
                 ELSE 'post_complaint' END,
             CASE WHEN old THEN 'signed_off' ELSE 'done' END,
             CASE WHEN old THEN stopped_at + interval '2 days' ELSE stopped_at END, id, subject_label, subject_url,
             '', by_id, team_id, CASE WHEN id %% 5 = 0 THEN 'on_site' ELSE 'phone' END,
             '客户对处理结果表示满意', 3 + id %% 3,
             CASE WHEN id %% 5 = 0 THEN 'aftersales/revisits/bench-signature.png' ELSE '' END, stopped_at, by_id,
             CASE WHEN old THEN stopped_at + interval '2 days' END, CASE WHEN old THEN {int(gm.pk)} END,
             stopped_at, by_id
         FROM (SELECT *, ({cs})[1 + id %% {len(relations)}] AS by_id, stopped_at < %(now)s - interval '14 days' AS old
               FROM {_table(Clock)}
               WHERE id >= %(first)s AND kind IN ('first_revisit', 'repair_revisit', 'complaint_revisit')
                   AND state IN ('met', 'met_late')) s
         ORDER BY s.stopped_at""", {"now": now, "first": first_clock})  # fmt: skip
    _steps(revisit)


def _max_id(model):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_table(model)}")  # noqa: S608
        return cursor.fetchone()[0]


def _steps(revisit, *, since=0):
    """Each revisit's steps: recorded (or scheduled, for a follow-up), then signed off or cancelled."""
    from aftersales.models import RevisitTransition

    step = _table(RevisitTransition)
    _sql(f"""INSERT INTO {step} (revisit_id, from_state, to_state, event, by_id, at, params, note)
         SELECT id, '', CASE WHEN kind = 'follow_up' THEN 'scheduled' ELSE 'done' END,
             CASE WHEN kind = 'follow_up' THEN 'scheduled' ELSE 'recorded' END, created_by_id, created_at,
             CASE WHEN kind = 'follow_up' THEN jsonb_build_object('reason', left(reason, 120))
                  ELSE jsonb_build_object('subject', subject_label) END, ''
         FROM {revisit} WHERE id > %(since)s
         UNION ALL SELECT id, 'scheduled', 'done', 'recorded', done_by_id, done_at,
             jsonb_build_object('subject', subject_label), '' FROM {revisit}
         WHERE id > %(since)s AND kind = 'follow_up' AND done_at IS NOT NULL
         UNION ALL SELECT id, 'done', 'signed_off', '', signed_off_by_id, signed_off_at, '{{}}', '' FROM {revisit}
         WHERE id > %(since)s AND state = 'signed_off'
         UNION ALL SELECT id, 'scheduled', 'cancelled', '', created_by_id, state_changed_at, '{{}}', '不再需要'
         FROM {revisit} WHERE id > %(since)s AND state = 'cancelled'""", {"since": since})  # fmt: skip


def _points(since, staff, now):
    """One revisit in four raised one to three points, owned by after-sales staff, answered unless recent."""
    from aftersales.models import Revisit, RevisitPoint

    owners = "ARRAY[" + ",".join(str(u.pk) for u in staff) + "]"
    return _sql(f"""INSERT INTO {_table(RevisitPoint)} (revisit_id, text, owner_id, answer, answered_at,
             answered_by_id)
         SELECT r.id, (ARRAY['柜门有点松','墙角有细小裂纹','地漏偶尔返味'])[k], o,
             CASE WHEN open THEN '' ELSE '已安排师傅处理' END,
             CASE WHEN NOT open THEN r.done_at + interval '2 days' END,
             CASE WHEN NOT open THEN o END
         FROM (SELECT id, done_at, ({owners})[1 + id %% {len(staff)}] AS o,
                   done_at > %(now)s - interval '7 days' AND id %% 2 = 0 AS open
               FROM {_table(Revisit)} WHERE id > %(since)s AND id %% 4 = 0 AND done_at IS NOT NULL) r,
             generate_series(1, 3) k
         WHERE k <= 1 + r.id %% 3""", {"since": since, "now": now})  # fmt: skip


def _follow_ups(count, relations, gm, now):
    """`count` follow-up revisits: from the answered points first (the point's text, its revisit's subject), the
    rest after a low survey score; each with its own clock (3 working days, about 5 days here)."""
    from aftersales.models import Revisit, RevisitPoint
    from customers.models import Customer

    revisit, point = _table(Revisit), _table(RevisitPoint)
    since = _max_id(Revisit)
    cs = "ARRAY[" + ",".join(str(u.pk) for u in relations) + "]"
    _sql(f"""CREATE TEMP TABLE bench_follow ON COMMIT DROP AS
         SELECT row_number() OVER (ORDER BY p.answered_at, p.id) AS n, p.id AS point_id, r.customer_id, p.text,
             r.subject_label, r.subject_url, p.answered_at AS at
         FROM {point} p JOIN {revisit} r ON r.id = p.revisit_id WHERE p.answered_at IS NOT NULL
         ORDER BY p.answered_at, p.id LIMIT %(count)s""", {"count": count})  # fmt: skip
    _sql(f"""INSERT INTO bench_follow (n, point_id, customer_id, text, subject_label, subject_url, at)
         SELECT (SELECT count(*) FROM bench_follow) + g, NULL, c.id, '满意度调查低分，回访了解原因', c.name, '',
             %(now)s - (g %% 700) * interval '1 day' - (g %% 500) * interval '1 minute'
         FROM generate_series(1, GREATEST(0, %(count)s - (SELECT count(*) FROM bench_follow))) g
         JOIN bench_completed b ON b.n = g %% (SELECT count(*) FROM bench_completed)
         JOIN {_table(Customer)} c ON c.id = b.customer_id""", {"count": count, "now": now})  # fmt: skip
    _sql(f"""INSERT INTO {revisit} (customer_id, kind, state, state_changed_at, clock_id, subject_label, subject_url,
             reason, from_point_id, assignee_id, team_id, method, outcome, satisfaction, signature, done_at,
             done_by_id, signed_off_at, signed_off_by_id, created_at, created_by_id)
         SELECT customer_id, 'follow_up', state,
             CASE state WHEN 'scheduled' THEN at WHEN 'cancelled' THEN at + interval '1 day'
                 WHEN 'done' THEN at + interval '3 days' ELSE at + interval '5 days' END,
             NULL, left(subject_label, 200), subject_url, text, point_id, by_id, team,
             CASE WHEN done THEN 'phone' ELSE '' END,
             CASE WHEN done THEN '客户表示问题已解决' ELSE '' END, CASE WHEN done THEN 4 END, '',
             CASE WHEN done THEN at + interval '3 days' END, CASE WHEN done THEN by_id END,
             CASE WHEN state = 'signed_off' THEN at + interval '5 days' END,
             CASE WHEN state = 'signed_off' THEN {int(gm.pk)} END, at, by_id
         FROM (SELECT *, state IN ('done', 'signed_off') AS done FROM (
               SELECT f.*, u.id AS by_id, u.team_id AS team,
                   CASE WHEN f.at > %(now)s - interval '3 days' THEN 'scheduled'
                        WHEN f.n %% 30 = 7 THEN 'cancelled'
                        WHEN f.at > %(now)s - interval '14 days' AND f.n %% 3 = 0 THEN 'scheduled'
                        WHEN f.at > %(now)s - interval '14 days' THEN 'done' ELSE 'signed_off' END AS state
               FROM bench_follow f JOIN accounts_user u ON u.id = ({cs})[1 + f.n %% {len(relations)}]) s) x
         ORDER BY x.at""", {"now": now})  # fmt: skip
    _clocks(
        "revisit_follow_up", source=f"FROM {revisit} r WHERE r.id > {int(since)}", ct=_ct(Revisit), oid="r.id",
        start="r.created_at", due="r.created_at + interval '5 days'", done="r.done_at",
        cancelled="r.state = 'cancelled'", label="r.subject_label", url="'/aftersales/revisits/' || r.id || '/'",
        owner="r.assignee_id", team="r.team_id", customer="r.customer_id", params={"now": now},
    )  # fmt: skip
    _steps(revisit, since=since)
    return since


def _surveys(count, staff, relations, now):
    from aftersales.models import ImprovementMeasure, Survey

    tech = "ARRAY[" + ",".join(str(u.pk) for u in staff) + "]"
    cs = "ARRAY[" + ",".join(str(u.pk) for u in relations) + "]"
    n = _sql(f"""INSERT INTO {_table(Survey)} (customer_id, kind, about, staff_id, team_id, created_at, created_by_id,
             token_hash, link_expires_at, quality, attitude, schedule, after_sales, recommend, suggestions,
             answered_at, channel, recorded_by_id, follow_up_id)
         SELECT b.customer_id, (ARRAY['after_completion','after_repair','annual'])[1 + g %% 3],
             CASE g %% 3 WHEN 1 THEN '报修 · ' || b.customer_name ELSE '工程 · ' || b.customer_name END,
             ({tech})[1 + g %% {len(staff)}], u.team_id, at, cs, '',
             CASE WHEN g %% 2 = 1 THEN at + interval '7 days' END,
             CASE WHEN answered THEN CASE WHEN low THEN 2 ELSE 3 + g %% 3 END END,
             CASE WHEN answered THEN 3 + (g / 3) %% 3 END, CASE WHEN answered THEN 3 + (g / 5) %% 3 END,
             CASE WHEN answered THEN 3 + (g / 7) %% 3 END,
             CASE WHEN answered THEN CASE WHEN low THEN 4 ELSE 6 + g %% 5 END END,
             CASE WHEN answered AND g %% 7 = 0 THEN '希望售后响应再快一些' ELSE '' END,
             CASE WHEN answered THEN at + interval '2 days' END,
             CASE WHEN NOT answered THEN '' WHEN g %% 2 = 1 THEN 'link' ELSE 'call' END,
             CASE WHEN answered AND g %% 2 = 0 THEN cs END, NULL
         FROM (SELECT g, %(now)s - g * interval '700 days' / %(n)s AS at, ({cs})[1 + g %% {len(relations)}] AS cs,
                   g %% 5 <> 0 AND g > 20 AS answered, g %% 17 = 0 AS low
               FROM generate_series(1, %(n)s) g) s
         JOIN bench_completed b ON b.n = s.g %% (SELECT count(*) FROM bench_completed)
         JOIN accounts_user u ON u.id = ({tech})[1 + g %% {len(staff)}]""", {"now": now, "n": count})  # fmt: skip
    _sql(f"""INSERT INTO {_table(ImprovementMeasure)} (survey_id, text, responsible_id, due_on, done_at, done_note,
             created_at, created_by_id)
         SELECT id, '缩短售后上门时间', staff_id, (answered_at + interval '30 days')::date,
             CASE WHEN answered_at < %(now)s - interval '60 days' THEN answered_at + interval '25 days' END,
             CASE WHEN answered_at < %(now)s - interval '60 days' THEN '已调整排班' ELSE '' END, answered_at,
             recorded_by_id
         FROM {_table(Survey)} WHERE quality <= 2 AND id %% 5 = 0""", {"now": now})  # fmt: skip
    return n


def _heavy(tech, service, staff, gm, now):
    """One open ticket of `tech` with many photos and repair rounds; one revisit of `service` with the most points,
    each answered with a follow-up."""
    from aftersales.models import RepairTicket, RepairTicketTransition, Revisit, RevisitPoint, TicketPhoto
    from decocrm.sla.models import Clock

    mine = RepairTicket.objects.filter(technician=tech).order_by("-pk")
    ticket = mine.filter(state="on_site").first() or mine.exclude(state__in=("closed", "cancelled")).first()
    steps = []
    at = ticket.on_site_at or ticket.requested_at
    for k in range(HEAVY_ROUNDS):
        steps += [
            RepairTicketTransition(ticket=ticket, from_state="on_site", to_state="repaired", by=tech,
                                   at=at + timedelta(minutes=20 * k + 5)),
            RepairTicketTransition(ticket=ticket, from_state="repaired", to_state="on_site", by=tech,
                                   at=at + timedelta(minutes=20 * k + 10), event="not_satisfied"),
        ]  # fmt: skip
    RepairTicketTransition.objects.bulk_create(steps)
    TicketPhoto.objects.bulk_create(
        TicketPhoto(ticket=ticket, file=f"aftersales/bench/heavy-{k}.jpg", original_name=f"IMG_{k}.jpg",
                    taken_in="on_site" if k % 2 else "repaired", uploaded_at=at + timedelta(minutes=k),
                    uploaded_by=tech)
        for k in range(HEAVY_PHOTOS)
    )  # fmt: skip
    RepairTicket.objects.filter(pk=ticket.pk).update(repair_rounds=HEAVY_ROUNDS + 1)
    revisit = (
        Revisit.objects.filter(done_by=service, kind="post_repair", state="done")
        .exclude(points__isnull=False)
        .order_by("-pk")
        .first()
    )
    points = RevisitPoint.objects.bulk_create(
        RevisitPoint(revisit=revisit, text=f"第{k}个问题：需要再看看", owner=staff[k % len(staff)],
                     answer="" if k % 4 == 0 else "已安排处理",
                     answered_at=None if k % 4 == 0 else revisit.done_at + timedelta(hours=k),
                     answered_by=None if k % 4 == 0 else staff[k % len(staff)])
        for k in range(1, HEAVY_POINTS + 1)
    )  # fmt: skip
    follow_ups = Revisit.objects.bulk_create(
        Revisit(customer_id=revisit.customer_id, kind="follow_up", state="scheduled", state_changed_at=p.answered_at,
                subject_label=revisit.subject_label, subject_url=revisit.subject_url, reason=p.text, from_point=p,
                assignee=p.owner, team=p.owner.team, created_at=p.answered_at, created_by=p.owner)
        for p in points if p.answered_at
    )  # fmt: skip
    for follow_up in follow_ups:
        Revisit.machine.record_start(follow_up, by=follow_up.created_by, at=follow_up.created_at, event="scheduled",
                                     params={"reason": follow_up.reason[:120]})  # fmt: skip
    first = min(r.pk for r in follow_ups)
    _clocks(
        "revisit_follow_up", source=f"FROM {_table(Revisit)} r WHERE r.id >= {first}", ct=_ct(Revisit), oid="r.id",
        start="r.created_at", due="r.created_at + interval '5 days'", done="r.done_at", label="r.subject_label",
        url="'/aftersales/revisits/' || r.id || '/'", owner="r.assignee_id", team="r.team_id",
        customer="r.customer_id", params={"now": now},
    )  # fmt: skip
    assert Clock.objects.filter(kind="revisit_follow_up", object_id__gte=first).count() >= len(follow_ups)
    return ticket, revisit


def seed_aftersales(*, contracts, tickets, revisits, surveys, complaints, staff=20, relations=10, log=print):
    """The after-sales world (see the module), on a fresh contracts world of `contracts` contracts."""
    from django.db import transaction
    from django.utils import timezone

    world.seed_contracts(contracts, log=log)
    with transaction.atomic():
        return _seed(tickets, revisits, surveys, complaints, staff, relations, log, timezone.now())


def _seed(tickets, revisits, surveys, complaints, staff_count, relations_count, log, now):
    from aftersales.models import Revisit
    from decocrm.accounts.choices import Role
    from decocrm.accounts.models import User
    from decocrm.sla.models import Clock

    started = time.perf_counter()
    staff = ensure_staff(STAFF_PREFIX, staff_count, Role.AFTER_SALES, "工程部", "修")
    service = User.objects.get(username="service")
    relations = [service, *ensure_staff(RELATIONS_PREFIX, relations_count - 1, Role.CUSTOMER_RELATIONS, "客服部", "访")]
    gm = User.objects.get(username="gm")
    team_id = staff[0].team_id
    first_clock = _max_id(Clock) + 1
    first_ticket = _tickets(tickets, staff, team_id, now)
    clocks = _ticket_clocks(first_ticket, now)
    clocks += _first_revisit_clocks(now)
    log(f"  {tickets:,} tickets and {clocks:,} clocks: {time.perf_counter() - started:.1f} s")
    if complaints:
        from complaints.demo_scale import seed_scale  # the complaints app's own generator (set-based, COPY)

        seed_scale(complaints, log=log, seed=11)
        _complaint_revisit_clocks(now)
    _revisits_of_clocks(first_clock, relations, gm, now)
    _points(0, staff, now)
    _follow_ups(max(0, revisits - Revisit.objects.count()), relations, gm, now)
    log(f"  {Revisit.objects.count():,} revisits: {time.perf_counter() - started:.1f} s")
    _surveys(surveys, staff, relations, now)
    heavy = _heavy(staff[0], service, staff, gm, now)
    log(f"seeded the after-sales world in {time.perf_counter() - started:.1f} s")
    return heavy
