"""decocrm.core.middleware.AdminParameterGuard: admin parameters Django's admin does not survive answer its
"invalid parameters" page or the page again with a message, never a 500 (issue 7, defect 7; found by the fuzzer)."""

import pytest
from django.urls import reverse

from decocrm.accounts.models import User
from decocrm.workdays.models import CalendarYear

pytestmark = pytest.mark.django_db
HUGE = "9223372036854775807"


@pytest.fixture
def admin_client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(User.objects.create_superuser("root", "root@example.com", "x-Strong-Pass-1"))
    return client


@pytest.mark.parametrize(
    "params",
    [
        {"created_at__year": "9999"},  # the end of year 9999 overflows
        {"created_at__year": HUGE},  # past a C int: OverflowError, which the admin does not catch
        {"created_at__year": "2026", "created_at__month": HUGE},
        {"created_at__year": "2026", "created_at__month": "12", "created_at__day": "x"},
        {"created_at__year": "0"},
    ],
)
def test_a_date_hierarchy_out_of_range_gives_the_admins_invalid_parameters_page(admin_client, params):
    url = reverse("admin:leads_lead_changelist")
    response = admin_client.get(url, params)
    assert response.status_code == 302 and response["Location"] == f"{url}?e=1"
    assert admin_client.get(response["Location"]).status_code == 200


def test_a_sane_date_hierarchy_still_filters(admin_client):
    url = reverse("admin:leads_lead_changelist")
    assert admin_client.get(url, {"created_at__year": "2026", "created_at__month": "3"}).status_code == 200


@pytest.mark.parametrize("selected", ["NaN", "2026-02-30", "\x00", HUGE])
def test_an_action_on_rows_whose_ids_are_not_ids_changes_nothing_and_says_so(admin_client, selected):
    admin_client.get(reverse("admin:workdays_calendaryear_changelist"))  # fills this and next year
    url = reverse("admin:workdays_calendaryear_changelist")
    data = {"action": "confirm_years", "index": "0", "_selected_action": [selected]}
    response = admin_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "Some of the chosen records do not exist; nothing was changed." in response.content.decode()
    assert not CalendarYear.objects.filter(confirmed_at__isnull=False).exists()


def test_an_autocomplete_field_posted_with_a_bad_id_changes_nothing_and_says_so(admin_client):
    from customers.models import Customer

    url = reverse("admin:customers_customer_add")
    data = {"name": "张先生", "kind": "residential", "customer_class": "potential", "phone": "13800138000"}
    response = admin_client.post(url, {**data, "district": "abc"}, follow=True)
    assert response.status_code == 200
    assert "Some of the chosen records do not exist; nothing was changed." in response.content.decode()
    assert not Customer.objects.exists()


def test_the_admin_export_with_a_parameter_it_cannot_filter_by(admin_client):
    url = reverse("admin:customers_customer_export")
    response = admin_client.get(url, {"page": "1"})
    assert response.status_code == 302 and response["Location"] == f"{url}?e=1"
