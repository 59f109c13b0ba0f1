"""decocrm.core.dates: the sane windows every typed date is checked against (issue 7, defect 2)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from decocrm.core.dates import (
    APPOINTMENT,
    FILTER_DATE,
    PLAN_DATE,
    DateWindowsFormMixin,
    WindowedDateField,
    WindowedDateTimeField,
    check_happened,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)
YEAR_ONE = datetime(1, 1, 1, 0, 0, tzinfo=SHANGHAI)  # a BC timestamp once converted to UTC


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_an_appointment_is_from_a_year_back_to_two_years_ahead():
    assert APPOINTMENT.error(NOW + timedelta(days=700), now=NOW) is None
    assert APPOINTMENT.error(NOW - timedelta(days=300), now=NOW) is None
    message = APPOINTMENT.error(YEAR_ONE, label="Time", now=NOW)
    assert message == "Time must be between 2025-12-01 10:00 and 2028-12-01 10:00."
    assert APPOINTMENT.error(datetime(9999, 12, 31, 23, 59, tzinfo=SHANGHAI), now=NOW)
    assert APPOINTMENT.error(datetime(2025, 1, 1), now=NOW)  # naive: read as local time, not a TypeError


def test_the_service_check_raises_under_the_field():
    with pytest.raises(ValidationError) as caught:
        APPOINTMENT.check(YEAR_ONE, field="scheduled_at", label="Time", now=NOW)
    assert list(caught.value.message_dict) == ["scheduled_at"]
    APPOINTMENT.check(None, field="scheduled_at", now=NOW)  # nothing typed: nothing to check


def test_dates_are_checked_by_their_day():
    today = NOW.date()
    assert FILTER_DATE.error(date(2000, 1, 1), now=NOW) is None
    assert FILTER_DATE.error(date(1999, 12, 31), now=NOW)
    assert FILTER_DATE.error(date(9999, 12, 31), label="Entered to", now=NOW).startswith("Entered to must be")
    assert PLAN_DATE.error(today.replace(year=2036), now=NOW) is None
    assert PLAN_DATE.error(date(1, 1, 1), now=NOW)


def test_an_event_is_not_in_the_future_nor_before_what_it_belongs_to():
    entered = NOW - timedelta(days=3)
    check_happened(NOW + timedelta(minutes=9), field="at", now=NOW)  # clock skew
    with pytest.raises(ValidationError, match="Contact time cannot be in the future"):
        check_happened(NOW + timedelta(hours=1), field="at", label="Contact time", now=NOW)
    with pytest.raises(ValidationError, match="cannot be before 2026-11-28 10:00, when the lead was entered"):
        check_happened(
            entered - timedelta(hours=1), field="at", not_before=entered, since="the lead was entered", now=NOW
        )
    with pytest.raises(ValidationError, match="cannot be before 2000-01-01"):
        check_happened(YEAR_ONE, field="at", now=NOW)
    check_happened(entered - timedelta(seconds=30), field="at", not_before=entered, now=NOW)  # typed to the minute


class _BookForm(forms.Form):
    when = WindowedDateTimeField(label="Time", window=APPOINTMENT)
    held = WindowedDateTimeField(label="Held at", happened=True, required=False)
    start = WindowedDateField(label="Start", window=PLAN_DATE, required=False)


@time_machine.travel(NOW, tick=False)
def test_form_fields_name_themselves_in_the_error():
    form = _BookForm({"when": "0001-01-01T00:00", "held": "2026-12-02T10:00", "start": "9999-12-31"})
    assert not form.is_valid()
    assert form.errors["when"] == ["Time must be between 2025-12-01 10:00 and 2028-12-01 10:00."]
    assert form.errors["held"] == ["Held at cannot be in the future."]
    assert form.errors["start"][0].startswith("Start must be between")
    assert _BookForm({"when": "2026-12-24T10:00", "held": "2026-12-01T09:00", "start": "2027-03-01"}).is_valid()


def test_a_field_needs_a_window_or_happened():
    with pytest.raises(TypeError):
        WindowedDateField(label="x")


class _EditForm(DateWindowsFormMixin, forms.Form):
    date_windows = {"start": PLAN_DATE}
    start = forms.DateField(label="Start")
    note = forms.CharField(required=False)


def test_an_edit_form_checks_a_date_only_when_it_changes():
    aged = {"start": date(2001, 1, 1)}  # out of the window today, typed when it was sane
    assert _EditForm({"start": "2001-01-01", "note": "x"}, initial=aged).is_valid()
    assert not _EditForm({"start": "2001-01-01"}).is_valid()  # a new record: checked
    changed = _EditForm({"start": "2002-01-01"}, initial=aged)
    assert not changed.is_valid() and changed.errors["start"][0].startswith("Start must be between")
