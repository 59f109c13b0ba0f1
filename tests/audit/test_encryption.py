"""ID numbers encrypted at rest (decocrm/audit/encryption.py): the database holds no plain ID number, search is by
exact match only (the blind index) and only for managers, keys rotate, and the migration encrypts what was plain."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from customers.models import Customer
from customers.services import customer_create
from decocrm.accounts.choices import Role
from decocrm.audit.encryption import UndecryptableValue, blind_index, fernet

pytestmark = pytest.mark.django_db
ID = "31010119900307123X"


def _raw(table, column, where="id = %s", args=()):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {where}", list(args))  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def customer(salesperson):
    return customer_create(by=salesperson, owner=salesperson, name="冯先生", phone="13500009999", id_number=ID)


def test_the_column_holds_no_plain_id_number(customer):
    (stored,) = _raw("customers_customer", "id_number", args=[customer.pk])
    (index,) = _raw("customers_customer", "id_number_index", args=[customer.pk])
    assert stored.startswith("gAAAAA") and ID not in stored and "19900307" not in stored
    assert index == blind_index(ID) and ID not in index
    history = _raw("customers_historicalcustomer", "id_number", args=[customer.pk])
    assert history and all(value.startswith("gAAAAA") for value in history)  # the history table too
    assert Customer.objects.get(pk=customer.pk).id_number == ID


def test_an_empty_id_number_stays_empty_and_substring_lookups_are_refused(salesperson):
    customer = customer_create(by=salesperson, owner=salesperson, name="无证", phone="13500009998")
    assert _raw("customers_customer", "id_number, id_number_index", args=[customer.pk]) == [""]
    assert Customer.objects.filter(id_number="").count() == 1
    with pytest.raises(FieldError):
        list(Customer.objects.filter(id_number__contains="1990"))
    with pytest.raises(FieldError):  # it would compare with a fresh random token and silently find nothing
        list(Customer.objects.filter(id_number=ID))


def test_exact_match_search_finds_it_and_a_partial_number_does_not(client, customer, manager, salesperson):
    client.force_login(manager)
    url = reverse("customers:list")
    assert [c.pk for c in client.get(url, {"q": ID}).context["page"].object_list] == [customer.pk]
    assert [c.pk for c in client.get(url, {"q": ID.lower()}).context["page"].object_list] == [customer.pk]
    assert list(client.get(url, {"q": ID[:14]}).context["page"].object_list) == []
    assert list(client.get(url, {"q": ID[4:]}).context["page"].object_list) == []
    client.force_login(salesperson)  # who may not see ID numbers may not search by them
    assert list(client.get(url, {"q": ID}).context["page"].object_list) == []


def test_admin_search_by_id_number_is_exact_and_for_managers(client, customer, make_staff, salesperson):
    from django.contrib.auth.models import Permission

    gm = make_staff(Role.MANAGER, company_wide=True)
    clerk = make_staff(Role.ARCHIVE_CLERK)
    for user in (gm, clerk):
        user.user_permissions.add(*Permission.objects.filter(content_type__app_label="customers"))
    url = "/admin/customers/customer/"
    client.force_login(gm)
    assert [c.pk for c in client.get(url, {"q": ID}).context["cl"].result_list] == [customer.pk]
    assert list(client.get(url, {"q": ID[:10]}).context["cl"].result_list) == []
    client.force_login(clerk)
    assert list(client.get(url, {"q": ID}).context["cl"].result_list) == []


def test_rotation_old_keys_decrypt_and_the_command_reencrypts_with_the_new(customer, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    (before,) = _raw("customers_customer", "id_number", args=[customer.pk])
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    assert Customer.objects.get(pk=customer.pk).id_number == ID  # the old key still decrypts
    call_command("reencrypt_fields", stdout=open("/dev/null", "w"))  # noqa: SIM115
    (after,) = _raw("customers_customer", "id_number", args=[customer.pk])
    assert after != before and Fernet(new_key.encode()).decrypt(after.encode()).decode() == ID
    history = _raw("customers_historicalcustomer", "id_number", args=[customer.pk])
    assert all(Fernet(new_key.encode()).decrypt(value.encode()).decode() == ID for value in history)
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key dropped: everything still reads
    assert Customer.objects.get(pk=customer.pk).id_number == ID
    assert Customer.objects.filter(id_number_index=blind_index(ID)).get() == customer
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # a key that never encrypted it: loud
    with pytest.raises(UndecryptableValue):
        Customer.objects.get(pk=customer.pk)


def test_the_migration_encrypts_plain_rows_and_its_reverse_decrypts_them(customer):
    import importlib

    migration = importlib.import_module("customers.migrations.0005_id_number_encrypted")
    with connection.cursor() as cursor:  # a row as it was before the migration: plain, no index
        cursor.execute("UPDATE customers_customer SET id_number = %s, id_number_index = '' WHERE id = %s",
                       [ID, customer.pk])  # fmt: skip
        cursor.execute("UPDATE customers_historicalcustomer SET id_number = %s WHERE id = %s", [ID, customer.pk])

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.encrypt_id_numbers(None, editor)
    (stored,) = _raw("customers_customer", "id_number", args=[customer.pk])
    assert stored.startswith("gAAAAA") and fernet().decrypt(stored.encode()).decode() == ID
    assert Customer.objects.filter(id_number_index=blind_index(ID)).get() == customer
    assert all(v.startswith("gAAAAA") for v in _raw("customers_historicalcustomer", "id_number", args=[customer.pk]))
    migration.encrypt_id_numbers(None, editor)  # twice: still one layer of encryption
    assert Customer.objects.get(pk=customer.pk).id_number == ID
    migration.decrypt_id_numbers(None, editor)
    assert _raw("customers_customer", "id_number", args=[customer.pk]) == [ID]
    assert set(_raw("customers_historicalcustomer", "id_number", args=[customer.pk])) == {ID}
