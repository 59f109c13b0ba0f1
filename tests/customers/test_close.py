"""Closing a customer from the clean-up report [seed 001 §2(三)]: who may (whoever may edit it), what it refuses (open
work a later stage reports through cleanup.register_close_blocker; closed twice; a bad reason), what it does (off the
report and the monthly notice, out of the list's default view, kept with its history) and reopening."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from customers.cleanup import close_blockers, with_cleanup_reasons
from customers.models import Customer
from customers.services.cleanup import customer_close, customer_reopen
from decocrm.accounts.choices import Role
from decocrm.core.errors import DomainError
from leads.services import lead_capture
from tests.customers.test_cleanup import clean_customer, phone

pytestmark = pytest.mark.django_db


def unclean(owner):
    customer = clean_customer(owner)
    Customer.objects.filter(pk=customer.pk).update(phone="12345")  # a malformed phone: on the report
    return Customer.objects.get(pk=customer.pk)


def on_report(customer):
    return with_cleanup_reasons(Customer.objects.filter(pk=customer.pk)).exists()


def test_close_takes_it_off_the_report_and_keeps_it_with_its_history(salesperson):
    customer = unclean(salesperson)
    assert on_report(customer)
    customer_close(customer=customer, by=salesperson, reason="invalid", note="  空号  ")
    customer.refresh_from_db()
    assert customer.closed_at is not None and customer.closed_by == salesperson
    assert (customer.close_reason, customer.close_note) == ("invalid", "空号")
    assert not on_report(customer)
    last = customer.history.order_by("-history_id").first()
    assert last.history_user == salesperson and last.closed_at is not None

    customer_reopen(customer=customer, by=salesperson)
    customer.refresh_from_db()
    assert (customer.closed_at, customer.closed_by, customer.close_reason) == (None, None, "")
    assert on_report(customer)


def test_refusals_change_nothing(salesperson, make_staff, team):
    customer = unclean(salesperson)
    other = make_staff(Role.SALES)
    with pytest.raises(DomainError, match="may not change"):
        customer_close(customer=customer, by=other, reason="invalid")
    with pytest.raises(ValidationError):
        customer_close(customer=customer, by=salesperson, reason="nonsense")
    assert Customer.objects.get(pk=customer.pk).closed_at is None
    with pytest.raises(DomainError, match="not closed"):
        customer_reopen(customer=customer, by=salesperson)
    customer_close(customer=customer, by=salesperson, reason="duplicate")
    with pytest.raises(DomainError, match="closed already"):
        customer_close(customer=customer, by=salesperson, reason="invalid")


def test_an_open_lead_keeps_the_customer_open(salesperson):
    lead = lead_capture(by=salesperson, channel="walk_in", name="刘先生", phone=phone(), at=timezone.now())
    customer = lead.customer
    assert close_blockers(customer) == ["a lead is still open (close it first)"]
    with pytest.raises(DomainError, match="a lead is still open"):
        customer_close(customer=customer, by=salesperson, reason="invalid")
    assert Customer.objects.get(pk=customer.pk).closed_at is None


def test_pages_close_from_the_report_and_reopen_from_the_customer(client, salesperson, make_staff):
    customer = unclean(salesperson)
    client.force_login(salesperson)
    report = client.get(reverse("customers:cleanup")).content.decode()
    close_url = reverse("customers:close", args=[customer.pk])
    assert f'href="{close_url}"' in report
    page = client.get(close_url)
    assert page.status_code == 200 and 'id="customer-close-form"' in page.content.decode()

    refused = client.post(close_url, {"reason": ""})  # no reason: the form again, nothing saved
    assert refused.status_code == 200 and Customer.objects.get(pk=customer.pk).closed_at is None

    done = client.post(close_url, {"reason": "not_a_customer", "note": "已装修完毕"})
    assert done.status_code == 302 and done["Location"] == reverse("customers:cleanup")
    assert Customer.objects.get(pk=customer.pk).closed_at is not None
    assert f'data-customer="{customer.pk}"' not in client.get(reverse("customers:cleanup")).content.decode()

    listed = client.get(reverse("customers:list")).context["page"].object_list
    assert customer.pk not in [row.pk for row in listed]
    listed = client.get(reverse("customers:list"), {"closed": "on"}).context["page"].object_list
    assert [row.pk for row in listed] == [customer.pk]

    detail = client.get(customer.get_absolute_url()).content.decode()
    assert 'id="customer-closed"' in detail and 'id="customer-reopen"' in detail
    assert client.get(reverse("customers:reopen", args=[customer.pk])).status_code == 405  # POST only
    assert client.post(reverse("customers:reopen", args=[customer.pk])).status_code == 302
    assert Customer.objects.get(pk=customer.pk).closed_at is None


def test_doors_are_scoped(client, salesperson, make_staff):
    customer = unclean(salesperson)
    close_url = reverse("customers:close", args=[customer.pk])
    client.force_login(make_staff(Role.SALES))  # another salesperson: not in their scope
    assert client.get(close_url).status_code == 404
    assert client.post(close_url, {"reason": "invalid"}).status_code == 404
    assert client.post(reverse("customers:reopen", args=[customer.pk])).status_code == 404
    client.force_login(make_staff(Role.ARCHIVE_CLERK))  # reads customers, edits none
    assert client.post(close_url, {"reason": "invalid"}).status_code in (403, 404)
    assert Customer.objects.get(pk=customer.pk).closed_at is None
