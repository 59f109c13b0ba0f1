from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from decocrm.accounts.choices import Role
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.selectors import clocks_for_subject
from leads.choices import LeadState
from leads.models import Appointment, Lead, MeasurementVisit
from leads.services import appointment_book, appointment_reschedule

from .design_helpers import PDF, PNG, VISIT, add_proposal, book_measurement, delivered, measured, qualified, upload

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def url(name, lead, *args):
    return reverse(f"leads:{name}", args=[lead.pk, *args])


def days_ahead(days):
    """A time typed into the page: appointments must fall within a year back and two years ahead of today."""
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def book_data(**extra):
    data = {"book-kind": "measurement", "book-scheduled_at": days_ahead(2), "book-place": "锦绣路100弄",
            "book-customer_attendees": "张先生"}  # fmt: skip
    data.update(extra)
    return data


def room_rows(*rows, prefix="measurement-rooms"):
    """The rooms as the page posts them (leads.forms.rooms): one row of inputs per room, and their count."""
    data = {f"{prefix}-count": str(len(rows))}
    for i, row in enumerate(rows):
        for column, value in zip(("name", "length", "width", "height", "note"), row, strict=False):
            data[f"{prefix}-{i}-{column}"] = value
    return data


def measurement_data(**extra):
    rooms = room_rows(("客厅", "5.2", "4.0", "2.8"), ("", "", "", "", ""), ("主卧", "4", "3.5", "", "飘窗"))
    data = {"measurement-held_at": "2026-03-04T10:00", "measurement-orientation": "坐北朝南", **rooms}
    data.update(extra)
    return data


def test_booking_with_htmx_returns_the_whole_live_part_and_moves_the_lead(client, capture, salesperson, colleague):
    lead = qualified(capture, salesperson)
    client.force_login(salesperson)
    response = client.post(url("appointment_book", lead), book_data(**{"book-attendees": [salesperson.pk]}), **HX)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="lead-live">')  # header, buttons, clocks, panel, timeline: all current
    assert 'data-state="measurement_scheduled"' in page.split('id="quick-actions"')[0]
    assert 'id="design-panel"' in page and "Appointment booked." in page and "锦绣路100弄" in page
    assert "<html" not in page  # a partial
    assert Lead.objects.get(pk=lead.pk).state == LeadState.MEASUREMENT_SCHEDULED
    appointment = Appointment.objects.get(lead=lead)
    assert list(appointment.attendees.all()) == [salesperson] and appointment.customer_attendees == "张先生"


def test_booking_without_js_redirects_with_a_message(client, capture, salesperson):
    lead = qualified(capture, salesperson)
    client.force_login(salesperson)
    response = client.post(url("appointment_book", lead), book_data())
    assert response.status_code == 302 and response["Location"] == lead.get_absolute_url()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Appointment booked."]


def test_invalid_input_rerenders_with_the_errors(client, capture, salesperson):
    lead = qualified(capture, salesperson)
    client.force_login(salesperson)
    response = client.post(url("appointment_book", lead), book_data(**{"book-place": ""}), **HX)
    assert response.status_code == 200 and "HX-Trigger" not in response
    page = response.content.decode()
    assert "is-invalid" in page and 'id="design-panel"' in page and '<details class="design-action mt-2" open' in page
    response = client.post(url("appointment_book", lead), book_data(**{"book-place": ""}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "<html" in page and "is-invalid" in page and "Book an appointment" in page
    assert not Appointment.objects.exists()


def test_a_refused_state_change_shows_the_rule(client, capture, salesperson):
    lead = capture(salesperson)  # new: a measurement cannot be booked yet
    client.force_login(salesperson)
    response = client.post(url("appointment_book", lead), book_data(), **HX)
    assert "cannot be booked while the lead is" in response.content.decode()
    response = client.post(url("appointment_book", lead), book_data())
    assert response.status_code == 400 and "cannot be booked" in response.content.decode()


def test_reconfirm_and_customer_reschedule_pause_the_clock(client, capture, salesperson):
    lead = qualified(capture, salesperson)
    appointment = book_measurement(lead, salesperson)
    client.force_login(salesperson)
    prefix = f"reconfirm-{appointment.pk}"
    response = client.post(url("appointment_reconfirm", lead, appointment.pk), {f"{prefix}-note": "电话确认"}, **HX)
    assert "Reconfirmed" in response.content.decode()
    prefix = f"reschedule-{appointment.pk}"
    data = {f"{prefix}-scheduled_at": days_ahead(4), f"{prefix}-cause": "customer", f"{prefix}-reason": "出差"}
    response = client.post(url("appointment_reschedule", lead, appointment.pk), data)
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.reconfirmed_at is None and appointment.reschedules.get().reason == "出差"
    # the measurement visit moved: its reconfirmation is due again for the new time; the design has not started
    assert clocks_for_subject(appointment).get(state=ClockState.RUNNING).anchor_at == appointment.scheduled_at
    assert not clocks_for_subject(lead).filter(kind=ClockKind.DESIGN_PROPOSAL).exists()


@time_machine.travel(VISIT + timedelta(hours=3), tick=False)
def test_record_measurement_multipart_and_confirm(client, capture, salesperson):
    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    client.force_login(salesperson)
    data = measurement_data(**{"measurement-floor_plan": upload("户型.pdf", PDF),
                               "measurement-photos": [upload("a.png", PNG), upload("b.png", PNG)]})  # fmt: skip
    response = client.post(url("measurement_record", lead), data, **HX)
    assert response.status_code == 200, response.content.decode()
    visit = MeasurementVisit.objects.get(lead=lead)
    assert [r.name for r in visit.rooms.all()] == ["客厅", "主卧"] and visit.rooms.last().note == "飘窗"
    assert visit.photos.count() == 2 and visit.floor_plan
    assert clocks_for_subject(lead).get(kind=ClockKind.MEASUREMENT_RESULTS).state == ClockState.RUNNING
    page = response.content.decode()
    assert "20.80" in page and url("design_file", lead, "plan", visit.pk) in page
    file_response = client.get(url("design_file", lead, "photo", visit.photos.first().pk))
    assert file_response.status_code == 200 and b"".join(file_response.streaming_content) == PNG
    response = client.post(url("measurement_confirm", lead), {"confirm-note": "业主微信确认"})
    assert response.status_code == 302
    assert clocks_for_subject(lead).get(kind=ClockKind.MEASUREMENT_RESULTS).state == ClockState.MET


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"measurement-floor_plan": upload("plan.exe", b"MZ\x90")}, "not an accepted file type"),
        ({"measurement-photos": [upload("a.png", PNG), upload("b.png", PDF)]}, "does not look like a .png"),
        ({"measurement-rooms": "客厅 五米 四米"}, "Line 1"),  # one room per line, as older clients post
        (room_rows(("客厅", "5.2", "4.0"), ("主卧", "四米", "3.5")), "Room 2"),
        (room_rows(("", "", "", "", "")), "at least one room"),
    ],
)
def test_bad_uploads_and_rooms_get_clear_errors_and_change_nothing(client, capture, salesperson, extra, message):
    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    client.force_login(salesperson)
    response = client.post(url("measurement_record", lead), measurement_data(**extra))
    assert response.status_code == 400 and message in response.content.decode()
    assert Lead.objects.get(pk=lead.pk).state == LeadState.MEASUREMENT_SCHEDULED
    assert not MeasurementVisit.objects.exists()


def test_oversized_upload_names_the_limit(client, capture, salesperson, settings):
    settings.LEADS_MAX_UPLOAD_MB = 1
    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    client.force_login(salesperson)
    big = upload("plan.pdf", PDF + b"x" * (1024 * 1024))
    response = client.post(url("measurement_record", lead), measurement_data(**{"measurement-floor_plan": big}), **HX)
    assert "files may be at most 1 MB" in response.content.decode()


def test_proposal_add_deliver_and_accept(client, capture, salesperson):
    lead = measured(capture, salesperson)
    client.force_login(salesperson)
    data = {"proposal-style": "现代简约", "proposal-quote_amount": "186000", "proposal-construction_days": "75",
            "proposal-material_list": "东鹏瓷砖", "proposal-renderings": [upload("r.png", PNG)]}  # fmt: skip
    response = client.post(url("proposal_add", lead), data, **HX)
    assert "¥186,000.00" in response.content.decode()
    proposal = lead.proposals.get()
    assert proposal.files.count() == 1
    client.post(url("proposal_deliver", lead, proposal.pk), **HX)
    lead.refresh_from_db()
    assert lead.state == LeadState.PROPOSAL_DELIVERED
    response = client.post(url("proposal_deliver", lead, proposal.pk), **HX)  # twice: refused, shown in the panel
    assert "already delivered" in response.content.decode()
    response = client.post(url("proposal_deliver", lead, proposal.pk))
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == ["Version 1 was already delivered."]
    response = client.post(url("proposal_respond", lead, proposal.pk), {f"response-{proposal.pk}-response": "accepted"})
    assert response.status_code == 302
    assert Lead.objects.get(pk=lead.pk).state == LeadState.PROPOSAL_ACCEPTED
    page = client.get(lead.get_absolute_url()).content.decode()
    # won means signed: the page offers the contract, not a "Mark won" button (contracts issue)
    assert "awaiting the contract" in page and 'id="action-won"' not in page and 'id="draft-contract"' in page


def test_another_salespersons_lead_is_a_404_everywhere(client, capture, salesperson, colleague):
    lead, proposal = delivered(capture, salesperson)
    appointment = appointment_book(lead=lead, by=salesperson, kind="proposal_review", scheduled_at=VISIT + timedelta(
        days=3), place="门店", at=VISIT + timedelta(days=1, hours=2))  # fmt: skip
    visit = MeasurementVisit.objects.get(lead=lead)
    client.force_login(colleague)
    posts = [url("appointment_book", lead), url("appointment_reconfirm", lead, appointment.pk),
             url("appointment_reschedule", lead, appointment.pk), url("appointment_held", lead, appointment.pk),
             url("measurement_record", lead), url("measurement_confirm", lead), url("proposal_add", lead),
             url("proposal_deliver", lead, proposal.pk), url("proposal_respond", lead, proposal.pk)]  # fmt: skip
    for target in posts:
        assert client.post(target, {}, **HX).status_code == 404, target
    assert client.get(url("design_panel", lead)).status_code == 404
    assert client.get(url("design_file", lead, "plan", visit.pk)).status_code == 404


def test_an_appointment_of_another_lead_is_a_404(client, capture, salesperson):
    mine = qualified(capture, salesperson)
    other = qualified(capture, salesperson)
    appointment = book_measurement(other, salesperson)
    client.force_login(salesperson)
    assert client.post(url("appointment_reconfirm", mine, appointment.pk), {}).status_code == 404


def test_get_is_not_allowed_on_actions(client, capture, salesperson):
    lead = qualified(capture, salesperson)
    client.force_login(salesperson)
    assert client.get(url("appointment_book", lead)).status_code == 405


def _fill(lead, by, n):
    for i in range(n):
        a = appointment_book(lead=lead, by=by, kind="consultation", scheduled_at=VISIT + timedelta(days=i + 1),
                             place=f"门店{i}", attendees=[by], at=VISIT)  # fmt: skip
        appointment_reschedule(appointment=a, by=by, scheduled_at=VISIT + timedelta(days=i + 2), cause="company",
                               reason="调整", at=VISIT)  # fmt: skip


def test_the_panel_runs_a_constant_number_of_queries(client, capture, salesperson):
    lead = measured(capture, salesperson)
    client.force_login(salesperson)
    counts = []
    for n in (1, 6):
        _fill(lead, salesperson, n)
        add_proposal(lead, salesperson, files=[upload("r.png", PNG)]) if not lead.proposals.exists() else None
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("design_panel", lead), **HX)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 16, counts


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """These tests read the English source of messages and errors; the catalogue is checked in test_i18n."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_the_measurement_form_has_rows_of_room_inputs(client, capture, salesperson):
    """Issue 9: on a phone, rooms are rows (name, length, width, height) to add and remove, not one strict line."""
    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    client.force_login(salesperson)
    page = client.get(lead.get_absolute_url()).content.decode()
    assert 'name="measurement-rooms-0-name"' in page and 'name="measurement-rooms-2-height"' in page
    assert 'name="measurement-rooms-count" value="3"' in page and "data-room-add" in page and "data-room-remove" in page
    assert 'name="measurement-rooms-__i__-length"' in page  # the template a new row is made from
    assert "room-rows.js" in page and '<textarea name="measurement-rooms"' not in page


def test_the_panels_folded_forms_come_when_their_card_is_opened(client, capture, salesperson, make_staff):
    """Issue 13: the lead page renders the panel's rarely used forms only when asked (?form=<key>): with htmx the
    fields alone, without JavaScript a page whose form posts where the card's would; an unknown key is a 404, and
    so is another salesperson's lead."""
    lead, proposal = delivered(capture, salesperson)
    client.force_login(salesperson)
    page = client.get(lead.get_absolute_url()).content.decode()
    key = f"response-{proposal.pk}"
    assert f'data-form="{key}"' in page and f'name="{key}-response"' not in page
    assert 'data-form="book"' in page and 'name="book-kind"' not in page
    fields = client.get(url("design_panel", lead), {"form": f"response:{proposal.pk}"}, **HX).content.decode()
    assert f'name="{key}-response"' in fields and "<form" not in fields and "<html" not in fields
    no_js = client.get(url("design_panel", lead), {"form": f"response:{proposal.pk}"}).content.decode()
    assert f'action="{url("proposal_respond", lead, proposal.pk)}"' in no_js and f'name="{key}-response"' in no_js
    for bad in ("nope", "response", "book:1", "response:x"):
        assert client.get(url("design_panel", lead), {"form": bad}).status_code == 404, bad
    client.force_login(make_staff(Role.SALES))
    assert client.get(url("design_panel", lead), {"form": "book"}, **HX).status_code == 404
