"""The admin customer export (django-import-export): it answers for the archive clerk and for managers, on the export
page and on each format; sensitive columns only for managers; rows only in the user's scope; cells that would run as
formulas are neutralised (CSV and XLSX); every export is recorded."""

import pytest

from customers.services import customer_create
from decocrm.accounts.choices import Role
from decocrm.audit.models import AccessLog, ExportLog
from decocrm.core.exports import display_width
from tests.spreadsheets import (
    FORMULA_PAYLOADS,
    assert_csv_neutralised,
    assert_xlsx_neutralised,
    csv_cells,
    xlsx_cells,
)

pytestmark = pytest.mark.django_db
EXPORT_URL = "/admin/customers/customer/export/"


@pytest.fixture
def clerk(make_staff):
    return make_staff(Role.ARCHIVE_CLERK)  # staff, with the clerk group's permissions only


@pytest.fixture
def customers(salesperson, make_staff):
    for n, payload in enumerate(FORMULA_PAYLOADS):
        customer_create(by=salesperson, owner=salesperson, name=payload, phone=f"1350000{n:04d}",
                        occupation="医生", id_number=f"31010119900101{n:04d}", address=payload)  # fmt: skip
    other = make_staff(Role.SALES)  # another team's salesperson
    customer_create(by=other, owner=other, name="别组客户", phone="13600000001")


def _export(client, fmt):
    page = client.get(EXPORT_URL)
    assert page.status_code == 200
    form = page.context["form"]
    fmt_index = next(value for value, label in form.fields["format"].choices if label == fmt)
    data = {"format": fmt_index, "resource": "0"}
    data.update({name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)})
    response = client.post(EXPORT_URL, data)
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Disposition"].startswith("attachment;")
    return response


def _exported_rows(response, fmt):
    """The exported rows (header first) and the set of every cell as text, once the formula cells are checked."""
    if fmt == "csv":
        rows = csv_cells(response.content)
        assert_csv_neutralised(rows)
    else:
        cells = xlsx_cells(response.content)
        assert_xlsx_neutralised(cells)
        rows = [[c.value for c in row] for row in cells]
    return rows, {str(v) for row in rows for v in row}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_archive_clerk_exports_every_customer_without_sensitive_columns(client, clerk, customers, fmt, caplog):
    client.force_login(clerk)
    with caplog.at_level("INFO", logger="decocrm.exports"):
        response = _export(client, fmt)
    rows, values = _exported_rows(response, fmt)
    assert len(values & {"别组客户"}) == 1  # the archive keeps every customer's file (visible_customers)
    assert "医生" not in values and not any(v.startswith("31010119900101") for v in values)
    header = " ".join(str(v) for v in rows[0])
    assert "ID number" not in header and "身份证" not in header
    (record,) = [r.getMessage() for r in caplog.records if r.name == "decocrm.exports"]
    assert record.startswith(f"export admin customers.customer format={fmt} rows={len(FORMULA_PAYLOADS) + 1} ")
    assert f"by={clerk.pk} " in record
    (entry,) = ExportLog.objects.all()  # stored
    assert (entry.user, entry.what, entry.fmt, entry.rows) == (clerk, "admin customers.customer", fmt,
                                                               len(FORMULA_PAYLOADS) + 1)  # fmt: skip
    assert not AccessLog.objects.exists()  # no sensitive column, nothing to log
    # phones masked for the clerk, who owns and serves none of these customers
    assert not any("1350000" in v or "13600000001" in v for v in values) and "135****0000" in values


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_team_manager_exports_their_teams_customers_with_sensitive_columns(client, manager, customers, fmt, caplog):
    client.force_login(manager)
    with caplog.at_level("INFO", logger="decocrm.exports"):
        response = _export(client, fmt)
    rows, values = _exported_rows(response, fmt)
    assert len(rows) == 1 + len(FORMULA_PAYLOADS)  # not the other team's customer
    assert "别组客户" not in values and "医生" in values and "310101199001010000" in values
    (record,) = [r.getMessage() for r in caplog.records if r.name == "decocrm.exports"]
    assert f"format={fmt} rows={len(FORMULA_PAYLOADS)} by={manager.pk} " in record
    (entry,) = ExportLog.objects.all()
    assert (entry.user, entry.what, entry.rows) == (manager, "admin customers.customer", len(FORMULA_PAYLOADS))
    (access,) = AccessLog.objects.all()  # the sensitive columns: one access-log row for the export
    assert (access.user, access.object_id, access.door) == (manager, None, "admin:customers_customer_export")
    assert access.fields == ["occupation", "income_level", "id_number"]


def test_the_export_form_offers_sensitive_columns_only_to_managers(client, clerk, manager):
    client.force_login(clerk)
    fields = set(client.get(EXPORT_URL).context["form"].fields)
    assert "customerresource_name" in fields and "customerresource_id_number" not in fields
    client.force_login(manager)
    assert "customerresource_id_number" in set(client.get(EXPORT_URL).context["form"].fields)


def test_staff_without_the_view_permission_may_not_export(client, make_staff):
    # A staff account with no customer permissions (e.g. a superuser-made helper account) gets no export.
    helper = make_staff(Role.SALES)
    helper.is_staff = True
    helper.save()
    client.force_login(helper)
    assert client.get(EXPORT_URL).status_code == 403


def test_clerk_imports_through_the_admin_and_an_exported_quote_comes_off(client, clerk):
    """The import path builds its resources for the user too; a name we exported as "'=1+1" imports as "=1+1"."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from customers.models import Customer

    client.force_login(clerk)
    page = client.get("/admin/customers/customer/import/")
    assert page.status_code == 200
    form = page.context["form"]
    csv_index = next(value for value, label in form.fields["format"].choices if label == "csv")
    upload = SimpleUploadedFile("c.csv", b"name,phone,kind\n'=1+1,13800000001,residential\n", "text/csv")
    response = client.post(
        "/admin/customers/customer/import/", {"format": csv_index, "resource": "0", "import_file": upload}
    )
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    assert confirm is not None, response.context["result"].row_errors()
    preview = response.content.decode()
    assert "<th>Name</th>" in preview or "<th>名称</th>" in preview  # the preview's columns by their labels
    assert "Residential" in preview or "住宅" in preview  # and the values by theirs
    response = client.post("/admin/customers/customer/process_import/", confirm.initial)
    assert response.status_code == 302
    assert Customer.objects.get().name == "=1+1"


def test_the_xlsx_reads_as_a_spreadsheet_the_company_opens(client, manager, customers):
    # Not "Tablib Dataset", not 8-character columns for Chinese, not dates as text.
    import io

    import openpyxl
    from django.utils import translation

    client.force_login(manager)
    with translation.override("zh-hans"):
        response = _export(client, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "客户"
    header = [cell.value for cell in sheet[1]]
    assert "名称" in header and "kind" not in header and "name" not in header
    created = header.index("创建时间") + 1
    assert sheet.cell(row=2, column=created).is_date  # a real date cell, sortable and filterable
    kind = header.index("类型") + 1
    assert sheet.cell(row=2, column=kind).value == "住宅"  # the label, not the code
    for column in sheet.iter_cols():  # every column as wide as its widest text (a Chinese character counts two)
        widest = max(16 if cell.is_date else display_width(str(cell.value or "")) for cell in column)
        assert sheet.column_dimensions[column[0].column_letter].width >= min(widest, 58), column[0].value
