"""Demo key accounts (registered with decocrm.core.demo in CustomersConfig.ready): three organisations marked by
the general manager, with a running contact cadence, one breached, a logged contact, a visit awaiting its record
and an open request; `manager` is put in the sales department head's group. Idempotent: a story whose customer
exists is skipped. scale=N adds nothing."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from decocrm.accounts.models import User
from decocrm.sla.sweep import sla_sweep

from .choices import CustomerClass, CustomerKind, KeyContactKind, KeyRequestChannel, KeyTier
from .models import Customer
from .permissions import SALES_HEAD_GROUP
from .services import (
    customer_create,
    customer_set_key_account,
    district_ensure,
    key_account_log_contact,
    key_account_request_record,
)

# name, phone, account manager, tier, marked (days ago), contacts [(kind, days ago, note)], request (hours ago)
STORIES = [
    ("杭州湖滨酒店管理有限公司", "+86-571-87010001", "sales", KeyTier.CORE, 6,
     [(KeyContactKind.CALL, 4, "确认春节前客房软装翻新计划")], 3),
    ("浙江之江置业有限公司", "+86-571-87010002", "sales2", KeyTier.ORDINARY, 30, [], None),
    ("钱塘家居经销有限公司", "+86-571-87010003", "sales", KeyTier.CORE, 10,
     [(KeyContactKind.VISIT, 0.2, "到店拜访采购部，带新品样册")], None),
]  # fmt: skip


@transaction.atomic
def seed_key_accounts(scale=0, log=print):
    if scale:
        return
    users = {user.username: user for user in User.objects.filter(username__in=["gm", "manager", "sales", "sales2"])}
    if len(users) < 4:
        return
    group = Group.objects.filter(name=SALES_HEAD_GROUP).first()
    if group is not None:
        users["manager"].groups.add(group)
    now, day = timezone.now(), timedelta(days=1)
    district = district_ensure(name="上城区", city="杭州市", is_urban=True)  # one of the leads demo's districts
    made = 0
    for name, phone, manager, tier, marked_ago, contacts, request_ago in STORIES:
        if Customer.objects.filter(name=name).exists():
            continue
        customer = customer_create(
            by=users["gm"], owner=users[manager], name=name, phone=phone, is_organisation=True,
            kind=CustomerKind.COMMERCIAL, customer_class=CustomerClass.EXISTING, district=district,
        )  # fmt: skip
        customer_set_key_account(
            customer=customer, by=users["gm"], is_key_account=True, tier=tier, account_manager=users[manager],
            at=now - marked_ago * day,
        )  # fmt: skip
        for kind, days_ago, note in contacts:
            key_account_log_contact(customer=customer, by=users[manager], kind=kind, at=now - days_ago * day, note=note)
        if request_ago is not None:
            key_account_request_record(
                customer=customer, by=users[manager], content="客房区 40 间窗帘需在春节前更换，请给出方案和报价",
                channel=KeyRequestChannel.WECHAT, at=now - timedelta(hours=request_ago),
            )  # fmt: skip
        made += 1
    if made:
        sla_sweep(now=now)
    log(f"key accounts: {made} added ('manager' is the sales department head)")
