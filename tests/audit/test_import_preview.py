"""An import's preview in the admin shows the file's rows beside the stored customers they match, sensitive columns
included for managers: that view is written to the access log (decocrm.core.import_admin), one row per preview;
a preview without sensitive columns writes nothing, as every other view."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from customers.models import Customer
from customers.services import customer_create
from decocrm.accounts.choices import Role
from decocrm.audit.models import AccessLog

pytestmark = pytest.mark.django_db
URL = "/admin/customers/customer/import/"


def _preview(client, content):
    page = client.get(URL)
    index = next(value for value, label in page.context["form"].fields["format"].choices if label == "csv")
    upload = SimpleUploadedFile("customers.csv", content, "text/csv")
    return client.post(URL, {"format": index, "resource": "0", "import_file": upload})


def test_a_managers_preview_of_stored_customers_is_in_the_access_log(client, company_manager, salesperson):
    customer_create(by=salesperson, owner=salesperson, name="老客户", phone="13800000002", occupation="医生")
    client.force_login(company_manager)
    content = "name,phone,kind,occupation\n甲,13800000001,residential,教师\n老客户,13800000002,residential,医生\n"
    response = _preview(client, content.encode())
    assert response.context["confirm_form"] is not None and "医生" in response.content.decode()
    (entry,) = AccessLog.objects.all()
    assert (entry.user, entry.object_id, entry.door) == (company_manager, None, "admin:customers_customer_import")
    assert entry.fields == ["occupation", "income_level", "id_number"] and "× 2" in entry.label
    assert Customer.objects.count() == 1  # a preview imports nothing


def test_a_preview_without_sensitive_columns_writes_nothing(client, make_staff):
    client.force_login(make_staff(Role.ARCHIVE_CLERK))
    response = _preview(client, "name,phone,kind\n甲,13800000001,residential\n".encode())
    assert response.status_code == 200 and "result" in response.context
    assert not AccessLog.objects.exists()


def test_the_import_form_itself_writes_nothing(client, company_manager):
    client.force_login(company_manager)
    assert client.get(URL).status_code == 200
    assert not AccessLog.objects.exists()
