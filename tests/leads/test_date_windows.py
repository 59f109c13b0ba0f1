"""Issue 7, defect 2: every date and time a user enters on a lead is checked against a sane window, in the form
and in the service. A year-1 appointment (a BC timestamp once the +08:00 offset is applied) once made the lead,
its design panel and its appointment actions answer 500 for everyone, for good."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from customers.services import customer_create, customer_update
from leads.choices import LeadState
from leads.models import Appointment, ContactLog, Lead, MeasurementVisit
from leads.services import (
    appointment_book,
    appointment_reschedule,
    lead_log_contact,
    lead_qualify,
    measurement_record,
    proposal_deliver,
)

from .conftest import MONDAY, SHANGHAI
from .design_helpers import ROOMS, VISIT, T, add_proposal, book_measurement, measured, qualified

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
YEAR_ONE = datetime(1, 1, 1, 0, 0, tzinfo=SHANGHAI)
FAR = datetime(9999, 12, 31, 23, 59, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def booked_on_a_page(client, capture, salesperson):
    """A qualified lead, its salesperson signed in, the clock on the Monday it was entered."""
    with time_machine.travel(MONDAY + timedelta(hours=2), tick=False):
        lead = qualified(capture, salesperson)
        client.force_login(salesperson)
        yield lead


def _book(client, lead, when, **headers):
    data = {"book-kind": "measurement", "book-scheduled_at": when, "book-place": "锦绣路100弄"}
    return client.post(reverse("leads:appointment_book", args=[lead.pk]), data, **headers)


def _pages_still_render(client, lead):
    assert client.get(lead.get_absolute_url()).status_code == 200
    assert client.get(reverse("leads:design_panel", args=[lead.pk])).status_code == 200
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("when", ["0001-01-01T00:00", "9999-12-31T23:59", "2025-03-01T10:00", "2028-03-03T10:00"])
def test_an_appointment_outside_the_window_is_a_form_error_and_nothing_is_saved(client, booked_on_a_page, when):
    lead = booked_on_a_page
    response = _book(client, lead, when)
    assert response.status_code == 400
    assert "Time must be between 2025-03-02 12:00 and 2028-03-02 12:00." in response.content.decode()
    response = _book(client, lead, when, **HX)
    assert "Time must be between" in response.content.decode() and "HX-Trigger" not in response
    assert not Appointment.objects.exists()
    assert Lead.objects.get(pk=lead.pk).state == LeadState.QUALIFIED
    _pages_still_render(client, lead)
    assert _book(client, lead, "2026-03-04T10:00").status_code == 302  # inside the window: booked


def test_a_reschedule_outside_the_window_is_refused_by_the_page(client, booked_on_a_page, salesperson):
    lead = booked_on_a_page
    appointment = book_measurement(lead, salesperson)
    prefix = f"reschedule-{appointment.pk}"
    data = {f"{prefix}-scheduled_at": "0001-01-01T00:00", f"{prefix}-cause": "customer", f"{prefix}-reason": "出差"}
    response = client.post(reverse("leads:appointment_reschedule", args=[lead.pk, appointment.pk]), data)
    assert response.status_code == 400 and "New time must be between" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.scheduled_at == VISIT and not appointment.reschedules.exists()
    _pages_still_render(client, lead)


@pytest.mark.parametrize("when", [YEAR_ONE, FAR, T + timedelta(days=3 * 366), T - timedelta(days=400)])
def test_the_booking_and_reschedule_services_refuse_times_outside_the_window(capture, salesperson, when):
    lead = qualified(capture, salesperson)
    with pytest.raises(ValidationError) as caught:
        appointment_book(lead=lead, by=salesperson, kind="measurement", scheduled_at=when, place="x", at=T)
    assert caught.value.message_dict["scheduled_at"][0].startswith("Time must be between")
    assert not Appointment.objects.exists() and Lead.objects.get(pk=lead.pk).state == LeadState.QUALIFIED
    appointment = book_measurement(lead, salesperson)
    with pytest.raises(ValidationError, match="New time must be between"):
        appointment_reschedule(
            appointment=appointment, by=salesperson, scheduled_at=when, cause="company", reason="改期", at=T
        )
    assert Appointment.objects.get().scheduled_at == VISIT


def test_a_visit_measured_in_the_future_is_a_form_error(client, capture, salesperson):
    with time_machine.travel(VISIT + timedelta(hours=3), tick=False):
        lead = qualified(capture, salesperson)
        book_measurement(lead, salesperson)
        client.force_login(salesperson)
        data = {"measurement-held_at": "2026-03-05T10:00", "measurement-rooms": "客厅 5.2 4.0 2.8"}
        response = client.post(reverse("leads:measurement_record", args=[lead.pk]), data)
        assert response.status_code == 400 and "Measured at cannot be in the future." in response.content.decode()
        data["measurement-held_at"] = "0001-01-01T00:00"
        response = client.post(reverse("leads:measurement_record", args=[lead.pk]), data)
        assert response.status_code == 400 and "Measured at cannot be before 2000-01-01." in response.content.decode()
        assert not MeasurementVisit.objects.exists()
        _pages_still_render(client, lead)


def test_a_visit_measured_before_the_lead_existed_is_refused_by_the_service(capture, salesperson):
    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    with pytest.raises(ValidationError) as caught:
        measurement_record(lead=lead, by=salesperson, held_at=MONDAY - timedelta(days=1), rooms=ROOMS, at=VISIT)
    assert caught.value.message_dict["held_at"] == [
        "Measured at cannot be before 2026-03-02 10:00, when the lead was entered."
    ]
    assert not MeasurementVisit.objects.exists()


def test_a_contact_before_the_lead_existed_or_in_the_future_is_refused(capture, salesperson):
    lead = capture(salesperson)
    with pytest.raises(ValidationError, match="Contact time cannot be before 2026-03-02 10:00"):
        lead_log_contact(lead=lead, by=salesperson, channel="phone", summary="早于录入", at=MONDAY - timedelta(hours=2))
    with pytest.raises(ValidationError, match="Contact time cannot be in the future"):
        lead_log_contact(lead=lead, by=salesperson, channel="phone", summary="未来", at=FAR)
    assert not ContactLog.objects.exists() and Lead.objects.get(pk=lead.pk).state == LeadState.NEW


def test_a_transition_or_delivery_dated_before_the_lead_is_refused(capture, salesperson):
    lead = capture(salesperson)
    lead_log_contact(lead=lead, by=salesperson, channel="phone", summary="联系", at=T)
    with pytest.raises(ValidationError, match="cannot be before 2026-03-02 10:00, when the lead was entered"):
        lead_qualify(lead=lead, by=salesperson, at=YEAR_ONE.replace(year=2020))
    assert Lead.objects.get(pk=lead.pk).state == LeadState.CONTACTED
    lead = measured(capture, salesperson)
    proposal = add_proposal(lead, salesperson)
    with pytest.raises(ValidationError, match="when the lead was entered"):
        proposal_deliver(proposal=proposal, by=salesperson, at=MONDAY - timedelta(days=30))
    proposal.refresh_from_db()
    assert proposal.delivered_at is None


def test_an_expected_start_outside_the_window_is_refused_by_the_form_and_the_service(client, salesperson):
    client.force_login(salesperson)
    data = {"name": "张先生", "phone": "13811112222", "channel": "walk_in", "expected_start": "0001-01-01"}
    response = client.post(reverse("leads:create"), data)
    assert response.status_code == 200 and "Expected start must be between" in response.content.decode()
    assert not Lead.objects.exists()
    with pytest.raises(ValidationError, match="Expected start must be between"):
        customer_create(by=salesperson, name="李女士", phone="13811113333", expected_start=date(9999, 12, 31))


def test_an_aged_expected_start_does_not_block_other_changes(salesperson):
    with time_machine.travel(datetime(2015, 6, 1, 10, tzinfo=SHANGHAI), tick=False):
        customer = customer_create(by=salesperson, owner=salesperson, name="老客户", phone="13811114444",
                                   expected_start=date(2015, 9, 1))  # fmt: skip
    customer = customer_update(customer=customer, by=salesperson, layout="三室两厅")  # 2015-09-01 is out of it now
    assert customer.layout == "三室两厅" and customer.expected_start == date(2015, 9, 1)
    with pytest.raises(ValidationError, match="Expected start must be between"):
        customer_update(customer=customer, by=salesperson, expected_start=date(2015, 10, 1))
