"""The designer's pages: the leads assigned to them and nothing else (404), the customer's basics on the lead page
(the customer's own page stays with the sales side), the design panel's actions through its views, no sales
action, the booking form's designer field, and their home page."""

import pytest
from django.urls import reverse

from decocrm.accounts.choices import Role
from leads.choices import LeadState
from leads.models import Lead
from leads.services import lead_assign_designer

from .design_helpers import T, qualified
from .test_design_views import HX, book_data, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def designer(make_staff):
    return make_staff(Role.DESIGNER)


@pytest.fixture
def designed(capture, salesperson, designer):
    lead = qualified(capture, salesperson)
    return lead_assign_designer(lead=lead, by=salesperson, designer=designer, at=T)


def test_the_designer_opens_only_the_leads_assigned_to_them(client, capture, salesperson, designer, designed):
    other = qualified(capture, salesperson)
    client.force_login(designer)
    page = client.get(designed.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert designed.customer.phone in body and 'id="lead-designer"' in body  # the customer's basics
    assert 'id="quick-actions"' not in body  # no sales action
    assert designed.customer.get_absolute_url() not in body  # no link to a page they may not open
    assert client.get(designed.customer.get_absolute_url()).status_code == 404
    listing = client.get(reverse("leads:list")).content.decode()
    assert designed.get_absolute_url() in listing and other.get_absolute_url() not in listing
    for response in (
        client.get(other.get_absolute_url()),
        client.get(url("design_panel", other)),
        client.post(url("appointment_book", other), book_data()),
        client.post(reverse("leads:action", args=[other.pk, "contact"]), {}),
    ):
        assert response.status_code == 404
    assert Lead.objects.get(pk=other.pk).state == LeadState.QUALIFIED


def test_the_designer_books_through_the_panel_without_choosing_designers(client, designer, designed):
    client.force_login(designer)
    panel = client.get(url("design_panel", designed)).content.decode()
    assert 'data-form="book"' in panel and 'name="book-kind"' not in panel  # fetched when its card is opened
    form = client.get(url("design_panel", designed), {"form": "book"}, **HX).content.decode()
    assert 'name="book-kind"' in form and 'name="book-designer"' not in form
    response = client.post(url("appointment_book", designed), book_data(), **HX)
    assert response.status_code == 200 and 'data-state="measurement_scheduled"' in response.content.decode()
    assert list(designed.appointments.get().attendees.all()) == [designer]


def test_the_designer_cannot_fire_a_sales_action_by_url(client, designer, designed):
    client.force_login(designer)
    for name, data in (("lost", {"lost-reason": "price"}), ("designer", {"designer-designer": designer.pk})):
        response = client.post(reverse("leads:action", args=[designed.pk, name]), data, **HX)
        assert "action-error" in response.content.decode(), name  # refused in its form
    assert Lead.objects.get(pk=designed.pk).state == LeadState.QUALIFIED


def test_the_salesperson_books_the_measurement_with_a_designer(client, capture, salesperson, designer):
    lead = qualified(capture, salesperson)
    client.force_login(salesperson)
    form = client.get(url("design_panel", lead), {"form": "book"}, **HX).content.decode()
    assert f'<option value="{designer.pk}">' in form
    response = client.post(url("appointment_book", lead), book_data(**{"book-designer": designer.pk}), **HX)
    assert response.status_code == 200
    assert Lead.objects.get(pk=lead.pk).designer == designer


def test_the_designers_home_lists_their_leads(client, designer, designed):
    client.force_login(designer)
    home = client.get(reverse("home")).content.decode()
    assert 'id="my-leads"' in home and designed.get_absolute_url() in home
    assert reverse("leads:create") not in home.split('id="my-leads"')[1].split("</div>")[0]
