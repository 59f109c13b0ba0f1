"""The contracts demo (registered with seed_demo, decocrm.core.demo): a contract for each demo lead whose customer
accepted a proposal, the oldest furthest along (PLOTS): signed ones whose construction projects the projects demo
takes to completion, to a blocked stage with overdue updates, and through the schedule's review; one terminated
(its project stopped); the newest drafts ready to sign, so a new user can sign one. Deposits left unpaid are
overdue receivables. Idempotent: only leads without a contract are played."""

import io
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfWriter

from leads.choices import LeadState
from leads.models import Lead

from . import services
from .models import Contract
from .permissions import can_assess_design_change


def _blank_pdf(name):
    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def _complete(contract, by, at):
    today = timezone.localdate(at)
    services.contract_update_terms(
        contract=contract, by=by, start_date=today + timedelta(days=7), end_date=today + timedelta(days=97),
        quality_standard="GB 50210-2018 建筑装饰装修工程质量验收标准", payment_terms="定金30%，中期款40%，尾款30%",
        liability_terms="逾期竣工每日按合同价款万分之五支付违约金",
    )  # fmt: skip
    services.contract_record_briefing(
        contract=contract, by=by, told_process=True, told_stage_dates=True, told_customer_duties=True,
        told_after_sales_policy=True, at=at,
    )  # fmt: skip
    services.contract_set_schedule(
        contract=contract,
        by=by,
        milestones=[
            {"kind": "deposit", "name": "定金", "percent": "30", "due_on": today + timedelta(days=3)},
            {"kind": "stage", "name": "中期款", "percent": "40", "due_stage": "masonry"},
            {"kind": "final", "name": "尾款", "percent": "30", "due_stage": "completion"},
        ],
    )
    services.contract_add_file(contract=contract, by=by, kind="survey", upload=_blank_pdf("客户调查表.pdf"), at=at)


def _changed(contract, lead):
    """A change agreement (a week more) and a design change the customer signed, with its drawing v2."""
    by, today = lead.owner, timezone.localdate()
    services.contract_change_agreement(
        contract=contract, by=by, content="业主要求延后开工一周", extension_days=7, signed_on=today,
        company_sealed=True, customer_signed=True,
    )  # fmt: skip
    change = services.design_change_request(contract=contract, by=by, content="次卧改为书房", reason="孩子上学")
    assessor = lead.designer or by
    if not can_assess_design_change(assessor, contract):
        return  # left for the designer to assess
    change = services.design_change_assess(
        change=change, by=assessor, impact_design="次卧衣柜改书柜，增加书桌", impact_days=0, impact_cost=0
    )
    change = services.design_change_decide(change=change, by=by, accepted=True, note="客户确认")
    services.design_change_sign(change=change, by=by, signed_on=today, drawing=_blank_pdf("书房变更图.pdf"))


# (plot, days ago the contract was drafted), oldest lead first; the leads past the list are left as drafts. The
# projects demo plays each signed contract's project by the same plot (projects/demo.py).
PLOTS = (
    ("completed", 110),
    ("construction", 60),
    ("terminated", 50),
    ("approved", 20),
    ("returned", 15),
    ("submitted", 10),
    ("planning", 8),
)
DRAFT_DAYS_AGO = 2


def evening(day):
    return datetime.combine(day, time(18), tzinfo=timezone.get_default_timezone())


def _pay(contract, by, milestones, received_on):
    for milestone in milestones:
        services.milestone_record_payment(
            milestone=milestone, by=by, amount=milestone.amount, received_on=received_on, at=evening(received_on)
        )


def _play(contract, lead, plot):
    """Sign the contract the day after drafting, and what its plot adds on the contracts side."""
    by = lead.owner
    signed_on = timezone.localdate(contract.created_at) + timedelta(days=1)
    services.contract_sign(
        contract=contract, by=by, signed_on=signed_on, company_sealed=True, customer_signed=True,
        copy_to_business=True, copy_to_finance=True, copy_to_construction=True, at=evening(signed_on),
    )  # fmt: skip
    milestones = list(contract.milestones.order_by("position"))
    if plot == "completed":  # every payment in (the stage payments when their stages were accepted)
        _pay(contract, by, milestones[:1], signed_on + timedelta(days=2))
        _pay(contract, by, milestones[1:], timezone.localdate() - timedelta(days=20))
    elif plot == "construction":
        _pay(contract, by, milestones[:1], signed_on + timedelta(days=2))
        _changed(contract, lead)
    elif plot == "terminated":
        ended_on = signed_on + timedelta(days=10)
        services.contract_terminate(
            contract=contract, by=by, reason="业主房屋出售，不再装修", liability="双方协商一致，互不追究违约责任",
            settlement_amount="5000", signed_on=ended_on, company_sealed=True, customer_signed=True,
            at=evening(ended_on),
        )  # fmt: skip
    # the others keep their deposit unpaid: overdue receivables, told to the salesperson and the team's manager


@transaction.atomic
def seed(*, scale=0, log=print):
    if scale:
        return  # the story set only; a benchmark run of contracts makes its own
    leads = (
        Lead.objects.filter(state=LeadState.PROPOSAL_ACCEPTED, contracts__isnull=True, owner__isnull=False)
        .filter(proposals__response="accepted", proposals__quote_amount__isnull=False)
        .distinct()
        .select_related("owner", "designer")
    )
    drafted = signed = 0
    for index, lead in enumerate(leads.order_by("created_at")):
        plot, days_ago = PLOTS[index] if index < len(PLOTS) else ("draft", DRAFT_DAYS_AGO)
        at = timezone.now() - timedelta(days=days_ago)
        contract = services.contract_draft(lead=lead, by=lead.owner, at=at)
        _complete(contract, lead.owner, at)
        drafted += 1
        if plot != "draft":
            _play(contract, lead, plot)
            signed += 1
    log(f"Contracts demo: {drafted} drafted, {signed} signed ({Contract.objects.count()} in all).")
