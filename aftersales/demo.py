"""The revisits and surveys demo (registered with seed_demo, decocrm.core.demo): the customer relations login
(`service`) records the first revisit due on site (with the signature) and a point the after-sales login
(`aftersales`) still has to answer, and the next by phone, which the manager signs off; surveys answered on a call,
answered low through the link (a follow-up revisit scheduled), and one waiting on its link; an improvement measure
open and one done. Idempotent: seeded once."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from customers.choices import CustomerClass
from customers.models import Customer
from decocrm.accounts.choices import Role
from projects.demo import site_photo

from . import services
from .choices import REVISIT_CLOCK_KINDS
from .models import Revisit, Survey
from .selectors import DUE_STATES

GOOD = {"quality": 5, "attitude": 5, "schedule": 4, "after_sales": 5}


@transaction.atomic
def seed_revisits_and_surveys(*, scale=0, log=print):
    if scale or Revisit.objects.exists() or Survey.objects.exists():
        return
    users = get_user_model().objects
    service = users.filter(username="service", role=Role.CUSTOMER_RELATIONS).first()
    fixer = users.filter(username="aftersales", role=Role.AFTER_SALES).first()
    boss = users.filter(username="manager", role=Role.MANAGER).first()
    if not (service and fixer and boss):
        return
    from decocrm.sla.models import Clock

    now = timezone.now()
    due = Clock.objects.filter(kind__in=REVISIT_CLOCK_KINDS, state__in=DUE_STATES).order_by("due_at")
    recorded = 0
    for n, clock in enumerate(due[:2]):  # the rest stay in the queue
        on_site = {"method": "on_site", "signature": site_photo("signature.png", (250, 250, 250))} if n == 0 else {}
        revisit = services.revisit_record(
            by=service, clock=clock, outcome="客户对完工效果满意，提到阳台门有点紧", satisfaction=4,
            points=["阳台推拉门有点紧"] if n == 0 else [], points_owner=fixer, at=now - timedelta(hours=3 - n),
            **{"method": "phone", **on_site},
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
