"""Demo appeals at every level of the chain (seed 003 §5), played through the services: one waiting at the
department manager, one at quality control, one at the general office, and one decided at each level (quality
control may send the department's decision back for review, the general office quality control's). Quality control
is `qc` (created here, in the capability group a superuser would fill); the general office is `gm`. Idempotent: a
collision already recorded is skipped."""

from datetime import timedelta

from django.contrib.auth.models import Group

from customers.models import Customer
from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from decocrm.accounts.services import staff_create
from decocrm.core.demo import DEMO_PASSWORD

from .models import Collision
from .permissions import GENERAL_OFFICE_GROUP, QUALITY_CONTROL_GROUP
from .services import LeadCollisionError, appeal_decide, appeal_escalate, appeal_open, lead_capture

# (row of the customer in demo.STORIES, who enters it again, the name they typed, channel, reason, steps)
# Steps: ("escalate", by, reason) or ("decide", by, decision, note).
APPEALS = [
    (5, "sales2", "杨先生", "short_video", "客户是我在抖音直播间先接待的，有聊天记录为证", []),
    (8, "sales2", "周先生", "expo", "展会当天客户在我这里登记并留了电话", [
        ("escalate", "manager", "两人各有登记，部门内协商不成"),
    ]),
    (10, "sales", "徐先生", "walk_in", "客户到店点名找我，之前一直是我在跟", [
        ("escalate", "manager", "涉及两人业绩，需品控核实来源"),
        ("escalate", "qc", "来源记录相互矛盾，提请总经办裁定"),
    ]),
    (16, "sales2", "何先生", "wechat", "客户先加了我的微信", [("decide", "manager", "keep", "原跟进人已量房，维持")]),
    (17, "sales", "林女士", "phone", "老客户介绍给我的", [
        ("escalate", "manager", "转介绍人说法不一"),
        ("decide", "qc", "keep", "核实来电记录，原跟进人在先"),
    ]),
    (22, "sales", "谢先生", "walk_in", "签约前客户说是冲着我来的", [
        ("escalate", "manager", "已签约客户，部门无权改判"),
        ("escalate", "qc", "涉及已签合同，提请总经办"),
        ("decide", "gm", "keep", "已签约，维持原签约人"),
    ]),
]  # fmt: skip


def ensure_appeal_staff(users):
    """`qc` (quality control) and `gm` (general office) in their groups."""
    qc = User.objects.filter(username="qc").first() or staff_create(
        username="qc",
        password=DEMO_PASSWORD,
        role=Role.MANAGER,
        first_name="品控",
        last_name="孔",
        email="qc@decocrm.local",
    )
    qc.groups.add(Group.objects.get(name=QUALITY_CONTROL_GROUP))
    if "gm" in users:
        users["gm"].groups.add(Group.objects.get(name=GENERAL_OFFICE_GROUP))
    users["qc"] = qc
    return users


def seed_demo_appeals(users, now, phone_of) -> int:
    """Returns how many appeals it filed."""
    users = ensure_appeal_staff(dict(users))
    filed = 0
    for row, by_name, name, channel, reason, steps in APPEALS:
        by = users[by_name]
        customer = Customer.objects.filter(phone=f"+86{phone_of(row)}").first()
        if customer is None or Collision.objects.filter(attempted_by=by, customer=customer).exists():
            continue
        if any(users.get(step[1]) is None for step in steps):
            continue
        at = now - timedelta(hours=30)
        try:
            lead_capture(by=by, channel=channel, name=name, phone=phone_of(row), at=at)
        except LeadCollisionError as error:
            appeal = appeal_open(collision=error.collision, by=by, reason=reason, at=at + timedelta(hours=1))
        else:  # not someone else's customer after all
            continue
        for hours, step in enumerate(steps, start=2):
            when = at + timedelta(hours=hours * 3)
            if step[0] == "escalate":
                appeal = appeal_escalate(appeal=appeal, by=users[step[1]], reason=step[2], at=when)
            else:
                appeal = appeal_decide(appeal=appeal, by=users[step[1]], decision=step[2], note=step[3], at=when)
        filed += 1
    return filed
