"""Demo data for customers and leads (registered with decocrm.core.demo in LeadsConfig.ready).

scale=0: about 40 customers of a Hangzhou home-decoration company, entered through the services with past dates,
one story each, so that every lead state exists, some leads sit in the pool, appeals wait at every level
(demo_appeals), and some clocks ran out; then the SLA sweep runs, so the overdue dashboard, "my deadlines" and the
bell have something to show for `sales`, `sales2` and `manager`.
Idempotent: a story whose customer (by phone) exists is skipped.

scale=N: leads.demo_scale adds N generated leads, set-based (see there).
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from customers.choices import CustomerKind, SpaceType, SpecialNeed, StylePreference
from customers.models import Customer
from decocrm.accounts.models import User
from decocrm.sla.sweep import sla_sweep

from . import services
from .choices import AppointmentKind, Channel, LeadState, RescheduleCause
from .demo_appeals import seed_demo_appeals
from .demo_places import CHANNEL_DETAILS, COMPOUNDS, DISTRICTS, ensure_districts
from .demo_scale import seed_scale
from .models import Lead
from .services import (
    lead_capture,
    lead_log_contact,
    lead_mark_lost,
    lead_mark_won,
    lead_qualify,
    lead_reject,
    lead_release_to_pool,
)

# One row per customer: name, owner (username; None = the pool), channel, story, days ago it was entered.
# Stories (what happened since): see _play. The phones are 1385710xxxx, one per row, by position.
STORIES = [
    ("张伟", "sales", Channel.SHORT_VIDEO, "new", 0),
    ("王芳", "sales", Channel.WECHAT, "new", 1),
    ("李娜", "sales", Channel.HOME_PLATFORM, "new_overdue", 20),
    ("刘洋", "sales2", Channel.SHORT_VIDEO, "new", 0),
    ("陈静", "sales2", Channel.EXPO, "new_overdue", 24),
    ("杨帆", "sales", Channel.WEBSITE, "contacted", 9),
    ("赵磊", "sales", Channel.PHONE, "contacted_late", 30),
    ("黄丽", "sales2", Channel.LIVE_STREAM, "contacted", 5),
    ("周杰", "sales", Channel.WALK_IN, "qualified", 5),
    ("吴敏", "sales", Channel.HOME_PLATFORM, "qualified_overdue", 35),
    ("徐强", "sales2", Channel.GROUND_PROMOTION, "qualified", 4),
    ("孙婷", "sales2", Channel.SHORT_VIDEO, "qualified_overdue", 40),
    ("马超", "sales", Channel.WECHAT, "rejected", 15),
    ("朱琳", "sales2", Channel.HOME_PLATFORM, "rejected", 28),
    ("胡斌", "sales", Channel.EXPO, "measurement_scheduled", 8),
    ("郭晶", "sales2", Channel.DEVELOPER_PARTNER, "measurement_paused", 12),
    ("何涛", "sales", Channel.SHORT_VIDEO, "measured", 10),
    ("林燕", "sales2", Channel.WECHAT, "measured", 14),
    ("高翔", "sales", Channel.REFERRAL, "proposal_delivered", 18),
    ("罗丹", "sales2", Channel.EXPO, "proposal_delivered_late", 45),
    ("郑凯", "sales", Channel.HOME_PLATFORM, "won", 60),
    ("梁爽", "sales", Channel.REFERRAL, "won", 50),
    ("谢宇", "sales2", Channel.WALK_IN, "won", 75),
    ("宋佳", "sales2", Channel.SHORT_VIDEO, "won", 40),
    ("唐亮", "sales", Channel.LIVE_STREAM, "lost", 55),
    ("韩雪", "sales2", Channel.HOME_PLATFORM, "lost", 65),
    ("冯刚", "sales", Channel.PHONE, "lost_early", 33),
    ("邓婷", None, Channel.WEBSITE, "pool", 2),
    ("曹阳", None, Channel.SHORT_VIDEO, "pool", 6),
    ("彭娟", "sales2", Channel.HOME_PLATFORM, "released", 25),
    ("曾鹏", "sales", Channel.WECHAT, "contacted", 3),
    ("肖雨", "sales2", Channel.REFERRAL, "qualified", 2),
    ("田野", "sales", Channel.GROUND_PROMOTION, "new", 2),
    ("董洁", "sales2", Channel.EXPO, "contacted", 7),
    ("潘文", "sales", Channel.DEVELOPER_PARTNER, "won", 85),
    ("袁媛", "sales2", Channel.WECHAT, "measurement_scheduled", 6),
    ("蒋涛", "sales", Channel.SHORT_VIDEO, "rejected", 11),
    ("蔡琴", "sales2", Channel.LIVE_STREAM, "lost", 70),
    ("杭州云栖数智科技有限公司", "sales", Channel.PUBLIC_TENDER, "qualified", 9),
    ("余杰", "sales2", Channel.WALK_IN, "won", 30),
    ("沈冰", "sales", Channel.WECHAT, "proposal_accepted", 20),
    ("钟磊", "sales", Channel.REFERRAL, "proposal_accepted", 26),
    # Older accepted proposals: the contracts and projects demos take them through every state of a contract and
    # its construction project (contracts/demo.py PLOTS), the oldest furthest.
    ("陆远", "sales", Channel.REFERRAL, "proposal_accepted", 200),
    ("方圆", "sales", Channel.WECHAT, "proposal_accepted", 190),
    ("任静", "sales", Channel.HOME_PLATFORM, "proposal_accepted", 180),
    ("姜华", "sales", Channel.SHORT_VIDEO, "proposal_accepted", 170),
    ("崔萌", "sales", Channel.EXPO, "proposal_accepted", 160),
    ("程实", "sales", Channel.WALK_IN, "proposal_accepted", 150),
    ("白露", "sales", Channel.WEBSITE, "proposal_accepted", 140),
]
# The stories past qualification whose lead the demo designer (`designer`) measures and designs; the others were
# worked by their salesperson alone.
DESIGNED = {"measurement_scheduled", "measured", "proposal_delivered", "proposal_accepted"}


DEMO_QUESTIONS = ["卫生间能改成干湿分离吗？", "报价含不含主材？", "承重墙旁边能开门洞吗？", "地暖和木地板能一起做吗？"]


def demo_phone(index: int) -> str:
    return f"1385710{index:04d}"


def customer_needs(rng: random.Random, *, organisation: bool, district) -> dict:
    """Plausible needs of a Hangzhou customer (the same rng gives the same customer every run)."""
    if organisation:
        return {
            "kind": CustomerKind.COMMERCIAL,
            "space_type": SpaceType.OFFICE,
            "area_m2": Decimal(rng.choice([320, 480, 650, 900])),
            "layout": "开放办公区 + 会议室",
            "budget_min": Decimal(400_000),
            "budget_max": Decimal(rng.choice([800_000, 1_200_000])),
            "address": f"{district.name}{rng.choice(['文一西路', '江南大道', '良睦路'])}{rng.randint(1, 999)}号",
        }
    villa = rng.random() < 0.12
    area = rng.randint(180, 420) if villa else rng.choice([68, 89, 95, 110, 125, 140, 160])
    budget = (area * rng.choice([1200, 1600, 2000, 2800])) // 10_000 * 10_000 or 80_000
    compound = rng.choice(COMPOUNDS[district.name])
    return {
        "kind": CustomerKind.RESIDENTIAL,
        "space_type": SpaceType.VILLA if villa else SpaceType.APARTMENT,
        "area_m2": Decimal(area),
        "layout": rng.choice(["两室一厅", "三室两厅", "三室一厅", "四室两厅"]) if not villa else "独栋三层",
        "style_preference": rng.choice(StylePreference.values[:-1]),
        "budget_min": Decimal(budget),
        "budget_max": Decimal(budget + rng.choice([50_000, 100_000, 200_000])),
        "expected_start": timezone.localdate() + timedelta(days=rng.randint(20, 150)),
        "special_needs": rng.sample(SpecialNeed.values, rng.choice([0, 0, 1, 1, 2])),
        "address": f"{district.name}{compound}{rng.randint(1, 30)}幢{rng.randint(1, 3)}单元{rng.randint(101, 2802)}室",
    }


def _advance(lead, state, *, by, at):
    """Measurement and proposal steps, through the design services (as the designer or salesperson would click
    them)."""
    if state == LeadState.MEASUREMENT_SCHEDULED:
        services.appointment_book(
            lead=lead,
            by=by,
            kind=AppointmentKind.MEASUREMENT,
            scheduled_at=at + timedelta(days=1),
            place=lead.customer.address or "客户家中",
            at=at,
        )
    elif state == LeadState.MEASURED:
        services.measurement_record(
            lead=lead,
            by=by,
            held_at=at,
            rooms=[
                {"name": "客厅", "length_m": Decimal("5.20"), "width_m": Decimal("4.00"), "height_m": Decimal("2.80")},
                {"name": "主卧", "length_m": Decimal("4.00"), "width_m": Decimal("3.50")},
            ],
            orientation="南北通透",
            at=at,
        )
    elif state == LeadState.PROPOSAL_DELIVERED:
        proposal = services.proposal_add(
            lead=lead, by=by, style="现代简约", quote_amount=Decimal("186000"), construction_days=90, at=at
        )
        services.proposal_deliver(proposal=proposal, by=by, at=at)
    return Lead.objects.get(pk=lead.pk)


def _contact(lead, by, at, summary="电话沟通需求，客户同意加微信发案例"):
    lead_log_contact(lead=lead, by=by, channel="phone", summary=summary, next_step="约时间到店/量房", at=at)


def _play(lead, story, *, by, manager, entered, rng, designer=None):  # noqa: C901 - one branch per story
    day = timedelta(days=1)
    hour = timedelta(hours=1)
    if story in ("new", "new_overdue", "pool"):
        return
    if story == "released":  # the first-contact clock ran out and the manager returned the lead to the pool
        lead_release_to_pool(lead=lead, by=manager, note="首联超时，退回公海", at=entered + 6 * day)
        return
    if story == "lost_early":
        _contact(lead, by, entered + 3 * hour)
        lead_qualify(lead=lead, by=by, at=entered + day)
        lead_mark_lost(lead=lead, by=by, reason="unreachable", note="多次电话未接", at=entered + 12 * day)
        return
    _contact(lead, by, entered + (9 * day if story == "contacted_late" else rng.randint(1, 20) * hour))
    if story in ("contacted", "contacted_late"):
        return
    if story == "rejected":
        lead_reject(lead=lead, by=by, reason=rng.choice(["no_real_demand", "low_potential", "mismatch"]),
                    note="只是了解行情", at=entered + 2 * day)  # fmt: skip
        return
    lead_qualify(lead=lead, by=by, note="需求明确，预算匹配", at=entered + day)
    if story in ("qualified", "qualified_overdue"):
        return
    if designer is not None and story in DESIGNED:
        services.lead_assign_designer(lead=lead, by=by, designer=designer, note="量房+方案", at=entered + day + hour)
        by = designer  # the designer books, measures and designs from here on (seed 001 §4)
    if story == "measurement_paused":  # the customer put off the talk before the visit: the booking clock waits
        consultation = services.appointment_book(
            lead=lead,
            by=by,
            kind=AppointmentKind.CONSULTATION,
            scheduled_at=entered + 3 * day,
            place="门店",
            at=entered + day,
        )
        services.appointment_reschedule(appointment=consultation, by=by, scheduled_at=entered + 30 * day,
                                        cause=RescheduleCause.CUSTOMER, reason="客户出差，面谈推迟",
                                        at=entered + day + hour)  # fmt: skip
        return
    lead = _advance(lead, LeadState.MEASUREMENT_SCHEDULED, by=by, at=entered + 2 * day)
    if story == "measurement_scheduled":
        return
    lead = _advance(lead, LeadState.MEASURED, by=by, at=entered + 3 * day)
    if story == "measured":
        return
    late = story == "proposal_delivered_late"
    lead = _advance(lead, LeadState.PROPOSAL_DELIVERED, by=by, at=entered + (14 if late else 6) * day)
    if story.startswith("proposal_delivered"):
        return
    if story in ("won", "proposal_accepted"):
        proposal = lead.proposals.get()
        services.proposal_record_response(proposal=proposal, by=by, response="accepted", at=entered + 10 * day)
    if story == "won":
        lead_mark_won(lead=lead, by=by, note="合同已签订", at=entered + 12 * day)
    elif story == "lost":
        lead_mark_lost(lead=lead, by=by, reason=rng.choice(["price", "competitor", "design"]), at=entered + 15 * day)


@transaction.atomic
def seed_demo_leads(log=print) -> int:
    """The story set (idempotent). Returns how many leads it created."""
    now = timezone.now()
    names = ["sales", "sales2", "manager", "gm", "designer"]
    users = {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}
    if not {"sales", "sales2", "manager"} <= users.keys():
        log("Leads demo skipped: the demo staff (sales, sales2, manager) are missing.")
        return 0
    districts = ensure_districts()
    created = 0
    first_won = None
    for index, (name, owner, channel, story, days_ago) in enumerate(STORIES):
        rng = random.Random(index)
        phone = demo_phone(index)
        existing = Customer.objects.filter(phone=f"+86{phone}").first()
        if existing is not None:
            if story == "won" and first_won is None:
                first_won = existing
            continue
        organisation = name.endswith("公司")
        district = districts[DISTRICTS[rng.randrange(len(DISTRICTS))][0]]
        entered = now - timedelta(days=days_ago, hours=rng.randint(0, 6), minutes=rng.randint(0, 59))
        by = users[owner] if owner else users["manager"]
        referral = {}
        if channel == Channel.REFERRAL:
            referral = {"referred_by_customer": first_won} if first_won else {"referred_by_partner": "万科物业 周经理"}
        lead = lead_capture(
            by=by,
            owner=users[owner] if owner else None,
            channel=channel,
            channel_detail=rng.choice(CHANNEL_DETAILS[channel]),
            name=name,
            phone=phone,
            is_organisation=organisation,
            district=district,
            enquiry=rng.choice(["新房毛坯装修", "老房翻新", "局部改造：厨卫", "精装房软装升级", "办公室装修"]),
            # every fourth customer asked what could not be answered on the spot: a consultation-reply clock
            question=rng.choice(DEMO_QUESTIONS) if index % 4 == 1 else "",
            at=entered,
            **referral,
            **customer_needs(rng, organisation=organisation, district=district),
        )
        designer = users.get("designer") if owner == "sales" else None
        _play(lead, story, by=by, manager=users["manager"], entered=entered, rng=rng, designer=designer)
        if story == "won" and first_won is None:
            first_won = lead.customer
        created += 1
    collisions = seed_demo_appeals(users, now, demo_phone)
    result = sla_sweep(now=now)
    log(f"Leads demo: {created} leads created ({Lead.objects.count()} in all), {collisions} collisions appealed; "
        f"SLA sweep: {result}")  # fmt: skip
    return created


def seed(*, scale=0, log=print):
    """The seeder seed_demo calls (decocrm.core.demo)."""
    seed_demo_leads(log=log)
    if scale:
        seed_scale(scale, log=log)
