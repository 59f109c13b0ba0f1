"""Every admin list is scoped like the pages (ENGINEERING.md rule 9; issue 7, defect 5), for every model admin
registered now or later.

A world of two teams is built through the services, each with the records every app makes. Then, as the first
team's manager holding every view permission there is, each registered admin is opened:
- a model with a path to a team (a `team` foreign key, or a user's team, up to a few hops) lists no object that
  belongs only to the other team, and such an object's change page is not shown;
- a model whose admin declares it a company-wide setting (CompanyWideSettingsMixin), or that has no such path,
  is one the team manager may not add, change or delete.
A new app whose admin model has a path to a team but no object of it in the world below fails here: add one."""

from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db.models import ForeignKey, OneToOneField, Q
from django.test import RequestFactory
from django.urls import reverse

from contracts.services import contract_change_agreement, contract_draft, contract_terminate, design_change_request
from decocrm.accounts.choices import Role
from decocrm.accounts.models import Team
from decocrm.accounts.services import staff_change_role_team, team_create
from decocrm.audit.services import export_log_record, record_sensitive_view
from decocrm.core.admin import CompanyWideSettingsMixin
from decocrm.notifications.services import notification_create_many
from leads.services import (
    LeadCollisionError,
    appeal_open,
    appointment_book,
    appointment_reschedule,
    lead_capture,
    lead_log_contact,
    proposal_record_response,
    sales_rotation_set_on_duty,
)
from projects.models import CareHandover

from ..contracts.conftest import ACCEPTED_AT, DRAFTED_AT, signed_contract
from ..leads.conftest import MONDAY
from ..leads.design_helpers import VISIT, delivered
from ..projects.helpers import project_world

pytestmark = pytest.mark.django_db

MAX_HOPS = 4


def team_paths(model, prefix="", hops=0, seen=()):
    """Lookups from `model` to a Team through forward foreign keys ("team", "owner__team", "lead__team", ...)."""
    if model is Team:
        return [prefix.removesuffix("__") or "pk"]
    if hops == MAX_HOPS:
        return []
    paths = []
    for field in model._meta.get_fields():
        if isinstance(field, ForeignKey | OneToOneField) and not field.auto_created:
            target = field.related_model
            if target is Team or target not in seen:
                paths += team_paths(target, f"{prefix}{field.name}__", hops + 1, (*seen, model))
    return paths


def tied_to(team, paths):
    tied = Q()
    for path in paths:
        tied |= Q(**{path: team.pk})
    return tied


def belongs_only_to(theirs, mine, paths):
    """Objects tied to `theirs` through some path and to `mine` through none."""
    return tied_to(theirs, paths) & ~tied_to(mine, paths)


def numbered_capture(prefix):
    """lead_capture for the design helpers: a walk-in on MONDAY, each with the next phone number."""
    numbers = iter(range(10_000))

    def capture(by, **kwargs):
        return lead_capture(by=by, channel="walk_in", phone=f"{prefix}{next(numbers):04d}", at=MONDAY, **kwargs)

    return capture


@pytest.fixture
def world(make_staff):
    """Two teams, each with a manager and two salespeople, and everything the apps write about them."""
    teams = {}
    gm = make_staff(Role.MANAGER, company_wide=True)
    for name, phone in (("本部", "1370000"), ("外部", "1380000")):
        boss = make_staff(Role.MANAGER)
        team = team_create(name=name, manager=boss)
        boss.team = team
        boss.save()
        seller, colleague = make_staff(Role.SALES, team=team), make_staff(Role.SALES, team=team)
        # A lead, its customer, clocks, appointment, measurement visit and delivered proposal.
        lead, _proposal = delivered(numbered_capture(phone), seller, name=f"{name}客户")
        review = appointment_book(lead=lead, by=seller, kind="proposal_review", place="门店",
                                  scheduled_at=VISIT + timedelta(days=5), at=VISIT + timedelta(days=2))  # fmt: skip
        appointment_reschedule(appointment=review, by=seller, scheduled_at=VISIT + timedelta(days=7),
                               cause="customer", reason="客户出差", at=VISIT + timedelta(days=2))  # fmt: skip
        lead_log_contact(lead=lead, by=seller, channel="phone", summary="回访", at=VISIT + timedelta(days=3))
        with pytest.raises(LeadCollisionError) as info:
            lead_capture(by=colleague, channel="walk_in", name="同一客户", phone=lead.customer.phone, at=MONDAY)
        appeal_open(collision=info.value.collision, by=colleague, reason="展会上认识的")
        sales_rotation_set_on_duty(user=seller, on_duty=True, by=seller)
        notification_create_many(notifications=[{"recipient": seller, "kind": "general", "title": f"{name}通知"}])
        export_log_record(user=seller, what="leads", fmt="csv", rows=1)  # the logs (decocrm.audit), by their users
        record_sensitive_view(user=seller, obj=lead.customer, fields=["id_number"], door="customers:detail")
        signed_contract_of(lead, _proposal, seller)
        staff_change_role_team(user=colleague, by=gm, role=Role.DESIGNER, team=team)
        # A signed contract and its construction project (tests/projects/helpers.py).
        project = project_world(
            numbered_capture(phone[:-1] + "9"), seller, boss, make_staff(Role.PROJECT_MANAGER, team=team)
        )
        # A care handover row for its admin list (the service records one only at a completion, which this
        # world's blocked project has not reached: tests/projects/test_completion.py covers that path).
        CareHandover.objects.create(project=project, manual_handed_over=True, training_given=True,
                                    given_on=date(2026, 5, 9), received_by="业主", recorded_at=MONDAY)  # fmt: skip
        complaint_world(team, seller, make_staff(Role.CUSTOMER_RELATIONS, team=team))
        aftersales_world(lead.customer, boss, make_staff(Role.AFTER_SALES, team=team))
        archive_world(lead.customer, seller, make_staff(Role.ARCHIVE_CLERK, team=team))
        archive_borrowing_world(lead.customer, seller, make_staff(Role.ARCHIVE_CLERK))
        teams[name] = {"team": team, "boss": boss}
    boss = teams["本部"]["boss"]
    boss.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    return {"boss": boss, "mine": teams["本部"]["team"], "theirs": teams["外部"]["team"]}


def aftersales_world(customer, boss, fixer):
    """A repair ticket with a photo, a revisit with a raised point, a survey with an improvement measure (issue 11)."""
    from aftersales.services import (
        improvement_add,
        revisit_record,
        survey_create,
        survey_record,
        ticket_record,
    )
    from decocrm.sla.services import clock_start
    from tests.uploads import image_bytes, upload

    photo = upload("t.png", image_bytes(), "image/png")
    ticket_record(customer=customer, by=fixer, item="卫生间", description="渗水", channel="call", contact_checked=True,
                  contact_name="业主", contact_phone="13912345678", photos=[photo])  # fmt: skip
    clock = clock_start(kind="repair_revisit", subject=customer, owner=fixer, team=fixer.team,
                        customer_id=customer.pk, label=f"{customer.name} 回访")  # fmt: skip
    revisit_record(by=fixer, clock=clock, method="phone", outcome="满意", satisfaction=5, points=["柜门"],
                   points_owner=fixer)  # fmt: skip
    survey = survey_create(customer=customer, by=boss, kind="annual", staff=fixer)
    survey_record(survey=survey, by=boss, scores={"quality": 5, "attitude": 5, "schedule": 5, "after_sales": 5},
                  recommend=10)  # fmt: skip
    improvement_add(survey=survey, by=boss, text="保持", responsible=fixer)


def archive_world(customer, seller, clerk):
    """The customer's file (opened when its contract was signed) handed over with a document missing, and a defect
    found in it (issue 12)."""
    from customers.archives.services import defect_record, handover_record

    file = customer.archive_file
    at = file.opened_at + timedelta(hours=1)
    handover_record(file=file, kind="sales", handed_by=seller, received_by=clerk, at=at,
                    received_items=list(file.items.all()[:1]), missing_note="缺身份证", by=clerk)  # fmt: skip
    defect_record(file=file, what="缺签名", responsible=seller, by=clerk, at=at)


def archive_borrowing_world(customer, seller, clerk):
    """The customer's archive file, a borrowing request its salesperson withdrew, and its destruction proposed
    (issue 12: customers/archives borrowing and retention)."""
    from customers.archives.models import ArchiveFile
    from customers.archives.services.borrowing import borrow_request_create, borrow_request_withdraw
    from customers.archives.services.retention import destruction_propose

    file = ArchiveFile.objects.filter(customer=customer).first() or ArchiveFile.objects.create(
        customer=customer, number=f"DA-{customer.pk}", opened_at=MONDAY)  # fmt: skip
    ArchiveFile.objects.filter(pk=file.pk).update(retain_until=date.today() - timedelta(days=2))
    file.refresh_from_db()
    request = borrow_request_create(file=file, borrower=seller, kind="view", purpose="核对",
                                    due_back=date.today() + timedelta(days=3))  # fmt: skip
    borrow_request_withdraw(request=request, by=seller)
    destruction_propose(file=file, by=clerk)


def complaint_world(team, seller, relations):
    """A complaint about the team, with evidence, handled by its salesperson (issue 11)."""
    from complaints.services import complaint_assign, complaint_record
    from tests.uploads import image_bytes, upload

    complaint = complaint_record(by=relations, channel="hotline", content=f"{team.name}投诉", complainant_name="业主",
                                 accused_team=team, evidence=[upload("e.png", image_bytes(), "image/png")])  # fmt: skip
    complaint_assign(complaint=complaint, by=relations, handler=seller)


def signed_contract_of(lead, proposal, seller):
    """The lead's contract signed, changed by an agreement, with a design change request, then terminated."""
    proposal_record_response(proposal=proposal, by=seller, response="accepted", at=ACCEPTED_AT)
    contract = signed_contract(contract_draft(lead=lead, by=seller, at=DRAFTED_AT), seller)
    contract_change_agreement(contract=contract, by=seller, content="延期", extension_days=3,
                              signed_on=date(2026, 4, 1), company_sealed=True, customer_signed=True)  # fmt: skip
    design_change_request(contract=contract, by=seller, content="改色", reason="喜好")
    contract_terminate(contract=contract, by=seller, reason="客户出国", liability="互不追究", settlement_amount=0,
                       signed_on=date(2026, 4, 2), company_sealed=True, customer_signed=True)  # fmt: skip


def admin_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def company_setting_problems(model, model_admin, request):
    """A company-wide setting (or a table with no team): a team manager may read it, never change it."""
    label = model._meta.label
    return [
        f"{label}: a team manager may {perm} this company-wide table"
        for perm in ("add", "change", "delete")
        if getattr(model_admin, f"has_{perm}_permission")(request)
    ]


def scope_problems(client, model, model_admin, paths, world):
    """A team's table: the team manager's list holds nothing of only the other team, nor opens it."""
    label = model._meta.label
    foreign = model._default_manager.filter(belongs_only_to(world["theirs"], world["mine"], paths))
    if not foreign.exists():
        return [f"{label}: the world below has no object of the other team only (paths {paths}): add one"]
    info = model._meta.app_label, model._meta.model_name
    response = client.get(reverse("admin:{}_{}_changelist".format(*info)))
    if response.status_code != 200:
        return [f"{label}: the list answered {response.status_code}"]
    leaked = response.context["cl"].queryset.filter(pk__in=foreign.values("pk"))
    problems = [f"{label} lists another team's {list(leaked[:3])}"] if leaked.exists() else []
    response = client.get(reverse("admin:{}_{}_change".format(*info), args=[foreign.first().pk]))
    if response.status_code not in (302, 403, 404):
        problems.append(f"{label}: another team's object opens ({response.status_code})")
    return problems


def test_every_admin_is_scoped_for_a_team_manager(client, world):
    boss = world["boss"]
    request = admin_request(boss)
    client.force_login(boss)
    problems, checked = [], set()
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(request):
            continue  # not reachable at all (auth groups, for one)
        paths = team_paths(model)
        if isinstance(model_admin, CompanyWideSettingsMixin) or not paths:
            problems += company_setting_problems(model, model_admin, request)
        else:
            problems += scope_problems(client, model, model_admin, paths, world)
        checked.add(model._meta.label)
    assert not problems, "\n".join(problems)
    # The test would pass vacuously if the manager reached nothing: these at least are checked.
    assert checked >= {"accounts.User", "accounts.Team", "sla.Clock", "sla.SlaPolicy", "leads.Lead",
                       "leads.SalesRotation", "customers.Customer", "notifications.Notification",
                       "audit.ExportLog", "audit.AccessLog"}  # fmt: skip
