"""Every view of a sensitive field writes one access-log row (per view and object, not per field): the customer
page, the lead page, the admin change page and history; exports write one for the whole export (tests in
tests/customers/test_admin_export.py and tests/leads/test_views.py). Who does not see them writes none."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from customers.models import Customer
from customers.services import customer_create
from decocrm.audit.models import AccessLog

from .conftest import ID

pytestmark = pytest.mark.django_db
SHOWN = ["occupation", "id_number", "decision_maker_contacts"]


def test_a_manager_viewing_a_customer_page_writes_one_row(client, company, team_manager):
    client.force_login(team_manager)
    page = client.get(reverse("customers:detail", args=[company.pk])).content.decode()
    assert ID in page
    (entry,) = AccessLog.objects.all()
    assert entry.user == team_manager and entry.door == "customers:detail"
    assert (entry.content_type, entry.object_id, entry.label) == (
        ContentType.objects.get_for_model(Customer),
        company.pk,
        "华装公司",
    )
    assert entry.fields == SHOWN
    client.get(reverse("customers:detail", args=[company.pk]))
    assert AccessLog.objects.count() == 2  # one per view


def test_a_salesperson_who_does_not_see_them_writes_none(client, company, salesperson, clerk):
    client.force_login(salesperson)
    assert client.get(reverse("customers:detail", args=[company.pk])).status_code == 200
    client.force_login(clerk)
    assert client.get(f"/admin/customers/customer/{company.pk}/change/").status_code == 200
    assert not AccessLog.objects.exists()


def test_a_customer_without_sensitive_values_writes_none(client, salesperson, team_manager):
    plain = customer_create(by=salesperson, owner=salesperson, name="普通客户", phone="13955551111")
    client.force_login(team_manager)
    assert client.get(reverse("customers:detail", args=[plain.pk])).status_code == 200
    assert not AccessLog.objects.exists()


def test_the_lead_page_shows_them_too(client, salesperson, team_manager):
    from leads.services import lead_capture

    lead = lead_capture(by=salesperson, channel="walk_in", name="线索客户", phone="13955552222", id_number=ID)
    client.force_login(salesperson)
    client.get(lead.get_absolute_url())
    assert not AccessLog.objects.exists()
    client.force_login(team_manager)
    assert ID in client.get(lead.get_absolute_url()).content.decode()
    (entry,) = AccessLog.objects.all()
    assert (entry.user, entry.object_id, entry.door, entry.fields) == (
        team_manager,
        lead.customer_id,
        "leads:detail",
        ["id_number"],
    )


def test_the_admin_change_page_and_history_write_rows_for_managers(client, company, gm):
    client.force_login(gm)
    assert ID in client.get(f"/admin/customers/customer/{company.pk}/change/").content.decode()
    (entry,) = AccessLog.objects.all()
    assert (entry.user, entry.object_id, entry.door) == (gm, company.pk, "admin:customers_customer_change")
    assert entry.fields == SHOWN
    assert client.get(f"/admin/customers/customer/{company.pk}/history/").status_code == 200
    history = AccessLog.objects.latest("pk")
    assert (history.door, history.fields) == ("admin:customers_customer_history", ["occupation", "id_number"])
    version = company.history.earliest("history_date")
    url = f"/admin/customers/customer/{company.pk}/history/{version.history_id}/"
    assert client.get(url).status_code == 200
    assert AccessLog.objects.latest("pk").door == "admin:customers_customer_simple_history"
    assert AccessLog.objects.count() == 3


def test_the_edit_form_shows_them_to_managers_and_is_logged(client, company, team_manager, salesperson):
    url = reverse("customers:edit", args=[company.pk])
    client.force_login(salesperson)
    assert client.get(url).status_code == 200
    assert not AccessLog.objects.exists()
    client.force_login(team_manager)
    assert ID in client.get(url).content.decode()
    (entry,) = AccessLog.objects.all()
    assert (entry.door, entry.fields) == ("customers:edit", ["occupation", "id_number"])
