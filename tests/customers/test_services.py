from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from customers import services
from customers.choices import ContactRole, CustomerClass, KeyTier, SpecialNeed
from customers.models import Customer, District
from customers.selectors import can_see_sensitive, hidden_fields, visible_contacts, visible_customers
from customers.services import (
    CustomerPermissionError,
    DuplicateCustomerError,
    KeyAccountCapError,
    contact_person_add,
    customer_create,
    customer_set_key_account,
    customer_update,
)
from decocrm.accounts.choices import Role

pytestmark = pytest.mark.django_db


def make(by, **kwargs):
    kwargs.setdefault("name", "孙先生")
    kwargs.setdefault("phone", "13600001234")
    return customer_create(by=by, owner=kwargs.pop("owner", by), **kwargs)


def test_create_normalises_and_derives(salesperson):
    district = District.objects.create(name="青浦区", city="上海", is_urban=False)
    customer = make(salesperson, phone="0086 136-0000-1234", district=district, special_needs=["elderly", "eco"])
    assert (customer.phone, customer.phone_digits) == ("+8613600001234", "13600001234")
    assert customer.location == "suburban" and customer.owner == salesperson and customer.owned_since
    assert customer.get_special_needs_display() == [SpecialNeed.ELDERLY.label, SpecialNeed.ECO.label]
    organisation = make(salesperson, name="Ｘ 酒店（集团）", phone="", is_organisation=True, kind="commercial")
    assert organisation.organisation_name_normalized == "x酒店集团"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"phone": ""}, "phone"),  # a person needs one
        ({"phone": "555"}, "phone"),
        ({"special_needs": ["pets"]}, "special_needs"),
        ({"budget_min": 300000, "budget_max": 100000}, "budget_max"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(salesperson, fields, field):
    with pytest.raises(ValidationError) as info:
        make(salesperson, **fields)
    assert field in info.value.message_dict
    assert not Customer.objects.exists()


def test_duplicate_phone_is_refused_with_the_holder(salesperson, colleague):
    first = make(salesperson)
    with pytest.raises(DuplicateCustomerError) as info:
        make(colleague, phone="+86 136 0000 1234")
    assert info.value.customer == first and info.value.matched_on == "phone"


def test_the_database_constraint_decides_when_the_check_misses_a_concurrent_insert(salesperson, monkeypatch):
    """Simulates the race: the look-up before the insert sees nothing (the other insert is not committed yet); the
    unique index refuses the insert and the service turns it into DuplicateCustomerError, inside a savepoint."""
    first = make(salesperson)
    real = services.find_existing_customer
    calls = []

    def blind_first(**kwargs):
        calls.append(kwargs)
        return (None, "") if len(calls) == 1 else real(**kwargs)

    monkeypatch.setattr(services, "find_existing_customer", blind_first)
    with pytest.raises(DuplicateCustomerError) as info:
        make(salesperson, name="重复")
    assert info.value.customer == first and len(calls) == 2
    assert Customer.objects.count() == 1  # and the transaction is still usable
    if connection.vendor == "postgresql":
        assert connection.in_atomic_block and not connection.needs_rollback


def test_only_managers_create_for_someone_else(salesperson, colleague, manager):
    with pytest.raises(CustomerPermissionError):
        make(salesperson, owner=colleague)
    assert make(manager, owner=colleague).owner == colleague


def test_update_permissions_and_sensitive_fields(salesperson, colleague, manager, make_staff, team):
    from decocrm.accounts.services import team_set_manager

    team_set_manager(team=team, manager=manager)
    customer = make(salesperson, occupation="教师")
    updated = customer_update(customer=customer, by=salesperson, layout="三室两厅", area_m2="120.50")
    assert (updated.layout, str(updated.area_m2)) == ("三室两厅", "120.50")
    with pytest.raises(CustomerPermissionError):
        customer_update(customer=customer, by=colleague, layout="x")
    with pytest.raises(CustomerPermissionError, match="background"):
        customer_update(customer=customer, by=salesperson, income_level="high")
    customer_update(customer=customer, by=salesperson, occupation="教师")  # unchanged value: allowed
    assert customer_update(customer=customer, by=manager, income_level="high").income_level == "high"
    with pytest.raises(TypeError):
        customer_update(customer=customer, by=manager, owner=colleague)  # ownership has its own services


def test_update_to_a_taken_phone_is_refused(salesperson):
    make(salesperson, phone="13600001111")
    other = make(salesperson, phone="13600002222")
    with pytest.raises(DuplicateCustomerError):
        customer_update(customer=other, by=salesperson, phone="136 0000 1111")
    other.refresh_from_db()
    assert other.phone == "+8613600002222"


def test_key_account_cap_per_account_manager(salesperson, company_manager, make_staff, settings):
    assert settings.KEY_ACCOUNTS_PER_MANAGER == 15  # the rule's default [004 §9]
    settings.KEY_ACCOUNTS_PER_MANAGER = 2
    account_manager = make_staff(Role.SALES)
    customers = [make(salesperson, phone=f"1360000{i:04d}") for i in range(3)]
    with pytest.raises(CustomerPermissionError):
        customer_set_key_account(customer=customers[0], by=salesperson, is_key_account=True, tier=KeyTier.CORE,
                                 account_manager=account_manager)  # fmt: skip
    for customer in customers[:2]:
        customer_set_key_account(customer=customer, by=company_manager, is_key_account=True, tier=KeyTier.CORE,
                                 account_manager=account_manager)  # fmt: skip
    with pytest.raises(KeyAccountCapError, match="2 key accounts"):
        customer_set_key_account(customer=customers[2], by=company_manager, is_key_account=True, tier=KeyTier.ORDINARY,
                                 account_manager=account_manager)  # fmt: skip
    # changing the tier of one already held is not a new one
    customer_set_key_account(customer=customers[1], by=company_manager, is_key_account=True, tier=KeyTier.ORDINARY,
                             account_manager=account_manager)  # fmt: skip
    customer_set_key_account(customer=customers[0], by=company_manager, is_key_account=False)
    customer_set_key_account(customer=customers[2], by=company_manager, is_key_account=True, tier=KeyTier.CORE,
                             account_manager=account_manager)  # fmt: skip
    assert Customer.objects.filter(account_manager=account_manager).count() == 2
    with pytest.raises(ValidationError):
        customer_set_key_account(customer=customers[0], by=company_manager, is_key_account=True, tier="",
                                 account_manager=account_manager)  # fmt: skip


def test_decision_makers_are_sensitive_contacts(salesperson, manager):
    company = make(salesperson, name="某某学校", phone="", is_organisation=True, kind="public_facility")
    boss = contact_person_add(customer=company, by=salesperson, name="钱校长", role=ContactRole.DECISION_MAKER,
                              phone="13700002222")  # fmt: skip
    buyer = contact_person_add(customer=company, by=salesperson, name="采购李", role=ContactRole.PURCHASER)
    assert boss.is_sensitive and not buyer.is_sensitive and boss.phone == "+8613700002222"
    assert list(visible_contacts(salesperson, company)) == [buyer]
    assert list(visible_contacts(manager, company)) == [boss, buyer]
    person = make(salesperson, phone="13700003333")
    with pytest.raises(Exception, match="organisations only"):
        contact_person_add(customer=person, by=salesperson, name="x")


def test_sensitive_helper_and_scope(salesperson, colleague, manager, make_staff, team):
    from decocrm.accounts.services import team_set_manager

    team_set_manager(team=team, manager=manager)
    clerk, gm = make_staff(Role.ARCHIVE_CLERK), make_staff(Role.MANAGER, company_wide=True)
    designer = make_staff(Role.DESIGNER, team=team)
    assert [can_see_sensitive(u) for u in (salesperson, designer, clerk, manager, gm)] == [
        False,
        False,
        False,
        True,
        True,
    ]
    assert hidden_fields(salesperson) == ("occupation", "income_level", "id_number") and hidden_fields(gm) == ()
    mine, theirs = make(salesperson, phone="13600000001"), make(colleague, phone="13600000002")
    far = make(make_staff(Role.SALES), phone="13600000003")
    assert set(visible_customers(salesperson)) == {mine}
    assert set(visible_customers(manager)) == {mine, theirs}
    assert set(visible_customers(gm)) == set(visible_customers(clerk)) == {mine, theirs, far}
    assert not visible_customers(designer).exists()


def test_customer_url_is_a_404_outside_the_scope(client, salesperson, colleague):
    customer = make(salesperson, name="吴女士")
    assert customer.get_absolute_url() == f"/customers/{customer.pk}/"
    client.force_login(colleague)
    assert client.get(customer.get_absolute_url()).status_code == 404
    client.force_login(salesperson)
    assert "吴女士" in client.get(customer.get_absolute_url()).content.decode()


def test_district_ensure_creates_once_and_keeps_the_admins_flag():
    from customers.models import District
    from customers.services import district_ensure

    first = district_ensure(name="余杭区", city="杭州", is_urban=False)
    District.objects.filter(pk=first.pk).update(is_urban=True)  # an admin reclassified it
    again = district_ensure(name="余杭区", city="杭州", is_urban=False)
    assert again.pk == first.pk and again.is_urban is True
    assert District.objects.filter(name="余杭区").count() == 1


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (CustomerClass.POTENTIAL, CustomerClass.EXISTING),
        (CustomerClass.EXISTING, CustomerClass.EXISTING),
        (CustomerClass.LOYAL, CustomerClass.LOYAL),
        (CustomerClass.SPECIAL, CustomerClass.SPECIAL),
    ],
)
def test_mark_existing_promotes_only_a_potential_customer(salesperson, before, after):
    customer = make(salesperson, customer_class=before)
    stamped = customer.updated_at
    at = stamped + timedelta(days=3)
    returned = services.customer_mark_existing(customer=customer, at=at)
    stored = Customer.objects.get(pk=customer.pk)
    assert returned.customer_class == stored.customer_class == after
    assert stored.updated_at == (at if before != after else stamped)
    assert stored.owner_id == salesperson.pk  # nothing else changes
