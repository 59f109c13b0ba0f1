"""The customer import in the admin, all or nothing (decocrm.core.imports): a bad row in the preview offers no
confirmation; a row that went bad between the preview and the confirmation (someone entered that phone meanwhile)
imports nothing either, and the clerk is told which line, column and why, instead of "done"."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from customers.models import Customer
from customers.services import customer_create
from decocrm.accounts.choices import Role
from decocrm.core.imports import import_errors

pytestmark = pytest.mark.django_db
URL = "/admin/customers/customer/import/"


@pytest.fixture
def clerk(make_staff):
    return make_staff(Role.ARCHIVE_CLERK)


def _preview(client, content):
    page = client.get(URL)
    index = next(value for value, label in page.context["form"].fields["format"].choices if label == "csv")
    upload = SimpleUploadedFile("customers.csv", content, "text/csv")
    return client.post(URL, {"format": index, "resource": "0", "import_file": upload})


def test_a_bad_row_in_the_preview_offers_no_confirmation_and_names_the_line(client, clerk):
    client.force_login(clerk)
    response = _preview(client, "name,phone,kind\n甲,13800000001,residential\n乙,12345,residential\n".encode())
    assert response.context.get("confirm_form") is None
    assert [(e.line, e.column) for e in import_errors(response.context["result"])] == [(3, "phone")]
    assert not Customer.objects.exists()


def test_a_row_gone_bad_before_the_confirmation_imports_nothing_and_is_reported(client, company_manager, salesperson):
    client.force_login(company_manager)  # the clerk reads customers only (issue 12): managers import
    content = "name,phone,kind\n甲,13800000001,residential\n乙,13800000002,residential\n".encode()
    response = _preview(client, content)
    confirm = response.context["confirm_form"]
    assert confirm is not None
    customer_create(by=salesperson, owner=salesperson, name="抢先", phone="13800000002")  # meanwhile

    response = client.post("/admin/customers/customer/process_import/", confirm.initial, follow=True)

    assert response.redirect_chain[-1][0] == URL
    texts = [str(message) for message in response.context["messages"]]
    assert any(text.startswith(("Line 3", "第 3 行")) and "抢先" in text for text in texts), texts
    assert list(Customer.objects.values_list("name", flat=True)) == ["抢先"]  # the good row was not imported


def test_a_phone_twice_in_the_file_is_reported_on_the_second_line_and_nothing_is_imported(clerk):
    import tablib

    from customers.resources import CustomerResource
    from decocrm.core.imports import import_run

    data = tablib.Dataset(headers=["name", "phone", "kind"])
    data.append(["甲", "13800000001", "residential"])
    data.append(["乙", "138 0000 0001", "residential"])
    result = import_run(resource=CustomerResource(user=clerk), dataset=data, dry_run=False)
    (error,) = import_errors(result)
    assert (error.line, error.column) == (3, "phone") and "甲" in error.reason
    assert not Customer.objects.exists()


def test_imported_customers_are_inserted_together_with_their_history_under_the_importer(clerk):
    import tablib

    from customers.resources import CustomerResource
    from decocrm.core.imports import import_run

    data = tablib.Dataset(headers=["name", "phone", "kind"])
    for n in range(5):
        data.append([f"客户{n}", f"1380000000{n}", "residential"])
    result = import_run(resource=CustomerResource(user=clerk), dataset=data, dry_run=False)
    assert import_errors(result) == [] and Customer.objects.count() == 5
    assert set(Customer.history.values_list("history_user", flat=True)) == {clerk.pk}
    assert all(row.instance.pk for row in result.rows if row.instance is not None)
