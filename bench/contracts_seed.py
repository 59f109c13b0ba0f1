"""The contracts-and-projects world of bench/contracts.py, set-based: the contract-level rows (customers, won leads,
accepted proposals, contracts, projects, clocks) written as plain dicts with COPY (decocrm.core.bulk), and everything
per contract (20 payment milestones, 8 stages from the stage templates, warranty items, transitions, acceptances,
progress updates, agreements and design changes) with INSERT ... SELECT from them. No service is called: the rows
are what the services would have left, in plausible states by age.

Every contract is signed (each has its project): the oldest ~55 % completed (a quarter of those closed), most of
the rest in construction (stages accepted up to today, one in twenty blocked by a failed acceptance, a weekly-update
clock running or overdue), the newest ~5 % signed with their projects in planning. Over the 20 salespeople of
`seed_demo --scale` (leads.demo_scale) and `--pms` project managers pm-01, pm-02, ...

Then one contract and one project of pm-01 each get much more (`heavy`): agreements and design changes in every
state on the contract, a year of weekly updates and re-inspections on the project, to time the pages at their worst.
"""

import random
import time
from datetime import datetime, timedelta
from datetime import time as dt_time
from decimal import Decimal

PM_PREFIX = "pm-"
PHONE_PREFIX = (
    "166"  # generated customers of this benchmark (the story set uses 138, the tests 139, leads' scale others)
)
HEAVY_UPDATES = 52
HEAVY_CHANGES = 12


def _sql(sql, params=()):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _table(model):
    from django.db import connection

    return connection.ops.quote_name(model._meta.db_table)


def ensure_pms(count):
    from django.contrib.auth.hashers import make_password

    from decocrm.accounts.choices import Role
    from decocrm.accounts.models import Team, User
    from decocrm.accounts.services import staff_set_role
    from decocrm.core.demo import DEMO_PASSWORD

    team = Team.objects.get(name="工程部")  # seed_demo's
    password, pms = None, []
    for n in range(1, count + 1):
        username = f"{PM_PREFIX}{n:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            password = password or make_password(DEMO_PASSWORD)
            user = User(username=username, last_name="工", first_name=f"长{n:02d}", team=team, password=password,
                        email=f"{username}@decocrm.local")  # fmt: skip
            user.save()
            staff_set_role(user=user, role=Role.PROJECT_MANAGER)
        pms.append(user)
    return pms


def _contract_rows(count, rng, people, pms, designer, district_ids, today, now):
    """Customers, leads, proposals, contracts and projects of `count` signed contracts, as dicts with their ids."""
    from django.utils.timezone import get_current_timezone

    from contracts.models import Contract
    from customers.models import Customer
    from customers.phones import phone_digits
    from decocrm.core.bulk import allocate_ids
    from leads.models import DesignProposal, Lead
    from projects.models import Project

    ids = {model: allocate_ids(model, count) for model in (Customer, Lead, DesignProposal, Contract, Project)}
    rows = {model: [] for model in ids}
    tz = get_current_timezone()
    first_customer = ids[Customer][0]
    for i in range(count):
        age = rng.random()
        if age < 0.55:
            state, project_state = ("closed" if age < 0.14 else "completed"), "completed"
            signed_on = today - timedelta(days=rng.randint(125, 730))
        elif age < 0.95:
            state, project_state = "in_construction", "in_progress"
            signed_on = today - timedelta(days=rng.randint(14, 100))
        else:
            state = "signed"
            project_state = rng.choice(["planning", "schedule_submitted", "approved"])
            signed_on = today - timedelta(days=rng.randint(1, 12))
        drafted = datetime.combine(signed_on - timedelta(days=3), dt_time(rng.randint(9, 18)), tzinfo=tz)
        seller = people[i % len(people)]
        pm = pms[i % len(pms)]
        area = rng.choice([68, 75, 89, 95, 110, 125, 140, 160, 220])
        amount = Decimal(area * rng.choice([900, 1100, 1300, 1500]) // 20 * 20)  # 20 equal payments in whole yuan
        customer_id, lead_id, proposal_id = ids[Customer][i], ids[Lead][i], ids[DesignProposal][i]
        contract_id, project_id = ids[Contract][i], ids[Project][i]
        phone = f"+86{PHONE_PREFIX}{(first_customer + i) % 100_000_000:08d}"
        rows[Customer].append({
            "id": customer_id, "kind": "residential", "name": f"工地客户{customer_id}", "phone": phone,
            "phone_digits": phone_digits(phone), "district_id": rng.choice(district_ids),
            "address": f"测试小区{i % 90 + 1}幢",
            "owner_id": seller.pk, "owned_since": drafted, "space_type": "apartment", "area_m2": area,
            "customer_class": "existing", "created_at": drafted - timedelta(days=30), "updated_at": drafted,
        })  # fmt: skip
        rows[Lead].append({
            "id": lead_id, "customer_id": customer_id, "channel": "referral", "owner_id": seller.pk,
            "team_id": seller.team_id, "designer_id": designer.pk, "state": "won", "created_by_id": seller.pk,
            "created_at": drafted - timedelta(days=30), "state_changed_at": drafted + timedelta(days=3),
        })  # fmt: skip
        rows[DesignProposal].append({
            "id": proposal_id, "lead_id": lead_id, "version": 1, "style": "现代简约", "quote_amount": amount,
            "construction_days": 90, "created_by_id": designer.pk, "created_at": drafted - timedelta(days=10),
            "delivered_at": drafted - timedelta(days=9), "delivered_by_id": designer.pk, "response": "accepted",
            "responded_at": drafted - timedelta(days=2), "responded_by_id": seller.pk,
        })  # fmt: skip
        start = signed_on + timedelta(days=7)
        rows[Contract].append({
            "id": contract_id, "number": f"DC-B{contract_id:07d}", "lead_id": lead_id, "proposal_id": proposal_id,
            "customer_id": customer_id, "owner_id": seller.pk, "team_id": seller.team_id, "state": state,
            "state_changed_at": drafted + timedelta(days=3), "scope": f"全屋装修，建筑面积{area}平方米",
            "amount": amount, "start_date": start, "end_date": start + timedelta(days=97),
            "quality_standard": "GB 50210-2018", "payment_terms": "按进度分20期支付",
            "liability_terms": "逾期竣工每日按合同价款万分之五支付违约金", "told_process": True,
            "told_stage_dates": True, "told_customer_duties": True, "told_after_sales_policy": True,
            "briefed_at": drafted, "briefed_by_id": seller.pk, "signed_on": signed_on, "company_sealed": True,
            "customer_signed": True, "copy_to_business": True, "copy_to_finance": True,
            "copy_to_construction": True, "created_at": drafted, "created_by_id": seller.pk,
        })  # fmt: skip
        done = project_state == "completed"
        rows[Project].append({
            "id": project_id, "contract_id": contract_id, "customer_id": customer_id,
            "manager_id": pm.pk, "team_id": seller.team_id, "workers": f"{pm.first_name}班组",
            "inspector": "质检员", "planned_start": start, "planned_end": start + timedelta(days=90),
            "actual_start": start if project_state in ("in_progress", "completed") else None,
            "actual_end": start + timedelta(days=90 + rng.randint(-5, 10)) if done else None,
            "percent_complete": 100 if done else min(99, max(0, (today - start).days * 100 // 90)),
            "state": project_state, "state_changed_at": drafted + timedelta(days=3), "created_at": drafted,
        })  # fmt: skip
    return rows


def _children(first_contract, first_project, today):
    """Everything per contract and per project, one INSERT ... SELECT each."""
    from contracts.models import (
        ChangeAgreement,
        Contract,
        ContractTransition,
        DesignChange,
        PaymentMilestone,
        WarrantyItem,
    )
    from projects.models import Acceptance, ProgressUpdate, Project, ProjectTransition, Stage, StageTemplate

    c, p = _table(Contract), _table(Project)
    mine_c, mine_p = f"{c}.id >= {int(first_contract)}", f"{p}.id >= {int(first_project)}"
    # 20 payments a week apart from the signing: the past ones received (3 % overdue, 2 % partly), the rest due.
    _sql(f"""INSERT INTO {_table(PaymentMilestone)} (contract_id, position, kind, name, amount, percent, due_on,
             due_stage, received_amount, received_on)
         SELECT id, g, CASE g WHEN 1 THEN 'deposit' WHEN 20 THEN 'final' ELSE 'stage' END, '第' || g || '期款',
                amount / 20, 5, due, '', CASE WHEN due >= %(today)s OR (id + g) %% 33 = 0 THEN 0
                     WHEN (id + g) %% 50 = 1 THEN amount / 40 ELSE amount / 20 END,
                CASE WHEN due >= %(today)s OR (id + g) %% 33 = 0 THEN NULL ELSE due + (id %% 5)::int END
         FROM (SELECT id, amount, g, signed_on + (g - 1) * 7 AS due FROM {c}, generate_series(1, 20) g
               WHERE {mine_c}) s""", {"today": today})  # fmt: skip
    _sql(f"""INSERT INTO {_table(WarrantyItem)} (contract_id, name, years, starts_on, ends_on)
         SELECT {c}.id, w.name, w.years, {p}.actual_end, ({p}.actual_end + make_interval(years => w.years))::date
         FROM {c} JOIN {p} ON {p}.contract_id = {c}.id, (VALUES ('基础装修', 2), ('防水', 5)) w(name, years)
         WHERE {mine_c}""")  # fmt: skip
    _sql(f"""INSERT INTO {_table(ContractTransition)} (contract_id, from_state, to_state, event, by_id, at, params,
             note)
         SELECT id, '', 'draft', 'drafted', owner_id, created_at, '{{"version": 1}}'::jsonb, '' FROM {c} WHERE {mine_c}
         UNION ALL SELECT id, 'draft', 'signed', 'signed', owner_id, created_at + interval '3 days',
             jsonb_build_object('number', number), '' FROM {c} WHERE {mine_c}""")  # fmt: skip
    # One change agreement and one signed design change on one contract in ten.
    _sql(f"""INSERT INTO {_table(DesignChange)} (contract_id, number, state, content, reason, estimated_cost,
             requested_at, requested_by_id, impact_design, impact_days, impact_cost, assessed_at, decision_note,
             decided_at, customer_signed_on, drawing, drawing_name, drawing_version, signed_at)
         SELECT id, 1, 'signed', '次卧改为书房', '孩子上学', 0, created_at + interval '10 days', owner_id,
             '衣柜改书柜', 0, 0, created_at + interval '11 days', '客户确认', created_at + interval '12 days',
             signed_on + 12, '', '', NULL, created_at + interval '12 days'
         FROM {c} WHERE {mine_c} AND id %% 10 = 0""")  # fmt: skip
    _sql(f"""INSERT INTO {_table(ChangeAgreement)} (contract_id, number, content, cost_change, extension_days,
             amount_before, amount_after, end_date_before, end_date_after, signed_on, company_sealed,
             customer_signed, created_at, created_by_id)
         SELECT id, 1, '业主要求延后一周', 0, 7, amount, amount, end_date - 7, end_date, signed_on + 5, true, true,
             created_at + interval '8 days', owner_id FROM {c} WHERE {mine_c} AND id %% 10 = 0""")  # fmt: skip
    _sql(f"""INSERT INTO {_table(ProjectTransition)} (project_id, from_state, to_state, event, by_id, at, params,
             note)
         SELECT id, '', 'planning', '', manager_id, created_at, '{{}}', '' FROM {p} WHERE {mine_p}""")  # fmt: skip
    # 8 stages evenly over the planned 90 days; accepted while past (and started), one in twenty blocked.
    _sql(f"""INSERT INTO {_table(Stage)} (project_id, position, code, name, node, planned_start, planned_end,
             actual_start, actual_end, last_result, rectify_by)
         SELECT id, position, code, name, node, ps, pe,
             CASE WHEN started THEN ps END, CASE WHEN result = 'passed' THEN pe END, result,
             CASE WHEN result = 'failed' THEN %(today)s + 5 END
         FROM (SELECT {p}.id, t.position, t.code, t.name, t.node,
                 {p}.planned_start + (t.position - 1) * 90 / 8 AS ps, {p}.planned_start + t.position * 90 / 8 - 1 AS pe,
                 {p}.state IN ('in_progress', 'completed')
                     AND {p}.planned_start + (t.position - 1) * 90 / 8 <= %(today)s AS started,
                 CASE WHEN {p}.state = 'completed' THEN 'passed'
                      WHEN {p}.state <> 'in_progress' THEN ''
                      WHEN {p}.planned_start + t.position * 90 / 8 - 1 < %(today)s THEN 'passed'
                      WHEN {p}.planned_start + (t.position - 1) * 90 / 8 <= %(today)s AND {p}.id %% 20 = 0
                          THEN 'failed'
                      ELSE '' END AS result
               FROM {p}, {_table(StageTemplate)} t WHERE {mine_p} AND t.active) s""", {"today": today})  # fmt: skip
    stage, acceptance = _table(Stage), _table(Acceptance)
    _sql(f"""INSERT INTO {acceptance} (stage_id, node, held_on, customer_attended, designer_attended,
             manager_attended, other_attendees, result, issues, rectify_by, reinspection, recorded_at,
             recorded_by_id)
         SELECT {stage}.id, {stage}.node, COALESCE({stage}.actual_end, %(today)s - 1), true, true, true, '',
             {stage}.last_result,
             CASE WHEN {stage}.last_result = 'failed' THEN '墙面不平' ELSE '' END, {stage}.rectify_by, false,
             COALESCE({stage}.actual_end, %(today)s - 1) + time '17:00', {p}.manager_id
         FROM {stage} JOIN {p} ON {p}.id = {stage}.project_id WHERE {mine_p} AND {stage}.last_result <> ''
         """, {"today": today})  # fmt: skip
    # Weekly updates from the actual start, up to today (or the end): what the customer was told.
    _sql(f"""INSERT INTO {_table(ProgressUpdate)} (project_id, text, percent_complete, posted_at, posted_by_id)
         SELECT id, '本周完成第' || w || '周计划工作', LEAST(99, w * 8), actual_start + w * 7 + time '18:00',
             manager_id
         FROM {p}, generate_series(1, 13) w
         WHERE {mine_p} AND actual_start IS NOT NULL AND actual_start + w * 7 < LEAST(%(today)s, COALESCE(actual_end,
             %(today)s))""", {"today": today})  # fmt: skip


def _update_clocks(first_project, now):
    """The weekly-update clock of every project in progress: running from its last update, overdue for one in ten."""
    from django.contrib.contenttypes.models import ContentType

    from decocrm.core.bulk import bulk_insert
    from decocrm.sla.models import Clock, SlaPolicy
    from decocrm.sla.pending import queue_pending_warnings
    from projects.models import Project

    policy = SlaPolicy.objects.get(kind="progress_update")
    project_ct = ContentType.objects.get_for_model(Project).pk
    clocks = []
    projects = Project.objects.filter(pk__gte=first_project, state="in_progress").select_related("contract", "customer")
    for project in projects.iterator(chunk_size=5000):
        started = now - timedelta(days=9 if project.pk % 10 == 0 else project.pk % 6, hours=project.pk % 7)
        due = started + timedelta(days=7)
        clocks.append({
            "policy_id": policy.pk, "kind": policy.kind, "content_type_id": project_ct, "object_id": project.pk,
            "subject_label": f"{project.contract.number} · {project.customer.name}",
            "subject_url": f"/projects/{project.pk}/", "owner_id": project.manager_id, "team_id": project.team_id,
            "customer_id": project.customer_id, "amount": policy.amount, "unit": policy.unit,
            "started_at": started, "due_at": due, "warn_at": due - timedelta(days=1),
            "state": "breached" if due <= now else "running", "breached_at": due if due <= now else None,
        })  # fmt: skip
    bulk_insert(Clock, clocks)
    queue_pending_warnings(now=now)
    return len(clocks)


def _heavy(pm, seller, today, now):
    """One contract and one project of `pm` with much more than the others, to time the pages at their worst:
    agreements and design changes in every state; a year of weekly updates and re-inspections."""
    from contracts.models import ChangeAgreement, Contract, DesignChange
    from projects.models import Acceptance, ProgressUpdate, Project

    contract = Contract.objects.filter(owner=seller, state="in_construction").order_by("pk").first()
    states = ["requested", "assessed", "accepted", "declined", "signed"]
    for n in range(2, HEAVY_CHANGES + 2):
        state = states[n % len(states)]
        assessed = state != "requested"
        DesignChange.objects.create(
            contract=contract, number=n, state=state, content=f"第{n}项设计变更", reason="客户需要",
            estimated_cost=Decimal(n * 100), requested_at=now - timedelta(days=30 - n), requested_by=seller,
            impact_design="布局调整" if assessed else "", impact_days=n if assessed else None,
            impact_cost=Decimal(n * 100) if assessed else None,
            assessed_at=now - timedelta(days=29 - n) if assessed else None,
        )  # fmt: skip
        ChangeAgreement.objects.create(
            contract=contract, number=n, content=f"第{n}项变更", cost_change=0, extension_days=1,
            amount_before=contract.amount, amount_after=contract.amount, signed_on=today - timedelta(days=30 - n),
            company_sealed=True, customer_signed=True, created_at=now - timedelta(days=30 - n), created_by=seller,
        )  # fmt: skip
    project = (  # the one furthest along: the most stages accepted
        Project.objects.filter(manager=pm, state="in_progress")
        .exclude(contract=contract)
        .order_by("planned_start", "pk")
    ).first()
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(project=project, text=f"第{w}周进展：按计划施工", percent_complete=min(99, w),
                       posted_at=now - timedelta(days=7 * w), posted_by=pm)
        for w in range(1, HEAVY_UPDATES + 1)
    )  # fmt: skip
    for stage in project.stages.exclude(last_result=""):
        Acceptance.objects.bulk_create(
            Acceptance(stage=stage, node=stage.node, held_on=stage.planned_end - timedelta(days=k), result="failed",
                       issues=f"第{k}次验收发现问题", rectify_by=stage.planned_end, customer_attended=True,
                       manager_attended=True, recorded_at=now - timedelta(days=40 + k), recorded_by=pm)
            for k in range(1, 4)
        )  # fmt: skip
    report = Project.objects.filter(manager=pm, state="completed").order_by("-pk").first()
    for stage in report.stages.all():
        Acceptance.objects.create(
            stage=stage, node=stage.node, held_on=stage.planned_end - timedelta(days=1), result="failed",
            issues="复检前的问题", rectify_by=stage.planned_end, customer_attended=True, manager_attended=True,
            recorded_at=now - timedelta(days=200), recorded_by=pm,
        )  # fmt: skip
    return contract, project, report


def _design_change_steps(first_contract):
    """Each design change's steps on the contract's timeline: its request, and the step to where it is now."""
    from contracts.models import DesignChange, DesignChangeTransition

    change, step = _table(DesignChange), _table(DesignChangeTransition)
    _sql(f"""INSERT INTO {step} (change_id, from_state, to_state, event, by_id, at, params, note)
         SELECT id, '', 'requested', 'requested', requested_by_id, requested_at, jsonb_build_object('content', content),
             '' FROM {change} WHERE contract_id >= %(first)s
         UNION ALL SELECT id, 'requested', state, '', requested_by_id, COALESCE(decided_at, assessed_at, requested_at),
             '{{}}'::jsonb, '' FROM {change} WHERE contract_id >= %(first)s AND state <> 'requested'
         """, {"first": first_contract})  # fmt: skip


def seed_contracts(count, *, pms=20, log=print):
    """`count` signed contracts with their world (see the module). Returns the heavy contract, project and report."""
    from django.db import transaction
    from django.utils import timezone

    with transaction.atomic():
        return _seed(count, pms, log, timezone.now(), timezone.localdate())


def _seed(count, pms, log, now, today):
    from contracts.models import Contract
    from customers.models import Customer
    from decocrm.accounts.models import User
    from decocrm.core.bulk import bulk_insert
    from leads.demo_places import ensure_districts
    from leads.demo_scale import ensure_scale_staff
    from leads.models import DesignProposal, Lead
    from projects.models import Project

    started = time.perf_counter()
    rng = random.Random(count)
    people, _ = ensure_scale_staff()
    pm_users = ensure_pms(pms)
    designer = User.objects.get(username="designer")
    district_ids = [d.pk for d in ensure_districts().values()]
    rows = _contract_rows(count, rng, people, pm_users, designer, district_ids, today, now)
    for model in (Customer, Lead, DesignProposal, Contract, Project):
        bulk_insert(model, rows[model])
    _children(rows[Contract][0]["id"], rows[Project][0]["id"], today)
    clocks = _update_clocks(rows[Project][0]["id"], now)
    heavy = _heavy(pm_users[0], people[0], today, now)
    _design_change_steps(rows[Contract][0]["id"])
    log(f"seeded {count:,} contracts and projects ({clocks:,} weekly-update clocks) in "
        f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    return heavy
