"""The customer page renders the panels later stages register (customers/panels.py), in their order, and leaves
out a panel whose provider declines."""

import pytest
from django.template import Template
from django.urls import reverse

from customers import panels
from customers.services import customer_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """The panel registry as the apps filled it, restored after the test."""
    monkeypatch.setattr(panels, "_providers", list(panels._providers))
    return panels


def _panel(text, order):
    def provider(request, customer):
        return {"template": Template('<p class="fake-panel">{{ panel.text }} {{ panel.name }}</p>'), "order": order,
                "text": text, "name": customer.name}  # fmt: skip

    return provider


def test_panels_render_in_their_order_and_a_declining_provider_is_left_out(client, salesperson, registry):
    registry.register_customer_panel(_panel("second", 90))
    registry.register_customer_panel(lambda request, customer: None)
    first = registry.register_customer_panel(_panel("first", 1))
    registry.register_customer_panel(first)  # ready() may run twice: still one panel
    customer = customer_create(by=salesperson, owner=salesperson, name="吴女士", phone="13811112222")
    client.force_login(salesperson)
    page = client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert page.count('class="fake-panel"') == 2
    assert page.index("first 吴女士") < page.index("second 吴女士")


def test_the_customer_page_asks_each_provider_with_the_viewer_and_the_customer(rf, salesperson, registry):
    seen = []
    registry.register_customer_panel(lambda request, customer: seen.append((request.user, customer)))
    request = rf.get("/")
    request.user = salesperson
    customer = customer_create(by=salesperson, owner=salesperson, name="吴女士", phone="13811112222")
    registry.customer_panels(request, customer)
    assert seen == [(salesperson, customer)]


def test_customers_names_no_later_stage():
    """The customer page learns of leads, contracts... only through the panels they register."""
    from tests.layering import later_stages, layering_offences

    assert layering_offences(["customers"], later_stages("customers")) == {}
