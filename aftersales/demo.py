"""The after-sales demo (registered with seed_demo, decocrm.core.demo): repair tickets in every state for the demo
after-sales login (`aftersales`), on the customers the earlier demos built for; one project is taken through its
stages to the completion acceptance so that some tickets fall under warranty. Idempotent: nothing is added once the
demo tickets exist.

The revisits and surveys demo (registered with seed_demo, decocrm.core.demo): the customer relations login
(`service`) records the first revisit due on site (with the signature) and a point the after-sales login
(`aftersales`) still has to answer, and the next, which the manager signs off; surveys answered on a call,
answered low through the link (a follow-up revisit scheduled), and one waiting on its link; an improvement measure
open and one done. Idempotent: seeded once."""

import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from customers.choices import CustomerClass
from customers.models import Customer
from decocrm.accounts.choices import Role
from projects.choices import ProjectState
from projects.demo import site_photo
from projects.models import Project

from . import services
from .choices import REVISIT_CLOCK_KINDS, AcceptanceMethod, Channel, TicketState
from .models import RepairTicket, Revisit, Survey
from .selectors import DUE_STATES

STEPS = [
    TicketState.RECORDED, TicketState.ASSESSED, TicketState.DISPATCHED, TicketState.ON_SITE, TicketState.REPAIRED,
    TicketState.ACCEPTED, TicketState.CLOSED, TicketState.CANCELLED,
]  # fmt: skip
ITEMS = [("卫生间地面渗水", "楼下邻居反映天花有水印"), ("客厅墙面开裂", "沿石膏线出现细裂缝"),
         ("橱柜门下沉", "左侧吊柜门关不严"), ("阳台地漏返味", "下雨后有异味"), ("主卧插座不通电", "床头两个插座无电"),
         ("厨房瓷砖空鼓", "敲击有空响"), ("次卧门锁损坏", "锁舌卡住"), ("墙面涂料起皮", "飘窗下方起皮")]  # fmt: skip


def _complete(project, boss, pm):
    """Approve and run one project through every stage to the completion acceptance (the warranty starts)."""
    from projects import services as works

    today = timezone.localdate()
    if project.manager_id is None:
        works.project_assign_manager(project=project, manager=pm, by=boss)
    if project.state == ProjectState.PLANNING:
        dates = {stage.code: (today, today) for stage in project.stages.all()}
        works.project_plan_stages(project=project, by=pm, dates=dates)
        works.project_submit_schedule(project=project, by=pm)
    if project.state in (ProjectState.PLANNING, ProjectState.SCHEDULE_SUBMITTED):
        works.project_review_schedule(project=Project.objects.get(pk=project.pk), by=boss, approve=True)
    for stage in project.stages.all():
        works.stage_start(stage=stage, by=pm, started_on=today)
        works.acceptance_record(stage=stage, by=pm, held_on=today, result="passed", customer_attended=True,
                                designer_attended=True, manager_attended=True)  # fmt: skip
    return Project.objects.get(pk=project.pk)


def _png(name, color):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _walk(ticket, target, technician):
    now = timezone.now()
    if target == TicketState.CANCELLED:
        return services.ticket_cancel(ticket=ticket, by=technician, reason="客户已自行处理")
    steps = STEPS[STEPS.index(TicketState.RECORDED) + 1 : STEPS.index(target) + 1]
    for step in steps:
        if step == TicketState.ASSESSED:
            quote = None if ticket.in_warranty else 200
            ticket = services.ticket_assess(
                ticket=ticket,
                by=technician,
                nature="other",
                severity="ordinary",
                plan="上门检查后修复",
                quote_amount=quote,
            )
            if not ticket.in_warranty and target != TicketState.ASSESSED:
                ticket = services.ticket_accept_quote(ticket=ticket, by=technician)
        elif step == TicketState.DISPATCHED:
            ticket = services.ticket_dispatch(ticket=ticket, by=technician, technician=technician,
                                              appointment_at=now, customer_notified=True)  # fmt: skip
        elif step == TicketState.ON_SITE:
            ticket = services.ticket_arrive(ticket=ticket, by=technician)
        elif step == TicketState.REPAIRED:
            ticket = services.ticket_repair(ticket=ticket, by=technician, report="已修复并清理现场")
        elif step == TicketState.ACCEPTED:
            ticket = services.ticket_customer_accept(
                ticket=ticket, by=technician, method=AcceptanceMethod.SIGNATURE, name=ticket.contact_name,
                signature=_png("签名.png", (40, 40, 40)),
            )  # fmt: skip
        elif step == TicketState.CLOSED:
            ticket = services.ticket_close(ticket=ticket, by=technician)
    return ticket


@transaction.atomic
def seed(*, scale=0, log=print):
    if scale:
        return
    users = get_user_model().objects
    technician = users.filter(username="aftersales", role=Role.AFTER_SALES).first()
    boss = users.filter(role=Role.MANAGER, company_wide=True, is_active=True).first()
    pm = users.filter(username="pm", role=Role.PROJECT_MANAGER).first()
    if technician is None or boss is None or RepairTicket.objects.exists():
        return
    projects = list(Project.objects.select_related("customer", "contract").order_by("pk"))
    if not projects:
        return
    completed = next((p for p in projects if p.state == ProjectState.COMPLETED), None)
    if completed is None and pm is not None:
        completed = _complete(projects[0], boss, pm)
    for index, target in enumerate(STEPS):
        project = completed if completed is not None and index % 2 == 0 else projects[index % len(projects)]
        if project.state != ProjectState.COMPLETED:
            project = None
        customer = project.customer if project else projects[index % len(projects)].customer
        item = project.contract.warranty_items.first() if project else None
        name, description = ITEMS[index % len(ITEMS)]
        ticket = services.ticket_record(
            customer=customer, by=technician, item=name, description=description,
            channel=list(Channel)[index % len(Channel)], contact_checked=True, contact_name=customer.name,
            contact_phone=customer.phone or "13800000000", project=project, warranty_item=item,
            photos=[_png("现场.png", (180, 120, 90))],
        )  # fmt: skip
        _walk(ticket, target, technician)
    # One more, unassigned (recorded by a manager), for the after-sales staff to take.
    services.ticket_record(customer=projects[-1].customer, by=boss, item="门窗密封条脱落", description="客户来电",
                           channel=Channel.CALL, contact_checked=True, contact_name=projects[-1].customer.name,
                           contact_phone=projects[-1].customer.phone or "13800000000")  # fmt: skip
    log(f"After-sales demo: {RepairTicket.objects.count()} repair tickets, one in each state.")


GOOD = {"quality": 5, "attitude": 5, "schedule": 4, "after_sales": 5}


@transaction.atomic
def seed_revisits_and_surveys(*, scale=0, log=print):
    # Surveys the flows schedule themselves (a ticket closed, a project completed) may exist already: this seeder's
    # mark is a revisit, or a survey it answered.
    if scale or Revisit.objects.exists() or Survey.objects.filter(answered_at__isnull=False).exists():
        return
    users = get_user_model().objects
    service = users.filter(username="service", role=Role.CUSTOMER_RELATIONS).first()
    fixer = users.filter(username="aftersales", role=Role.AFTER_SALES).first()
    # the supervisor who signs off: a manager over every team (the demo's teams are not customer relations')
    boss = users.filter(role=Role.MANAGER, company_wide=True, is_active=True).order_by("pk").first()
    if not (service and fixer and boss):
        return
    from decocrm.sla.models import Clock

    now = timezone.now()
    due = Clock.objects.filter(kind__in=REVISIT_CLOCK_KINDS, state__in=DUE_STATES).order_by("due_at")
    recorded = 0
    for n, clock in enumerate(due[:2]):  # the rest stay in the queue
        on_site = {"method": "on_site", "signature": site_photo(f"signature-{n}.png", (250, 250, 250))}
        revisit = services.revisit_record(
            by=service, clock=clock, outcome="客户对完工效果满意，提到阳台门有点紧", satisfaction=4,
            points=["阳台推拉门有点紧"] if n == 0 else [], points_owner=fixer, at=now - timedelta(hours=3 - n),
            **on_site,
        )  # fmt: skip
        if n == 1:
            services.revisit_sign_off(revisit=revisit, by=boss, note="核实无误", at=now - timedelta(hours=1))
        recorded += 1
    formal = list(Customer.objects.exclude(customer_class=CustomerClass.POTENTIAL).order_by("pk")[:3])
    for n, customer in enumerate(formal):
        survey = services.survey_create(customer=customer, by=service, kind="after_completion", staff=fixer,
                                        at=now - timedelta(days=2))  # fmt: skip
        if n == 0:
            services.survey_record(survey=survey, by=service, scores=GOOD, recommend=9, suggestions="师傅很细心",
                                   at=now - timedelta(days=1))  # fmt: skip
            measure = services.improvement_add(survey=survey, by=service, text="完工后当天电话回访", responsible=fixer)
            services.improvement_done(measure=measure, by=fixer, note="已写入售后流程")
        elif n == 1:
            token = services.survey_issue_link(survey=survey, by=service, at=now - timedelta(days=2))
            services.survey_answer_by_link(token=token, scores={**GOOD, "schedule": 2}, recommend=6,
                                           suggestions="工期比说好的晚了一周", at=now - timedelta(days=1))  # fmt: skip
            services.improvement_add(survey=survey, by=service, text="开工前与客户确认工期节点", responsible=boss)
        else:
            services.survey_issue_link(survey=survey, by=service, at=now - timedelta(hours=5))
    log(f"After-sales demo: {recorded} revisits recorded, {len(formal)} surveys.")
