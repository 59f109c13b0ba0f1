"""The measurement visit: recording it measures the lead and starts the results clock; confirming the results
stops it; bad input and files are refused."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.selectors import clocks_for_subject
from leads.choices import LeadState
from leads.models import MeasurementVisit
from leads.services import (
    LeadStateError,
    measurement_confirm,
    measurement_record,
)

from .design_helpers import (
    DWG,
    PNG,
    ROOMS,
    VISIT,
    book_measurement,
    clock,
    measured,
    qualified,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_recording_the_visit_measures_the_lead_and_starts_the_results_clock(capture, salesperson):
    lead = qualified(capture, salesperson)
    appointment = book_measurement(lead, salesperson)
    visit = measurement_record(
        lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS, doors_windows="南向落地窗 2.4×2.1",
        beams_columns="客厅横梁 下沉 40cm", orientation="坐北朝南", floor_plan=upload("原始户型.pdf"),
        photos=[upload("a.png", PNG, "image/png"), upload("b.png", PNG, "image/png")], at=VISIT + timedelta(hours=2),
    )  # fmt: skip
    lead.refresh_from_db()
    assert lead.state == LeadState.MEASURED and visit.appointment == appointment
    assert [(r.name, r.area_m2) for r in visit.rooms.all()] == [("客厅", Decimal("20.80")), ("主卧", Decimal("14.00"))]
    assert visit.photos.count() == 2 and visit.floor_plan.name.endswith(".pdf")
    assert visit.floor_plan.name.startswith(f"leads/{lead.pk}/measurement/")
    results = clock(lead, ClockKind.MEASUREMENT_RESULTS)
    assert (results.state, results.started_at, results.owner) == (ClockState.RUNNING, VISIT, salesperson)
    assert results.due_at.date().isoformat() == "2026-03-09"  # Wed + 3 working days
    assert lead.next_due_at == min(results.due_at, clock(lead, ClockKind.DESIGN_PROPOSAL).due_at)
    assert lead.transitions.last().to_state == LeadState.MEASURED


def test_confirming_the_results_stops_the_clock_once(capture, salesperson):
    lead = measured(capture, salesperson)
    visit = measurement_confirm(lead=lead, by=salesperson, note="张先生微信确认户型图", at=VISIT + timedelta(days=1))
    assert (visit.confirmed_by, visit.confirmation_note) == (salesperson, "张先生微信确认户型图")
    assert clock(lead, ClockKind.MEASUREMENT_RESULTS).state == ClockState.MET
    with pytest.raises(LeadStateError, match="already confirmed"):
        measurement_confirm(lead=lead, by=salesperson, note="again")
    with pytest.raises(ValidationError):
        measurement_confirm(lead=qualified(capture, salesperson), by=salesperson, note=" ")


def test_confirming_late_is_met_late_and_without_a_visit_is_refused(capture, salesperson):
    lead = measured(capture, salesperson)
    due = clock(lead, ClockKind.MEASUREMENT_RESULTS).due_at
    measurement_confirm(lead=lead, by=salesperson, note="确认", at=due + timedelta(hours=1))
    assert clock(lead, ClockKind.MEASUREMENT_RESULTS).state == ClockState.MET_LATE
    with pytest.raises(LeadStateError, match="no measurement visit"):
        measurement_confirm(lead=qualified(capture, salesperson), by=salesperson, note="确认")


def test_measurement_is_refused_before_booking_and_twice(capture, salesperson):
    lead = qualified(capture, salesperson)
    with pytest.raises(LeadStateError, match="measurement visit booked"):
        measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS)
    book_measurement(lead, salesperson)
    measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS)
    with pytest.raises(LeadStateError):
        measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS)
    assert MeasurementVisit.objects.filter(lead=lead).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"rooms": []}, "at least one room"),
        ({"rooms": [{"name": "厨房", "length_m": Decimal("0"), "width_m": Decimal("2")}]}, "Room 1"),
        ({"floor_plan": upload("plan.exe", b"MZ\x90\x00")}, "not an accepted file type"),
        ({"floor_plan": upload("plan.pdf", PNG)}, "does not look like"),
        ({"photos": [upload("site.pdf")]}, "not an accepted file type"),
    ],
)
def test_bad_measurement_input_changes_nothing(capture, salesperson, kwargs, match):
    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    kwargs.setdefault("rooms", ROOMS)
    with pytest.raises(ValidationError, match=match):
        measurement_record(lead=lead, by=salesperson, held_at=VISIT, **kwargs)
    lead.refresh_from_db()
    assert lead.state == LeadState.MEASUREMENT_SCHEDULED and not MeasurementVisit.objects.filter(lead=lead).exists()
    assert not clocks_for_subject(lead).filter(kind=ClockKind.MEASUREMENT_RESULTS).exists()


def test_uploads_over_the_size_limit_are_refused_with_the_limit(capture, salesperson, settings):
    settings.LEADS_MAX_UPLOAD_MB = 1
    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    big = upload("plan.dwg", DWG + b"\x00" * (1024 * 1024))
    with pytest.raises(ValidationError, match="at most 1 MB"):
        measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS, floor_plan=big)
    visit = measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS, floor_plan=upload("p.dwg", DWG))
    assert visit.floor_plan.name.endswith(".dwg")


def test_a_visit_cannot_be_recorded_in_the_future(capture, salesperson):
    from django.utils import timezone

    lead = qualified(capture, salesperson)
    book_measurement(lead, salesperson)
    with pytest.raises(ValidationError, match="Measured at cannot be in the future"):
        measurement_record(lead=lead, by=salesperson, held_at=timezone.now() + timedelta(days=1), rooms=ROOMS)
