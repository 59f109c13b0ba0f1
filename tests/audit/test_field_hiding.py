"""Field-level hiding in pages and admin (exports: tests/customers/test_admin_export.py, tests/leads/test_views.py):
ID numbers, background and decision-maker contacts only for managers; phones masked (139****0000) for staff who see
a customer they neither own nor serve — the archive clerk, who keeps every file — also in the admin, where the clerk
works."""

import pytest
from django.urls import reverse

from customers.models import Customer

from .conftest import BOSS_PHONE, BUYER_PHONE, ID, PHONE

pytestmark = pytest.mark.django_db
MASKED = "139****0000"
MASKED_BUYER = "139****7777"


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_clerk_sees_the_admin_change_page_masked_and_without_sensitive_fields(client, company, clerk):
    page = _page(client, clerk, f"/admin/customers/customer/{company.pk}/change/")
    assert "华装公司" in page and MASKED in page and MASKED_BUYER in page
    for secret in (PHONE, PHONE[-8:], BUYER_PHONE, BOSS_PHONE, "老板王总", ID, "企业主"):
        assert secret not in page, secret
    assert 'name="phone"' not in page and 'name="id_number"' not in page and 'name="occupation"' not in page
    # the list (masked for everyone) and the history (the phone's old -> new left out)
    listing = _page(client, clerk, "/admin/customers/customer/")
    assert MASKED in listing and PHONE not in listing
    history = _page(client, clerk, f"/admin/customers/customer/{company.pk}/history/")
    assert PHONE not in history and "13955559999" not in history
    version = company.history.earliest("history_date")
    old = _page(client, clerk, f"/admin/customers/customer/{company.pk}/history/{version.history_id}/")
    assert "13955559999" not in old and ID not in old


def test_the_clerk_reads_a_customer_in_the_admin_and_changes_nothing(client, company, clerk):
    """The clerk keeps the files and reads customer basics only (issue 12): the change page is read-only, the phone
    masked, and a POST changes nothing."""
    page = _page(client, clerk, f"/admin/customers/customer/{company.pk}/change/")
    assert MASKED in page and PHONE not in page and 'name="name"' not in page
    client.force_login(clerk)
    form = {"name": "华装集团", "is_organisation": "on", "kind": "residential", "customer_class": "potential",
            "special_needs": "[]", "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"}  # fmt: skip
    assert client.post(f"/admin/customers/customer/{company.pk}/change/", form).status_code == 403
    company.refresh_from_db()
    assert company.name != "华装集团"


def test_managers_see_everything_in_the_admin(client, company, gm):
    page = _page(client, gm, f"/admin/customers/customer/{company.pk}/change/")
    assert 'name="phone"' in page and PHONE in page and ID in page and "企业主" in page and BOSS_PHONE in page


def test_pages_mask_for_the_clerk_and_show_the_owner_in_full(client, company, clerk, salesperson, team_manager):
    detail = reverse("customers:detail", args=[company.pk])
    page = _page(client, clerk, detail)
    assert MASKED in page and MASKED_BUYER in page and PHONE not in page and BUYER_PHONE not in page
    assert ID not in page and "老板王总" not in page and "13955559999" not in page  # nor in the changes card
    assert MASKED in _page(client, clerk, reverse("customers:list"))
    page = _page(client, salesperson, detail)  # the owner: the phone in full, nothing sensitive
    assert PHONE in page and BUYER_PHONE in page and ID not in page and "企业主" not in page and BOSS_PHONE not in page
    assert PHONE in _page(client, salesperson, reverse("customers:list"))
    page = _page(client, team_manager, detail)
    assert PHONE in page and ID in page and BOSS_PHONE in page


def test_a_pool_customer_stays_masked_for_everyone(client, company, company_manager):
    Customer.objects.filter(pk=company.pk).update(owner=None)
    page = _page(client, company_manager, reverse("customers:detail", args=[company.pk]))
    assert MASKED in page and PHONE not in page
