"""Importing leads (leads.resources.LeadImportResource; decocrm.core.imports): every row through lead_capture, all or
nothing, every bad row reported with its line, column and reason; a phone that is someone's customer is a collision
that changes no owner; Chinese headers; CSV and XLSX through the admin (a preview, then confirm)."""

import pytest
import tablib
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from customers.models import Customer
from customers.services import customer_create
from decocrm.core.exports import XLSX
from decocrm.core.imports import import_errors, import_run
from leads.choices import Channel, LeadState
from leads.models import Lead
from leads.resources import LeadImportResource

pytestmark = pytest.mark.django_db


def _zh_headers():
    with translation.override("zh-hans"):
        resource = LeadImportResource()
        return [resource.column_label(resource.fields[name]) for name in ("name", "phone", "channel", "owner")]


def test_the_headers_are_chinese_and_a_file_so_headed_imports(manager, salesperson):
    headers = _zh_headers()
    assert headers[:2] == ["名称", "电话"] and "channel" not in headers and "owner" not in headers
    data = tablib.Dataset(headers=headers)
    with translation.override("zh-hans"):
        website = str(Channel.WEBSITE.label)
    data.append(["甲先生", "138 0000 0001", website, salesperson.username])
    data.append(["乙女士", "13800000002", "wechat", ""])
    result = import_run(resource=LeadImportResource(user=manager), dataset=data, dry_run=False)
    assert import_errors(result) == []
    first, second = Lead.objects.select_related("customer").order_by("customer__phone")
    assert (first.customer.name, first.channel, first.owner, first.state) == (
        "甲先生", Channel.WEBSITE, salesperson, LeadState.NEW)  # fmt: skip
    assert first.customer.owner == salesperson and first.customer.phone == "+8613800000001"
    assert second.owner is None and second.pool_entered_at is not None  # no owner: into the pool
    assert first.created_by == manager  # entered by the importer, through lead_capture


def test_a_dry_run_keeps_nothing(manager):
    data = tablib.Dataset(headers=["name", "phone", "channel"])
    data.append(["甲先生", "13800000001", "website"])
    result = import_run(resource=LeadImportResource(user=manager), dataset=data, dry_run=True)
    assert import_errors(result) == [] and result.totals["new"] == 1
    assert not Lead.objects.exists() and not Customer.objects.exists()


def test_one_bad_row_imports_nothing_and_every_bad_row_is_reported(manager):
    data = tablib.Dataset(headers=["name", "phone", "channel", "owner"])
    data.append(["甲先生", "13800000001", "website", ""])
    data.append(["乙女士", "12345", "website", ""])  # line 3: no phone
    data.append(["丙先生", "13800000003", "carrier pigeon", ""])  # line 4: no such channel
    data.append(["丁先生", "13800000004", "website", "nobody-here"])  # line 5: no such salesperson
    result = import_run(resource=LeadImportResource(user=manager), dataset=data, dry_run=False)
    errors = import_errors(result, LeadImportResource(user=manager))
    assert [(e.line, e.column) for e in errors] == [(3, "phone"), (4, "channel"), (5, "owner")], errors
    assert all(e.reason for e in errors) and "nobody-here" in errors[2].reason
    assert not Lead.objects.exists() and not Customer.objects.exists()  # the good row was not imported either


def test_a_phone_that_is_someone_elses_customer_is_a_collision_and_no_owner_changes(salesperson, colleague):
    held = customer_create(by=colleague, owner=colleague, name="郑先生", phone="13500001234")
    data = tablib.Dataset(headers=["name", "phone", "channel"])
    data.append(["冒名", "135 0000 1234", "website"])
    result = import_run(resource=LeadImportResource(user=salesperson), dataset=data, dry_run=False)
    (error,) = import_errors(result)
    assert (error.line, error.column) == (2, "phone") and "郑先生" in error.reason
    held.refresh_from_db()
    assert held.owner == colleague and held.name == "郑先生" and not Lead.objects.exists()


def _admin(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="leads"))
    return user


def _upload_through_the_admin(client, name, content, fmt):
    page = client.get("/admin/leads/lead/import/")
    assert page.status_code == 200
    index = next(value for value, label in page.context["form"].fields["format"].choices if label == fmt)
    upload = SimpleUploadedFile(name, content)
    return client.post("/admin/leads/lead/import/", {"format": index, "resource": "0", "import_file": upload})


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_manager_previews_then_confirms_a_file_in_the_admin(client, team_manager, salesperson, fmt):
    headers = _zh_headers()
    data = tablib.Dataset(headers=headers)
    data.append(["甲先生", "13800000001", "website", salesperson.username])
    content = data.export("csv").encode("utf-8-sig") if fmt == "csv" else XLSX().export_data(data)
    client.force_login(_admin(team_manager))
    client.cookies["django_language"] = "zh-hans"
    response = _upload_through_the_admin(client, f"leads.{fmt}", content, fmt)
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    assert confirm is not None, import_errors(response.context["result"])
    preview = response.content.decode()
    assert "<th>名称</th>" in preview and "<th>电话</th>" in preview  # the preview's columns in Chinese
    assert not Lead.objects.exists()  # the preview keeps nothing
    response = client.post("/admin/leads/lead/process_import/", confirm.initial)
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert lead.owner == salesperson and lead.created_by == team_manager


def test_the_admin_preview_of_a_bad_file_offers_no_confirmation(client, team_manager):
    data = tablib.Dataset(headers=["name", "phone", "channel"])
    data.append(["甲先生", "13800000001", "website"])
    data.append(["乙女士", "12345", "website"])
    client.force_login(_admin(team_manager))
    response = _upload_through_the_admin(client, "leads.csv", data.export("csv").encode(), "csv")
    assert response.context.get("confirm_form") is None
    assert [(e.line, e.column) for e in import_errors(response.context["result"])] == [(3, "phone")]
    assert not Lead.objects.exists()


def test_only_those_who_enter_leads_may_import_them(client, make_staff):
    from decocrm.accounts.choices import Role

    clerk = _admin(make_staff(Role.ARCHIVE_CLERK))
    client.force_login(clerk)
    assert client.get("/admin/leads/lead/import/").status_code == 403
