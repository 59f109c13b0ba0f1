import pytest
from django.contrib.auth.models import Permission

from customers.services import customer_create
from decocrm.accounts.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(make_staff):
    clerk = make_staff(Role.ARCHIVE_CLERK)
    clerk.user_permissions.add(*Permission.objects.filter(content_type__app_label="customers"))
    return clerk


@pytest.fixture
def gm(make_staff):
    gm = make_staff(Role.MANAGER, company_wide=True)
    gm.user_permissions.add(*Permission.objects.filter(content_type__app_label="customers"))
    return gm


def test_admin_hides_sensitive_fields_from_non_managers(client, clerk, gm, salesperson):
    customer = customer_create(by=salesperson, owner=salesperson, name="冯先生", phone="13500009999",
                               id_number="310101199001019999")  # fmt: skip
    url = f"/admin/customers/customer/{customer.pk}/change/"
    client.force_login(clerk)
    page = client.get(url).content.decode()
    assert "冯先生" in page and "310101199001019999" not in page and 'name="id_number"' not in page
    client.force_login(gm)
    page = client.get(url).content.decode()
    assert "310101199001019999" in page and 'name="id_number"' in page


def test_admin_change_goes_through_the_service(client, gm, salesperson):
    customer = customer_create(by=salesperson, owner=salesperson, name="冯先生", phone="13500009999")
    client.force_login(gm)
    url = f"/admin/customers/customer/{customer.pk}/change/"
    form = {"name": "冯先生", "kind": "residential", "customer_class": "potential", "phone": "135 0000 8888",
            "special_needs": "[]", "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"}  # fmt: skip
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    customer.refresh_from_db()
    assert (customer.phone, customer.phone_digits, customer.owner) == ("+8613500008888", "13500008888", salesperson)


def test_admin_lists_only_the_users_scope(client, make_staff, salesperson, team):
    manager = make_staff(Role.MANAGER, team=team)
    manager.user_permissions.add(*Permission.objects.filter(content_type__app_label="customers"))
    customer_create(by=salesperson, owner=salesperson, name="本组客户", phone="13500000001")
    other = make_staff(Role.SALES)
    customer_create(by=other, owner=other, name="别组客户", phone="13500000002")
    client.force_login(manager)
    page = client.get("/admin/customers/customer/").content.decode()
    assert "本组客户" in page and "别组客户" not in page


def test_districts_are_company_settings(client, make_staff, team, gm):
    from customers.models import District
    from customers.services import district_ensure

    district = district_ensure(name="浦东新区", city="上海", is_urban=True)
    manager = make_staff(Role.MANAGER, team=team)
    url = f"/admin/customers/district/{district.pk}/change/"
    client.force_login(manager)
    assert client.get("/admin/customers/district/").status_code == 200
    assert client.post(url, {"name": "浦东新区", "city": "上海"}).status_code == 403
    assert client.post("/admin/customers/district/add/", {"name": "崇明区", "city": "上海"}).status_code == 403
    assert District.objects.get(pk=district.pk).is_urban and District.objects.count() == 1
    client.force_login(gm)
    assert client.post(url, {"name": "浦东新区", "city": "上海"}).status_code == 302
    assert not District.objects.get(pk=district.pk).is_urban


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31"])
def test_admin_refuses_an_expected_start_outside_the_window_under_the_field(client, gm, salesperson, settings, typed):
    """Issue 7, defect 2: the admin form checks the window itself (the service would refuse it too late, in
    save_model, which the admin turns into a 500)."""
    customer = customer_create(by=salesperson, owner=salesperson, name="冯先生", phone="13500009999")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(gm)
    url = f"/admin/customers/customer/{customer.pk}/change/"
    form = {"name": "冯先生", "kind": "residential", "customer_class": "potential", "phone": "13500009999",
            "special_needs": "[]", "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0",
            "expected_start": typed}  # fmt: skip
    response = client.post(url, form)
    assert response.status_code == 200 and "Expected start must be between" in response.content.decode()
    customer.refresh_from_db()
    assert customer.expected_start is None
    form["expected_start"] = "2027-05-01"
    assert client.post(url, form).status_code == 302
    customer.refresh_from_db()
    assert str(customer.expected_start) == "2027-05-01"


def test_a_service_refusal_in_the_customer_admin_is_a_message_not_a_500(client, gm, salesperson, settings):
    """One phone = one customer: the admin form cannot know, the service refuses; the page says so, nothing saved."""
    customer_create(by=salesperson, owner=salesperson, name="褚先生", phone="13500001111")
    other = customer_create(by=salesperson, owner=salesperson, name="卫女士", phone="13500002222")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(gm)
    url = f"/admin/customers/customer/{other.pk}/change/"
    form = {"name": "卫女士", "kind": "residential", "customer_class": "potential", "phone": "13500001111",
            "special_needs": "[]", "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"}  # fmt: skip
    response = client.post(url, form, follow=True)
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    other.refresh_from_db()
    assert other.phone_digits.endswith("2222")
