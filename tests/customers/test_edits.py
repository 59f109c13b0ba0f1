"""Editing a customer from its page, with history (issue 9): customer_update names who changed what; the page's
"Changes" card shows each field old -> new in the reader's language, without the fields the reader may not see, in
a constant number of queries; the admin's history view is scoped like the admin."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from customers.models import Customer
from customers.services import (
    CustomerPermissionError,
    DuplicateCustomerError,
    customer_create,
    customer_set_key_account,
    customer_update,
    district_ensure,
)
from decocrm.accounts.choices import Role
from decocrm.accounts.services import team_create
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def _customer(owner, name="吴女士", phone="13811112222", **fields):
    return customer_create(by=owner, owner=owner, name=name, phone=phone, **fields)


# --- The service


def test_an_edit_is_recorded_with_who_and_each_field_old_and_new(salesperson):
    customer = _customer(salesperson, address="浦东新区张江路1号")
    customer_update(customer=customer, by=salesperson, address="浦东新区张江路2号", layout="3室2厅")
    record = customer.history.first()  # newest first
    assert (record.history_type, record.history_user) == ("~", salesperson)
    delta = record.diff_against(record.prev_record)
    assert {(c.field, c.old, c.new) for c in delta.changes} == {
        ("address", "浦东新区张江路1号", "浦东新区张江路2号"),
        ("layout", "", "3室2厅"),
    }


def test_a_changed_phone_is_recomputed_and_checked_like_capture(salesperson, colleague):
    customer = _customer(salesperson)
    _customer(colleague, name="郑先生", phone="13833334444")
    with pytest.raises(DuplicateCustomerError, match="郑先生"):
        customer_update(customer=customer, by=salesperson, phone="138 3333 4444")
    customer.refresh_from_db()
    assert (customer.phone, customer.history.count()) == ("+8613811112222", 1)
    customer_update(customer=customer, by=salesperson, phone="138 5555 6666")
    customer.refresh_from_db()
    assert (customer.phone, customer.phone_digits) == ("+8613855556666", "13855556666")


def test_protected_fields_are_not_editable_through_the_service(salesperson):
    customer = _customer(salesperson)
    for field in ("owner", "owned_since", "is_key_account", "account_manager", "phone_digits"):
        with pytest.raises(TypeError):
            customer_update(customer=customer, by=salesperson, **{field: None})


def test_who_may_edit(salesperson, colleague, team_manager, company_manager, make_staff):
    customer = _customer(salesperson)
    other_manager = make_staff(Role.MANAGER, team=team_create(name="二部"))
    for outsider in (colleague, other_manager, make_staff(Role.DESIGNER, team=salesperson.team)):
        with pytest.raises(CustomerPermissionError):
            customer_update(customer=customer, by=outsider, address="x")
    for allowed in (salesperson, team_manager, company_manager):
        customer_update(customer=customer, by=allowed, address=f"由{allowed.pk}改")
    assert [r.history_user for r in customer.history.filter(history_type="~")] == [
        company_manager,
        team_manager,
        salesperson,
    ]


def test_ownership_changes_are_recorded_too(salesperson, colleague, company_manager):
    from customers.services import customer_transfer_ownership

    customer = _customer(salesperson)
    customer_transfer_ownership(customer=customer, owner=colleague, by=company_manager)
    record = customer.history.first()
    assert (record.owner_id, record.history_user) == (colleague.pk, company_manager)


# --- The pages


def test_the_owner_edits_the_address_and_sees_it_on_the_changes_card(client, salesperson):
    district = district_ensure(name="浦东新区", city="上海", is_urban=True)
    customer = _customer(salesperson, address="张江路1号", special_needs=["elderly"])
    client.force_login(salesperson)
    url = reverse("customers:edit", args=[customer.pk])
    page = client.get(url).content.decode()
    assert 'name="address"' in page and 'value="张江路1号"' in page and 'name="id_number"' not in page
    data = {"name": "吴女士", "kind": "residential", "phone": "+8613811112222", "district": district.pk,
            "address": "张江路2号", "special_needs": ["elderly", "eco"]}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    customer.refresh_from_db()
    assert (customer.address, customer.district, customer.special_needs) == ("张江路2号", district, ["elderly", "eco"])
    page = client.get(customer.get_absolute_url()).content.decode()
    assert 'id="customer-changes"' in page
    changes = page[page.index('id="customer-changes"') :]
    # In the reader's language (the company's, zh-hans): verbose names and choice labels, not codes
    assert "地址" in changes and "张江路1号" in changes and "张江路2号" in changes
    assert "浦东新区" in changes and "环保材料" in changes and "elderly" not in changes
    assert salesperson.display_name in changes


def test_the_page_refuses_another_customers_phone_under_the_field(client, salesperson, colleague):
    customer = _customer(salesperson)
    _customer(colleague, name="郑先生", phone="13833334444")
    client.force_login(salesperson)
    data = {"name": "吴女士", "kind": "residential", "phone": "138 3333 4444"}
    response = client.post(reverse("customers:edit", args=[customer.pk]), data)
    assert response.status_code == 200
    assert "郑先生" in str(response.context["form"].errors["phone"])
    assert Customer.objects.get(pk=customer.pk).phone == "+8613811112222"


def test_nothing_changed_records_nothing(client, salesperson):
    customer = _customer(salesperson)
    client.force_login(salesperson)
    data = {"name": "吴女士", "kind": "residential", "phone": "+8613811112222"}
    assert client.post(reverse("customers:edit", args=[customer.pk]), data).status_code == 302
    assert customer.history.count() == 1


def test_a_salesperson_does_not_see_changes_of_the_background(client, salesperson, team_manager):
    customer = _customer(salesperson)
    customer_update(customer=customer, by=team_manager, id_number="310101199001019999")
    client.force_login(salesperson)
    page = client.get(customer.get_absolute_url()).content.decode()
    assert "310101199001019999" not in page and 'id="customer-changes"' not in page
    client.force_login(team_manager)
    assert "310101199001019999" in client.get(customer.get_absolute_url()).content.decode()


def test_the_edit_page_runs_a_fixed_number_of_queries(client, salesperson, django_assert_max_num_queries):
    district_ensure(name="浦东新区", city="上海", is_urban=True)
    customer = _customer(salesperson)
    client.force_login(salesperson)
    client.get(reverse("customers:edit", args=[customer.pk]))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("customers:edit", args=[customer.pk])).status_code == 200


def test_the_changes_card_is_not_n_plus_one(client, salesperson, company_manager):
    customer = _customer(salesperson)
    districts = [district_ensure(name=f"区{n}", city="上海", is_urban=True) for n in range(21)]
    step = iter(range(100))

    def add(n):
        for _ in range(n):
            i = next(step)
            customer_update(customer=customer, by=salesperson, address=f"路{i}号", district=districts[i % 21])

    page = assert_constant_queries(client_for(client, salesperson), customer.get_absolute_url(), add)
    assert page.content.decode().count('class="history-entry') == 20


def client_for(client, user):
    client.force_login(user)
    return client


# --- The admin's history view


def _admin(make_staff, role=Role.MANAGER, **kwargs):
    user = make_staff(role, **kwargs)
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="customers"))
    return user


def test_admin_history_is_scoped_and_hides_what_the_user_may_not_see(client, make_staff, salesperson, team):
    mine = _customer(salesperson)
    customer_update(customer=mine, by=salesperson, address="本组地址改")
    other = make_staff(Role.SALES, team=team_create(name="二部"))
    theirs = _customer(other, name="别组客户", phone="13800000002")
    customer_update(customer=theirs, by=other, address="别组地址改")
    manager = _admin(make_staff, team=team)
    client.force_login(manager)
    page = client.get(f"/admin/customers/customer/{mine.pk}/history/")
    assert page.status_code == 200 and "本组地址改" in page.content.decode()
    assert client.get(f"/admin/customers/customer/{theirs.pk}/history/").status_code == 404
    record = theirs.history.first()
    assert client.get(f"/admin/customers/customer/{theirs.pk}/history/{record.history_id}/").status_code == 404
    mine_record = mine.history.first()
    url = f"/admin/customers/customer/{mine.pk}/history/{mine_record.history_id}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "改回"}).status_code == 403  # never reverted from the admin
    clerk = _admin(make_staff, Role.ARCHIVE_CLERK)
    customer_update(customer=mine, by=manager, id_number="310101199001019999")
    client.force_login(clerk)
    page = client.get(f"/admin/customers/customer/{mine.pk}/history/").content.decode()
    assert "本组地址改" in page and "310101199001019999" not in page


def test_key_account_marking_is_recorded(salesperson, company_manager):
    customer = _customer(salesperson)
    customer_set_key_account(customer=customer, by=company_manager, is_key_account=True, tier="core",
                             account_manager=company_manager)  # fmt: skip
    assert customer.history.first().history_user == company_manager
