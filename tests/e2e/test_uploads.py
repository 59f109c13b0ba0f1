"""Browser test of the uploads on the design panel (phone, 390 px): a salesperson records the measurement, an HTML file
renamed .dxf is refused by name, the real drawing and a photo (with HTML appended) are taken; the photo shows in the
page as an image and the drawing comes back as a download."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from leads.choices import Channel
from leads.models import MeasurementVisit
from leads.services import appointment_book, lead_capture, lead_log_contact, lead_qualify
from tests.factories import TEST_PASSWORD
from tests.uploads import DXF, HOSTILE_HTML, PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _file(name, content, mime):
    return {"name": name, "mimeType": mime, "buffer": content}


def test_salesperson_uploads_the_floor_plan_and_photos(page, live_server, login, salesperson, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Entered two hours ago: the measurement typed below (half an hour ago) may not be older than the lead.
    entered = timezone.now() - timedelta(hours=2)
    lead = lead_capture(by=salesperson, channel=Channel.WALK_IN, name="吴女士", phone="13900139111", at=entered)
    lead_log_contact(lead=lead, by=salesperson, channel="phone", summary="约量房", at=entered + timedelta(minutes=5))
    lead_qualify(lead=lead, by=salesperson)
    appointment_book(lead=lead, by=salesperson, kind="measurement", place="滨江区江南大道 1 号",
                     scheduled_at=timezone.now() + timedelta(hours=1))  # fmt: skip
    login(salesperson, TEST_PASSWORD)
    page.goto(f"{live_server.url}/leads/{lead.pk}/")

    action = page.locator("details.design-action:has(#id_measurement-held_at)")

    def fill_measurement(floor_plan):
        if action.get_attribute("open") is None:  # a refused form comes back open, with its errors
            action.locator("> summary").click()
        held = timezone.localtime() - timedelta(minutes=30)
        page.fill("#id_measurement-held_at", held.strftime("%Y-%m-%dT%H:%M"))
        for column, value in (("name", "客厅"), ("length", "5.2"), ("width", "4.0"), ("height", "2.8")):
            page.fill(f"#id_measurement-rooms-0-{column}", value)
        page.set_input_files("#id_measurement-floor_plan", floor_plan)
        page.set_input_files("#id_measurement-photos", [_file("现场.png", PNG + HOSTILE_HTML, "image/png")])
        page.locator("form:has(#id_measurement-held_at) button[type=submit]").click()

    fill_measurement(_file("户型.dxf", b"0\n" + HOSTILE_HTML, "image/vnd.dxf"))
    expect(page.locator("form:has(#id_measurement-held_at)")).to_contain_text("“户型.dxf”")
    assert not MeasurementVisit.objects.exists()

    fill_measurement(_file("户型.dxf", DXF, "image/vnd.dxf"))
    expect(page.locator("#design-measurement")).to_contain_text("客厅")
    visit = MeasurementVisit.objects.get(lead=lead)
    thumbnail = page.locator("#design-measurement img.img-thumbnail")
    expect(thumbnail).to_have_count(1)
    page.wait_for_function("img => img.complete && img.naturalWidth === 16", arg=thumbnail.element_handle())
    with page.expect_download() as download:
        page.locator(f"a[href$='/files/plan/{visit.pk}/']").click()
    assert download.value.suggested_filename.endswith(".dxf")
    with open(download.value.path(), "rb") as saved:
        assert saved.read() == DXF
