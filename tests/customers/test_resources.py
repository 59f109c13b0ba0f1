import pytest
import tablib
from django.utils import translation

from customers.models import SENSITIVE_FIELDS, Customer
from customers.resources import CustomerResource
from customers.services import customer_create
from decocrm.accounts.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(salesperson):
    return customer_create(by=salesperson, owner=salesperson, name="郑先生", phone="13500001234", occupation="医生",
                           income_level="high", id_number="310101199001011234")  # fmt: skip


def test_export_drops_sensitive_columns_for_non_managers(customer, salesperson, manager):
    limited = CustomerResource(user=salesperson).export(Customer.objects.all()).headers
    full = CustomerResource(user=manager).export(Customer.objects.all()).headers
    sensitive = {str(Customer._meta.get_field(name).verbose_name) for name in SENSITIVE_FIELDS}
    assert set(full) - set(limited) == sensitive and len(full) == len(limited) + 3
    text = CustomerResource(user=salesperson).export(Customer.objects.all()).csv
    assert "310101199001011234" not in text and "医生" not in text and "郑先生" in text
    text = CustomerResource(user=manager).export(Customer.objects.all()).csv
    assert "310101199001011234" in text and "医生" in text


def test_import_is_all_or_nothing_with_every_bad_row_reported(salesperson, make_staff):
    clerk = make_staff(Role.ARCHIVE_CLERK)
    data = tablib.Dataset(headers=["name", "phone", "kind", "occupation"])
    data.append(["甲", "138 0000 0001", "residential", "律师"])
    data.append(["乙", "12345", "residential", ""])
    data.append(["丙", "13800000003", "villa-ish", ""])
    result = CustomerResource(user=clerk).import_data(
        data, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, collect_failed_rows=True
    )
    bad_lines = sorted([line for line, _errors in result.row_errors()] + [row.number for row in result.invalid_rows])
    assert bad_lines == [2, 3]  # every bad row, by its line number
    assert not Customer.objects.exists()  # and the good one was not imported either


def test_import_creates_unowned_customers_without_sensitive_columns_for_the_clerk(make_staff):
    clerk = make_staff(Role.ARCHIVE_CLERK)
    data = tablib.Dataset(headers=["name", "phone", "kind", "occupation"])
    data.append(["甲", "138 0000 0001", "residential", "律师"])
    result = CustomerResource(user=clerk).import_data(data, dry_run=False, use_transactions=True)
    assert not result.has_errors() and not result.has_validation_errors()
    customer = Customer.objects.get()
    assert (customer.phone, customer.phone_digits, customer.owner, customer.occupation) == (
        "+8613800000001", "13800000001", None, "")  # fmt: skip


def test_import_of_a_phone_someone_else_holds_is_an_error(customer, colleague):
    data = tablib.Dataset(headers=["name", "phone", "kind"])
    data.append(["冒名", "13500001234", "residential"])
    result = CustomerResource(user=colleague).import_data(data, dry_run=False, use_transactions=True)
    assert result.has_errors() or result.has_validation_errors()
    assert Customer.objects.get().name == "郑先生"


def test_a_managers_import_never_rewrites_a_customer_someone_owns(customer, manager):
    # The defect: a team manager sees the team's customers, so an import row with one's phone became an update that
    # renamed it. It is a collision, reported on the phone column; nothing changes.
    data = tablib.Dataset(headers=["name", "phone", "kind"])
    data.append(["改名", "13500001234", "residential"])
    result = CustomerResource(user=manager).import_data(
        data, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, collect_failed_rows=True
    )
    (invalid,) = result.invalid_rows
    assert "phone" in invalid.error_dict and "郑先生" in invalid.error_dict["phone"][0]
    stored = Customer.objects.get()
    assert (stored.name, stored.phone_digits) == ("郑先生", "13500001234")


def test_the_owner_re_imports_their_own_customer_with_derived_fields_recomputed(customer, salesperson):
    data = tablib.Dataset(headers=["name", "phone", "kind", "is_organisation"])
    data.append(["郑氏贸易有限公司", "13500001234", "residential", "1"])
    result = CustomerResource(user=salesperson).import_data(data, dry_run=False, use_transactions=True)
    assert not result.has_errors() and not result.has_validation_errors()
    stored = Customer.objects.get()
    assert stored.name == "郑氏贸易有限公司" and stored.organisation_name_normalized  # recomputed, not stale


@translation.override("zh-hans")
def test_a_file_headed_and_valued_as_we_export_it_imports(make_staff):
    # Chinese headers and choice labels, as the export writes them (and as an old spreadsheet would have them).
    clerk = make_staff(Role.ARCHIVE_CLERK)
    name, phone, kind = (str(Customer._meta.get_field(f).verbose_name) for f in ("name", "phone", "kind"))
    residential = str(dict(Customer._meta.get_field("kind").flatchoices)["residential"])
    assert (name, residential) == ("名称", "住宅")  # really the Chinese file
    data = tablib.Dataset(headers=[name, phone, kind])
    data.append(["甲", "138 0000 0001", residential])
    data.append(["乙", "138 0000 0002", "residential"])
    resource = CustomerResource(user=clerk)
    result = resource.import_data(data, dry_run=False, use_transactions=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert sorted(Customer.objects.values_list("kind", flat=True)) == ["residential", "residential"]
    assert {name, phone, kind} <= set(result.diff_headers)  # the preview's columns in the reader's language


def test_an_unknown_choice_is_reported_on_its_column(make_staff):
    clerk = make_staff(Role.ARCHIVE_CLERK)
    data = tablib.Dataset(headers=["name", "phone", "kind"])
    data.append(["甲", "13800000001", "宫殿"])
    result = CustomerResource(user=clerk).import_data(
        data, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, collect_failed_rows=True
    )
    (invalid,) = result.invalid_rows
    assert "kind" in invalid.error_dict and not Customer.objects.exists()
