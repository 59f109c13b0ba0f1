"""The complaints demo (registered with seed_demo, decocrm.core.demo): complaints in every state, received by the
demo customer-relations login `service`, against `sales2` of 销售一部 (so that team's `manager` follows them), about
customers `sales` owns: a repeat that is major (the general manager `gm` approves its solution), an anonymous one,
one closed and revisited; the archivist is put in the legal group. Idempotent: nothing is added once `service` has
received a complaint. scale=N adds nothing (bench/complaints.py
generates its complaints with demo_scale.seed_scale)."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from customers.models import Customer
from decocrm.accounts.models import User
from decocrm.sla.sweep import sla_sweep

from . import services as s
from .choices import Category, Channel, MajorReason, Satisfaction
from .models import Complaint
from .services.escalation import LEGAL_GROUP

# (content, demand, channel, stated major reasons, how far it goes, days ago, anonymous)
STORIES = [
    ("客厅墙面开裂，施工队一直没人来处理", "尽快上门修补", Channel.HOTLINE, [], "received", 0.1, False),
    ("设计师承诺的效果图迟迟未出", "三天内给出效果图", Channel.WECHAT, [], "assigned", 0.5, False),
    ("卫生间地砖空鼓，多次反映无果", "返工并赔偿误工", Channel.VISIT, [], "investigating", 1, False),
    ("橱柜尺寸做错，无法安装", "退换橱柜", Channel.HOTLINE, [MajorReason.REFUND], "solution_proposed", 2, False),
    ("工人施工噪音扰民，物业投诉", "赔礼道歉", Channel.LETTER, [], "approved", 3, False),
    ("油漆味道大，怀疑材料不环保", "出具检测报告", Channel.ONLINE, [], "resolved", 4, False),
    ("售后维修人员态度差", "道歉", Channel.HOTLINE, [], "closed", 8, True),
    ("延期交付两周", "按合同赔偿", Channel.HOTLINE, [], "revisited", 12, False),
]
STEPS = ["received", "assigned", "investigating", "solution_proposed", "approved", "resolved", "closed", "revisited"]


@transaction.atomic
def seed(*, scale=0, log=print):
    if scale:  # the generated complaints are bench/complaints.py's (demo_scale.seed_scale), not every benchmark's
        return
    users = {u.username: u for u in User.objects.filter(username__in=["gm", "manager", "service", "sales2",
                                                                        "archivist"])}  # fmt: skip
    if len({"gm", "manager", "service", "sales2"} - set(users)):
        return
    service, accused = users["service"], users["sales2"]
    if Complaint.objects.filter(received_by=service).exists():
        return
    group = Group.objects.filter(name=LEGAL_GROUP).first()
    if group is not None and "archivist" in users:
        users["archivist"].groups.add(group)
    customers = list(Customer.objects.filter(owner__username="sales").order_by("pk")[:4])
    now = timezone.now()
    # Oldest first (a repeat is found among earlier complaints). Four customers on file, two complainants known by
    # name only, one anonymous; the refund story is the revisited story's customer again within 90 days: a repeat.
    slots = {0: 0, 1: 1, 2: 2, 3: 3, 7: 3}
    for index, (content, demand, channel, reasons, upto, days_ago, anonymous) in sorted(
        enumerate(STORIES), key=lambda item: -item[1][5]
    ):
        at = now - timedelta(days=days_ago)
        slot = slots.get(index)
        customer = customers[slot] if slot is not None and slot < len(customers) and not anonymous else None
        complaint = s.complaint_record(
            by=service, channel=channel, content=content, demand=demand, customer=customer, anonymous=anonymous,
            complainant_name="" if customer or anonymous else "业主", accused_staff=accused,
            accused_team=accused.team, major_reasons=[str(r) for r in reasons], at=at,
            evidence=[_photo(f"现场{index + 1}.png")] if index % 2 else [],
        )  # fmt: skip
        _advance(complaint, STEPS.index(upto), service=service, gm=users["gm"], manager=users["manager"], at=at)
    # The sweep records what is overdue now (leads' demo swept before these clocks existed): a second run adds nothing.
    sla_sweep(now=now)
    log(f"Complaints demo: {len(STORIES)} complaints in every state for `service` and `manager`.")


def _photo(name):
    """A small site photo (a plain PNG) as the complainant's evidence."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (96, 64), (214, 196, 170)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _advance(complaint, steps, *, service, gm, manager, at):
    hour = timedelta(hours=1)
    if steps >= 1:
        complaint = s.complaint_assign(complaint=complaint, handler=service, by=service, at=at + hour)
    if steps >= 2:
        complaint = s.complaint_start_investigation(complaint=complaint, by=service, at=at + 2 * hour)
    if complaint.is_major and steps >= 2:
        complaint = s.complaint_report_to_management(complaint=complaint, by=service, at=at + 3 * hour,
                                                     report="已报总经理和法务部，当日召开危机处理会议")  # fmt: skip
    if steps >= 3:
        complaint = s.complaint_propose_solution(
            complaint=complaint, by=service, at=at + 4 * hour, investigation="现场核实，情况属实",
            category=Category.CONSTRUCTION, justified=True, demand_reasonable=True, corrective_action="加强班组交底",
            solution="上门返工并书面致歉", compensation="8000" if steps == 4 else "800",
        )  # fmt: skip
    if steps >= 4 and complaint.approval:
        approver = gm if complaint.approval == "general_manager" else manager
        complaint = s.complaint_review_solution(complaint=complaint, by=approver, approve=True, at=at + 5 * hour)
    if steps >= 5:
        complaint = s.complaint_feed_back(complaint=complaint, by=service, feedback="客户接受", at=at + 6 * hour)
    if steps >= 6:
        complaint = s.complaint_close(complaint=complaint, by=service, satisfaction=Satisfaction.SATISFIED,
                                      at=at + 26 * hour)  # fmt: skip
    if steps >= 7:
        s.complaint_revisit_done(complaint=complaint, by=service, at=at + 50 * hour)
